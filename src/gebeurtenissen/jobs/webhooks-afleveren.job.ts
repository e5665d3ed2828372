import type { JobDefinitie, Schema } from '../../lib/job';
import { afleverRonde } from '../aflevering';

export const WEBHOOK_WACHTRIJ = 'webhooks';

/**
 * The dispatcher (see aflevering.ts for why one periodic job rather than a job per delivery): fans out new events and
 * delivers every due delivery. No payload; all state is in PostgreSQL, so a run that is repeated or lost costs nothing.
 */
export const webhooksAfleverenJob: JobDefinitie = {
  wachtrij: WEBHOOK_WACHTRIJ,
  naam: 'webhooks-afleveren',
  verwerk: (deps) => afleverRonde(deps),
};

export const webhooksAfleverenSchema: Schema = {
  id: 'webhooks-afleveren-periodiek',
  job: webhooksAfleverenJob,
  elkeMs: (config) => config.webhooks.afleverIntervalMs,
};
