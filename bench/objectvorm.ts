/**
 * Why the read path writes its objects out (issue 14; eslint.config.mjs, `no-restricted-syntax` on the read path): on
 * Node 20 an object literal that spreads and then adds properties is some 100 times slower than the same literal
 * without the spread, or with the spread last. The inbox built its 60 persons a page so, at about a third of its CPU.
 *
 *   npm run bench:objectvorm        (BENCH_AANTAL=200000)
 *
 * Each form builds the same 18-property object from a 3-property `toegang` and 15 values, in one process, alternated,
 * twice; nanoseconds per object.
 */
import { getal } from './gedeeld';

const toegang = { vtOrganisatie: 'VT14', ontvanger: 'WT-A', toegangActief: true };

const vormen: Record<string, (i: number) => { id: string }> = {
  'spread, dan 15 eigenschappen': (i) => ({
    ...toegang,
    id: `id${i}`,
    a: 1,
    b: 2,
    c: 3,
    d: 4,
    e: 5,
    f: 6,
    g: 7,
    h: 8,
    j: 9,
    k: 10,
    l: 11,
    m: 12,
    n: 13,
    o: 14,
  }),
  '15 eigenschappen, dan spread': (i) => ({
    id: `id${i}`,
    a: 1,
    b: 2,
    c: 3,
    d: 4,
    e: 5,
    f: 6,
    g: 7,
    h: 8,
    j: 9,
    k: 10,
    l: 11,
    m: 12,
    n: 13,
    o: 14,
    ...toegang,
  }),
  uitgeschreven: (i) => ({
    vtOrganisatie: toegang.vtOrganisatie,
    ontvanger: toegang.ontvanger,
    toegangActief: toegang.toegangActief,
    id: `id${i}`,
    a: 1,
    b: 2,
    c: 3,
    d: 4,
    e: 5,
    f: 6,
    g: 7,
    h: 8,
    j: 9,
    k: 10,
    l: 11,
    m: 12,
    n: 13,
    o: 14,
  }),
};

function main(): void {
  const n = getal('BENCH_AANTAL', 200_000);
  const uitkomst: Record<string, number[]> = {};
  for (let ronde = 0; ronde < 2; ronde++) {
    for (const [naam, maak] of Object.entries(vormen)) {
      let som = 0;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) som += maak(i).id.length;
      const ns = Number(process.hrtime.bigint() - t0) / n;
      (uitkomst[naam] ??= []).push(ns);
      if (som === 0) throw new Error('niets gebouwd');
    }
  }
  process.stdout.write(
    `Node ${process.version}, ${n} objecten per vorm per ronde\n\n| vorm | ns per object (ronde 1 / 2) |\n|---|---|\n`,
  );
  for (const [naam, ns] of Object.entries(uitkomst)) {
    process.stdout.write(`| ${naam} | ${ns.map((x) => x.toFixed(0)).join(' / ')} |\n`);
  }
}

main();
