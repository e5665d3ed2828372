import type { Module } from '../lib/module';
import { termijnBeleid } from './termijn.beleid';
import { NotificatieEntity, TermijnEntity } from './termijn.entity';
import { TermijnResolver } from './termijn.resolver';

/** Statutory termijnen on the Dutch working-day calendar, their reminders and escalations. */
export const termijnenModule: Module = {
  naam: 'termijnen',
  entities: [TermijnEntity, NotificatieEntity],
  resolvers: [TermijnResolver],
  beleid: termijnBeleid,
};
