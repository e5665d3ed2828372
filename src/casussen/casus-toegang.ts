import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

import type { AuditFeit } from '../audit/audit-registratie';
import type { CasusToegang } from '../beleid/casustoegang';
import {
  casusToegangFilter,
  laadCasusToegang,
  leestHeleRegio,
  noodAudit,
  nietToegankelijk,
} from '../beleid/casustoegang.sql';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden } from '../lib/errors';
import { CasusEntity } from './casus.entity';

/**
 * Need-to-know for a casus the service has (or loads) as an entity. The SQL conditions and lookups that need no
 * casus entity are in src/beleid/casustoegang.sql.ts, so that modules below casussen can use them.
 */

/**
 * `laadCasusToegang` for one casus already loaded (behandelaar, team, the caller's noodtoegang and the restriction
 * flag); a casus the lookup does not find counts as restricted (fails closed).
 */
export async function casusToegangVan(
  tx: EntityManager,
  ctx: RequestContext,
  casus: CasusEntity,
): Promise<CasusToegang> {
  // One query also for an assigned worker: whether the casus is restricted (src/rechten) is not on the entity.
  const geladen = (await laadCasusToegang(tx, ctx, [casus.id])).get(casus.id);
  return (
    geladen ?? {
      behandelaar: casus.verantwoordelijke ?? null,
      team: casus.team ?? null,
      noodtoegang: null,
      beperkt: true,
    }
  );
}

/**
 * A casus of the region that the caller may work on; `wijzigen` locks its row until commit. NOT_FOUND for an unknown
 * id or another region's, FORBIDDEN (NIET_TOEGEWEZEN) for a casus of the region that is not the caller's.
 */
export async function laadCasusVoor(
  ctx: RequestContext,
  tx: EntityManager,
  regio: string,
  id: string,
  wijzigen = false,
): Promise<CasusEntity> {
  if (!isUuid(id)) throw nietGevonden('De casus');
  const c = await tx.findOne(
    CasusEntity,
    { id, vtOrganisatie: regio, ...casusToegangFilter(ctx, 'id') },
    wijzigen ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
  );
  if (!c) throw await nietToegankelijk(tx, 'casus', id, regio, 'De casus');
  return c;
}

/** `noodAudit` for a casus (loaded, or by id), inside a transaction (for changes, whose audit row is written there). */
export async function noodFeit(
  tx: EntityManager,
  ctx: RequestContext,
  casus: CasusEntity | string,
): Promise<Pick<AuditFeit, 'noodprocedure' | 'grondslag'>> {
  if (leestHeleRegio(ctx)) return {};
  if (typeof casus !== 'string') return noodAudit(ctx, await casusToegangVan(tx, ctx, casus));
  return noodAudit(ctx, (await laadCasusToegang(tx, ctx, [casus])).get(casus));
}
