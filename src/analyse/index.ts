import type { Module } from '../lib/module';
import { analyseBeleid } from './analyse.beleid';
import { AnalyseResolver } from './analyse.resolver';
import { CbsLeveringResolver } from './cbs-levering.resolver';
import { analyseVerversenJob, analyseVerversenSchema } from './jobs/analyse-verversen.job';
import { cbsLeveringOpbouwenJob, cbsLeveringSchema } from './jobs/cbs-levering-opbouwen.job';

/**
 * Analysis: ad-hoc aggregates and CBS tables from the rollups, through disclosure control (issue 5); the half-yearly
 * CBS delivery (issue 16.7).
 */
export const analyseModule: Module = {
  naam: 'analyse',
  entities: [],
  resolvers: [AnalyseResolver, CbsLeveringResolver],
  beleid: analyseBeleid,
  jobs: [analyseVerversenJob, cbsLeveringOpbouwenJob],
  schemas: [analyseVerversenSchema, cbsLeveringSchema],
  bijStart: [analyseVerversenJob],
};
