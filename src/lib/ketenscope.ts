import type { EntityManager } from '@mikro-orm/postgresql';

import type { RequestContext } from './context';

/**
 * Runs `werk` in a transaction as the database role ketenpoort_app with the tenant setting for a VT organisation
 * and/or the setting for a partner organisation, so row-level security on partner-gateway tables (policy: "of this
 * VT organisation, or addressed to this partner") admits exactly those rows. `inRegio` is the VT-only form.
 * Invariant: `partner` is always the caller's own verified organisation, never a value from the request.
 */
export async function inKetenScope<T>(
  ctx: RequestContext,
  scope: { vtOrganisatie?: string; partner?: string },
  werk: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  return ctx.em.transactional(async (tx) => {
    await tx
      .getConnection()
      .execute(
        `select set_config('role', 'ketenpoort_app', true), set_config('ketenpoort.vt_organisatie', ?, true), set_config('ketenpoort.partner_organisatie', ?, true)`,
        [scope.vtOrganisatie ?? '', scope.partner ?? ''],
        'run',
        tx.getTransactionContext(),
      );
    return werk(tx);
  });
}
