import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApi, type Api } from '../../src/app';
import { jobHerhaling } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import { verbindWachtrij, type WachtrijVerbinding } from '../../src/lib/queue';
import { escaleerJobId, herinnerJobId, TERMIJN_WACHTRIJ, TermijnPlanner } from '../../src/termijnen/termijn.service';
import { startWorkers, type WorkerHandle } from '../../src/worker';
import { meldingInvoer } from '../helpers/fabriek';
import { heeftRedisServer, startPriveRedis, type PriveRedis } from '../helpers/redis-prive';
import { startTestApp, type TestApp } from '../helpers/testapp';
import { totdat } from '../helpers/wachten';

/**
 * Issue 12.3: the API never waits on the queue. After commit it schedules the termijn jobs (a producer that fails fast,
 * bounded by WACHTRIJ_PLAN_TIMEOUT_MS); with Redis gone, killed, hung or never reached, a create mutation still answers
 * in its normal time, /readyz says the queue is down and stays ready, and the reconciler schedules what was missed
 * once Redis is back. The API is wired exactly as src/main.ts wires it, on a Redis of this file's own.
 */
const REGISTREER = `mutation R($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { id } }`;
/** A correctness bound, not a benchmark: a committed mutation must not wait for the queue (it would wait for ever). */
const GRENS_MS = 2000;
const log = createLogger('silent', 'test');

let app: TestApp;
let redis: PriveRedis;

interface ApiMetWachtrij {
  url: string;
  verbinding: WachtrijVerbinding;
  stop(): Promise<void>;
}

/** Starts an API as main.ts does: producers that fail fast for /readyz and for the termijn planner. */
async function startApi(): Promise<ApiMetWachtrij> {
  const verbinding = verbindWachtrij({ redisUrl: redis.url, queueDatabaseUrl: app.queueDbUrl, prefix: 'zw' });
  const opties = { commandoTimeoutMs: app.config.wachtrij.planTimeoutMs };
  const wachtrij = verbinding.maakProducent('audit', opties);
  const termijnQueue: Queue = verbinding.maakProducent(TERMIJN_WACHTRIJ, opties);
  const termijnPlanner = new TermijnPlanner(termijnQueue, app.config.termijnen.planhorizonMs, jobHerhaling(app.config));
  const api: Api = await createApi({
    config: app.config,
    orm: app.orm,
    log,
    clock: app.clock,
    wachtrij,
    termijnPlanner,
  });
  const http: Server = await new Promise((resolve) => {
    const s = api.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    verbinding,
    stop: async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await api.stop();
      await verbinding.sluit();
    },
  };
}

/** Registers a melding through `api`; returns its termijn id and how long the answer took. */
async function melding(api: ApiMetWachtrij): Promise<{ termijnId: string; ms: number }> {
  const token = await app.token('VT_MEDEWERKER', 'VT14');
  const t0 = performance.now();
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: REGISTREER, variables: { invoer: meldingInvoer() } }),
  });
  const body = (await res.json()) as { data?: { meldingRegistreren: { id: string } }; errors?: unknown[] };
  const ms = performance.now() - t0;
  expect(body.errors).toBeUndefined();
  const [t] = await app.sql(
    `select id::text as id from termijn where melding_id = $1 and soort = 'VEILIGHEIDSBEOORDELING'`,
    [body.data!.meldingRegistreren.id],
  );
  return { termijnId: t.id as string, ms };
}

async function gereed(api: ApiMetWachtrij): Promise<{ status: number; body: unknown; ms: number }> {
  const t0 = performance.now();
  const r = await fetch(`${api.url}/readyz`);
  return { status: r.status, body: await r.json(), ms: performance.now() - t0 };
}

/** Whether both jobs of the termijn are in the queue (looked up with a connection of the test's own). */
async function gepland(q: Queue, termijnId: string): Promise<boolean> {
  const staten = await Promise.all([q.getJobState(herinnerJobId(termijnId)), q.getJobState(escaleerJobId(termijnId))]);
  return staten.every((s) => s !== 'unknown');
}

describe.skipIf(!heeftRedisServer)('de API wacht nooit op de wachtrij (eigen redis-server)', () => {
  let api: ApiMetWachtrij;
  let kijker: WachtrijVerbinding;
  let termijnen: Queue;
  beforeAll(async () => {
    app = await startTestApp({
      env: {
        TERMIJN_PLANHORIZON_MS: String(30 * 24 * 3600_000),
        TERMIJN_AFSTEMMEN_INTERVAL_MS: '1000',
        WACHTRIJ_SCHEMA_CONTROLE_MS: '300',
      },
    });
    redis = await startPriveRedis();
    api = await startApi();
    kijker = verbindWachtrij({ redisUrl: redis.url, queueDatabaseUrl: app.queueDbUrl, prefix: 'zw' });
    termijnen = kijker.maakQueue(TERMIJN_WACHTRIJ);
    termijnen.on('error', () => undefined);
  });
  afterAll(async () => {
    await api?.stop();
    await kijker?.sluit();
    await redis?.opruimen();
    await app?.stop();
  });

  it('met Redis erbij plant de API de termijnjobs direct na de commit, en /readyz is ok', async () => {
    const { termijnId } = await melding(api);
    expect(await gepland(termijnen, termijnId)).toBe(true);
    expect(await gereed(api)).toMatchObject({ status: 200, body: { status: 'ok', postgresql: 'ok', wachtrij: 'ok' } });
  });

  it('Redis weg: de melding antwoordt binnen de grens, /readyz meldt de wachtrij onbereikbaar en blijft gereed; terug: de afstemming plant haar', async () => {
    let worker: WorkerHandle | undefined;
    const werkerVerbinding = verbindWachtrij({ redisUrl: redis.url, queueDatabaseUrl: app.queueDbUrl, prefix: 'zw' });
    try {
      worker = await startWorkers({ orm: app.orm, clock: app.clock, log, config: app.config }, werkerVerbinding);
      await redis.stop();

      const tijdens = [await melding(api), await melding(api)];
      for (const m of tijdens) expect(m.ms).toBeLessThan(GRENS_MS);
      const r = await gereed(api);
      expect(r).toMatchObject({ status: 200, body: { status: 'beperkt', postgresql: 'ok', wachtrij: 'onbereikbaar' } });
      expect(r.ms).toBeLessThan(GRENS_MS);

      // Redis returns empty (no persistence): the worker restores its schedules and the reconciler plans the termijnen.
      await redis.start();
      await totdat(
        async () => (await gepland(termijnen, tijdens[0].termijnId)) && gepland(termijnen, tijdens[1].termijnId),
        30_000,
      );
      await totdat(
        async () =>
          (await gereed(api)).status === 200 && ((await gereed(api)).body as { wachtrij: string }).wachtrij === 'ok',
        10_000,
      );
    } finally {
      await worker?.stop();
      await werkerVerbinding.sluit();
    }
  });

  it('Redis hangt (verbinding open, geen antwoord): de melding antwoordt toch binnen de grens', async () => {
    redis.pauzeer();
    try {
      const { ms } = await melding(api);
      expect(ms).toBeLessThan(GRENS_MS);
      const r = await gereed(api);
      expect(r).toMatchObject({ status: 200, body: { wachtrij: 'onbereikbaar' } });
      expect(r.ms).toBeLessThan(GRENS_MS);
    } finally {
      redis.hervat();
    }
  });

  it('een API die start terwijl Redis weg is (BullMQ wacht op de eerste verbinding), antwoordt ook binnen de grens', async () => {
    await redis.stop();
    const laat = await startApi();
    try {
      const { ms } = await melding(laat);
      expect(ms).toBeLessThan(GRENS_MS);
      expect((await gereed(laat)).body).toMatchObject({ postgresql: 'ok', wachtrij: 'onbereikbaar' });
    } finally {
      await redis.start();
      await laat.stop();
    }
  });
});
