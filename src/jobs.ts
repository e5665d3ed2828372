import { analyseVerversenJob, analyseVerversenSchema } from './analyse/jobs/analyse-verversen.job';
import { verifieerAuditJob, verifieerAuditSchema } from './audit/jobs/verifieer-audit.job';
import { verzegelAuditJob, verzegelAuditSchema } from './audit/jobs/verzegel-audit.job';
import { webhooksAfleverenJob, webhooksAfleverenSchema } from './gebeurtenissen/jobs/webhooks-afleveren.job';
import { escaleerHwcSignalenJob, escaleerHwcSignalenSchema } from './hwc/jobs/escaleer-hwc-signalen.job';
import type { JobDefinitie, Schema } from './lib/job';
import { idempotentieOpruimenJob, idempotentieOpruimenSchema } from './lib/jobs/idempotentie-opruimen.job';
import { escaleerZsmVerzoekenJob, escaleerZsmVerzoekenSchema } from './zsm/jobs/escaleer-zsm-verzoeken.job';
import { afstemmenJob, afstemmenSchema, escaleerJob, herinnerJob } from './termijnen/jobs/termijn-bewaking.job';

/** Every job and schedule, by name; the worker registers exactly these. */
export const jobs: readonly JobDefinitie[] = [verzegelAuditJob, webhooksAfleverenJob, herinnerJob as unknown as JobDefinitie, escaleerJob as unknown as JobDefinitie, afstemmenJob, escaleerHwcSignalenJob, escaleerZsmVerzoekenJob, analyseVerversenJob, idempotentieOpruimenJob, verifieerAuditJob];
export const schemas: readonly Schema[] = [verzegelAuditSchema, webhooksAfleverenSchema, afstemmenSchema, escaleerHwcSignalenSchema, escaleerZsmVerzoekenSchema, analyseVerversenSchema, idempotentieOpruimenSchema, verifieerAuditSchema];
/** Jobs the worker runs once when it starts. */
export const bijStart: readonly JobDefinitie[] = [webhooksAfleverenJob, afstemmenJob, analyseVerversenJob];
export const wachtrijen: readonly string[] = [...new Set(jobs.map((j) => j.wachtrij))];
