import type { MikroORM } from '@mikro-orm/postgresql';

import { auditSysteemwerk } from '../audit/systeem-audit';
import type { Clock } from '../lib/clock';
import type { WebhookConfig } from '../lib/config';
import type { Logger } from '../lib/logger';
import { pgArrayLiteral } from '../lib/sql';
import { leesGeheim, onderteken } from './geheim';
import { GebeurtenisType, schrijfGebeurtenis } from './outbox';
import { postNaar } from './verzending';
import { AdresReden, controleerBestemming, ontleedUrl } from './webhook.adres';

/**
 * Delivery of the outbox to partner endpoints (at least once).
 *
 * Why a periodic dispatcher and not one BullMQ job per delivery: the state of every delivery (status, attempts, next
 * attempt, lease) must live in PostgreSQL anyway, so that nothing is lost when Redis or a worker is. A job per
 * delivery would be a second copy of that schedule that a reconciler must keep in step (as the termijnen module
 * does for deadlines that lie days ahead). Deliveries are due within seconds to hours, so one dispatcher job that
 * BullMQ runs every WEBHOOK_AFLEVER_INTERVAL_MS and that reads the due rows is simpler and has no second copy: it
 * claims due rows with `FOR UPDATE SKIP LOCKED` and a lease (several workers share the work without taking the same
 * row), delivers, and records the outcome. A worker that dies after claiming leaves a lease that expires; the row is
 * then claimed again and delivered with the same webhook-id (the event id), which the receiver deduplicates on.
 */

export interface AfleverDeps {
  orm: MikroORM;
  clock: Clock;
  log: Logger;
  config: { webhooks: WebhookConfig };
  /** The BullMQ job of this run, for the audit record of a disabled endpoint. */
  jobId?: string;
}

/** One claimed delivery with what is needed to send it. */
export interface GeclaimdeAflevering {
  id: string;
  claim: string;
  pogingen: number;
  endpointId: string;
  url: string;
  gebeurtenis: {
    id: string;
    type: string;
    objectType: string;
    objectId: string;
    volgnummer: number;
    aangemaaktOp: Date;
  };
}

export interface Uitkomst {
  afgeleverd: boolean;
  statuscode: number | null;
  fout: string | null;
}

/**
 * The wait before the next attempt after `pogingen` attempts: exponential (basis × 2^(n-1)), capped, with "equal
 * jitter" (between half and all of it) so that deliveries that failed together do not retry together.
 */
export function wachttijdMs(
  pogingen: number,
  cfg: Pick<WebhookConfig, 'backoffBasisMs' | 'backoffMaxMs'>,
  random: () => number = Math.random,
): number {
  const exp = Math.min(cfg.backoffMaxMs, cfg.backoffBasisMs * 2 ** Math.min(Math.max(pogingen - 1, 0), 40));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/**
 * The JSON body: event type, event time and ids only (ARCHITECTURE §2: "that, not what"). `volgnummer` is the
 * recipient's own (1, 2, 3, ... per partner organisation), so its gaps say nothing about events for others.
 */
export function berichtBody(g: GeclaimdeAflevering['gebeurtenis']): string {
  return JSON.stringify({
    type: g.type,
    timestamp: g.aangemaaktOp.toISOString(),
    data: { id: g.id, objectType: g.objectType, objectId: g.objectId, volgnummer: g.volgnummer },
  });
}

/**
 * Fan-out: creates one PENDING delivery per event × active endpoint of the event's recipient, for events not yet fanned
 * out, and marks those events. Idempotent (unique (gebeurtenis_id, endpoint_id)); concurrent runs skip each other's
 * events (SKIP LOCKED). An endpoint that is inactive at fan-out gets no delivery: the partner recovers through the
 * `gebeurtenissen` feed.
 */
export async function waaierUit(deps: AfleverDeps, max = 1000): Promise<number> {
  const nu = deps.clock.now();
  return deps.orm.em.fork().transactional(async (tx) => {
    const conn = tx.getConnection();
    const rijen = await conn.execute<{ id: string }[]>(
      `select id from gebeurtenis where uitgewaaierd_op is null order by volgorde limit ? for update skip locked`,
      [max],
      'all',
      tx.getTransactionContext(),
    );
    if (rijen.length === 0) return 0;
    const ids = rijen.map((r) => r.id);
    const nieuw = await conn.execute<{ id: string }[]>(
      `insert into webhook_aflevering (id, gebeurtenis_id, endpoint_id, status, pogingen, volgende_poging_op, aangemaakt_op)
       select gen_random_uuid(), g.id, e.id, 'PENDING', 0, ?, ?
         from gebeurtenis g join webhook_endpoint e on e.organisatie = g.ontvanger and e.actief
        where g.id = any(?::uuid[]) and (g.casus_id is null or not casus_is_beperkt(g.casus_id))
       on conflict (gebeurtenis_id, endpoint_id) do nothing
       returning id`,
      [nu, nu, pgArrayLiteral(ids)],
      'all',
      tx.getTransactionContext(),
    );
    await conn.execute(
      `update gebeurtenis set uitgewaaierd_op = ? where id = any(?::uuid[])`,
      [nu, pgArrayLiteral(ids)],
      'run',
      tx.getTransactionContext(),
    );
    return nieuw.length;
  });
}

/**
 * Claims up to `max` due deliveries of active endpoints for `claimMs` (the lease) and counts the attempt. A row whose
 * lease is still running belongs to another worker and is skipped; one whose lease expired is claimed again.
 */
export async function claimAfleveringen(
  deps: AfleverDeps,
  max = deps.config.webhooks.afleverBatch,
): Promise<GeclaimdeAflevering[]> {
  const nu = deps.clock.now();
  const claim = crypto.randomUUID();
  const tot = new Date(nu.getTime() + deps.config.webhooks.claimMs);
  const conn = deps.orm.em.getConnection();
  const rijen = await conn.execute<
    {
      id: string;
      pogingen: number;
      endpoint_id: string;
      url: string;
      g_id: string;
      type: string;
      object_type: string;
      object_id: string;
      volgnummer: string;
      aangemaakt_op: Date;
    }[]
  >(
    `with geclaimd as (
       update webhook_aflevering a set geclaimd_tot = ?, claim = ?, pogingen = a.pogingen + 1, laatste_poging_op = ?
        where a.id in (
          select a2.id from webhook_aflevering a2 join webhook_endpoint e on e.id = a2.endpoint_id and e.actief
            join gebeurtenis g2 on g2.id = a2.gebeurtenis_id
           where a2.status in ('PENDING', 'FAILED') and a2.volgende_poging_op <= ?
             and (g2.casus_id is null or not casus_is_beperkt(g2.casus_id))
             and (a2.geclaimd_tot is null or a2.geclaimd_tot <= ?)
           order by a2.volgende_poging_op, a2.id
           limit ?
           for update of a2 skip locked)
       returning a.id, a.pogingen, a.endpoint_id, a.gebeurtenis_id)
     select c.id, c.pogingen, c.endpoint_id, e.url, g.id as g_id, g.type, g.object_type, g.object_id, g.volgnummer, g.aangemaakt_op
       from geclaimd c join webhook_endpoint e on e.id = c.endpoint_id join gebeurtenis g on g.id = c.gebeurtenis_id`,
    [tot, claim, nu, nu, nu, max],
  );
  return rijen.map((r) => ({
    id: r.id,
    claim,
    pogingen: r.pogingen,
    endpointId: r.endpoint_id,
    url: r.url,
    gebeurtenis: {
      id: r.g_id,
      type: r.type,
      objectType: r.object_type,
      objectId: r.object_id,
      volgnummer: Number(r.volgnummer),
      aangemaaktOp: new Date(r.aangemaakt_op),
    },
  }));
}

/** The secrets valid now for each endpoint, newest first (current one, then the previous one during its overlap). */
async function geldigeGeheimen(deps: AfleverDeps, endpointIds: readonly string[]): Promise<Map<string, string[]>> {
  const nu = deps.clock.now();
  const rijen = await deps.orm.em
    .getConnection()
    .execute<{ endpoint_id: string; geheim: string }[]>(
      `select endpoint_id, geheim from webhook_geheim where endpoint_id = any(?::uuid[]) and (geldig_tot is null or geldig_tot > ?) order by endpoint_id, aangemaakt_op desc`,
      [pgArrayLiteral([...new Set(endpointIds)]), nu],
    );
  const uit = new Map<string, string[]>();
  for (const r of rijen) {
    const lijst = uit.get(r.endpoint_id) ?? [];
    try {
      lijst.push(leesGeheim(r.geheim, r.endpoint_id, deps.config.webhooks.geheimSleutel));
    } catch (e) {
      // A secret sealed with another key: that endpoint's deliveries fail (GEEN_GELDIG_GEHEIM) until the key is right.
      deps.log.error({ endpointId: r.endpoint_id, fout: (e as Error).message }, 'webhookgeheim niet te lezen');
    }
    uit.set(r.endpoint_id, lijst);
  }
  return uit;
}

/** Rejects with a TimeoutError when `signal` aborts first (DNS lookups take no signal of their own). */
function binnen<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const af = () => reject(signal.reason as Error);
    if (signal.aborted) return af();
    signal.addEventListener('abort', af, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', af));
  });
}

/**
 * Sends one delivery: checks the URL and every address its host resolves to now (webhook.adres.ts), then POSTs,
 * signed, to exactly those addresses (verzending.ts); no redirects followed; one timeout for lookup and request.
 * A refused address is a failed attempt (`laatsteFout` WEBHOOK_ADRES_NIET_TOEGESTAAN or WEBHOOK_ADRES_ONBEKEND) and
 * nothing is connected to. Never throws.
 */
export async function verstuur(
  deps: AfleverDeps,
  a: GeclaimdeAflevering,
  geheimen: readonly string[],
): Promise<Uitkomst> {
  if (geheimen.length === 0) return { afgeleverd: false, statuscode: null, fout: 'GEEN_GELDIG_GEHEIM' };
  const cfg = deps.config.webhooks;
  const nu = deps.clock.now();
  const body = berichtBody(a.gebeurtenis);
  const signal = AbortSignal.timeout(cfg.timeoutMs);
  try {
    // Checked again at every attempt: the URL was checked at registration, but the policy or DNS may have changed.
    const { fouten, bestemming } = ontleedUrl(a.url, cfg);
    const controle = bestemming ? await binnen(controleerBestemming(bestemming, cfg, cfg.opzoeker), signal) : null;
    if (!bestemming || !controle?.toegestaan) {
      const reden = controle && !controle.toegestaan ? controle.reden : AdresReden.NIET_TOEGESTAAN;
      deps.log.warn(
        {
          endpointId: a.endpointId,
          reden,
          toelichting: controle && !controle.toegestaan ? controle.toelichting : fouten.map((f) => f.melding),
        },
        'webhook-aflevering geweigerd: adres niet toegestaan',
      );
      return { afgeleverd: false, statuscode: null, fout: reden };
    }
    const res = await postNaar(
      bestemming,
      controle.adressen,
      {
        'content-type': 'application/json',
        'user-agent': 'Ketenpoort-Webhooks/1',
        'webhook-id': a.gebeurtenis.id,
        'webhook-timestamp': String(Math.floor(nu.getTime() / 1000)),
        'webhook-signature': onderteken(geheimen, a.gebeurtenis.id, nu, body),
      },
      body,
      signal,
    );
    const ok = res.status >= 200 && res.status < 300;
    return { afgeleverd: ok, statuscode: res.status, fout: ok ? null : `HTTP_${res.status}` };
  } catch (e) {
    const err = e as Error & { code?: string };
    const fout =
      signal.aborted || err.name === 'TimeoutError' || err.name === 'AbortError'
        ? 'TIME_OUT'
        : (err.code ?? 'NETWERKFOUT');
    return { afgeleverd: false, statuscode: null, fout: String(fout).slice(0, 100) };
  }
}

/**
 * Records the outcome of one attempt, only if this worker still holds the claim (a worker whose lease expired and
 * whose row was claimed again leaves the row to the newer claim). A failure schedules the next attempt with backoff,
 * or makes the delivery DEAD when the attempts are spent; it also tracks how long the endpoint has been failing and
 * disables it after WEBHOOK_UITSCHAKELEN_NA_MS, telling its owner with a `webhook.endpoint-uitgeschakeld` event.
 */
export async function legUitkomstVast(
  deps: AfleverDeps,
  a: GeclaimdeAflevering,
  u: Uitkomst,
): Promise<'DELIVERED' | 'FAILED' | 'DEAD' | 'CLAIM_VERLOREN'> {
  const nu = deps.clock.now();
  const cfg = deps.config.webhooks;
  return deps.orm.em.fork().transactional(async (tx) => {
    const conn = tx.getConnection();
    // Lock order: the endpoint row first, then delivery rows. Outcomes for one endpoint are recorded one at a time,
    // and disabling (which touches all of the endpoint's open deliveries) cannot deadlock with a parallel outcome.
    // `ep` is only read once the delivery row was updated: deliveries go with their endpoint (on delete cascade) and
    // the endpoint row is locked here, so an updated delivery always has its endpoint row.
    const [ep] = await conn.execute<{ falend_sinds: Date | null; actief: boolean; organisatie: string }[]>(
      `select falend_sinds, actief, organisatie from webhook_endpoint where id = ? for no key update`,
      [a.endpointId],
      'all',
      tx.getTransactionContext(),
    );
    if (u.afgeleverd) {
      const r = await conn.execute<{ id: string }[]>(
        `update webhook_aflevering set status = 'DELIVERED', afgeleverd_op = ?, laatste_statuscode = ?, laatste_fout = null, volgende_poging_op = null, geclaimd_tot = null, claim = null
          where id = ? and claim = ? returning id`,
        [nu, u.statuscode, a.id, a.claim],
        'all',
        tx.getTransactionContext(),
      );
      if (r.length && ep.falend_sinds) {
        await conn.execute(
          `update webhook_endpoint set falend_sinds = null where id = ?`,
          [a.endpointId],
          'run',
          tx.getTransactionContext(),
        );
      }
      return r.length ? 'DELIVERED' : 'CLAIM_VERLOREN';
    }
    const dood = a.pogingen >= cfg.maxPogingen;
    const r = await conn.execute<{ id: string }[]>(
      `update webhook_aflevering set status = ?, volgende_poging_op = ?, laatste_statuscode = ?, laatste_fout = ?, geclaimd_tot = null, claim = null
        where id = ? and claim = ? returning id`,
      [
        dood ? 'DEAD' : 'FAILED',
        dood ? null : new Date(nu.getTime() + wachttijdMs(a.pogingen, cfg)),
        u.statuscode,
        u.fout,
        a.id,
        a.claim,
      ],
      'all',
      tx.getTransactionContext(),
    );
    if (r.length === 0) return 'CLAIM_VERLOREN';
    const falendSinds = ep.falend_sinds ? new Date(ep.falend_sinds) : nu;
    if (!ep.falend_sinds) {
      await conn.execute(
        `update webhook_endpoint set falend_sinds = ? where id = ?`,
        [nu, a.endpointId],
        'run',
        tx.getTransactionContext(),
      );
    }
    if (ep.actief && nu.getTime() - falendSinds.getTime() >= cfg.uitschakelenNaMs) {
      await conn.execute(
        `update webhook_endpoint set actief = false, uitschakelreden = 'AANHOUDEND_FALEN', uitgeschakeld_op = ?, gewijzigd_op = ? where id = ?`,
        [nu, nu, a.endpointId],
        'run',
        tx.getTransactionContext(),
      );
      // Open deliveries of a disabled endpoint become dead letters: re-drivable once the partner fixed and re-enabled it.
      await conn.execute(
        `update webhook_aflevering set status = 'DEAD', volgende_poging_op = null, laatste_fout = coalesce(laatste_fout, 'ENDPOINT_UITGESCHAKELD'), geclaimd_tot = null, claim = null
          where endpoint_id = ? and status in ('PENDING', 'FAILED')`,
        [a.endpointId],
        'run',
        tx.getTransactionContext(),
      );
      await schrijfGebeurtenis(tx, {
        ontvanger: ep.organisatie,
        type: GebeurtenisType.WEBHOOK_ENDPOINT_UITGESCHAKELD,
        objectType: 'WebhookEndpoint',
        objectId: a.endpointId,
        vtOrganisatie: null,
        casusId: null,
        op: nu,
      });
      await auditSysteemwerk(tx, deps, 'webhooks-afleveren', [
        {
          gebeurtenis: 'WEBHOOK_ENDPOINT_UITSCHAKELEN',
          actie: 'U',
          vtOrganisatie: null,
          organisatie: ep.organisatie,
          objectType: 'WebhookEndpoint',
          objectId: a.endpointId,
          velden: ['actief', 'uitschakelreden'],
          grondslag: 'AVG art. 32: beveiliging van de verwerking (aanhoudend falend endpoint uitgeschakeld)',
        },
      ]);
      deps.log.warn(
        { endpointId: a.endpointId, organisatie: ep.organisatie, falendSinds },
        'webhook-endpoint uitgeschakeld na aanhoudend falen',
      );
    }
    return dood ? 'DEAD' : 'FAILED';
  });
}

export interface AfleverRonde {
  uitgewaaierd: number;
  pogingen: number;
  afgeleverd: number;
  mislukt: number;
  dood: number;
}

/** Runs `werk` over `items` with at most `n` at a time. */
async function metParallel<T>(items: readonly T[], n: number, werk: (item: T) => Promise<void>): Promise<void> {
  let volgende = 0;
  const lopers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (volgende < items.length) {
      const item = items[volgende++];
      await werk(item);
    }
  });
  await Promise.all(lopers);
}

/**
 * One dispatcher run: fan out new events, then claim, send and record due deliveries in batches until none is due
 * (bounded, so one run does not hold a BullMQ slot for ever; the next run continues).
 */
export async function afleverRonde(
  deps: AfleverDeps,
  opts: { batch?: number; maxBatches?: number; parallel?: number } = {},
): Promise<AfleverRonde> {
  const uit: AfleverRonde = { uitgewaaierd: await waaierUit(deps), pogingen: 0, afgeleverd: 0, mislukt: 0, dood: 0 };
  for (let i = 0; i < (opts.maxBatches ?? 20); i++) {
    // Defaults from the configuration: its lease (claimMs) is sized for a batch of that size sent that many at a time.
    const batch = await claimAfleveringen(deps, opts.batch ?? deps.config.webhooks.afleverBatch);
    if (batch.length === 0) break;
    const geheimen = await geldigeGeheimen(
      deps,
      batch.map((a) => a.endpointId),
    );
    await metParallel(batch, opts.parallel ?? deps.config.webhooks.afleverParallel, async (a) => {
      const u = await verstuur(deps, a, geheimen.get(a.endpointId) ?? []);
      const status = await legUitkomstVast(deps, a, u);
      uit.pogingen++;
      if (status === 'DELIVERED') uit.afgeleverd++;
      else if (status === 'FAILED') uit.mislukt++;
      else if (status === 'DEAD') uit.dood++;
    });
  }
  if (uit.pogingen > 0 || uit.uitgewaaierd > 0) deps.log.info({ ...uit }, 'webhooks afgeleverd');
  return uit;
}
