import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';

import type { AuditFeit } from '../audit/audit-registratie';
import { casusToegangFilter, markeerCasusToegang, nietToegankelijk, noodAudit } from '../beleid/casustoegang.sql';
import { laadCasusVoor, noodFeit } from '../casussen/casus-toegang';
import { inzageVanAntwoord } from '../audit/inzage';
import { CasusPersoonEntity, VeiligheidsafspraakEntity, VerzoekTotOnderzoekEntity } from '../casussen/casus.entity';
import { procesFout } from '../casussen/casus.stap';
import { CasusFase } from '../casussen/proces';
import { schrijfGebeurtenis, GebeurtenisType } from '../gebeurtenissen/outbox';
import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { geenToegang, nietGevonden, ongeldigeInvoer, type VeldFout } from '../lib/errors';
import { alsConnection, controleerPaginagrootte, naCursor } from '../lib/graphql/paginering';
import { alsPartner, inRegio, ookVtRegio } from '../lib/regio';
import type { BetrokkeneRol } from '../meldingen/cbs-categorieen';
import { OrganisatieEntity } from '../organisaties/organisatie.entity';
import { PersoonEntity } from '../personen/persoon.entity';
import { type TermijnEntity, TermijnSoort, TermijnStatus } from '../termijnen/termijn.entity';
import { planNaCommit, termijnService } from '../termijnen/termijn.service';
import { MonitoringInputEntity, OverdrachtEntity } from './overdracht.entity';
import { persoonIdVoorPartner } from './partner-id';
import { informeerCollege } from './overdracht.gemeente';
import { controleerIntrekking, sluitReactietermijn, trekIn } from './overdracht.intrekken';
import {
  BEEINDIGD,
  type IntrekkingReden,
  LOPEND,
  OPEN_AANBOD,
  OVERDRACHT_STAPPEN,
  OverdrachtSoort,
  OverdrachtStatus,
  SOORT_REGELS,
  type Uitvoerder,
  zoekStap,
} from './overdracht.model';
import {
  MonitoringInputView,
  OverdrachtAfspraakView,
  type OverdrachtAanbiedenInvoer,
  type OverdrachtAfrondenInvoer,
  type OverdrachtAfwijzenInvoer,
  type MonitoringInputInvoer,
  type OverdrachtConnection,
  type OverdrachtContactInvoer,
  OverdrachtInhoudView,
  OverdrachtPersoonView,
  OverdrachtVerzoekView,
  OverdrachtView,
} from './overdracht.types';

/** The casus fasen from which VT may hand over to a wijkteam or GI. */
const OVERDRAAGBAAR: readonly CasusFase[] = [CasusFase.OVERDRACHT, CasusFase.VOORWAARDEN_EN_VERVOLG, CasusFase.ONDERZOEK, CasusFase.MONITORING];

export type InboxFilter = 'OPEN' | 'LOPEND' | 'BEEINDIGD';
const INBOX: Readonly<Record<InboxFilter, readonly OverdrachtStatus[]>> = { OPEN: OPEN_AANBOD, LOPEND, BEEINDIGD };

function alBeslist(o: OverdrachtEntity): GraphQLError {
  return new GraphQLError(`Over dit aanbod is al beslist: het is ${o.status}.`, { extensions: { code: 'CONFLICT', reden: 'AL_BESLIST', status: o.status } });
}

function stapNietToegestaan(o: OverdrachtEntity, naar: OverdrachtStatus, door: Uitvoerder): GraphQLError {
  const mogelijk = OVERDRACHT_STAPPEN.filter((s) => s.door === door && s.van.includes(o.status)).map((s) => s.naar);
  return procesFout(
    'STAP_NIET_TOEGESTAAN',
    `Een overdracht met status ${o.status} kan niet naar ${naar}. ${mogelijk.length ? `Toegestaan: ${mogelijk.join(', ')}.` : 'Er is geen stap meer mogelijk.'}`,
    { van: o.status, naar, toegestaan: mogelijk },
  );
}

/** Checks a step against the table; the partner's answer after its deadline is refused even before the worker ran. */
function controleerStap(o: OverdrachtEntity, naar: OverdrachtStatus, door: Uitvoerder, nu: Date): void {
  const stap = zoekStap(o.status, naar);
  if (!stap || stap.door !== door) {
    if ((naar === OverdrachtStatus.GEACCEPTEERD || naar === OverdrachtStatus.AFGEWEZEN) && !OPEN_AANBOD.includes(o.status)) throw alBeslist(o);
    throw stapNietToegestaan(o, naar, door);
  }
  if (door === 'PARTNER' && OPEN_AANBOD.includes(o.status) && nu >= o.reagerenVoor) {
    throw procesFout('VERLOPEN', `De reactietermijn is verstreken (${o.reagerenVoor.toISOString()}); het aanbod is teruggegaan naar Veilig Thuis.`);
  }
}

async function organisatie(tx: EntityManager, code: string): Promise<OrganisatieEntity | null> {
  return tx.findOne(OrganisatieEntity, { code });
}

/** The partner roles act for a partner organisation; anyone else has no business here (the shield says so too). */
function partnerOrganisatie(ctx: RequestContext): string {
  if (ctx.actor.organisatie.soort === 'VEILIG_THUIS') throw geenToegang();
  return ctx.actor.organisatie.code;
}

/**
 * The views of a set of overdrachten of ONE VT region for their reader, in a fixed number of queries whatever the
 * number of overdrachten (persons, roles, agreements, verzoeken and monitoring input are each loaded once). VT of
 * the region sees everything; the partner the minimal offer until it accepts, the content while the handover runs,
 * and only its own answer and outcome once it has ended. The transaction must admit the region's case rows
 * (inRegio, or alsPartner + ookVtRegio).
 */
async function viewsVan(tx: EntityManager, ctx: RequestContext, rijen: readonly OverdrachtEntity[]): Promise<OverdrachtView[]> {
  if (rijen.length === 0) return [];
  const regio = rijen[0].vtOrganisatie;
  if (rijen.some((o) => o.vtOrganisatie !== regio)) throw new Error('viewsVan: overdrachten van één regio tegelijk');
  const isVt = ctx.actor.organisatie.soort === 'VEILIG_THUIS';
  const metInhoud = rijen.filter((o) => isVt || LOPEND.includes(o.status));
  const alleIds = [...new Set(rijen.flatMap((o) => o.persoonIds))];
  const inhoudIds = new Set(metInhoud.flatMap((o) => o.persoonIds));
  const personen = new Map(
    (await tx.find(PersoonEntity, { id: { $in: alleIds }, vtOrganisatie: regio }, inhoudIds.size ? {} : { fields: ['id', 'woonplaats'] })).map((p) => [p.id, p]),
  );
  const casusIds = [...new Set(metInhoud.map((o) => o.casusId))];
  const rollen = casusIds.length
    ? await tx
        .getConnection()
        .execute<{ casus_id: string; persoon_id: string; rollen: BetrokkeneRol[] }[]>(
          `select m.casus_id, b.persoon_id, array_agg(distinct r) as rollen
             from betrokkene b join melding m on m.id = b.melding_id, unnest(b.rollen) r
            where m.casus_id = any(?::uuid[]) and b.persoon_id = any(?::uuid[]) group by m.casus_id, b.persoon_id`,
          [`{${casusIds.join(',')}}`, `{${[...inhoudIds].join(',')}}`],
          'all',
          tx.getTransactionContext(),
        )
    : [];
  const rolPer = new Map(rollen.map((r) => [`${r.casus_id}|${r.persoon_id}`, r.rollen]));
  const afsprakenCasus = metInhoud.filter((o) => o.metVeiligheidsafspraken).map((o) => o.casusId);
  const afspraken = afsprakenCasus.length ? await tx.find(VeiligheidsafspraakEntity, { casusId: { $in: afsprakenCasus } }, { orderBy: { overeengekomenOp: 'asc' } }) : [];
  const vtoCasus = metInhoud.filter((o) => o.soort === OverdrachtSoort.VERZOEK_TOT_ONDERZOEK).map((o) => o.casusId);
  const verzoeken = vtoCasus.length ? await tx.find(VerzoekTotOnderzoekEntity, { casusId: { $in: vtoCasus } }, { orderBy: { ingediendOp: 'desc' } }) : [];
  const inputs = await tx.find(MonitoringInputEntity, { overdrachtId: { $in: rijen.map((o) => o.id) } }, { orderBy: { gevraagdOp: 'asc' } });

  return rijen.map((o) => {
    const v = OverdrachtView.kaal(o, (id) => personen.get(id)?.woonplaats);
    v.monitoringInput = inputs.filter((m) => m.overdrachtId === o.id).map((m) => MonitoringInputView.van(m));
    if (!metInhoud.includes(o)) return v;
    const toegang = { vtOrganisatie: o.vtOrganisatie, ontvanger: o.ontvanger, toegangActief: LOPEND.includes(o.status) };
    const verzoek = verzoeken.find((x) => x.casusId === o.casusId);
    v.inhoud = Object.assign(new OverdrachtInhoudView(), {
      ...toegang,
      toelichting: o.toelichting,
      vtContactpersoon: o.aangebodenDoor,
      personen: o.persoonIds
        .map((id) => personen.get(id))
        .filter((p): p is PersoonEntity => Boolean(p))
        .map((p) =>
          Object.assign(new OverdrachtPersoonView(), {
            ...toegang,
            id: isVt ? p.id : persoonIdVoorPartner(o.ontvanger, p.id),
            vtPersoonId: p.id,
            rollen: rolPer.get(`${o.casusId}|${p.id}`) ?? [],
            bsn: p.bsn ?? null,
            voornamen: p.voornamen ?? null,
            achternaam: p.achternaam ?? null,
            geboortedatum: p.geboortedatum ? String(p.geboortedatum).slice(0, 10) : null,
            straat: p.straat ?? null,
            huisnummer: p.huisnummer ?? null,
            postcode: p.postcode ?? null,
            woonplaats: p.woonplaats ?? null,
            telefoon: p.telefoon ?? null,
            email: p.email ?? null,
          }),
        ),
      veiligheidsafspraken: o.metVeiligheidsafspraken
        ? afspraken
            .filter((a) => a.casusId === o.casusId)
            .map((a) => Object.assign(new OverdrachtAfspraakView(), { ...toegang, omschrijving: a.omschrijving, partijen: [...a.partijen], overeengekomenOp: String(a.overeengekomenOp).slice(0, 10) }))
        : [],
      verzoekTotOnderzoek:
        o.soort === OverdrachtSoort.VERZOEK_TOT_ONDERZOEK && verzoek
          ? Object.assign(new OverdrachtVerzoekView(), {
              ...toegang,
              gronden: [...verzoek.gronden],
              standpuntOuders: verzoek.standpuntOuders,
              kinderen: verzoek.kinderen.filter((kind) => o.persoonIds.includes(kind)).map((kind) => (isVt ? kind : persoonIdVoorPartner(o.ontvanger, kind))),
              ingediendOp: verzoek.ingediendOp,
            })
          : null,
    });
    return v;
  });
}

async function viewVan(tx: EntityManager, ctx: RequestContext, o: OverdrachtEntity): Promise<OverdrachtView> {
  return (await viewsVan(tx, ctx, [o]))[0];
}

/** VT's view, with the need-to-know data of the casus for the row rule and the audit. */
async function vtView(tx: EntityManager, ctx: RequestContext, o: OverdrachtEntity): Promise<OverdrachtView> {
  return (await markeerCasusToegang(tx, ctx, [await viewVan(tx, ctx, o)]))[0];
}

/** The audit record of a read: the fields and persons the answer showed (inzage.ts), and on which basis (the handover). */
function auditLees(ctx: RequestContext, v: OverdrachtView, velden: string[]): void {
  const feit: AuditFeit = {
    gebeurtenis: 'OVERDRACHT_INZIEN',
    actie: 'R',
    vtOrganisatie: v.vtOrganisatie,
    objectType: 'Overdracht',
    objectId: v.id,
    ...inzageVanAntwoord(v, velden),
    grondslag: ctx.actor.organisatie.soort === 'VEILIG_THUIS' ? undefined : `Overdracht ${v.id} (${v.grondslag})`,
    ...noodAudit(ctx, v.casusToegang),
  };
  ctx.audit.lees(feit);
}

async function auditStap(ctx: RequestContext, tx: EntityManager, o: OverdrachtEntity, gebeurtenis: string, velden: string[]): Promise<void> {
  await ctx.audit.inTransactie(tx, {
    gebeurtenis,
    actie: 'U',
    vtOrganisatie: o.vtOrganisatie,
    objectType: 'Overdracht',
    objectId: o.id,
    persoonIds: o.persoonIds,
    velden,
    grondslag: ctx.actor.organisatie.soort === 'VEILIG_THUIS' ? undefined : `Overdracht ${o.id} (${o.grondslag})`,
    ...(ctx.actor.organisatie.soort === 'VEILIG_THUIS' ? await noodFeit(tx, ctx, o.casusId) : {}),
  });
}

/**
 * One step of the partner on an overdracht addressed to it: the row is locked, so of two users of the partner
 * accepting at once exactly one wins and the other gets AL_BESLIST.
 */
async function partnerStap(
  ctx: RequestContext,
  id: string,
  naar: OverdrachtStatus,
  gebeurtenis: string,
  velden: string[],
  wijzig: (tx: EntityManager, o: OverdrachtEntity, nu: Date) => Promise<void> | void,
): Promise<OverdrachtView> {
  const org = partnerOrganisatie(ctx);
  if (!isUuid(id)) throw nietGevonden('De overdracht');
  const view = await alsPartner(ctx, async (tx) => {
    const o = await tx.findOne(OverdrachtEntity, { id, ontvanger: org }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!o) throw nietGevonden('De overdracht');
    const nu = ctx.clock.now();
    controleerStap(o, naar, 'PARTNER', nu);
    // Verified: this partner takes an allowed step on an overdracht addressed to it; it may now touch the region's rows.
    await ookVtRegio(tx, o.vtOrganisatie);
    o.status = naar;
    await wijzig(tx, o, nu);
    await tx.flush();
    // The change record names what changed; the read record what the partner asked to see (gelezenVelden).
    await auditStap(ctx, tx, o, gebeurtenis, ['status']);
    return viewVan(tx, ctx, o);
  });
  auditLees(ctx, view, velden);
  return view;
}

export const overdrachtService = {
  // ---------------------------------------------------------------- VT

  async aanbieden(ctx: RequestContext, invoer: OverdrachtAanbiedenInvoer, velden: string[]): Promise<OverdrachtView> {
    const regio = vtRegioVan(ctx);
    const fouten: VeldFout[] = [];
    if (!isUuid(invoer.casusId)) throw nietGevonden('De casus');
    invoer.persoonIds.forEach((p, i) => {
      if (!isUuid(p)) fouten.push({ veld: `persoonIds[${i}]`, code: 'ONGELDIG_ID', melding: 'Geef persoon-ids van de casus.' });
    });
    const regels = SOORT_REGELS[invoer.soort];
    if (!regels.grondslagen.includes(invoer.grondslag)) {
      fouten.push({ veld: 'grondslag', code: 'GRONDSLAG_PAST_NIET', melding: `Voor ${invoer.soort} past als grondslag: ${regels.grondslagen.join(', ')}.` });
    }
    const vto = invoer.soort === OverdrachtSoort.VERZOEK_TOT_ONDERZOEK;
    if (vto && !invoer.gemeente) fouten.push({ veld: 'gemeente', code: 'VERPLICHT', melding: 'Bij een Verzoek tot Onderzoek wordt het college geïnformeerd: geef de gemeente.' });
    if (!vto && invoer.gemeente) fouten.push({ veld: 'gemeente', code: 'NIET_TOEGESTAAN', melding: 'Alleen bij een Verzoek tot Onderzoek wordt een gemeente geïnformeerd.' });
    if (!invoer.toelichting.trim()) fouten.push({ veld: 'toelichting', code: 'LEEG', melding: 'Geef de partner de context en de afspraken over het veiligheids- en herstelplan.' });
    if (fouten.length) throw ongeldigeInvoer(fouten);

    const nieuw: TermijnEntity[] = [];
    const view = await inRegio(ctx, regio, async (tx) => {
      const casus = await laadCasusVoor(ctx, tx, regio, invoer.casusId, true);
      const ontvanger = await organisatie(tx, invoer.ontvanger);
      if (!ontvanger || !ontvanger.actief || !regels.ontvanger.includes(ontvanger.soort) || !ontvanger.regioCodes.includes(regio)) {
        fouten.push({
          veld: 'ontvanger',
          code: 'ONTVANGER_PAST_NIET',
          melding: `Een ${invoer.soort} gaat naar een actieve organisatie van soort ${regels.ontvanger.join(' of ')} die met ${regio} samenwerkt.`,
        });
      }
      if (invoer.gemeente) {
        const g = await organisatie(tx, invoer.gemeente);
        if (!g || g.soort !== 'GEMEENTE' || !g.regioCodes.includes(regio)) {
          fouten.push({ veld: 'gemeente', code: 'GEEN_GEMEENTE_VAN_REGIO', melding: `Geef een gemeente die met ${regio} samenwerkt.` });
        }
      }
      const leden = new Set((await tx.find(CasusPersoonEntity, { casusId: casus.id })).map((cp) => cp.persoonId));
      invoer.persoonIds.forEach((p, i) => {
        if (!leden.has(p)) fouten.push({ veld: `persoonIds[${i}]`, code: 'GEEN_LID_VAN_CASUS', melding: 'Alleen personen van het huishouden van deze casus kunnen worden overgedragen.' });
      });
      const verzoek = vto ? await tx.findOne(VerzoekTotOnderzoekEntity, { casusId: casus.id, besluit: null }, { orderBy: { ingediendOp: 'desc' } }) : null;
      if (vto && verzoek) {
        for (const k of verzoek.kinderen) {
          if (!invoer.persoonIds.includes(k)) fouten.push({ veld: 'persoonIds', code: 'KINDEREN_ONTBREKEN', melding: 'Neem de kinderen van het Verzoek tot Onderzoek op in de overdracht.' });
        }
      }
      if (fouten.length) throw ongeldigeInvoer(fouten);
      if (vto ? casus.fase !== CasusFase.VERZOEK_TOT_ONDERZOEK || !verzoek : !OVERDRAAGBAAR.includes(casus.fase)) {
        throw procesFout(
          'VERKEERDE_FASE',
          vto
            ? `Een Verzoek tot Onderzoek wordt aangeboden in de fase VERZOEK_TOT_ONDERZOEK met een verzoek zonder besluit; de casus is in ${casus.fase}.`
            : `Overdragen kan in de fasen ${OVERDRAAGBAAR.join(', ')}; de casus is in ${casus.fase}.`,
        );
      }
      const lopend = await tx.findOne(OverdrachtEntity, { casusId: casus.id, ontvanger: invoer.ontvanger, status: { $in: [...OPEN_AANBOD, ...LOPEND] } });
      if (lopend) {
        throw new GraphQLError(`Deze casus is al aan ${invoer.ontvanger} aangeboden of overgedragen (status ${lopend.status}).`, {
          extensions: { code: 'CONFLICT', reden: 'AL_AANGEBODEN', overdrachtId: lopend.id },
        });
      }
      const nu = ctx.clock.now();
      const k = ctx.termijnRegels.kalender;
      const vandaag = k.lokaleDatum(nu);
      const verval = k.plusWerkdagen(vandaag, ctx.termijnRegels.overdrachtReactieWerkdagen[invoer.soort]);
      const o = tx.create(OverdrachtEntity, {
        vtOrganisatie: regio,
        casusId: casus.id,
        soort: invoer.soort,
        ontvanger: invoer.ontvanger,
        gemeente: invoer.gemeente ?? null,
        status: OverdrachtStatus.AANGEBODEN,
        persoonIds: invoer.persoonIds,
        metVeiligheidsafspraken: invoer.metVeiligheidsafspraken,
        toelichting: invoer.toelichting,
        grondslag: invoer.grondslag,
        grondslagToelichting: invoer.grondslagToelichting ?? null,
        aangebodenOp: nu,
        aangebodenDoor: ctx.actor.sub,
        reagerenVoor: k.eindeVanDag(verval),
        versie: 1,
      });
      nieuw.push(
        termijnService.open(tx, ctx.termijnRegels, {
          vtOrganisatie: regio,
          casusId: casus.id,
          overdrachtId: o.id,
          soort: TermijnSoort.OVERDRACHT_REACTIE,
          start: vandaag,
          vervaldatum: verval,
          verantwoordelijke: casus.verantwoordelijke ?? ctx.actor.sub,
        }),
      );
      await tx.flush();
      await schrijfGebeurtenis(tx, { ontvanger: o.ontvanger, type: GebeurtenisType.OVERDRACHT_AANGEBODEN, objectType: 'Overdracht', objectId: o.id, vtOrganisatie: regio, op: nu });
      if (vto && verzoek && invoer.gemeente) await informeerCollege(tx, o, invoer.gemeente, verzoek, nu);
      await auditStap(ctx, tx, o, 'OVERDRACHT_AANBIEDEN', Object.keys(invoer));
      return vtView(tx, ctx, o);
    });
    await planNaCommit(ctx, nieuw);
    auditLees(ctx, view, velden);
    return view;
  },

  async intrekken(ctx: RequestContext, id: string, reden: IntrekkingReden, toelichting: string | null, velden: string[]): Promise<OverdrachtView> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(id)) throw nietGevonden('De overdracht');
    controleerIntrekking(reden, toelichting);
    const view = await inRegio(ctx, regio, async (tx) => {
      const o = await tx.findOne(OverdrachtEntity, { id, vtOrganisatie: regio, ...casusToegangFilter(ctx, 'casus_id') }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!o) throw await nietToegankelijk(tx, 'overdracht', id, regio, 'De overdracht');
      const nu = ctx.clock.now();
      controleerStap(o, OverdrachtStatus.INGETROKKEN, 'VT', nu);
      await trekIn(tx, o, nu, reden, toelichting);
      await tx.flush();
      await auditStap(ctx, tx, o, 'OVERDRACHT_INTREKKEN', ['status', 'intrekkingReden', ...(o.intrekkingToelichting ? ['intrekkingToelichting'] : [])]);
      return vtView(tx, ctx, o);
    });
    auditLees(ctx, view, velden);
    return view;
  },

  async vanCasus(ctx: RequestContext, casusId: string, velden: string[]): Promise<OverdrachtView[]> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(casusId)) throw nietGevonden('De casus');
    const views = await inRegio(ctx, regio, async (tx) => {
      await laadCasusVoor(ctx, tx, regio, casusId);
      return markeerCasusToegang(tx, ctx, await viewsVan(tx, ctx, await tx.find(OverdrachtEntity, { casusId, vtOrganisatie: regio }, { orderBy: { aangebodenOp: 'desc', id: 'desc' } })));
    });
    for (const v of views) auditLees(ctx, v, velden);
    return views;
  },

  // ---------------------------------------------------------------- VT or the addressed partner

  async lees(ctx: RequestContext, id: string, velden: string[]): Promise<OverdrachtView> {
    if (!isUuid(id)) throw nietGevonden('De overdracht');
    const isVt = ctx.actor.organisatie.soort === 'VEILIG_THUIS';
    const view = isVt
      ? await inRegio(ctx, vtRegioVan(ctx), async (tx) => {
          const o = await tx.findOne(OverdrachtEntity, { id, vtOrganisatie: ctx.actor.organisatie.code, ...casusToegangFilter(ctx, 'casus_id') });
          if (!o) throw await nietToegankelijk(tx, 'overdracht', id, ctx.actor.organisatie.code, 'De overdracht');
          return vtView(tx, ctx, o);
        })
      : await alsPartner(ctx, async (tx) => {
          const o = await tx.findOne(OverdrachtEntity, { id, ontvanger: partnerOrganisatie(ctx) });
          if (!o) throw nietGevonden('De overdracht');
          await ookVtRegio(tx, o.vtOrganisatie);
          return viewVan(tx, ctx, o);
        });
    auditLees(ctx, view, velden);
    return view;
  },

  // ---------------------------------------------------------------- partner

  /** The partner's inbox: open offers (with their deadline), running handovers, or ended ones; newest first. */
  async inbox(ctx: RequestContext, filter: InboxFilter, eerste: number, na: string | undefined, velden: string[]): Promise<OverdrachtConnection> {
    const org = partnerOrganisatie(ctx);
    controleerPaginagrootte(eerste);
    const views = await alsPartner(ctx, async (tx) => {
      const rijen = await tx.find(
        OverdrachtEntity,
        { ontvanger: org, status: { $in: [...INBOX[filter]] }, ...naCursor('aangebodenOp', na) },
        { orderBy: { aangebodenOp: 'desc', id: 'desc' }, limit: eerste + 1 },
      );
      // One region at a time (usually one): the case rows of that region are admitted, then its page is built.
      const perRegio = new Map<string, OverdrachtEntity[]>();
      for (const o of rijen) perRegio.set(o.vtOrganisatie, [...(perRegio.get(o.vtOrganisatie) ?? []), o]);
      const klaar = new Map<string, OverdrachtView>();
      for (const [regio, deel] of perRegio) {
        await ookVtRegio(tx, regio);
        for (const v of await viewsVan(tx, ctx, deel)) klaar.set(v.id, v);
      }
      return rijen.map((o) => klaar.get(o.id) as OverdrachtView);
    });
    for (const v of views.slice(0, eerste)) auditLees(ctx, v, velden);
    return alsConnection(views, eerste, (v) => v.aangebodenOp);
  },

  ontvangen(ctx: RequestContext, id: string, velden: string[]): Promise<OverdrachtView> {
    return partnerStap(ctx, id, OverdrachtStatus.ONTVANGEN, 'OVERDRACHT_ONTVANGEN', velden, (_tx, o, nu) => {
      o.ontvangenOp = nu;
    });
  },

  accepteren(ctx: RequestContext, id: string, velden: string[]): Promise<OverdrachtView> {
    return partnerStap(ctx, id, OverdrachtStatus.GEACCEPTEERD, 'OVERDRACHT_ACCEPTEREN', velden, async (tx, o, nu) => {
      o.besluitOp = nu;
      o.besluitDoor = ctx.actor.sub;
      o.ontvangenOp ??= nu;
      await sluitReactietermijn(tx, o, nu, TermijnStatus.VOLDAAN);
      if (o.soort === OverdrachtSoort.VERZOEK_TOT_ONDERZOEK) await rvdkBesluit(tx, o, 'GEACCEPTEERD', null, nu);
    });
  },

  afwijzen(ctx: RequestContext, invoer: OverdrachtAfwijzenInvoer, velden: string[]): Promise<OverdrachtView> {
    if (!invoer.toelichting.trim()) throw ongeldigeInvoer([{ veld: 'toelichting', code: 'LEEG', melding: 'Licht de afwijzing toe.' }]);
    return partnerStap(ctx, invoer.overdrachtId, OverdrachtStatus.AFGEWEZEN, 'OVERDRACHT_AFWIJZEN', velden, async (tx, o, nu) => {
      o.besluitOp = nu;
      o.besluitDoor = ctx.actor.sub;
      o.afwijzingReden = invoer.reden;
      o.afwijzingToelichting = invoer.toelichting;
      o.beeindigdOp = nu;
      await sluitReactietermijn(tx, o, nu, TermijnStatus.VOLDAAN);
      if (o.soort === OverdrachtSoort.VERZOEK_TOT_ONDERZOEK) await rvdkBesluit(tx, o, 'AFGEWEZEN', `${invoer.reden}: ${invoer.toelichting}`, nu);
    });
  },

  contactBevestigen(ctx: RequestContext, invoer: OverdrachtContactInvoer, velden: string[]): Promise<OverdrachtView> {
    const vandaag = ctx.termijnRegels.kalender.lokaleDatum(ctx.clock.now());
    if (invoer.contactOp > vandaag) throw ongeldigeInvoer([{ veld: 'contactOp', code: 'DATUM_IN_TOEKOMST', melding: 'Het contact kan niet in de toekomst hebben plaatsgevonden.' }]);
    return partnerStap(ctx, invoer.overdrachtId, OverdrachtStatus.CONTACT_BEVESTIGD, 'OVERDRACHT_CONTACT_BEVESTIGEN', velden, (_tx, o) => {
      if (invoer.contactOp < ctx.termijnRegels.kalender.lokaleDatum(o.aangebodenOp)) {
        throw ongeldigeInvoer([{ veld: 'contactOp', code: 'VOOR_AANBOD', melding: 'Het contact kan niet vóór het aanbod hebben plaatsgevonden.' }]);
      }
      o.contactOp = invoer.contactOp;
      o.contactVtPersoon = invoer.vtPersoon;
      o.contactPartnerPersoon = invoer.partnerPersoon;
    });
  },

  afronden(ctx: RequestContext, invoer: OverdrachtAfrondenInvoer, velden: string[]): Promise<OverdrachtView> {
    return partnerStap(ctx, invoer.overdrachtId, OverdrachtStatus.AFGEROND, 'OVERDRACHT_AFRONDEN', velden, (_tx, o, nu) => {
      o.uitkomst = invoer.uitkomst;
      o.uitkomstToelichting = invoer.toelichting;
      o.afgerondOp = nu;
      o.beeindigdOp = nu;
    });
  },

  /** The partner answers VT's monitoring question (its own request only; also after the handover ended). */
  async monitoringInputGeven(ctx: RequestContext, invoer: MonitoringInputInvoer): Promise<MonitoringInputView> {
    const org = partnerOrganisatie(ctx);
    if (!isUuid(invoer.monitoringInputId)) throw nietGevonden('De monitoringvraag');
    return alsPartner(ctx, async (tx) => {
      const m = await tx.findOne(MonitoringInputEntity, { id: invoer.monitoringInputId, ontvanger: org }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!m) throw nietGevonden('De monitoringvraag');
      if (m.gegevenOp) throw new GraphQLError('Deze monitoringvraag is al beantwoord.', { extensions: { code: 'CONFLICT', reden: 'AL_BEANTWOORD' } });
      m.gegevenOp = ctx.clock.now();
      m.gegevenDoor = ctx.actor.sub;
      m.veilig = invoer.veilig;
      m.toelichting = invoer.toelichting;
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'MONITORING_INPUT_GEVEN',
        actie: 'C',
        vtOrganisatie: m.vtOrganisatie,
        objectType: 'Overdracht',
        objectId: m.overdrachtId,
        velden: ['veilig', 'toelichting'],
        grondslag: `Overdracht ${m.overdrachtId} (monitoring)`,
      });
      return MonitoringInputView.van(m);
    });
  },
};

/** The RvdK's decision, recorded on the casus' Verzoek tot Onderzoek as well; VT then takes the casus on. */
async function rvdkBesluit(tx: EntityManager, o: OverdrachtEntity, besluit: 'GEACCEPTEERD' | 'AFGEWEZEN', reden: string | null, nu: Date): Promise<void> {
  const v = await tx.findOne(VerzoekTotOnderzoekEntity, { casusId: o.casusId, besluit: null }, { orderBy: { ingediendOp: 'desc' } });
  if (v) Object.assign(v, { besluit, besluitReden: reden, besluitOp: nu });
}
