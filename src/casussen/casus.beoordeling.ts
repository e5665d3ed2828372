import type { EntityManager } from '@mikro-orm/postgresql';

import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer, type VeldFout } from '../lib/errors';
import { inRegio } from '../lib/regio';
import { casusToegangFilter, nietToegankelijk } from '../beleid/casustoegang.sql';
import { Anonimiteit } from '../meldingen/cbs-categorieen';
import { MeldingEntity } from '../meldingen/melding.entity';
import { TermijnEntity, TermijnSoort } from '../termijnen/termijn.entity';
import { planNaCommit as plan, termijnService } from '../termijnen/termijn.service';
import { controleerKinderen, voerOvergangUit } from './casus.diensten';
import { type CasusEntity, VeiligheidsbeoordelingEntity } from './casus.entity';
import {
  auditWijziging,
  flushOfConflict,
  laadCasus,
  type Nieuw,
  procesFout,
  stapMoment,
  uitvoerder,
} from './casus.stap';
import {
  type CasusView,
  type VeiligheidsbeoordelingInvoer,
  VeiligheidsbeoordelingResultaat,
  VeiligheidsbeoordelingView,
  type VerzoekTotOnderzoekInvoer,
} from './casus.types';
import { auditCasus, volledigeView } from './casus.view';
import { CasusFase, faseNaBeoordeling, VEREISTE_UITLEG, VeiligheidsbeoordelingUitkomst, VervolgKeuze } from './proces';

/**
 * The veiligheidsbeoordeling of each melding (within 5 working days) and the feedback it owes to melder and household.
 * An assessment of a casus still waiting for one moves it on to the chosen vervolg (casus.diensten.ts).
 */
export const casusBeoordelingService = {
  async veiligheidsbeoordelingVastleggen(
    ctx: RequestContext,
    invoer: VeiligheidsbeoordelingInvoer,
    velden: string[],
  ): Promise<VeiligheidsbeoordelingResultaat> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(invoer.meldingId)) throw nietGevonden('De melding');
    controleerBeoordeling(invoer);

    const nieuw: Nieuw = [];
    const resultaat = await inRegio(ctx, regio, async (tx) => {
      const melding = await tx.findOne(
        MeldingEntity,
        { id: invoer.meldingId, vtOrganisatie: regio, ...casusToegangFilter(ctx, 'casus_id') },
        { populate: ['melder'] },
      );
      if (!melding || !melding.casusId) {
        throw await nietToegankelijk(tx, 'melding', invoer.meldingId, regio, 'De melding');
      }
      // Lock first: two assessments of one melding at once are then serialised and the second is refused here.
      const casus = await laadCasus(tx, regio, melding.casusId, true);
      const { vb, nieuw: erbij } = await beoordeelInTransactie(ctx, tx, melding, casus, invoer);
      nieuw.push(...erbij);
      await flushOfConflict(tx);
      await auditWijziging(ctx, tx, casus, {
        gebeurtenis: 'VEILIGHEIDSBEOORDELING_VASTLEGGEN',
        actie: 'C',
        objectType: 'Melding',
        objectId: melding.id,
        velden: Object.keys(invoer).filter((k2) => (invoer as unknown as Record<string, unknown>)[k2] != null),
      });
      const v = await volledigeView(tx, ctx, casus);
      return { vb: Object.assign(VeiligheidsbeoordelingView.van(vb), { casusToegang: v.casusToegang }), casus: v };
    });
    await plan(ctx, nieuw);
    auditCasus(ctx, resultaat.casus, velden);
    return Object.assign(new VeiligheidsbeoordelingResultaat(), {
      veiligheidsbeoordeling: resultaat.vb,
      casus: resultaat.casus,
    });
  },

  /** Records that the melder / household was informed: meets the open feedback termijn of that kind. */
  async terugkoppelingVastleggen(
    ctx: RequestContext,
    meldingId: string,
    soort: TermijnSoort,
    velden: string[],
  ): Promise<CasusView> {
    const regio = vtRegioVan(ctx);
    if (soort !== TermijnSoort.TERUGKOPPELING_UITKOMST && soort !== TermijnSoort.TERUGKOPPELING_MELDER_OVERNAME) {
      throw ongeldigeInvoer([
        {
          veld: 'soort',
          code: 'GEEN_TERUGKOPPELING',
          melding: 'Kies TERUGKOPPELING_UITKOMST of TERUGKOPPELING_MELDER_OVERNAME.',
        },
      ]);
    }
    if (!isUuid(meldingId)) throw nietGevonden('De melding');
    const view = await inRegio(ctx, regio, async (tx) => {
      const melding = await tx.findOne(MeldingEntity, {
        id: meldingId,
        vtOrganisatie: regio,
        ...casusToegangFilter(ctx, 'casus_id'),
      });
      if (!melding?.casusId) throw await nietToegankelijk(tx, 'melding', meldingId, regio, 'De melding');
      const voldaan = await termijnService.voldoe(tx, { casusId: melding.casusId, meldingId, soort }, ctx.clock.now());
      if (voldaan.length === 0) throw procesFout('GEEN_OPEN_TERMIJN', `Deze melding heeft geen open termijn ${soort}.`);
      await tx.flush();
      const casus = await laadCasus(tx, regio, melding.casusId);
      await auditWijziging(ctx, tx, casus, {
        gebeurtenis: 'TERUGKOPPELING_VASTLEGGEN',
        actie: 'U',
        objectType: 'Melding',
        objectId: meldingId,
        velden: ['soort'],
      });
      return volledigeView(tx, ctx, casus);
    });
    auditCasus(ctx, view, velden);
    return view;
  },
};

/**
 * The assessment of one melding inside the caller's transaction, on its casus (locked by the caller): refuses a
 * second assessment and a date out of order, meets the assessment termijn, opens the feedback termijnen and moves a
 * casus that waited for it to the chosen vervolg. Used by veiligheidsbeoordelingVastleggen and the history import.
 */
export async function beoordeelInTransactie(
  ctx: RequestContext,
  tx: EntityManager,
  melding: MeldingEntity,
  casus: CasusEntity,
  invoer: VeiligheidsbeoordelingInvoer,
): Promise<{ vb: VeiligheidsbeoordelingEntity; nieuw: Nieuw }> {
  const regio = casus.vtOrganisatie;
  const houdt = invoer.uitkomst === VeiligheidsbeoordelingUitkomst.VERVOLGSTAPPEN_BIJ_VEILIG_THUIS;
  const nieuw: Nieuw = [];
  if (await tx.findOne(VeiligheidsbeoordelingEntity, { meldingId: melding.id })) {
    throw procesFout(
      'AL_BEOORDEELD',
      'Deze melding heeft al een veiligheidsbeoordeling; een nieuwe melding krijgt zijn eigen beoordeling.',
    );
  }
  // The business date: when the assessment happened (stapMoment), not before the melding came in.
  const nu = await stapMoment(ctx, tx, casus, invoer.plaatsgevondenOp, melding.ontvangenOp, {
    volgorde: casus.fase === CasusFase.VEILIGHEIDSBEOORDELING,
  });
  const k = ctx.termijnRegels.kalender;
  const vandaag = k.lokaleDatum(nu);
  const vbTermijn = await tx.findOne(TermijnEntity, {
    meldingId: melding.id,
    soort: TermijnSoort.VEILIGHEIDSBEOORDELING,
  });
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
    geregistreerdOp: ctx.clock.now(),
    beoordeeldDoor: uitvoerder(ctx),
    binnenTermijn,
  });
  await termijnService.voldoe(
    tx,
    { casusId: casus.id, meldingId: melding.id, soort: TermijnSoort.VEILIGHEIDSBEOORDELING },
    nu,
  );
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
    if (naar === CasusFase.VERZOEK_TOT_ONDERZOEK) {
      await controleerKinderen(
        tx,
        casus,
        invoer.verzoekTotOnderzoek as VerzoekTotOnderzoekInvoer,
        'verzoekTotOnderzoek',
      );
    }
    nieuw.push(
      ...(await voerOvergangUit(ctx, tx, casus, naar, {
        toelichting: invoer.toelichting,
        verzoekTotOnderzoek: invoer.verzoekTotOnderzoek,
        moment: nu,
      })),
    );
  }
  return { vb, nieuw };
}

/** The checks of an assessment's fields among themselves (the vervolg belongs to its uitkomst); all at once. */
export function controleerBeoordeling(invoer: VeiligheidsbeoordelingInvoer): void {
  const fouten: VeldFout[] = [];
  const houdt = invoer.uitkomst === VeiligheidsbeoordelingUitkomst.VERVOLGSTAPPEN_BIJ_VEILIG_THUIS;
  if (houdt && !invoer.vervolg) {
    fouten.push({
      veld: 'vervolg',
      code: 'VERPLICHT',
      melding:
        'Kies bij VERVOLGSTAPPEN_BIJ_VEILIG_THUIS de dienst: ONDERZOEK, VOORWAARDEN_EN_VERVOLG of VERZOEK_TOT_ONDERZOEK.',
    });
  }
  if (!houdt && invoer.vervolg) {
    fouten.push({
      veld: 'vervolg',
      code: 'NIET_TOEGESTAAN',
      melding: 'Een vervolg bij VT hoort alleen bij de uitkomst VERVOLGSTAPPEN_BIJ_VEILIG_THUIS.',
    });
  }
  if (invoer.vervolg === VervolgKeuze.VERZOEK_TOT_ONDERZOEK && !invoer.verzoekTotOnderzoek) {
    fouten.push({
      veld: 'verzoekTotOnderzoek',
      code: 'VERPLICHT',
      melding: `Voor een Verzoek tot Onderzoek is nodig: ${VEREISTE_UITLEG.VERZOEKGEGEVENS}.`,
    });
  }
  if (fouten.length) throw ongeldigeInvoer(fouten);
}
