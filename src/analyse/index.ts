import type { Module } from '../lib/module';
import { analyseBeleid } from './analyse.beleid';
import { AnalyseResolver } from './analyse.resolver';
import { analyseVerversenJob, analyseVerversenSchema } from './jobs/analyse-verversen.job';

/** Analysis: ad-hoc aggregates and CBS tables from the rollups, through disclosure control (issue 5). */
export const analyseModule: Module = {
  naam: 'analyse',
  entities: [],
  resolvers: [AnalyseResolver],
  beleid: analyseBeleid,
  jobs: [analyseVerversenJob],
  schemas: [analyseVerversenSchema],
  bijStart: [analyseVerversenJob],
};
