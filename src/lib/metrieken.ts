import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue, Worker } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  register as procesRegister,
  type Registry,
} from 'prom-client';

import { poolVan } from './gereedheid';
import type { Logger } from './logger';
import { binnen } from './tijdslimiet';

/**
 * Prometheus metrics of a process (prom-client). What must hold: every label has a bounded set of values (an operation
 * is named by its root field, which the schema bounds; a code is a code; a queue is a queue), and no label or value
 * carries personal data. The domain's own gauges (termijnen, webhooks, audit seal, rollups) are in src/bewaking; this
 * file knows no domain.
 *
 * The metrics live in prom-client's global registry, one per process: run one API process per container
 * (API_PROCESSEN=1, as the image does) and scrape each container.
 */
export { procesRegister };

collectDefaultMetrics({ register: procesRegister, prefix: 'ketenpoort_' });

const SECONDEN = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const graphqlDuur = new Histogram({
  name: 'ketenpoort_graphql_duur_seconden',
  help: 'Duur van een GraphQL-verzoek, per operatie (type.rootveld) en rol',
  labelNames: ['operatie', 'rol'] as const,
  buckets: SECONDEN,
  registers: [procesRegister],
});

const graphqlFouten = new Counter({
  name: 'ketenpoort_graphql_fouten_totaal',
  help: 'Fouten in GraphQL-antwoorden, per extensions.code',
  labelNames: ['code'] as const,
  registers: [procesRegister],
});

const httpAntwoorden = new Counter({
  name: 'ketenpoort_http_antwoorden_totaal',
  help: 'HTTP-antwoorden van de API, per route en status (ook weigeringen vóór GraphQL: 401, 413, 429)',
  labelNames: ['route', 'status'] as const,
  registers: [procesRegister],
});

/** Pools whose counters are read at each scrape, by name (`app`; a test may open several). */
const pools = new Map<object, { naam: string; orm: MikroORM }>();

new Gauge({
  name: 'ketenpoort_db_pool_verbindingen',
  help: 'Verbindingen van de PostgreSQL-pool: in gebruik, vrij, wachtende aanvragers, en het maximum',
  labelNames: ['pool', 'staat'] as const,
  registers: [procesRegister],
  collect() {
    this.reset();
    for (const { naam, orm } of pools.values()) {
      const p = poolVan(orm);
      if (!p) continue;
      this.inc({ pool: naam, staat: 'gebruikt' }, p.numUsed());
      this.inc({ pool: naam, staat: 'vrij' }, p.numFree());
      this.inc({ pool: naam, staat: 'wachtend' }, p.numPendingAcquires());
      this.inc({ pool: naam, staat: 'max' }, p.max);
    }
  },
});

/** Reports this ORM's pool under `naam` until the returned function is called. */
export function volgPool(naam: string, orm: MikroORM): () => void {
  const sleutel = {};
  pools.set(sleutel, { naam, orm });
  return () => void pools.delete(sleutel);
}

/** The queue states reported, with their Dutch label. */
const WACHTRIJ_STATEN = {
  waiting: 'wachtend',
  prioritized: 'wachtend_prioriteit',
  active: 'actief',
  delayed: 'uitgesteld',
  failed: 'mislukt',
  paused: 'gepauzeerd',
} as const;

const wachtrijen = new Map<object, { queues: readonly Queue[]; timeoutMs: number }>();

type Tellingen = Map<string, Record<string, number> | undefined>;
/** One reading of every queue per scrape, shared by the two gauges below (a registry collects its metrics concurrently). */
let lopend: { sinds: number; meting: Promise<Tellingen> } | undefined;

function meetWachtrijen(): Promise<Tellingen> {
  if (lopend && Date.now() - lopend.sinds < 1000) return lopend.meting;
  const alle = [...wachtrijen.values()].flatMap((w) => w.queues.map((q) => ({ q, ms: w.timeoutMs })));
  const meting = Promise.all(
    alle.map(async ({ q, ms }): Promise<[string, Record<string, number> | undefined]> => {
      try {
        return [
          q.name,
          await binnen(q.getJobCounts(...(Object.keys(WACHTRIJ_STATEN) as Parameters<Queue['getJobCounts']>)), ms),
        ];
      } catch {
        // A queue that does not answer in time is left out of this scrape; ketenpoort_wachtrij_bereikbaar says so.
        return [q.name, undefined];
      }
    }),
  ).then((paren) => new Map(paren));
  lopend = { sinds: Date.now(), meting };
  return meting;
}

new Gauge({
  name: 'ketenpoort_wachtrij_jobs',
  help: 'Jobs per wachtrij en staat (diepte van de wachtrij), gelezen bij elke scrape',
  labelNames: ['wachtrij', 'staat'] as const,
  registers: [procesRegister],
  async collect() {
    const tellingen = await meetWachtrijen();
    this.reset();
    for (const [wachtrij, t] of tellingen) {
      if (!t) continue;
      for (const [staat, label] of Object.entries(WACHTRIJ_STATEN)) this.inc({ wachtrij, staat: label }, t[staat] ?? 0);
    }
  },
});

new Gauge({
  name: 'ketenpoort_wachtrij_bereikbaar',
  help: '1 als de wachtrij bij deze scrape op tijd antwoordde, anders 0',
  labelNames: ['wachtrij'] as const,
  registers: [procesRegister],
  async collect() {
    const tellingen = await meetWachtrijen();
    this.reset();
    for (const [wachtrij, t] of tellingen) this.set({ wachtrij }, t ? 1 : 0);
  },
});

/** Reports the depth of these queues at each scrape (each bounded by `timeoutMs`) until the returned function is called. */
export function volgWachtrijen(queues: readonly Queue[], timeoutMs = 1000): () => void {
  const sleutel = {};
  wachtrijen.set(sleutel, { queues, timeoutMs });
  return () => void wachtrijen.delete(sleutel);
}

const jobUitkomsten = new Counter({
  name: 'ketenpoort_jobs_totaal',
  help: 'Afgeronde jobpogingen per wachtrij, job en uitkomst (voltooid, herhaald: mislukt met nog een poging, opgegeven: de laatste poging mislukte)',
  labelNames: ['wachtrij', 'job', 'uitkomst'] as const,
  registers: [procesRegister],
});

const jobDuur = new Histogram({
  name: 'ketenpoort_job_duur_seconden',
  help: 'Duur van een jobpoging, per wachtrij en job',
  labelNames: ['wachtrij', 'job'] as const,
  buckets: SECONDEN,
  registers: [procesRegister],
});

/** Counts the outcome and duration of every attempt these workers finish. */
export function volgJobs(workers: readonly Worker[]): void {
  for (const w of workers) {
    const duur = (job: { name: string; processedOn?: number; finishedOn?: number } | undefined): void => {
      if (job?.processedOn && job.finishedOn) {
        jobDuur.observe({ wachtrij: w.name, job: job.name }, (job.finishedOn - job.processedOn) / 1000);
      }
    };
    w.on('completed', (job) => {
      jobUitkomsten.inc({ wachtrij: w.name, job: job.name, uitkomst: 'voltooid' });
      duur(job);
    });
    w.on('failed', (job) => {
      const laatste = !job || job.attemptsMade >= (job.opts.attempts ?? 1);
      jobUitkomsten.inc({
        wachtrij: w.name,
        job: job?.name ?? 'onbekend',
        uitkomst: laatste ? 'opgegeven' : 'herhaald',
      });
      duur(job);
    });
  }
}

/** Routes of the API that get their own label; every other path is `anders` (bounded, whatever a client sends). */
const ROUTES = new Set(['/graphql', '/healthz', '/readyz']);

/** Express middleware: counts every HTTP answer by route and status, refusals before GraphQL included. */
export function httpMetriek(req: Request, res: Response, next: NextFunction): void {
  // Read now: a mounted middleware rewrites req.url before the answer finishes.
  const route = ROUTES.has(req.path) ? req.path : 'anders';
  res.once('finish', () => httpAntwoorden.inc({ route, status: String(res.statusCode) }));
  next();
}

/** A GraphQL error code as a label: the project's codes are SCREAMING_SNAKE; anything else is `ANDERS`. */
export function foutcodeLabel(code: unknown): string {
  if (code === undefined || code === null) return 'INTERNAL_SERVER_ERROR';
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,47}$/.test(code) ? code : 'ANDERS';
}

/** Records one GraphQL request (src/lib/graphql/metriek-plugin.ts). */
export function meetGraphql(operatie: string, rol: string, seconden: number, foutcodes: readonly unknown[]): void {
  graphqlDuur.observe({ operatie, rol }, seconden);
  for (const c of foutcodes) graphqlFouten.inc({ code: foutcodeLabel(c) });
}

/** What a scrape returns. */
export interface Scrape {
  contentType: string;
  tekst: string;
}

/** The metrics of this process and of the extra registries (such as the domain gauges, in the worker). */
export function verzamelUit(...extra: Registry[]): () => Promise<Scrape> {
  return async () => {
    const delen = await Promise.all([procesRegister, ...extra].map((r) => r.metrics()));
    return { contentType: procesRegister.contentType, tekst: delen.join('\n') };
  };
}

export interface MetriekServer {
  poort: number;
  stop(): Promise<void>;
}

/** Whether the Authorization header carries the token (compared in constant time, over hashes of equal length). */
function tokenKlopt(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m) return false;
  const h = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(m[1]), h(token));
}

/**
 * Serves `/metrics` (and `/healthz`, for a container health check of a process without an API) on a port of its own,
 * never on the API's route: a load balancer in front of the API does not expose it. With a token, a scrape without
 * `Authorization: Bearer <token>` gets 401.
 */
export async function startMetriekServer(opts: {
  poort: number;
  host: string;
  token?: string;
  log: Logger;
  verzamel: () => Promise<Scrape>;
}): Promise<MetriekServer> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const pad = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
    } else if (pad === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else if (pad !== '/metrics') {
      res.writeHead(404).end();
    } else if (opts.token && !tokenKlopt(req.headers.authorization, opts.token)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    } else {
      opts.verzamel().then(
        (s) => res.writeHead(200, { 'content-type': s.contentType }).end(s.tekst),
        (e: unknown) => {
          opts.log.warn({ fout: (e as Error).name }, 'metrieken: verzamelen mislukt');
          res.writeHead(500).end();
        },
      );
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.poort, opts.host, () => resolve());
  });
  const poort = (server.address() as AddressInfo).port;
  opts.log.info({ metrieken: `http://${opts.host}:${poort}/metrics`, token: !!opts.token }, 'metrieken beschikbaar');
  return {
    poort,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
