'use strict';
/**
 * After `npm ci` or `npm install` in a checkout: build dist/ now, so that the first `npm start` answers within seconds
 * instead of first waiting for the compiler (issue 18, point 5; bench/README.md, "Eerste start").
 *
 * Never fails the install. It does nothing where there is nothing to build: an image's dependency stage (no sources
 * copied yet), a production install (no TypeScript), or with KETENPOORT_GEEN_BUILD=1. A build error is reported and
 * left to the next command, which builds again (scripts/dist-actueel.cjs).
 */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
if (
  process.env.KETENPOORT_GEEN_BUILD !== '1' &&
  existsSync(join(root, 'src', 'main.ts')) &&
  existsSync(join(root, 'node_modules', 'typescript'))
) {
  const begin = Date.now();
  try {
    require('./dist-actueel.cjs').zorgVoorActueleDist(root, true);
    process.stderr.write(`Ketenpoort: dist/ gebouwd in ${((Date.now() - begin) / 1000).toFixed(1)} s\n`);
  } catch (e) {
    process.stderr.write(
      `Ketenpoort: dist/ bouwen na de installatie lukte niet (${e.status ? 'zie tsc hierboven' : e.message}); ` +
        'de eerste opdracht probeert het opnieuw.\n',
    );
  }
}
