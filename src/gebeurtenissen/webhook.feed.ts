import { raw } from '@mikro-orm/core';

import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer } from '../lib/errors';
import {
  alsConnection,
  controleerPaginagrootte,
  cursorTekst,
  naCursor,
  ongeldigeCursor,
} from '../lib/graphql/paginering';
import { pgArrayLiteral } from '../lib/sql';
import { type AfleverStatus, WebhookAfleveringEntity, WebhookEndpointEntity } from './webhook.entity';
import {
  type GebeurtenisConnection,
  GebeurtenisView,
  type WebhookAfleveringConnection,
  WebhookAfleveringView,
} from './webhook.types';
import { eigenEndpoint, partnerVan } from './webhook.service';

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
 * The deliveries of the caller's own endpoints and the event feed, for its own partner organisation only (the
 * endpoints themselves are webhook.service.ts): every query is scoped on it, and the row rule `isVanEigenOrganisatie`
 * checks every object returned.
 */
export const webhookFeed = {
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
