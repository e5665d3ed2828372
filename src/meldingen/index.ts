import type { Module } from '../lib/module';
import { PersoonEntity } from '../personen/persoon.entity';
import { meldingBeleid } from './melding.beleid';
import { BetrokkeneEntity, MelderEntity, MeldingEntity } from './melding.entity';
import { MeldingResolver } from './melding.resolver';

/** Meldingen with their melder and betrokkenen (and the persons they concern). */
export const meldingenModule: Module = {
  naam: 'meldingen',
  entities: [MeldingEntity, MelderEntity, BetrokkeneEntity, PersoonEntity],
  resolvers: [MeldingResolver],
  beleid: meldingBeleid,
};
