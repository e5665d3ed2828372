import type { Module } from '../lib/module';
import { analyseBeleid } from './analyse.beleid';
import { AnalyseResolver } from './analyse.resolver';

/** Analysis: ad-hoc aggregates and CBS tables from the rollups, through disclosure control (issue 5). */
export const analyseModule: Module = {
  naam: 'analyse',
  entities: [],
  resolvers: [AnalyseResolver],
  beleid: analyseBeleid,
};
