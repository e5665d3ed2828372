import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { Client } from 'pg';
import { inject } from 'vitest';

import { migrations } from '../../migrations';
import { meldingInvoer } from './fabriek';
import { createApi, type Api, type Lagen } from '../../src/app';
import { signDevToken, type DevTokenOptions } from '../../src/auth/dev-issuer';
import type { Rol } from '../../src/auth/rollen';
import { FixedClock } from '../../src/lib/clock';
import { loadConfig, type AdresOpzoeker, type Config } from '../../src/lib/config';
import { ensureDatabase, initOrm, ormOptions, withDatabase } from '../../src/lib/database';
import { createLogger, type Logger } from '../../src/lib/logger';
import { verbindWachtrij, type WachtrijVerbinding } from '../../src/lib/queue';
import { entities } from '../../src/modules';
import { synchroniseerVtRegios } from '../../src/organisaties/vt-regios';

/** The default "now" of the tests: a Tuesday morning. Tests move it explicitly. */
export const TEST_NU = new Date('2026-03-10T09:00:00Z');

export interface GqlAntwoord<T = Record<string, unknown>> {
  status: number;
  body: { data?: T | null; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] };
  headers: Headers;
}

export interface TestApp {
  url: string;
  /** The name of this app's database and its data folder (for `deelt`). */
  dbNaam: string;
  dataDir: string;
  orm: MikroORM;
  config: Config;
  clock: FixedClock;
  api: Api;
  /** This test file's database as the superuser (tamper tests, scripts that need the owner). */
  dbUrl: string;
  /** The same database as the login role the app uses: owns nothing, may only append to the audit tables. */
  appDbUrl: string;
  queueDbUrl: string;
  wachtrij: WachtrijVerbinding;
  /** A SQL client on this test file's own database (superuser: can bypass triggers for tamper tests). */
  sql(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  token(rol: Rol, organisatie: string, opts?: Partial<DevTokenOptions>): Promise<string>;
  gql<T = Record<string, unknown>>(
    token: string | undefined,
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlAntwoord<T>>;
  /** Registers a partner organisation (the organisation register is data, not configuration). */
  partner(code: string, soort: string, regio?: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the real API on a database of this test file's own (cloned from the migrated template),
 * listening on a random port; requests go over HTTP like any client's.
 */
export async function startTestApp(
  opts: {
    env?: Record<string, string>;
    lagen?: Lagen;
    nu?: Date;
    /** A stand-in for DNS (webhook address checks), as the clock is a stand-in for time. */
    webhookOpzoeker?: AdresOpzoeker;
    /** Alters the loaded configuration (to test defence in depth). */
    config?: (c: Config) => Config;
    /** The API's logger (to assert what is logged). */
    log?: Logger;
    /** Run on the database (and development issuer) of another test app: two configurations side by side. */
    deelt?: TestApp;
    /** When the roles' schemas are built (src/rolschemas.ts): before the app serves (default) or on demand. */
    rolschemas?: 'direct' | 'achteraf';
  } = {},
): Promise<TestApp> {
  const server = inject('pgServerUrl');
  const naam = opts.deelt?.dbNaam ?? `kp_test_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  if (!opts.deelt) {
    await ensureDatabase(server, naam, inject('templateDb'));
    await ensureDatabase(server, `${naam}_q`);
  }
  const dbUrl = withDatabase(server, naam);
  const appDbUrl = withDatabase(inject('pgLoginUrl'), naam);
  const queueDbUrl = withDatabase(server, `${naam}_q`);
  const dataDir = opts.deelt?.dataDir ?? mkdtempSync(join(tmpdir(), 'ketenpoort-test-'));
  // The development issuer is enabled explicitly (never in production, where setting it is a ConfigError).
  const ontwikkel = opts.env?.NODE_ENV === 'production' ? {} : { ONTWIKKEL_ISSUER: 'true' };
  const geladen = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    AUDIT_CHECKPOINT_SLEUTEL: join(dataDir, 'audit-checkpoint-sleutel.pem'),
    // Tests make many requests from one address: rate limits off unless a test sets them (test/misbruik).
    VERZOEKLIMIET_TOKEN_PER_MINUUT: '0',
    VERZOEKLIMIET_ADRES_PER_MINUUT: '0',
    VERZOEKLIMIET_KOSTEN_PER_MINUUT: '0',
    ...ontwikkel,
    ...opts.env,
  });
  const metDns: Config = opts.webhookOpzoeker
    ? { ...geladen, webhooks: { ...geladen.webhooks, opzoeker: opts.webhookOpzoeker } }
    : geladen;
  const config = opts.config ? opts.config(metDns) : metDns;
  const log = opts.log ?? createLogger(config.logLevel, 'test');
  const clock = new FixedClock(opts.nu ?? TEST_NU);
  const orm = await initOrm(ormOptions(appDbUrl, entities as never, migrations));
  await synchroniseerVtRegios(orm.em.fork());
  const wachtrij = verbindWachtrij({
    redisUrl: inject('redisUrl'),
    queueDatabaseUrl: queueDbUrl,
    prefix: `t${naam.slice(-8)}`,
  });
  const queue: Queue = wachtrij.maakQueue('audit');
  const api = await createApi({
    config,
    orm,
    log,
    clock,
    wachtrij: queue,
    lagen: opts.lagen,
    rolschemas: opts.rolschemas,
  });
  const http: Server = await new Promise((resolve) => {
    const s = api.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  const pg = new Client({ connectionString: dbUrl });
  await pg.connect();

  /*
   * The role MELDER has no token: its "token" is the header value of an access VT issued, through the front door (a
   * melding registered by VT, then melderToegangUitgeven). One per organisation and `sub` (another sub: another
   * melder), per test app.
   */
  const melderToegangen = new Map<string, Promise<string>>();
  const melderToegang = (organisatie: string, sub = ''): Promise<string> => {
    let t = melderToegangen.get(`${organisatie}|${sub}`);
    if (!t) {
      t = maakMelderToegang(url, () =>
        signDevToken(dataDir, {
          rol: 'VT_MEDEWERKER',
          organisatie,
          audience: config.oidcAudience,
          nu: clock.now(),
          sub: 'test-melderstoegang',
        }),
      );
      melderToegangen.set(`${organisatie}|${sub}`, t);
    }
    return t;
  };

  return {
    url,
    dbNaam: naam,
    dataDir,
    orm,
    config,
    clock,
    api,
    dbUrl,
    appDbUrl,
    queueDbUrl,
    wachtrij,
    sql: async (text, params) => (await pg.query<Record<string, unknown>>(text, params as unknown[])).rows,
    token: (rol, organisatie, o) =>
      rol === 'MELDER'
        ? melderToegang(organisatie, o?.sub)
        : signDevToken(dataDir, { rol, organisatie, audience: config.oidcAudience, nu: clock.now(), ...o }),
    gql: async (token, query, variables, headers) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // A melder's access (`Melder <geheim>`) is sent as it is; anything else is a bearer token.
          ...(token ? { authorization: /\s/.test(token) ? token : `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as GqlAntwoord['body'], headers: res.headers } as never;
    },
    partner: async (code, soort, regio = 'VT14') => {
      await pg.query(
        `insert into organisatie (code, naam, soort, regio_codes) values ($1, $2, $3, $4) on conflict do nothing`,
        [code, `Testorganisatie ${code}`, soort, [regio]],
      );
    },
    stop: async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await api.stop();
      await queue.close();
      await wachtrij.sluit();
      await pg.end();
      await orm.close();
    },
  };
}

/** Registers a melding as VT and issues a melder access for it; returns the Authorization header value. */
async function maakMelderToegang(url: string, vtToken: () => Promise<string>): Promise<string> {
  const token = await vtToken();
  const post = async (
    query: string,
    variables: Record<string, unknown>,
  ): Promise<Record<string, Record<string, string>>> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, Record<string, string>>; errors?: unknown };
    if (!body.data) throw new Error(`melderstoegang voor de test: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const m = await post(`mutation ($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { id } }`, {
    invoer: meldingInvoer(),
  });
  const t = await post(`mutation ($id: ID!) { melderToegangUitgeven(meldingId: $id) { geheim } }`, {
    id: m.meldingRegistreren.id,
  });
  return `Melder ${t.melderToegangUitgeven.geheim}`;
}
