import type { EntityManager } from '@mikro-orm/postgresql';

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
import { geenToegang, nietGevonden } from '../lib/errors';
import { alsConnection, controleerPaginagrootte, naCursorSql } from '../lib/graphql/paginering';
import { entiteitVorm, leesRijen } from '../lib/lezen';
import { inKetenScope, type KetenScope } from '../lib/regio';
import { AwareAanvraagEntity } from './aware.entity';
import { type AwareAanvraagConnection, AwareAanvraagView } from './aware.types';

/** The legal basis of the committee's access to an application. */
export const AWARE_GRONDSLAG =
  'Samenwerkingsafspraken Aware: besluit van de indicatiecommissie over een aanvraag voor een AWARE-alarm';

export const isVt = (ctx: RequestContext): boolean => VT_UITVOERING.includes(ctx.actor.rol);
export const isCommissie = (ctx: RequestContext): boolean => ctx.actor.rol === Rol.AWARE_INDICATIECOMMISSIE;

/** The column of the reader's own id of an application: VT's id, or the committee's. */
const idKolom = (ctx: RequestContext): string => (isVt(ctx) ? 'a.id' : 'a.commissie_id');

/** The scope of a read: VT its region; the committee its own organisation (row-level security admits its rows only). */
export function leesScope(ctx: RequestContext): KetenScope {
  if (isVt(ctx)) return { vtOrganisatie: vtRegioVan(ctx) };
  if (isCommissie(ctx)) return { partner: ctx.actor.organisatie.code };
  throw geenToegang();
}

/**
 * Applications of the caller as views, from one statement. VT: its region, casussen it may read. The committee: those
 * submitted to it (never a draft), without anything of the casus.
 */
export async function aanvraagRijen(
  tx: EntityManager,
  ctx: RequestContext,
  extra: { sql: string; params: unknown[] },
  limiet: number,
): Promise<AwareAanvraagView[]> {
  const vt = isVt(ctx);
  const waar: string[] = [];
  const params: unknown[] = [];
  if (vt) {
    const toegang = casusToegangSql(ctx, 'casus_id', 'a');
    waar.push('a.vt_organisatie = ?', toegang.sql);
    params.push(vtRegioVan(ctx), ...toegang.params);
  } else if (isCommissie(ctx)) {
    waar.push('a.commissie = ?', 'a.ingediend_op is not null');
    params.push(ctx.actor.organisatie.code);
  } else {
    throw geenToegang();
  }
  const nk = vt ? casusToegangJsonSql(ctx, 'a.casus_id') : { sql: 'null', params: [] };
  const rijen = await leesRijen<{ a: Record<string, unknown>; nk: Parameters<typeof casusToegangUitJson>[1] }>(
    tx,
    `select to_jsonb(a) as a, ${nk.sql} as nk
       from aware_aanvraag a where ${waar.join(' and ')} and ${extra.sql}
      order by a.aangevraagd_op desc, ${idKolom(ctx)} desc limit ?`,
    [...nk.params, ...params, ...extra.params, limiet],
  );
  return rijen.map((r) => {
    const v = AwareAanvraagView.van(entiteitVorm(tx, AwareAanvraagEntity, r.a), !vt);
    return vt ? Object.assign(v, { casusToegang: casusToegangUitJson(ctx, r.nk) }) : v;
  });
}

/** VT's view of an application loaded in a transaction (after a step), with its casus' need-to-know data. */
export async function vtView(
  tx: EntityManager,
  ctx: RequestContext,
  a: AwareAanvraagEntity,
): Promise<AwareAanvraagView> {
  const [v] = await markeerCasusToegang(tx, ctx, [AwareAanvraagView.van(a)]);
  return v;
}

/** The audit record of a read names what the reader received (inzage.ts); the committee's on the Aware basis. */
export function auditLezen(ctx: RequestContext, v: AwareAanvraagView, velden: string[]): void {
  ctx.audit.lees({
    gebeurtenis: 'AWARE_INZIEN',
    actie: 'R',
    vtOrganisatie: v.vtOrganisatie,
    objectType: 'AwareAanvraag',
    objectId: v.aanvraagId,
    ...inzageVanAntwoord(v, velden),
    ...(isVt(ctx) ? noodAudit(ctx, v.casusToegang) : { grondslag: AWARE_GRONDSLAG }),
  });
}

/** Reading Aware applications: VT (need-to-know) and the indication committee, each its own part (aware.beleid.ts). */
export const awareLezen = {
  async lijst(
    ctx: RequestContext,
    eerste: number,
    na: string | undefined,
    velden: string[],
  ): Promise<AwareAanvraagConnection> {
    controleerPaginagrootte(eerste);
    const cursor = naCursorSql('a.aangevraagd_op', idKolom(ctx), na);
    const lijst = await inKetenScope(ctx, leesScope(ctx), (tx) => aanvraagRijen(tx, ctx, cursor, eerste + 1));
    for (const v of lijst.slice(0, eerste)) auditLezen(ctx, v, velden);
    return alsConnection(lijst, eerste, (v) => v.aangevraagdOp);
  },

  async lees(ctx: RequestContext, id: string, velden: string[]): Promise<AwareAanvraagView> {
    if (!isUuid(id)) throw nietGevonden('De Aware-aanvraag');
    const v = await inKetenScope(ctx, leesScope(ctx), async (tx) => {
      const [gevonden] = await aanvraagRijen(tx, ctx, { sql: `${idKolom(ctx)} = ?`, params: [id] }, 1);
      if (!gevonden && isVt(ctx)) {
        throw await nietToegankelijk(tx, 'aware_aanvraag', id, vtRegioVan(ctx), 'De Aware-aanvraag');
      }
      return gevonden;
    });
    if (!v) throw nietGevonden('De Aware-aanvraag');
    auditLezen(ctx, v, velden);
    return v;
  },
};
