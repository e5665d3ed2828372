import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';

import { isUuid, type RequestContext } from '../lib/context';
import { geenToegang, nietGevonden, ongeldigeInvoer, type VeldFout } from '../lib/errors';
import { bewaarGeheim, leesGeheim, nieuwGeheim } from './geheim';
import { AdresReden, controleerBestemming, ontleedUrl } from './webhook.adres';
import { WebhookEndpointEntity, WebhookGeheimEntity, WebhookUitschakelreden } from './webhook.entity';
import type { WebhookEndpointInvoer, WebhookEndpointWijziging } from './webhook.inputs';
import { WebhookEndpointMetGeheim, WebhookEndpointView } from './webhook.types';

/** At most this many endpoints per organisation: enough for production, acceptance and a spare. */
export const MAX_ENDPOINTS = 10;

/** The caller's partner organisation; FORBIDDEN for VT and national organisations (they receive no webhooks). */
export function partnerVan(ctx: RequestContext): string {
  const soort = ctx.actor.organisatie.soort;
  if (soort === 'VEILIG_THUIS' || soort === 'LANDELIJK') throw geenToegang('Alleen ketenpartners beheren webhooks.');
  return ctx.actor.organisatie.code;
}

/**
 * Checks an endpoint URL before it is stored: as written (ontleedUrl) and, for a host name, every address it resolves
 * to now (controleerBestemming). Every delivery checks again (aflevering.ts); this check tells the partner at once.
 * Throws BAD_USER_INPUT with `reden` WEBHOOK_ADRES_NIET_TOEGESTAAN (or WEBHOOK_ADRES_ONBEKEND for a name that does not
 * resolve) and the field problems; changes nothing.
 */
async function controleerEndpointUrl(ctx: RequestContext, url: string): Promise<void> {
  const cfg = ctx.config.webhooks;
  const { fouten, bestemming } = ontleedUrl(url, cfg);
  if (!bestemming) {
    const adres = fouten.some((f) => f.code === AdresReden.NIET_TOEGESTAAN);
    throw adres ? adresFout(AdresReden.NIET_TOEGESTAAN, fouten) : ongeldigeInvoer(fouten);
  }
  const controle = await controleerBestemming(bestemming, cfg, cfg.opzoeker);
  if (controle.toegestaan) return;
  const melding =
    controle.reden === AdresReden.ONBEKEND
      ? `De hostnaam ${bestemming.host} is (nu) niet te vinden in DNS; controleer de naam, of probeer het opnieuw zodra de DNS-registratie staat.`
      : `De hostnaam ${bestemming.host} verwijst naar een adres dat geen publiek adres is; een webhook-endpoint moet publiek bereikbaar zijn.`;
  throw adresFout(controle.reden, [{ veld: 'url', code: controle.reden, melding }]);
}

/** BAD_USER_INPUT for a refused endpoint address, with its stable reason. */
function adresFout(reden: AdresReden, fouten: VeldFout[]): GraphQLError {
  const basis = ongeldigeInvoer(fouten);
  return new GraphQLError(basis.message, { extensions: { ...basis.extensions, reden } });
}

export async function eigenEndpoint(
  tx: EntityManager,
  organisatie: string,
  id: string,
  vergrendel = false,
): Promise<WebhookEndpointEntity> {
  // Another organisation's endpoint is answered exactly like one that does not exist.
  if (!isUuid(id)) throw nietGevonden('Het webhook-endpoint');
  const e = await tx.findOne(
    WebhookEndpointEntity,
    { id, organisatie },
    vergrendel ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
  );
  if (!e) throw nietGevonden('Het webhook-endpoint');
  return e;
}

/** When the previous secret stops being valid, if a rotation's overlap is running. */
async function overlapTot(tx: EntityManager, endpointIds: readonly string[], nu: Date): Promise<Map<string, Date>> {
  if (endpointIds.length === 0) return new Map();
  const rijen = await tx.find(WebhookGeheimEntity, { endpointId: { $in: [...endpointIds] }, geldigTot: { $gt: nu } });
  const uit = new Map<string, Date>();
  for (const g of rijen) {
    const huidig = uit.get(g.endpointId);
    if (g.geldigTot && (!huidig || g.geldigTot > huidig)) uit.set(g.endpointId, g.geldigTot);
  }
  return uit;
}

async function view(tx: EntityManager, e: WebhookEndpointEntity, nu: Date): Promise<WebhookEndpointView> {
  return WebhookEndpointView.van(e, (await overlapTot(tx, [e.id], nu)).get(e.id) ?? null);
}

/**
 * Webhook endpoints (their deliveries and the event feed are webhook.feed.ts), for the caller's own partner
 * organisation only: every query is scoped on it, and the row rule `isVanEigenOrganisatie` checks every object
 * returned. Endpoint changes are audited; nothing here is personal data.
 */
export const webhookService = {
  async lijst(ctx: RequestContext): Promise<WebhookEndpointView[]> {
    const org = partnerVan(ctx);
    const nu = ctx.clock.now();
    const rijen = await ctx.em.find(
      WebhookEndpointEntity,
      { organisatie: org },
      { orderBy: { aangemaaktOp: 'asc', id: 'asc' } },
    );
    const overlap = await overlapTot(
      ctx.em,
      rijen.map((e) => e.id),
      nu,
    );
    return rijen.map((e) => WebhookEndpointView.van(e, overlap.get(e.id) ?? null));
  },

  async lees(ctx: RequestContext, id: string): Promise<WebhookEndpointView> {
    const org = partnerVan(ctx);
    return view(ctx.em, await eigenEndpoint(ctx.em, org, id), ctx.clock.now());
  },

  async registreer(ctx: RequestContext, invoer: WebhookEndpointInvoer): Promise<WebhookEndpointMetGeheim> {
    const org = partnerVan(ctx);
    const cfg = ctx.config.webhooks;
    await controleerEndpointUrl(ctx, invoer.url);
    const nu = ctx.clock.now();
    return ctx.em.transactional(async (tx) => {
      // Serialises registrations of one organisation, so the limit holds under concurrency.
      await tx
        .getConnection()
        .execute(
          `select pg_advisory_xact_lock(hashtextextended('webhook_endpoint:' || ?, 0))`,
          [org],
          'run',
          tx.getTransactionContext(),
        );
      if ((await tx.count(WebhookEndpointEntity, { organisatie: org })) >= MAX_ENDPOINTS) {
        throw ongeldigeInvoer([
          {
            veld: 'url',
            code: 'TE_VEEL_ENDPOINTS',
            melding: `Een organisatie heeft ten hoogste ${MAX_ENDPOINTS} endpoints; verwijder er eerst een.`,
          },
        ]);
      }
      const e = tx.create(WebhookEndpointEntity, {
        organisatie: org,
        url: invoer.url,
        omschrijving: invoer.omschrijving ?? null,
        actief: true,
        aangemaaktOp: nu,
        gewijzigdOp: nu,
      });
      // Two flushes: the entities have no ORM relation, so the endpoint row must exist before its secret's.
      await tx.flush();
      const geheim = nieuwGeheim();
      tx.create(WebhookGeheimEntity, {
        endpointId: e.id,
        geheim: bewaarGeheim(geheim, e.id, cfg.geheimSleutel),
        aangemaaktOp: nu,
        geldigTot: null,
      });
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'WEBHOOK_ENDPOINT_REGISTREREN',
        actie: 'C',
        vtOrganisatie: null,
        objectType: 'WebhookEndpoint',
        objectId: e.id,
        velden: ['url', 'omschrijving', 'geheim'],
      });
      return Object.assign(new WebhookEndpointMetGeheim(), {
        endpoint: WebhookEndpointView.van(e, null),
        geheim,
        organisatie: e.organisatie,
      });
    });
  },

  async wijzig(ctx: RequestContext, id: string, invoer: WebhookEndpointWijziging): Promise<WebhookEndpointView> {
    const org = partnerVan(ctx);
    if (invoer.url != null) await controleerEndpointUrl(ctx, invoer.url);
    const nu = ctx.clock.now();
    return ctx.em.transactional(async (tx) => {
      const e = await eigenEndpoint(tx, org, id, true);
      const velden: string[] = [];
      if (invoer.url != null && invoer.url !== e.url) {
        e.url = invoer.url;
        velden.push('url');
      }
      if (invoer.omschrijving !== undefined && invoer.omschrijving !== e.omschrijving) {
        e.omschrijving = invoer.omschrijving ?? null;
        velden.push('omschrijving');
      }
      if (invoer.actief != null && invoer.actief !== e.actief) {
        if (
          invoer.actief &&
          (e.uitschakelreden === WebhookUitschakelreden.BEHEER ||
            e.uitschakelreden === WebhookUitschakelreden.ORGANISATIE_GEDEACTIVEERD)
        ) {
          throw ongeldigeInvoer([
            {
              veld: 'actief',
              code: 'UITGESCHAKELD_DOOR_BEHEER',
              melding: 'Functioneel beheer heeft dit endpoint uitgezet; vraag het beheer om het weer aan te zetten.',
            },
          ]);
        }
        e.actief = invoer.actief;
        // Switched on again: a fresh start for the failure clock. Switched off: by hand.
        e.uitschakelreden = invoer.actief ? null : WebhookUitschakelreden.HANDMATIG;
        e.uitgeschakeldOp = invoer.actief ? null : nu;
        e.falendSinds = null;
        velden.push('actief');
      }
      if (velden.length) {
        e.gewijzigdOp = nu;
        await tx.flush();
        await ctx.audit.inTransactie(tx, {
          gebeurtenis: 'WEBHOOK_ENDPOINT_WIJZIGEN',
          actie: 'U',
          vtOrganisatie: null,
          objectType: 'WebhookEndpoint',
          objectId: e.id,
          velden,
        });
      }
      return view(tx, e, nu);
    });
  },

  async verwijder(ctx: RequestContext, id: string): Promise<string> {
    const org = partnerVan(ctx);
    return ctx.em.transactional(async (tx) => {
      const e = await eigenEndpoint(tx, org, id, true);
      // Its secrets and deliveries go with it (on delete cascade).
      await tx
        .getConnection()
        .execute(`delete from webhook_endpoint where id = ?`, [e.id], 'run', tx.getTransactionContext());
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'WEBHOOK_ENDPOINT_VERWIJDEREN',
        actie: 'D',
        vtOrganisatie: null,
        objectType: 'WebhookEndpoint',
        objectId: e.id,
      });
      return e.id;
    });
  },

  /**
   * A new secret; the current one stays valid for WEBHOOK_GEHEIM_OVERLAP_MS, during which deliveries carry both
   * signatures, so the partner can switch its receiver over without losing a message. Older secrets end now.
   */
  async roteer(ctx: RequestContext, id: string): Promise<WebhookEndpointMetGeheim> {
    const org = partnerVan(ctx);
    const cfg = ctx.config.webhooks;
    const nu = ctx.clock.now();
    return ctx.em.transactional(async (tx) => {
      const e = await eigenEndpoint(tx, org, id, true);
      const conn = tx.getConnection();
      await conn.execute(
        `delete from webhook_geheim where endpoint_id = ? and geldig_tot is not null`,
        [e.id],
        'run',
        tx.getTransactionContext(),
      );
      await conn.execute(
        `update webhook_geheim set geldig_tot = ? where endpoint_id = ? and geldig_tot is null`,
        [new Date(nu.getTime() + cfg.geheimOverlapMs), e.id],
        'run',
        tx.getTransactionContext(),
      );
      const geheim = nieuwGeheim();
      tx.create(WebhookGeheimEntity, {
        endpointId: e.id,
        geheim: bewaarGeheim(geheim, e.id, cfg.geheimSleutel),
        aangemaaktOp: nu,
        geldigTot: null,
      });
      e.gewijzigdOp = nu;
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'WEBHOOK_GEHEIM_ROTEREN',
        actie: 'U',
        vtOrganisatie: null,
        objectType: 'WebhookEndpoint',
        objectId: e.id,
        velden: ['geheim'],
      });
      return Object.assign(new WebhookEndpointMetGeheim(), {
        endpoint: await view(tx, e, nu),
        geheim,
        organisatie: e.organisatie,
      });
    });
  },
};

/**
 * A retried registration (same idempotency key and input; src/lib/idempotentie.ts): the endpoint as it is now, with
 * the secret the first answer carried, which the caller may never have received. Only while that secret is still the
 * endpoint's only one: after a rotation the registration's answer is superseded, and the retry says so (the caller
 * rotates again, which is audited as a rotation) instead of handing out a secret. The disclosure is audited.
 */
export async function registratieHerhalen(ctx: RequestContext, id: string): Promise<WebhookEndpointMetGeheim> {
  const org = partnerVan(ctx);
  const e = await eigenEndpoint(ctx.em, org, id);
  const geheimen = await ctx.em.find(WebhookGeheimEntity, { endpointId: e.id });
  const [eerste] = geheimen;
  if (geheimen.length !== 1 || !eerste || eerste.geldigTot) {
    throw new GraphQLError(
      'Dit endpoint bestaat al (met deze idempotentiesleutel geregistreerd), maar zijn geheim is sindsdien geroteerd; gebruik het nieuwe geheim of roteer opnieuw (webhookGeheimRoteren).',
      {
        extensions: { code: 'CONFLICT', reden: 'GEHEIM_GEROTEERD', endpointId: e.id },
      },
    );
  }
  const geheim = leesGeheim(eerste.geheim, e.id, ctx.config.webhooks.geheimSleutel);
  ctx.audit.lees({
    gebeurtenis: 'WEBHOOK_ENDPOINT_REGISTRATIE_HERHALEN',
    actie: 'R',
    vtOrganisatie: null,
    objectType: 'WebhookEndpoint',
    objectId: e.id,
    velden: ['geheim'],
  });
  return Object.assign(new WebhookEndpointMetGeheim(), {
    endpoint: await view(ctx.em, e, ctx.clock.now()),
    geheim,
    organisatie: e.organisatie,
  });
}
