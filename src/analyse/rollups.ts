/**
 * The rollups of the analyst API (materialized views, migrations 10 and 11), in refresh order. They hold counts per month
 * and category only: no ids, no persons, no free text.
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
