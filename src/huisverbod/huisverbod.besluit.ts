import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

import { vtRegioVan } from '../auth/actor';
import { Rol } from '../auth/rollen';
import { noodFeit } from '../casussen/casus-toegang';
import { GebeurtenisType, schrijfGebeurtenis } from '../gebeurtenissen/outbox';
import { isUuid, type RequestContext } from '../lib/context';
import { geenToegang, nietGevonden, ongeldigeInvoer } from '../lib/errors';
import { inKetenScope, ookVtRegio } from '../lib/regio';
import { controleerStap } from '../lib/werkstroom';
import { TermijnSoort, TermijnStatus } from '../termijnen/termijn.entity';
import { planNaCommit, termijnService, type TePlannen } from '../termijnen/termijn.service';
import { HuisverbodEntity } from './huisverbod.entity';
import { auditLezen, isVt, THV_GRONDSLAG, vtView } from './huisverbod.lezen';
import { type HuisverbodStap, huisverbodProces, huisverbodStatus } from './huisverbod.proces';
import { laadVoorVt, sluitTermijnen } from './huisverbod.service';
import { type HuisverbodVerlengenInvoer, HuisverbodView } from './huisverbod.types';

type Besluit = {
  stap: Extract<HuisverbodStap, 'VERLENGEN' | 'INTREKKEN'>;
  gebeurtenis: (typeof GebeurtenisType)['HUISVERBOD_VERLENGD' | 'HUISVERBOD_INGETROKKEN'];
  /** Applies the decision to the locked row; returns the new termijnen to plan. */
  pasToe: (tx: EntityManager, h: HuisverbodEntity, nu: Date) => Promise<TePlannen[]>;
  velden: string[];
};

/**
 * The burgemeester's decision on a huisverbod, taken by the gemeente (OOV) itself or recorded by VT from the
 * beschikking. The gemeente works in its own scope: row-level security admits only the huisverboden of its gemeente,
 * and only after the row is found and the step allowed does the transaction also admit the VT region's rows (termijnen,
 * the update itself). The police hear of every decision, the gemeente of one VT recorded (it took it on paper).
 */
async function besluit(
  ctx: RequestContext,
  huisverbodId: string,
  b: Besluit,
  velden: string[],
): Promise<HuisverbodView> {
  const nu = ctx.clock.now();
  const gemeente = ctx.actor.rol === Rol.GEMEENTE_OOV_MEDEWERKER;
  if (!gemeente && !isVt(ctx)) throw geenToegang();
  if (!isUuid(huisverbodId)) throw nietGevonden('Het huisverbod');
  const org = ctx.actor.organisatie.code;
  const nieuw: TePlannen[] = [];
  const scope = gemeente ? { partner: org } : { vtOrganisatie: vtRegioVan(ctx) };
  const view = await inKetenScope(ctx, scope, async (tx) => {
    let h: HuisverbodEntity;
    if (gemeente) {
      const gevonden = await tx.findOne(
        HuisverbodEntity,
        { gemeenteId: huisverbodId, gemeente: org },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!gevonden) throw nietGevonden('Het huisverbod');
      h = gevonden;
    } else {
      h = await laadVoorVt(ctx, tx, huisverbodId);
    }
    controleerStap(huisverbodProces, huisverbodStatus(h, nu), b.stap, ctx.actor.rol);
    if (gemeente) await ookVtRegio(tx, h.vtOrganisatie);
    nieuw.push(...(await b.pasToe(tx, h, nu)));
    // Each partner hears of the huisverbod by its own id.
    const ontvangers = [
      ...(h.politie ? [{ org: h.politie, id: h.politieId }] : []),
      ...(gemeente ? [] : [{ org: h.gemeente, id: h.gemeenteId }]),
    ];
    for (const o of ontvangers) {
      await schrijfGebeurtenis(tx, {
        ontvanger: o.org,
        type: b.gebeurtenis,
        objectType: 'TijdelijkHuisverbod',
        objectId: o.id,
        vtOrganisatie: h.vtOrganisatie,
        casusId: h.casusId,
        op: nu,
      });
    }
    await tx.flush();
    await ctx.audit.inTransactie(tx, {
      gebeurtenis: `HUISVERBOD_${b.stap}`,
      actie: 'U',
      vtOrganisatie: h.vtOrganisatie,
      objectType: 'TijdelijkHuisverbod',
      objectId: h.id,
      persoonIds: [h.uithuisgeplaatsteId, ...h.achterblijverIds],
      velden: b.velden,
      ...(gemeente ? { grondslag: THV_GRONDSLAG } : await noodFeit(tx, ctx, h.casusId)),
    });
    return gemeente ? HuisverbodView.van(h, [], nu, 'gemeente') : vtView(tx, ctx, h);
  });
  await planNaCommit(ctx, nieuw);
  auditLezen(ctx, view, velden);
  return view;
}

/** The burgemeester's decisions: extend once (to at most 28 days after imposition), or withdraw while it runs. */
export const huisverbodBesluit = {
  verlengen(ctx: RequestContext, invoer: HuisverbodVerlengenInvoer, velden: string[]): Promise<HuisverbodView> {
    return besluit(
      ctx,
      invoer.huisverbodId,
      {
        stap: 'VERLENGEN',
        gebeurtenis: GebeurtenisType.HUISVERBOD_VERLENGD,
        velden: ['verlengdTot'],
        pasToe: async (tx, h, nu) => {
          if (invoer.verlengdTot <= h.opgelegdTot || invoer.verlengdTot > h.uiterlijkTot) {
            throw ongeldigeInvoer([
              {
                veld: 'verlengdTot',
                code: invoer.verlengdTot <= h.opgelegdTot ? 'NIET_NA_EINDE' : 'LANGER_DAN_28_DAGEN',
                melding: `Kies een einde na ${h.opgelegdTot.toISOString()} en uiterlijk ${h.uiterlijkTot.toISOString()} (28 dagen na het opleggen).`,
              },
            ]);
          }
          h.verlengdTot = invoer.verlengdTot;
          h.verlengdOp = nu;
          h.verlengdDoor = ctx.actor.organisatie.code;
          // Decided: advice no longer needed. The veiligheidsplan is now due at the new end.
          await sluitTermijnen(tx, h.id, [TermijnSoort.THV_ADVIES], TermijnStatus.GEANNULEERD, nu);
          const plan = await sluitTermijnen(
            tx,
            h.id,
            [TermijnSoort.THV_VEILIGHEIDSPLAN],
            TermijnStatus.GEANNULEERD,
            nu,
          );
          if (plan.length === 0) return [];
          // At most one open termijn per kind (unique index): the old one is closed in the database first.
          await tx.flush();
          return [
            termijnService.open(tx, ctx.termijnRegels, {
              vtOrganisatie: h.vtOrganisatie,
              casusId: h.casusId,
              object: { huisverbodId: h.id },
              soort: TermijnSoort.THV_VEILIGHEIDSPLAN,
              tijdstip: { van: nu, tot: invoer.verlengdTot },
              verantwoordelijke: plan[0].verantwoordelijke ?? null,
            }),
          ];
        },
      },
      velden,
    );
  },

  intrekken(ctx: RequestContext, huisverbodId: string, velden: string[]): Promise<HuisverbodView> {
    return besluit(
      ctx,
      huisverbodId,
      {
        stap: 'INTREKKEN',
        gebeurtenis: GebeurtenisType.HUISVERBOD_INGETROKKEN,
        velden: ['ingetrokkenOp'],
        pasToe: async (tx, h, nu) => {
          h.ingetrokkenOp = nu;
          h.ingetrokkenDoor = ctx.actor.organisatie.code;
          // It ended now: no decision and no end to work towards. Monitoring after it stays.
          const soorten = [TermijnSoort.THV_ADVIES, TermijnSoort.THV_VEILIGHEIDSPLAN];
          await sluitTermijnen(tx, h.id, soorten, TermijnStatus.GEANNULEERD, nu);
          return [];
        },
      },
      velden,
    );
  },
};
