import type { Module } from '../lib/module';
import { huisverbodBeleid } from './huisverbod.beleid';
import { HuisverbodEntity, HuisverbodMeldingEntity, HuisverbodMonitoringcontactEntity } from './huisverbod.entity';
import { HuisverbodResolver } from './huisverbod.resolver';

/** The tijdelijk huisverbod: the police's report, VT's work, its advice to the burgemeester, the police's view of the status. */
export const huisverbodModule: Module = {
  naam: 'huisverbod',
  entities: [HuisverbodEntity, HuisverbodMonitoringcontactEntity, HuisverbodMeldingEntity],
  resolvers: [HuisverbodResolver],
  beleid: huisverbodBeleid,
};
