import { LockMode, OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';

import { isUuid, type RequestContext, vtRegioVan } from '../lib/context';
import { nietGevonden, ongeldigeInvoer, type VeldFout } from '../lib/errors';
import { inRegio } from '../lib/regio';
import { type AardGeweld, Anonimiteit, BetrokkeneRol, EerdereBetrokkenheid } from '../meldingen/cbs-categorieen';
import { MeldingEntity } from '../meldingen/melding.entity';
import { trekOpenAanbodIn } from '../overdrachten/overdracht.intrekken';
import { TermijnEntity, TermijnSoort, TermijnStatus } from '../termijnen/termijn.entity';
import { planNaCommit as plan, termijnService, type TePlannen } from '../termijnen/termijn.service';
import { TermijnView } from '../termijnen/termijn.types';
import { casusToegangFilter, noodAudit, nietToegankelijk } from '../beleid/casustoegang.sql';
import { casusToegangVan, laadCasusVoor, noodFeit } from './casus-toegang';
import {
  CasusEntity,
  CasusOvergangEntity,
  CasusPersoonEntity,
  DienstEntity,
  MonitoringcontactEntity,
  OnderzoekUitkomstEntity,
  VeiligheidsafspraakEntity,
  VeiligheidsbeoordelingEntity,
  VerzoekTotOnderzoekEntity,
} from './casus.entity';
import {
  type CasusOvergangInvoer,
  CasusOvergangView,
  CasusView,
  DienstView,
  MonitoringcontactView,
  type MonitoringcontactInvoer,
  OnderzoekUitkomstView,
  type VeiligheidsafspraakInvoer,
  VeiligheidsafspraakView,
  type VeiligheidsbeoordelingInvoer,
  VeiligheidsbeoordelingResultaat,
  VeiligheidsbeoordelingView,
  type VerzoekTotOnderzoekInvoer,
  VerzoekTotOnderzoekView,
} from './casus.types';
import {
  CasusFase,
  DIENST_VAN_FASE,
  DienstSoort,
  faseNaBeoordeling,
  MonitoringUitkomst,
  OVERGANGEN,
  RvdkBesluit,
  VEREISTE_UITLEG,
  VeiligheidsbeoordelingUitkomst,
  VervolgKeuze,
  zoekOvergang,
  type Vereiste,
} from './proces';

/** Stable codes for refused process steps (extensions.code stays BAD_USER_INPUT or CONFLICT; these go in extensions.reden). */
export function procesFout(reden: string, bericht: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(bericht, { extensions: { code: 'BAD_USER_INPUT', reden, ...extra } });
}

function conflict(): GraphQLError {
  return new GraphQLError('De casus is intussen door iemand anders gewijzigd; laad hem opnieuw en probeer het nog eens.', {
    extensions: { code: 'CONFLICT', reden: 'GELIJKTIJDIGE_WIJZIGING' },
  });
}


/** What the process needs to know of who is acting. */
function uitvoerder(ctx: RequestContext): string {
  return ctx.actor.sub;
}

/** Termijnen opened in a transaction, planned after commit. */
type Nieuw = TePlannen[];

/**
 * Loads a casus of the region, without need-to-know: for intake (a melding joins an open casus whoever holds it) and
 * after the caller's access was checked on the melding. Anything else uses laadCasusVoor. `wijzigen`: lock its row until commit (SELECT ... FOR UPDATE), so concurrent steps on
 * one casus run one after the other and the second sees the first's result (and is refused by the table if it no
 * longer applies); the version column guards what the lock does not cover.
 */
async function laadCasus(tx: EntityManager, regio: string, id: string, wijzigen = false): Promise<CasusEntity> {
  if (!isUuid(id)) throw nietGevonden('De casus');
  const c = await tx.findOne(CasusEntity, { id, vtOrganisatie: regio }, wijzigen ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!c) throw nietGevonden('De casus');
  return c;
}

/** Flushes; a concurrent change of the same casus (version column) becomes CONFLICT with reden GELIJKTIJDIGE_WIJZIGING. */
export async function flushOfConflict(tx: EntityManager): Promise<void> {
  try {
    await tx.flush();
  } catch (e) {
    if (e instanceof OptimisticLockError) throw conflict();
    throw e;
  }
}

// ------------------------------------------------------------------ intake: casus and classification

/**
 * Links a just-created melding to a casus, inside the registering transaction:
 * - a person of the melding is in an OPEN casus of the region: vervolgmelding (phase from the casus' fase), and the
 *   melding joins that casus; during monitoring the casus goes back to veiligheidsbeoordeling;
 * - else a person was in a closed casus: hermelding, new casus;
 * - else, with at least one BSN to match on: eerste melding, new casus; without any BSN: niet ingedeeld, new casus.
 * Persons are matched by BSN within the region (zoekOfMaakPersonen reuses them). Getuigen only are not household.
 * Opens the veiligheidsbeoordeling termijn. Returns the termijnen to plan after commit.
 */
export async function koppelAanCasus(
  ctx: RequestContext,
  tx: EntityManager,
  melding: MeldingEntity,
  betrokkenen: { persoonId: string; rollen: BetrokkeneRol[]; heeftBsn: boolean }[],
  opties: { acuut: boolean },
): Promise<Nieuw> {
  const regio = melding.vtOrganisatie;
  const nu = ctx.clock.now();
  const huishouden = [...new Set(betrokkenen.filter((b) => b.rollen.some((r) => r !== BetrokkeneRol.GETUIGE)).map((b) => b.persoonId))];
  const alle = [...new Set(betrokkenen.map((b) => b.persoonId))];
  const conn = tx.getConnection();
  const gevonden = alle.length
    ? await conn.execute<{ id: string; fase: CasusFase; open: boolean }[]>(
        `select c.id, c.fase, c.fase <> 'AFGESLOTEN' as open from casus c
          where c.vt_organisatie = ? and exists (select 1 from casus_persoon cp where cp.casus_id = c.id and cp.persoon_id = any(?::uuid[]))
          order by (c.fase <> 'AFGESLOTEN') desc, c.geopend_op asc`,
        [regio, `{${alle.join(',')}}`],
        'all',
        tx.getTransactionContext(),
      )
    : [];
  const open = gevonden.find((g) => g.open);
  const verantwoordelijke = ctx.actor.organisatie.soort === 'VEILIG_THUIS' ? uitvoerder(ctx) : null;
  let casus: CasusEntity;
  let soort: EerdereBetrokkenheid;
  if (open) {
    casus = await laadCasus(tx, regio, open.id, true);
    soort =
      casus.fase === CasusFase.VEILIGHEIDSBEOORDELING
        ? EerdereBetrokkenheid.VERVOLGMELDING_TIJDENS_BEOORDELING
        : casus.fase === CasusFase.MONITORING
          ? EerdereBetrokkenheid.VERVOLGMELDING_TIJDENS_MONITORING
          : EerdereBetrokkenheid.VERVOLGMELDING_NA_BEOORDELING;
    if (casus.fase === CasusFase.MONITORING) {
      await beeindigDienst(tx, casus, DienstSoort.MONITORING, 'HEROPEND_DOOR_VERVOLGMELDING', nu);
      await termijnService.annuleerAlle(tx, casus.id, nu, [TermijnSoort.MONITORING_3_MAANDEN, TermijnSoort.MONITORING_12_MAANDEN, TermijnSoort.MONITORING_18_MAANDEN]);
      legOvergangVast(tx, casus, CasusFase.VEILIGHEIDSBEOORDELING, nu, 'systeem (vervolgmelding)', 'Vervolgmelding tijdens monitoring: opnieuw beoordelen.');
      casus.fase = CasusFase.VEILIGHEIDSBEOORDELING;
    }
    const bestaand = new Set((await tx.find(CasusPersoonEntity, { casusId: casus.id })).map((cp) => cp.persoonId));
    for (const p of huishouden) if (!bestaand.has(p)) tx.create(CasusPersoonEntity, { casusId: casus.id, persoonId: p, vtOrganisatie: regio });
  } else {
    soort = gevonden.length
      ? EerdereBetrokkenheid.HERMELDING
      : betrokkenen.some((b) => b.heeftBsn)
        ? EerdereBetrokkenheid.EERSTE_MELDING
        : EerdereBetrokkenheid.NIET_INGEDEELD;
    casus = tx.create(CasusEntity, {
      vtOrganisatie: regio,
      fase: CasusFase.VEILIGHEIDSBEOORDELING,
      verantwoordelijke,
      geopendOp: nu,
      versie: 1,
    });
    for (const p of huishouden.length ? huishouden : alle) tx.create(CasusPersoonEntity, { casusId: casus.id, persoonId: p, vtOrganisatie: regio });
    legOvergangVast(tx, casus, CasusFase.VEILIGHEIDSBEOORDELING, nu, uitvoerder(ctx), 'Melding ontvangen.', null);
  }
  melding.casusId = casus.id;
  melding.eerdereBetrokkenheid = soort;
  melding.acuut = opties.acuut;
  melding.verantwoordelijke = casus.verantwoordelijke ?? null;
  const k = ctx.termijnRegels.kalender;
  const t = termijnService.open(tx, ctx.termijnRegels, {
    vtOrganisatie: regio,
    casusId: casus.id,
    meldingId: melding.id,
    soort: TermijnSoort.VEILIGHEIDSBEOORDELING,
    start: k.lokaleDatum(melding.ontvangenOp),
    acuut: opties.acuut,
    verantwoordelijke: casus.verantwoordelijke ?? null,
  });
  return [t];
}

function legOvergangVast(tx: EntityManager, casus: CasusEntity, naar: CasusFase, nu: Date, door: string, toelichting: string | null, van: CasusFase | null = casus.fase): void {
  tx.create(CasusOvergangEntity, {
    casusId: casus.id,
    vtOrganisatie: casus.vtOrganisatie,
    van,
    naar,
    op: nu,
    door,
    verantwoordelijke: casus.verantwoordelijke ?? door,
    toelichting,
  });
}

async function beeindigDienst(tx: EntityManager, casus: CasusEntity, soort: DienstSoort, uitkomst: string, nu: Date, extra: Partial<DienstEntity> = {}): Promise<DienstEntity | null> {
  const d = await tx.findOne(DienstEntity, { casusId: casus.id, soort, beeindigdOp: null });
  if (!d) return null;
  Object.assign(d, extra, { beeindigdOp: nu, uitkomst });
  return d;
}

// ------------------------------------------------------------------ the service

export const casusService = {
  async veiligheidsbeoordelingVastleggen(ctx: RequestContext, invoer: VeiligheidsbeoordelingInvoer, velden: string[]): Promise<VeiligheidsbeoordelingResultaat> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(invoer.meldingId)) throw nietGevonden('De melding');
    const fouten: VeldFout[] = [];
    const houdt = invoer.uitkomst === VeiligheidsbeoordelingUitkomst.VERVOLGSTAPPEN_BIJ_VEILIG_THUIS;
    if (houdt && !invoer.vervolg) fouten.push({ veld: 'vervolg', code: 'VERPLICHT', melding: 'Kies bij VERVOLGSTAPPEN_BIJ_VEILIG_THUIS de dienst: ONDERZOEK, VOORWAARDEN_EN_VERVOLG of VERZOEK_TOT_ONDERZOEK.' });
    if (!houdt && invoer.vervolg) fouten.push({ veld: 'vervolg', code: 'NIET_TOEGESTAAN', melding: 'Een vervolg bij VT hoort alleen bij de uitkomst VERVOLGSTAPPEN_BIJ_VEILIG_THUIS.' });
    if (invoer.vervolg === VervolgKeuze.VERZOEK_TOT_ONDERZOEK && !invoer.verzoekTotOnderzoek) {
      fouten.push({ veld: 'verzoekTotOnderzoek', code: 'VERPLICHT', melding: `Voor een Verzoek tot Onderzoek is nodig: ${VEREISTE_UITLEG.VERZOEKGEGEVENS}.` });
    }
    if (fouten.length) throw ongeldigeInvoer(fouten);

    const nieuw: Nieuw = [];
    const resultaat = await inRegio(ctx, regio, async (tx) => {
      const melding = await tx.findOne(MeldingEntity, { id: invoer.meldingId, vtOrganisatie: regio, ...casusToegangFilter(ctx, 'casus_id') }, { populate: ['melder'] });
      if (!melding || !melding.casusId) throw await nietToegankelijk(tx, 'melding', invoer.meldingId, regio, 'De melding');
      // Lock first: two assessments of one melding at once are then serialised and the second is refused here.
      const casus = await laadCasus(tx, regio, melding.casusId, true);
      if (await tx.findOne(VeiligheidsbeoordelingEntity, { meldingId: melding.id })) {
        throw procesFout('AL_BEOORDEELD', 'Deze melding heeft al een veiligheidsbeoordeling; een nieuwe melding krijgt zijn eigen beoordeling.');
      }
      const nu = ctx.clock.now();
      const k = ctx.termijnRegels.kalender;
      const vandaag = k.lokaleDatum(nu);
      const vbTermijn = await tx.findOne(TermijnEntity, { meldingId: melding.id, soort: TermijnSoort.VEILIGHEIDSBEOORDELING });
      const binnenTermijn = vbTermijn ? nu < vbTermijn.vervaltOp : true;
      const vb = tx.create(VeiligheidsbeoordelingEntity, {
        meldingId: melding.id,
        vtOrganisatie: regio,
        casusId: casus.id,
        taxatie: invoer.taxatie,
        uitkomst: invoer.uitkomst,
        vervolg: invoer.vervolg ?? null,
        toelichting: invoer.toelichting,
        beoordeeldOp: nu,
        beoordeeldDoor: uitvoerder(ctx),
        binnenTermijn,
      });
      await termijnService.voldoe(tx, { casusId: casus.id, meldingId: melding.id, soort: TermijnSoort.VEILIGHEIDSBEOORDELING }, nu);
      // Feedback to melder and household: at 5 working days from receipt, or today when the assessment is late.
      const ontvangen = k.lokaleDatum(melding.ontvangenOp);
      const normaal = k.plusWerkdagen(ontvangen, ctx.termijnRegels.veiligheidsbeoordelingWerkdagen);
      nieuw.push(
        termijnService.open(tx, ctx.termijnRegels, {
          vtOrganisatie: regio,
          casusId: casus.id,
          meldingId: melding.id,
          soort: TermijnSoort.TERUGKOPPELING_UITKOMST,
          start: vandaag,
          vervaldatum: normaal > vandaag ? normaal : vandaag,
          verantwoordelijke: casus.verantwoordelijke ?? null,
        }),
      );
      const melderBereikbaar = melding.melder && melding.melder.anonimiteit !== Anonimiteit.DUBBEL_ANONIEM;
      if (houdt && melderBereikbaar) {
        nieuw.push(
          termijnService.open(tx, ctx.termijnRegels, {
            vtOrganisatie: regio,
            casusId: casus.id,
            meldingId: melding.id,
            soort: TermijnSoort.TERUGKOPPELING_MELDER_OVERNAME,
            start: vandaag,
            verantwoordelijke: casus.verantwoordelijke ?? null,
          }),
        );
      }
      // The casus moves on only if it is still waiting for its assessment; a vervolgmelding on a casus that is
      // further along is assessed and recorded, and the casus keeps its course.
      if (casus.fase === CasusFase.VEILIGHEIDSBEOORDELING) {
        const naar = faseNaBeoordeling(invoer.uitkomst, invoer.vervolg) as CasusFase;
        if (naar === CasusFase.VERZOEK_TOT_ONDERZOEK) await controleerKinderen(tx, casus, invoer.verzoekTotOnderzoek as VerzoekTotOnderzoekInvoer, 'verzoekTotOnderzoek');
        nieuw.push(...(await voerOvergangUit(ctx, tx, casus, naar, { toelichting: invoer.toelichting, verzoekTotOnderzoek: invoer.verzoekTotOnderzoek })));
      }
      await flushOfConflict(tx);
      await auditWijziging(ctx, tx, casus, { gebeurtenis: 'VEILIGHEIDSBEOORDELING_VASTLEGGEN', actie: 'C', objectType: 'Melding', objectId: melding.id, velden: Object.keys(invoer).filter((k2) => (invoer as unknown as Record<string, unknown>)[k2] != null) });
      const v = await volledigeView(tx, ctx, casus);
      return { vb: Object.assign(VeiligheidsbeoordelingView.van(vb), { casusToegang: v.casusToegang }), casus: v };
    });
    await plan(ctx, nieuw);
    auditCasus(ctx, resultaat.casus, velden);
    return Object.assign(new VeiligheidsbeoordelingResultaat(), { veiligheidsbeoordeling: resultaat.vb, casus: resultaat.casus });
  },

  /** One step through the transition table. Refuses what the table does not allow or what lacks required data. */
  async overgang(ctx: RequestContext, invoer: CasusOvergangInvoer, velden: string[]): Promise<CasusView> {
    const regio = vtRegioVan(ctx);
    const nieuw: Nieuw = [];
    const view = await inRegio(ctx, regio, async (tx) => {
      const casus = await laadCasusVoor(ctx, tx, regio, invoer.casusId, true);
      const o = zoekOvergang(casus.fase, invoer.naar);
      if (!o) {
        const mogelijk = OVERGANGEN.filter((x) => x.van === casus.fase && !x.vereist.includes('VEILIGHEIDSBEOORDELING')).map((x) => x.naar);
        throw procesFout(
          'OVERGANG_NIET_TOEGESTAAN',
          `Een casus in fase ${casus.fase} kan niet naar ${invoer.naar}. ` +
            (casus.fase === CasusFase.VEILIGHEIDSBEOORDELING
              ? 'Leg eerst de veiligheidsbeoordeling vast (veiligheidsbeoordelingVastleggen).'
              : mogelijk.length
                ? `Toegestaan: ${mogelijk.join(', ')}.`
                : 'Vanuit deze fase is geen stap meer mogelijk.'),
          { van: casus.fase, naar: invoer.naar, toegestaan: mogelijk },
        );
      }
      if (o.vereist.includes('VEILIGHEIDSBEOORDELING')) {
        throw procesFout('VEILIGHEIDSBEOORDELING_VEREIST', 'Deze stap volgt uit de veiligheidsbeoordeling: leg die vast met veiligheidsbeoordelingVastleggen.');
      }
      const ontbreekt = await ontbrekendeVereisten(tx, casus, o.vereist, invoer);
      if (ontbreekt.length) {
        throw procesFout(
          'VEREISTE_ONTBREEKT',
          `Voor ${casus.fase} → ${invoer.naar} ontbreekt: ${ontbreekt.map((v) => VEREISTE_UITLEG[v]).join('; ')}.`,
          { ontbreekt },
        );
      }
      if (invoer.verzoekTotOnderzoek && o.vereist.includes('VERZOEKGEGEVENS')) await controleerKinderen(tx, casus, invoer.verzoekTotOnderzoek, 'verzoekTotOnderzoek');
      if (invoer.overdracht && invoer.overdracht.contactBevestigdOp > ctx.termijnRegels.kalender.lokaleDatum(ctx.clock.now())) {
        throw ongeldigeInvoer([{ veld: 'overdracht.contactBevestigdOp', code: 'DATUM_IN_TOEKOMST', melding: 'Het contact kan niet in de toekomst bevestigd zijn.' }]);
      }
      nieuw.push(...(await voerOvergangUit(ctx, tx, casus, invoer.naar, invoer)));
      await flushOfConflict(tx);
      await auditWijziging(ctx, tx, casus, { gebeurtenis: 'CASUS_OVERGANG', actie: 'U', objectType: 'Casus', objectId: casus.id, velden: ['fase', ...Object.keys(invoer).filter((k) => (invoer as unknown as Record<string, unknown>)[k] != null)] });
      return volledigeView(tx, ctx, casus);
    });
    await plan(ctx, nieuw);
    auditCasus(ctx, view, velden);
    return view;
  },

  async veiligheidsafspraakVastleggen(ctx: RequestContext, invoer: VeiligheidsafspraakInvoer, velden: string[]): Promise<CasusView> {
    const regio = vtRegioVan(ctx);
    const view = await inRegio(ctx, regio, async (tx) => {
      const casus = await laadCasusVoor(ctx, tx, regio, invoer.casusId, true);
      if (casus.fase !== CasusFase.VOORWAARDEN_EN_VERVOLG && casus.fase !== CasusFase.ONDERZOEK) {
        throw procesFout('VERKEERDE_FASE', `Veiligheidsafspraken worden vastgelegd tijdens VOORWAARDEN_EN_VERVOLG of ONDERZOEK; de casus is in ${casus.fase}.`);
      }
      const nu = ctx.clock.now();
      if (invoer.overeengekomenOp > ctx.termijnRegels.kalender.lokaleDatum(nu)) {
        throw ongeldigeInvoer([{ veld: 'overeengekomenOp', code: 'DATUM_IN_TOEKOMST', melding: 'Een afspraak kan niet in de toekomst gemaakt zijn.' }]);
      }
      const dienst = await tx.findOne(DienstEntity, { casusId: casus.id, soort: DIENST_VAN_FASE[casus.fase] as DienstSoort, beeindigdOp: null });
      tx.create(VeiligheidsafspraakEntity, {
        casusId: casus.id,
        dienstId: dienst?.id ?? null,
        vtOrganisatie: regio,
        omschrijving: invoer.omschrijving,
        partijen: invoer.partijen,
        overeengekomenOp: invoer.overeengekomenOp,
        vastgelegdDoor: uitvoerder(ctx),
        vastgelegdOp: nu,
      });
      await tx.flush();
      await auditWijziging(ctx, tx, casus, { gebeurtenis: 'VEILIGHEIDSAFSPRAAK_VASTLEGGEN', actie: 'C', objectType: 'Casus', objectId: casus.id, velden: ['omschrijving', 'partijen', 'overeengekomenOp'] });
      return volledigeView(tx, ctx, casus);
    });
    auditCasus(ctx, view, velden);
    return view;
  },

  /** A monitoring contact meets the earliest open monitoring termijn; unsafe at 12 months opens the 18-month contact. */
  async monitoringcontactVastleggen(ctx: RequestContext, invoer: MonitoringcontactInvoer, velden: string[]): Promise<CasusView> {
    const regio = vtRegioVan(ctx);
    const nieuw: Nieuw = [];
    const view = await inRegio(ctx, regio, async (tx) => {
      const casus = await laadCasusVoor(ctx, tx, regio, invoer.casusId, true);
      if (casus.fase !== CasusFase.MONITORING) throw procesFout('VERKEERDE_FASE', `Monitoringcontacten horen bij de fase MONITORING; de casus is in ${casus.fase}.`);
      const nu = ctx.clock.now();
      if (invoer.contactOp > ctx.termijnRegels.kalender.lokaleDatum(nu)) {
        throw ongeldigeInvoer([{ veld: 'contactOp', code: 'DATUM_IN_TOEKOMST', melding: 'Een contact kan niet in de toekomst hebben plaatsgevonden.' }]);
      }
      const open = await tx.find(
        TermijnEntity,
        { casusId: casus.id, status: TermijnStatus.OPEN, soort: { $in: [TermijnSoort.MONITORING_3_MAANDEN, TermijnSoort.MONITORING_12_MAANDEN, TermijnSoort.MONITORING_18_MAANDEN] } },
        { orderBy: { vervaldatum: 'asc' } },
      );
      const t = open[0];
      if (t) {
        t.status = TermijnStatus.VOLDAAN;
        t.afgehandeldOp = nu;
      }
      tx.create(MonitoringcontactEntity, {
        casusId: casus.id,
        vtOrganisatie: regio,
        termijnId: t?.id ?? null,
        contactOp: invoer.contactOp,
        uitkomst: invoer.uitkomst,
        toelichting: invoer.toelichting,
        vastgelegdDoor: uitvoerder(ctx),
        vastgelegdOp: nu,
      });
      if (t?.soort === TermijnSoort.MONITORING_12_MAANDEN && invoer.uitkomst === MonitoringUitkomst.ONVEILIG && casus.vervolgGestartOp) {
        nieuw.push(
          termijnService.open(tx, ctx.termijnRegels, {
            vtOrganisatie: regio,
            casusId: casus.id,
            soort: TermijnSoort.MONITORING_18_MAANDEN,
            start: casus.vervolgGestartOp,
            verantwoordelijke: casus.verantwoordelijke ?? null,
          }),
        );
      }
      await tx.flush();
      await auditWijziging(ctx, tx, casus, { gebeurtenis: 'MONITORINGCONTACT_VASTLEGGEN', actie: 'C', objectType: 'Casus', objectId: casus.id, velden: ['contactOp', 'uitkomst', 'toelichting'] });
      return volledigeView(tx, ctx, casus);
    });
    await plan(ctx, nieuw);
    auditCasus(ctx, view, velden);
    return view;
  },

  /** Records that the melder / household was informed: meets the open feedback termijn of that kind. */
  async terugkoppelingVastleggen(ctx: RequestContext, meldingId: string, soort: TermijnSoort, velden: string[]): Promise<CasusView> {
    const regio = vtRegioVan(ctx);
    if (soort !== TermijnSoort.TERUGKOPPELING_UITKOMST && soort !== TermijnSoort.TERUGKOPPELING_MELDER_OVERNAME) {
      throw ongeldigeInvoer([{ veld: 'soort', code: 'GEEN_TERUGKOPPELING', melding: 'Kies TERUGKOPPELING_UITKOMST of TERUGKOPPELING_MELDER_OVERNAME.' }]);
    }
    if (!isUuid(meldingId)) throw nietGevonden('De melding');
    const view = await inRegio(ctx, regio, async (tx) => {
      const melding = await tx.findOne(MeldingEntity, { id: meldingId, vtOrganisatie: regio, ...casusToegangFilter(ctx, 'casus_id') });
      if (!melding?.casusId) throw await nietToegankelijk(tx, 'melding', meldingId, regio, 'De melding');
      const voldaan = await termijnService.voldoe(tx, { casusId: melding.casusId, meldingId, soort }, ctx.clock.now());
      if (voldaan.length === 0) throw procesFout('GEEN_OPEN_TERMIJN', `Deze melding heeft geen open termijn ${soort}.`);
      await tx.flush();
      const casus = await laadCasus(tx, regio, melding.casusId);
      await auditWijziging(ctx, tx, casus, { gebeurtenis: 'TERUGKOPPELING_VASTLEGGEN', actie: 'U', objectType: 'Melding', objectId: meldingId, velden: ['soort'] });
      return volledigeView(tx, ctx, casus);
    });
    auditCasus(ctx, view, velden);
    return view;
  },
};

// ------------------------------------------------------------------ transitions

async function ontbrekendeVereisten(tx: EntityManager, casus: CasusEntity, vereist: readonly Vereiste[], invoer: CasusOvergangInvoer): Promise<Vereiste[]> {
  const uit: Vereiste[] = [];
  for (const v of vereist) {
    switch (v) {
      case 'ONDERZOEKSUITKOMST': {
        const o = invoer.onderzoek;
        if (!o) uit.push(v);
        else if (!o.voortijdigAfgesloten) {
          const aarden = await aardenVan(tx, casus.id);
          const gegeven = new Set(o.uitkomsten.map((u) => u.aardGeweld));
          if (o.uitkomsten.length === 0 || aarden.some((a) => !gegeven.has(a as AardGeweld)) || gegeven.size !== o.uitkomsten.length) uit.push(v);
        }
        break;
      }
      case 'VEILIGHEIDSAFSPRAAK':
        if ((await tx.count(VeiligheidsafspraakEntity, { casusId: casus.id })) === 0) uit.push(v);
        break;
      case 'OVERDRACHTGEGEVENS':
        if (!invoer.overdracht) uit.push(v);
        break;
      case 'VERZOEKGEGEVENS':
        if (!invoer.verzoekTotOnderzoek) uit.push(v);
        break;
      case 'RVDK_GEACCEPTEERD':
        if (invoer.rvdkBesluit?.besluit !== RvdkBesluit.GEACCEPTEERD) uit.push(v);
        break;
      case 'RVDK_AFGEWEZEN':
        if (invoer.rvdkBesluit?.besluit !== RvdkBesluit.AFGEWEZEN || !invoer.rvdkBesluit.reden?.trim()) uit.push(v);
        break;
      case 'MONITORING_VEILIG':
      case 'MONITORING_ONVEILIG': {
        const laatste = await tx.findOne(MonitoringcontactEntity, { casusId: casus.id }, { orderBy: { contactOp: 'desc', vastgelegdOp: 'desc' } });
        const nodig = v === 'MONITORING_VEILIG' ? MonitoringUitkomst.VEILIG_STABIEL : MonitoringUitkomst.ONVEILIG;
        if (laatste?.uitkomst !== nodig) uit.push(v);
        break;
      }
      case 'AFSLUITREDEN':
        if (!invoer.afsluitreden?.trim()) uit.push(v);
        break;
      case 'VEILIGHEIDSBEOORDELING':
        break;
    }
  }
  return uit;
}

/**
 * Carries out a transition already checked against the table: ends the running dienst with its outcome,
 * starts the next one with its termijnen, records the step. Returns the termijnen to plan.
 */
async function voerOvergangUit(
  ctx: RequestContext,
  tx: EntityManager,
  casus: CasusEntity,
  naar: CasusFase,
  g: Partial<Pick<CasusOvergangInvoer, 'onderzoek' | 'overdracht' | 'verzoekTotOnderzoek' | 'rvdkBesluit' | 'afsluitreden'>> & { toelichting?: string },
): Promise<Nieuw> {
  const nu = ctx.clock.now();
  const k = ctx.termijnRegels.kalender;
  const vandaag = k.lokaleDatum(nu);
  const regio = casus.vtOrganisatie;
  const nieuw: Nieuw = [];
  const van = casus.fase;

  // End what runs now.
  const lopend = DIENST_VAN_FASE[van];
  if (lopend) {
    let uitkomst = 'AFGEROND';
    const extra: Partial<DienstEntity> = {};
    if (van === CasusFase.ONDERZOEK && g.onderzoek) {
      uitkomst = g.onderzoek.voortijdigAfgesloten ? 'VOORTIJDIG_AFGESLOTEN' : 'AFGEROND';
      extra.voortijdigAfgesloten = g.onderzoek.voortijdigAfgesloten;
    }
    if (van === CasusFase.OVERDRACHT && g.overdracht) {
      uitkomst = 'OVERGEDRAGEN';
      extra.ontvangendePartij = g.overdracht.ontvangendePartij;
      extra.contactBevestigdOp = g.overdracht.contactBevestigdOp;
    }
    if (van === CasusFase.VERZOEK_TOT_ONDERZOEK && g.rvdkBesluit) uitkomst = g.rvdkBesluit.besluit;
    if (van === CasusFase.MONITORING) uitkomst = naar === CasusFase.AFGESLOTEN ? 'VEILIG_STABIEL' : 'ONVEILIG';
    const d = await beeindigDienst(tx, casus, lopend, uitkomst, nu, extra);
    if (d && van === CasusFase.ONDERZOEK && g.onderzoek) {
      for (const u of g.onderzoek.uitkomsten) tx.create(OnderzoekUitkomstEntity, { dienstId: d.id, aardGeweld: u.aardGeweld, vtOrganisatie: regio, uitkomst: u.uitkomst });
    }
    if (d && van === CasusFase.VERZOEK_TOT_ONDERZOEK && g.rvdkBesluit) {
      const v = await tx.findOne(VerzoekTotOnderzoekEntity, { dienstId: d.id });
      if (v) Object.assign(v, { besluit: g.rvdkBesluit.besluit, besluitReden: g.rvdkBesluit.reden ?? null, besluitOp: nu });
    }
    if (d) {
      await termijnService.voldoe(tx, { casusId: casus.id, dienstId: d.id, soort: [TermijnSoort.ONDERZOEK, TermijnSoort.VOORWAARDEN_EN_VERVOLG] }, nu);
      if (van === CasusFase.MONITORING) {
        await termijnService.annuleerAlle(tx, casus.id, nu, [TermijnSoort.MONITORING_3_MAANDEN, TermijnSoort.MONITORING_12_MAANDEN, TermijnSoort.MONITORING_18_MAANDEN]);
      }
    }
  }
  if (van === CasusFase.VEILIGHEIDSBEOORDELING && !casus.vervolgGestartOp) casus.vervolgGestartOp = vandaag;

  // Start what comes next.
  const volgend = DIENST_VAN_FASE[naar];
  if (volgend) {
    const verantwoordelijke = casus.verantwoordelijke ?? uitvoerder(ctx);
    const d = tx.create(DienstEntity, { casusId: casus.id, vtOrganisatie: regio, soort: volgend, gestartOp: nu, verantwoordelijke, voortijdigAfgesloten: false });
    const termijn = (soort: TermijnSoort, start: string): void => {
      nieuw.push(termijnService.open(tx, ctx.termijnRegels, { vtOrganisatie: regio, casusId: casus.id, dienstId: d.id, soort, start, verantwoordelijke: casus.verantwoordelijke ?? null }));
    };
    if (volgend === DienstSoort.ONDERZOEK) termijn(TermijnSoort.ONDERZOEK, vandaag);
    if (volgend === DienstSoort.VOORWAARDEN_EN_VERVOLG) termijn(TermijnSoort.VOORWAARDEN_EN_VERVOLG, vandaag);
    if (volgend === DienstSoort.MONITORING) {
      const start = casus.vervolgGestartOp ?? vandaag;
      termijn(TermijnSoort.MONITORING_3_MAANDEN, start);
      termijn(TermijnSoort.MONITORING_12_MAANDEN, start);
    }
    if (volgend === DienstSoort.VERZOEK_TOT_ONDERZOEK && g.verzoekTotOnderzoek) {
      tx.create(VerzoekTotOnderzoekEntity, {
        dienstId: d.id,
        casusId: casus.id,
        vtOrganisatie: regio,
        kinderen: g.verzoekTotOnderzoek.kinderen,
        gronden: g.verzoekTotOnderzoek.gronden,
        standpuntOuders: g.verzoekTotOnderzoek.standpuntOuders,
        ingediendOp: nu,
        collegeGeinformeerdOp: null,
      });
    }
  }
  legOvergangVast(tx, casus, naar, nu, uitvoerder(ctx), g.toelichting ?? null, van);
  // Fase and closing time change together (a check constraint ties them), before any query may auto-flush.
  casus.fase = naar;
  if (naar === CasusFase.AFGESLOTEN) {
    casus.geslotenOp = nu;
    casus.afsluitreden = g.afsluitreden ?? null;
    await trekOpenAanbodIn(tx, casus.id, nu);
    await termijnService.annuleerAlle(tx, casus.id, nu);
  }
  return nieuw;
}

async function controleerKinderen(tx: EntityManager, casus: CasusEntity, v: VerzoekTotOnderzoekInvoer, pad: string): Promise<void> {
  const leden = new Set((await tx.find(CasusPersoonEntity, { casusId: casus.id })).map((cp) => cp.persoonId));
  const vreemd = v.kinderen.filter((k) => !leden.has(k));
  if (vreemd.length) {
    throw ongeldigeInvoer([{ veld: `${pad}.kinderen`, code: 'GEEN_LID_VAN_CASUS', melding: 'Noem alleen kinderen die tot het huishouden van deze casus behoren (persoon-ids).' }]);
  }
}

async function aardenVan(tx: EntityManager, casusId: string): Promise<string[]> {
  const meldingen = await tx.find(MeldingEntity, { casusId }, { fields: ['aardGeweld'] });
  return [...new Set(meldingen.flatMap((m) => m.aardGeweld))];
}

async function persoonIdsVan(tx: EntityManager, casusId: string): Promise<string[]> {
  return (await tx.find(CasusPersoonEntity, { casusId })).map((cp) => cp.persoonId);
}

/** The whole casus as the API shows it, with its need-to-know data (`casusToegang`) on it and on its assessments. */
export async function volledigeView(tx: EntityManager, ctx: RequestContext, casus: CasusEntity): Promise<CasusView> {
  const nu = ctx.clock.now();
  // One after the other: a transaction is one connection, and pg refuses (deprecates) overlapping queries on it.
  const meldingen = await tx.find(MeldingEntity, { casusId: casus.id }, { fields: ['id', 'ontvangenOp'], orderBy: { ontvangenOp: 'asc' } });
  const leden = await tx.find(CasusPersoonEntity, { casusId: casus.id });
  const vbs = await tx.find(VeiligheidsbeoordelingEntity, { casusId: casus.id }, { orderBy: { beoordeeldOp: 'asc' } });
  const diensten = await tx.find(DienstEntity, { casusId: casus.id }, { orderBy: { gestartOp: 'asc', beeindigdOp: 'asc' } });
  const afspraken = await tx.find(VeiligheidsafspraakEntity, { casusId: casus.id }, { orderBy: { overeengekomenOp: 'asc' } });
  const contacten = await tx.find(MonitoringcontactEntity, { casusId: casus.id }, { orderBy: { contactOp: 'asc' } });
  const termijnen = await tx.find(TermijnEntity, { casusId: casus.id }, { orderBy: { vervaldatum: 'asc' } });
  const overgangen = await tx.find(CasusOvergangEntity, { casusId: casus.id }, { orderBy: { op: 'asc' } });
  const dienstIds = diensten.map((d) => d.id);
  const uitkomsten = dienstIds.length ? await tx.find(OnderzoekUitkomstEntity, { dienstId: { $in: dienstIds } }) : [];
  const verzoeken = dienstIds.length ? await tx.find(VerzoekTotOnderzoekEntity, { dienstId: { $in: dienstIds } }) : [];
  const v = CasusView.kaal(casus);
  v.meldingIds = meldingen.map((m) => m.id);
  v.persoonIds = leden.map((l) => l.persoonId);
  v.casusToegang = await casusToegangVan(tx, ctx, casus);
  v.veiligheidsbeoordelingen = vbs.map((e) => Object.assign(VeiligheidsbeoordelingView.van(e), { casusToegang: v.casusToegang }));
  v.diensten = diensten.map((d) => {
    const u = uitkomsten.filter((x) => x.dienstId === d.id).map((x) => Object.assign(new OnderzoekUitkomstView(), { aardGeweld: x.aardGeweld, uitkomst: x.uitkomst, vtOrganisatie: x.vtOrganisatie }));
    const vz = verzoeken.find((x) => x.dienstId === d.id);
    return DienstView.van(d, u, vz ? VerzoekTotOnderzoekView.van(vz) : null);
  });
  v.veiligheidsafspraken = afspraken.map((a) => VeiligheidsafspraakView.van(a));
  v.monitoringcontacten = contacten.map((c) => MonitoringcontactView.van(c));
  v.termijnen = termijnen.map((t) => TermijnView.van(t, nu));
  v.overgangen = overgangen.map((o) => CasusOvergangView.van(o));
  v.toegestaneOvergangen = OVERGANGEN.filter((o) => o.van === casus.fase && !o.vereist.includes('VEILIGHEIDSBEOORDELING') && o.naar !== CasusFase.VEILIGHEIDSBEOORDELING).map((o) => o.naar);
  return v;
}

/** The audit record of a change to a casus, in the changing transaction, naming the household's persons. */
async function auditWijziging(
  ctx: RequestContext,
  tx: EntityManager,
  casus: CasusEntity,
  feit: { gebeurtenis: string; actie: 'C' | 'U'; objectType: string; objectId: string; velden: string[] },
): Promise<void> {
  await ctx.audit.inTransactie(tx, { ...feit, vtOrganisatie: casus.vtOrganisatie, persoonIds: await persoonIdsVan(tx, casus.id), ...(await noodFeit(tx, ctx, casus)) });
}

/** The audit record of reading a casus in full (flagged when read under noodtoegang). */
export function auditCasus(ctx: RequestContext, v: CasusView, velden: string[]): void {
  ctx.audit.lees({ gebeurtenis: 'CASUS_INZIEN', actie: 'R', vtOrganisatie: v.vtOrganisatie, objectType: 'Casus', objectId: v.id, persoonIds: v.persoonIds, velden, ...noodAudit(ctx, v.casusToegang) });
}

