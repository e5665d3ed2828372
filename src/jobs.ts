import type { JobDefinitie, JobRegistratie, Schema } from './lib/job';
import { idempotentieOpruimenJob, idempotentieOpruimenSchema } from './lib/jobs/idempotentie-opruimen.job';
import { modules } from './modules';

/**
 * Every job and schedule, collected from the modules that declare them (each module's index.ts), plus the ground
 * floor's own upkeep (lib is no module). The worker registers exactly these.
 */
export const jobs: readonly JobRegistratie[] = [...modules.flatMap((m) => m.jobs ?? []), idempotentieOpruimenJob];
export const schemas: readonly Schema[] = [...modules.flatMap((m) => m.schemas ?? []), idempotentieOpruimenSchema];
/**
 * Schedules of earlier versions that the worker removes from Redis at start: the HwC and ZSM deadlines are termijnen
 * now (migration 24), watched by the termijn jobs, so their own periodic escalation is gone.
 */
export const vervallenSchemas: readonly { wachtrij: string; id: string }[] = [
  { wachtrij: 'ketenpartners', id: 'hwc-signalen-escaleren-periodiek' },
  { wachtrij: 'ketenpartners', id: 'zsm-verzoeken-escaleren-periodiek' },
];
/** Jobs the worker runs once when it starts. */
export const bijStart: readonly JobDefinitie[] = modules.flatMap((m) => m.bijStart ?? []);
export const wachtrijen: readonly string[] = [...new Set(jobs.map((j) => j.wachtrij))];
