/**
 * What the benchmarks share: a PostgreSQL to run on (DATABASE_URL, else 127.0.0.1:5432, else an embedded one),
 * fresh databases that are dropped afterwards, the production configuration with the development keys as a
 * JWKS issuer, and writing the raw results.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { devJwks, signDevToken, type DevTokenOptions } from '../src/auth/dev-issuer';
import { loadConfig, type Config } from '../src/lib/config';
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from '../src/lib/database';
import { createLogger } from '../src/lib/logger';

export const getal = (naam: string, standaard: number): number => Number(process.env[naam] ?? standaard);

export function poortOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.setTimeout(500);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('timeout', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(false));
    s.connect(port, '127.0.0.1');
  });
}

export interface BenchDatabase {
  /** Where PostgreSQL came from, for the report. */
  herkomst: string;
  dbUrl: string;
  queueUrl: string;
  dataDir: string;
  opruimen(): Promise<void>;
}

/** Creates an application and a queue database of their own on the PostgreSQL found. */
export async function benchDatabase(naam: string): Promise<BenchDatabase> {
  let server: string;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (process.env.DATABASE_URL) server = withDatabase(process.env.DATABASE_URL, 'postgres');
  else if (await poortOpen(5432)) server = 'postgres://postgres@127.0.0.1:5432/postgres';
  else {
    const dir = mkdtempSync(join(tmpdir(), 'ketenpoort-bench-pg-'));
    const pg = await startEmbeddedPostgres(join(dir, 'data'), 54399, createLogger('warn', 'bench'));
    server = pg.url;
    stopEmbedded = () => pg.stop();
  }
  const db = `ketenpoort_bench_${naam}_${Date.now().toString(36)}`;
  await ensureDatabase(server, db);
  await ensureDatabase(server, `${db}_q`);
  return {
    herkomst: stopEmbedded ? 'embedded' : new URL(server).host,
    dbUrl: withDatabase(server, db),
    queueUrl: withDatabase(server, `${db}_q`),
    dataDir: mkdtempSync(join(tmpdir(), 'ketenpoort-bench-')),
    opruimen: async () => {
      const c = new Client({ connectionString: server });
      await c.connect();
      await c.query(`drop database if exists ${db} with (force)`);
      await c.query(`drop database if exists ${db}_q with (force)`);
      await c.end();
      if (stopEmbedded) await stopEmbedded();
    },
  };
}

/**
 * The production configuration (query limits, no introspection; rate limits off); tokens come from benchToken's
 * registered issuer.
 */
export async function productieConfig(
  dbUrl: string,
  dataDir: string,
  extra: Record<string, string> = {},
): Promise<Config> {
  return loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    WEBHOOK_GEHEIM_SLEUTEL: randomBytes(32).toString('base64'),
    VT_REGISTER_SLEUTEL: randomBytes(32).toString('base64'),
    // Required in production since the audit anchor; the API never reads it (the worker signs checkpoints).
    AUDIT_CHECKPOINT_SLEUTEL: join(dataDir, 'audit-checkpoint-sleutel.pem'),
    // Rate limits off: the benches measure the server, from one address with one token (bench/misbruik.ts sets them).
    VERZOEKLIMIET_TOKEN_PER_MINUUT: '0',
    VERZOEKLIMIET_ADRES_PER_MINUUT: '0',
    VERZOEKLIMIET_KOSTEN_PER_MINUUT: '0',
    // The read path under test (LEESPAD=entiteiten: the reference path), as the environment of the bench sets it.
    ...(process.env.LEESPAD ? { LEESPAD: process.env.LEESPAD } : {}),
    ...extra,
  });
}

/** The issuer the benchmarks register: the development key under an ordinary name, as production would see it. */
export const BENCH_ISSUER = 'urn:ketenpoort:bench-issuer';

/**
 * A token for a benchmark in production mode: registers BENCH_ISSUER (inline JWKS: the development key) and binds it
 * to the token's organisation and role, as onboarding would, then signs under that issuer name.
 */
export async function benchToken(db: { dbUrl: string; dataDir: string }, opts: DevTokenOptions): Promise<string> {
  const c = new Client({ connectionString: db.dbUrl });
  await c.connect();
  try {
    await c.query(
      `insert into issuer (issuer, naam, jwks, aangemaakt_op) values ($1, 'Benchmark', $2, now()) on conflict (issuer) do nothing`,
      [BENCH_ISSUER, JSON.stringify(await devJwks(db.dataDir))],
    );
    await c.query(
      `insert into issuer_binding (issuer, organisatie, extern_id, rollen, aangemaakt_op) values ($1, $2, $2, array[$3], now())
       on conflict (issuer, organisatie) do update set rollen = array(select distinct unnest(issuer_binding.rollen || excluded.rollen))`,
      [BENCH_ISSUER, opts.organisatie, opts.rol],
    );
  } finally {
    await c.end();
  }
  return signDevToken(db.dataDir, { ...opts, issuer: BENCH_ISSUER });
}

/** Writes a run's raw figures to bench/results/<naam>-<timestamp>.json and returns the path. */
export function schrijfResultaten(naam: string, inhoud: Record<string, unknown>): string {
  const map = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(map, { recursive: true });
  const uit = join(map, `${naam}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(uit, JSON.stringify({ datum: new Date().toISOString(), node: process.version, ...inhoud }, null, 2));
  return uit;
}

/** What the benchmarks read of an autocannon result (autocannon ships no types). */
export interface AutocannonResultaat {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResultaat>;

/** Fixed-concurrency load (BENCH_CONNECTIONS, default 10) of one GraphQL query on a server for `seconden`. */
export function belast(poort: number, token: string, query: string, seconden: number): Promise<AutocannonResultaat> {
  return autocannon({
    url: `http://127.0.0.1:${poort}/graphql`,
    method: 'POST',
    connections: getal('BENCH_CONNECTIONS', 10),
    duration: seconden,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
}

export function mediaan(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The rest of the country beside the bench's one region: `kopieen` copies of that region's casussen, meldingen,
 * melders, betrokkenen and persons in each of the other 25 VT regions (under another behandelaar), then ANALYZE.
 *
 * Why: a database of 200 meldingen is not one PostgreSQL plans like a real one. Its tables are a few pages, so the
 * planner reads `persoon` whole for every melding (a hash join with the row-level-security check on each of its rows)
 * where a database with the country's data looks up three persons by key; and this machine's PostgreSQL runs without
 * autovacuum, so without ANALYZE the tables have no statistics at all. With two copies (10.000 meldingen, 30.000
 * persons; about a month of the country's meldingen) the page of 20 is read through the indexes, as in production.
 * Every variant reads the same database, and no row of another region is visible to any of them (row-level security;
 * the bench's region is a `where` for the plain variants), so the pages stay the same. `BENCH_ACHTERGROND=0`: only
 * ANALYZE, the small database of before.
 */
export async function achtergrondRegios(dbUrl: string, regio: string, kopieen: number): Promise<void> {
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  try {
    if (kopieen > 0) {
      await c.query('begin');
      await c.query(
        `create temp table r_ on commit drop as
           select o.code, g from organisatie o, generate_series(1, $2::int) g where o.soort = 'VEILIG_THUIS' and o.code <> $1`,
        [regio, kopieen],
      );
      for (const [kaart, tabel, kolom] of [
        ['cmap', 'casus', 'id'],
        ['mmap', 'melding', 'id'],
        ['pmap', 'persoon', 'id'],
      ]) {
        await c.query(
          `create temp table ${kaart} on commit drop as
             select t.${kolom} as oud, r_.code, r_.g, gen_random_uuid() as nieuw from ${tabel} t, r_ where t.vt_organisatie = $1`,
          [regio],
        );
        await c.query(`create index on ${kaart} (oud, code, g)`);
      }
      const kopie = (tabel: string, alias: string, extra: string, van: string): Promise<unknown> =>
        c.query(
          `insert into ${tabel} select (jsonb_populate_record(null::${tabel}, to_jsonb(${alias}) || jsonb_build_object(${extra}))).* ${van}`,
        );
      await kopie(
        'casus',
        't',
        `'id', k.nieuw, 'vt_organisatie', k.code, 'verantwoordelijke', 'achtergrond'`,
        'from casus t join cmap k on k.oud = t.id',
      );
      await kopie(
        'persoon',
        't',
        `'id', k.nieuw, 'vt_organisatie', k.code`,
        'from persoon t join pmap k on k.oud = t.id',
      );
      await kopie(
        'melding',
        't',
        `'id', k.nieuw, 'vt_organisatie', k.code, 'casus_id', cm.nieuw`,
        'from melding t join mmap k on k.oud = t.id join cmap cm on cm.oud = t.casus_id and cm.code = k.code and cm.g = k.g',
      );
      await kopie(
        'melder',
        't',
        `'melding_id', k.nieuw, 'vt_organisatie', k.code`,
        'from melder t join mmap k on k.oud = t.melding_id',
      );
      await kopie(
        'betrokkene',
        't',
        `'id', gen_random_uuid(), 'vt_organisatie', k.code, 'melding_id', k.nieuw, 'persoon_id', p.nieuw`,
        'from betrokkene t join mmap k on k.oud = t.melding_id join pmap p on p.oud = t.persoon_id and p.code = k.code and p.g = k.g',
      );
      await c.query('commit');
    }
    await c.query('analyze');
  } finally {
    await c.end();
  }
}
