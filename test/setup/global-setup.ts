import 'reflect-metadata';

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { TestProject } from 'vitest/node';

import { migrations } from '../../migrations';
import { ensureDatabase, initOrm, ormOptions, startEmbeddedPostgres, withDatabase } from '../../src/lib/database';
import { metGebruiker, ONTWIKKEL_LOGIN_ROL, zorgVoorLoginRol } from '../../src/lib/database-rollen';
import { createLogger } from '../../src/lib/logger';
import { entities } from '../../src/modules';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    templateDb: string;
    runId: string;
    redisUrl: string | undefined;
    /** The server as the login role of API and worker (owns nothing; member of ketenpoort_dienst). */
    pgLoginUrl: string;
  }
}

const LOGIN_WACHTWOORD = 'ketenpoort-lokaal';

function poortOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.setTimeout(500);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(false));
    s.connect(port, host);
  });
}

async function vrijePoort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Finds PostgreSQL (DATABASE_URL, else a server on 127.0.0.1:5432, else an embedded one) and Redis
 * (REDIS_URL, else 127.0.0.1:6379, else none: BullMQ then runs on PostgreSQL), and migrates one
 * template database that every test file clones into a database of its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Tests that start dist/... (processes, scripts) run the current code: build when a source is newer (fast when not).
  (
    createRequire(__filename)('../../scripts/dist-actueel.cjs') as { zorgVoorActueleDist(): string }
  ).zorgVoorActueleDist();
  const log = createLogger('silent', 'test');
  const runId = `${Date.now().toString(36)}${process.pid}`;
  let serverUrl: string;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let embeddedDir: string | undefined;
  if (process.env.DATABASE_URL) {
    serverUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else if (await poortOpen('127.0.0.1', 5432)) {
    serverUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
  } else {
    embeddedDir = mkdtempSync(join(tmpdir(), 'ketenpoort-test-pg-'));
    // PostgreSQL runs as the OS user postgres when we are root; it must be able to enter this directory.
    chmodSync(embeddedDir, 0o755);
    const pg = await startEmbeddedPostgres(join(embeddedDir, 'data'), await vrijePoort(), log);
    serverUrl = pg.url;
    stopEmbedded = () => pg.stop();
  }
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl && (await poortOpen('127.0.0.1', 6379))) redisUrl = 'redis://127.0.0.1:6379';

  const templateDb = `kp_test_${runId}_tpl`;
  await ensureDatabase(serverUrl, templateDb);
  const orm = await initOrm(ormOptions(withDatabase(serverUrl, templateDb), entities as never, migrations));
  await orm.getMigrator().up();
  await orm.close();
  // The app connects as a role that owns nothing, like in production (migration 23, src/lib/database-rollen.ts).
  await zorgVoorLoginRol(serverUrl, ONTWIKKEL_LOGIN_ROL, LOGIN_WACHTWOORD);

  project.provide('pgServerUrl', serverUrl);
  project.provide('templateDb', templateDb);
  project.provide('runId', runId);
  project.provide('redisUrl', redisUrl);
  project.provide('pgLoginUrl', metGebruiker(serverUrl, ONTWIKKEL_LOGIN_ROL, LOGIN_WACHTWOORD));
  process.stdout.write(
    `test-infrastructuur: PostgreSQL ${stopEmbedded ? 'embedded' : new URL(serverUrl).host}, wachtrij ${redisUrl ? 'Redis' : 'PostgreSQL-backend'}\n`,
  );

  return async () => {
    const c = new Client({ connectionString: serverUrl });
    await c.connect();
    const { rows } = await c.query<{ datname: string }>('select datname from pg_database where datname like $1', [
      `kp_test_${runId}%`,
    ]);
    for (const r of rows) {
      await c.query(`drop database if exists ${r.datname} with (force)`);
    }
    await c.end();
    if (stopEmbedded) await stopEmbedded();
    if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
  };
}
