'use strict';
/**
 * Keeps dist/ current without rebuilding on every command. Preloaded by the npm scripts
 * (`node -r ./scripts/dist-actueel.cjs dist/scripts/token.js`): before the entry point loads, it compares the newest
 * source file with the last build and runs the TypeScript compiler only when a source is newer (or dist/ is missing).
 * A no-change `tsc` still costs seconds, a token should not.
 *
 * After a production-only install (`npm ci --omit=dev`) TypeScript is absent: dist/ then runs as it is, and when
 * dist/ itself is missing the command says what to do instead of failing on a missing compiler.
 *
 * Also used by the test setup (`zorgVoorActueleDist()`), so tests that start dist/... never run a stale build.
 */
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const ROOT = join(__dirname, '..');
/** What the entry points are compiled from (test/ is compiled too, but no script runs it from dist/). */
const BRONNEN = ['src', 'demo', 'scripts', 'migrations', 'bench', 'data', 'tsconfig.json'];

function nieuwsteBron(pad) {
  let st;
  try {
    st = statSync(pad);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return /\.(ts|json)$/.test(pad) ? st.mtimeMs : 0;
  let max = 0;
  for (const naam of readdirSync(pad)) max = Math.max(max, nieuwsteBron(join(pad, naam)));
  return max;
}

/**
 * When dist/ was last built: `.gebouwd`, written after every build through this script (`npm run build` too). Not
 * .tsbuildinfo: `tsc --noEmit` (npm run typecheck) rewrites it without emitting anything.
 */
function laatsteBouw(root) {
  const dist = join(root, 'dist');
  try {
    return existsSync(join(dist, 'src', 'main.js')) ? statSync(join(dist, '.gebouwd')).mtimeMs : 0;
  } catch {
    return 0;
  }
}

/** The compiler in node_modules (looked up on disk each time: require.resolve caches its answers). */
function tscPad(root) {
  for (let map = root; ; map = dirname(map)) {
    const tsc = join(map, 'node_modules', 'typescript', 'bin', 'tsc');
    if (existsSync(tsc)) return tsc;
    if (dirname(map) === map) return undefined;
  }
}

/**
 * Builds dist/ when a source is newer than the last build (or always, with `altijd`). Returns 'actueel', 'gebouwd'
 * or 'zonder-typescript'.
 */
function zorgVoorActueleDist(root = ROOT, altijd = false) {
  const gebouwd = laatsteBouw(root);
  if (!altijd && gebouwd > 0 && BRONNEN.every((b) => nieuwsteBron(join(root, b)) <= gebouwd)) return 'actueel';
  const tsc = tscPad(root);
  if (!tsc) {
    if (!altijd && existsSync(join(root, 'dist', 'src', 'main.js'))) return 'zonder-typescript';
    throw new Error(
      (altijd ? 'npm run build' : 'dist/ ontbreekt en') +
        ' TypeScript is niet geïnstalleerd (een installatie met --omit=dev): bouw eerst met ' +
        '`npm ci && npm run build` en installeer daarna pas zonder dev-dependencies.',
    );
  }
  const begin = Date.now();
  if (!altijd) {
    process.stderr.write('Ketenpoort: bronnen gewijzigd sinds de laatste build, dist/ wordt bijgewerkt (tsc)...\n');
  }
  // The compiler's own messages go to stderr: stdout belongs to the command (`TOKEN=$(npm run -s token ...)`).
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { cwd: root, stdio: ['ignore', 2, 2] });
  writeFileSync(join(root, 'dist', '.gebouwd'), `${new Date().toISOString()}\n`);
  if (!altijd) process.stderr.write(`Ketenpoort: dist/ bijgewerkt in ${((Date.now() - begin) / 1000).toFixed(1)} s\n`);
  return 'gebouwd';
}

module.exports = { zorgVoorActueleDist };

// Preloaded with -r (not required by the test setup): build before the entry point is resolved.
// Run itself (`npm run build`): build always.
const alsPreload = module.parent && module.parent.id === 'internal/preload';
if (alsPreload || require.main === module) {
  try {
    zorgVoorActueleDist(ROOT, !alsPreload);
  } catch (e) {
    process.stderr.write(`${e.status ? 'De build is mislukt (zie de meldingen van tsc hierboven).' : e.message}\n`);
    process.exit(1);
  }
}
