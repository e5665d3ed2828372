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
