import { describe, expect, it } from 'vitest';

import { afleidbaarheid, afrondingsinterval, beschermTabel, rondAf, sleutel } from '../../src/analyse/openbaarmaking';
import type {
  BeschermdeTabel,
  Beschermingsopties,
  GepubliceerdeCel,
  RuweCel,
} from '../../src/analyse/openbaarmaking.types';

/**
 * Disclosure control, pure: rounding, primary and secondary suppression, differencing, and an attacker (the interval
 * checker `afleidbaarheid`) that must never pin a suppressed count. No database.
 */

const CBS = { afronding: 5, drempel: 5 } as const;

/** A table from rows of counts: dims[0] = 'r0'.., dims[1] = 'k0'.., dims[2] = 'l0'.. */
function tabel1(aantallen: number[]): RuweCel[] {
  return aantallen.map((aantal, i) => ({ coordinaten: { aard: `a${i}` }, aantal }));
}
function tabel2(rijen: number[][]): RuweCel[] {
  return rijen.flatMap((rij, r) =>
    rij.map((aantal, k) => ({ coordinaten: { regio: `r${r}`, aard: `k${k}` }, aantal })),
  );
}
function cel(t: BeschermdeTabel, coordinaten: Record<string, string>): GepubliceerdeCel {
  const c = [...t.cellen, ...t.totalen].find(
    (x) => JSON.stringify(Object.entries(x.coordinaten).sort()) === JSON.stringify(Object.entries(coordinaten).sort()),
  );
  if (!c) throw new Error(`no cell ${JSON.stringify(coordinaten)}`);
  return c;
}
function onderdrukt(t: BeschermdeTabel): string[] {
  return [...t.cellen, ...t.totalen].filter((c) => c.onderdrukt).map((c) => JSON.stringify(c.coordinaten));
}

/** Seeded PRNG (mulberry32). */
function prng(zaad: number): () => number {
  let s = zaad >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The attacker with the reasons, against the same table with every non-zero count suppressed: the reasons alone. */
function alleenRedenen(t: BeschermdeTabel): BeschermdeTabel {
  const verberg = (c: GepubliceerdeCel): GepubliceerdeCel =>
    c.onderdrukt || c.aantal === 0 ? c : { ...c, aantal: null, onderdrukt: true, reden: 'AFLEIDBAAR_UIT_TOTAAL' };
  return { cellen: t.cellen.map(verberg), totalen: t.totalen.map(verberg), onderdrukt: 0 };
}

function nietExact(t: BeschermdeTabel, opties: Beschermingsopties): void {
  for (const metRedenen of [false, true]) {
    for (const a of afleidbaarheid(t, opties, { metRedenen })) expect(a.exact, JSON.stringify(a)).toBe(false);
  }
}

describe('afronding', () => {
  it('rounds to the nearest multiple, halves up; 0 stays 0', () => {
    expect([0, 2, 3, 7, 12, 13].map((x) => rondAf(x, 5))).toEqual([0, 0, 5, 5, 10, 15]);
    expect([4, 5, 14, 15].map((x) => rondAf(x, 10))).toEqual([0, 10, 10, 20]);
    expect(afrondingsinterval(10, 5)).toEqual({ ondergrens: 8, bovengrens: 12 });
    expect(afrondingsinterval(10, 10)).toEqual({ ondergrens: 5, bovengrens: 14 });
    expect(afrondingsinterval(0, 5)).toEqual({ ondergrens: 0, bovengrens: 2 });
  });

  it('publishes rounded cells and totals computed from the raw cells', () => {
    const t = beschermTabel(
      tabel2([
        [12, 13],
        [7, 8],
      ]),
      { ...CBS, dimensies: ['regio', 'aard'] },
    );
    expect(t.cellen.map((c) => c.aantal)).toEqual([10, 15, 5, 10]);
    // 12+7 = 19 → 20, not 10+5; grand total 40 → 40
    expect(cel(t, { aard: 'k0' }).aantal).toBe(20);
    expect(cel(t, { regio: 'r0' }).aantal).toBe(25);
    expect(cel(t, {}).aantal).toBe(40);
    expect(t.onderdrukt).toBe(0);
  });
});

describe('primary suppression', () => {
  it('suppresses 0 < count < drempel, not drempel itself, not 0', () => {
    const t = beschermTabel(tabel1([4, 5, 0, 60, 70]), { ...CBS, dimensies: ['aard'] });
    expect(t.cellen[0]).toMatchObject({ aantal: null, onderdrukt: true, reden: 'KLEINE_CEL' });
    expect(t.cellen[1].reden).not.toBe('KLEINE_CEL'); // it is the smallest other cell: secondary, see below
    expect(t.cellen[2]).toMatchObject({ aantal: 0, onderdrukt: false, reden: null });
    expect(beschermTabel(tabel1([5, 0, 60]), { ...CBS, dimensies: ['aard'] }).cellen[0]).toMatchObject({
      aantal: 5,
      onderdrukt: false,
      reden: null,
    });
    const t10 = beschermTabel(tabel1([9, 10, 60, 70]), { afronding: 5, drempel: 10, dimensies: ['aard'] });
    expect(t10.cellen[0].reden).toBe('KLEINE_CEL');
    expect(t10.cellen[1].reden).toBe('AFLEIDBAAR_UIT_TOTAAL');
    expect(beschermTabel(tabel1([10, 60]), { afronding: 5, drempel: 10, dimensies: ['aard'] }).onderdrukt).toBe(0);
  });

  it('reports derived measures only for unsuppressed cells', () => {
    const cellen: RuweCel[] = [
      { coordinaten: { aard: 'a' }, aantal: 3, afgeleid: { mediaanDagen: 4, aandeelBinnenTermijn: 1 } },
      { coordinaten: { aard: 'b' }, aantal: 40, afgeleid: { mediaanDagen: 6, aandeelBinnenTermijn: 0.8 } },
      { coordinaten: { aard: 'c' }, aantal: 50, afgeleid: { mediaanDagen: 5, aandeelBinnenTermijn: null } },
      { coordinaten: { aard: 'd' }, aantal: 60 },
    ];
    const t = beschermTabel(cellen, { ...CBS, dimensies: ['aard'] });
    expect(t.cellen[0].afgeleid).toEqual({ mediaanDagen: null, aandeelBinnenTermijn: null });
    expect(t.cellen[1].afgeleid).toEqual({ mediaanDagen: null, aandeelBinnenTermijn: null }); // secondary
    expect(t.cellen[2].afgeleid).toEqual({ mediaanDagen: 5, aandeelBinnenTermijn: null });
    expect(t.cellen[3].afgeleid).toEqual({});
  });

  it('suppresses a small total, and a table that is small everywhere entirely', () => {
    const t = beschermTabel(tabel1([1, 2, 0]), { ...CBS, dimensies: ['aard'] });
    expect(onderdrukt(t)).toHaveLength(3);
    expect(cel(t, {})).toMatchObject({ aantal: null, reden: 'KLEINE_CEL' });
    expect(cel(t, { aard: 'a2' })).toMatchObject({ aantal: 0, onderdrukt: false });
    nietExact(t, { ...CBS, dimensies: ['aard'] });
  });
});

describe('secondary suppression', () => {
  it('1-D: one small cell and the grand total → the smallest other cell is suppressed too', () => {
    const opties = { ...CBS, dimensies: ['aard'] };
    const t = beschermTabel(tabel1([3, 60, 40, 0, 50]), opties);
    expect(t.cellen.map((c) => c.reden)).toEqual(['KLEINE_CEL', null, 'AFLEIDBAAR_UIT_TOTAAL', null, null]);
    expect(cel(t, {})).toMatchObject({ aantal: 155, onderdrukt: false });
    expect(t.onderdrukt).toBe(2);
    // the analyst can bound the small cell only by what the reason says, [1, 4]
    const [klein] = afleidbaarheid(t, opties);
    expect(klein).toMatchObject({ reden: 'KLEINE_CEL', ondergrens: 1, bovengrens: 4, exact: false });
    // without suppressing the second cell, total − others would give it: 155 − (60 + 40 + 50) = 5 ± 8, i.e. [0, 9]
    const naief: BeschermdeTabel = {
      ...t,
      cellen: t.cellen.map((c, i) => (i === 2 ? { ...c, aantal: 40, onderdrukt: false, reden: null } : c)),
    };
    const [geraden] = afleidbaarheid(naief, opties, { metRedenen: false });
    expect(geraden.bovengrens).toBeLessThan(15);
  });

  it('2-D: one small cell forces a rectangle of four, all margins stay published', () => {
    const opties = { ...CBS, dimensies: ['regio', 'aard'] };
    const t = beschermTabel(
      tabel2([
        [2, 30, 60],
        [30, 31, 70],
        [60, 70, 80],
      ]),
      opties,
    );
    expect(onderdrukt(t).sort()).toEqual(
      [
        { regio: 'r0', aard: 'k0' },
        { regio: 'r0', aard: 'k1' },
        { regio: 'r1', aard: 'k0' },
        { regio: 'r1', aard: 'k1' },
      ]
        .map((c) => JSON.stringify(c))
        .sort(),
    );
    expect(cel(t, { regio: 'r0', aard: 'k0' }).reden).toBe('KLEINE_CEL');
    expect(t.totalen.every((c) => !c.onderdrukt)).toBe(true);
    expect(t.totalen).toHaveLength(3 + 3 + 1);
    nietExact(t, opties);
    const klein = afleidbaarheid(t, opties).find((a) => a.reden === 'KLEINE_CEL')!;
    expect(klein).toMatchObject({ ondergrens: 1, bovengrens: 4 });
  });

  it('2-D: suppresses a total when a group has nothing else to suppress', () => {
    // row r0 = [2, 40]: 40 is suppressed next to the 2; column k1 then needs the 50; row r1 = [0, 50] has no other
    // non-zero cell, so its total (50) is suppressed — and then the row totals need a second one under the grand total.
    const opties = { ...CBS, dimensies: ['regio', 'aard'] };
    const t = beschermTabel(
      tabel2([
        [2, 40],
        [0, 50],
      ]),
      opties,
    );
    expect(cel(t, { regio: 'r1' })).toMatchObject({ aantal: null, reden: 'AFLEIDBAAR_UIT_TOTAAL' });
    expect(cel(t, { aard: 'k0' })).toMatchObject({ aantal: null, reden: 'KLEINE_CEL' }); // 2 + 0 is small itself
    expect(cel(t, { regio: 'r1', aard: 'k0' })).toMatchObject({ aantal: 0, onderdrukt: false });
    expect(cel(t, {})).toMatchObject({ aantal: 90, onderdrukt: false });
    nietExact(t, opties);
  });

  it('3-D: a small cell in a 2×2×2 cube suppresses the whole cube, the 2-D margins stay', () => {
    const opties = { ...CBS, dimensies: ['periode', 'regio', 'aard'] };
    const cellen: RuweCel[] = [];
    let x = 20;
    for (const periode of ['2025-H1', '2025-H2']) {
      for (const regio of ['VT01', 'VT02']) {
        for (const aard of ['K', 'P']) {
          cellen.push({ coordinaten: { periode, regio, aard }, aantal: cellen.length === 0 ? 3 : (x += 7) });
        }
      }
    }
    const t = beschermTabel(cellen, opties);
    expect(t.cellen.every((c) => c.onderdrukt)).toBe(true);
    expect(t.cellen.filter((c) => c.reden === 'KLEINE_CEL')).toHaveLength(1);
    expect(t.totalen).toHaveLength(3 * 4 + 1);
    expect(t.totalen.every((c) => !c.onderdrukt)).toBe(true);
    nietExact(t, opties);
  });

  it('3-D: a larger table keeps every margin group at zero or at least two suppressed', () => {
    const opties = { ...CBS, dimensies: ['periode', 'regio', 'aard'] };
    const r = prng(3);
    const cellen: RuweCel[] = [];
    for (const periode of ['p0', 'p1', 'p2']) {
      for (const regio of ['r0', 'r1', 'r2', 'r3']) {
        for (const aard of ['a0', 'a1', 'a2']) {
          const u = r();
          cellen.push({
            coordinaten: { periode, regio, aard },
            aantal: u < 0.15 ? 1 + Math.floor(r() * 4) : 5 + Math.floor(r() * 60),
          });
        }
      }
    }
    const t = beschermTabel(cellen, opties);
    expect(t.cellen.some((c) => c.reden === 'KLEINE_CEL')).toBe(true);
    expect(enkelOnderdruktInGroep(t, opties)).toEqual([]);
    nietExact(t, opties);
  });

  it('regression: a table where the hypercube heuristic alone let rounding pin a small cell', () => {
    // Found by the property test before audit-and-repair existed: the two 4s were derivable exactly (with reasons).
    const opties = { ...CBS, dimensies: ['regio', 'aard'] };
    const t = beschermTabel(
      tabel2([
        [2, 4, 19],
        [29, 0, 0],
        [0, 0, 21],
        [15, 4, 0],
      ]),
      opties,
    );
    nietExact(t, opties);
    for (const a of afleidbaarheid(t, opties).filter((x) => x.reden === 'KLEINE_CEL')) {
      expect([a.ondergrens, a.bovengrens]).toEqual([1, 4]);
    }
  });

  it('is deterministic and independent of the order of the cells', () => {
    const opties = { ...CBS, dimensies: ['regio', 'aard'] };
    // ties: several equal candidates; the choice must come from the coordinates
    const cellen = tabel2([
      [2, 30, 30, 30],
      [30, 30, 30, 30],
      [30, 30, 30, 30],
    ]);
    const a = beschermTabel(cellen, opties);
    const b = beschermTabel([...cellen].reverse(), opties);
    const perCoordinaten = (t: BeschermdeTabel) => onderdrukt(t).sort();
    expect(perCoordinaten(b)).toEqual(perCoordinaten(a));
    expect(beschermTabel(cellen, opties)).toEqual(a);
    expect(onderdrukt(a)).toContain(JSON.stringify({ regio: 'r0', aard: 'k1' }));
    expect(onderdrukt(a)).toContain(JSON.stringify({ regio: 'r1', aard: 'k0' }));
  });

  it('protects a national table (26 regions × 8 kinds × 20 quarters) fast enough for an API answer', () => {
    const r = prng(9);
    const cellen: RuweCel[] = [];
    for (let regio = 0; regio < 26; regio++) {
      for (let aard = 0; aard < 8; aard++) {
        for (let kwartaal = 0; kwartaal < 20; kwartaal++) {
          const u = r();
          const aantal = u < 0.15 ? 0 : u < 0.35 ? 1 + Math.floor(r() * 4) : Math.floor(r() * 200);
          cellen.push({
            coordinaten: { regio: `VT${regio}`, aardGeweld: `A${aard}`, periode: `Q${kwartaal}` },
            aantal,
          });
        }
      }
    }
    const opties = { ...CBS, dimensies: ['periode', 'regio', 'aardGeweld'] };
    const start = performance.now();
    const t = beschermTabel(cellen, opties);
    expect(performance.now() - start).toBeLessThan(2_000); // about 60 ms on a quiet machine
    expect(t.totalen).toHaveLength(26 * 8 + 20 * 8 + 20 * 26 + 1);
    expect(enkelOnderdruktInGroep(t, opties)).toEqual([]);
  });

  it('refuses malformed input', () => {
    const opties = { ...CBS, dimensies: ['aard'] };
    expect(() => beschermTabel([{ coordinaten: { regio: 'x' }, aantal: 3 }], opties)).toThrow(RangeError);
    expect(() => beschermTabel([{ coordinaten: { aard: 'x' }, aantal: -1 }], opties)).toThrow(RangeError);
    expect(() => beschermTabel([{ coordinaten: { aard: 'x' }, aantal: 2.5 }], opties)).toThrow(RangeError);
    expect(() => beschermTabel(tabel1([3, 3]).concat(tabel1([3])), opties)).toThrow(RangeError);
    expect(() => beschermTabel(tabel1([3]), { ...opties, afronding: 0 })).toThrow(RangeError);
    expect(beschermTabel([], opties)).toEqual({ cellen: [], totalen: [], onderdrukt: 0 });
  });
});

describe('differencing between overlapping queries', () => {
  // Meldingen per aard, for regio ∈ {A, B} (filtered) and for all regions (unfiltered). The complement (other
  // regions) has 3 kindermishandeling meldingen: filtered 40 and unfiltered 43 would differ by exactly those 3.
  const opties = { ...CBS, dimensies: ['aard'] };
  const gefilterd = tabel1([40, 30, 25]);
  const complement = tabel1([3, 50, 20]);
  const ongefilterd = tabel1([43, 80, 45]);

  /** What the analyst learns about the complement cell a0 = unfiltered − filtered, from both published answers. */
  function verschil(f: BeschermdeTabel): { ondergrens: number; bovengrens: number } {
    const u = beschermTabel(ongefilterd, opties);
    const uK = afrondingsinterval(u.cellen[0].aantal!, 5);
    const fK =
      f.cellen[0].aantal !== null
        ? afrondingsinterval(f.cellen[0].aantal, 5)
        : afleidbaarheid(f, opties).find((a) => a.coordinaten.aard === 'a0')!;
    return { ondergrens: Math.max(0, uK.ondergrens - fK.bovengrens), bovengrens: uK.bovengrens - fK.ondergrens };
  }

  it('without the complement the difference narrows the small count', () => {
    const f = beschermTabel(gefilterd, opties);
    expect(f.onderdrukt).toBe(0);
    expect(verschil(f)).toEqual({ ondergrens: 1, bovengrens: 9 }); // 45 − 40, each ± 2
  });

  it('with the complement the filtered cell is suppressed (and a second one), and the difference reveals nothing', () => {
    const f = beschermTabel(gefilterd, { ...opties, complement });
    expect(f.cellen.map((c) => c.reden)).toEqual(['AFLEIDBAAR_UIT_VERSCHIL', null, 'AFLEIDBAAR_UIT_TOTAAL']);
    expect(cel(f, {})).toMatchObject({ aantal: 95, onderdrukt: false });
    nietExact(f, opties);
    const v = verschil(f);
    expect(v.ondergrens).toBe(0);
    expect(v.bovengrens).toBeGreaterThanOrEqual(20);
  });

  it('suppresses a total when the filtered dimension is grouped and the complement total is small', () => {
    // grouped by regio (filtered to r0, r1) and aard; the complement has no regio: its cells are per aard, and match
    // the filtered table's totals over regio.
    const dims = { ...CBS, dimensies: ['regio', 'aard'] };
    const f = beschermTabel(
      tabel2([
        [40, 30],
        [35, 50],
      ]),
      {
        ...dims,
        complement: [
          { coordinaten: { aard: 'k0' }, aantal: 2 },
          { coordinaten: { aard: 'k1' }, aantal: 90 },
        ],
      },
    );
    expect(cel(f, { aard: 'k0' })).toMatchObject({ aantal: null, reden: 'AFLEIDBAAR_UIT_VERSCHIL' });
    expect(f.cellen.some((c) => c.onderdrukt)).toBe(true); // the total over regio must not be the sum of its cells
    nietExact(f, dims);
  });

  it('several filters: complements concatenated (as one list) or per query (complementen) give the same answer', () => {
    // grouped by regio and aard; filtered on regio (grouped: its complement has only aard) and on hoedanigheid and
    // melder (not grouped: their complements have regio and aard, the same coordinates as the table)
    const dims = { ...CBS, dimensies: ['regio', 'aard'] };
    const cellen = tabel2([
      [40, 30, 60],
      [35, 50, 45],
      [70, 80, 90],
    ]);
    const perRegio: RuweCel[] = [
      { coordinaten: { aard: 'k0' }, aantal: 30 },
      { coordinaten: { aard: 'k1' }, aantal: 4 },
    ];
    const perHoedanigheid = tabel2([
      [20, 20, 20],
      [3, 20, 20],
      [20, 20, 20],
    ]);
    const perMelder = tabel2([
      [20, 20, 20],
      [20, 20, 20],
      [20, 20, 2],
    ]);
    const los = beschermTabel(cellen, { ...dims, complementen: [perRegio, perHoedanigheid, perMelder] });
    const samen = beschermTabel(cellen, { ...dims, complement: [...perRegio, ...perHoedanigheid, ...perMelder] });
    expect(samen).toEqual(los);
    expect(cel(los, { aard: 'k1' }).reden).toBe('AFLEIDBAAR_UIT_VERSCHIL');
    expect(cel(los, { regio: 'r1', aard: 'k0' }).reden).toBe('AFLEIDBAAR_UIT_VERSCHIL');
    expect(cel(los, { regio: 'r2', aard: 'k2' }).reden).toBe('AFLEIDBAAR_UIT_VERSCHIL');
    nietExact(los, dims);
  });

  it('a zero cell stays 0 even with a small complement (the unfiltered query suppresses its own small cell)', () => {
    const f = beschermTabel(tabel1([0, 30, 25]), { ...opties, complement });
    expect(f.cellen[0]).toMatchObject({ aantal: 0, onderdrukt: false });
  });
});

/** Margin groups (published cells under a published, unsuppressed total) with exactly one suppressed member. */
function enkelOnderdruktInGroep(t: BeschermdeTabel, opties: Beschermingsopties): string[] {
  const fout: string[] = [];
  const alle = [...t.cellen, ...t.totalen];
  const perSleutel = new Map(alle.map((c) => [sleutel(c.coordinaten, opties.dimensies), c]));
  const niveaus = new Map<number, GepubliceerdeCel[]>();
  for (const c of alle) {
    const n = Object.keys(c.coordinaten).length;
    niveaus.set(n, [...(niveaus.get(n) ?? []), c]);
  }
  for (const [, knopen] of niveaus) {
    for (const d of opties.dimensies) {
      const groepen = new Map<string, GepubliceerdeCel[]>();
      for (const c of knopen) {
        if (!(d in c.coordinaten)) continue;
        const { [d]: _weg, ...rest } = c.coordinaten;
        const s = sleutel(rest, opties.dimensies);
        groepen.set(s, [...(groepen.get(s) ?? []), c]);
      }
      for (const [s, groep] of groepen) {
        const ouder = perSleutel.get(s);
        if (!ouder || ouder.onderdrukt) continue;
        if (groep.filter((c) => c.onderdrukt).length === 1) fout.push(`${d} ${s}`);
      }
    }
  }
  return fout;
}

/**
 * What the analyst learns from the one-dimensional queries over the same data (each protected on its own): intervals
 * for the totals a three-dimensional table does not publish, keyed as `afleidbaarheid` takes them in `extra`.
 */
function groverKennis(
  cellen: RuweCel[],
  opties: Beschermingsopties,
): Map<string, { ondergrens: number; bovengrens: number }> {
  const uit = new Map<string, { ondergrens: number; bovengrens: number }>();
  for (const d of opties.dimensies) {
    const som = new Map<string, number>();
    for (const c of cellen) som.set(c.coordinaten[d], (som.get(c.coordinaten[d]) ?? 0) + c.aantal);
    const grof = beschermTabel(
      [...som].map(([waarde, aantal]) => ({ coordinaten: { [d]: waarde }, aantal })),
      { ...opties, dimensies: [d] },
    );
    for (const c of grof.cellen) {
      let g = { ondergrens: opties.drempel, bovengrens: Infinity };
      if (c.reden === 'KLEINE_CEL') g = { ondergrens: 1, bovengrens: opties.drempel - 1 };
      else if (c.aantal !== null) {
        g = afrondingsinterval(c.aantal, opties.afronding);
        if (g.ondergrens >= 1) g = { ...g, ondergrens: Math.max(g.ondergrens, opties.drempel) };
        else if (g.bovengrens < opties.drempel) g = { ondergrens: 0, bovengrens: 0 };
      }
      uit.set(sleutel(c.coordinaten, opties.dimensies), g);
    }
  }
  return uit;
}

describe('property: no suppressed count is ever derivable exactly', () => {
  it('500 random small tables (1-D, 2-D, 3-D), several thresholds and bases', { timeout: 120_000 }, () => {
    const r = prng(20261127);
    let onderdrukteCellen = 0;
    let alleenUitRedenen = 0;
    for (let n = 0; n < 500; n++) {
      const dimensies = ['periode', 'regio', 'aard'].slice(0, 1 + Math.floor(r() * 3));
      const maten = dimensies.map(() => 2 + Math.floor(r() * 3));
      const opties: Beschermingsopties = {
        afronding: [5, 5, 10, 3][Math.floor(r() * 4)],
        drempel: [5, 5, 3, 10][Math.floor(r() * 4)],
        dimensies,
      };
      const cellen: RuweCel[] = [];
      const vul = (i: number, coordinaten: Record<string, string>): void => {
        if (i === dimensies.length) {
          const u = r();
          const aantal = u < 0.2 ? 0 : u < 0.5 ? 1 + Math.floor(r() * (opties.drempel - 1)) : Math.floor(r() * 40);
          cellen.push({ coordinaten, aantal });
          return;
        }
        for (let v = 0; v < maten[i]; v++) vul(i + 1, { ...coordinaten, [dimensies[i]]: `w${v}` });
      };
      vul(0, {});
      const t = beschermTabel(cellen, opties);
      const context = JSON.stringify({ opties, aantallen: cellen.map((c) => c.aantal), maten });

      // published counts are the rounded raw counts, never small; suppressed ones are never zero
      t.cellen.forEach((c, i) => {
        const ruw = cellen[i].aantal;
        if (c.onderdrukt) expect(ruw, context).toBeGreaterThan(0);
        else {
          expect(c.aantal, context).toBe(rondAf(ruw, opties.afronding));
          expect(ruw === 0 || ruw >= opties.drempel, context).toBe(true);
        }
      });
      expect(t.onderdrukt).toBe([...t.cellen, ...t.totalen].filter((c) => c.onderdrukt).length);
      if (dimensies.length < 3) expect(enkelOnderdruktInGroep(t, opties), context).toEqual([]);

      // the tables alone never pin a suppressed count
      for (const a of afleidbaarheid(t, opties, { metRedenen: false })) {
        onderdrukteCellen++;
        expect(a.exact, `${context} ${JSON.stringify(a)}`).toBe(false);
      }
      // with the published reasons: only where the reasons alone already pin it (k small cells in a small total)
      const uitRedenen = new Map(
        afleidbaarheid(alleenRedenen(t), opties).map((a) => [sleutel(a.coordinaten, dimensies), a]),
      );
      for (const a of afleidbaarheid(t, opties)) {
        if (!a.exact) continue;
        const basis = uitRedenen.get(sleutel(a.coordinaten, dimensies))!;
        expect(basis.exact, `${context} ${JSON.stringify(a)}`).toBe(true);
        alleenUitRedenen++;
      }
      // and with the coarser tables the analyst can ask for as well (three dimensions: the one-dimensional tables)
      if (dimensies.length === 3) {
        const extra = groverKennis(cellen, opties);
        const basis = new Map(
          afleidbaarheid(alleenRedenen(t), opties, { extra }).map((a) => [sleutel(a.coordinaten, dimensies), a]),
        );
        for (const a of afleidbaarheid(t, opties, { extra })) {
          if (a.exact) {
            expect(basis.get(sleutel(a.coordinaten, dimensies))!.exact, `${context} ${JSON.stringify(a)}`).toBe(true);
          }
        }
      }
    }
    expect(onderdrukteCellen).toBeGreaterThan(1000);
    // the limitation exists (drempel 3: two cells of 1 under a total of 2) but is rare
    expect(alleenUitRedenen).toBeLessThan(onderdrukteCellen / 20);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// An independent, stronger attacker: linear programming (as τ-ARGUS audits), not interval propagation.

/** max c·y subject to A y = b, y ≥ 0 (dense two-phase simplex, Bland's rule). null when infeasible. */
function simplexMax(A: number[][], b: number[], c: number[]): number | null {
  const EPS = 1e-9;
  const m = A.length;
  const n = c.length;
  // tableau rows: [coefficients (n), artificials (m), rhs]
  const T = A.map((rij, i) => {
    const teken = b[i] < 0 ? -1 : 1;
    const r = new Array<number>(n + m + 1).fill(0);
    rij.forEach((v, j) => (r[j] = teken * v));
    r[n + i] = 1;
    r[n + m] = teken * b[i];
    return r;
  });
  const basis = Array.from({ length: m }, (_, i) => n + i);
  const inBasis = new Uint8Array(n + m);
  for (const j of basis) inBasis[j] = 1;
  const pivot = (rij: number, kol: number) => {
    const p = T[rij][kol];
    for (let j = 0; j <= n + m; j++) T[rij][j] /= p;
    for (let i = 0; i < m; i++) {
      if (i === rij || Math.abs(T[i][kol]) < EPS) continue;
      const f = T[i][kol];
      for (let j = 0; j <= n + m; j++) T[i][j] -= f * T[rij][j];
    }
    inBasis[basis[rij]] = 0;
    inBasis[kol] = 1;
    basis[rij] = kol;
  };
  const optimaliseer = (kosten: number[], toegestaan: (j: number) => boolean): boolean => {
    for (let stap = 0; stap < 50_000; stap++) {
      // reduced cost of column j: kosten[j] − Σ kosten[basis[i]]·T[i][j]; enter the first with positive reduced cost
      let kol = -1;
      const kb = basis.map((j) => kosten[j]);
      for (let j = 0; j < n + m && kol < 0; j++) {
        if (!toegestaan(j) || inBasis[j]) continue;
        let r = kosten[j];
        for (let i = 0; i < m; i++) if (kb[i] !== 0) r -= kb[i] * T[i][j];
        if (r > EPS) kol = j;
      }
      if (kol < 0) return true;
      let rij = -1;
      let beste = Infinity;
      for (let i = 0; i < m; i++) {
        if (T[i][kol] > EPS) {
          const q = T[i][n + m] / T[i][kol];
          if (q < beste - EPS || (Math.abs(q - beste) <= EPS && basis[i] < basis[rij])) {
            beste = q;
            rij = i;
          }
        }
      }
      if (rij < 0) return false; // unbounded
      pivot(rij, kol);
    }
    throw new Error('simplex: too many steps');
  };
  const fase1 = [...new Array<number>(n).fill(0), ...new Array<number>(m).fill(-1)];
  optimaliseer(fase1, () => true);
  if (basis.some((j, i) => j >= n && T[i][n + m] > 1e-7)) return null;
  for (let i = 0; i < m; i++) {
    if (basis[i] < n) continue;
    const kol = T[i].findIndex((v, j) => j < n && Math.abs(v) > EPS);
    if (kol >= 0) pivot(i, kol);
  }
  const kosten = [...c, ...new Array<number>(m).fill(0)];
  if (!optimaliseer(kosten, (j) => j < n)) return Infinity;
  let waarde = 0;
  for (let i = 0; i < m; i++) waarde += kosten[basis[i]] * T[i][n + m];
  return waarde;
}

/**
 * LP bounds of every suppressed count: variables are all sums of the table's lattice (cells, published totals, the
 * coarser totals in between), each boxed by what the analyst knows (published rounded value, "0 or ≥ drempel" relaxed
 * to an interval, the reason), tied by every equation total = Σ parts.
 */
function lpGrenzen(t: BeschermdeTabel, opties: Beschermingsopties): Map<string, { min: number; max: number }> {
  const dims = opties.dimensies;
  const GROOT = 1e5;
  const knopen = new Map<string, Record<string, string>>();
  for (const c of t.cellen) {
    for (let m = 0; m < 1 << dims.length; m++) {
      const co: Record<string, string> = {};
      dims.forEach((d, i) => {
        if (m & (1 << i)) co[d] = c.coordinaten[d];
      });
      knopen.set(sleutel(co, dims), co);
    }
  }
  const sleutels = [...knopen.keys()];
  const nr = new Map(sleutels.map((s, i) => [s, i]));
  const gepubliceerd = new Map([...t.cellen, ...t.totalen].map((c) => [sleutel(c.coordinaten, dims), c]));
  const lo: number[] = [];
  const hi: number[] = [];
  for (const s of sleutels) {
    const c = gepubliceerd.get(s);
    let l = 0;
    let h = GROOT;
    if (c && c.aantal !== null) {
      l = Math.max(0, c.aantal - Math.floor(opties.afronding / 2));
      h = c.aantal + Math.ceil(opties.afronding / 2) - 1;
      if (l >= 1) l = Math.max(l, opties.drempel);
      else if (h < opties.drempel) h = 0;
    } else if (c) {
      l = c.reden === 'KLEINE_CEL' ? 1 : opties.drempel;
      h = c.reden === 'KLEINE_CEL' ? opties.drempel - 1 : GROOT;
    }
    lo.push(l);
    hi.push(h);
  }
  // equations in y = x − lo: for every node and dimension it has, node = Σ of the nodes one dimension finer
  const N = sleutels.length;
  const rijen: number[][] = [];
  const rhs: number[] = [];
  sleutels.forEach((s, p) => {
    const co = knopen.get(s)!;
    for (const d of dims) {
      if (d in co) continue;
      const kinderen = sleutels.filter((k) => {
        const kc = knopen.get(k)!;
        return (
          Object.keys(kc).length === Object.keys(co).length + 1 &&
          d in kc &&
          Object.entries(co).every(([a, v]) => kc[a] === v)
        );
      });
      if (kinderen.length === 0) continue;
      const rij = new Array<number>(2 * N).fill(0);
      rij[p] = 1;
      let r = -lo[p];
      for (const k of kinderen) {
        rij[nr.get(k)!] -= 1;
        r += lo[nr.get(k)!];
      }
      rijen.push(rij);
      rhs.push(r);
    }
  });
  // y + slack = hi − lo
  for (let i = 0; i < N; i++) {
    const rij = new Array<number>(2 * N).fill(0);
    rij[i] = 1;
    rij[N + i] = 1;
    rijen.push(rij);
    rhs.push(hi[i] - lo[i]);
  }
  const uit = new Map<string, { min: number; max: number }>();
  for (const [s, c] of gepubliceerd) {
    if (!c.onderdrukt) continue;
    const i = nr.get(s)!;
    const doel = new Array<number>(2 * N).fill(0);
    doel[i] = 1;
    const max = simplexMax(rijen, rhs, doel);
    doel[i] = -1;
    const min = simplexMax(rijen, rhs, doel);
    if (max === null || min === null) throw new Error(`LP infeasible for ${s}`);
    uit.set(s, { min: lo[i] - min, max: lo[i] + max });
  }
  return uit;
}

describe('property: not even linear programming pins a suppressed count', () => {
  it('the LP attacker pins what primary suppression alone leaves open', () => {
    const opties = { ...CBS, dimensies: ['regio', 'aard'] };
    const t = beschermTabel(
      tabel2([
        [2, 30, 60],
        [30, 31, 70],
        [60, 70, 80],
      ]),
      opties,
    );
    // publish everything but the small cell: row total − row cells gives it back within the rounding
    const naief: BeschermdeTabel = {
      ...t,
      cellen: t.cellen.map((c, i) =>
        i === 0 || !c.onderdrukt
          ? c
          : { ...c, aantal: rondAf([2, 30, 60, 30, 31][i], 5), onderdrukt: false, reden: null },
      ),
    };
    const [[, g]] = [...lpGrenzen(naief, opties)];
    expect(Math.floor(g.max + 1e-6) - Math.ceil(g.min - 1e-6)).toBeLessThan(4);
    // the real table: the small cell is only known to lie in its reason's range
    const [[, echt]] = [...lpGrenzen(t, opties)].filter(
      ([s]) => s === sleutel({ regio: 'r0', aard: 'k0' }, opties.dimensies),
    );
    expect([Math.ceil(echt.min - 1e-6), Math.floor(echt.max + 1e-6)]).toEqual([1, 4]);
  });

  it('100 random small tables (1-D, 2-D, 3-D), checked by LP as τ-ARGUS would', { timeout: 180_000 }, () => {
    const r = prng(71);
    let gecontroleerd = 0;
    const gepind: string[] = [];
    for (let n = 0; n < 100; n++) {
      const dimensies = ['periode', 'regio', 'aard'].slice(0, 1 + Math.floor(r() * 3));
      const maten = dimensies.map(() => 2 + Math.floor(r() * (dimensies.length === 3 ? 2 : 3)));
      const opties: Beschermingsopties = { afronding: 5, drempel: [5, 10][Math.floor(r() * 2)], dimensies };
      const cellen: RuweCel[] = [];
      const vul = (i: number, coordinaten: Record<string, string>): void => {
        if (i === dimensies.length) {
          const u = r();
          cellen.push({
            coordinaten,
            aantal: u < 0.2 ? 0 : u < 0.45 ? 1 + Math.floor(r() * (opties.drempel - 1)) : Math.floor(r() * 60),
          });
          return;
        }
        for (let v = 0; v < maten[i]; v++) vul(i + 1, { ...coordinaten, [dimensies[i]]: `w${v}` });
      };
      vul(0, {});
      const t = beschermTabel(cellen, opties);
      const basis = lpGrenzen(alleenRedenen(t), opties);
      for (const [s, g] of lpGrenzen(t, opties)) {
        gecontroleerd++;
        const ruw = cellen.find((c) => sleutel(c.coordinaten, dimensies) === s)?.aantal;
        if (ruw !== undefined) {
          expect(ruw).toBeGreaterThanOrEqual(Math.ceil(g.min - 1e-6)); // the LP is sound: the truth lies inside
          expect(ruw).toBeLessThanOrEqual(Math.floor(g.max + 1e-6));
        }
        const b = basis.get(s)!;
        if (
          Math.floor(g.max + 1e-6) === Math.ceil(g.min - 1e-6) &&
          Math.floor(b.max + 1e-6) > Math.ceil(b.min - 1e-6)
        ) {
          gepind.push(
            `${JSON.stringify({ opties, aantallen: cellen.map((c) => c.aantal), maten })} ${s} ${JSON.stringify(g)}`,
          );
        }
      }
    }
    expect(gecontroleerd).toBeGreaterThan(200);
    expect(gepind).toEqual([]);
  });
});

describe('de instellingen van de openbaarmaking', () => {
  it('elke drempel en afronding die de configuratie aanneemt, neemt de bescherming ook aan; de rest weigert de start', async () => {
    const { loadConfig, ConfigError } = await import('../../src/lib/config');
    const cellen = tabel1([0, 3, 12]);
    for (const drempel of ['0', '1', '10', '1000', '1001']) {
      for (const afronding of ['0', '1', '5', '100', '101']) {
        let config: ReturnType<typeof loadConfig> | undefined;
        try {
          config = loadConfig({ ANALYSE_DREMPEL: drempel, ANALYSE_AFRONDING: afronding });
        } catch (e) {
          expect(e, `${drempel}/${afronding}`).toBeInstanceOf(ConfigError);
        }
        if (config) {
          const { afronding, drempel: d } = config.analyse;
          expect(() => beschermTabel(cellen, { afronding, drempel: d, dimensies: ['aard'] })).not.toThrow();
        } else expect(['0', '1001', '101'].some((x) => x === drempel || x === afronding)).toBe(true);
      }
    }
  });
});
