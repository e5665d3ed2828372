import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

import { inzageVanAntwoord } from '../audit/inzage';
import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer, type VeldFout } from '../lib/errors';
import { inRegio } from '../lib/regio';
import { controleerStap } from '../lib/werkstroom';
import { RECHTENVERZOEK_MAANDEN, RECHTENVERZOEK_VERLENGING_MAANDEN } from '../termijnen/termijn-regels';
import { TermijnEntity, TermijnSoort, TermijnStatus } from '../termijnen/termijn.entity';
import { planNaCommit, termijnService, type TePlannen } from '../termijnen/termijn.service';
import { RechtenverzoekEntity, VerwerkingsbeperkingEntity } from './rechten.entity';
import { type RechtenStap, rechtenProces, RechtenverzoekSoort, type RechtenverzoekStatus } from './rechten.proces';
import {
  RechtenBesluit,
  type RechtenverzoekAfhandelenInvoer,
  type RechtenverzoekBesluitInvoer,
  type RechtenverzoekInvoer,
  type RechtenverzoekVerlengenInvoer,
  RechtenverzoekView,
  Verzoeker,
} from './rechten.types';

/** The legal basis of the privacy officer's work on a request (recorded in the audit trail). */
export const RECHTEN_GRONDSLAG = 'AVG art. 12-21: behandeling van een verzoek van een betrokkene';

/** The soorten whose grant restricts processing of the casus. */
const BEPERKEND: readonly string[] = [RechtenverzoekSoort.BEPERKING, RechtenverzoekSoort.BEZWAAR];

/** Whether the casus' processing is restricted now. */
export async function isBeperkt(tx: EntityManager, casusId: string): Promise<boolean> {
  return (await tx.count(VerwerkingsbeperkingEntity, { casusId, opgehevenOp: null })) > 0;
}

/** A request of the privacy officer's region, locked until commit; NOT_FOUND for anything else. */
export async function laadVerzoek(ctx: RequestContext, tx: EntityManager, id: string): Promise<RechtenverzoekEntity> {
  if (!isUuid(id)) throw nietGevonden('Het rechtenverzoek');
  const v = await tx.findOne(
    RechtenverzoekEntity,
    { id, vtOrganisatie: vtRegioVan(ctx) },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (!v) throw nietGevonden('Het rechtenverzoek');
  return v;
}

/** Audits the privacy officer's read of a request (what the answer held). */
export function auditVerzoekLezen(ctx: RequestContext, v: RechtenverzoekView, velden: string[]): void {
  ctx.audit.lees({
    gebeurtenis: 'RECHTENVERZOEK_INZIEN',
    actie: 'R',
    vtOrganisatie: v.vtOrganisatie,
    objectType: 'Rechtenverzoek',
    objectId: v.id,
    grondslag: RECHTEN_GRONDSLAG,
    ...inzageVanAntwoord(v, velden),
  });
}

/** Writes the audit record of a change to a request, in its transaction. */
export async function auditWijziging(
  ctx: RequestContext,
  tx: EntityManager,
  v: RechtenverzoekEntity,
  gebeurtenis: string,
  velden: string[],
  actie: 'C' | 'U' = 'U',
): Promise<void> {
  await ctx.audit.inTransactie(tx, {
    gebeurtenis,
    actie,
    vtOrganisatie: v.vtOrganisatie,
    objectType: 'Rechtenverzoek',
    objectId: v.id,
    persoonIds: v.persoonId ? [v.persoonId] : [],
    velden,
    grondslag: RECHTEN_GRONDSLAG,
  });
}

/** Closes the open answer termijn of a request (met or cancelled). */
async function sluitAntwoordtermijn(
  tx: EntityManager,
  verzoekId: string,
  status: TermijnStatus.VOLDAAN | TermijnStatus.GEANNULEERD,
  nu: Date,
): Promise<void> {
  const open = await tx.find(TermijnEntity, {
    rechtenverzoekId: verzoekId,
    soort: TermijnSoort.RECHTENVERZOEK_ANTWOORD,
    status: TermijnStatus.OPEN,
  });
  for (const t of open) {
    t.status = status;
    t.afgehandeldOp = nu;
  }
  await tx.flush();
}

/** One step on an existing request: load, check against the table, apply, audit, in one transaction. */
async function stap(
  ctx: RequestContext,
  id: string,
  s: RechtenStap,
  gebeurtenis: string,
  auditVelden: string[],
  pasToe: (tx: EntityManager, v: RechtenverzoekEntity, nu: Date) => Promise<TePlannen[]>,
  velden: string[],
): Promise<RechtenverzoekView> {
  const nu = ctx.clock.now();
  const nieuw: TePlannen[] = [];
  const view = await inRegio(ctx, vtRegioVan(ctx), async (tx) => {
    const v = await laadVerzoek(ctx, tx, id);
    v.status = controleerStap(rechtenProces, v.status as RechtenverzoekStatus, s, ctx.actor.rol);
    nieuw.push(...(await pasToe(tx, v, nu)));
    await tx.flush();
    await auditWijziging(ctx, tx, v, gebeurtenis, auditVelden);
    return RechtenverzoekView.van(v, await isBeperkt(tx, v.casusId));
  });
  await planNaCommit(ctx, nieuw);
  auditVerzoekLezen(ctx, view, velden);
  return view;
}

/** Checks who the request is from: a persoon of the casus, or the melder of a melding of the casus. */
async function controleerVerzoeker(
  tx: EntityManager,
  invoer: RechtenverzoekInvoer,
  regio: string,
  fouten: VeldFout[],
): Promise<void> {
  const conn = tx.getConnection();
  const ctx: unknown = tx.getTransactionContext();
  if (invoer.verzoeker === Verzoeker.BETROKKENE) {
    if (invoer.meldingId) fouten.push({ veld: 'meldingId', code: 'NIET_BIJ_BETROKKENE', melding: 'Laat leeg.' });
    const [r] =
      invoer.persoonId && isUuid(invoer.persoonId)
        ? await conn.execute<{ n: number }[]>(
            `select count(*)::int as n from casus_persoon where casus_id = ? and persoon_id = ? and vt_organisatie = ?`,
            [invoer.casusId, invoer.persoonId, regio],
            'all',
            ctx,
          )
        : [{ n: 0 }];
    if (!r || r.n === 0) {
      fouten.push({ veld: 'persoonId', code: 'GEEN_LID_VAN_CASUS', melding: 'Kies een persoon uit deze casus.' });
    }
  } else {
    if (invoer.persoonId) fouten.push({ veld: 'persoonId', code: 'NIET_BIJ_MELDER', melding: 'Laat leeg.' });
    const [r] =
      invoer.meldingId && isUuid(invoer.meldingId)
        ? await conn.execute<{ n: number }[]>(
            `select count(*)::int as n from melding m join melder md on md.melding_id = m.id
            where m.id = ? and m.casus_id = ? and m.vt_organisatie = ? and md.anonimiteit <> 'DUBBEL_ANONIEM'`,
            [invoer.meldingId, invoer.casusId, regio],
            'all',
            ctx,
          )
        : [{ n: 0 }];
    if (!r || r.n === 0) {
      fouten.push({
        veld: 'meldingId',
        code: 'GEEN_MELDING_VAN_CASUS',
        melding: 'Kies een melding van deze casus met een bekende melder.',
      });
    }
  }
}

/**
 * The privacy officer's steps on a data subject's request: register it (the answer termijn of one month opens), extend
 * it once by two months, decide with reasons (a granted beperking or bezwaar restricts the casus at once), close it
 * with what was done. Corrections are in rechten.correctie.ts, the afschrift in afschrift.ts.
 */
export const rechtenService = {
  async registreren(ctx: RequestContext, invoer: RechtenverzoekInvoer, velden: string[]): Promise<RechtenverzoekView> {
    const regio = vtRegioVan(ctx);
    controleerStap(rechtenProces, null, 'REGISTREREN', ctx.actor.rol);
    const nu = ctx.clock.now();
    const k = ctx.termijnRegels.kalender;
    const vandaag = k.lokaleDatum(nu);
    if (!isUuid(invoer.casusId)) throw nietGevonden('De casus');
    const nieuw: TePlannen[] = [];
    const view = await inRegio(ctx, regio, async (tx) => {
      const [casus] = await tx
        .getConnection()
        .execute<{ id: string }[]>(
          `select id from casus where id = ? and vt_organisatie = ?`,
          [invoer.casusId, regio],
          'all',
          tx.getTransactionContext(),
        );
      if (!casus) throw nietGevonden('De casus');
      const fouten: VeldFout[] = [];
      if (invoer.ontvangenOp > vandaag) {
        fouten.push({
          veld: 'ontvangenOp',
          code: 'IN_DE_TOEKOMST',
          melding: 'Het verzoek kan niet later binnenkomen dan vandaag.',
        });
      }
      if (!invoer.omschrijving.trim()) {
        fouten.push({ veld: 'omschrijving', code: 'LEEG', melding: 'Beschrijf wat de verzoeker vraagt.' });
      }
      await controleerVerzoeker(tx, invoer, regio, fouten);
      if (fouten.length) throw ongeldigeInvoer(fouten);
      const v = tx.create(RechtenverzoekEntity, {
        vtOrganisatie: regio,
        casusId: invoer.casusId,
        persoonId: invoer.verzoeker === Verzoeker.BETROKKENE ? invoer.persoonId : null,
        meldingId: invoer.verzoeker === Verzoeker.MELDER ? invoer.meldingId : null,
        verzoeker: invoer.verzoeker,
        soort: invoer.soort,
        status: controleerStap(rechtenProces, null, 'REGISTREREN'),
        omschrijving: invoer.omschrijving.trim(),
        ontvangenOp: invoer.ontvangenOp,
        antwoordVoor: invoer.ontvangenOp,
        geregistreerdOp: nu,
        geregistreerdDoor: ctx.actor.sub,
      });
      const t = termijnService.open(tx, ctx.termijnRegels, {
        vtOrganisatie: regio,
        casusId: v.casusId,
        rechtenverzoekId: v.id,
        soort: TermijnSoort.RECHTENVERZOEK_ANTWOORD,
        start: invoer.ontvangenOp,
        verantwoordelijke: ctx.actor.sub,
      });
      v.antwoordVoor = t.vervaldatum;
      nieuw.push(t);
      await tx.flush();
      await auditWijziging(ctx, tx, v, 'RECHTENVERZOEK_REGISTREREN', ['soort', 'verzoeker', 'omschrijving'], 'C');
      return RechtenverzoekView.van(v, await isBeperkt(tx, v.casusId));
    });
    await planNaCommit(ctx, nieuw);
    auditVerzoekLezen(ctx, view, velden);
    return view;
  },

  verlengen(ctx: RequestContext, invoer: RechtenverzoekVerlengenInvoer, velden: string[]): Promise<RechtenverzoekView> {
    return stap(
      ctx,
      invoer.verzoekId,
      'VERLENGEN',
      'RECHTENVERZOEK_VERLENGEN',
      ['antwoordVoor', 'verlengingReden'],
      async (tx, v, nu) => {
        if (!invoer.reden.trim()) {
          throw ongeldigeInvoer([{ veld: 'reden', code: 'LEEG', melding: 'Geef aan waarom meer tijd nodig is.' }]);
        }
        await sluitAntwoordtermijn(tx, v.id, TermijnStatus.GEANNULEERD, nu);
        const k = ctx.termijnRegels.kalender;
        // One month plus two: three months after receipt (AVG art. 12 lid 3), on the calendar as termijnen count months.
        const verval = k.plusMaanden(
          String(v.ontvangenOp).slice(0, 10),
          RECHTENVERZOEK_MAANDEN + RECHTENVERZOEK_VERLENGING_MAANDEN,
        );
        v.verlengingReden = invoer.reden.trim();
        const t = termijnService.open(tx, ctx.termijnRegels, {
          vtOrganisatie: v.vtOrganisatie,
          casusId: v.casusId,
          rechtenverzoekId: v.id,
          soort: TermijnSoort.RECHTENVERZOEK_ANTWOORD,
          start: k.lokaleDatum(nu),
          vervaldatum: verval,
          verantwoordelijke: ctx.actor.sub,
        });
        v.antwoordVoor = t.vervaldatum;
        return [t];
      },
      velden,
    );
  },

  besluiten(ctx: RequestContext, invoer: RechtenverzoekBesluitInvoer, velden: string[]): Promise<RechtenverzoekView> {
    const toekennen = invoer.besluit === RechtenBesluit.TOEGEKEND;
    return stap(
      ctx,
      invoer.verzoekId,
      toekennen ? 'TOEKENNEN' : 'AFWIJZEN',
      toekennen ? 'RECHTENVERZOEK_TOEKENNEN' : 'RECHTENVERZOEK_AFWIJZEN',
      ['besluit', 'besluitMotivering'],
      async (tx, v, nu) => {
        if (!invoer.motivering.trim()) {
          throw ongeldigeInvoer([{ veld: 'motivering', code: 'LEEG', melding: 'Motiveer het besluit.' }]);
        }
        v.besluit = invoer.besluit;
        v.besluitMotivering = invoer.motivering.trim();
        v.beslotenOp = nu;
        v.beslotenDoor = ctx.actor.sub;
        await sluitAntwoordtermijn(tx, v.id, TermijnStatus.VOLDAAN, nu);
        if (toekennen && BEPERKEND.includes(v.soort) && !(await isBeperkt(tx, v.casusId))) {
          // From this commit on: only the behandelaar and the privacy officer read the casus, no partner sees it.
          tx.create(VerwerkingsbeperkingEntity, {
            casusId: v.casusId,
            vtOrganisatie: v.vtOrganisatie,
            verzoekId: v.id,
            sinds: nu,
          });
        }
        return [];
      },
      velden,
    );
  },

  afhandelen(
    ctx: RequestContext,
    invoer: RechtenverzoekAfhandelenInvoer,
    velden: string[],
  ): Promise<RechtenverzoekView> {
    return stap(
      ctx,
      invoer.verzoekId,
      'AFHANDELEN',
      'RECHTENVERZOEK_AFHANDELEN',
      ['afhandeling'],
      async (_tx, v, nu) => {
        if (!invoer.afhandeling.trim()) {
          throw ongeldigeInvoer([{ veld: 'afhandeling', code: 'LEEG', melding: 'Beschrijf wat er is gedaan.' }]);
        }
        v.afhandeling = invoer.afhandeling.trim();
        v.afgehandeldOp = nu;
        return [];
      },
      velden,
    );
  },

  /**
   * Lifts the restriction that a granted beperking or bezwaar put on the casus (the reason for it has gone, or the
   * objection was weighed). From then on the casus is read and shared as before; events not written during the
   * restriction are not sent afterwards.
   */
  async beperkingOpheffen(
    ctx: RequestContext,
    verzoekId: string,
    reden: string,
    velden: string[],
  ): Promise<RechtenverzoekView> {
    const regio = vtRegioVan(ctx);
    if (!reden.trim()) {
      throw ongeldigeInvoer([{ veld: 'reden', code: 'LEEG', melding: 'Geef aan waarom de beperking vervalt.' }]);
    }
    const nu = ctx.clock.now();
    const view = await inRegio(ctx, regio, async (tx) => {
      const v = await laadVerzoek(ctx, tx, verzoekId);
      const b = await tx.findOne(
        VerwerkingsbeperkingEntity,
        { verzoekId: v.id, opgehevenOp: null },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!b) {
        throw ongeldigeInvoer([
          { veld: 'verzoekId', code: 'GEEN_BEPERKING', melding: 'Dit verzoek heeft geen lopende beperking.' },
        ]);
      }
      b.opgehevenOp = nu;
      b.opgehevenDoor = ctx.actor.sub;
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'VERWERKINGSBEPERKING_OPHEFFEN',
        actie: 'U',
        vtOrganisatie: regio,
        objectType: 'Casus',
        objectId: v.casusId,
        persoonIds: v.persoonId ? [v.persoonId] : [],
        velden: ['beperking', `reden: ${reden.trim().slice(0, 200)}`],
        grondslag: RECHTEN_GRONDSLAG,
      });
      return RechtenverzoekView.van(v, await isBeperkt(tx, v.casusId));
    });
    auditVerzoekLezen(ctx, view, velden);
    return view;
  },

  /** The requests of the privacy officer's region, newest first (at most 200). */
  async lijst(ctx: RequestContext, casusId: string | undefined, velden: string[]): Promise<RechtenverzoekView[]> {
    const regio = vtRegioVan(ctx);
    if (casusId !== undefined && !isUuid(casusId)) return [];
    const views = await inRegio(ctx, regio, async (tx) => {
      const rijen = await tx.find(
        RechtenverzoekEntity,
        { vtOrganisatie: regio, ...(casusId ? { casusId } : {}) },
        { orderBy: { geregistreerdOp: 'desc', id: 'desc' }, limit: 200 },
      );
      const beperkt = new Set(
        (
          await tx.find(VerwerkingsbeperkingEntity, {
            casusId: { $in: rijen.map((r) => r.casusId) },
            opgehevenOp: null,
          })
        ).map((b) => b.casusId),
      );
      return rijen.map((r) => RechtenverzoekView.van(r, beperkt.has(r.casusId)));
    });
    for (const v of views) auditVerzoekLezen(ctx, v, velden);
    return views;
  },

  async lees(ctx: RequestContext, id: string, velden: string[]): Promise<RechtenverzoekView> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(id)) throw nietGevonden('Het rechtenverzoek');
    const view = await inRegio(ctx, regio, async (tx) => {
      const v = await tx.findOne(RechtenverzoekEntity, { id, vtOrganisatie: regio });
      if (!v) throw nietGevonden('Het rechtenverzoek');
      return RechtenverzoekView.van(v, await isBeperkt(tx, v.casusId));
    });
    auditVerzoekLezen(ctx, view, velden);
    return view;
  },
};
