/** Chance for the simulation: a seeded sequence and draws from it, so a year is the same for a given seed. */

export type Kans = () => number;

export function prng(seed: number): Kans {
  // mulberry32: small, fast and good enough for demo data; deterministic per seed.
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gewogen<T>(r: Kans, tabel: readonly (readonly [T, number])[]): T {
  const totaal = tabel.reduce((s, [, w]) => s + w, 0);
  let x = r() * totaal;
  for (const [v, w] of tabel) if ((x -= w) < 0) return v;
  return tabel[tabel.length - 1][0];
}

export const tussen = (r: Kans, min: number, max: number): number => min + Math.floor(r() * (max - min + 1));
export const uit = <T>(r: Kans, lijst: readonly T[]): T => lijst[Math.floor(r() * lijst.length)];
