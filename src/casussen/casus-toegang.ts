import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

import type { AuditFeit } from '../audit/audit-registratie';
import { type CasusToegang, toegangsgrond } from '../beleid/casustoegang';
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
 * `laadCasusToegang` for one casus already loaded: behandelaar and team from the row; the caller's noodtoegang is
 * looked up only when nothing else opens the casus to them (a medewerker who is not assigned), so an assigned worker's
 * step costs no extra query.
 */
export async function casusToegangVan(
  tx: EntityManager,
  ctx: RequestContext,
  casus: CasusEntity,
): Promise<CasusToegang> {
  const zonderNood: CasusToegang = {
    behandelaar: casus.verantwoordelijke ?? null,
    team: casus.team ?? null,
    noodtoegang: null,
  };
  if (toegangsgrond(zonderNood, ctx.actor, ctx.clock.now()) !== null || ctx.actor.rol !== 'VT_MEDEWERKER') {
    return zonderNood;
  }
  return (await laadCasusToegang(tx, ctx, [casus.id])).get(casus.id) ?? zonderNood;
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
