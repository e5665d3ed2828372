import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';

import { inzageVanAntwoord } from '../audit/inzage';
import { VT_UITVOERING } from '../auth/rollen';
import { grondslagPerRol } from '../beleid/beleid';
import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { geenToegang, nietGevonden } from '../lib/errors';
import { alsConnection, controleerPaginagrootte, leesCursor } from '../lib/graphql/paginering';
import { entiteitenVorm, entiteitVorm, leesRijen } from '../lib/lezen';
import { inKetenScope } from '../lib/regio';
import { escalatieSql, termijnService } from '../termijnen/termijn.service';
import { gegevensset } from './gegevensset';
import { ZsmVerzoekEntity, ZsmVerzoekPersoonEntity } from './zsm.entity';
import { type ZsmVerzoekConnection, ZsmVerzoekView } from './zsm.types';

/**
 * The legal basis of every ZSM audit record, whoever acts: the exchange rests on the ZSM agreements, not on the
 * caller's default basis (for POLITIE_MEDEWERKER that is feedback on its own reports, which this is not).
 */
export const ZSM_GRONDSLAG = grondslagPerRol.OM_ZSM_MEDEWERKER;

const isVt = (ctx: RequestContext): boolean => VT_UITVOERING.includes(ctx.actor.rol);
export const isZsmPartner = (ctx: RequestContext): boolean =>
  ['OPENBAAR_MINISTERIE', 'POLITIE'].includes(ctx.actor.organisatie.soort);

export function instellingen(ctx: RequestContext): { uren: number; set: string[]; inzageDagen: number } {
  const z = ctx.config.zsm;
  return { uren: z.antwoordUren, set: [...gegevensset(z.gegevensset)], inzageDagen: z.inzageDagen };
}

/** The page after cursor `na` on (antwoordVoor asc, id asc). */
function naOplopend(na: string | undefined): FilterQuery<ZsmVerzoekEntity> {
  if (!na) return {};
  const c = leesCursor(na);
  return { $or: [{ antwoordVoor: { $gt: c.tijdstip } }, { antwoordVoor: c.tijdstip, id: { $gt: c.id } }] };
}

export async function views(
  ctx: RequestContext,
  tx: EntityManager,
  rijen: ZsmVerzoekEntity[],
): Promise<ZsmVerzoekView[]> {
  if (rijen.length === 0) return [];
  const ids = rijen.map((r) => r.id);
  const personen = await tx.find(
    ZsmVerzoekPersoonEntity,
    { verzoekId: { $in: ids } },
    { orderBy: { volgorde: 'asc' } },
  );
  const esc = await termijnService.escalatiesVoor(tx, 'zsmVerzoekId', ids);
  return viewsUit(ctx, rijen, personen, esc, await beperktePersonen(tx, personen));
}

/**
 * The linked persons of these rows who belong to a casus whose processing is restricted (src/rechten): VT's answer
 * about them is not shown to anyone while it lasts (AVG art. 18), and VT cannot answer about them (beantwoorden).
 */
export async function beperktePersonen(
  tx: EntityManager,
  personen: readonly { persoonId?: string | null; vtOrganisatie: string }[],
): Promise<Set<string>> {
  const paren = [
    ...new Map(personen.flatMap((p) => (p.persoonId ? [[p.persoonId, p.vtOrganisatie] as const] : []))).entries(),
  ];
  if (paren.length === 0) return new Set();
  // persoon_is_beperkt (migration 37) answers in a partner's scope too, where casus_persoon is not readable.
  const rijen = await tx
    .getConnection()
    .execute<{ id: string }[]>(
      `select x.p::text as id from unnest(?::uuid[], ?::text[]) as x(p, r) where persoon_is_beperkt(x.p, x.r)`,
      [`{${paren.map(([p]) => p).join(',')}}`, `{${paren.map(([, r]) => r).join(',')}}`],
      'all',
      tx.getTransactionContext(),
    );
  return new Set(rijen.map((r) => r.id));
}

/**
 * Requests of the caller (VT: its region; OM or police: its own) that satisfy the extra conditions, earliest answer
 * deadline first, as views built from one statement's rows (request, persons, escalation): no managed entities.
 */
async function verzoekRijen(
  tx: EntityManager,
  ctx: RequestContext,
  extra: { sql: string; params: unknown[] },
  limiet: number,
): Promise<ZsmVerzoekView[]> {
  const eigen = isVt(ctx)
    ? { sql: 'v.vt_organisatie = ?', params: [vtRegioVan(ctx)] }
    : isZsmPartner(ctx)
      ? { sql: 'v.aanvrager = ?', params: [ctx.actor.organisatie.code] }
      : undefined;
  if (!eigen) throw geenToegang();
  const rijen = await leesRijen<{ v: Record<string, unknown>; p: unknown; esc: number | null }>(
    tx,
    `select to_jsonb(v) as v, (select json_agg(to_jsonb(p) order by p.volgorde) from zsm_verzoek_persoon p where p.verzoek_id = v.id) as p,
            ${escalatieSql('zsm_verzoek_id', 'v.id')} as esc
       from zsm_verzoek v where ${eigen.sql} and ${extra.sql} order by v.antwoord_voor, v.id limit ?`,
    [...eigen.params, ...extra.params, limiet],
  );
  const verzoeken = rijen.map((r) => entiteitVorm(tx, ZsmVerzoekEntity, r.v));
  const personen = rijen.flatMap((r) => entiteitenVorm(tx, ZsmVerzoekPersoonEntity, r.p));
  const esc = new Map<string, Date>();
  rijen.forEach((r, i) => {
    if (r.esc != null) esc.set(verzoeken[i].id, new Date(r.esc));
  });
  return viewsUit(ctx, verzoeken, personen, esc, await beperktePersonen(tx, personen));
}

function viewsUit(
  ctx: RequestContext,
  rijen: ZsmVerzoekEntity[],
  personen: ZsmVerzoekPersoonEntity[],
  esc: ReadonlyMap<string, Date>,
  beperkt: ReadonlySet<string>,
): ZsmVerzoekView[] {
  const { set, inzageDagen } = instellingen(ctx);
  const nu = ctx.clock.now();
  const isPartner = ctx.actor.organisatie.soort !== 'VEILIG_THUIS';
  return rijen.map((r) => {
    const v = ZsmVerzoekView.van(
      r,
      personen.filter((p) => p.verzoekId === r.id),
      esc.get(r.id),
      set,
      nu,
    );
    const zonderAntwoord = {
      bekendBijVt: null,
      lopendeBetrokkenheid: null,
      fase: null,
      veiligheidsafspraken: null,
      relevanteInformatie: null,
      persoonId: null,
    };
    // The exchange serves the detention: ZSM_INZAGE_DAGEN after it ended, the requester keeps its own request but
    // no longer sees VT's answer (DOMAIN.md §4.1 doelbinding).
    if (isPartner && nu.getTime() > r.inverzekeringstellingEindigtOp.getTime() + inzageDagen * 86_400_000) {
      v.contactpersoonNaam = null;
      v.contactpersoonTelefoon = null;
      for (const p of v.personen) Object.assign(p, zonderAntwoord);
      v.persoonIds = [];
    }
    // A person of a restricted casus: nobody reads VT's answer about them, nor which VT person they were linked to.
    const rijPersonen = personen.filter((p) => p.verzoekId === r.id);
    if (rijPersonen.some((p) => p.persoonId && beperkt.has(p.persoonId))) {
      v.personen.forEach((p) => {
        const bron = rijPersonen.find((x) => x.id === p.id);
        if (bron?.persoonId && beperkt.has(bron.persoonId)) Object.assign(p, zonderAntwoord);
      });
      v.persoonIds = v.persoonIds.filter((id) => !beperkt.has(id));
    }
    return v;
  });
}

/**
 * The audit record of a read names what the reader received (inzage.ts): before VT answers, and after the answer's
 * inzage ended, the requester sees only its own question, so no VT person is named.
 */
export function auditLezen(ctx: RequestContext, v: ZsmVerzoekView, velden: string[]): void {
  ctx.audit.lees({
    gebeurtenis: 'ZSM_VERZOEK_INZIEN',
    actie: 'R',
    vtOrganisatie: v.vtOrganisatie,
    objectType: 'ZsmVerzoek',
    objectId: v.id,
    grondslag: ZSM_GRONDSLAG,
    ...inzageVanAntwoord(v, velden),
  });
}

/** Reading ZSM requests: VT its region's, a justice partner its own organisation's (zsmService writes them). */
export const zsmLezen = {
  /** VT: the region's requests; a justice partner: its own organisation's. Earliest deadline first. */
  async lijst(
    ctx: RequestContext,
    eerste: number,
    na: string | undefined,
    alleenOnbeantwoord: boolean,
    velden: string[],
  ): Promise<ZsmVerzoekConnection> {
    controleerPaginagrootte(eerste);
    const { scope, where } = scopeVan(ctx);
    const filter = {
      $and: [where, alleenOnbeantwoord ? { beantwoordOp: null } : {}, naOplopend(na)],
    } as FilterQuery<ZsmVerzoekEntity>;
    const lijst = await inKetenScope(ctx, scope, async (tx) => {
      if (ctx.config.leespad !== 'entiteiten') {
        const c = na ? leesCursor(na) : undefined;
        const waar = [
          alleenOnbeantwoord ? 'v.beantwoord_op is null' : 'true',
          c ? '(v.antwoord_voor, v.id) > (?, ?::uuid)' : 'true',
        ];
        return verzoekRijen(tx, ctx, { sql: waar.join(' and '), params: c ? [c.tijdstip, c.id] : [] }, eerste + 1);
      }
      return views(
        ctx,
        tx,
        await tx.find(ZsmVerzoekEntity, filter, { orderBy: { antwoordVoor: 'asc', id: 'asc' }, limit: eerste + 1 }),
      );
    });
    for (const v of lijst.slice(0, eerste)) auditLezen(ctx, v, velden);
    return alsConnection(lijst, eerste, (v) => v.antwoordVoor);
  },

  async lees(ctx: RequestContext, id: string, velden: string[]): Promise<ZsmVerzoekView> {
    if (!isUuid(id)) throw nietGevonden('Het ZSM-verzoek');
    const { scope, where } = scopeVan(ctx);
    const [view] = await inKetenScope(ctx, scope, async (tx) => {
      if (ctx.config.leespad !== 'entiteiten') return verzoekRijen(tx, ctx, { sql: 'v.id = ?', params: [id] }, 1);
      const v = await tx.findOne(ZsmVerzoekEntity, { $and: [where, { id }] });
      return v ? views(ctx, tx, [v]) : [];
    });
    if (!view) throw nietGevonden('Het ZSM-verzoek');
    auditLezen(ctx, view, velden);
    return view;
  },
};

function scopeVan(ctx: RequestContext): {
  scope: { vtOrganisatie?: string; partner?: string };
  where: FilterQuery<ZsmVerzoekEntity>;
} {
  if (isVt(ctx)) {
    const regio = vtRegioVan(ctx);
    return { scope: { vtOrganisatie: regio }, where: { vtOrganisatie: regio } };
  }
  if (isZsmPartner(ctx)) {
    return { scope: { partner: ctx.actor.organisatie.code }, where: { aanvrager: ctx.actor.organisatie.code } };
  }
  throw geenToegang();
}
