import type { EntityManager } from '@mikro-orm/postgresql';

import { vtRegioVan } from '../auth/actor';
import { casusToegangFilter, nietToegankelijk } from '../beleid/casustoegang.sql';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer, type VeldFout } from '../lib/errors';
import { inRegio } from '../lib/regio';
import { BetrokkeneEntity, MeldingEntity } from '../meldingen/melding.entity';
import { TermijnEntity, TermijnSoort, TermijnStatus } from '../termijnen/termijn.entity';
import { planNaCommit, termijnService } from '../termijnen/termijn.service';
import { TermijnView } from '../termijnen/termijn.types';
import {
  BetrokkeneInformeringEntity,
  InformerenReden,
  InformerenUitkomst,
  REDENEN_NIET_INFORMEREN,
} from './betrokkene-informeren.entity';
import { type BetrokkeneInformerenInvoer, BetrokkeneInformeringView } from './betrokkene-informeren.types';
import { noodFeit } from './casus-toegang';
import { auditWijziging, laadCasus, procesFout, uitvoerder } from './casus.stap';

/**
 * Informing the reported person(s) of a melding "zo snel mogelijk" (DOMAIN.md §2, §9.3): intake opens the termijn
 * BETROKKENE_INFORMEREN (casus.intake.ts); VT records that it informed them (meets the termijn), postpones for a legal
 * reason (the termijn is replaced by one due on the new day, so reminder and escalation follow the new date), or
 * decides not to inform for a legal reason (the termijn is closed as met, with the reason on record).
 */
export const betrokkeneInformerenService = {
  async vastleggen(ctx: RequestContext, invoer: BetrokkeneInformerenInvoer): Promise<BetrokkeneInformeringView> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(invoer.meldingId)) throw nietGevonden('De melding');
    const nu = ctx.clock.now();
    const k = ctx.termijnRegels.kalender;
    const vandaag = k.lokaleDatum(nu);
    controleerVorm(invoer, nu, vandaag);

    const nieuw: TermijnEntity[] = [];
    const view = await inRegio(ctx, regio, async (tx) => {
      const melding = await tx.findOne(MeldingEntity, {
        id: invoer.meldingId,
        vtOrganisatie: regio,
        ...casusToegangFilter(ctx, 'casus_id'),
      });
      if (!melding?.casusId) throw await nietToegankelijk(tx, 'melding', invoer.meldingId, regio, 'De melding');
      // Lock the casus: two records for one melding at once are serialised, and the second finds no open termijn.
      const casus = await laadCasus(tx, regio, melding.casusId, true);
      await controleerTegenMelding(tx, invoer, melding);
      const open = await tx.findOne(TermijnEntity, {
        meldingId: melding.id,
        soort: TermijnSoort.BETROKKENE_INFORMEREN,
        status: TermijnStatus.OPEN,
      });
      if (!open) {
        throw procesFout(
          'GEEN_OPEN_TERMIJN',
          'Deze melding heeft geen open termijn om de betrokkene te informeren (al vastgelegd, of de casus is afgesloten).',
        );
      }
      const rij = tx.create(BetrokkeneInformeringEntity, {
        vtOrganisatie: regio,
        meldingId: melding.id,
        casusId: casus.id,
        uitkomst: invoer.uitkomst,
        geinformeerdOp: invoer.uitkomst === InformerenUitkomst.GEINFORMEERD ? invoer.geinformeerdOp : null,
        wijze: invoer.uitkomst === InformerenUitkomst.GEINFORMEERD ? invoer.wijze : null,
        persoonIds: invoer.uitkomst === InformerenUitkomst.GEINFORMEERD ? [...(invoer.persoonIds ?? [])] : [],
        reden: invoer.uitkomst === InformerenUitkomst.GEINFORMEERD ? null : invoer.reden,
        uitgesteldTot: invoer.uitkomst === InformerenUitkomst.UITGESTELD ? invoer.uitgesteldTot : null,
        toelichting: invoer.toelichting ?? null,
        vastgelegdOp: nu,
        vastgelegdDoor: uitvoerder(ctx),
      });
      let termijn: TermijnEntity = open;
      open.afgehandeldOp = nu;
      if (invoer.uitkomst === InformerenUitkomst.UITGESTELD) {
        // The old due day no longer holds: cancel it (its jobs find it closed) and open one due on the new day.
        open.status = TermijnStatus.GEANNULEERD;
        termijn = termijnService.open(tx, ctx.termijnRegels, {
          vtOrganisatie: regio,
          casusId: casus.id,
          meldingId: melding.id,
          soort: TermijnSoort.BETROKKENE_INFORMEREN,
          start: vandaag,
          vervaldatum: invoer.uitgesteldTot as string,
          verantwoordelijke: casus.verantwoordelijke ?? open.verantwoordelijke ?? null,
        });
        nieuw.push(termijn);
      } else {
        open.status = TermijnStatus.VOLDAAN;
      }
      await tx.flush();
      await auditWijziging(ctx, tx, casus, {
        gebeurtenis: 'BETROKKENE_INFORMEREN_VASTLEGGEN',
        actie: 'C',
        objectType: 'Melding',
        objectId: melding.id,
        velden: Object.keys(invoer).filter((v) => (invoer as unknown as Record<string, unknown>)[v] != null),
      });
      return BetrokkeneInformeringView.van(rij, TermijnView.van(termijn, nu));
    });
    await planNaCommit(ctx, nieuw);
    return view;
  },

  /** Every record about informing the reported person(s) of one melding, oldest first; the read is audited. */
  async lees(ctx: RequestContext, meldingId: string, velden: string[]): Promise<BetrokkeneInformeringView[]> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(meldingId)) throw nietGevonden('De melding');
    const nu = ctx.clock.now();
    return inRegio(ctx, regio, async (tx) => {
      const melding = await tx.findOne(MeldingEntity, {
        id: meldingId,
        vtOrganisatie: regio,
        ...casusToegangFilter(ctx, 'casus_id'),
      });
      if (!melding?.casusId) throw await nietToegankelijk(tx, 'melding', meldingId, regio, 'De melding');
      const rijen = await tx.find(
        BetrokkeneInformeringEntity,
        { meldingId, vtOrganisatie: regio },
        { orderBy: { vastgelegdOp: 'asc', id: 'asc' } },
      );
      const termijnen = await tx.find(
        TermijnEntity,
        { meldingId, soort: TermijnSoort.BETROKKENE_INFORMEREN },
        { orderBy: { startdatum: 'asc' } },
      );
      // The termijn after each record: the one it closed (met) or, for a postponement, the one it opened.
      const views = rijen.map((r) => {
        const t =
          r.uitkomst === InformerenUitkomst.UITGESTELD
            ? termijnen.find(
                (x) =>
                  x.vervaldatum === r.uitgesteldTot &&
                  x.startdatum >= ctx.termijnRegels.kalender.lokaleDatum(r.vastgelegdOp),
              )
            : termijnen.find(
                (x) => x.afgehandeldOp?.getTime() === r.vastgelegdOp.getTime() && x.status === TermijnStatus.VOLDAAN,
              );
        return BetrokkeneInformeringView.van(r, t ? TermijnView.van(t, nu) : null);
      });
      if (views.length > 0) {
        const betrokkenen = await tx.find(BetrokkeneEntity, { melding: meldingId }, { fields: ['persoon'] });
        ctx.audit.lees({
          gebeurtenis: 'BETROKKENE_INFORMEREN_LEZEN',
          actie: 'R',
          vtOrganisatie: regio,
          objectType: 'Melding',
          objectId: meldingId,
          persoonIds: [...new Set(betrokkenen.map((b) => b.persoon.id))],
          velden,
          ...(await noodFeit(tx, ctx, melding.casusId)),
        });
      }
      return views;
    });
  },
};

/** The checks that need no database: which fields each outcome requires or forbids. Nothing changes on a refusal. */
function controleerVorm(invoer: BetrokkeneInformerenInvoer, nu: Date, vandaag: string): void {
  const fouten: VeldFout[] = [];
  const verplicht = (veld: string, melding: string): void => void fouten.push({ veld, code: 'VERPLICHT', melding });
  const verboden = (veld: string): void =>
    void fouten.push({ veld, code: 'NIET_TOEGESTAAN', melding: `Hoort niet bij de uitkomst ${invoer.uitkomst}.` });
  if (invoer.uitkomst === InformerenUitkomst.GEINFORMEERD) {
    if (!invoer.geinformeerdOp) verplicht('geinformeerdOp', 'Geef aan wanneer de betrokkene is geïnformeerd.');
    else if (invoer.geinformeerdOp.getTime() > nu.getTime()) {
      fouten.push({ veld: 'geinformeerdOp', code: 'DATUM_IN_TOEKOMST', melding: 'Dit tijdstip ligt in de toekomst.' });
    }
    if (!invoer.wijze) verplicht('wijze', 'Geef aan hoe de betrokkene is geïnformeerd.');
    if (!invoer.persoonIds?.length) verplicht('persoonIds', 'Noem ten minste één geïnformeerde betrokkene.');
    if (invoer.reden) verboden('reden');
    if (invoer.uitgesteldTot) verboden('uitgesteldTot');
  } else {
    if (!invoer.reden) verplicht('reden', 'Geef de wettelijke reden.');
    if (!invoer.toelichting) verplicht('toelichting', 'Leg de afweging vast.');
    if (invoer.geinformeerdOp) verboden('geinformeerdOp');
    if (invoer.wijze) verboden('wijze');
    if (invoer.persoonIds?.length) verboden('persoonIds');
  }
  if (invoer.uitkomst === InformerenUitkomst.UITGESTELD) {
    if (!invoer.uitgesteldTot) verplicht('uitgesteldTot', 'Geef de nieuwe uiterste datum.');
    else if (invoer.uitgesteldTot <= vandaag) {
      fouten.push({
        veld: 'uitgesteldTot',
        code: 'NIET_IN_TOEKOMST',
        melding: 'Uitstel gaat tot een datum na vandaag.',
      });
    }
  }
  if (invoer.uitkomst === InformerenUitkomst.NIET_INFORMEREN) {
    if (invoer.uitgesteldTot) verboden('uitgesteldTot');
    if (invoer.reden && !REDENEN_NIET_INFORMEREN.includes(invoer.reden)) {
      fouten.push({
        veld: 'reden',
        code: 'REDEN_ALLEEN_VOOR_UITSTEL',
        melding: `${InformerenReden.NIET_BEREIKBAAR} is een reden om uit te stellen, niet om niet te informeren.`,
      });
    }
  }
  if (invoer.persoonIds?.some((id) => !isUuid(id))) {
    fouten.push({ veld: 'persoonIds', code: 'GEEN_BETROKKENE', melding: 'Noem alleen betrokkenen van deze melding.' });
  }
  if (fouten.length) throw ongeldigeInvoer(fouten);
}

/** The checks against the melding: informed after its receipt, and only its own betrokkenen. */
async function controleerTegenMelding(
  tx: EntityManager,
  invoer: BetrokkeneInformerenInvoer,
  melding: MeldingEntity,
): Promise<void> {
  if (invoer.uitkomst !== InformerenUitkomst.GEINFORMEERD) return;
  const fouten: VeldFout[] = [];
  if (invoer.geinformeerdOp && invoer.geinformeerdOp.getTime() < melding.ontvangenOp.getTime()) {
    fouten.push({
      veld: 'geinformeerdOp',
      code: 'VOOR_ONTVANGST',
      melding: 'De betrokkene kan niet vóór de ontvangst van de melding over de melding zijn geïnformeerd.',
    });
  }
  const betrokkenen = await tx.find(BetrokkeneEntity, { melding: melding.id }, { fields: ['persoon'] });
  const eigen = new Set(betrokkenen.map((b) => b.persoon.id));
  if ((invoer.persoonIds ?? []).some((id) => !eigen.has(id))) {
    // Never says which id is unknown or whose it is: a foreign id is simply not one of this melding's betrokkenen.
    fouten.push({ veld: 'persoonIds', code: 'GEEN_BETROKKENE', melding: 'Noem alleen betrokkenen van deze melding.' });
  }
  if (fouten.length) throw ongeldigeInvoer(fouten);
}
