import type { JobDefinitie, Schema } from '../../lib/job';
import { werkVerificatiesBij } from '../audit-verificatie';

/**
 * Advances the privacy officers' verification runs of the hash chain in bounded steps (a few seconds per run of
 * this job at most); the position is kept in PostgreSQL, so the next run, on any worker, continues there. A queue of
 * its own, so a long verification never holds up sealing.
 */
export const verifieerAuditJob: JobDefinitie = {
  wachtrij: 'audit-controle',
  naam: 'verifieer-audit',
  async verwerk({ orm, clock, log, config }) {
    return werkVerificatiesBij(orm.em.getConnection(), config.auditAnker, clock.now(), log);
  },
};

export const verifieerAuditSchema: Schema = {
  id: 'verifieer-audit-periodiek',
  job: verifieerAuditJob,
  elkeMs: (config) => config.auditSealIntervalMs,
};
