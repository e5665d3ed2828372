import type { EntityManager } from '@mikro-orm/postgresql';

import type { RequestContext } from '../lib/context';
import { geenToegang, ongeldigeInvoer, type VeldFout } from '../lib/errors';
import {
  AANDELEN,
  AFGELEID,
  type Bron,
  DIMENSIE_VAN_SLEUTEL,
  HISTOGRAMMEN,
  PERIODE_BEGIN,
  percentiel,
  periodeLabel,
  SLEUTEL,
  TELLINGEN,
} from './analyse.bronnen';
import {
  type AnalyseAntwoordView,
  type AnalyseCelView,
  AnalyseDimensie,
  type AnalyseFilter,
  type AnalyseMaat,
  type AnalysePeriode,
  type AnalyseVraag,
  type OnderdrukkingsRedenGql,
  Periodeindeling,
} from './analyse.types';
import { beschermTabel } from './openbaarmaking';
import type { BeschermdeTabel, GepubliceerdeCel, RuweCel } from './openbaarmaking.types';

/** One SQL statement with its bound values. */
interface Statement {
  readonly tekst: string;
  readonly params: unknown[];
}

/** A question checked against the whitelist, ready to become SQL. */
interface Plan {
  readonly telling: AnalyseMaat;
  readonly afgeleid: readonly AnalyseMaat[];
  readonly bron: Bron;
  readonly dimensies: readonly AnalyseDimensie[];
  readonly filters: readonly AnalyseFilter[];
  readonly indeling: Periodeindeling;
  readonly periode?: AnalysePeriode;
}

/** The raw result of one question: cells before disclosure control, and when the rollup was refreshed. */
interface Uitkomst {
  readonly plan: Plan;
  readonly tabel: BeschermdeTabel;
  readonly ververstOp: Date | null;
}

const isTelling = (m: AnalyseMaat): boolean => TELLINGEN[m] !== undefined;

/**
 * Checks a question against what the rollups can answer; every problem is reported at once. `bereikKolom`: the
 * dimension the caller's scope filters on (GEMEENTE for a gemeente's analyst), which the source must therefore have.
 */
export function plan(vraag: AnalyseVraag, bereikKolom?: AnalyseDimensie): Plan {
  const fouten: VeldFout[] = [];
  const maten = [...new Set(vraag.maten)];
  const tellingen = maten.filter(isTelling);
  const afgeleid = maten.filter((m) => !isTelling(m));
  if (tellingen.length > 1) {
    fouten.push({
      veld: 'maten',
      code: 'MATEN_ONVERENIGBAAR',
      melding: `Eén telling per vraag (gevraagd: ${tellingen.join(', ')}); stel een vraag per telling.`,
    });
  }
  const telling = tellingen[0] ?? AFGELEID[afgeleid[0]]!.telling;
  const dimensies = vraag.dimensies ?? [];
  if (new Set(dimensies).size !== dimensies.length) {
    fouten.push({ veld: 'dimensies', code: 'DIMENSIE_DUBBEL', melding: 'Elke dimensie hooguit één keer.' });
  }
  const filters = vraag.filters ?? [];
  for (const f of filters) {
    if (f.dimensie === AnalyseDimensie.PERIODE) {
      fouten.push({
        veld: 'filters',
        code: 'DIMENSIE_NIET_FILTERBAAR',
        melding: 'Beperk de periode met `periode` (vanaf, totEnMet).',
      });
    }
  }
  const nodig = [...new Set([...dimensies, ...filters.map((f) => f.dimensie)])].filter(
    (d) => d !== AnalyseDimensie.PERIODE,
  );
  // The first (smallest) source that has every dimension asked and carries every derived measure asked.
  const past = (b: Bron): boolean =>
    nodig.every((d) => b.kolommen[d] !== undefined) && (!bereikKolom || b.kolommen[bereikKolom] !== undefined);
  const bron =
    TELLINGEN[telling]!.find((b) => past(b) && afgeleid.every((m) => AFGELEID[m]!.rollups.includes(b.rollup))) ??
    TELLINGEN[telling]!.find(past);
  if (!bron) {
    const ontbreekt = nodig.filter((d) => !TELLINGEN[telling]!.some((b) => b.kolommen[d] !== undefined));
    const melding = ontbreekt.length
      ? `${telling} is niet in te delen naar ${ontbreekt.join(', ')}.`
      : `${telling} is niet tegelijk in te delen naar ${nodig.join(' en ')}; kies minder dimensies.`;
    fouten.push({ veld: 'dimensies', code: 'DIMENSIE_NIET_BESCHIKBAAR', melding });
  }
  for (const m of afgeleid) {
    if (bron && !AFGELEID[m]!.rollups.includes(bron.rollup)) {
      fouten.push({
        veld: 'maten',
        code: 'MATEN_ONVERENIGBAAR',
        melding: `${m} hoort niet bij ${telling} met deze dimensies.`,
      });
    }
  }
  if (vraag.periode && vraag.periode.vanaf > vraag.periode.totEnMet) {
    fouten.push({ veld: 'periode', code: 'PERIODE_OMGEKEERD', melding: 'vanaf ligt na totEnMet.' });
  }
  if (fouten.length > 0) throw ongeldigeInvoer(fouten);
  return {
    telling,
    afgeleid,
    bron: bron!,
    dimensies,
    filters,
    indeling: vraag.periodeindeling ?? Periodeindeling.HALFJAAR,
    periode: vraag.periode,
  };
}

/**
 * The part of the rollups the caller may see: an analyst of a VT organisation its region, of a gemeente its
 * gemeente, of a national body everything. Asking for another region or gemeente is FORBIDDEN, not an empty answer.
 */
function bereik(ctx: RequestContext, p: Plan): { kolom: string; waarde: string } | null {
  const org = ctx.actor.organisatie;
  const ander = (d: AnalyseDimensie, eigen: string): void => {
    for (const f of p.filters) {
      if (f.dimensie === d && f.waarden.some((w) => w !== eigen)) {
        throw geenToegang(`U ziet alleen de cijfers van ${eigen}.`);
      }
    }
  };
  switch (org.soort) {
    case 'LANDELIJK':
      return null;
    case 'VEILIG_THUIS':
      ander(AnalyseDimensie.REGIO, org.code);
      return { kolom: 'vt_organisatie', waarde: org.code };
    case 'GEMEENTE':
      if (!/^GM\d{4}$/.test(org.code)) {
        throw geenToegang('Deze gemeente heeft geen CBS-gemeentecode als organisatiecode.');
      }
      ander(AnalyseDimensie.GEMEENTE, org.code);
      return { kolom: 'gemeente', waarde: org.code };
    default:
      throw geenToegang();
  }
}

/** The dimension the caller's scope filters on, when the source must carry it (see bereik). */
const bereikDimensie = (ctx: RequestContext): AnalyseDimensie | undefined =>
  ctx.actor.organisatie.soort === 'GEMEENTE' ? AnalyseDimensie.GEMEENTE : undefined;

const maandDatum = (jjjjmm: string): string => `${jjjjmm}-01`;

/** The dimensions a question restricts, in segment order: each filter's, then PERIODE for the period range. */
const beperkteDimensies = (p: Plan): AnalyseDimensie[] => [
  ...p.filters.map((f) => f.dimensie),
  ...(p.periode ? [AnalyseDimensie.PERIODE] : []),
];

/**
 * Builds the SQL of a plan from whitelisted identifiers; every value is a parameter. Against differencing the service
 * also needs, for every filter and for the period range, the excluded part of that restriction with the other ones
 * kept: what an analyst would learn from the difference between this question and the same one without it. All of
 * them come from one scan of the rollup: every row gets a segment, 0 when it meets every restriction (the answer),
 * i when it fails only restriction i (filter i-1, or the period range after the filters), and is dropped when it fails
 * more than one or a filter column is null (a null is in no filter and in no complement, as `in`/`not in` would
 * have it). Rows are grouped by segment and every asked dimension; `segmenten` below turns them into cells. Derived
 * measures (histogram sums, shares) are a second statement over the answer's rows only: in the one scan they were
 * also summed for every complement row (question 18 of the bench took 53 ms that way, 38–41 ms with its own statement).
 *
 * Cost (the analysis bench): a period is grouped by the first month of the period (`PERIODE_BEGIN`, no time zone) and
 * labelled after grouping (`periodeLabel`), since a label per rollup row (`to_char` on every row) cost as much as the
 * rest of the query; a filter's values are one array (an init plan), not a subquery per row.
 */
export function sql(
  p: Plan,
  scope: { kolom: string; waarde: string } | null,
): { tellingen: Statement; afgeleid: Statement | null } {
  const dims = p.dimensies.map((d) =>
    d === AnalyseDimensie.PERIODE ? PERIODE_BEGIN[p.indeling] : p.bron.kolommen[d]!,
  );
  const uit = dims.map((_, i) => `d${i}`);
  const labels = p.dimensies.map((d, i) =>
    d === AnalyseDimensie.PERIODE ? `${periodeLabel(p.indeling, `d${i}`)} as d${i}` : `d${i}`,
  );
  // The derived measures' columns: what each row carries and how the group sums it.
  const afgeleidBinnen: string[] = [];
  const afgeleidMaten: [string, string][] = [];
  p.afgeleid.forEach((m, i) => {
    const aandeel = AANDELEN[m];
    if (!aandeel) return;
    afgeleidBinnen.push(aandeel.noemer, aandeel.teller);
    afgeleidMaten.push([`noemer${i}`, `sum(${aandeel.noemer})`], [`teller${i}`, `sum(${aandeel.teller})`]);
  });
  const hist = HISTOGRAMMEN[p.bron.rollup];
  if (hist && p.afgeleid.some((m) => AFGELEID[m]?.percentiel !== undefined)) {
    afgeleidBinnen.push(hist.kolom);
    for (let i = 1; i <= hist.buckets; i++) afgeleidMaten.push([`h${i}`, `sum(${hist.kolom}[${i}])`]);
  }
  const vast: string[] = [];
  const vastParams: unknown[] = [];
  if (p.bron.voorwaarde) vast.push(p.bron.voorwaarde);
  if (scope) {
    vast.push(`${scope.kolom} = ?`);
    vastParams.push(scope.waarde);
  }
  // Each restriction (in the order of beperkteDimensies): its condition, its parameters, its column (none for the
  // period range).
  const beperkingen: { voorwaarde: string; params: unknown[]; kolom: string | null }[] = [
    ...p.filters.map((f) => {
      const kolom = p.bron.kolommen[f.dimensie]!;
      return {
        voorwaarde: `${kolom} = any(array(select jsonb_array_elements_text(?::jsonb)))`,
        params: [JSON.stringify(f.waarden)],
        kolom,
      };
    }),
    ...(p.periode
      ? [
          {
            voorwaarde: `maand between ?::date and ?::date`,
            params: [maandDatum(p.periode.vanaf), maandDatum(p.periode.totEnMet)],
            kolom: null,
          },
        ]
      : []),
  ];
  const beperkt = beperkteDimensies(p);
  const groep = (kolommen: readonly string[]): string => (kolommen.length ? ` group by ${kolommen.join(', ')}` : '');
  const statement = (
    binnen: readonly string[],
    maten: readonly [string, string][],
    waar: readonly string[],
    params: unknown[],
  ): Statement => {
    const rijen = `select ${[...dims.map((e, i) => `${e} as d${i}`), ...binnen].join(', ')} from ${p.bron.rollup}${waar.length ? ` where ${waar.join(' and ')}` : ''}`;
    const gegroepeerd = `select ${[...uit, ...maten.map(([naam, som]) => `${som}::bigint as ${naam}`)].join(', ')} from (${rijen}) r${groep(uit)}`;
    return {
      tekst: `select ${[...labels, ...maten.map(([naam]) => naam)].join(', ')} from (${gegroepeerd}) g`,
      params,
    };
  };

  if (!beperkingen.length) {
    return {
      tellingen: statement(
        ['aantal', ...afgeleidBinnen],
        [['aantal', 'sum(aantal)'], ...afgeleidMaten],
        vast,
        vastParams,
      ),
      afgeleid: null,
    };
  }
  // The counts of the answer and of every complement in one scan. Per row: 1 when it fails a restriction, 0 when it
  // meets it, null when a filter column is null.
  const buiten = beperkingen.map((x) =>
    x.kolom
      ? `case when ${x.voorwaarde} then 0 when ${x.kolom} is not null then 1 end`
      : `case when ${x.voorwaarde} then 0 else 1 end`,
  );
  const b = buiten.map((_, i) => `b${i + 1}`);
  const segment = b.map((x, i) => `${i + 1} * ${x}`).join(' + ');
  // A complement does not group by its restriction's own dimension (`segmenten`): null it there, so those rows
  // collapse in the database rather than in the service.
  const perDimensie = p.dimensies.map((d, i) => {
    const weg = beperkt.flatMap((x, j) => (x === d ? [j + 1] : []));
    return weg.length ? `case when ${segment} in (${weg.join(', ')}) then null else d${i} end as d${i}` : `d${i}`;
  });
  const rijen = `select ${[...dims.map((e, i) => `${e} as d${i}`), 'aantal', ...buiten.map((x, i) => `${x} as b${i + 1}`)].join(', ')} from ${p.bron.rollup}${vast.length ? ` where ${vast.join(' and ')}` : ''}`;
  const gesegmenteerd = `select ${[...perDimensie, 'aantal', `${b.join(' + ')} as buiten`, `${segment} as segment`].join(', ')} from (${rijen}) r`;
  const gegroepeerd = `select ${[...uit, 'segment', 'sum(aantal)::bigint as aantal'].join(', ')} from (${gesegmenteerd}) t where buiten <= 1${groep([...uit, 'segment'])}`;
  const tellingen = {
    tekst: `select ${[...labels, 'segment', 'aantal'].join(', ')} from (${gegroepeerd}) g`,
    params: [...beperkingen.flatMap((x) => x.params), ...vastParams],
  };
  // The derived measures (histograms: 32–54 sums per row) only over the answer's rows, a statement of their own that
  // the restrictions narrow, rather than summed over every complement row too.
  const afgeleid = afgeleidMaten.length
    ? statement(
        afgeleidBinnen,
        afgeleidMaten,
        [...vast, ...beperkingen.map((x) => x.voorwaarde)],
        [...vastParams, ...beperkingen.flatMap((x) => x.params)],
      )
    : null;
  return { tellingen, afgeleid };
}

/** Raw cells of a result: coordinates by dimension key, rows with a zero count left out. */
export function ruweCellen(
  rijen: readonly Record<string, string | number | null>[],
  dimensies: readonly AnalyseDimensie[],
): { coordinaten: Record<string, string>; aantal: number; rij: Record<string, string | number | null> }[] {
  const uit = [];
  for (const r of rijen) {
    const aantal = Number(r.aantal ?? 0);
    if (aantal === 0) continue;
    const coordinaten: Record<string, string> = {};
    dimensies.forEach((d, i) => (coordinaten[SLEUTEL[d]] = String(r[`d${i}`])));
    uit.push({ coordinaten, aantal, rij: r });
  }
  return uit;
}

/** Runs one statement as ketenpoort_analist with the statement timeout, inside the caller's transaction. */
async function alsAnalist<T>(ctx: RequestContext, werk: (tx: EntityManager) => Promise<T>): Promise<T> {
  const timeout = ctx.config.analyse.statementTimeoutMs;
  return ctx.em.fork().transactional(async (tx) => {
    await tx
      .getConnection()
      .execute(
        `select set_config('statement_timeout', ?, true), set_config('role', 'ketenpoort_analist', true)`,
        [String(timeout)],
        'run',
        tx.getTransactionContext(),
      );
    return werk(tx);
  });
}

/**
 * Splits the rows of `sql` by segment: the answer's rows, and per restriction (each filter, then the period range)
 * the raw cells of its complement, keyed by the asked dimensions except the restricted one (`sql` has already
 * grouped them without it).
 */
export function segmenten(
  p: Plan,
  alle: readonly Record<string, string | number | null>[],
): { rijen: Record<string, string | number | null>[]; complement: RuweCel[][] } {
  const beperkt = beperkteDimensies(p);
  if (!beperkt.length) return { rijen: [...alle], complement: [] };
  const rijen: Record<string, string | number | null>[] = [];
  const complement: RuweCel[][] = beperkt.map(() => []);
  for (const r of alle) {
    const segment = Number(r.segment);
    if (segment === 0) {
      rijen.push(r);
      continue;
    }
    const aantal = Number(r.aantal ?? 0);
    if (aantal === 0) continue;
    const coordinaten: Record<string, string> = {};
    p.dimensies.forEach((d, i) => {
      if (d !== beperkt[segment - 1]) coordinaten[SLEUTEL[d]] = String(r[`d${i}`]);
    });
    complement[segment - 1].push({ coordinaten, aantal });
  }
  return { rijen, complement: complement.filter((c) => c.length > 0) };
}

/** Computes the raw cells of a plan and passes them through disclosure control. Not audited: callers do that. */
async function bereken(ctx: RequestContext, p: Plan): Promise<Uitkomst> {
  const scope = bereik(ctx, p);
  const vraag = sql(p, scope);
  const { alle, afgeleid, ververstOp } = await alsAnalist(ctx, async (tx) => {
    const c = tx.getConnection();
    const alle = await c.execute<Record<string, string | number | null>[]>(
      vraag.tellingen.tekst,
      vraag.tellingen.params,
      'all',
      tx.getTransactionContext(),
    );
    const afgeleid = vraag.afgeleid
      ? await c.execute<Record<string, string | number | null>[]>(
          vraag.afgeleid.tekst,
          vraag.afgeleid.params,
          'all',
          tx.getTransactionContext(),
        )
      : [];
    const [v] = await c.execute<{ ververst_op: Date | null }[]>(
      `select max(ververst_op) as ververst_op from analyse_verversing where naam = ?`,
      [p.bron.rollup],
      'all',
      tx.getTransactionContext(),
    );
    return { alle, afgeleid, ververstOp: v?.ververst_op ? new Date(v.ververst_op) : null };
  });
  const { rijen, complement } = segmenten(p, alle);
  if (vraag.afgeleid) {
    // The derived sums join the answer's rows by their coordinates.
    const sleutel = (r: Record<string, string | number | null>): string =>
      p.dimensies.map((_, i) => String(r[`d${i}`])).join('\u0000');
    const perCel = new Map(afgeleid.map((r) => [sleutel(r), r]));
    for (const r of rijen) Object.assign(r, perCel.get(sleutel(r)) ?? {});
  }
  const hist = HISTOGRAMMEN[p.bron.rollup];
  const cellen: RuweCel[] = [];
  for (const { coordinaten, aantal, rij: r } of ruweCellen(rijen, p.dimensies)) {
    const afgeleid: Record<string, number | null> = {};
    p.afgeleid.forEach((m, i) => {
      const def = AFGELEID[m]!;
      if (def.percentiel !== undefined && hist) {
        afgeleid[m] = percentiel(
          Array.from({ length: hist.buckets }, (_, b) => Number(r[`h${b + 1}`] ?? 0)),
          def.percentiel,
        );
      } else if (AANDELEN[m]) {
        const n = Number(r[`noemer${i}`] ?? 0);
        afgeleid[m] = n === 0 ? null : Math.round((Number(r[`teller${i}`] ?? 0) / n) * 1000) / 1000;
      }
    });
    cellen.push({ coordinaten, aantal, afgeleid });
  }
  const afronding = ctx.config.analyse.afronding;
  const drempel = ctx.config.analyse.drempel;
  const tabel = beschermTabel(cellen, {
    afronding,
    drempel,
    dimensies: p.dimensies.map((d) => SLEUTEL[d]),
    ...(complement.length ? { complementen: complement } : {}),
  });
  return { plan: p, tabel, ververstOp };
}

function celView(c: GepubliceerdeCel, afgeleid: readonly AnalyseMaat[]): AnalyseCelView {
  return {
    coordinaten: Object.entries(c.coordinaten).map(([k, waarde]) => ({ dimensie: DIMENSIE_VAN_SLEUTEL[k], waarde })),
    aantal: c.onderdrukt ? null : c.aantal,
    waarden: afgeleid.map((maat) => ({ maat, waarde: c.onderdrukt ? null : (c.afgeleid[maat] ?? null) })),
    onderdrukt: c.onderdrukt,
    reden: (c.reden ?? null) as OnderdrukkingsRedenGql | null,
  };
}

/** What the audit trail keeps of an answer: the published counts per cell, never a person. */
function celRegels(cellen: readonly GepubliceerdeCel[]): string[] {
  return cellen.slice(0, 500).map((c) => {
    const plek =
      Object.entries(c.coordinaten)
        .map(([k, v]) => `${k}=${v}`)
        .join('|') || 'totaal';
    return `${plek}:${c.onderdrukt ? `.${c.reden ?? ''}` : String(c.aantal)}`;
  });
}

/** Records one analyst query: who (from the request), the question as JSON, the cells returned (counts only). */
export function auditAnalyse(
  ctx: RequestContext,
  gebeurtenis: string,
  vraag: unknown,
  cellen: readonly GepubliceerdeCel[],
): void {
  ctx.audit.lees({
    gebeurtenis,
    actie: 'R',
    vtOrganisatie: ctx.actor.organisatie.soort === 'VEILIG_THUIS' ? ctx.actor.organisatie.code : null,
    objectType: 'Analyse',
    objectId: JSON.stringify(vraag).slice(0, 4000),
    velden: celRegels(cellen),
  });
}

export const analyseService = {
  /** An ad-hoc question: one count (plus derived measures of its source) by dimensions, after disclosure control. */
  async vraag(ctx: RequestContext, vraag: AnalyseVraag): Promise<AnalyseAntwoordView> {
    const p = plan(vraag, bereikDimensie(ctx));
    const u = await bereken(ctx, p);
    auditAnalyse(ctx, 'ANALYSE_VRAAG', vraag, [...u.tabel.cellen, ...u.tabel.totalen]);
    const maten = [p.telling, ...p.afgeleid];
    return {
      ververstOp: u.ververstOp,
      versheid: [{ rollup: p.bron.rollup, ververstOp: u.ververstOp }],
      maten,
      dimensies: [...p.dimensies],
      cellen: u.tabel.cellen.map((c) => celView(c, p.afgeleid)),
      totalen: u.tabel.totalen.map((c) => celView(c, p.afgeleid)),
      onderdrukt: u.tabel.onderdrukt,
      afronding: ctx.config.analyse.afronding,
      drempel: ctx.config.analyse.drempel,
    };
  },

  /** For the CBS tables: the same computation without its own audit record (the table is audited as one query). */
  async intern(ctx: RequestContext, vraag: AnalyseVraag): Promise<Uitkomst> {
    return bereken(ctx, plan(vraag, bereikDimensie(ctx)));
  },
};
