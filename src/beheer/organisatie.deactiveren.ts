import { schakelInBijHeractiveren, schakelUitBijDeactiveren } from '../gebeurtenissen/webhook.beheer';
import { escaleerSignalenAanSchool } from '../hwc/hwc.deactivering';
import type { RequestContext } from '../lib/context';
import { ongeldigeInvoer } from '../lib/errors';
import { trekOverdrachtenAanOrganisatieIn } from '../overdrachten/overdracht-einde.service';
import { escaleerVerzoekenVanAanvrager } from '../zsm/zsm.deactivering';
import { auditRegio, type BeheerScope, scopeVan } from './beheer.scope';
import { type BeheerOrganisatieView, OrganisatieDeactiveringView } from './beheer.types';
import { organisatieViews } from './beheer.views';
import { beheerSlot, organisatieInScope, weigerVtOrganisatie } from './organisatie-beheer.service';
import type { OrganisatieEntity } from '../organisaties/organisatie.entity';

/**
 * A regional beheerder (de)activates only a partner that works with its region alone: deactivating a partner shared
 * with other regions would end their work too. It can unlink its own region instead; national beheer decides.
 */
function controleerAlleenEigenRegio(scope: BeheerScope, org: OrganisatieEntity): void {
  if (scope.soort === 'REGIO' && org.regioCodes.some((r) => r !== scope.regio)) {
    throw ongeldigeInvoer([
      {
        veld: 'code',
        code: 'ANDERE_REGIO_BETROKKEN',
        melding: `${org.code} werkt ook met andere regio's; ontkoppel uw regio (organisatieWijzigen) of vraag het landelijk beheer haar te (de)activeren.`,
      },
    ]);
  }
}

/**
 * Deactivating and reactivating an organisation (issue 11, point 3). Deactivation ends the organisation's access at
 * once: in one transaction the row gets actief = false (migration 15's trigger tells every API process, whose token
 * verification then refuses the organisation), its webhook endpoints are switched off, its open and running
 * overdrachten are withdrawn and go back to VT with an escalation for the teamleider, its unacknowledged Handle with
 * Care signals and unanswered ZSM requests are escalated to the teamleider at once. Every change is audited in the
 * same transaction. Reactivation restores access and the endpoints deactivation switched off, nothing else: withdrawn
 * offers stay withdrawn. Both are idempotent.
 */
export const organisatieDeactiverenService = {
  async deactiveer(ctx: RequestContext, code: string): Promise<OrganisatieDeactiveringView> {
    const scope = scopeVan(ctx);
    const nu = ctx.clock.now();
    const regio = auditRegio(scope);
    const uitkomst = await ctx.em.transactional(async (tx) => {
      await beheerSlot(tx);
      const org = await organisatieInScope(tx, scope, code, true);
      weigerVtOrganisatie(org);
      if (org.code === ctx.actor.organisatie.code) {
        throw ongeldigeInvoer([
          {
            veld: 'code',
            code: 'EIGEN_ORGANISATIE',
            melding: 'U kunt uw eigen organisatie niet deactiveren; dat doet een ander landelijk beheer of de CLI.',
          },
        ]);
      }
      controleerAlleenEigenRegio(scope, org);
      const telling = {
        overdrachtenIngetrokken: 0,
        hwcSignalenGeescaleerd: 0,
        zsmVerzoekenGeescaleerd: 0,
        webhookEndpointsUitgeschakeld: 0,
      };
      if (!org.actief) return { org, telling };

      // First the rows only the login role may change (organisatie, webhook_endpoint) ...
      org.actief = false;
      org.gedeactiveerdOp = nu;
      org.gewijzigdOp = nu;
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'ORGANISATIE_DEACTIVEREN',
        actie: 'U',
        vtOrganisatie: regio,
        objectType: 'Organisatie',
        objectId: org.code,
        velden: ['actief', 'gedeactiveerdOp'],
      });
      const endpoints = await schakelUitBijDeactiveren(tx, org.code, nu);
      for (const id of endpoints) {
        await ctx.audit.inTransactie(tx, {
          gebeurtenis: 'WEBHOOK_ENDPOINT_WIJZIGEN',
          actie: 'U',
          vtOrganisatie: regio,
          objectType: 'WebhookEndpoint',
          objectId: id,
          velden: ['actief', 'uitschakelreden'],
        });
      }

      // ... then the gateway rows addressed to it: the transaction now runs as ketenpoort_app with its partner scope.
      const overdrachten = await trekOverdrachtenAanOrganisatieIn(tx, org.code, nu);
      for (const o of overdrachten) {
        await ctx.audit.inTransactie(tx, {
          gebeurtenis: 'OVERDRACHT_INTREKKEN',
          actie: 'U',
          vtOrganisatie: o.vtOrganisatie,
          objectType: 'Overdracht',
          objectId: o.id,
          persoonIds: o.persoonIds,
          velden: ['status', 'intrekkingReden'],
        });
      }
      const signalen = org.soort === 'SCHOOL' ? await escaleerSignalenAanSchool(tx, org.code, nu) : [];
      for (const s of signalen) {
        await ctx.audit.inTransactie(tx, {
          gebeurtenis: 'HWC_SIGNAAL_ESCALEREN',
          actie: 'U',
          vtOrganisatie: s.vtOrganisatie,
          objectType: 'HwcSignaal',
          objectId: s.signaalId,
          persoonIds: [s.persoonId],
          velden: ['geescaleerdOp'],
        });
      }
      const verzoeken =
        org.soort === 'OPENBAAR_MINISTERIE' || org.soort === 'POLITIE'
          ? await escaleerVerzoekenVanAanvrager(tx, org.code, nu)
          : [];
      for (const v of verzoeken) {
        await ctx.audit.inTransactie(tx, {
          gebeurtenis: 'ZSM_VERZOEK_ESCALEREN',
          actie: 'U',
          vtOrganisatie: v.vtOrganisatie,
          objectType: 'ZsmVerzoek',
          objectId: v.verzoekId,
          velden: ['geescaleerdOp'],
        });
      }
      telling.overdrachtenIngetrokken = overdrachten.length;
      telling.hwcSignalenGeescaleerd = signalen.length;
      telling.zsmVerzoekenGeescaleerd = verzoeken.length;
      telling.webhookEndpointsUitgeschakeld = endpoints.length;
      return { org, telling };
    });
    ctx.log.info({ organisatie: uitkomst.org.code, ...uitkomst.telling }, 'organisatie gedeactiveerd');
    const [organisatie] = await organisatieViews(ctx.em, [uitkomst.org]);
    return Object.assign(new OrganisatieDeactiveringView(), { organisatie, ...uitkomst.telling });
  },

  async heractiveer(ctx: RequestContext, code: string): Promise<BeheerOrganisatieView> {
    const scope = scopeVan(ctx);
    const nu = ctx.clock.now();
    const regio = auditRegio(scope);
    const org = await ctx.em.transactional(async (tx) => {
      await beheerSlot(tx);
      const o = await organisatieInScope(tx, scope, code, true);
      weigerVtOrganisatie(o);
      controleerAlleenEigenRegio(scope, o);
      if (o.actief) return o;
      o.actief = true;
      o.gedeactiveerdOp = null;
      o.gewijzigdOp = nu;
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'ORGANISATIE_HERACTIVEREN',
        actie: 'U',
        vtOrganisatie: regio,
        objectType: 'Organisatie',
        objectId: o.code,
        velden: ['actief', 'gedeactiveerdOp'],
      });
      for (const id of await schakelInBijHeractiveren(tx, o.code, nu)) {
        await ctx.audit.inTransactie(tx, {
          gebeurtenis: 'WEBHOOK_ENDPOINT_WIJZIGEN',
          actie: 'U',
          vtOrganisatie: regio,
          objectType: 'WebhookEndpoint',
          objectId: id,
          velden: ['actief', 'uitschakelreden'],
        });
      }
      return o;
    });
    ctx.log.info({ organisatie: org.code }, 'organisatie geheractiveerd');
    return (await organisatieViews(ctx.em, [org]))[0];
  },
};
