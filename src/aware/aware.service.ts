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
import { AWARE_EINDDATUM_WERKDAGEN, werkdagenVoor } from '../termijnen/termijn-regels';
import { TermijnEntity, TermijnSoort, TermijnStatus } from '../termijnen/termijn.entity';
import { planNaCommit, termijnService, type TePlannen } from '../termijnen/termijn.service';
import { AwareAanvraagEntity } from './aware.entity';
import { auditLezen, vtView } from './aware.lezen';
import { type AwareStap, awareProces, type AwareStatus } from './aware.proces';
import type {
  AwareAanvraagInvoer,
  AwareAanvraagView,
  AwareBeeindigenInvoer,
  AwareInstallatieInvoer,
  AwareVerlengenInvoer,
} from './aware.types';

/** The longest period one grant or one extension covers. */
export const AWARE_MAX_MAANDEN = 12;

/** An application of the caller's region whose casus the caller may work on, locked until commit. */
export async function laadVoorVt(ctx: RequestContext, tx: EntityManager, id: string): Promise<AwareAanvraagEntity> {
  const regio = vtRegioVan(ctx);
  if (!isUuid(id)) throw nietGevonden('De Aware-aanvraag');
  const a = await tx.findOne(
    AwareAanvraagEntity,
    { id, vtOrganisatie: regio, ...casusToegangFilter(ctx, 'casus_id') },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (!a) throw await nietToegankelijk(tx, 'aware_aanvraag', id, regio, 'De Aware-aanvraag');
  return a;
}

/** Closes the open termijnen of an application of the given kinds (met or cancelled). */
export async function sluitTermijnen(
  tx: EntityManager,
  awareAanvraagId: string,
  soorten: readonly TermijnSoort[],
  status: TermijnStatus.VOLDAAN | TermijnStatus.GEANNULEERD,
  nu: Date,
): Promise<TermijnEntity[]> {
  const open = await tx.find(TermijnEntity, {
    awareAanvraagId,
    soort: { $in: [...soorten] },
    status: TermijnStatus.OPEN,
  });
  for (const t of open) {
    t.status = status;
    t.afgehandeldOp = nu;
  }
  // At most one open termijn per kind (unique index): a closed one is written before a new one is opened.
  await tx.flush();
  return open;
}

/** Opens the reminder before the end date: AWARE_EINDDATUM_WERKDAGEN working days before it. */
function eindtermijn(ctx: RequestContext, tx: EntityManager, a: AwareAanvraagEntity): TePlannen {
  const vandaag = ctx.termijnRegels.kalender.lokaleDatum(ctx.clock.now());
  const voor = werkdagenVoor(ctx.termijnRegels, String(a.einddatum), AWARE_EINDDATUM_WERKDAGEN);
  return termijnService.open(tx, ctx.termijnRegels, {
    vtOrganisatie: a.vtOrganisatie,
    casusId: a.casusId,
    awareAanvraagId: a.id,
    soort: TermijnSoort.AWARE_EINDDATUM,
    start: vandaag,
    // Never before today: an alarm installed late, or extended at the last moment, is due at once.
    vervaldatum: voor > vandaag ? voor : vandaag,
    verantwoordelijke: ctx.actor.sub,
  });
}

/** Checks an organisation named as the committee: active, of the committee's kind, working with the region. */
async function controleerCommissie(
  ctx: RequestContext,
  regio: string,
  code: string,
  fouten: VeldFout[],
): Promise<void> {
  const [org] = await ctx.em
    .getConnection()
    .execute<{ soort: string; regio_codes: string[]; actief: boolean }[]>(
      `select soort, regio_codes, actief from organisatie where code = ?`,
      [code],
    );
  if (!org || !org.actief) {
    fouten.push({
      veld: 'commissie',
      code: 'ORGANISATIE_ONBEKEND',
      melding: 'Deze organisatie is niet bekend of niet actief.',
    });
  } else if (org.soort !== 'ZORG_EN_VEILIGHEIDSHUIS') {
    fouten.push({
      veld: 'commissie',
      code: 'GEEN_COMMISSIE',
      melding: 'Noem de Aware-indicatiecommissie van de regio.',
    });
  } else if (!org.regio_codes.includes(regio)) {
    fouten.push({
      veld: 'commissie',
      code: 'NIET_IN_REGIO',
      melding: 'Deze commissie werkt niet met uw VT-regio samen.',
    });
  }
}

type VtStap = {
  stap: Exclude<AwareStap, 'AANVRAGEN' | 'TOEKENNEN' | 'AFWIJZEN'>;
  /** Applies the step to the locked row; returns the termijnen to plan. */
  pasToe: (tx: EntityManager, a: AwareAanvraagEntity, nu: Date) => Promise<TePlannen[]>;
  velden: string[];
};

/** One VT step on an existing application: load, check against the table, apply, audit, all in one transaction. */
async function vtStap(ctx: RequestContext, id: string, s: VtStap, velden: string[]): Promise<AwareAanvraagView> {
  const nu = ctx.clock.now();
  const nieuw: TePlannen[] = [];
  const view = await inKetenScope(ctx, { vtOrganisatie: vtRegioVan(ctx) }, async (tx) => {
    const a = await laadVoorVt(ctx, tx, id);
    a.status = controleerStap(awareProces, a.status as AwareStatus, s.stap, ctx.actor.rol);
    nieuw.push(...(await s.pasToe(tx, a, nu)));
    await tx.flush();
    await ctx.audit.inTransactie(tx, {
      gebeurtenis: `AWARE_${s.stap}`,
      actie: 'U',
      vtOrganisatie: a.vtOrganisatie,
      objectType: 'AwareAanvraag',
      objectId: a.id,
      persoonIds: [a.slachtofferId],
      velden: s.velden,
      ...(await noodFeit(tx, ctx, a.casusId)),
    });
    return vtView(tx, ctx, a);
  });
  await planNaCommit(ctx, nieuw);
  auditLezen(ctx, view, velden);
  return view;
}

/**
 * VT's steps on an Aware application: draft it for a victim of the casus, submit it to the committee (the decision
 * termijn opens), record the installation (the end-date termijn opens), an extension and the end. The committee's
 * decision is in aware.besluit.ts.
 */
export const awareService = {
  async aanmaken(ctx: RequestContext, invoer: AwareAanvraagInvoer, velden: string[]): Promise<AwareAanvraagView> {
    const regio = vtRegioVan(ctx);
    controleerStap(awareProces, null, 'AANVRAGEN', ctx.actor.rol);
    const nu = ctx.clock.now();
    const fouten: VeldFout[] = [];
    await controleerCommissie(ctx, regio, invoer.commissie, fouten);
    if (!invoer.onderbouwing.trim()) {
      fouten.push({ veld: 'onderbouwing', code: 'LEEG', melding: 'Onderbouw de aanvraag voor de commissie.' });
    }
    if (fouten.length) throw ongeldigeInvoer(fouten);
    if (!isUuid(invoer.slachtofferPersoonId)) throw nietGevonden('De persoon');
    const view = await inKetenScope(ctx, { vtOrganisatie: regio }, async (tx) => {
      const casus = await laadCasusVoor(ctx, tx, regio, invoer.casusId, true);
      if (casus.fase === CasusFase.AFGESLOTEN) {
        throw procesFout('CASUS_AFGESLOTEN', 'De casus is afgesloten; heropen haar met een (vervolg)melding.');
      }
      const lid = await tx.findOne(CasusPersoonEntity, { casusId: casus.id, persoonId: invoer.slachtofferPersoonId });
      if (!lid) {
        throw ongeldigeInvoer([
          { veld: 'slachtofferPersoonId', code: 'GEEN_LID_VAN_CASUS', melding: 'Kies een persoon uit deze casus.' },
        ]);
      }
      const a = tx.create(AwareAanvraagEntity, {
        vtOrganisatie: regio,
        casusId: casus.id,
        slachtofferId: invoer.slachtofferPersoonId,
        commissie: invoer.commissie,
        commissieId: crypto.randomUUID(),
        status: controleerStap(awareProces, null, 'AANVRAGEN'),
        dreiging: invoer.dreiging,
        onderbouwing: invoer.onderbouwing.trim(),
        aangevraagdOp: nu,
        aangevraagdDoor: ctx.actor.sub,
        verlengingen: 0,
      });
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'AWARE_AANVRAGEN',
        actie: 'C',
        vtOrganisatie: regio,
        objectType: 'AwareAanvraag',
        objectId: a.id,
        persoonIds: [a.slachtofferId],
        velden: ['casusId', 'slachtofferPersoonId', 'commissie', 'dreiging', 'onderbouwing'],
        ...(await noodFeit(tx, ctx, casus)),
      });
      return vtView(tx, ctx, a);
    });
    auditLezen(ctx, view, velden);
    return view;
  },

  indienen(ctx: RequestContext, aanvraagId: string, velden: string[]): Promise<AwareAanvraagView> {
    return vtStap(
      ctx,
      aanvraagId,
      {
        stap: 'INDIENEN',
        velden: ['ingediendOp'],
        pasToe: async (tx, a, nu) => {
          a.ingediendOp = nu;
          const t = termijnService.open(tx, ctx.termijnRegels, {
            vtOrganisatie: a.vtOrganisatie,
            casusId: a.casusId,
            awareAanvraagId: a.id,
            soort: TermijnSoort.AWARE_BESLUIT,
            start: ctx.termijnRegels.kalender.lokaleDatum(nu),
            verantwoordelijke: ctx.actor.sub,
          });
          a.besluitVoor = t.vervaldatum;
          // The committee hears that there is an application, by its own id; the content is read through GraphQL.
          await schrijfGebeurtenis(tx, {
            ontvanger: a.commissie,
            type: GebeurtenisType.AWARE_AANVRAAG_VOORGELEGD,
            objectType: 'AwareAanvraag',
            objectId: a.commissieId,
            vtOrganisatie: a.vtOrganisatie,
            casusId: a.casusId,
            op: nu,
          });
          return [t];
        },
      },
      velden,
    );
  },

  installatieVastleggen(
    ctx: RequestContext,
    invoer: AwareInstallatieInvoer,
    velden: string[],
  ): Promise<AwareAanvraagView> {
    const k = ctx.termijnRegels.kalender;
    return vtStap(
      ctx,
      invoer.aanvraagId,
      {
        stap: 'INSTALLEREN',
        velden: ['geinstalleerdOp', 'einddatum'],
        pasToe: async (tx, a, nu) => {
          const besloten = k.lokaleDatum(a.beslotenOp ?? nu);
          if (invoer.geinstalleerdOp < besloten || invoer.geinstalleerdOp > k.lokaleDatum(nu)) {
            throw ongeldigeInvoer([
              {
                veld: 'geinstalleerdOp',
                code: 'DATUM_BUITEN_BEREIK',
                melding: 'Kies een dag vanaf het besluit tot en met vandaag.',
              },
            ]);
          }
          a.geinstalleerdOp = invoer.geinstalleerdOp;
          a.einddatum = k.plusMaanden(invoer.geinstalleerdOp, a.periodeMaanden ?? 1);
          return [eindtermijn(ctx, tx, a)];
        },
      },
      velden,
    );
  },

  verlengen(ctx: RequestContext, invoer: AwareVerlengenInvoer, velden: string[]): Promise<AwareAanvraagView> {
    const k = ctx.termijnRegels.kalender;
    return vtStap(
      ctx,
      invoer.aanvraagId,
      {
        stap: 'VERLENGEN',
        velden: ['einddatum'],
        pasToe: async (tx, a, nu) => {
          const huidig = String(a.einddatum);
          if (invoer.einddatum <= huidig || invoer.einddatum > k.plusMaanden(huidig, AWARE_MAX_MAANDEN)) {
            throw ongeldigeInvoer([
              {
                veld: 'einddatum',
                code: invoer.einddatum <= huidig ? 'NIET_NA_EINDE' : 'TE_LANG',
                melding: `Kies een einddatum na ${huidig} en hooguit ${AWARE_MAX_MAANDEN} maanden later.`,
              },
            ]);
          }
          await sluitTermijnen(tx, a.id, [TermijnSoort.AWARE_EINDDATUM], TermijnStatus.VOLDAAN, nu);
          a.einddatum = invoer.einddatum;
          a.verlengingen += 1;
          return [eindtermijn(ctx, tx, a)];
        },
      },
      velden,
    );
  },

  beeindigen(ctx: RequestContext, invoer: AwareBeeindigenInvoer, velden: string[]): Promise<AwareAanvraagView> {
    return vtStap(
      ctx,
      invoer.aanvraagId,
      {
        stap: 'BEEINDIGEN',
        velden: ['beeindigdOp', 'beeindigdReden'],
        pasToe: async (tx, a, nu) => {
          if (!invoer.reden.trim()) {
            throw ongeldigeInvoer([{ veld: 'reden', code: 'LEEG', melding: 'Geef aan waarom het alarm stopt.' }]);
          }
          a.beeindigdOp = nu;
          a.beeindigdReden = invoer.reden.trim();
          await sluitTermijnen(tx, a.id, [TermijnSoort.AWARE_EINDDATUM], TermijnStatus.VOLDAAN, nu);
          // The committee hears that the alarm it granted stopped (that, not why).
          await schrijfGebeurtenis(tx, {
            ontvanger: a.commissie,
            type: GebeurtenisType.AWARE_BEEINDIGD,
            objectType: 'AwareAanvraag',
            objectId: a.commissieId,
            vtOrganisatie: a.vtOrganisatie,
            casusId: a.casusId,
            op: nu,
          });
          return [];
        },
      },
      velden,
    );
  },
};
