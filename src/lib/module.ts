import type { JobDefinitie, JobRegistratie, Schema } from './job';

/**
 * What a domain module contributes. The entry points list the modules by name (src/modules.ts).
 *
 * lib declares the contract's infrastructure (entities, resolvers, background work); the modules that own the other
 * parts add them by interface augmentation (`declare module '../lib/module'`): the policy slice (`beleid`) by
 * beleid/beleid.ts, the termijn actions (`termijnActies`) by termijnen/termijn-acties.ts.
 */
export interface Module {
  readonly naam: string;

  readonly entities: readonly Function[];

  readonly resolvers: readonly Function[];
  /** The module's background jobs (the worker registers them; src/jobs.ts collects them). */
  readonly jobs?: readonly JobRegistratie[];
  /** Repeating schedules of those jobs. */
  readonly schemas?: readonly Schema[];
  /** Jobs the worker runs once when it starts (no payload). */
  readonly bijStart?: readonly JobDefinitie[];
}
