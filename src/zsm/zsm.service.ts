import { LockMode } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';

import { inzageVanAntwoord } from '../audit/inzage';
import { VT_UITVOERING } from '../auth/rollen';
import { grondslagPerRol } from '../beleid/beleid';
import { GebeurtenisType, schrijfGebeurtenis } from '../gebeurtenissen/outbox';
import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { geenToegang, nietGevonden, ongeldigeInvoer, procesFout, type VeldFout } from '../lib/errors';
import { alsConnection, controleerPaginagrootte, leesCursor } from '../lib/graphql/paginering';
import { entiteitenVorm, entiteitVorm, leesRijen } from '../lib/lezen';
import { inKetenScope } from '../lib/regio';
import { controleerStap } from '../lib/werkstroom';
import { TermijnSoort, TermijnStatus } from '../termijnen/termijn.entity';
import { escalatieSql, planNaCommit, termijnService, type TePlannen } from '../termijnen/termijn.service';
import { gegevensset } from './gegevensset';
import { ZsmVerzoekEntity, ZsmVerzoekPersoonEntity } from './zsm.entity';
import { zsmProces, zsmStatus } from './zsm.proces';
import { type ZsmAntwoordInvoer, type ZsmVerzoekConnection, type ZsmVerzoekInvoer, ZsmVerzoekView } from './zsm.types';

/**
 * The legal basis of every ZSM audit record, whoever acts: the exchange rests on the ZSM agreements, not on the
 * caller's default basis (for POLITIE_MEDEWERKER that is feedback on its own reports, which this is not).
 */
const ZSM_GRONDSLAG = grondslagPerRol.OM_ZSM_MEDEWERKER;

/** The longest detention ZSM deals with (inverzekeringstelling up to 3 days + 15 hours, with margin). */
const MAX_INVERZEKERINGSTELLING_MS = 7 * 24 * 3600_000;

const isVt = (ctx: RequestContext): boolean => VT_UITVOERING.includes(ctx.actor.rol);
const isZsmPartner = (ctx: RequestContext): boolean =>
  ['OPENBAAR_MINISTERIE', 'POLITIE'].includes(ctx.actor.organisatie.soort);

function instellingen(ctx: RequestContext): { uren: number; set: string[]; inzageDagen: number } {
  const z = ctx.config.zsm;
  return { uren: z.antwoordUren, set: [...gegevensset(z.gegevensset)], inzageDagen: z.inzageDagen };
}

/** The page after cursor `na` on (antwoordVoor asc, id asc). */
function naOplopend(na: string | undefined): FilterQuery<ZsmVerzoekEntity> {
  if (!na) return {};
  const c = leesCursor(na);
  return { $or: [{ antwoordVoor: { $gt: c.tijdstip } }, { antwoordVoor: c.tijdstip, id: { $gt: c.id } }] };
}

async function views(ctx: RequestContext, tx: EntityManager, rijen: ZsmVerzoekEntity[]): Promise<ZsmVerzoekView[]> {
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
async function beperktePersonen(
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
function auditLezen(ctx: RequestContext, v: ZsmVerzoekView, velden: string[]): void {
  ctx.audit.lees({
    gebeurtenis: 'ZSM_VERZOEK_INZIEN',
    actie: 'R',
    vtOrganisatie: v.vtOrganisatie,
    objectType: 'ZsmVerzoek',
    objectId: v.id,
    ...inzageVanAntwoord(v, velden),
    grondslag: ZSM_GRONDSLAG,
  });
}

type GevraagdePersoon = { bsn?: string | null; achternaam?: string | null; geboortedatum?: string | null };

/** Persons of the region matching a requested person: by BSN, or by surname and date of birth. At most `max`. */
async function kandidaten(
  tx: EntityManager,
  regio: string,
  p: GevraagdePersoon,
  max: number,
  alleen?: string,
): Promise<string[]> {
  const conn = tx.getConnection();
  const [voorwaarde, params] = p.bsn
    ? ['bsn = ?', [p.bsn]]
    : ['lower(achternaam) = lower(?) and geboortedatum = ?::date', [p.achternaam ?? '', p.geboortedatum ?? null]];
  const rijen = await conn.execute<{ id: string }[]>(
    `select id from persoon where vt_organisatie = ? and ${voorwaarde}${alleen ? ' and id = ?' : ''} limit ${max}`,
    [regio, ...params, ...(alleen ? [alleen] : [])],
    'all',
    tx.getTransactionContext(),
  );
  return rijen.map((r) => r.id);
}

/**
 * The VT person meant: the one person of the region matching on BSN, or on surname and date of birth. `meerdere` when
 * several match: that is not "not known", the person may well be known (VT picks one, see beantwoorden).
 */
async function zoekPersoon(
  tx: EntityManager,
  regio: string,
  p: GevraagdePersoon,
): Promise<{ id: string | null; meerdere: boolean }> {
  const rijen = await kandidaten(tx, regio, p, 2);
  return { id: rijen.length === 1 ? rijen[0] : null, meerdere: rijen.length > 1 };
}

/** The matched person, or null when none or several match. */
async function gekoppeld(tx: EntityManager, regio: string, p: GevraagdePersoon): Promise<string | null> {
  return (await zoekPersoon(tx, regio, p)).id;
}

/**
 * ZSM information requests (DOMAIN.md §5, §9.4). A justice partner asks one VT organisation about named persons;
 * VT answers with the declared data set (gegevensset.ts). The requester sees only its own organisation's requests.
 */
export const zsmService = {
  async indienen(ctx: RequestContext, invoer: ZsmVerzoekInvoer, velden: string[]): Promise<ZsmVerzoekView> {
    if (!isZsmPartner(ctx)) throw geenToegang();
    controleerStap(zsmProces, null, 'INDIENEN', ctx.actor.rol);
    const nu = ctx.clock.now();
    const org = ctx.actor.organisatie;
    const fouten: VeldFout[] = [];
    if (!org.regioCodes.includes(invoer.vtOrganisatie)) {
      fouten.push({
        veld: 'vtOrganisatie',
        code: 'REGIO_NIET_VERBONDEN',
        melding: 'Uw organisatie werkt niet met deze VT-organisatie samen; kies een verbonden VT-regio.',
      });
    }
    if (!invoer.reden.trim()) {
      fouten.push({ veld: 'reden', code: 'LEEG', melding: 'Geef aan waarom de informatie nodig is.' });
    }
    const eind = invoer.inverzekeringstellingEindigtOp;
    if (eind <= nu) {
      fouten.push({
        veld: 'inverzekeringstellingEindigtOp',
        code: 'VERSTREKEN',
        melding: 'De inverzekeringstelling is al voorbij.',
      });
    } else if (eind.getTime() - nu.getTime() > MAX_INVERZEKERINGSTELLING_MS) {
      fouten.push({
        veld: 'inverzekeringstellingEindigtOp',
        code: 'BUITEN_BEREIK',
        melding: 'Een inverzekeringstelling duurt niet langer dan enkele dagen; controleer het tijdstip.',
      });
    }
    invoer.personen.forEach((p, i) => {
      if (!p.bsn && !(p.achternaam?.trim() && p.geboortedatum)) {
        fouten.push({
          veld: `personen[${i}]`,
          code: 'PERSOON_ONVOLLEDIG',
          melding: 'Geef een BSN, of achternaam en geboortedatum.',
        });
      }
    });
    if (fouten.length) throw ongeldigeInvoer(fouten);
    const { uren } = instellingen(ctx);
    const antwoordVoor = new Date(Math.min(nu.getTime() + uren * 3600_000, eind.getTime()));

    // Scope: the asked VT organisation (to match persons) and the requester (to write its rows). The matching is the
    // only read of VT data in this transaction, and its result goes to VT's side of the request, never to the requester.
    const nieuw: TePlannen[] = [];
    const view = await inKetenScope(ctx, { vtOrganisatie: invoer.vtOrganisatie, partner: org.code }, async (tx) => {
      const v = tx.create(ZsmVerzoekEntity, {
        vtOrganisatie: invoer.vtOrganisatie,
        aanvrager: org.code,
        ingediendDoor: ctx.actor.sub,
        ingediendOp: nu,
        parketnummer: invoer.parketnummer ?? null,
        reden: invoer.reden.trim(),
        inverzekeringstellingEindigtOp: eind,
        antwoordVoor,
      });
      let volgorde = 0;
      for (const p of invoer.personen) {
        tx.create(ZsmVerzoekPersoonEntity, {
          verzoekId: v.id,
          vtOrganisatie: invoer.vtOrganisatie,
          aanvrager: org.code,
          volgorde: volgorde++,
          bsn: p.bsn ?? null,
          voornamen: p.voornamen?.trim() || null,
          achternaam: p.achternaam?.trim() || null,
          geboortedatum: p.geboortedatum ?? null,
          // Ambiguous stays unlinked here; VT resolves it when answering (it must not leak to the requester).
          persoonId: await gekoppeld(tx, invoer.vtOrganisatie, p),
        });
      }
      // VT's answer is a termijn of the asked region: due at antwoordVoor, escalated to its teamleider when missed.
      // No casus and nobody assigned yet: the reminder goes to the teamleider as well.
      nieuw.push(
        termijnService.open(tx, ctx.termijnRegels, {
          vtOrganisatie: invoer.vtOrganisatie,
          casusId: null,
          object: { zsmVerzoekId: v.id },
          soort: TermijnSoort.ZSM_ANTWOORD,
          tijdstip: { van: nu, tot: antwoordVoor },
          verantwoordelijke: null,
        }),
      );
      await tx.flush();
      const [uit] = await views(ctx, tx, [v]);
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'ZSM_VERZOEK_INDIENEN',
        actie: 'C',
        vtOrganisatie: invoer.vtOrganisatie,
        objectType: 'ZsmVerzoek',
        objectId: v.id,
        persoonIds: uit.persoonIds,
        velden: [
          'personen',
          'reden',
          'inverzekeringstellingEindigtOp',
          ...(invoer.parketnummer ? ['parketnummer'] : []),
        ],
        grondslag: ZSM_GRONDSLAG,
      });
      return uit;
    });
    await planNaCommit(ctx, nieuw);
    ctx.log.info({ verzoekId: view.id, regio: view.vtOrganisatie, antwoordVoor }, 'ZSM-verzoek ingediend');
    auditLezen(ctx, view, velden);
    return view;
  },

  async beantwoorden(ctx: RequestContext, invoer: ZsmAntwoordInvoer, velden: string[]): Promise<ZsmVerzoekView> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(invoer.verzoekId)) throw nietGevonden('Het ZSM-verzoek');
    const { set } = instellingen(ctx);
    const inSet = new Set(set);
    const nu = ctx.clock.now();
    const view = await inKetenScope(ctx, { vtOrganisatie: regio }, async (tx) => {
      const v = await tx.findOne(
        ZsmVerzoekEntity,
        { id: invoer.verzoekId, vtOrganisatie: regio },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!v) throw nietGevonden('Het ZSM-verzoek');
      controleerStap(zsmProces, zsmStatus(v, nu), 'BEANTWOORDEN', ctx.actor.rol);
      const personen = await tx.find(ZsmVerzoekPersoonEntity, { verzoekId: v.id }, { orderBy: { volgorde: 'asc' } });
      const fouten: VeldFout[] = [];
      invoer.personen.forEach((a, i) => {
        if (!personen.some((p) => p.id === a.zsmPersoonId)) {
          fouten.push({
            veld: `personen[${i}].zsmPersoonId`,
            code: 'ONBEKENDE_PERSOON',
            melding: 'Noem een persoon uit dit verzoek (ZsmPersoon.id).',
          });
        }
        if (a.relevanteInformatie && !inSet.has('relevanteInformatie')) {
          fouten.push({
            veld: `personen[${i}].relevanteInformatie`,
            code: 'NIET_IN_GEGEVENSSET',
            melding: 'Vrije tekst hoort niet bij de afgesproken ZSM-gegevensset van deze installatie.',
          });
        }
      });
      if (fouten.length) throw ongeldigeInvoer(fouten);
      // Link every person before changing anything: a person VT names must match the request; when several persons
      // match and VT names none, the answer is refused rather than "niet bekend" (the person may well be known).
      for (const p of personen) {
        const i = invoer.personen.findIndex((a) => a.zsmPersoonId === p.id);
        const gekozen = i >= 0 ? invoer.personen[i].persoonId : undefined;
        if (gekozen) {
          if (p.persoonId && p.persoonId !== gekozen) {
            fouten.push({
              veld: `personen[${i}].persoonId`,
              code: 'PERSOON_AL_GEKOPPELD',
              melding: `Persoon ${p.volgorde + 1} van het verzoek is al op BSN of naam en geboortedatum gekoppeld; laat persoonId weg.`,
            });
          } else if (!isUuid(gekozen) || (await kandidaten(tx, regio, p, 1, gekozen)).length === 0) {
            fouten.push({
              veld: `personen[${i}].persoonId`,
              code: 'PERSOON_PAST_NIET',
              melding: `Kies een persoon van uw regio die past bij persoon ${p.volgorde + 1} van het verzoek.`,
            });
          } else {
            p.persoonId = gekozen;
          }
          continue;
        }
        if (p.persoonId) continue;
        const { id, meerdere } = await zoekPersoon(tx, regio, p);
        if (meerdere) {
          fouten.push({
            veld: `verzoek.personen[${p.volgorde}]`,
            code: 'MEERDERE_PERSONEN',
            melding: `Meerdere personen van uw regio passen bij persoon ${p.volgorde + 1} van het verzoek (ZsmPersoon.id ${p.id}); kies de persoon met personen[].persoonId.`,
          });
        } else {
          p.persoonId = id;
        }
      }
      if (fouten.length) throw ongeldigeInvoer(fouten);
      // A person of a restricted casus (src/rechten): VT shares nothing about them, not even "known" (AVG art. 18).
      if ((await beperktePersonen(tx, personen)).size > 0) {
        throw procesFout(
          'VERWERKING_BEPERKT',
          'Over een persoon van dit verzoek is de verwerking beperkt (verzoek van een betrokkene): Veilig Thuis verstrekt niets via ZSM. Overleg met de privacy officer.',
        );
      }
      const conn = tx.getConnection();
      for (const p of personen) {
        p.bekendBijVt = Boolean(p.persoonId);
        if (p.persoonId) {
          const [open] = await conn.execute<{ id: string; fase: string }[]>(
            `select c.id, c.fase from casus c join casus_persoon cp on cp.casus_id = c.id
              where cp.persoon_id = ? and c.vt_organisatie = ? and c.fase <> 'AFGESLOTEN' order by c.geopend_op desc limit 1`,
            [p.persoonId, regio],
            'all',
            tx.getTransactionContext(),
          );
          p.lopendeCasus = Boolean(open);
          p.fase = open && inSet.has('fase') ? open.fase : null;
          if (inSet.has('veiligheidsafspraken')) {
            const [r] = open
              ? await conn.execute<{ n: number }[]>(
                  `select count(*)::int as n from veiligheidsafspraak where casus_id = ?`,
                  [open.id],
                  'all',
                  tx.getTransactionContext(),
                )
              : [{ n: 0 }];
            p.veiligheidsafspraken = r.n > 0;
          }
        } else {
          p.lopendeCasus = false;
        }
        const tekst = invoer.personen.find((a) => a.zsmPersoonId === p.id)?.relevanteInformatie?.trim();
        p.relevanteInformatie = tekst || null;
      }
      v.beantwoordOp = nu;
      v.beantwoordDoor = ctx.actor.sub;
      await termijnService.sluitVoor(tx, { zsmVerzoekId: v.id }, TermijnStatus.VOLDAAN, nu);
      if (inSet.has('contactpersoon')) {
        v.contactpersoonNaam = invoer.contactpersoonNaam?.trim() || ctx.actor.naam || ctx.actor.sub;
        v.contactpersoonTelefoon = invoer.contactpersoonTelefoon ?? null;
      }
      v.gebeurtenisId = await schrijfGebeurtenis(tx, {
        ontvanger: v.aanvrager,
        type: GebeurtenisType.ZSM_VERZOEK_BEANTWOORD,
        objectType: 'ZsmVerzoek',
        objectId: v.id,
        vtOrganisatie: regio,
        casusId: null,
        op: nu,
      });
      await tx.flush();
      const [uit] = await views(ctx, tx, [v]);
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'ZSM_VERZOEK_BEANTWOORDEN',
        actie: 'U',
        vtOrganisatie: regio,
        objectType: 'ZsmVerzoek',
        objectId: v.id,
        persoonIds: uit.persoonIds,
        velden: uit.gegevensset,
        grondslag: ZSM_GRONDSLAG,
      });
      return uit;
    });
    auditLezen(ctx, view, velden);
    return view;
  },

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
