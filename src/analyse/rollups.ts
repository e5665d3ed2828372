/**
 * The rollups of the analyst API, in refresh order. They hold counts per month and category only: no ids, no persons,
 * no free text. Since migration 38 they are tables maintained per slice (src/analyse/rollup-verversing.ts); migrations
 * 10, 11, 13 and 14 made them as materialized views, with the definitions now in src/analyse/rollup-sql.ts.
 */
/** The meldingen rollup and the narrow ones built from it (same measures, fewer dimensions): refreshed in this order. */
export const MELDING_ROLLUPS = [
  'analyse_melding',
  'analyse_melding_gemeente',
  'analyse_melding_eerder',
  'analyse_melding_vb',
  'analyse_melding_melder',
  'analyse_melding_gemeente_hoedanigheid',
] as const;

export const ROLLUPS = [
  ...MELDING_ROLLUPS,
  'analyse_melding_aard',
  'analyse_advies',
  'analyse_advies_aard',
  'analyse_casus',
  'analyse_dienst',
  'analyse_onderzoek_uitkomst',
  'analyse_termijn',
  'analyse_casus_aard',
  'analyse_dienst_aard',
] as const;
export type RollupNaam = (typeof ROLLUPS)[number];

/**
 * A family of rollups: those whose rows of one (month, region) come from the same source rows, so a change marks that
 * slice of each of them (migration 38's triggers) and the refresh recomputes them together. The month is that of the
 * source's own date: receipt (MELDING, ADVIES), opening (CASUS), ending (DIENST), the due day (TERMIJN).
 */
export const FAMILIES = {
  MELDING: [...MELDING_ROLLUPS, 'analyse_melding_aard'],
  ADVIES: ['analyse_advies', 'analyse_advies_aard'],
  CASUS: ['analyse_casus', 'analyse_casus_aard'],
  DIENST: ['analyse_dienst', 'analyse_dienst_aard', 'analyse_onderzoek_uitkomst'],
  TERMIJN: ['analyse_termijn'],
} as const satisfies Record<string, readonly RollupNaam[]>;
export type Familie = keyof typeof FAMILIES;
export const FAMILIENAMEN = Object.keys(FAMILIES) as Familie[];
