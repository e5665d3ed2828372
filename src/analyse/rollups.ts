/**
 * The rollups of the analyst API (materialized views, migration 10), in refresh order. They hold counts per month
 * and category only: no ids, no persons, no free text.
 */
export const ROLLUPS = [
  'analyse_melding',
  // Built from analyse_melding: refreshed after it.
  'analyse_melding_gemeente',
  'analyse_melding_aard',
  'analyse_advies',
  'analyse_advies_aard',
  'analyse_casus',
  'analyse_dienst',
  'analyse_onderzoek_uitkomst',
] as const;
export type RollupNaam = (typeof ROLLUPS)[number];
