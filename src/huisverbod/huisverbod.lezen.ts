import { TZDate } from '@date-fns/tz';
import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays } from 'date-fns';

import { inzageVanAntwoord } from '../audit/inzage';
import { vtRegioVan } from '../auth/actor';
import { Rol, VT_UITVOERING } from '../auth/rollen';
import {
  casusToegangJsonSql,
  casusToegangSql,
  casusToegangUitJson,
  markeerCasusToegang,
  noodAudit,
  nietToegankelijk,
} from '../beleid/casustoegang.sql';
import { isUuid, type RequestContext } from '../lib/context';
import { geenToegang, nietGevonden, type VeldFout } from '../lib/errors';
import { alsConnection, controleerPaginagrootte, naCursorSql } from '../lib/graphql/paginering';
import { entiteitenVorm, entiteitVorm, leesRijen } from '../lib/lezen';
import { inKetenScope, type KetenScope } from '../lib/regio';
import { TIJDZONE } from '../termijnen/kalender';
import { HuisverbodEntity, HuisverbodMonitoringcontactEntity } from './huisverbod.entity';
import {
  type HuisverbodConnection,
  type HuisverbodPartner,
  HuisverbodView,
  PARTNER_INZAGE_DAGEN,
} from './huisverbod.types';

/** The legal basis of a partner's access to a huisverbod, whoever the partner (the police's default is its own meldingen). */
export const THV_GRONDSLAG =
  'Wet tijdelijk huisverbod art. 2, 3 en 9: afstemming van VT met burgemeester en politie over het huisverbod';

/** Ten days (Wet tijdelijk huisverbod art. 2), at most four weeks with an extension (art. 9): calendar days. */
export const THV_DAGEN = 10;
export const THV_MAX_DAGEN = 28;

/** `n` calendar days after `t` at the same time of day in Amsterdam (across a change to or from summer time). */
export function plusKalenderdagen(t: Date, n: number): Date {
  return new Date(addDays(new TZDate(t.getTime(), TIJDZONE), n).getTime());
}

/**
 * The moment of imposition, as the police report it and as VT registers it: not in the future, and not so long ago
 * that the ten days are over. `naAfloop` says what to do instead when they are.
 */
export function controleerOpgelegdOp(opgelegdOp: Date, nu: Date, fouten: VeldFout[], naAfloop = ''): void {
  if (opgelegdOp > nu) {
    fouten.push({
      veld: 'opgelegdOp',
      code: 'IN_DE_TOEKOMST',
      melding: 'Het opleggen kan niet in de toekomst liggen.',
    });
  } else if (plusKalenderdagen(opgelegdOp, THV_DAGEN) <= nu) {
    fouten.push({
      veld: 'opgelegdOp',
      code: 'AL_AFGELOPEN',
      melding: `Dit huisverbod is na tien dagen al afgelopen${naAfloop ? `; ${naAfloop}` : ''}.`,
    });
  }
}

export const isVt = (ctx: RequestContext): boolean => VT_UITVOERING.includes(ctx.actor.rol);

/** Who reads as a partner of a huisverbod, and by which column: the gemeente (OOV) or the police that reported it. */
export function partnerKolom(ctx: RequestContext): HuisverbodPartner | undefined {
  if (ctx.actor.rol === Rol.GEMEENTE_OOV_MEDEWERKER) return 'gemeente';
  if (ctx.actor.rol === Rol.POLITIE_MEDEWERKER) return 'politie';
  return undefined;
}

/** The column of the reader's own id of a huisverbod: VT's id, or the partner's. */
function idKolom(ctx: RequestContext): string {
  const kolom = isVt(ctx) ? undefined : partnerKolom(ctx);
  return kolom ? `h.${kolom}_id` : 'h.id';
}

/** The scope of a read: VT its region; a partner its own organisation (row-level security admits its rows only). */
export function leesScope(ctx: RequestContext): KetenScope {
  if (isVt(ctx)) return { vtOrganisatie: vtRegioVan(ctx) };
  if (partnerKolom(ctx)) return { partner: ctx.actor.organisatie.code };
  throw geenToegang();
}

/**
 * Huisverboden of the caller as views, from one statement (huisverbod, monitoring contacts, and for VT the casus'
 * need-to-know data). VT: its region, casussen it may read. A partner: its own (gemeente or police column), until
 * PARTNER_INZAGE_DAGEN after the end.
 */
export async function huisverbodRijen(
  tx: EntityManager,
  ctx: RequestContext,
  extra: { sql: string; params: unknown[] },
  limiet: number,
): Promise<HuisverbodView[]> {
  const nu = ctx.clock.now();
  const vt = isVt(ctx);
  const waar: string[] = [];
  const params: unknown[] = [];
  if (vt) {
    const toegang = casusToegangSql(ctx, 'casus_id', 'h');
    waar.push('h.vt_organisatie = ?', toegang.sql);
    params.push(vtRegioVan(ctx), ...toegang.params);
  } else {
    const kolom = partnerKolom(ctx);
    if (!kolom) throw geenToegang();
    waar.push(
      `h.${kolom} = ?`,
      `coalesce(h.ingetrokken_op, h.verlengd_tot, h.opgelegd_tot) + interval '${PARTNER_INZAGE_DAGEN} days' > ?`,
    );
    params.push(ctx.actor.organisatie.code, nu);
  }
  const nk = vt ? casusToegangJsonSql(ctx, 'h.casus_id') : { sql: 'null', params: [] };
  const rijen = await leesRijen<{
    h: Record<string, unknown>;
    m: unknown;
    nk: Parameters<typeof casusToegangUitJson>[1];
  }>(
    tx,
    `select to_jsonb(h) as h,
            (select json_agg(to_jsonb(m)) from huisverbod_monitoringcontact m where m.huisverbod_id = h.id) as m,
            ${nk.sql} as nk
       from huisverbod h where ${waar.join(' and ')} and ${extra.sql}
      order by h.opgelegd_op desc, ${idKolom(ctx)} desc limit ?`,
    [...nk.params, ...params, ...extra.params, limiet],
  );
  return rijen.map((r) => {
    const v = HuisverbodView.van(
      entiteitVorm(tx, HuisverbodEntity, r.h),
      entiteitenVorm(tx, HuisverbodMonitoringcontactEntity, r.m),
      nu,
      partnerKolom(ctx),
    );
    return vt ? Object.assign(v, { casusToegang: casusToegangUitJson(ctx, r.nk) }) : v;
  });
}

/** VT's view of a huisverbod loaded in a transaction (after a step), with its casus' need-to-know data. */
export async function vtView(tx: EntityManager, ctx: RequestContext, h: HuisverbodEntity): Promise<HuisverbodView> {
  const contacten = await tx.find(HuisverbodMonitoringcontactEntity, { huisverbodId: h.id });
  const [v] = await markeerCasusToegang(tx, ctx, [HuisverbodView.van(h, contacten, ctx.clock.now())]);
  return v;
}

/** The audit record of a read names what the reader received (inzage.ts); a partner's on the huisverbod's basis. */
export function auditLezen(ctx: RequestContext, v: HuisverbodView, velden: string[]): void {
  ctx.audit.lees({
    gebeurtenis: 'HUISVERBOD_INZIEN',
    actie: 'R',
    vtOrganisatie: v.vtOrganisatie,
    objectType: 'TijdelijkHuisverbod',
    objectId: v.huisverbodId,
    ...inzageVanAntwoord(v, velden),
    ...(isVt(ctx) ? noodAudit(ctx, v.casusToegang) : { grondslag: THV_GRONDSLAG }),
  });
}

/** Reading huisverboden: VT (need-to-know), the gemeente (OOV) and the police, each its own part (huisverbod.beleid.ts). */
export const huisverbodLezen = {
  async lijst(
    ctx: RequestContext,
    eerste: number,
    na: string | undefined,
    velden: string[],
  ): Promise<HuisverbodConnection> {
    controleerPaginagrootte(eerste);
    const cursor = naCursorSql('h.opgelegd_op', idKolom(ctx), na);
    const lijst = await inKetenScope(ctx, leesScope(ctx), (tx) => huisverbodRijen(tx, ctx, cursor, eerste + 1));
    for (const v of lijst.slice(0, eerste)) auditLezen(ctx, v, velden);
    return alsConnection(lijst, eerste, (v) => v.opgelegdOp);
  },

  async lees(ctx: RequestContext, id: string, velden: string[]): Promise<HuisverbodView> {
    if (!isUuid(id)) throw nietGevonden('Het huisverbod');
    const v = await inKetenScope(ctx, leesScope(ctx), async (tx) => {
      const [gevonden] = await huisverbodRijen(tx, ctx, { sql: `${idKolom(ctx)} = ?`, params: [id] }, 1);
      // VT: a huisverbod of the region whose casus is not the caller's is NIET_TOEGEWEZEN, as every casus object.
      if (!gevonden && isVt(ctx)) throw await nietToegankelijk(tx, 'huisverbod', id, vtRegioVan(ctx), 'Het huisverbod');
      return gevonden;
    });
    if (!v) throw nietGevonden('Het huisverbod');
    auditLezen(ctx, v, velden);
    return v;
  },
};
