import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

import { vtRegioVan } from '../auth/actor';
import { casusToegangFilter, nietToegankelijk } from '../beleid/casustoegang.sql';
import { laadCasusVoor, noodFeit } from '../casussen/casus-toegang';
import { CasusPersoonEntity } from '../casussen/casus.entity';
import { CasusFase } from '../casussen/proces';
import { GebeurtenisType, schrijfGebeurtenis } from '../gebeurtenissen/outbox';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer, procesFout, type VeldFout } from '../lib/errors';
import { inKetenScope } from '../lib/regio';
import { controleerStap } from '../lib/werkstroom';
import { PersoonEntity } from '../personen/persoon.entity';
import { TermijnEntity, TermijnSoort, TermijnStatus } from '../termijnen/termijn.entity';
import { planNaCommit, termijnService, type TePlannen } from '../termijnen/termijn.service';
import { HuisverbodEntity, HuisverbodMonitoringcontactEntity } from './huisverbod.entity';
import {
  auditLezen,
  controleerOpgelegdOp,
  plusKalenderdagen,
  THV_DAGEN,
  THV_MAX_DAGEN,
  vtView,
} from './huisverbod.lezen';
import { meldingVoorRegistratie } from './huisverbod.melding';
import { huisverbodProces, huisverbodStatus } from './huisverbod.proces';
import type {
  HuisverbodAdviesInvoer,
  HuisverbodBijwerkenInvoer,
  HuisverbodMonitoringcontactInvoer,
  HuisverbodRegistrerenInvoer,
  HuisverbodView,
} from './huisverbod.types';

/** Whole years between a date of birth and a day (both YYYY-MM-DD). */
function leeftijdOp(geboortedatum: string, dag: string): number {
  const [gj, gm, gd] = geboortedatum.split('-').map(Number);
  const [j, m, d] = dag.split('-').map(Number);
  return j - gj - (m < gm || (m === gm && d < gd) ? 1 : 0);
}

/** The monitoring moments after a huisverbod, in order. */
export const THV_MONITORING = [
  TermijnSoort.THV_MONITORING_3_MAANDEN,
  TermijnSoort.THV_MONITORING_12_MAANDEN,
  TermijnSoort.THV_MONITORING_18_MAANDEN,
] as const;

/** Checks a partner organisation named in the input: active, of the kind, working with the region. */
async function controleerOrganisatie(
  ctx: RequestContext,
  regio: string,
  veld: string,
  code: string,
  soort: 'GEMEENTE' | 'POLITIE',
  fouten: VeldFout[],
): Promise<void> {
  const [org] = await ctx.em
    .getConnection()
    .execute<{ soort: string; regio_codes: string[]; actief: boolean }[]>(
      `select soort, regio_codes, actief from organisatie where code = ?`,
      [code],
    );
  if (!org || !org.actief) {
    fouten.push({ veld, code: 'ORGANISATIE_ONBEKEND', melding: 'Deze organisatie is niet bekend of niet actief.' });
  } else if (org.soort !== soort) {
    fouten.push({ veld, code: `GEEN_${soort}`, melding: `Noem een organisatie van soort ${soort}.` });
  } else if (!org.regio_codes.includes(regio)) {
    fouten.push({ veld, code: 'NIET_IN_REGIO', melding: 'Deze organisatie werkt niet met uw VT-regio samen.' });
  }
}

/** A huisverbod of the caller's region whose casus the caller may work on, locked until commit. */
export async function laadVoorVt(ctx: RequestContext, tx: EntityManager, id: string): Promise<HuisverbodEntity> {
  const regio = vtRegioVan(ctx);
  if (!isUuid(id)) throw nietGevonden('Het huisverbod');
  const h = await tx.findOne(
    HuisverbodEntity,
    { id, vtOrganisatie: regio, ...casusToegangFilter(ctx, 'casus_id') },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (!h) throw await nietToegankelijk(tx, 'huisverbod', id, regio, 'Het huisverbod');
  return h;
}

/** Closes the open termijnen of a huisverbod of the given kinds (met or cancelled). */
export async function sluitTermijnen(
  tx: EntityManager,
  huisverbodId: string,
  soorten: readonly TermijnSoort[],
  status: TermijnStatus.VOLDAAN | TermijnStatus.GEANNULEERD,
  nu: Date,
): Promise<TermijnEntity[]> {
  const open = await tx.find(TermijnEntity, { huisverbodId, soort: { $in: [...soorten] }, status: TermijnStatus.OPEN });
  for (const t of open) {
    t.status = status;
    t.afgehandeldOp = nu;
  }
  return open;
}

/** A date of VT's work: not before the day of imposition, not after today. */
function werkdatum(ctx: RequestContext, h: HuisverbodEntity, veld: string, d: string, fouten: VeldFout[]): void {
  const k = ctx.termijnRegels.kalender;
  if (d < k.lokaleDatum(h.opgelegdOp) || d > k.lokaleDatum(ctx.clock.now())) {
    fouten.push({ veld, code: 'DATUM_BUITEN_BEREIK', melding: 'Kies een dag vanaf het opleggen tot en met vandaag.' });
  }
}

/**
 * VT's steps on a tijdelijk huisverbod (DOMAIN.md §2): register what the burgemeester imposed, record the work,
 * advise the burgemeester, record monitoring contacts. Each step is checked against huisverbodProces, writes its audit
 * row in its transaction and meets or opens its termijnen; the burgemeester's decisions are in huisverbod.besluit.ts.
 */
export const huisverbodService = {
  async registreren(
    ctx: RequestContext,
    invoer: HuisverbodRegistrerenInvoer,
    velden: string[],
  ): Promise<HuisverbodView> {
    const regio = vtRegioVan(ctx);
    controleerStap(huisverbodProces, null, 'REGISTREREN', ctx.actor.rol);
    const nu = ctx.clock.now();
    const k = ctx.termijnRegels.kalender;
    const opgelegdTot = plusKalenderdagen(invoer.opgelegdOp, THV_DAGEN);
    const fouten: VeldFout[] = [];
    controleerOpgelegdOp(invoer.opgelegdOp, nu, fouten, 'leg het vast in de casus');
    await controleerOrganisatie(ctx, regio, 'gemeente', invoer.gemeente, 'GEMEENTE', fouten);
    if (invoer.politie) await controleerOrganisatie(ctx, regio, 'politie', invoer.politie, 'POLITIE', fouten);
    if (!invoer.rihgReferentie.trim()) {
      fouten.push({ veld: 'rihgReferentie', code: 'LEEG', melding: 'Verwijs naar de ingevulde RiHG.' });
    }
    const achterblijvers = [...new Set(invoer.achterblijverPersoonIds)];
    if (fouten.length) throw ongeldigeInvoer(fouten);
    const personen = [invoer.uithuisgeplaatstePersoonId, ...achterblijvers];
    if (!personen.every(isUuid)) throw nietGevonden('De persoon');

    const nieuw: TePlannen[] = [];
    const view = await inKetenScope(ctx, { vtOrganisatie: regio }, async (tx) => {
      const casus = await laadCasusVoor(ctx, tx, regio, invoer.casusId, true);
      if (casus.fase === CasusFase.AFGESLOTEN) {
        throw procesFout('CASUS_AFGESLOTEN', 'De casus is afgesloten; heropen haar met een (vervolg)melding.');
      }
      // The police's report of this huisverbod, if VT registers one (huisverbod.melding.ts): linked below.
      const melding = invoer.meldingId ? await meldingVoorRegistratie(tx, regio, invoer.meldingId, invoer) : null;
      const leden = new Set(
        (await tx.find(CasusPersoonEntity, { casusId: casus.id, persoonId: { $in: personen } })).map(
          (c) => c.persoonId,
        ),
      );
      personen.forEach((p, i) => {
        if (!leden.has(p)) {
          fouten.push({
            veld: i === 0 ? 'uithuisgeplaatstePersoonId' : `achterblijverPersoonIds[${i - 1}]`,
            code: 'GEEN_LID_VAN_CASUS',
            melding: 'Kies een persoon uit het huishouden van deze casus.',
          });
        }
      });
      if (achterblijvers.includes(invoer.uithuisgeplaatstePersoonId)) {
        fouten.push({
          veld: 'achterblijverPersoonIds',
          code: 'UITHUISGEPLAATSTE_BLIJFT',
          melding: 'De uithuisgeplaatste blijft niet in de woning; noem hem niet bij wie blijven.',
        });
      }
      const uit = await tx.findOne(PersoonEntity, { id: invoer.uithuisgeplaatstePersoonId, vtOrganisatie: regio });
      const geboren = uit?.geboortedatum ? String(uit.geboortedatum).slice(0, 10) : null;
      if (geboren && leeftijdOp(geboren, k.lokaleDatum(invoer.opgelegdOp)) < 18) {
        fouten.push({
          veld: 'uithuisgeplaatstePersoonId',
          code: 'GEEN_VOLWASSENE',
          melding: 'Een huisverbod geldt alleen voor een meerderjarige.',
        });
      }
      if (fouten.length) throw ongeldigeInvoer(fouten);

      const start = k.lokaleDatum(invoer.opgelegdOp);
      const h = tx.create(HuisverbodEntity, {
        vtOrganisatie: regio,
        casusId: casus.id,
        gemeenteId: crypto.randomUUID(),
        politieId: crypto.randomUUID(),
        uithuisgeplaatsteId: invoer.uithuisgeplaatstePersoonId,
        achterblijverIds: achterblijvers,
        gemeente: invoer.gemeente,
        politie: invoer.politie || melding?.politie || null,
        politieReferentie: invoer.politieReferentie?.trim() || melding?.politieReferentie || null,
        beschikkingKenmerk: invoer.beschikkingKenmerk?.trim() || melding?.beschikkingKenmerk || null,
        rihgReferentie: invoer.rihgReferentie.trim(),
        opgelegdOp: invoer.opgelegdOp,
        opgelegdTot,
        uiterlijkTot: plusKalenderdagen(invoer.opgelegdOp, THV_MAX_DAGEN),
        adviesVoor: '',
        geregistreerdOp: nu,
        geregistreerdDoor: ctx.actor.sub,
      });
      if (melding) Object.assign(melding, { huisverbodId: h.id, gekoppeldOp: nu });
      const gemeen = { vtOrganisatie: regio, casusId: casus.id, huisverbodId: h.id, verantwoordelijke: ctx.actor.sub };
      const advies = termijnService.open(tx, ctx.termijnRegels, { ...gemeen, soort: TermijnSoort.THV_ADVIES, start });
      h.adviesVoor = advies.vervaldatum;
      nieuw.push(
        advies,
        termijnService.open(tx, ctx.termijnRegels, {
          ...gemeen,
          object: { huisverbodId: h.id },
          soort: TermijnSoort.THV_VEILIGHEIDSPLAN,
          tijdstip: { van: invoer.opgelegdOp, tot: opgelegdTot },
        }),
        ...THV_MONITORING.map((soort) => termijnService.open(tx, ctx.termijnRegels, { ...gemeen, soort, start })),
      );
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'HUISVERBOD_REGISTREREN',
        actie: 'C',
        vtOrganisatie: regio,
        objectType: 'TijdelijkHuisverbod',
        objectId: h.id,
        persoonIds: personen,
        velden: Object.keys(invoer).filter((v) => (invoer as unknown as Record<string, unknown>)[v] != null),
        ...(await noodFeit(tx, ctx, casus)),
      });
      ctx.log.info({ huisverbodId: h.id, regio, opgelegdTot }, 'tijdelijk huisverbod geregistreerd');
      return vtView(tx, ctx, h);
    });
    await planNaCommit(ctx, nieuw);
    auditLezen(ctx, view, velden);
    return view;
  },

  async bijwerken(ctx: RequestContext, invoer: HuisverbodBijwerkenInvoer, velden: string[]): Promise<HuisverbodView> {
    const nu = ctx.clock.now();
    const wijzigingen = (
      ['gesprekUithuisgeplaatsteOp', 'gesprekAchterblijversOp', 'informatieDerden', 'veiligheidsplan'] as const
    ).filter((v) => invoer[v] != null && String(invoer[v]).trim() !== '');
    if (wijzigingen.length === 0) {
      throw ongeldigeInvoer([
        { veld: 'invoer', code: 'LEEG', melding: 'Geef ten minste één gegeven om vast te leggen.' },
      ]);
    }
    const view = await inKetenScope(ctx, { vtOrganisatie: vtRegioVan(ctx) }, async (tx) => {
      const h = await laadVoorVt(ctx, tx, invoer.huisverbodId);
      controleerStap(huisverbodProces, huisverbodStatus(h, nu), 'BIJWERKEN', ctx.actor.rol);
      const fouten: VeldFout[] = [];
      if (invoer.gesprekUithuisgeplaatsteOp) {
        werkdatum(ctx, h, 'gesprekUithuisgeplaatsteOp', invoer.gesprekUithuisgeplaatsteOp, fouten);
      }
      if (invoer.gesprekAchterblijversOp) {
        werkdatum(ctx, h, 'gesprekAchterblijversOp', invoer.gesprekAchterblijversOp, fouten);
      }
      if (fouten.length) throw ongeldigeInvoer(fouten);
      if (invoer.gesprekUithuisgeplaatsteOp) h.gesprekUithuisgeplaatsteOp = invoer.gesprekUithuisgeplaatsteOp;
      if (invoer.gesprekAchterblijversOp) h.gesprekAchterblijversOp = invoer.gesprekAchterblijversOp;
      if (invoer.informatieDerden?.trim()) h.informatieDerden = invoer.informatieDerden.trim();
      if (invoer.veiligheidsplan?.trim()) {
        h.veiligheidsplan = invoer.veiligheidsplan.trim();
        h.veiligheidsplanOp ??= nu;
        await sluitTermijnen(tx, h.id, [TermijnSoort.THV_VEILIGHEIDSPLAN], TermijnStatus.VOLDAAN, nu);
      }
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'HUISVERBOD_BIJWERKEN',
        actie: 'U',
        vtOrganisatie: h.vtOrganisatie,
        objectType: 'TijdelijkHuisverbod',
        objectId: h.id,
        persoonIds: [h.uithuisgeplaatsteId, ...h.achterblijverIds],
        velden: wijzigingen,
        ...(await noodFeit(tx, ctx, h.casusId)),
      });
      return vtView(tx, ctx, h);
    });
    auditLezen(ctx, view, velden);
    return view;
  },

  async adviseren(ctx: RequestContext, invoer: HuisverbodAdviesInvoer, velden: string[]): Promise<HuisverbodView> {
    const nu = ctx.clock.now();
    if (!invoer.toelichting.trim()) {
      throw ongeldigeInvoer([
        { veld: 'toelichting', code: 'LEEG', melding: 'Licht het advies toe voor de burgemeester.' },
      ]);
    }
    const view = await inKetenScope(ctx, { vtOrganisatie: vtRegioVan(ctx) }, async (tx) => {
      const h = await laadVoorVt(ctx, tx, invoer.huisverbodId);
      controleerStap(huisverbodProces, huisverbodStatus(h, nu), 'ADVISEREN', ctx.actor.rol);
      // The advice rests on talking to both sides (DOMAIN.md §2); an attempt that failed counts, with its date.
      const ontbreekt = [
        ...(h.gesprekUithuisgeplaatsteOp ? [] : ['gesprekUithuisgeplaatsteOp']),
        ...(h.gesprekAchterblijversOp ? [] : ['gesprekAchterblijversOp']),
      ];
      if (ontbreekt.length) {
        throw procesFout(
          'VEREISTE_ONTBREEKT',
          'Leg eerst de gesprekken (of pogingen) met de uithuisgeplaatste en met wie blijven vast (huisverbodBijwerken).',
          { ontbreekt },
        );
      }
      h.advies = invoer.advies;
      h.adviesToelichting = invoer.toelichting.trim();
      h.geadviseerdOp = nu;
      h.geadviseerdDoor = ctx.actor.sub;
      await sluitTermijnen(tx, h.id, [TermijnSoort.THV_ADVIES], TermijnStatus.VOLDAAN, nu);
      // The burgemeester hears that the advice is there; the advice itself is read through GraphQL.
      await schrijfGebeurtenis(tx, {
        ontvanger: h.gemeente,
        type: GebeurtenisType.HUISVERBOD_ADVIES,
        objectType: 'TijdelijkHuisverbod',
        objectId: h.gemeenteId,
        vtOrganisatie: h.vtOrganisatie,
        casusId: h.casusId,
        op: nu,
      });
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'HUISVERBOD_ADVISEREN',
        actie: 'U',
        vtOrganisatie: h.vtOrganisatie,
        objectType: 'TijdelijkHuisverbod',
        objectId: h.id,
        persoonIds: [h.uithuisgeplaatsteId, ...h.achterblijverIds],
        velden: ['advies', 'adviesToelichting'],
        ...(await noodFeit(tx, ctx, h.casusId)),
      });
      return vtView(tx, ctx, h);
    });
    auditLezen(ctx, view, velden);
    return view;
  },

  async monitoringcontactVastleggen(
    ctx: RequestContext,
    invoer: HuisverbodMonitoringcontactInvoer,
    velden: string[],
  ): Promise<HuisverbodView> {
    const nu = ctx.clock.now();
    const view = await inKetenScope(ctx, { vtOrganisatie: vtRegioVan(ctx) }, async (tx) => {
      const h = await laadVoorVt(ctx, tx, invoer.huisverbodId);
      controleerStap(huisverbodProces, huisverbodStatus(h, nu), 'MONITOREN', ctx.actor.rol);
      const fouten: VeldFout[] = [];
      werkdatum(ctx, h, 'contactOp', invoer.contactOp, fouten);
      if (fouten.length) throw ongeldigeInvoer(fouten);
      // The contact meets the earliest open moment (3, then 12, then 18 months).
      const open = await tx.find(
        TermijnEntity,
        { huisverbodId: h.id, soort: { $in: [...THV_MONITORING] }, status: TermijnStatus.OPEN },
        { orderBy: { vervaldatum: 'asc' } },
      );
      const [t] = open;
      if (!t) {
        throw procesFout('GEEN_OPEN_MONITORINGMOMENT', 'De monitoringcontacten na dit huisverbod zijn al vastgelegd.');
      }
      t.status = TermijnStatus.VOLDAAN;
      t.afgehandeldOp = nu;
      const c = tx.create(HuisverbodMonitoringcontactEntity, {
        huisverbodId: h.id,
        vtOrganisatie: h.vtOrganisatie,
        moment: t.soort,
        contactOp: invoer.contactOp,
        uitkomst: invoer.uitkomst,
        toelichting: invoer.toelichting?.trim() || null,
        vastgelegdOp: nu,
        vastgelegdDoor: ctx.actor.sub,
      });
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'HUISVERBOD_MONITORINGCONTACT',
        actie: 'C',
        vtOrganisatie: h.vtOrganisatie,
        objectType: 'HuisverbodMonitoringcontact',
        objectId: c.id,
        persoonIds: [h.uithuisgeplaatsteId, ...h.achterblijverIds],
        velden: ['contactOp', 'uitkomst', ...(c.toelichting ? ['toelichting'] : [])],
        ...(await noodFeit(tx, ctx, h.casusId)),
      });
      return vtView(tx, ctx, h);
    });
    auditLezen(ctx, view, velden);
    return view;
  },
};
