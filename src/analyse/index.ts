import type { Module } from '../lib/module';
import { analyseBeleid } from './analyse.beleid';
import { AnalyseResolver } from './analyse.resolver';
import { CbsLeveringResolver } from './cbs-levering.resolver';
import { analyseVerversenJob, analyseVerversenSchema } from './jobs/analyse-verversen.job';
import { analyseVerversverzoekenJob, analyseVerversverzoekenSchema } from './jobs/analyse-verversverzoeken.job';
import { cbsLeveringOpbouwenJob, cbsLeveringSchema } from './jobs/cbs-levering-opbouwen.job';

/**
 * Analysis: ad-hoc aggregates and CBS tables from the rollups, through disclosure control (issue 5); the half-yearly
 * CBS delivery (issue 16.7); rollups refreshed per changed slice, and on an analyst's request (issue 18.6).
 */
export const analyseModule: Module = {
  naam: 'analyse',
  entities: [],
  resolvers: [AnalyseResolver, CbsLeveringResolver],
  beleid: analyseBeleid,
  jobs: [analyseVerversenJob, analyseVerversverzoekenJob, cbsLeveringOpbouwenJob],
  schemas: [analyseVerversenSchema, analyseVerversverzoekenSchema, cbsLeveringSchema],
  bijStart: [analyseVerversenJob],
};
