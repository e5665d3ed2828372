import type { EntityManager } from '@mikro-orm/postgresql';

import type { AuditRegistratie } from '../audit/audit-registratie';
import type { Actor } from '../auth/actor';
import type { TermijnPlanner } from '../termijnen/termijn.service';
import type { TermijnRegels } from '../termijnen/termijn-regels';
import type { Clock } from './clock';
import type { Logger } from './logger';

/**
 * Everything a service needs about the current request. Services take it as their first parameter;
 * there are no ambient globals.
 */
export interface RequestContext {
  /** A fork of the entity manager for this request only (its own identity map). */
  readonly em: EntityManager;
  readonly actor: Actor;
  readonly clock: Clock;
  readonly verzoekId: string;
  readonly audit: AuditRegistratie;
  readonly log: Logger;
  /** Termijn lengths and the working-day calendar, from the configuration. */
  readonly termijnRegels: TermijnRegels;
  /** Schedules termijn jobs after commit; absent where no queue is wired (the reconciler then does it). */
  readonly termijnPlanner?: TermijnPlanner;
}
