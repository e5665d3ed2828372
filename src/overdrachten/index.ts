import type { Module } from '../lib/module';
import { monitoringInputActie, overdrachtReactieActie } from './overdracht.acties';
import { overdrachtBeleid } from './overdracht.beleid';
import { MonitoringInputEntity, OverdrachtEntity, VerzoekTotOnderzoekMeldingEntity } from './overdracht.entity';
import { OverdrachtResolver } from './overdracht.resolver';

/** The partner gateway's warme overdracht: offer, answer, contact, outcome, expiry, monitoring input. */
export const overdrachtenModule: Module = {
  naam: 'overdrachten',
  entities: [OverdrachtEntity, MonitoringInputEntity, VerzoekTotOnderzoekMeldingEntity],
  resolvers: [OverdrachtResolver],
  beleid: overdrachtBeleid,
  termijnActies: [overdrachtReactieActie, monitoringInputActie],
};
