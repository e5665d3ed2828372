import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { bronbestanden } from './bronbestanden';
import { ONTWIKKEL_LOGIN_ROL } from './database-rollen';
import { embeddedPostgresVersie, isDoorloopbaar } from './embedded-binaries';
import { EMBEDDED_WACHTWOORD, projectRoot, startEmbeddedPostgres } from './embedded-postgres';
import type { Logger } from './logger';

/**
 * A template of the embedded default's cluster (issue 18, point 5): initdb'd, provisioned and migrated once, stopped
 * cleanly, and kept in a cache outside DATA_DIR, so that a new DATA_DIR is a copy of it (under a second) instead of
 * initdb plus every migration (seconds). What must hold:
 * - it is keyed by everything that shapes it (the PostgreSQL binaries, the migrations' code, the provisioning): a
 *   template of other code is never found, so a stale one is never used, only left for the clean-up;
 * - it is complete or absent: built in a folder of its own and renamed into place with a mark only after a clean stop;
 * - it is only for the embedded default: never with a DATABASE_URL or in production (the callers ask `pgSjabloon`,
 *   which refuses those, and the embedded server itself refuses production);
 * - without it (missing, not copyable) a start is as before: initdb and the migrations, with a log line.
 */

/** Raise when what a template holds beyond the migrations changes (roles, databases, initdb flags). */
const SJABLOON_VERSIE = 1;
/** Templates kept in the cache (the most recently used); other keys are removed when a new one is built. */
const BEWAREN = 3;

export interface PgSjabloon {
  /** The folder of this key: `data/` (the cluster) and `.klaar` once complete. */
  map: string;
  sleutel: string;
}

/** Where templates are kept for the configured setting: the default is node_modules/.cache/ketenpoort. */
function cacheMap(instelling: string | undefined): string {
  const map = instelling ?? join(projectRoot(), 'node_modules', '.cache', 'ketenpoort');
  // As root the template is built by the OS user postgres, who must reach it (as the data, src/lib/embedded-postgres.ts).
  return process.getuid?.() === 0 && !isDoorloopbaar(map) ? join(tmpdir(), 'ketenpoort-pg-sjabloon') : map;
}

/**
 * The template for a cluster shaped by `delen` (the migrations' code, the provisioning), or undefined where none may be
 * used: switched off (`false`), a configured DATABASE_URL, production.
 */
export function pgSjabloon(
  instelling: string | false | undefined,
  omgeving: { databaseUrl?: string; isProduction: boolean },
  delen: readonly string[],
): PgSjabloon | undefined {
  if (instelling === false || omgeving.databaseUrl || omgeving.isProduction) return undefined;
  const hash = createHash('sha256');
  for (const deel of [String(SJABLOON_VERSIE), embeddedPostgresVersie(), ...delen]) hash.update(deel).update('\0');
  const sleutel = hash.digest('hex').slice(0, 16);
  return { map: join(cacheMap(instelling || undefined), `pg-sjabloon-${sleutel}`), sleutel };
}

/**
 * The cluster template of the embedded default for the code at hand: keyed by the files of the migrations (`migraties`:
 * their folder) and of what they import (shared SQL, reference data), read from disk, so that it is known before any
 * of them is loaded (src/vroege-start.ts), and by the provisioning (login role, password). Undefined where none may be
 * used (a DATABASE_URL, production, EMBEDDED_PG_SJABLOON=false).
 */
export function embeddedPgSjabloon(
  instelling: string | false | undefined,
  omgeving: { databaseUrl?: string; isProduction: boolean },
  migraties: string,
): PgSjabloon | undefined {
  if (instelling === false || omgeving.databaseUrl || omgeving.isProduction) return undefined;
  const bronnen = bronbestanden(migraties, dirname(migraties)).map((b) => `${b.pad}\n${b.inhoud}`);
  return pgSjabloon(instelling, omgeving, [ONTWIKKEL_LOGIN_ROL, EMBEDDED_WACHTWOORD, ...bronnen]);
}

/** The template's cluster folder when the template is complete; undefined when it is missing or half. */
export function sjabloonData(sjabloon: PgSjabloon): string | undefined {
  const data = join(sjabloon.map, 'data');
  if (!existsSync(join(sjabloon.map, '.klaar')) || !existsSync(join(data, 'PG_VERSION'))) return undefined;
  // Its use keeps it among the ones kept.
  const nu = new Date();
  try {
    utimesSync(join(sjabloon.map, '.klaar'), nu, nu);
  } catch {
    // A read-only cache is still a usable one.
  }
  return data;
}

function vrijePoort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
  });
}

/** True when the process `pid` still runs. */
function leeft(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes builds of processes that are gone, and templates beyond the BEWAREN most recently used. */
function ruimOp(basis: string, huidige: string): void {
  let namen: string[];
  try {
    namen = readdirSync(basis).filter((n) => n.startsWith('pg-sjabloon-'));
  } catch {
    return;
  }
  for (const naam of namen) {
    const bouw = /\.bouw-(\d+)-/.exec(naam);
    if (bouw && !leeft(Number(bouw[1]))) rmSync(join(basis, naam), { recursive: true, force: true });
  }
  const klaar = namen
    .filter((n) => !n.includes('.bouw-') && join(basis, n) !== huidige)
    .map((n) => {
      try {
        return { n, t: statSync(join(basis, n, '.klaar')).mtimeMs };
      } catch {
        return { n, t: 0 };
      }
    })
    .sort((a, b) => b.t - a.t);
  for (const { n } of klaar.slice(BEWAREN - 1)) rmSync(join(basis, n), { recursive: true, force: true });
}

/**
 * Builds the template when it is missing: a cluster of its own in a folder of its own (initdb, on a free port),
 * provisioned and migrated by `vul` (the caller's, which knows the migrations), stopped cleanly, marked and renamed
 * into place. Meant to run after the API listens (src/main.ts), off the start's critical path. An abort stops its
 * PostgreSQL and removes the half-built folder; so does a failure, which then rejects.
 */
export async function bouwPgSjabloon(
  sjabloon: PgSjabloon,
  log: Logger,
  vul: (serverUrl: string, wachtwoord: string) => Promise<void>,
  signaal: AbortSignal,
): Promise<'bestond' | 'gebouwd' | 'afgebroken'> {
  if (sjabloonData(sjabloon)) return 'bestond';
  const basis = dirname(sjabloon.map);
  const bouw = `${sjabloon.map}.bouw-${process.pid}-${randomBytes(3).toString('hex')}`;
  const begin = Date.now();
  let pg: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  const stopPg = (): void => void pg?.stop().catch(() => undefined);
  signaal.addEventListener('abort', stopPg);
  try {
    ruimOp(basis, sjabloon.map);
    mkdirSync(bouw, { recursive: true });
    if (process.getuid?.() === 0) chmodSync(bouw, 0o755);
    if (signaal.aborted) return 'afgebroken';
    pg = await startEmbeddedPostgres(join(bouw, 'data'), await vrijePoort(), log, { stil: true, signaal });
    if (signaal.aborted) throw new Error('afgebroken');
    await vul(pg.url, pg.password);
    await pg.stop();
    pg = undefined;
    if (signaal.aborted) throw new Error('afgebroken');
    writeFileSync(join(bouw, '.klaar'), `${JSON.stringify({ sleutel: sjabloon.sleutel, gebouwd: new Date() })}\n`);
    try {
      renameSync(bouw, sjabloon.map);
    } catch {
      // Another process was first with the same template: keep theirs.
      rmSync(bouw, { recursive: true, force: true });
    }
    log.info(
      { sjabloon: sjabloon.map, duurMs: Date.now() - begin },
      'embedded PostgreSQL: sjabloon gebouwd; een nieuwe DATA_DIR wordt voortaan daaruit gekopieerd',
    );
    return 'gebouwd';
  } catch (e) {
    if (pg) await pg.stop().catch(() => undefined);
    // A PostgreSQL that is still going down may write a last file while the folder goes (ENOTEMPTY): retried.
    rmSync(bouw, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    if (signaal.aborted) return 'afgebroken';
    throw e;
  } finally {
    signaal.removeEventListener('abort', stopPg);
  }
}
