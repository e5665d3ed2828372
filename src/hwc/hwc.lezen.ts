import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';

import { inzageVanAntwoord } from '../audit/inzage';
import { VT_UITVOERING } from '../auth/rollen';
import {
  casusToegangFilter,
  casusToegangJsonSql,
  casusToegangSql,
  casusToegangUitJson,
  markeerCasusToegang,
  noodAudit,
} from '../beleid/casustoegang.sql';
import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { geenToegang, nietGevonden } from '../lib/errors';
import { alsConnection, controleerPaginagrootte, leesCursor } from '../lib/graphql/paginering';
import { alsDatum, entiteitVorm, leesRijen } from '../lib/lezen';
import { inKetenScope } from '../lib/regio';
import { escalatieSql, termijnService } from '../termijnen/termijn.service';
import { HwcSignaalEntity, HwcSignaalInhoudEntity } from './hwc.entity';
import { type HwcSignaalConnection, HwcSignaalView } from './hwc.types';

const isVt = (ctx: RequestContext): boolean => VT_UITVOERING.includes(ctx.actor.rol);

/** The page after cursor `na` on a keyset ordered by (leverenVoor asc, id asc): the earliest deadline first. */
function naOplopend(na: string | undefined): FilterQuery<HwcSignaalEntity> {
  if (!na) return {};
  const c = leesCursor(na);
  return { $or: [{ leverenVoor: { $gt: c.tijdstip } }, { leverenVoor: c.tijdstip, id: { $gt: c.id } }] };
}

async function views(tx: EntityManager, rijen: HwcSignaalEntity[], nu: Date): Promise<HwcSignaalView[]> {
  const ids = rijen.map((r) => r.id);
  if (ids.length === 0) return [];
  const inhoud = new Map(
    (await tx.find(HwcSignaalInhoudEntity, { signaalId: { $in: ids } })).map((i) => [i.signaalId, i]),
  );
  const esc = await termijnService.escalatiesVoor(tx, 'hwcSignaalId', ids);
  // A signal whose content row the database does not admit (row-level security) is left out, never half-shown.
  return rijen
    .filter((r) => inhoud.has(r.id))
    .map((r) => HwcSignaalView.van(r, inhoud.get(r.id) as HwcSignaalInhoudEntity, esc.get(r.id), nu));
}

/**
 * A page of signals for VT (its region, need-to-know) or a school (its own, while access lasts), earliest deadline
 * first, as views built from one statement's rows (signal, content, escalation and, for VT, the casus' need-to-know
 * data): the read path without managed entities. A signal whose content row the database does not admit is left out.
 */
async function signaalRijen(
  tx: EntityManager,
  ctx: RequestContext,
  na: string | undefined,
  alleenOnbevestigd: boolean,
  limiet: number,
  nu: Date,
): Promise<HwcSignaalView[]> {
  const vt = isVt(ctx);
  const waar: string[] = [];
  const params: unknown[] = [];
  if (vt) {
    const toegang = casusToegangSql(ctx, 'casus_id', 's');
    waar.push('s.vt_organisatie = ?', toegang.sql);
    params.push(vtRegioVan(ctx), ...toegang.params);
  } else {
    waar.push('s.school = ?', 's.ingetrokken_op is null', 's.toegang_tot > ?');
    params.push(ctx.actor.organisatie.code, nu);
  }
  if (alleenOnbevestigd) waar.push('s.bevestigd_op is null', 's.ingetrokken_op is null');
  if (na) {
    const c = leesCursor(na);
    waar.push('(s.leveren_voor, s.id) > (?, ?::uuid)');
    params.push(c.tijdstip, c.id);
  }
  const nk = vt ? casusToegangJsonSql(ctx, 's.casus_id') : { sql: 'null', params: [] };
  const rijen = await leesRijen<{
    s: Record<string, unknown>;
    i: Record<string, unknown> | null;
    esc: number | null;
    nk: Parameters<typeof casusToegangUitJson>[1];
  }>(
    tx,
    `select to_jsonb(s) as s, to_jsonb(i) as i, ${escalatieSql('hwc_signaal_id', 's.id')} as esc, ${nk.sql} as nk
       from hwc_signaal s left join hwc_signaal_inhoud i on i.signaal_id = s.id
      where ${waar.join(' and ')} order by s.leveren_voor, s.id limit ?`,
    [...nk.params, ...params, limiet],
  );
  return rijen
    .filter((r) => r.i)
    .map((r) => {
      const v = HwcSignaalView.van(
        entiteitVorm(tx, HwcSignaalEntity, r.s),
        entiteitVorm(tx, HwcSignaalInhoudEntity, r.i as Record<string, unknown>),
        alsDatum(r.esc) ?? undefined,
        nu,
      );
      return vt ? Object.assign(v, { casusToegang: casusToegangUitJson(ctx, r.nk) }) : v;
    });
}

/** VT's views, with the need-to-know data of each signal's casus (row rule, audit flag). */
export async function vtViews(
  tx: EntityManager,
  ctx: RequestContext,
  rijen: HwcSignaalEntity[],
  nu: Date,
): Promise<HwcSignaalView[]> {
  return markeerCasusToegang(tx, ctx, await views(tx, rijen, nu));
}

/** The audit record of a read names what the reader received (inzage.ts), not everything the signal holds. */
export function auditLezen(ctx: RequestContext, v: HwcSignaalView, velden: string[]): void {
  ctx.audit.lees({
    gebeurtenis: 'HWC_SIGNAAL_INZIEN',
    actie: 'R',
    vtOrganisatie: v.vtOrganisatie,
    objectType: 'HwcSignaal',
    objectId: v.id,
    ...inzageVanAntwoord(v, velden),
    ...noodAudit(ctx, v.casusToegang),
  });
}

/** Reading Handle with Care signals: VT its region's, a school its own while access lasts (hwcService writes them). */
export const hwcLezen = {
  /** One signal of the caller's VT region: the read path behind a retried hwcSignaalVersturen. */
  async lees(ctx: RequestContext, id: string, velden: string[]): Promise<HwcSignaalView> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(id)) throw nietGevonden('Het signaal');
    const nu = ctx.clock.now();
    const view = await inKetenScope(ctx, { vtOrganisatie: regio }, async (tx) => {
      const s = await tx.findOne(HwcSignaalEntity, { id, vtOrganisatie: regio });
      return s ? (await vtViews(tx, ctx, [s], nu))[0] : undefined;
    });
    if (!view) throw nietGevonden('Het signaal');
    auditLezen(ctx, view, velden);
    return view;
  },

  /** VT: the region's signals; a school: its own signals while access lasts. Earliest deadline first. */
  async lijst(
    ctx: RequestContext,
    eerste: number,
    na: string | undefined,
    alleenOnbevestigd: boolean,
    velden: string[],
  ): Promise<HwcSignaalConnection> {
    controleerPaginagrootte(eerste);
    const nu = ctx.clock.now();
    const org = ctx.actor.organisatie.code;
    let scope: { vtOrganisatie?: string; partner?: string };
    let where: FilterQuery<HwcSignaalEntity>;
    if (isVt(ctx)) {
      scope = { vtOrganisatie: vtRegioVan(ctx) };
      where = { vtOrganisatie: scope.vtOrganisatie, ...casusToegangFilter(ctx, 'casus_id') };
    } else if (ctx.actor.organisatie.soort === 'SCHOOL') {
      scope = { partner: org };
      where = { school: org, ingetrokkenOp: null, toegangTot: { $gt: nu } };
    } else {
      throw geenToegang();
    }
    const filter = {
      $and: [where, alleenOnbevestigd ? { bevestigdOp: null, ingetrokkenOp: null } : {}, naOplopend(na)],
    } as FilterQuery<HwcSignaalEntity>;
    const lijst = await inKetenScope(ctx, scope, async (tx) => {
      if (ctx.config.leespad !== 'entiteiten') return signaalRijen(tx, ctx, na, alleenOnbevestigd, eerste + 1, nu);
      const rijen = await tx.find(HwcSignaalEntity, filter, {
        orderBy: { leverenVoor: 'asc', id: 'asc' },
        limit: eerste + 1,
      });
      return isVt(ctx) ? vtViews(tx, ctx, rijen, nu) : views(tx, rijen, nu);
    });
    for (const v of lijst.slice(0, eerste)) auditLezen(ctx, v, velden);
    return alsConnection(lijst, eerste, (v) => v.leverenVoor);
  },
};
