import type { EntityManager } from '@mikro-orm/postgresql';

import { vtRegioVan } from '../auth/actor';
import type { RequestContext } from '../lib/context';
import { ongeldigeInvoer } from '../lib/errors';
import { inRegio } from '../lib/regio';
import type { AardGeweld } from '../meldingen/cbs-categorieen';
import { MeldingEntity } from '../meldingen/melding.entity';
import { TermijnSoort } from '../termijnen/termijn.entity';
import { planNaCommit as plan, termijnService } from '../termijnen/termijn.service';
import { laadCasusVoor } from './casus-toegang';
import { sluitAf } from './casus.afsluiten';
import {
  type CasusEntity,
  CasusPersoonEntity,
  DienstEntity,
  MonitoringcontactEntity,
  OnderzoekUitkomstEntity,
  VeiligheidsafspraakEntity,
  VerzoekTotOnderzoekEntity,
} from './casus.entity';
import {
  auditWijziging,
  beeindigDienst,
  flushOfConflict,
  legOvergangVast,
  type Nieuw,
  procesFout,
  stapMoment,
  uitvoerder,
} from './casus.stap';
import type { CasusOvergangInvoer, CasusView, VerzoekTotOnderzoekInvoer } from './casus.types';
import { auditCasus, volledigeView } from './casus.view';
import {
  CasusFase,
  DIENST_VAN_FASE,
  DienstSoort,
  MonitoringUitkomst,
  OVERGANGEN,
  RvdkBesluit,
  VEREISTE_UITLEG,
  zoekOvergang,
  type Vereiste,
} from './proces';

/**
 * The diensten that follow the veiligheidsbeoordeling (onderzoek, voorwaarden en vervolg, overdracht, Verzoek tot
 * Onderzoek, monitoring) and the steps between them through the transition table (proces.ts): each step ends the
 * running dienst with its outcome and starts the next with its termijnen, in one transaction.
 */
export const casusDienstenService = {
  /** One step through the transition table. Refuses what the table does not allow or what lacks required data. */
  async overgang(ctx: RequestContext, invoer: CasusOvergangInvoer, velden: string[]): Promise<CasusView> {
    const regio = vtRegioVan(ctx);
    const nieuw: Nieuw = [];
    const view = await inRegio(ctx, regio, async (tx) => {
      const casus = await laadCasusVoor(ctx, tx, regio, invoer.casusId, true);
      nieuw.push(...(await overgangInTransactie(ctx, tx, casus, invoer)));
      await flushOfConflict(tx);
      await auditWijziging(ctx, tx, casus, {
        gebeurtenis: 'CASUS_OVERGANG',
        actie: 'U',
        objectType: 'Casus',
        objectId: casus.id,
        velden: [
          'fase',
          ...Object.keys(invoer).filter((k) => (invoer as unknown as Record<string, unknown>)[k] != null),
        ],
      });
      return volledigeView(tx, ctx, casus);
    });
    await plan(ctx, nieuw);
    auditCasus(ctx, view, velden);
    return view;
  },
};

/**
 * One step through the transition table inside the caller's transaction, on a casus it locked: refuses what the table
 * does not allow, what lacks required data or a date out of order (stapMoment), and carries the step out. Returns
 * the termijnen to plan. Used by casusOvergang and by the history import.
 */
export async function overgangInTransactie(
  ctx: RequestContext,
  tx: EntityManager,
  casus: CasusEntity,
  invoer: CasusOvergangInvoer,
): Promise<Nieuw> {
  const o = zoekOvergang(casus.fase, invoer.naar);
  if (!o) {
    const mogelijk = OVERGANGEN.filter(
      (x) => x.van === casus.fase && !x.vereist.includes('VEILIGHEIDSBEOORDELING'),
    ).map((x) => x.naar);
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
    throw procesFout(
      'VEILIGHEIDSBEOORDELING_VEREIST',
      'Deze stap volgt uit de veiligheidsbeoordeling: leg die vast met veiligheidsbeoordelingVastleggen.',
    );
  }
  const ontbreekt = await ontbrekendeVereisten(tx, casus, o.vereist, invoer);
  if (ontbreekt.length) {
    throw procesFout(
      'VEREISTE_ONTBREEKT',
      `Voor ${casus.fase} → ${invoer.naar} ontbreekt: ${ontbreekt.map((v) => VEREISTE_UITLEG[v]).join('; ')}.`,
      { ontbreekt },
    );
  }
  if (invoer.verzoekTotOnderzoek && o.vereist.includes('VERZOEKGEGEVENS')) {
    await controleerKinderen(tx, casus, invoer.verzoekTotOnderzoek, 'verzoekTotOnderzoek');
  }
  if (
    invoer.overdracht &&
    invoer.overdracht.contactBevestigdOp > ctx.termijnRegels.kalender.lokaleDatum(ctx.clock.now())
  ) {
    throw ongeldigeInvoer([
      {
        veld: 'overdracht.contactBevestigdOp',
        code: 'DATUM_IN_TOEKOMST',
        melding: 'Het contact kan niet in de toekomst bevestigd zijn.',
      },
    ]);
  }
  const moment = await stapMoment(ctx, tx, casus, invoer.plaatsgevondenOp);
  return voerOvergangUit(ctx, tx, casus, invoer.naar, { ...invoer, moment });
}

async function ontbrekendeVereisten(
  tx: EntityManager,
  casus: CasusEntity,
  vereist: readonly Vereiste[],
  invoer: CasusOvergangInvoer,
): Promise<Vereiste[]> {
  const uit: Vereiste[] = [];
  for (const v of vereist) {
    switch (v) {
      case 'ONDERZOEKSUITKOMST': {
        const o = invoer.onderzoek;
        if (!o) uit.push(v);
        else if (!o.voortijdigAfgesloten) {
          const aarden = await aardenVan(tx, casus.id);
          const gegeven = new Set(o.uitkomsten.map((u) => u.aardGeweld));
          if (
            o.uitkomsten.length === 0 ||
            aarden.some((a) => !gegeven.has(a as AardGeweld)) ||
            gegeven.size !== o.uitkomsten.length
          ) {
            uit.push(v);
          }
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
        const laatste = await tx.findOne(
          MonitoringcontactEntity,
          { casusId: casus.id },
          { orderBy: { contactOp: 'desc', vastgelegdOp: 'desc' } },
        );
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
export async function voerOvergangUit(
  ctx: RequestContext,
  tx: EntityManager,
  casus: CasusEntity,
  naar: CasusFase,
  g: Partial<
    Pick<CasusOvergangInvoer, 'onderzoek' | 'overdracht' | 'verzoekTotOnderzoek' | 'rvdkBesluit' | 'afsluitreden'>
  > & { toelichting?: string; moment?: Date },
): Promise<Nieuw> {
  // The business date of the step (stapMoment): dienst start and end, termijnen and the closing count from it.
  const nu = g.moment ?? ctx.clock.now();
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
      for (const u of g.onderzoek.uitkomsten) {
        tx.create(OnderzoekUitkomstEntity, {
          dienstId: d.id,
          aardGeweld: u.aardGeweld,
          vtOrganisatie: regio,
          uitkomst: u.uitkomst,
        });
      }
    }
    if (d && van === CasusFase.VERZOEK_TOT_ONDERZOEK && g.rvdkBesluit) {
      const v = await tx.findOne(VerzoekTotOnderzoekEntity, { dienstId: d.id });
      if (v) {
        Object.assign(v, { besluit: g.rvdkBesluit.besluit, besluitReden: g.rvdkBesluit.reden ?? null, besluitOp: nu });
      }
    }
    if (d) {
      await termijnService.voldoe(
        tx,
        { casusId: casus.id, dienstId: d.id, soort: [TermijnSoort.ONDERZOEK, TermijnSoort.VOORWAARDEN_EN_VERVOLG] },
        nu,
      );
      if (van === CasusFase.MONITORING) {
        await termijnService.annuleerAlle(tx, casus.id, nu, [
          TermijnSoort.MONITORING_3_MAANDEN,
          TermijnSoort.MONITORING_12_MAANDEN,
          TermijnSoort.MONITORING_18_MAANDEN,
        ]);
      }
    }
  }
  if (van === CasusFase.VEILIGHEIDSBEOORDELING && !casus.vervolgGestartOp) casus.vervolgGestartOp = vandaag;

  // Start what comes next.
  const volgend = DIENST_VAN_FASE[naar];
  if (volgend) {
    const verantwoordelijke = casus.verantwoordelijke ?? uitvoerder(ctx);
    const d = tx.create(DienstEntity, {
      casusId: casus.id,
      vtOrganisatie: regio,
      soort: volgend,
      gestartOp: nu,
      verantwoordelijke,
      voortijdigAfgesloten: false,
    });
    const termijn = (soort: TermijnSoort, start: string): void => {
      nieuw.push(
        termijnService.open(tx, ctx.termijnRegels, {
          vtOrganisatie: regio,
          casusId: casus.id,
          dienstId: d.id,
          soort,
          start,
          verantwoordelijke: casus.verantwoordelijke ?? null,
        }),
      );
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
  legOvergangVast(tx, casus, naar, nu, uitvoerder(ctx), g.toelichting ?? null, van, ctx.clock.now());
  // Fase and closing time change together (a check constraint ties them), before any query may auto-flush.
  casus.fase = naar;
  if (naar === CasusFase.AFGESLOTEN) await sluitAf(tx, casus, g.afsluitreden ?? null, nu);
  return nieuw;
}

/** Refuses a Verzoek tot Onderzoek that names a child outside the household of the casus. */
export async function controleerKinderen(
  tx: EntityManager,
  casus: CasusEntity,
  v: VerzoekTotOnderzoekInvoer,
  pad: string,
): Promise<void> {
  const leden = new Set((await tx.find(CasusPersoonEntity, { casusId: casus.id })).map((cp) => cp.persoonId));
  const vreemd = v.kinderen.filter((k) => !leden.has(k));
  if (vreemd.length) {
    throw ongeldigeInvoer([
      {
        veld: `${pad}.kinderen`,
        code: 'GEEN_LID_VAN_CASUS',
        melding: 'Noem alleen kinderen die tot het huishouden van deze casus behoren (persoon-ids).',
      },
    ]);
  }
}

async function aardenVan(tx: EntityManager, casusId: string): Promise<string[]> {
  const meldingen = await tx.find(MeldingEntity, { casusId }, { fields: ['aardGeweld'] });
  return [...new Set(meldingen.flatMap((m) => m.aardGeweld))];
}
