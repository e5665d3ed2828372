import type { EntityManager } from '@mikro-orm/postgresql';

import type { Clock } from './clock';
import type { Config } from './config';
import type { Logger } from './logger';

/**
 * Everything a service needs about the current request. Services take it as their first parameter;
 * there are no ambient globals.
 *
 * The ground floor declares only what is infrastructure. The domain modules that own the other members add them by
 * interface augmentation (`declare module '../lib/context'`), so lib knows no domain: the caller (`actor`) is added
 * by auth/actor.ts, the audit trail (`audit`) by audit/audit-registratie.ts, the termijn rules and planner by
 * termijnen/termijn.service.ts. src/app.ts builds the whole context.
 */
export interface RequestContext {
  /** A fork of the entity manager for this request only (its own identity map). */
  readonly em: EntityManager;
  readonly clock: Clock;
  readonly verzoekId: string;
  readonly log: Logger;
  /** The process configuration, validated at start. */
  readonly config: Config;
  /** The request's `Idempotency-Key` HTTP header, if sent (src/lib/idempotentie.ts decides where it applies). */
  readonly idempotentieHeader?: string;
}

/**
 * What lib itself needs to know of the caller (idempotency keys and partner scopes are per organisation and caller).
 * auth's Actor has these members; lib names them here so it needs no domain module.
 */
export interface Aanroeper {
  readonly sub: string;
  readonly issuer: string;
  readonly organisatie: { readonly code: string };
}

/** A request context with a caller, for the few lib helpers that scope by the caller. */
export type ContextMetAanroeper = RequestContext & { readonly actor: Aanroeper };

/** Whether a string is a UUID: anything else cannot name a row and is answered NOT_FOUND without a query. */
export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
