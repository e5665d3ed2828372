import type { EntityManager } from '@mikro-orm/postgresql';

import type { JobDeps } from '../lib/job';
import type { NotificatieSoort, TermijnEntity, TermijnSoort } from './termijn.entity';

declare module '../lib/module' {
  interface Module {
    /** What else happens when the worker reminds or escalates a termijn of a given kind. */
    readonly termijnActies?: readonly TermijnActie[];
  }
}

declare module '../lib/job' {
  interface JobDeps {
    /**
     * Every module's termijn actions: the worker collects them from src/modules.ts and hands them to the termijn
     * jobs, which cannot import the modules above them.
     */
    termijnActies: readonly TermijnActie[];
  }
}

/**
 * What another module does when the worker reminds or escalates a termijn of one of its kinds, for example an
 * overdracht that expires when the partner did not answer. It runs in the transaction that writes the
 * notification, and only when that notification is new: so it happens exactly once, or (if it fails) not at all
 * and the job is retried. Modules declare their actions (Module.termijnActies); src/modules.ts collects them.
 */
export interface TermijnActie {
  readonly soorten: readonly TermijnSoort[];
  readonly bij: readonly NotificatieSoort[];
  uitvoeren(deps: JobDeps, tx: EntityManager, termijn: TermijnEntity, soort: NotificatieSoort): Promise<void>;
}
