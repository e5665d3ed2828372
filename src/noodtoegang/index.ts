import type { Module } from '../lib/module';
import { noodtoegangBeleid } from './noodtoegang.beleid';
import { NoodtoegangEntity } from './noodtoegang.entity';
import { NoodtoegangResolver } from './noodtoegang.resolver';

/** Noodtoegang: emergency opening of an unassigned casus, time-boxed, flagged in the audit, judged by the privacy officer. */
export const noodtoegangModule: Module = {
  naam: 'noodtoegang',
  entities: [NoodtoegangEntity],
  resolvers: [NoodtoegangResolver],
  beleid: noodtoegangBeleid,
};
