import { type AnalyseDimensie as D, AnalyseMaat as M, type Periodeindeling } from './analyse.types';
import { MELDING_ROLLUPS, type RollupNaam } from './rollups';

/**
 * The whitelist from which analyst SQL is built: rollups, their columns per dimension, fixed conditions and
 * histograms. Only these strings ever become SQL identifiers; every value from a question is a bound parameter.
 */
export interface Bron {
  readonly rollup: RollupNaam;
  /** Column per dimension (PERIODE is always `maand`). */
  readonly kolommen: Partial<Readonly<Record<D, string>>>;
  /** A fixed condition of the measure (constant SQL), e.g. only diensten of one kind. */
  readonly voorwaarde?: string;
}

const MELDING: Bron = {
  rollup: 'analyse_melding',
  kolommen: {
    REGIO: 'vt_organisatie',
    GEMEENTE: 'gemeente',
    HOEDANIGHEID_MELDER: 'hoedanigheid_melder',
    ORGANISATIE_MELDER: 'organisatie_melder',
    VB_UITKOMST: 'vb_uitkomst',
    TAXATIE: 'taxatie',
    EERDERE_BETROKKENHEID: 'eerdere_betrokkenheid',
  },
};
/** The compact copy of analyse_melding (month, region, gemeente): the first choice when no other dimension is asked. */
const MELDING_GEMEENTE: Bron = {
  rollup: 'analyse_melding_gemeente',
  kolommen: { REGIO: 'vt_organisatie', GEMEENTE: 'gemeente' },
};
/** Small copies of analyse_melding (migration 11) for dimensions asked together; smallest first in TELLINGEN. */
const MELDING_EERDER: Bron = {
  rollup: 'analyse_melding_eerder',
  kolommen: { REGIO: 'vt_organisatie', EERDERE_BETROKKENHEID: 'eerdere_betrokkenheid' },
};
const MELDING_VB: Bron = {
  rollup: 'analyse_melding_vb',
  kolommen: { REGIO: 'vt_organisatie', VB_UITKOMST: 'vb_uitkomst', TAXATIE: 'taxatie' },
};
const MELDING_MELDER: Bron = {
  rollup: 'analyse_melding_melder',
  kolommen: {
    REGIO: 'vt_organisatie',
    HOEDANIGHEID_MELDER: 'hoedanigheid_melder',
    ORGANISATIE_MELDER: 'organisatie_melder',
  },
};
const MELDING_GEMEENTE_HOEDANIGHEID: Bron = {
  rollup: 'analyse_melding_gemeente_hoedanigheid',
  kolommen: { REGIO: 'vt_organisatie', GEMEENTE: 'gemeente', HOEDANIGHEID_MELDER: 'hoedanigheid_melder' },
};
const MELDING_AARD: Bron = {
  rollup: 'analyse_melding_aard',
  kolommen: { REGIO: 'vt_organisatie', GEMEENTE: 'gemeente', AARD_GEWELD: 'aard_geweld' },
};
const ADVIES: Bron = {
  rollup: 'analyse_advies',
  kolommen: {
    REGIO: 'vt_organisatie',
    GEMEENTE: 'gemeente',
    HOEDANIGHEID_MELDER: 'hoedanigheid',
    ORGANISATIE_MELDER: 'organisatie',
  },
};
const ADVIES_AARD: Bron = {
  rollup: 'analyse_advies_aard',
  kolommen: { REGIO: 'vt_organisatie', GEMEENTE: 'gemeente', AARD_GEWELD: 'aard_geweld' },
};
const CASUS: Bron = { rollup: 'analyse_casus', kolommen: { REGIO: 'vt_organisatie', GEMEENTE: 'gemeente' } };
/** Per aard: the aarden of the casus's meldingen, each once (migration 14). */
const CASUS_AARD: Bron = {
  rollup: 'analyse_casus_aard',
  kolommen: { REGIO: 'vt_organisatie', GEMEENTE: 'gemeente', AARD_GEWELD: 'aard_geweld' },
};
const dienst = (voorwaarde?: string): Bron => ({
  rollup: 'analyse_dienst',
  kolommen: { REGIO: 'vt_organisatie', GEMEENTE: 'gemeente', DIENST: 'soort' },
  voorwaarde,
});
const dienstAard = (voorwaarde?: string): Bron => ({
  rollup: 'analyse_dienst_aard',
  kolommen: { REGIO: 'vt_organisatie', GEMEENTE: 'gemeente', DIENST: 'soort', AARD_GEWELD: 'aard_geweld' },
  voorwaarde,
});
const ONDERZOEK_UITKOMST: Bron = {
  rollup: 'analyse_onderzoek_uitkomst',
  kolommen: {
    REGIO: 'vt_organisatie',
    GEMEENTE: 'gemeente',
    AARD_GEWELD: 'aard_geweld',
    ONDERZOEK_UITKOMST: 'uitkomst',
  },
};

/** Termijnen per month of their due day and kind (migration 13). */
const TERMIJN: Bron = {
  rollup: 'analyse_termijn',
  kolommen: { REGIO: 'vt_organisatie', GEMEENTE: 'gemeente', TERMIJN_SOORT: 'soort' },
};

/** Count measures: the candidate sources in order of preference (the first that has every dimension asked wins). */
export const TELLINGEN: Partial<Readonly<Record<M, readonly Bron[]>>> = {
  MELDINGEN: [
    MELDING_GEMEENTE,
    MELDING_EERDER,
    MELDING_VB,
    MELDING_MELDER,
    MELDING_GEMEENTE_HOEDANIGHEID,
    MELDING,
    MELDING_AARD,
  ],
  ADVIEZEN: [ADVIES, ADVIES_AARD],
  CASUSSEN: [CASUS, CASUS_AARD],
  AFGERONDE_ONDERZOEKEN: [dienst(`soort = 'ONDERZOEK'`), dienstAard(`soort = 'ONDERZOEK'`)],
  AFGERONDE_ONDERZOEKEN_NIET_VOORTIJDIG: [
    dienst(`soort = 'ONDERZOEK' and not voortijdig_afgesloten`),
    dienstAard(`soort = 'ONDERZOEK' and not voortijdig_afgesloten`),
  ],
  AFGERONDE_VV: [dienst(`soort = 'VOORWAARDEN_EN_VERVOLG'`), dienstAard(`soort = 'VOORWAARDEN_EN_VERVOLG'`)],
  AFGERONDE_DIENSTEN: [dienst(), dienstAard()],
  ONDERZOEKSUITKOMSTEN: [ONDERZOEK_UITKOMST],
  TERMIJNEN: [TERMIJN],
};

/** Shares: a numerator and a denominator column of the rollup, summed per cell; the share is their ratio. */
export const AANDELEN: Partial<Readonly<Record<M, { teller: string; noemer: string }>>> = {
  AANDEEL_BINNEN_TERMIJN: { teller: 'aantal_binnen_termijn', noemer: 'aantal_beoordeeld' },
  AANDEEL_TERMIJNEN_GEHAALD: { teller: 'aantal_gehaald', noemer: 'aantal_beslist' },
};

/** A histogram column of a rollup: `buckets` counts, the last one "this or more". */
export interface Histogram {
  readonly kolom: string;
  readonly buckets: number;
}
export const HISTOGRAMMEN: Partial<Readonly<Record<RollupNaam, Histogram>>> = {
  analyse_melding: { kolom: 'duur_werkdagen', buckets: 32 },
  analyse_melding_gemeente: { kolom: 'duur_werkdagen', buckets: 32 },
  analyse_melding_eerder: { kolom: 'duur_werkdagen', buckets: 32 },
  analyse_melding_vb: { kolom: 'duur_werkdagen', buckets: 32 },
  analyse_melding_melder: { kolom: 'duur_werkdagen', buckets: 32 },
  analyse_melding_gemeente_hoedanigheid: { kolom: 'duur_werkdagen', buckets: 32 },
  analyse_dienst: { kolom: 'duur_weken', buckets: 54 },
};

/** Derived measures: the rollups that carry them, and the count measure implied when a question names no count. */
export const AFGELEID: Partial<
  Readonly<Record<M, { rollups: readonly RollupNaam[]; telling: M; percentiel?: number }>>
> = {
  DUUR_TOT_BEOORDELING_MEDIAAN: { rollups: MELDING_ROLLUPS, telling: M.MELDINGEN, percentiel: 0.5 },
  DUUR_TOT_BEOORDELING_P90: { rollups: MELDING_ROLLUPS, telling: M.MELDINGEN, percentiel: 0.9 },
  AANDEEL_BINNEN_TERMIJN: { rollups: MELDING_ROLLUPS, telling: M.MELDINGEN },
  DUUR_DIENST_MEDIAAN_WEKEN: { rollups: ['analyse_dienst'], telling: M.AFGERONDE_DIENSTEN, percentiel: 0.5 },
  DUUR_DIENST_P90_WEKEN: { rollups: ['analyse_dienst'], telling: M.AFGERONDE_DIENSTEN, percentiel: 0.9 },
  AANDEEL_TERMIJNEN_GEHAALD: { rollups: ['analyse_termijn'], telling: M.TERMIJNEN },
};

/**
 * The first month of the period a month (the column `maand`, a date) falls in, per granularity: what a question
 * groups by. A timestamp without time zone, so no per-row time zone conversion (constant SQL).
 */
export const PERIODE_BEGIN: Readonly<Record<Periodeindeling, string>> = {
  JAAR: `date_trunc('year', maand::timestamp)`,
  HALFJAAR: `(date_trunc('year', maand::timestamp) + case when extract(month from maand) > 6 then interval '6 months' else interval '0 months' end)`,
  KWARTAAL: `date_trunc('quarter', maand::timestamp)`,
  MAAND: `maand::timestamp`,
};

/** The label of a period from its first month (`kolom`, as PERIODE_BEGIN gives it): 2025, 2025-H1, 2025-K1, 2025-01. */
export function periodeLabel(indeling: Periodeindeling, kolom: string): string {
  const label: Readonly<Record<Periodeindeling, string>> = {
    JAAR: `to_char(${kolom}, 'YYYY')`,
    HALFJAAR: `to_char(${kolom}, 'YYYY') || case when extract(month from ${kolom}) <= 6 then '-H1' else '-H2' end`,
    KWARTAAL: `to_char(${kolom}, 'YYYY') || '-K' || to_char(${kolom}, 'Q')`,
    MAAND: `to_char(${kolom}, 'YYYY-MM')`,
  };
  return label[indeling];
}

/** The key of a dimension in a cell's coordinates (openbaarmaking.types.ts). */
export const SLEUTEL: Readonly<Record<D, string>> = {
  PERIODE: 'periode',
  REGIO: 'regio',
  GEMEENTE: 'gemeente',
  AARD_GEWELD: 'aardGeweld',
  HOEDANIGHEID_MELDER: 'hoedanigheidMelder',
  ORGANISATIE_MELDER: 'organisatieMelder',
  VB_UITKOMST: 'vbUitkomst',
  TAXATIE: 'taxatie',
  EERDERE_BETROKKENHEID: 'eerdereBetrokkenheid',
  DIENST: 'dienst',
  ONDERZOEK_UITKOMST: 'onderzoekUitkomst',
  TERMIJN_SOORT: 'termijnSoort',
};
export const DIMENSIE_VAN_SLEUTEL: Readonly<Record<string, D>> = Object.fromEntries(
  Object.entries(SLEUTEL).map(([d, s]) => [s, d as D]),
);

/** Percentile of a histogram: the smallest bucket at which the cumulative count reaches p of the total; null if empty. */
export function percentiel(h: readonly number[], p: number): number | null {
  const n = h.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const doel = p * n;
  let cum = 0;
  for (let i = 0; i < h.length; i++) {
    cum += h[i];
    if (cum >= doel) return i;
  }
  return h.length - 1;
}
