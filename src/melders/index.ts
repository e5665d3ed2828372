import type { Module } from '../lib/module';
import { MeldingAanvullingEntity, MelderToegangEntity } from './melder-toegang.entity';
import { meldersBeleid } from './melders.beleid';
import { MeldersResolver } from './melders.resolver';

/** Melders: their own access to their melding, their supplements and corrections, and the feedback owed to them. */
export const meldersModule: Module = {
  naam: 'melders',
  entities: [MelderToegangEntity, MeldingAanvullingEntity],
  resolvers: [MeldersResolver],
  beleid: meldersBeleid,
};
