import type { EntityManager } from '@mikro-orm/postgresql';

import { vtRegioVan } from '../auth/actor';
import type { RequestContext } from '../lib/context';
import { ongeldigeInvoer } from '../lib/errors';
import { inRegio } from '../lib/regio';
import { TermijnEntity, TermijnSoort, TermijnStatus } from '../termijnen/termijn.entity';
import { planNaCommit as plan, termijnService } from '../termijnen/termijn.service';
import { laadCasusVoor } from './casus-toegang';
import { type CasusEntity, DienstEntity, MonitoringcontactEntity, VeiligheidsafspraakEntity } from './casus.entity';
import { auditWijziging, type Nieuw, procesFout, uitvoerder } from './casus.stap';
import type { CasusView, MonitoringcontactInvoer, VeiligheidsafspraakInvoer } from './casus.types';
import { auditCasus, volledigeView } from './casus.view';
import { CasusFase, DIENST_VAN_FASE, MonitoringUitkomst } from './proces';

/**
 * What a casus records while a dienst runs, beside the transition table: the veiligheidsafspraken of V&V and
 * onderzoek, and the monitoring contacts that meet the monitoring termijnen. Split from casus.diensten.ts; the
 * in-transaction parts are shared with the history import (src/historie).
 */
export const casusAfsprakenService = {
  async veiligheidsafspraakVastleggen(
    ctx: RequestContext,
    invoer: VeiligheidsafspraakInvoer,
    velden: string[],
  ): Promise<CasusView> {
    const regio = vtRegioVan(ctx);
    const view = await inRegio(ctx, regio, async (tx) => {
      const casus = await laadCasusVoor(ctx, tx, regio, invoer.casusId, true);
      afspraakInTransactie(ctx, tx, casus, invoer, await lopendeDienst(tx, casus));
      await tx.flush();
      await auditWijziging(ctx, tx, casus, {
        gebeurtenis: 'VEILIGHEIDSAFSPRAAK_VASTLEGGEN',
        actie: 'C',
        objectType: 'Casus',
        objectId: casus.id,
        velden: ['omschrijving', 'partijen', 'overeengekomenOp'],
      });
      return volledigeView(tx, ctx, casus);
    });
    auditCasus(ctx, view, velden);
    return view;
  },

  /** A monitoring contact meets the earliest open monitoring termijn; unsafe at 12 months opens the 18-month contact. */
  async monitoringcontactVastleggen(
    ctx: RequestContext,
    invoer: MonitoringcontactInvoer,
    velden: string[],
  ): Promise<CasusView> {
    const regio = vtRegioVan(ctx);
    const nieuw: Nieuw = [];
    const view = await inRegio(ctx, regio, async (tx) => {
      const casus = await laadCasusVoor(ctx, tx, regio, invoer.casusId, true);
      nieuw.push(...(await contactInTransactie(ctx, tx, casus, invoer)));
      await tx.flush();
      await auditWijziging(ctx, tx, casus, {
        gebeurtenis: 'MONITORINGCONTACT_VASTLEGGEN',
        actie: 'C',
        objectType: 'Casus',
        objectId: casus.id,
        velden: ['contactOp', 'uitkomst', 'toelichting'],
      });
      return volledigeView(tx, ctx, casus);
    });
    await plan(ctx, nieuw);
    auditCasus(ctx, view, velden);
    return view;
  },
};

/** The dienst a casus runs in its current fase, if any. */
export async function lopendeDienst(tx: EntityManager, casus: CasusEntity): Promise<DienstEntity | null> {
  const soort = DIENST_VAN_FASE[casus.fase];
  return soort ? tx.findOne(DienstEntity, { casusId: casus.id, soort, beeindigdOp: null }) : null;
}

/**
 * Records a veiligheidsafspraak inside the caller's transaction (casus locked): only during V&V or onderzoek, not on a
 * day in the future. Used by veiligheidsafspraakVastleggen and the history import.
 */
export function afspraakInTransactie(
  ctx: RequestContext,
  tx: EntityManager,
  casus: CasusEntity,
  invoer: VeiligheidsafspraakInvoer,
  dienst: DienstEntity | null,
): void {
  const regio = casus.vtOrganisatie;
  if (casus.fase !== CasusFase.VOORWAARDEN_EN_VERVOLG && casus.fase !== CasusFase.ONDERZOEK) {
    throw procesFout(
      'VERKEERDE_FASE',
      `Veiligheidsafspraken worden vastgelegd tijdens VOORWAARDEN_EN_VERVOLG of ONDERZOEK; de casus is in ${casus.fase}.`,
    );
  }
  const nu = ctx.clock.now();
  if (invoer.overeengekomenOp > ctx.termijnRegels.kalender.lokaleDatum(nu)) {
    throw ongeldigeInvoer([
      {
        veld: 'overeengekomenOp',
        code: 'DATUM_IN_TOEKOMST',
        melding: 'Een afspraak kan niet in de toekomst gemaakt zijn.',
      },
    ]);
  }
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
}

/**
 * Records a monitoring contact inside the caller's transaction (casus locked): meets the earliest open monitoring
 * termijn; unsafe at 12 months opens the 18-month contact. Returns the termijnen to plan. Used by
 * monitoringcontactVastleggen and the history import.
 */
export async function contactInTransactie(
  ctx: RequestContext,
  tx: EntityManager,
  casus: CasusEntity,
  invoer: MonitoringcontactInvoer,
): Promise<Nieuw> {
  const regio = casus.vtOrganisatie;
  const nieuw: Nieuw = [];
  if (casus.fase !== CasusFase.MONITORING) {
    throw procesFout(
      'VERKEERDE_FASE',
      `Monitoringcontacten horen bij de fase MONITORING; de casus is in ${casus.fase}.`,
    );
  }
  const nu = ctx.clock.now();
  if (invoer.contactOp > ctx.termijnRegels.kalender.lokaleDatum(nu)) {
    throw ongeldigeInvoer([
      {
        veld: 'contactOp',
        code: 'DATUM_IN_TOEKOMST',
        melding: 'Een contact kan niet in de toekomst hebben plaatsgevonden.',
      },
    ]);
  }
  const open = await tx.find(
    TermijnEntity,
    {
      casusId: casus.id,
      status: TermijnStatus.OPEN,
      soort: {
        $in: [
          TermijnSoort.MONITORING_3_MAANDEN,
          TermijnSoort.MONITORING_12_MAANDEN,
          TermijnSoort.MONITORING_18_MAANDEN,
        ],
      },
    },
    { orderBy: { vervaldatum: 'asc' } },
  );
  const t = open[0];
  if (t) {
    t.status = TermijnStatus.VOLDAAN;
    // Met on the day of the contact when it is recorded later (or imported): the analyst counts it on time or late.
    const k = ctx.termijnRegels.kalender;
    t.afgehandeldOp = invoer.contactOp < k.lokaleDatum(nu) ? k.beginVanDag(invoer.contactOp) : nu;
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
  if (
    t?.soort === TermijnSoort.MONITORING_12_MAANDEN &&
    invoer.uitkomst === MonitoringUitkomst.ONVEILIG &&
    casus.vervolgGestartOp
  ) {
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
  return nieuw;
}
