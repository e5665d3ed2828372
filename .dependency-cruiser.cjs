// @ts-check
/**
 * The architecture as rules (`npm run lint`): the layer order of src/, no cycles between modules, no unknown folders.
 * Layer order (HELPERS.md, README "Hoe het in elkaar zit"): a folder may import its own files and lower layers only,
 * never a higher layer or another folder of the same layer. lib imports no domain module at all. The top of src/
 * (app, main, worker, modules, jobs, bootstrap: the files directly in src/) and the top-level demo/ may import anything;
 * nothing in a folder imports the top.
 */

/** Every folder under src/ with its layer. A new module gets a layer here before it can import anything. */
const lagen = {
  lib: 1,
  auth: 2,
  beleid: 3,
  audit: 4,
  personen: 5,
  organisaties: 5,
  termijnen: 6,
  gebeurtenissen: 6,
  meldingen: 7,
  casussen: 8,
  adviezen: 9,
  overdrachten: 9,
  noodtoegang: 9,
  hwc: 9,
  zsm: 9,
  huisverbod: 9,
  aware: 9,
  analyse: 9,
  historie: 9,
  beheer: 10,
  melders: 10,
  bewaking: 11,
  bewaring: 10,
  rechten: 9,
};

/**
 * Imports within one layer that are allowed after all, as [from, to]. Empty: every one so far was resolved by moving
 * the shared part down (or by wiring in src/modules.ts).
 */
const toegestaanBinnenLaag = [];

const mappen = Object.keys(lagen);
const alternatief = (namen) => `^src/(${namen.join('|')})/`;

/** One rule per folder: what it may not import (higher layers, and its own layer's other folders). */
const laagRegels = mappen.flatMap((map) => {
  const verboden = mappen.filter(
    (ander) =>
      ander !== map &&
      (lagen[ander] > lagen[map] ||
        (lagen[ander] === lagen[map] && !toegestaanBinnenLaag.some(([v, n]) => v === map && n === ander))),
  );
  if (verboden.length === 0) return [];
  return [
    {
      name: `laag-${map}`,
      comment: `src/${map} (laag ${lagen[map]}) importeert geen hogere laag en geen andere map van dezelfde laag: ${verboden.join(', ')}`,
      severity: 'error',
      from: { path: `^src/${map}/` },
      to: { path: alternatief(verboden) },
    },
  ];
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...laagRegels,
    {
      name: 'lib-zonder-domein',
      comment: 'src/lib is de begane grond: het importeert geen domeinmodule (de modules vullen zijn interfaces aan).',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^(src|migrations|scripts|bench|test|demo|data)/', pathNot: '^src/lib/' },
    },
    {
      name: 'niet-naar-de-top',
      comment:
        'De top van src (app, main, worker, modules, jobs, bootstrap) en demo/ importeren alles; geen map importeert hen.',
      severity: 'error',
      from: { path: '^src/[^/]+/' },
      to: { path: ['^src/[^/]+\\.ts$', '^demo/'] },
    },
    {
      name: 'src-niet-naar-demo',
      comment: 'demo/ staat boven src/: src importeert geen demo.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^demo/' },
    },
    {
      name: 'onbekende-map',
      comment: `Elke map onder src/ heeft een laag in .dependency-cruiser.cjs (lagen); deze niet. Bekend: ${mappen.join(', ')}.`,
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: alternatief(mappen) },
      to: {},
    },
    {
      name: 'naar-onbekende-map',
      comment: 'Een import van een map onder src/ die geen laag heeft in .dependency-cruiser.cjs.',
      severity: 'error',
      from: {},
      to: { path: '^src/[^/]+/', pathNot: alternatief(mappen) },
    },
    {
      name: 'geen-kringen-tussen-mappen',
      comment:
        'Twee mappen die elkaar (via andere) importeren: verplaats het gedeelde deel omlaag of laat de top het aansluiten.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'geen-kringen',
      comment: 'Bestanden die elkaar (via andere) importeren.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    // Type-only imports count: they bind the layers as much as value imports do.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^node_modules/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
    reporterOptions: { text: { highlightFocused: true } },
  },
};
