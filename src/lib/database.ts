import { resolve } from 'node:path';
import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { Client } from 'pg';

import type { Config } from './config';
import { IdempotentieBinder } from './idempotentie';
import { metGebruiker, ONTWIKKEL_LOGIN_ROL, zorgVoorLoginRol } from './database-rollen';
import { startEmbeddedPostgres } from './embedded-postgres';
import type { Logger } from './logger';
import { controleerDatabase, StartFout } from './startfout';

export { startEmbeddedPostgres };

/** Where the application and queue databases live, and how to stop what was started for them. */
export interface DatabaseLocation {
  /** The login role of the API and worker (owns nothing). */
  appUrl: string;
  /** The owner role that runs migrations, where known (DATABASE_OWNER_URL, or the embedded server's superuser). */
  eigenaarUrl?: string;
  queueUrl: string;
  embedded: boolean;
  /** The embedded cluster was new and copied from the template (src/lib/pg-sjabloon.ts). */
  uitSjabloon?: boolean;
  stop(): Promise<void>;
}

/** Derives a sibling database URL (same server, other database name). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates a database if it does not exist yet (needs CREATEDB on the server). */
export async function ensureDatabase(serverUrl: string, database: string, template?: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) {
    throw new Error(`Unsafe database name: ${database}`);
  }
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) {
      await client.query(`create database ${database}${template ? ` template ${template}` : ''}`);
    }
  } catch (e) {
    // Two processes may race to create it; losing that race is fine.
    if ((e as { code?: string }).code !== '42P04') throw e;
  } finally {
    await client.end();
  }
}

/** Drops databases (connections and all): an embedded database whose first fill was interrupted starts over. */
async function verwijderDatabases(serverUrl: string, databases: string[]): Promise<void> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    for (const db of databases) await client.query(`drop database if exists ${db} with (force)`);
  } finally {
    await client.end();
  }
}

/**
 * Makes sure the queue database exists and belongs to `eigenaar` (BullMQ's backend creates its tables there). One left
 * by an earlier start under another owner is recreated: the queue never holds the only copy of anything (the worker
 * re-adds schedules and the reconciler the termijn jobs).
 */
async function zorgVoorWachtrijDatabase(
  serverUrl: string,
  database: string,
  eigenaar: string,
  log: Logger,
): Promise<void> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ eigenaar: string }>(
      'select pg_get_userbyid(datdba) as eigenaar from pg_database where datname = $1',
      [database],
    );
    if (rows[0]?.eigenaar === eigenaar) return;
    if (rows[0]) {
      log.info(
        { database, was: rows[0].eigenaar, wordt: eigenaar },
        'wachtrijdatabase opnieuw aangemaakt voor de loginrol',
      );
      await client.query(`drop database ${database} with (force)`);
    }
    await client.query(`create database ${database} owner ${eigenaar}`);
  } finally {
    await client.end();
  }
}

/**
 * Resolves the databases to use. With DATABASE_URL set, those servers are used as they are, after one connection to
 * each that names a wrong address, login or missing database (StartFout). A missing application database is created
 * by the migrations outside production only; a missing queue database is reported (with `wachtrij`, the default: API
 * and worker; `npm run db:migrate` does not use the queue). Without DATABASE_URL (development only), an embedded
 * PostgreSQL from npm is started in DATA_DIR (a new one copied from `sjabloon`, the data folder of a cluster template,
 * when given); with `leeg` its databases are dropped and made anew.
 */
export async function provideDatabase(
  config: Config,
  log: Logger,
  opts: { wachtrij?: boolean; leeg?: boolean; sjabloon?: string } = {},
): Promise<DatabaseLocation> {
  if (config.databaseUrl) {
    const name = new URL(config.databaseUrl).pathname.slice(1) || 'ketenpoort';
    const queueUrl = config.queueDatabaseUrl ?? withDatabase(config.databaseUrl, `${name}_wachtrij`);
    const ontbrekendMag = !config.isProduction;
    await controleerDatabase(config.databaseUrl, 'DATABASE_URL', { ontbrekendMag });
    if (config.databaseOwnerUrl) {
      await controleerDatabase(config.databaseOwnerUrl, 'DATABASE_OWNER_URL', { ontbrekendMag });
    }
    if ((opts.wachtrij ?? true) && !config.redisUrl) {
      const instelling = config.queueDatabaseUrl
        ? 'QUEUE_DATABASE_URL'
        : `QUEUE_DATABASE_URL, standaard ${name}_wachtrij`;
      await controleerDatabase(queueUrl, instelling, { wachtrij: true });
    }
    return {
      appUrl: config.databaseUrl,
      eigenaarUrl: config.databaseOwnerUrl,
      queueUrl,
      embedded: false,
      stop: async () => undefined,
    };
  }
  if (config.isProduction) {
    throw new StartFout('DATABASE_URL is verplicht in productie (de embedded database is alleen voor ontwikkeling).');
  }
  const embedded = await startEmbeddedPostgres(resolve(config.dataDir, 'postgres'), config.embeddedPgPort, log, {
    sjabloon: opts.sjabloon,
  });
  const urls = await richEmbeddedIn(embedded.url, embedded.password, log, opts.leeg);
  return {
    ...urls,
    queueUrl: config.queueDatabaseUrl ?? urls.queueUrl,
    embedded: true,
    uitSjabloon: embedded.uitSjabloon,
    stop: () => embedded.stop(),
  };
}

/**
 * The databases and roles of the embedded default on a fresh or existing embedded server (idempotent): the split of
 * production, locally too. The superuser migrates, the API and worker log in as a role that owns nothing (it gets
 * ketenpoort_dienst after the migrations); the queue database is that role's own. With `leeg` the databases are dropped
 * and made anew first. Also what a cluster template holds (src/lib/pg-sjabloon.ts).
 */
export async function richEmbeddedIn(
  server: string,
  wachtwoord: string,
  log: Logger,
  leeg = false,
): Promise<{ appUrl: string; eigenaarUrl: string; queueUrl: string }> {
  await zorgVoorLoginRol(server, ONTWIKKEL_LOGIN_ROL, wachtwoord);
  const login = metGebruiker(server, ONTWIKKEL_LOGIN_ROL, wachtwoord);
  if (leeg) await verwijderDatabases(server, ['ketenpoort', 'ketenpoort_wachtrij']);
  await ensureDatabase(server, 'ketenpoort');
  await zorgVoorWachtrijDatabase(server, 'ketenpoort_wachtrij', ONTWIKKEL_LOGIN_ROL, log);
  return {
    appUrl: withDatabase(login, 'ketenpoort'),
    eigenaarUrl: withDatabase(server, 'ketenpoort'),
    queueUrl: withDatabase(login, 'ketenpoort_wachtrij'),
  };
}

/** Options for the ORM; the entity list comes from the module manifests (no glob loading). */
export function ormOptions(
  clientUrl: string,
  entities: Options['entities'],
  migrationsList: NonNullable<NonNullable<Options['migrations']>['migrationsList']>,
  extra: Partial<Options> = {},
): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    entities,
    forceUtcTimezone: true,
    allowGlobalContext: false,
    pool: { min: 0, max: 10 },
    migrations: {
      migrationsList,
      transactional: true,
      allOrNothing: true,
      tableName: 'mikro_orm_migraties',
      snapshot: false,
      silent: true,
    },
    discovery: { warnWhenNoEntities: false },
    // Writes an idempotency key in the transaction of the object it created (src/lib/idempotentie.ts).
    subscribers: [new IdempotentieBinder()],
    ...extra,
  };
}

export async function initOrm(options: Options): Promise<MikroORM> {
  return MikroORM.init(options);
}
