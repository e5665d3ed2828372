import { LockMode, raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';

import { isUuid, type RequestContext } from '../lib/context';
import { geenToegang, nietGevonden, ongeldigeInvoer, type VeldFout } from '../lib/errors';
import {
  alsConnection,
  controleerPaginagrootte,
  cursorTekst,
  naCursor,
  ongeldigeCursor,
} from '../lib/graphql/paginering';
import { pgArrayLiteral } from '../lib/sql';
import { bewaarGeheim, leesGeheim, nieuwGeheim } from './geheim';
import { AdresReden, controleerBestemming, ontleedUrl } from './webhook.adres';
import {
  type AfleverStatus,
  WebhookAfleveringEntity,
  WebhookEndpointEntity,
  WebhookGeheimEntity,
  WebhookUitschakelreden,
} from './webhook.entity';
import type { WebhookEndpointInvoer, WebhookEndpointWijziging } from './webhook.inputs';
import {
  type GebeurtenisConnection,
  GebeurtenisView,
  type WebhookAfleveringConnection,
  WebhookAfleveringView,
  WebhookEndpointMetGeheim,
  WebhookEndpointView,
} from './webhook.types';

/** At most this many endpoints per organisation: enough for production, acceptance and a spare. */
export const MAX_ENDPOINTS = 10;

/** The caller's partner organisation; FORBIDDEN for VT and national organisations (they receive no webhooks). */
function partnerVan(ctx: RequestContext): string {
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

async function eigenEndpoint(
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

/** An opaque feed cursor: the recipient's own volgnummer of the last event seen. */
function feedCursor(volgnummer: number): string {
  return Buffer.from(`o:${volgnummer}`).toString('base64url');
}

/**
 * The recipient's volgnummer a cursor stands for. `g:N` is a cursor from before migration 18, when the number was
 * global: it stands for the last of the recipient's own events with global number (now `volgorde`) up to N, so a
 * partner that saved such a cursor misses nothing and sees nothing twice.
 */
async function leesFeedCursor(ctx: RequestContext, org: string, na: string): Promise<number> {
  const m = /^([og]):(\d{1,15})$/.exec(cursorTekst(na));
  if (!m) throw ongeldigeCursor();
  if (m[1] === 'o') return Number(m[2]);
  const [r] = await ctx.em
    .getConnection()
    .execute<{ volgnummer: string | null }[]>(
      `select max(volgnummer) as volgnummer from gebeurtenis where ontvanger = ? and volgorde <= ?`,
      [org, Number(m[2])],
    );
  return Number(r?.volgnummer ?? 0);
}

/**
 * Webhook endpoints, their deliveries and the event feed, for the caller's own partner organisation only: every query
 * is scoped on it, and the row rule `isVanEigenOrganisatie` checks every object returned. Endpoint changes are
 * audited; nothing here is personal data.
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

  async afleveringen(
    ctx: RequestContext,
    filter: { endpointId?: string; status?: AfleverStatus },
    eerste: number,
    na: string | undefined,
  ): Promise<WebhookAfleveringConnection> {
    const org = partnerVan(ctx);
    controleerPaginagrootte(eerste);
    // The cursor is checked first: a tampered one is refused whether or not there is a page to read.
    const naFilter = naCursor('aangemaaktOp', na);
    // With their organisatie: each delivery view carries its endpoint's owner, for the row rule.
    const endpoints = await ctx.em.find(WebhookEndpointEntity, { organisatie: org }, { fields: ['id', 'organisatie'] });
    const eigenaar = new Map(endpoints.map((e) => [e.id, e.organisatie]));
    let ids = [...eigenaar.keys()];
    if (filter.endpointId !== undefined) {
      if (!ids.includes(filter.endpointId)) throw nietGevonden('Het webhook-endpoint');
      ids = [filter.endpointId];
    }
    if (ids.length === 0) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    const rijen = await ctx.em.find(
      WebhookAfleveringEntity,
      {
        endpointId: { $in: ids },
        ...(filter.status ? { status: filter.status } : {}),
        ...naFilter,
        // Deliveries of an event about a restricted casus are held back, as the feed holds back the event itself.
        [raw(
          (a: string) =>
            `not exists (select 1 from gebeurtenis bg where bg.id = ${a}.gebeurtenis_id and bg.casus_id is not null and casus_is_beperkt(bg.casus_id))`,
        )]: [],
      },
      { orderBy: { aangemaaktOp: 'desc', id: 'desc' }, limit: eerste + 1 },
    );
    const typen = new Map<string, string>();
    if (rijen.length) {
      const g = await ctx.em
        .getConnection()
        .execute<{ id: string; type: string }[]>(`select id, type from gebeurtenis where id = any(?::uuid[])`, [
          pgArrayLiteral(rijen.map((r) => r.gebeurtenisId)),
        ]);
      for (const r of g) typen.set(r.id, r.type);
    }
    const views = rijen.map((a) =>
      Object.assign(new WebhookAfleveringView(), {
        id: a.id,
        gebeurtenisId: a.gebeurtenisId,
        gebeurtenisType: typen.get(a.gebeurtenisId) ?? '',
        endpointId: a.endpointId,
        status: a.status,
        pogingen: a.pogingen,
        volgendePogingOp: a.volgendePogingOp ?? null,
        laatstePogingOp: a.laatstePogingOp ?? null,
        laatsteStatuscode: a.laatsteStatuscode ?? null,
        laatsteFout: a.laatsteFout ?? null,
        afgeleverdOp: a.afgeleverdOp ?? null,
        aangemaaktOp: a.aangemaaktOp,
        // The owner of the delivery's endpoint (not the caller), so the row rule really checks the row; a delivery
        // of an endpoint not loaded above gets no owner and is refused.
        organisatie: eigenaar.get(a.endpointId) ?? '',
      }),
    );
    return alsConnection(views, eerste, (a) => a.aangemaaktOp);
  },

  /**
   * Re-drive: the endpoint's DEAD deliveries (all, or those named) get a fresh set of attempts, due now. Delivered
   * again with the same webhook-id. Returns how many were re-driven.
   */
  async opnieuwAanbieden(
    ctx: RequestContext,
    endpointId: string,
    afleveringIds: readonly string[] | undefined,
  ): Promise<number> {
    const org = partnerVan(ctx);
    if (afleveringIds && !afleveringIds.every(isUuid)) {
      throw ongeldigeInvoer([{ veld: 'afleveringIds', code: 'ONGELDIG_ID', melding: 'Geef ids van afleveringen.' }]);
    }
    const nu = ctx.clock.now();
    return ctx.em.transactional(async (tx) => {
      const e = await eigenEndpoint(tx, org, endpointId, true);
      const r = await tx.getConnection().execute<{ id: string }[]>(
        `update webhook_aflevering set status = 'PENDING', pogingen = 0, volgende_poging_op = ?, geclaimd_tot = null, claim = null
          where endpoint_id = ? and status = 'DEAD' ${afleveringIds ? 'and id = any(?::uuid[])' : ''} returning id`,
        afleveringIds ? [nu, e.id, pgArrayLiteral(afleveringIds)] : [nu, e.id],
        'all',
        tx.getTransactionContext(),
      );
      if (r.length) {
        await ctx.audit.inTransactie(tx, {
          gebeurtenis: 'WEBHOOK_AFLEVERINGEN_OPNIEUW',
          actie: 'U',
          vtOrganisatie: null,
          objectType: 'WebhookEndpoint',
          objectId: e.id,
          velden: ['status'],
        });
      }
      return r.length;
    });
  },

  /**
   * The organisation's own events after cursor `na`, oldest first: for recovering what a webhook missed. Numbered per
   * recipient (1, 2, 3, ...), so a partner sees no trace of events for others. Read through the row rule
   * `isVanEigenOrganisatie` like every view here: each view carries its row's recipient.
   */
  async gebeurtenissen(ctx: RequestContext, na: string | undefined, eerste: number): Promise<GebeurtenisConnection> {
    const org = partnerVan(ctx);
    controleerPaginagrootte(eerste);
    const vanaf = na ? await leesFeedCursor(ctx, org, na) : 0;
    const rijen = await ctx.em.getConnection().execute<
      {
        id: string;
        volgnummer: string;
        type: string;
        object_type: string;
        object_id: string;
        aangemaakt_op: Date;
        ontvanger: string;
      }[]
    >(`select id, volgnummer, type, object_type, object_id, aangemaakt_op, ontvanger from gebeurtenis where ontvanger = ? and volgnummer > ? and (casus_id is null or not casus_is_beperkt(casus_id)) order by volgnummer limit ?`, [org, vanaf, eerste + 1]);
    const views = rijen.map((r) =>
      Object.assign(new GebeurtenisView(), {
        id: r.id,
        volgnummer: Number(r.volgnummer),
        type: r.type,
        objectType: r.object_type,
        objectId: r.object_id,
        aangemaaktOp: new Date(r.aangemaakt_op),
        // The event's recipient (not the caller), so the row rule compares the caller with the row's owner.
        organisatie: r.ontvanger,
      }),
    );
    const pagina = views.slice(0, eerste);
    const laatste = pagina[pagina.length - 1];
    return {
      edges: pagina.map((node) => ({ cursor: feedCursor(node.volgnummer), node })),
      // No last event on this page: the cursor stays where it was, so the partner can poll with it again.
      pageInfo: {
        hasNextPage: views.length > eerste,
        endCursor: laatste ? feedCursor(laatste.volgnummer) : na ? feedCursor(vanaf) : null,
      },
    };
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
