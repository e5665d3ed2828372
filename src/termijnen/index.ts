import type { Module } from '../lib/module';
import { afstemmenJob, afstemmenSchema, escaleerJob, herinnerJob } from './jobs/termijn-bewaking.job';
import { termijnBeleid } from './termijn.beleid';
import { NotificatieEntity, TermijnEntity } from './termijn.entity';
import { TermijnResolver } from './termijn.resolver';

/** Statutory termijnen on the Dutch working-day calendar, their reminders and escalations. */
export const termijnenModule: Module = {
  naam: 'termijnen',
  entities: [TermijnEntity, NotificatieEntity],
  resolvers: [TermijnResolver],
  beleid: termijnBeleid,
  jobs: [herinnerJob, escaleerJob, afstemmenJob],
  schemas: [afstemmenSchema],
  // The reconciler: a worker that starts after Redis was lost restores every termijn's jobs.
  bijStart: [afstemmenJob],
};
