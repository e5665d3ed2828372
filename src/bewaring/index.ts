import type { Module } from '../lib/module';
import { bewaringBeleid } from './bewaring.beleid';
import { BewaringResolver } from './bewaring.resolver';
import { bewaringBeoordelenJob, bewaringBeoordelenSchema } from './jobs/bewaring-beoordelen.job';

/**
 * Bewaring (issue 17.5): the retention date of each dossier, legal hold, the review job, destruction approved by a
 * second person (also early, on request), leaving anonymous residue for the analyst and a tombstone in the audit chain.
 */
export const bewaringModule: Module = {
  naam: 'bewaring',
  entities: [],
  resolvers: [BewaringResolver],
  beleid: bewaringBeleid,
  jobs: [bewaringBeoordelenJob],
  schemas: [bewaringBeoordelenSchema],
};
