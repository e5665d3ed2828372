import type { EntityManager } from '@mikro-orm/postgresql';

import type { AuditRegistratie } from '../audit/audit-registratie';
import type { Actor } from '../auth/actor';
import type { TermijnPlanner } from '../termijnen/termijn.service';
import type { TermijnRegels } from '../termijnen/termijn-regels';
import { eigenVtRegio } from '../auth/actor';
import type { Clock } from './clock';
import type { Config } from './config';
import { geenToegang } from './errors';
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
  /** The process configuration, validated at start. */
  readonly config: Config;
  /** The request's `Idempotency-Key` HTTP header, if sent (src/lib/idempotentie.ts decides where it applies). */
  readonly idempotentieHeader?: string;
}

/** The caller's own VT region; FORBIDDEN for anyone who does not work for a VT organisation. */
export function vtRegioVan(ctx: RequestContext): string {
  const regio = eigenVtRegio(ctx.actor);
  if (!regio) throw geenToegang();
  return regio;
}

/** Whether a string is a UUID: anything else cannot name a row and is answered NOT_FOUND without a query. */
export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
