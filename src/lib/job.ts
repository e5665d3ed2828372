import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';

import type { Clock } from './clock';
import type { Config } from './config';
import type { Logger } from './logger';

/** What a job handler may use. Handlers reload state from PostgreSQL; payloads carry ids only. */
export interface JobDeps {
  orm: MikroORM;
  clock: Clock;
  log: Logger;
  config: Config;
  /** The queue of that name (for jobs that schedule other jobs, such as the termijn reconciler). */
  queue(naam: string): Queue;
}

/**
 * One background job: a queue, a name, an id-only payload and an idempotent handler
 * (every job may run twice: BullMQ delivers at least once).
 */
export interface JobDefinitie<P extends Record<string, string | number> = Record<string, never>> {
  readonly wachtrij: string;
  readonly naam: string;
  verwerk(deps: JobDeps, payload: P): Promise<unknown>;
}

/** A repeating schedule: enqueues a job every `elkeMs`. Schedules only enqueue. */
export interface Schema {
  readonly id: string;
  readonly job: JobDefinitie;
  elkeMs(config: Config): number;
}
