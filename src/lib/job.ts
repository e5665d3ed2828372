import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';

import type { Clock } from './clock';
import type { Config } from './config';
import type { Logger } from './logger';

/**
 * What a job handler may use. Handlers reload state from PostgreSQL; payloads carry ids only. Modules add what their
 * jobs need from above them by interface augmentation (`declare module '../lib/job'`), and the worker supplies it.
 */
export interface JobDeps {
  orm: MikroORM;
  clock: Clock;
  log: Logger;
  config: Config;
  /** The queue of that name (for jobs that schedule other jobs, such as the termijn reconciler). */
  queue(naam: string): Queue;
  /** The BullMQ id of the job being run (absent when a handler is called directly): the audit trail's verzoek-id. */
  jobId?: string;
}

/**
 * Attempts and backoff of every job: exponential (basis × 2^(n-1)) with jitter (between half and all of it), so jobs
 * that failed together on a passing fault (a database failover) do not retry together. After the last attempt a job is
 * failed; the termijn reconciler replaces failed termijn jobs, periodic jobs simply run again at their next tick.
 */
export function jobHerhaling(config: Config): {
  attempts: number;
  backoff: { type: 'exponential'; delay: number; jitter: number };
} {
  return {
    attempts: config.wachtrij.jobPogingen,
    backoff: { type: 'exponential', delay: config.wachtrij.jobBackoffMs, jitter: 0.5 },
  };
}

/**
 * One background job: a queue, a name, an id-only payload and an idempotent handler
 * (every job may run twice: BullMQ delivers at least once).
 */
export interface JobDefinitie<P extends JobPayload = Record<string, never>> {
  readonly wachtrij: string;
  readonly naam: string;
  verwerk(deps: JobDeps, payload: P): Promise<unknown>;
}

/** A job's payload: ids and numbers only. */
export type JobPayload = Record<string, string | number>;

/**
 * A job of whatever payload, as the registry holds it: every `JobDefinitie<P>` is one without a cast. The worker
 * hands it the payload the job was queued with (the queue does not know its type).
 */
export interface JobRegistratie {
  readonly wachtrij: string;
  readonly naam: string;
  verwerk(deps: JobDeps, payload: never): Promise<unknown>;
}

/** A repeating schedule: enqueues a job every `elkeMs`. Schedules only enqueue. */
export interface Schema {
  readonly id: string;
  readonly job: JobDefinitie;
  elkeMs(config: Config): number;
}
