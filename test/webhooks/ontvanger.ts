import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { type AddressInfo, isIP } from 'node:net';

import { schrijfGebeurtenis, type GebeurtenisType } from '../../src/gebeurtenissen/outbox';
import type { AdresOpzoeker } from '../../src/lib/config';
import type { JobDeps } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import type { TestApp } from '../helpers/testapp';
import { termijnActies } from '../../src/modules';

export interface Ontvangen {
  /** The request path (one receiver can stand in for several endpoints: `${url}/a`, `${url}/b`). */
  pad: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Ontvanger {
  url: string;
  /** The port it listens on (127.0.0.1). */
  poort: number;
  ontvangen: Ontvangen[];
  /** TCP connections accepted, also those that never sent a request: 0 proves nothing was connected to. */
  verbindingen: number;
  /** The status code for the n-th request (0-based); return 'hangen' to never answer (time-out tests). */
  antwoord: (n: number, res: ServerResponse) => number | 'hangen';
  stop(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1, recording every request. */
export async function startOntvanger(antwoord: Ontvanger['antwoord'] = () => 204): Promise<Ontvanger> {
  const o = { ontvangen: [] as Ontvangen[], antwoord, verbindingen: 0 } as Ontvanger;
  const server = createServer((req, res) => {
    const delen: Buffer[] = [];
    req.on('data', (d: Buffer) => delen.push(d));
    req.on('end', () => {
      const n = o.ontvangen.length;
      o.ontvangen.push({ pad: req.url ?? '', headers: req.headers, body: Buffer.concat(delen).toString('utf8') });
      const status = o.antwoord(n, res);
      if (status === 'hangen') return;
      if (!res.headersSent) res.statusCode = status;
      res.end(status >= 200 && status < 300 ? '' : 'niet gelukt');
    });
  });
  server.on('connection', () => o.verbindingen++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  o.poort = (server.address() as AddressInfo).port;
  o.url = `http://127.0.0.1:${o.poort}/webhooks`;
  o.stop = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return o;
}

/**
 * A stand-in for DNS (config.webhooks.opzoeker): answers from `namen`, which a test may change between registration
 * and delivery (rebinding); counts the lookups. An unknown name is ENOTFOUND, as from a real resolver.
 */
export function testOpzoeker(
  namen: Record<string, string[]> = {},
): AdresOpzoeker & { namen: Record<string, string[]>; vragen: string[] } {
  const opzoeker = Object.assign(
    async (host: string) => {
      opzoeker.vragen.push(host);
      const adressen = opzoeker.namen[host];
      if (!adressen) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return adressen.map((address) => ({ address, family: isIP(address) }));
    },
    { namen, vragen: [] as string[] },
  );
  return opzoeker;
}

/**
 * The documented algorithm with nothing but node:crypto (README, "Webhooks voor ketenpartners"): HMAC-SHA256 over
 * `${id}.${timestamp}.${body}` with the base64-decoded key after `whsec_`; any one `v1,` entry may match; the timestamp
 * must be within 5 minutes of `nu`.
 */
export function verifieerMetCrypto(geheim: string, headers: IncomingHttpHeaders, body: string, nu: Date): boolean {
  const id = String(headers['webhook-id']);
  const ts = String(headers['webhook-timestamp']);
  if (!/^\d+$/.test(ts) || Math.abs(nu.getTime() / 1000 - Number(ts)) > 5 * 60) return false;
  const sleutel = Buffer.from(geheim.replace(/^whsec_/, ''), 'base64');
  const verwacht = Buffer.from(createHmac('sha256', sleutel).update(`${id}.${ts}.${body}`).digest('base64'));
  return String(headers['webhook-signature'])
    .split(' ')
    .some((entry) => {
      const [versie, handtekening] = entry.split(',');
      const h = Buffer.from(handtekening ?? '');
      return versie === 'v1' && h.length === verwacht.length && timingSafeEqual(h, verwacht);
    });
}

/** Writes an event to the outbox in its own transaction, as a business transaction would. */
export async function schrijfTestGebeurtenis(
  app: TestApp,
  ontvanger: string,
  type: GebeurtenisType = 'overdracht.aangeboden',
  objectId: string = crypto.randomUUID(),
): Promise<string> {
  return app.orm.em.fork().transactional((tx) =>
    schrijfGebeurtenis(tx, {
      ontvanger,
      type,
      objectType: 'Overdracht',
      objectId,
      vtOrganisatie: 'VT14',
      casusId: null,
      op: app.clock.now(),
    }),
  ) as Promise<string>;
}

/** Job dependencies for invoking the dispatcher directly (as test/termijnen/bewaking.test.ts does). */
export function jobDeps(app: TestApp, webhooks: Partial<TestApp['config']['webhooks']> = {}): JobDeps {
  return {
    termijnActies,
    orm: app.orm,
    clock: app.clock,
    log: createLogger('silent', 'test'),
    config: { ...app.config, webhooks: { ...app.config.webhooks, ...webhooks } },
    queue: () => {
      throw new Error('de dispatcher gebruikt geen wachtrij');
    },
  };
}

export const REGISTREER = `mutation R($invoer: WebhookEndpointInvoer!) {
  webhookEndpointRegistreren(invoer: $invoer) { geheim endpoint { id url actief omschrijving vorigGeheimGeldigTot } }
}`;

/** Registers an endpoint through GraphQL and returns its id and secret. */
export async function registreer(app: TestApp, token: string, url: string): Promise<{ id: string; geheim: string }> {
  const r = await app.gql<{ webhookEndpointRegistreren: { geheim: string; endpoint: { id: string } } }>(
    token,
    REGISTREER,
    { invoer: { url } },
  );
  if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
  return {
    id: r.body.data!.webhookEndpointRegistreren.endpoint.id,
    geheim: r.body.data!.webhookEndpointRegistreren.geheim,
  };
}
