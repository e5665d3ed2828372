import type { EntityManager } from '@mikro-orm/postgresql';

import type { RequestContext } from './context';

/**
 * Runs `werk` in a transaction as the database role ketenpoort_app with the tenant setting for `regio`,
 * so PostgreSQL's row-level security admits only that VT organisation's case rows.
 * Invariant: every service access to case tables (persoon, melding, melder, betrokkene) goes through
 * here; the services also filter by region, so neither layer alone decides.
 */
export async function inRegio<T>(ctx: RequestContext, regio: string, werk: (tx: EntityManager) => Promise<T>): Promise<T> {
  return ctx.em.transactional(async (tx) => {
    await tx
      .getConnection()
      .execute(
        `select set_config('role', 'ketenpoort_app', true), set_config('ketenpoort.vt_organisatie', ?, true)`,
        [regio],
        'run',
        tx.getTransactionContext(),
      );
    return werk(tx);
  });
}

/**
 * Runs `werk` in a transaction as ketenpoort_app with the partner setting for the caller's organisation: row-level
 * security on the gateway tables (overdracht, monitoring_input) then admits only rows addressed to it. Case tables
 * stay closed (no VT setting); a service that must read or change VT rows for a verified step of this partner sets
 * the VT organisation of that row in the same transaction (`ookVtRegio`).
 */
export async function alsPartner<T>(ctx: RequestContext, werk: (tx: EntityManager) => Promise<T>): Promise<T> {
  return ctx.em.transactional(async (tx) => {
    await tx
      .getConnection()
      .execute(
        `select set_config('role', 'ketenpoort_app', true), set_config('ketenpoort.partner_organisatie', ?, true)`,
        [ctx.actor.organisatie.code],
        'run',
        tx.getTransactionContext(),
      );
    return werk(tx);
  });
}

/** Inside `alsPartner`: also admit the case rows of one VT organisation (after the service verified why). */
export async function ookVtRegio(tx: EntityManager, regio: string): Promise<void> {
  await tx.getConnection().execute(`select set_config('ketenpoort.vt_organisatie', ?, true)`, [regio], 'run', tx.getTransactionContext());
}
