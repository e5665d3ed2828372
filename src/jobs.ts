import { verzegelAuditJob, verzegelAuditSchema } from './audit/jobs/verzegel-audit.job';
import type { JobDefinitie, Schema } from './lib/job';

/** Every job and schedule, by name; the worker registers exactly these. */
export const jobs: readonly JobDefinitie[] = [verzegelAuditJob];
export const schemas: readonly Schema[] = [verzegelAuditSchema];
export const wachtrijen: readonly string[] = [...new Set(jobs.map((j) => j.wachtrij))];
