import type { MikroORM } from '@mikro-orm/postgresql';
import { join } from 'node:path';
import { Client } from 'pg';

import { migrations } from '../migrations';
import type { Config } from './lib/config';
import { initOrm, ormOptions, provideDatabase, richEmbeddedIn, type DatabaseLocation } from './lib/database';
import { bouwPgSjabloon, embeddedPgSjabloon, sjabloonData, type PgSjabloon } from './lib/pg-sjabloon';
import { onderzoekLoginRol, ONTWIKKEL_LOGIN_ROL, openstaandeMigraties, zorgVoorLoginRol } from './lib/database-rollen';
import type { Logger } from './lib/logger';
import { entities } from './modules';
import { synchroniseerVtRegios } from './organisaties/vt-regios';

/** Thrown when the database may not be used as configured (pending migrations, a login role that owns the audit). */
export class DatabaseGeweigerd extends Error {
  override readonly name = 'DatabaseGeweigerd';
}

/** The owner role's URL: DATABASE_OWNER_URL, the embedded server's superuser, or outside production DATABASE_URL. */
function eigenaarUrlVan(config: Config, locatie: DatabaseLocation): string | undefined {
  return locatie.eigenaarUrl ?? (config.isProduction ? undefined : locatie.appUrl);
}

/** Runs queries without parameters on one short connection (for a check before any ORM exists). */
function eenVraag(url: string): (sql: string) => Promise<Record<string, unknown>[]> {
  return async (sql) => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<Record<string, unknown>>(sql)).rows;
    } finally {
      await c.end();
    }
  };
}

/**
 * Applies pending migrations under the owner role (and, with `vtRegios`, syncs the VT regions as the owner too, for
 * a first deploy before the login role exists). On the embedded server the login role then gets ketenpoort_dienst.
 * Returns how many migrations it applied.
 */
async function pasMigratiesToe(
  eigenaarUrl: string,
  locatie: Pick<DatabaseLocation, 'appUrl' | 'embedded'>,
  log: Logger,
  vtRegios: boolean,
): Promise<number> {
  const begin = Date.now();
  // Nothing pending (every start but the first, and a DATA_DIR from the template): no ORM of its own for the owner,
  // whose start (entity discovery) costs about a second.
  if (!vtRegios && (await openstaandeMigraties(eenVraag(eigenaarUrl), migrations)).length === 0) {
    if (locatie.embedded) await zorgVoorLoginRol(eigenaarUrl, ONTWIKKEL_LOGIN_ROL, new URL(locatie.appUrl).password);
    return 0;
  }
  let aantal = 0;
  const eigenaar = await initOrm(ormOptions(eigenaarUrl, entities as never, migrations, { pool: { min: 0, max: 2 } }));
  try {
    const toegepast = await eigenaar.getMigrator().up();
    aantal = toegepast.length;
    if (toegepast.length) {
      log.info({ migraties: toegepast.map((m) => m.name), duurMs: Date.now() - begin }, 'migraties toegepast');
    }
    if (vtRegios) await synchroniseerVtRegios(eigenaar.em.fork());
  } finally {
    await eigenaar.close();
  }
  if (locatie.embedded) await zorgVoorLoginRol(eigenaarUrl, ONTWIKKEL_LOGIN_ROL, new URL(locatie.appUrl).password);
  return aantal;
}

/** The folder of the migrations beside this code (dist/migrations for dist/src, migrations/ for the sources). */
const MIGRATIEMAP = join(__dirname, '..', 'migrations');

/**
 * The cluster template of the embedded default for this code (src/lib/pg-sjabloon.ts): keyed by the migrations' files
 * and the provisioning; undefined where none may be used (a DATABASE_URL, production, EMBEDDED_PG_SJABLOON=false).
 */
export function embeddedSjabloon(config: Config): PgSjabloon | undefined {
  return embeddedPgSjabloon(config.embeddedPgSjabloon, config, MIGRATIEMAP);
}

/**
 * Builds the template when there is none for this code, in the background (after the API listens: src/main.ts):
 * the next new DATA_DIR is then a copy of it. Returns how to stop it (at shutdown), or undefined when there is
 * nothing to build. A failure only costs the next new DATA_DIR its speed: logged, never thrown.
 */
export function bouwSjabloonAchteraf(
  config: Config,
  log: Logger,
): { klaar: Promise<unknown>; stop(): Promise<void> } | undefined {
  const sjabloon = embeddedSjabloon(config);
  if (!sjabloon || sjabloonData(sjabloon)) return undefined;
  const afbreken = new AbortController();
  // The build's own migrations are not the server's: their list stays out of the log.
  const stil = log.child({}, { level: 'warn' });
  const klaar = bouwPgSjabloon(
    sjabloon,
    log,
    async (server, wachtwoord) => {
      const locatie = await richEmbeddedIn(server, wachtwoord, stil);
      await pasMigratiesToe(locatie.eigenaarUrl, { ...locatie, embedded: true }, stil, true);
    },
    afbreken.signal,
  ).then(
    (uitkomst) => {
      if (uitkomst === 'afgebroken') {
        log.info('embedded PostgreSQL: sjabloonbouw gestopt; een volgende start bouwt het');
      }
    },
    async (e: unknown) => {
      // Ctrl-C reaches the build's PostgreSQL (same process group) before the server's stop aborts the build: a
      // failure that comes with a stop signal is the stop, not a fault.
      await new Promise((r) => setTimeout(r, 250).unref());
      if (afbreken.signal.aborted) {
        log.info('embedded PostgreSQL: sjabloonbouw gestopt; een volgende start bouwt het');
        return;
      }
      log.warn(
        { fout: e instanceof Error ? e.message : String(e) },
        'embedded PostgreSQL: sjabloon niet gebouwd; een nieuwe DATA_DIR krijgt weer initdb en migraties',
      );
    },
  );
  const opSignaal = (): void => afbreken.abort();
  process.once('SIGINT', opSignaal);
  process.once('SIGTERM', opSignaal);
  void klaar.finally(() => {
    process.removeListener('SIGINT', opSignaal);
    process.removeListener('SIGTERM', opSignaal);
  });
  return {
    klaar,
    stop: async () => {
      afbreken.abort();
      await klaar;
    },
  };
}

/** `npm run db:migrate`: migrations and the VT regions under the owner role, which is required (DATABASE_OWNER_URL in production). */
export async function migreerDatabase(config: Config, log: Logger): Promise<void> {
  const locatie = await provideDatabase(config, log, { wachtrij: false });
  try {
    const eigenaarUrl = eigenaarUrlVan(config, locatie);
    if (!eigenaarUrl) {
      throw new DatabaseGeweigerd(
        'DATABASE_OWNER_URL is verplicht voor `npm run db:migrate` in productie (de eigenaarsrol; de loginrol mag geen tabellen aanmaken of wijzigen).',
      );
    }
    await pasMigratiesToe(eigenaarUrl, locatie, log, true);
  } finally {
    await locatie.stop();
  }
}

/**
 * Opens the database (embedded when unconfigured) for the API, the worker or a script, as the login role.
 * - `migrate` (default true, the API): outside production bring the schema up to date under the owner role
 *   (DATABASE_OWNER_URL, the embedded server's superuser, or DATABASE_URL itself), then sync the VT regions.
 *   Pending migrations that were not applied stop the start (in production `npm run db:migrate` is the deploy step).
 * - `loginRolControle` (default true, API and worker): in production the process refuses to start when its login
 *   role is a superuser or could change the audit trail (owner, or update/delete rights), or when it was given the
 *   owner's URL; elsewhere it warns.
 * - `leegEmbedded`: drop the embedded server's databases first (a first start whose demo data were interrupted).
 * - `wachtrij` (default true): check that the queue database exists; scripts that do not use the queue pass false.
 * - `schemaGereed`: called as soon as the embedded database is known to be complete without any work (a copy of the
 *   template or an earlier DATA_DIR: nothing to migrate, the VT regions synced before), before this process's own ORM
 *   and checks; the primary then hands the database to its API processes (issue 18, point 5). Not for a DATABASE_URL,
 *   whose checks (the login role's rights) come first.
 */
export async function openDatabase(
  config: Config,
  log: Logger,
  opts: {
    migrate?: boolean;
    poolMax?: number;
    loginRolControle?: boolean;
    leegEmbedded?: boolean;
    wachtrij?: boolean;
    schemaGereed?: (locatie: DatabaseLocation) => void;
  } = {},
): Promise<{ orm: MikroORM; locatie: DatabaseLocation }> {
  const controle = opts.loginRolControle ?? true;
  if (controle && config.isProduction && config.databaseOwnerUrl) {
    throw new DatabaseGeweigerd(
      'DATABASE_OWNER_URL is alleen voor `npm run db:migrate`; geef API en worker alleen DATABASE_URL (de loginrol zonder eigendom).',
    );
  }
  // A new embedded DATA_DIR starts as a copy of the template, when there is one for this code.
  const sjabloon = (opts.migrate ?? true) && !config.databaseUrl ? embeddedSjabloon(config) : undefined;
  const locatie = await provideDatabase(config, log, {
    leeg: opts.leegEmbedded,
    wachtrij: opts.wachtrij,
    sjabloon: sjabloon && sjabloonData(sjabloon),
  });
  const migreer = opts.migrate ?? true;
  const eigenaarUrl = eigenaarUrlVan(config, locatie);
  try {
    const toegepast = migreer && eigenaarUrl ? await pasMigratiesToe(eigenaarUrl, locatie, log, false) : undefined;
    if (toegepast === 0 && locatie.embedded) opts.schemaGereed?.(locatie);
  } catch (e) {
    await locatie.stop();
    throw e;
  }
  const orm = await initOrm(
    ormOptions(
      locatie.appUrl,
      entities as never,
      migrations,
      opts.poolMax ? { pool: { min: 0, max: opts.poolMax } } : {},
    ),
  );
  try {
    const query = (sql: string) => orm.em.getConnection().execute<Record<string, unknown>[]>(sql, [], 'all');
    const open = await openstaandeMigraties(query, migrations);
    if (open.length > 0) {
      throw new DatabaseGeweigerd(
        `De database mist ${open.length} migratie(s) (${open.join(', ')}): draai eerst \`npm run db:migrate\` met DATABASE_OWNER_URL.`,
      );
    }
    if (migreer) await synchroniseerVtRegios(orm.em.fork());
    if (controle) {
      const bevinding = await onderzoekLoginRol(query);
      if (bevinding.problemen.length > 0) {
        const melding = `De loginrol ${bevinding.rol} ${bevinding.problemen.join('; ')}. API en worker loggen in met een rol zonder eigendom (README, "Databaserollen").`;
        if (config.isProduction) throw new DatabaseGeweigerd(melding);
        log.warn(
          { rol: bevinding.rol, problemen: bevinding.problemen },
          'loginrol kan het auditspoor wijzigen (buiten productie toegestaan)',
        );
      }
    }
  } catch (e) {
    await orm.close();
    await locatie.stop();
    throw e;
  }
  return { orm, locatie };
}
