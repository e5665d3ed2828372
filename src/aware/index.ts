import type { Module } from '../lib/module';
import { awareBesluitActie } from './aware.acties';
import { awareBeleid } from './aware.beleid';
import { AwareAanvraagEntity } from './aware.entity';
import { AwareResolver } from './aware.resolver';

/** Aware: VT's applications for an AWARE alarm, the indication committee's decision, the alarm's period. */
export const awareModule: Module = {
  naam: 'aware',
  entities: [AwareAanvraagEntity],
  resolvers: [AwareResolver],
  beleid: awareBeleid,
  termijnActies: [awareBesluitActie],
};
