import type {
  BeschermdeTabel,
  Beschermingsopties,
  GepubliceerdeCel,
  OnderdrukkingsReden,
  RuweCel,
} from './openbaarmaking.types';

/**
 * Statistical disclosure control for ad-hoc aggregate tables, in the style of CBS "Beleidsinformatie Veilig Thuis"
 * (DOMAIN.md §3.3: counts in multiples of 5, small cells shown as "."). Pure functions, no database: the analyst API
 * computes raw cells and every answer passes `beschermTabel`.
 *
 * No npm package does this (τ-ARGUS and GaussSuppression are Java/C++ and R), so the method is implemented here:
 *
 * 1. **Rounding.** Counts are published as the nearest multiple of `afronding`, halves up (base 5: 0,1,2 → 0; 3..7 → 5;
 *    12 → 10; 13 → 15). A raw 0 is published as 0 and never suppressed: "nobody" is not a person.
 * 2. **Primary suppression.** Every published count with 0 < raw < `drempel` (a cell or a total) is suppressed:
 *    KLEINE_CEL. Derived measures (medians, shares) are published only for unsuppressed cells.
 * 3. **Differencing.** With `opties.complement` / `complementen` (the raw cells of the excluded part of a filtered query), every
 *    published count whose complement counterpart is small is suppressed: AFLEIDBAAR_UIT_VERSCHIL (see below).
 * 4. **Secondary suppression, hypercube heuristic.** The table is seen as the lattice of all its sums: the cells, the
 *    totals over one dimension (published), the coarser totals (not published in this table, but an analyst can ask
 *    for them in another query) and the grand total (published). Every "margin group" (nodes sharing all coordinates
 *    but one dimension, with their total) that holds exactly one suppressed node while its total is known gets a
 *    second suppression: the smallest unsuppressed non-zero node, ties by coordinates; if there is none, the total
 *    itself. A suppressed total whose nodes are all published gets one of them suppressed. Repeated until stable.
 * 5. **Audit and repair.** The heuristic alone can still leave a suppressed cell narrowed by interval reasoning
 *    (rounding errors can line up; the published reason says a secondary cell is ≥ drempel). So the table is then
 *    audited the way an attacker would: `propageer` propagates integer intervals over every sum equation of the lattice
 *    (published value v ⇒ [v-2, v+2] for base 5; published ⇒ 0 or ≥ drempel; KLEINE_CEL ⇒ [1, drempel-1]; other
 *    reasons ⇒ ≥ drempel; a coarser total this table does not publish is assumed known, rounded, because it is one
 *    query away), iterated to a fixpoint. Every suppressed node must stay open: not pinned to one value, and a
 *    KLEINE_CEL cell not narrowed below its reason's range [1, drempel-1] — each only insofar as suppressing
 *    everything else would help. Where a node is too narrow, the nearest free node (its own groups first, then further
 *    along the equations) is suppressed (AFLEIDBAAR_UIT_TOTAAL) and the audit runs again.
 *
 * Deterministic: the outcome depends only on the input values and coordinates, not on the order of the cells
 * (ties are broken by coordinates in the order of `opties.dimensies`).
 *
 * Residual risk, stated honestly:
 * - **Reason codes** say a KLEINE_CEL count lies in [1, drempel-1]. When k small cells share a total that is small
 *   itself, each lies in [1, drempel-k]; with k = drempel-1 each is exactly 1. That follows from the reasons alone, not
 *   from the numbers; `afleidbaarheid` reports it, repair cannot add information-hiding there.
 * - **Differencing** is blocked for the pair the API knows (filtered vs. unfiltered, via `complement`/`complementen`). Many
 *   overlapping queries (several filters, sliding periods, coarser and finer groupings of the same data) can in
 *   combination still narrow a small count; rounding limits what each difference reveals (a difference of two rounded
 *   counts is only known within ±(afronding-1)), and the audit trail of every analyst query is the further safeguard.
 * - **Coarser tables**: a total not published here (e.g. a one-dimensional total of a three-dimensional table) is
 *   treated as known when it is not small, because the analyst can ask for it; a suppressed node that equals such a
 *   total (all its siblings are zero) cannot be hidden by this table alone.
 * - **The audit reasons with intervals**, not with linear programming over all equations at once as τ-ARGUS can; the
 *   tests run an LP attacker over random tables as a check, and it pins nothing either.
 */

export interface Interval {
  readonly ondergrens: number;
  /** Infinity when nothing bounds the count from above. */
  readonly bovengrens: number;
}

export interface Afleidbaarheid extends Interval {
  readonly coordinaten: Readonly<Record<string, string>>;
  readonly reden: OnderdrukkingsReden;
  /** The bounds pin the count to one value: the suppression has failed. */
  readonly exact: boolean;
}

const MAX_DIMENSIES = 8;

/** Nearest multiple of `basis`, halves up. */
export function rondAf(aantal: number, basis: number): number {
  return Math.floor((2 * aantal + basis) / (2 * basis)) * basis;
}

/** The raw counts that round to `gepubliceerd` (inclusive). */
export function afrondingsinterval(gepubliceerd: number, basis: number): Interval {
  return {
    ondergrens: Math.max(0, gepubliceerd - Math.floor(basis / 2)),
    bovengrens: gepubliceerd + Math.ceil(basis / 2) - 1,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The lattice of sums

interface Knoop {
  readonly sleutel: string;
  readonly coordinaten: Readonly<Record<string, string>>;
  /** Bit i set: dimension i of the lattice is a coordinate of this node. */
  readonly masker: number;
  /** Per dimension of the lattice: its part of the key ('' when absent); the key is their concatenation. */
  readonly delen: readonly string[];
  ruw: number;
}

/** parent = Σ children; all children share the parent's coordinates plus one dimension. */
interface Vergelijking {
  readonly ouder: number;
  readonly kinderen: readonly number[];
}

interface Rooster {
  readonly dimensies: readonly string[];
  readonly knopen: readonly Knoop[];
  readonly index: ReadonlyMap<string, number>;
  readonly vergelijkingen: readonly Vergelijking[];
  /** Per node: the equations it occurs in. */
  readonly inVergelijkingen: readonly (readonly number[])[];
}

/** A key independent of which dimensions the table has: the same coordinates give the same key in any lattice. */
function sleutelVan(coordinaten: Readonly<Record<string, string>>, volgorde: readonly string[]): string {
  let s = '';
  for (const d of volgorde) if (d in coordinaten) s += deel(d, coordinaten[d]);
  return s;
}

const delenCache = new Map<string, Map<string, string>>();
/** A dimension's part of a key; memoised (JSON.stringify per cell and total was a third of the cost of a large table). */
function deel(dimensie: string, waarde: string): string {
  let perWaarde = delenCache.get(dimensie);
  if (!perWaarde) delenCache.set(dimensie, (perWaarde = new Map<string, string>()));
  let d = perWaarde.get(waarde);
  if (d === undefined) {
    d = `${dimensie}=${JSON.stringify(waarde)};`;
    // Bounded: a pathological stream of distinct values must not grow the cache without end.
    if (perWaarde.size < 100_000) perWaarde.set(waarde, d);
  }
  return d;
}

function aantalBits(m: number): number {
  let n = 0;
  for (let x = m; x; x &= x - 1) n++;
  return n;
}

function bouwRooster(
  cellen: readonly { coordinaten: Readonly<Record<string, string>>; aantal: number }[],
  dimensies: readonly string[],
  volgorde: readonly string[],
): Rooster {
  const n = dimensies.length;
  if (n > MAX_DIMENSIES) throw new RangeError(`openbaarmaking: at most ${MAX_DIMENSIES} dimensions`);
  const perSleutel = new Map<string, Knoop>();
  const cellenGezien = new Set<string>();
  for (const cel of cellen) {
    const sleutels = Object.keys(cel.coordinaten);
    if (sleutels.length !== n || !dimensies.every((d) => typeof cel.coordinaten[d] === 'string')) {
      throw new RangeError(
        `openbaarmaking: cell coordinates ${JSON.stringify(cel.coordinaten)} do not match dimensions ${dimensies.join(', ')}`,
      );
    }
    if (!Number.isSafeInteger(cel.aantal) || cel.aantal < 0) {
      throw new RangeError(`openbaarmaking: count must be a non-negative integer, got ${cel.aantal}`);
    }
    const celSleutel = sleutelVan(cel.coordinaten, volgorde);
    if (cellenGezien.has(celSleutel)) throw new RangeError(`openbaarmaking: duplicate cell ${celSleutel}`);
    cellenGezien.add(celSleutel);
    // `dimensies` is in the order of `volgorde`, so concatenating the parts gives the node's key (sleutelVan).
    const delen = dimensies.map((d) => deel(d, cel.coordinaten[d]));
    for (let masker = 0; masker < 1 << n; masker++) {
      let sleutel = '';
      for (let i = 0; i < n; i++) if (masker & (1 << i)) sleutel += delen[i];
      const knoop = perSleutel.get(sleutel);
      if (knoop) {
        knoop.ruw += cel.aantal;
        continue;
      }
      const coordinaten: Record<string, string> = {};
      dimensies.forEach((d, i) => {
        if (masker & (1 << i)) coordinaten[d] = cel.coordinaten[d];
      });
      const knoopDelen = delen.map((x, i) => (masker & (1 << i) ? x : ''));
      perSleutel.set(sleutel, { sleutel, coordinaten, masker, delen: knoopDelen, ruw: cel.aantal });
    }
  }
  // Finest level first, then by coordinates: the order of everything downstream, hence determinism.
  const knopen = [...perSleutel.values()].sort(
    (a, b) => aantalBits(b.masker) - aantalBits(a.masker) || b.masker - a.masker || vergelijk(a.sleutel, b.sleutel),
  );
  const index = new Map(knopen.map((k, i) => [k.sleutel, i]));
  // One equation per (parent, dimension summed over): keyed by parent index × n + bit.
  const perVergelijking = new Map<number, { ouder: number; kinderen: number[] }>();
  knopen.forEach((knoop, i) => {
    for (let bit = 0; bit < n; bit++) {
      if (!(knoop.masker & (1 << bit))) continue;
      let ouderSleutel = '';
      for (let j = 0; j < n; j++) if (j !== bit) ouderSleutel += knoop.delen[j];
      const ouder = index.get(ouderSleutel)!;
      const id = ouder * n + bit;
      let v = perVergelijking.get(id);
      if (!v) perVergelijking.set(id, (v = { ouder, kinderen: [] }));
      v.kinderen.push(i);
    }
  });
  const vergelijkingen = [...perVergelijking.values()];
  const inVergelijkingen: number[][] = knopen.map(() => []);
  vergelijkingen.forEach((v, j) => {
    inVergelijkingen[v.ouder].push(j);
    for (const k of v.kinderen) inVergelijkingen[k].push(j);
  });
  return { dimensies, knopen, index, vergelijkingen, inVergelijkingen };
}

/**
 * The sum of every node of a table's lattice by key (as `sleutelVan` gives it): what `bouwRooster` computes, without
 * the equations and the order, for a complement query, whose only use is a lookup per published node.
 */
function sommen(cellen: readonly RuweCel[], dimensies: readonly string[]): Map<string, number> {
  const n = dimensies.length;
  if (n > MAX_DIMENSIES) throw new RangeError(`openbaarmaking: at most ${MAX_DIMENSIES} dimensions`);
  const uit = new Map<string, number>();
  const delen: string[] = new Array<string>(n);
  for (const cel of cellen) {
    if (Object.keys(cel.coordinaten).length !== n || !dimensies.every((d) => typeof cel.coordinaten[d] === 'string')) {
      throw new RangeError(
        `openbaarmaking: complement cell coordinates ${JSON.stringify(cel.coordinaten)} do not match dimensions ${dimensies.join(', ')}`,
      );
    }
    if (!Number.isSafeInteger(cel.aantal) || cel.aantal < 0) {
      throw new RangeError(`openbaarmaking: count must be a non-negative integer, got ${cel.aantal}`);
    }
    for (let i = 0; i < n; i++) delen[i] = deel(dimensies[i], cel.coordinaten[dimensies[i]]);
    for (let masker = 0; masker < 1 << n; masker++) {
      let sleutel = '';
      for (let i = 0; i < n; i++) if (masker & (1 << i)) sleutel += delen[i];
      uit.set(sleutel, (uit.get(sleutel) ?? 0) + cel.aantal);
    }
  }
  return uit;
}

function vergelijk(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The complement queries of the options, each a non-empty list of cells with one set of coordinate keys.
 * `complementen` gives them one list per query. `complement` may hold one query, or several concatenated: cells are
 * then grouped by their set of coordinate keys (a filter on a grouped dimension drops it), and cells with the same
 * coordinates are taken to come from different queries (first fit, in input order). The totals of such a split
 * can mix queries; pass `complementen` to be exact. Every complement cell is still compared on its own.
 */
function complementQueries(opties: Beschermingsopties): RuweCel[][] {
  const uit: RuweCel[][] = [];
  const splits = (lijst: readonly RuweCel[]) => {
    const perSet = new Map<string, { cellen: RuweCel[]; gezien: Set<string> }[]>();
    for (const cel of lijst) {
      const sleutels = Object.keys(cel.coordinaten).sort();
      const set = JSON.stringify(sleutels);
      const groepen = perSet.get(set) ?? [];
      perSet.set(set, groepen);
      const s = sleutelVan(cel.coordinaten, sleutels);
      let groep = groepen.find((g) => !g.gezien.has(s));
      if (!groep) groepen.push((groep = { cellen: [], gezien: new Set() }));
      groep.gezien.add(s);
      groep.cellen.push(cel);
    }
    for (const groepen of perSet.values()) for (const g of groepen) uit.push(g.cellen);
  };
  if (opties.complement?.length) splits(opties.complement);
  // One query per list: taken as it is (`sommen` refuses a list whose cells have different coordinate keys).
  for (const lijst of opties.complementen ?? []) if (lijst.length) uit.push([...lijst]);
  return uit;
}

/** The levels a table publishes: the cells, the totals over one dimension, the grand total. */
function gepubliceerdNiveau(masker: number, n: number): boolean {
  const b = aantalBits(masker);
  return b === n || b === n - 1 || b === 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Interval propagation: what an analyst can conclude from a published table

/**
 * Tightest integer bounds implied by the equations, starting from `lo`/`hi` (modified in place), by propagating each
 * equation parent = Σ children in both directions until nothing changes (a worklist over the equations).
 */
function propageer(rooster: Rooster, lo: number[], hi: number[]): void {
  const { vergelijkingen, inVergelijkingen } = rooster;
  const inWachtrij = new Uint8Array(vergelijkingen.length).fill(1);
  const wachtrij = vergelijkingen.map((_, j) => j);
  let stappen = 0;
  const maxStappen = 2_000 * Math.max(1, vergelijkingen.length);
  const zet = (i: number, nieuwLo: number, nieuwHi: number) => {
    let veranderd = false;
    if (nieuwLo > lo[i]) {
      lo[i] = nieuwLo;
      veranderd = true;
    }
    if (nieuwHi < hi[i]) {
      hi[i] = nieuwHi;
      veranderd = true;
    }
    if (veranderd) {
      for (const j of inVergelijkingen[i]) {
        if (!inWachtrij[j]) {
          inWachtrij[j] = 1;
          wachtrij.push(j);
        }
      }
    }
  };
  for (let w = 0; w < wachtrij.length && stappen++ < maxStappen; w++) {
    const j = wachtrij[w];
    inWachtrij[j] = 0;
    const { ouder, kinderen } = vergelijkingen[j];
    let somLo = 0;
    let somHiEindig = 0;
    let oneindig = 0;
    for (const k of kinderen) {
      somLo += lo[k];
      if (hi[k] === Infinity) oneindig++;
      else somHiEindig += hi[k];
    }
    zet(ouder, somLo, oneindig > 0 ? Infinity : somHiEindig);
    const pLo = lo[ouder];
    const pHi = hi[ouder];
    for (const k of kinderen) {
      const anderenLo = somLo - lo[k];
      const anderenOneindig = oneindig - (hi[k] === Infinity ? 1 : 0);
      const anderenHi = anderenOneindig > 0 ? Infinity : somHiEindig - (hi[k] === Infinity ? 0 : hi[k]);
      zet(k, anderenHi === Infinity ? lo[k] : pLo - anderenHi, pHi - anderenLo);
    }
  }
}

/** What the analyst knows of one published node before combining equations. */
function beginInterval(
  gepubliceerd: number | null,
  reden: OnderdrukkingsReden | null,
  opties: Beschermingsopties,
  metRedenen: boolean,
): Interval {
  if (gepubliceerd !== null) {
    const r = afrondingsinterval(gepubliceerd, opties.afronding);
    // Published means: raw 0, or not under the threshold.
    if (r.ondergrens >= 1) return { ondergrens: Math.max(r.ondergrens, opties.drempel), bovengrens: r.bovengrens };
    if (r.bovengrens < opties.drempel) return { ondergrens: 0, bovengrens: 0 };
    return r;
  }
  // Suppressed means non-zero (a zero is never suppressed); the reason says more.
  if (!metRedenen) return { ondergrens: 1, bovengrens: Infinity };
  if (reden === 'KLEINE_CEL') return { ondergrens: 1, bovengrens: Math.max(1, opties.drempel - 1) };
  return { ondergrens: Math.max(1, opties.drempel), bovengrens: Infinity };
}

function controleerOpties(opties: Beschermingsopties): void {
  if (!Number.isSafeInteger(opties.afronding) || opties.afronding < 1) {
    throw new RangeError(`openbaarmaking: afronding must be a positive integer, got ${opties.afronding}`);
  }
  if (!Number.isSafeInteger(opties.drempel) || opties.drempel < 1) {
    throw new RangeError(`openbaarmaking: drempel must be a positive integer, got ${opties.drempel}`);
  }
  if (new Set(opties.dimensies).size !== opties.dimensies.length) {
    throw new RangeError('openbaarmaking: duplicate dimension');
  }
}

interface Toestand {
  readonly rooster: Rooster;
  readonly gepubliceerd: readonly boolean[];
  readonly reden: (OnderdrukkingsReden | null)[];
}

function grenzenVan(
  toestand: Toestand,
  opties: Beschermingsopties,
  metRedenen: boolean,
): { lo: number[]; hi: number[] } {
  const { rooster, gepubliceerd, reden } = toestand;
  const lo: number[] = [];
  const hi: number[] = [];
  rooster.knopen.forEach((k, i) => {
    // A coarser total this table does not publish is one query away: the audit assumes the analyst has it, rounded,
    // or (when small) knows it is small.
    const klein = k.ruw > 0 && k.ruw < opties.drempel;
    const b = gepubliceerd[i]
      ? beginInterval(reden[i] ? null : rondAf(k.ruw, opties.afronding), reden[i] ?? null, opties, metRedenen)
      : beginInterval(klein ? null : rondAf(k.ruw, opties.afronding), klein ? 'KLEINE_CEL' : null, opties, metRedenen);
    lo.push(b.ondergrens);
    hi.push(b.bovengrens);
  });
  propageer(rooster, lo, hi);
  return { lo, hi };
}

// ---------------------------------------------------------------------------------------------------------------
// Protection

/**
 * Round, suppress and mark a table of raw cells (see the module comment for the rules). Cells come back in input
 * order; totals are the totals over each dimension (in the order of `opties.dimensies`) and then the grand total.
 */
export function beschermTabel(cellen: RuweCel[] | readonly RuweCel[], opties: Beschermingsopties): BeschermdeTabel {
  controleerOpties(opties);
  const dimensies = opties.dimensies;
  const n = dimensies.length;
  const rooster = bouwRooster(cellen, dimensies, dimensies);
  const { knopen, vergelijkingen } = rooster;
  const gepubliceerd = knopen.map((k) => gepubliceerdNiveau(k.masker, n));
  const reden: (OnderdrukkingsReden | null)[] = knopen.map(() => null);
  const toestand: Toestand = { rooster, gepubliceerd, reden };
  const klein = (x: number) => x > 0 && x < opties.drempel;

  // Primary suppression.
  knopen.forEach((k, i) => {
    if (gepubliceerd[i] && klein(k.ruw)) reden[i] = 'KLEINE_CEL';
  });

  // Differencing against the complement of a filtered query: filtered + complement = unfiltered, for every cell and
  // every total with the same coordinates; a small complement count would be the difference of two answers.
  for (const query of complementQueries(opties)) {
    const comp = sommen(
      query,
      dimensies.filter((d) => d in query[0].coordinaten),
    );
    knopen.forEach((k, i) => {
      if (!gepubliceerd[i] || reden[i] || k.ruw === 0) return;
      const som = comp.get(k.sleutel);
      if (som !== undefined && klein(som)) reden[i] = 'AFLEIDBAAR_UIT_VERSCHIL';
    });
  }

  const kleinste = (kandidaten: readonly number[]): number | undefined =>
    kandidaten.reduce<number | undefined>(
      (best, i) =>
        best === undefined || knopen[i].ruw < knopen[best].ruw || (knopen[i].ruw === knopen[best].ruw && i < best)
          ? i
          : best,
      undefined,
    );
  const vrij = (i: number) => gepubliceerd[i] && reden[i] === null && knopen[i].ruw > 0;

  // Secondary suppression: the hypercube heuristic.
  // A worklist over the equations: suppressing a node re-examines every equation it occurs in.
  const hypercube = () => {
    const wachtrij = vergelijkingen.map((_, j) => j);
    const inWachtrij = new Uint8Array(vergelijkingen.length).fill(1);
    const onderdruk = (k: number) => {
      reden[k] = 'AFLEIDBAAR_UIT_TOTAAL';
      for (const j of rooster.inVergelijkingen[k]) {
        if (!inWachtrij[j]) {
          inWachtrij[j] = 1;
          wachtrij.push(j);
        }
      }
    };
    for (let w = 0; w < wachtrij.length; w++) {
      const j = wachtrij[w];
      inWachtrij[j] = 0;
      const { ouder, kinderen } = vergelijkingen[j];
      if (!gepubliceerd[kinderen[0]]) continue;
      let onderdrukt = 0;
      for (const k of kinderen) if (reden[k] !== null) onderdrukt++;
      const ouderBekend = gepubliceerd[ouder] ? reden[ouder] === null : !klein(knopen[ouder].ruw);
      if (ouderBekend && onderdrukt === 1) {
        const kandidaat = kleinste(kinderen.filter(vrij));
        if (kandidaat !== undefined) onderdruk(kandidaat);
        else if (gepubliceerd[ouder]) onderdruk(ouder);
      } else if (gepubliceerd[ouder] && reden[ouder] !== null && onderdrukt === 0) {
        const kandidaat = kleinste(kinderen.filter(vrij));
        if (kandidaat !== undefined) onderdruk(kandidaat);
      }
    }
  };
  hypercube();

  // Audit and repair. The baseline is the table with every non-zero count suppressed: what the reasons alone give
  // away. A node narrower than that is repaired; one that is narrow even there cannot be helped by suppressing more.
  const basis = grenzenVan(
    { rooster, gepubliceerd, reden: reden.map((r, i) => r ?? (vrij(i) ? 'AFLEIDBAAR_UIT_TOTAAL' : null)) },
    opties,
    true,
  );
  for (let ronde = 0; ronde < knopen.length + 1; ronde++) {
    const { lo, hi } = grenzenVan(toestand, opties, true);
    let hersteld = false;
    // Several repairs per audit, but only in equations no repair of this round touched: the next audit sees their
    // effect first, so hardly more is suppressed than one repair per audit would (and large tables stay fast).
    const geraakt = new Set<number>();
    for (let i = 0; i < knopen.length; i++) {
      if (!gepubliceerd[i] || reden[i] === null) continue;
      if (!teNauw(reden[i]!, lo[i], hi[i], basis.lo[i], basis.hi[i], opties)) continue;
      if (rooster.inVergelijkingen[i].some((j) => geraakt.has(j))) continue;
      const kandidaat = herstelKandidaat(i, toestand, opties);
      if (kandidaat === undefined) continue;
      reden[kandidaat] = 'AFLEIDBAAR_UIT_TOTAAL';
      for (const j of [...rooster.inVergelijkingen[i], ...rooster.inVergelijkingen[kandidaat]]) geraakt.add(j);
      hersteld = true;
    }
    if (!hersteld) break;
    hypercube();
  }

  // Output.
  const publiceer = (i: number, afgeleid: Readonly<Record<string, number | null>>): GepubliceerdeCel => {
    const r = reden[i] ?? null;
    return {
      coordinaten: knopen[i].coordinaten,
      aantal: r ? null : rondAf(knopen[i].ruw, opties.afronding),
      afgeleid: r ? Object.fromEntries(Object.keys(afgeleid).map((m) => [m, null])) : { ...afgeleid },
      onderdrukt: r !== null,
      reden: r,
    };
  };
  const uit = cellen.map((c) => publiceer(rooster.index.get(sleutelVan(c.coordinaten, dimensies))!, c.afgeleid ?? {}));
  const totalen: GepubliceerdeCel[] = [];
  if (n > 0) {
    for (let weg = 0; weg < n; weg++) {
      const masker = ((1 << n) - 1) & ~(1 << weg);
      if (masker === 0) continue; // one dimension: the total over it is the grand total, added below
      knopen.forEach((k, i) => {
        if (k.masker === masker) totalen.push(publiceer(i, {}));
      });
    }
    const totaal = rooster.index.get(sleutelVan({}, dimensies));
    if (totaal !== undefined) totalen.push(publiceer(totaal, {}));
  }
  const onderdrukt = uit.filter((c) => c.onderdrukt).length + totalen.filter((c) => c.onderdrukt).length;
  return { cellen: uit, totalen, onderdrukt };
}

/**
 * A suppressed node is too narrow when pinned, or (KLEINE_CEL) narrowed inside its reason's range [1, drempel-1] —
 * in both cases only insofar as the baseline (everything suppressed: the reasons alone) is wider.
 */
function teNauw(
  reden: OnderdrukkingsReden,
  lo: number,
  hi: number,
  basisLo: number,
  basisHi: number,
  opties: Beschermingsopties,
): boolean {
  if (hi <= lo && basisHi > basisLo) return true;
  if (reden === 'KLEINE_CEL') return lo > Math.max(1, basisLo) || hi < Math.min(opties.drempel - 1, basisHi);
  return false;
}

/**
 * The node to suppress next to widen node i: an unsuppressed non-zero sibling in one of i's groups (or child, when i
 * is a total), preferring the smallest that adds at least drempel-1 of unknown mass (raw ≥ 2·drempel-1, as its reason
 * tells the analyst only "≥ drempel"), else the largest; then the group's published total.
 */
function herstelKandidaat(i: number, toestand: Toestand, opties: Beschermingsopties): number | undefined {
  const { rooster, gepubliceerd, reden } = toestand;
  const { knopen, vergelijkingen, inVergelijkingen } = rooster;
  const vrij = (k: number) => gepubliceerd[k] && reden[k] === null && knopen[k].ruw > 0;
  const orde = (a: number, b: number) => knopen[a].ruw - knopen[b].ruw || a - b;
  // Breadth-first over the equations: the nearest free nodes first (a node's own groups, then theirs, ...), since
  // what pins a node can sit further away (e.g. a published grand total reached through unpublished totals).
  const gezien = new Set<number>([i]);
  for (let laag = [i]; laag.length > 0;) {
    const kandidaten = new Set<number>();
    const totalen = new Set<number>();
    const volgende: number[] = [];
    for (const x of laag) {
      for (const j of inVergelijkingen[x]) {
        const { ouder, kinderen } = vergelijkingen[j];
        for (const k of [ouder, ...kinderen]) {
          if (gezien.has(k)) continue;
          gezien.add(k);
          volgende.push(k);
          if (vrij(k)) (k === ouder ? totalen : kandidaten).add(k);
        }
      }
    }
    const lijst = [...kandidaten].sort(orde);
    const genoeg = lijst.find((k) => knopen[k].ruw >= 2 * opties.drempel - 1);
    if (genoeg !== undefined) return genoeg;
    if (lijst.length > 0) return lijst[lijst.length - 1];
    if (totalen.size > 0) return [...totalen].sort(orde)[0];
    laag = volgende;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The checker

/**
 * What an analyst can conclude about every suppressed count (cell or total) of a published table, from the published
 * rounded values, the zeros, the rules (published ⇒ 0 or ≥ drempel) and, with `metRedenen` (the default: the API
 * publishes them), the reasons. Interval propagation over every sum equation of the table's lattice, to a fixpoint.
 *
 * Pass `extra` to combine the table with other knowledge, e.g. a coarser published query: intervals for coordinates
 * (by key, as `sleutel` gives it), intersected with what the table itself says of them.
 */
export function afleidbaarheid(
  tabel: BeschermdeTabel,
  opties: Beschermingsopties,
  instellingen: { metRedenen?: boolean; extra?: ReadonlyMap<string, Interval> } = {},
): Afleidbaarheid[] {
  controleerOpties(opties);
  const metRedenen = instellingen.metRedenen ?? true;
  const n = opties.dimensies.length;
  const rooster = bouwRooster(
    tabel.cellen.map((c) => ({ coordinaten: c.coordinaten, aantal: 0 })),
    opties.dimensies,
    opties.dimensies,
  );
  const gepubliceerd = new Map<string, GepubliceerdeCel>();
  for (const c of [...tabel.cellen, ...tabel.totalen]) gepubliceerd.set(sleutelVan(c.coordinaten, opties.dimensies), c);
  const lo: number[] = [];
  const hi: number[] = [];
  rooster.knopen.forEach((k) => {
    const p = gepubliceerd.get(k.sleutel);
    const extra = instellingen.extra?.get(k.sleutel);
    let b: Interval = p
      ? beginInterval(p.aantal, p.reden, opties, metRedenen)
      : { ondergrens: 0, bovengrens: Infinity };
    if (extra) {
      b = {
        ondergrens: Math.max(b.ondergrens, extra.ondergrens),
        bovengrens: Math.min(b.bovengrens, extra.bovengrens),
      };
    }
    lo.push(b.ondergrens);
    hi.push(b.bovengrens);
  });
  propageer(rooster, lo, hi);
  const uit: Afleidbaarheid[] = [];
  rooster.knopen.forEach((k, i) => {
    const p = gepubliceerd.get(k.sleutel);
    if (!p?.onderdrukt || !gepubliceerdNiveau(k.masker, n)) return;
    uit.push({
      coordinaten: k.coordinaten,
      reden: p.reden!,
      ondergrens: lo[i],
      bovengrens: hi[i],
      exact: lo[i] === hi[i],
    });
  });
  return uit;
}

/** The key of a set of coordinates, as `afleidbaarheid` accepts it in `extra`. */
export function sleutel(coordinaten: Readonly<Record<string, string>>, dimensies: readonly string[]): string {
  return sleutelVan(coordinaten, dimensies);
}
