import type { EntityManager } from '@mikro-orm/postgresql';

import type { Actor } from '../auth/actor';
import { CasusEntity, DienstEntity, VeiligheidsbeoordelingEntity } from '../casussen/casus.entity';
import { DienstSoort } from '../casussen/proces';
import type { RequestContext } from '../lib/context';
import { geenToegang, nietGevonden, procesFout } from '../lib/errors';
import { inRegio } from '../lib/regio';
import { MeldingEntity } from '../meldingen/melding.entity';
import { OrganisatieEntity } from '../organisaties/organisatie.entity';
import { OverdrachtEntity } from '../overdrachten/overdracht.entity';
import { LOPEND, OverdrachtStatus } from '../overdrachten/overdracht.model';
import { AanvullingSoort, MeldingAanvullingEntity } from './melder-toegang.entity';
import { aanvullingView } from './melder-toegang.service';
import {
  type MeldingAanvullenInvoer,
  type MeldingAanvullingView,
  MijnMeldingView,
  TerugkoppelingStapSoort,
  type TerugkoppelingStapView,
  TerugkoppelingView,
} from './melders.types';

/** The partner that took over is told 10 weeks after the veiligheidsbeoordeling (DOMAIN.md §2, SEED-004). */
export const OVERNAME_NA_WEKEN = 10;

const STAP_VAN_DIENST: Record<DienstSoort, TerugkoppelingStapSoort> = {
  [DienstSoort.ONDERZOEK]: TerugkoppelingStapSoort.ONDERZOEK_GESTART,
  [DienstSoort.VOORWAARDEN_EN_VERVOLG]: TerugkoppelingStapSoort.VOORWAARDEN_EN_VERVOLG_GESTART,
  [DienstSoort.VERZOEK_TOT_ONDERZOEK]: TerugkoppelingStapSoort.VERZOEK_TOT_ONDERZOEK_GESTART,
  [DienstSoort.OVERDRACHT]: TerugkoppelingStapSoort.OVERDRACHT_GESTART,
  [DienstSoort.MONITORING]: TerugkoppelingStapSoort.MONITORING_GESTART,
};

/**
 * The melder's own access (role MELDER). Invariant: every query is bound to `actor.melding`, which comes from the
 * verified access (src/melders/melder-authenticatie.ts), never from the request; the region scope is the melding's own.
 */
function melderScope(ctx: RequestContext): { regio: string; meldingId: string; toegangId: string } {
  const a: Actor = ctx.actor;
  if (a.rol !== 'MELDER' || !a.melding) throw geenToegang();
  return { regio: a.organisatie.code, meldingId: a.melding, toegangId: a.sub.replace(/^melder:/, '') };
}

/**
 * The melder's own melding. While its casus' processing is restricted (a granted beperking or bezwaar, src/rechten)
 * the melder can neither read it, nor its feedback, nor add to it: VERWERKING_BEPERKT, nothing written.
 */
async function laadMelding(tx: EntityManager, regio: string, meldingId: string): Promise<MeldingEntity> {
  const m = await tx.findOne(MeldingEntity, { id: meldingId, vtOrganisatie: regio });
  if (!m) throw nietGevonden('De melding');
  const [b] = m.casusId
    ? await tx
        .getConnection()
        .execute<{ beperkt: boolean }[]>(
          `select casus_is_beperkt(?) as beperkt`,
          [m.casusId],
          'all',
          tx.getTransactionContext(),
        )
    : [];
  if (b?.beperkt) {
    throw procesFout(
      'VERWERKING_BEPERKT',
      'De verwerking van dit dossier is tijdelijk beperkt op verzoek van een betrokkene. Neem voor uw melding contact op met Veilig Thuis.',
    );
  }
  return m;
}

const datum = (ctx: RequestContext, d: Date): string => ctx.termijnRegels.kalender.lokaleDatum(d);

/** What the melder may do with their own melding: read it and its feedback, add to it or correct it. */
export const melderService = {
  async mijnMelding(ctx: RequestContext): Promise<MijnMeldingView> {
    const { regio, meldingId } = melderScope(ctx);
    const view = await inRegio(ctx, regio, async (tx) => {
      const m = await laadMelding(tx, regio, meldingId);
      const aanvullingen = await tx.find(
        MeldingAanvullingEntity,
        { meldingId, vtOrganisatie: regio },
        { orderBy: { ingediendOp: 'asc', id: 'asc' } },
      );
      return Object.assign(new MijnMeldingView(), {
        id: m.id,
        meldingId: m.id,
        ontvangenOp: m.ontvangenOp,
        kanaal: m.kanaal,
        aardGeweld: m.aardGeweld,
        omschrijving: m.omschrijving,
        aanvullingen: aanvullingen.map((a) => aanvullingView(a, null)),
      });
    });
    ctx.audit.lees({
      gebeurtenis: 'MELDER_EIGEN_MELDING_INZIEN',
      actie: 'R',
      vtOrganisatie: regio,
      objectType: 'Melding',
      objectId: meldingId,
      velden: ['omschrijving', 'aanvullingen'],
    });
    return view;
  },

  async aanvullen(ctx: RequestContext, invoer: MeldingAanvullenInvoer): Promise<MeldingAanvullingView> {
    const { regio, meldingId, toegangId } = melderScope(ctx);
    return inRegio(ctx, regio, async (tx) => {
      await laadMelding(tx, regio, meldingId);
      const a = tx.create(MeldingAanvullingEntity, {
        id: crypto.randomUUID(),
        meldingId,
        vtOrganisatie: regio,
        soort: invoer.soort ?? AanvullingSoort.AANVULLING,
        tekst: invoer.tekst,
        ingediendOp: ctx.clock.now(),
        toegangId,
      });
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis:
          invoer.soort === AanvullingSoort.CORRECTIE ? 'MELDER_MELDING_CORRIGEREN' : 'MELDER_MELDING_AANVULLEN',
        actie: 'C',
        vtOrganisatie: regio,
        objectType: 'Melding',
        objectId: meldingId,
        velden: ['aanvullingen'],
      });
      return aanvullingView(a, null);
    });
  },

  /** One supplement of the melder's own melding (the idempotent replay of `aanvullen` reads it this way). */
  async aanvulling(ctx: RequestContext, id: string): Promise<MeldingAanvullingView> {
    const { regio, meldingId } = melderScope(ctx);
    const a = await inRegio(ctx, regio, (tx) =>
      tx.findOne(MeldingAanvullingEntity, { id, meldingId, vtOrganisatie: regio }),
    );
    if (!a) throw nietGevonden('De aanvulling');
    return aanvullingView(a, null);
  },

  /**
   * The feedback owed to the melder: the steps VT took after this melding (which and when), and from 10 weeks after its
   * veiligheidsbeoordeling the name and kind of each organisation that took over. Never taxatie, uitkomst or content.
   */
  async terugkoppeling(ctx: RequestContext): Promise<TerugkoppelingView> {
    const { regio, meldingId } = melderScope(ctx);
    const nu = ctx.clock.now();
    const view = await inRegio(ctx, regio, async (tx) => {
      const m = await laadMelding(tx, regio, meldingId);
      const stappen: TerugkoppelingStapView[] = [
        { stap: TerugkoppelingStapSoort.MELDING_ONTVANGEN, op: datum(ctx, m.ontvangenOp) },
      ];
      const beoordeling = await tx.findOne(VeiligheidsbeoordelingEntity, { meldingId, vtOrganisatie: regio });
      let overnameBekendVanaf: string | null = null;
      let overgenomenDoor: { naam: string; soort: string }[] = [];
      if (beoordeling && m.casusId) {
        stappen.push({
          stap: TerugkoppelingStapSoort.VEILIGHEIDSBEOORDELING_GEDAAN,
          op: datum(ctx, beoordeling.beoordeeldOp),
        });
        const diensten = await tx.find(
          DienstEntity,
          { casusId: m.casusId, vtOrganisatie: regio, gestartOp: { $gte: m.ontvangenOp } },
          { orderBy: { gestartOp: 'asc' } },
        );
        for (const d of diensten) stappen.push({ stap: STAP_VAN_DIENST[d.soort], op: datum(ctx, d.gestartOp) });
        const casus = await tx.findOne(CasusEntity, { id: m.casusId, vtOrganisatie: regio });
        if (casus?.geslotenOp && casus.geslotenOp >= m.ontvangenOp) {
          stappen.push({ stap: TerugkoppelingStapSoort.AFGESLOTEN, op: datum(ctx, casus.geslotenOp) });
        }
        const vanaf = new Date(beoordeling.beoordeeldOp.getTime() + OVERNAME_NA_WEKEN * 7 * 86_400_000);
        overnameBekendVanaf = datum(ctx, vanaf);
        if (nu >= vanaf) overgenomenDoor = await overnemers(tx, regio, m.casusId);
      }
      return Object.assign(new TerugkoppelingView(), { meldingId, stappen, overnameBekendVanaf, overgenomenDoor });
    });
    ctx.audit.lees({
      gebeurtenis: 'MELDER_TERUGKOPPELING_INZIEN',
      actie: 'R',
      vtOrganisatie: regio,
      objectType: 'Melding',
      objectId: meldingId,
      velden: ['stappen', 'overgenomenDoor'],
    });
    return view;
  },
};

/** The organisations that accepted (and did not give back) an overdracht of the casus: name and kind only. */
async function overnemers(
  tx: EntityManager,
  regio: string,
  casusId: string,
): Promise<{ naam: string; soort: string }[]> {
  const over = await tx.find(
    OverdrachtEntity,
    { casusId, vtOrganisatie: regio, status: { $in: [...LOPEND, OverdrachtStatus.AFGEROND] } },
    { orderBy: { besluitOp: 'asc' } },
  );
  const uit: { naam: string; soort: string }[] = [];
  for (const o of over) {
    if (uit.some((u) => u.naam === o.ontvanger)) continue;
    const org = await tx.findOne(OrganisatieEntity, { code: o.ontvanger });
    const naam = org?.naam ?? o.ontvanger;
    if (!uit.some((u) => u.naam === naam)) uit.push({ naam, soort: org?.soort ?? 'ONBEKEND' });
  }
  return uit;
}
