/**
 * The rollups of the analyst API (materialized views, migrations 10 and 11), in refresh order. They hold counts per month
 * and category only: no ids, no persons, no free text.
 */
export const ROLLUPS = [
  'analyse_melding',
  // Built from analyse_melding: refreshed after it.
  'analyse_melding_gemeente',
  'analyse_melding_eerder',
  'analyse_melding_vb',
  'analyse_melding_melder',
  'analyse_melding_gemeente_hoedanigheid',
  'analyse_melding_aard',
  'analyse_advies',
  'analyse_advies_aard',
  'analyse_casus',
  'analyse_dienst',
  'analyse_onderzoek_uitkomst',
] as const;
export type RollupNaam = (typeof ROLLUPS)[number];
