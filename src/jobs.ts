import { analyseVerversenJob, analyseVerversenSchema } from './analyse/jobs/analyse-verversen.job';
import { verifieerAuditJob, verifieerAuditSchema } from './audit/jobs/verifieer-audit.job';
import { verzegelAuditJob, verzegelAuditSchema } from './audit/jobs/verzegel-audit.job';
import { webhooksAfleverenJob, webhooksAfleverenSchema } from './gebeurtenissen/jobs/webhooks-afleveren.job';
import type { JobDefinitie, Schema } from './lib/job';
import { idempotentieOpruimenJob, idempotentieOpruimenSchema } from './lib/jobs/idempotentie-opruimen.job';
import { afstemmenJob, afstemmenSchema, escaleerJob, herinnerJob } from './termijnen/jobs/termijn-bewaking.job';

/** Every job and schedule, by name; the worker registers exactly these. */
export const jobs: readonly JobDefinitie[] = [verzegelAuditJob, webhooksAfleverenJob, herinnerJob as unknown as JobDefinitie, escaleerJob as unknown as JobDefinitie, afstemmenJob, analyseVerversenJob, idempotentieOpruimenJob, verifieerAuditJob];
export const schemas: readonly Schema[] = [verzegelAuditSchema, webhooksAfleverenSchema, afstemmenSchema, analyseVerversenSchema, idempotentieOpruimenSchema, verifieerAuditSchema];
/**
 * Schedules of earlier versions that the worker removes from Redis at start: the HwC and ZSM deadlines are termijnen
 * now (migration 24), watched by the termijn jobs, so their own periodic escalation is gone.
 */
export const vervallenSchemas: readonly { wachtrij: string; id: string }[] = [
  { wachtrij: 'ketenpartners', id: 'hwc-signalen-escaleren-periodiek' },
  { wachtrij: 'ketenpartners', id: 'zsm-verzoeken-escaleren-periodiek' },
];
/** Jobs the worker runs once when it starts. */
export const bijStart: readonly JobDefinitie[] = [webhooksAfleverenJob, afstemmenJob, analyseVerversenJob];
export const wachtrijen: readonly string[] = [...new Set(jobs.map((j) => j.wachtrij))];
