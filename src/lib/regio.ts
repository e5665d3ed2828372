import type { EntityManager } from '@mikro-orm/postgresql';

import type { ContextMetAanroeper, RequestContext } from './context';

/** Whose rows row-level security admits: a VT organisation's case rows and/or the rows addressed to a partner. */
export interface KetenScope {
  vtOrganisatie?: string;
  partner?: string;
}

/**
 * Inside a transaction: switch to the database role ketenpoort_app and set the scope, so PostgreSQL's row-level
 * security admits exactly those rows (case tables: `ketenpoort.vt_organisatie`; gateway tables: that, or
 * `ketenpoort.partner_organisatie`). The one place the settings are written; the helpers below use it.
 */
export async function zetKetenScope(tx: EntityManager, scope: KetenScope): Promise<void> {
  await tx
    .getConnection()
    .execute(
      `select set_config('role', 'ketenpoort_app', true), set_config('ketenpoort.vt_organisatie', ?, true), set_config('ketenpoort.partner_organisatie', ?, true)`,
      [scope.vtOrganisatie ?? '', scope.partner ?? ''],
      'run',
      tx.getTransactionContext(),
    );
}

/**
 * Runs `werk` in a transaction within `scope`.
 * Invariant: `partner` is always the caller's own verified organisation, never a value from the request.
 */
export async function inKetenScope<T>(
  ctx: RequestContext,
  scope: KetenScope,
  werk: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  return ctx.em.transactional(async (tx) => {
    await zetKetenScope(tx, scope);
    return werk(tx);
  });
}

/**
 * Runs `werk` with the case rows of `regio` only.
 * Invariant: every service access to case tables (persoon, melding, melder, betrokkene, ...) goes through a scope;
 * the services also filter by region, so neither layer alone decides.
 */
export function inRegio<T>(ctx: RequestContext, regio: string, werk: (tx: EntityManager) => Promise<T>): Promise<T> {
  return inKetenScope(ctx, { vtOrganisatie: regio }, werk);
}

/**
 * Runs `werk` with the gateway rows addressed to the caller's organisation. Case tables stay closed (no VT setting);
 * a service that must read or change VT rows for a verified step of this partner widens the scope in the same
 * transaction (`ookVtRegio`).
 */
export function alsPartner<T>(ctx: ContextMetAanroeper, werk: (tx: EntityManager) => Promise<T>): Promise<T> {
  return inKetenScope(ctx, { partner: ctx.actor.organisatie.code }, werk);
}

/** Inside `alsPartner`: also admit the case rows of one VT organisation (after the service verified why). */
export async function ookVtRegio(tx: EntityManager, regio: string): Promise<void> {
  await tx
    .getConnection()
    .execute(`select set_config('ketenpoort.vt_organisatie', ?, true)`, [regio], 'run', tx.getTransactionContext());
}
