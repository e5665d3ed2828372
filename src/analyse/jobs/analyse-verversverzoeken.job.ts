import type { JobDefinitie, Schema } from '../../lib/job';
import { wachtVerversverzoek } from '../analyse-verversverzoek';
import { ANALYSE_WACHTRIJ, analyseVerversenJob } from './analyse-verversen.job';

/** How often the worker looks for an analyst's refresh request: the request is answered within about this long. */
export const VERVERSVERZOEK_INTERVAL_MS = 10_000;

/**
 * Works off an analyst's refresh request (src/analyse/analyse-verversverzoek.ts): when one waits, the incremental
 * refresh runs and marks it done; otherwise nothing (one indexed count). Idempotent: a second run finds none waiting.
 */
export const analyseVerversverzoekenJob: JobDefinitie = {
  wachtrij: ANALYSE_WACHTRIJ,
  naam: 'analyse-verversverzoeken',
  async verwerk(deps) {
    if (!(await wachtVerversverzoek(deps))) return { wachtend: false };
    return analyseVerversenJob.verwerk(deps, {});
  },
};

export const analyseVerversverzoekenSchema: Schema = {
  id: 'analyse-verversverzoeken-periodiek',
  job: analyseVerversverzoekenJob,
  elkeMs: () => VERVERSVERZOEK_INTERVAL_MS,
};
