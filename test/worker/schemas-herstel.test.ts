import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { schemas } from '../../src/jobs';
import type { Config } from '../../src/lib/config';
import { createLogger } from '../../src/lib/logger';
import { verbindWachtrij, type WachtrijVerbinding } from '../../src/lib/queue';
import { escaleerJobId, herinnerJobId, TERMIJN_WACHTRIJ } from '../../src/termijnen/termijn.service';
import { startWorkers, type WorkerHandle } from '../../src/worker';
import { meldingInvoer } from '../helpers/fabriek';
import { heeftRedisServer, startPriveRedis, type PriveRedis } from '../helpers/redis-prive';
import { startTestApp, type TestApp } from '../helpers/testapp';
import { totdat } from '../helpers/wachten';

/**
 * Issue 12.1: the worker's periodic schedules heal. A Redis that loses its data (flushed, or restarted without
 * persistence) comes back without BullMQ's job schedulers; the running worker must restore every one of them, and
 * all periodic work (audit sealing, webhook delivery, the termijn reconciler, the HwC/ZSM escalations, the analysis
 * refresh) must run again within a minute, without a restart. Real BullMQ on a Redis of this file's own (never the
 * shared one), and on BullMQ's PostgreSQL backend.
 */
const REGISTREER = `mutation R($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { id } }`;
const log = createLogger('silent', 'test');
let app: TestApp;

/** Intervals short enough to see every periodic job run within seconds (the test clock does not move BullMQ's timers). */
const KORT = {
  AUDIT_SEAL_INTERVAL_MS: '500',
  WEBHOOK_AFLEVER_INTERVAL_MS: '500',
  TERMIJN_AFSTEMMEN_INTERVAL_MS: '1000',
  KETENPARTNER_BEWAKING_INTERVAL_MS: '1000',
  TERMIJN_PLANHORIZON_MS: String(30 * 24 * 3600_000),
  WACHTRIJ_SCHEMA_CONTROLE_MS: '300',
};

/** A worker on `verbinding`, with its queues by name. */
async function werker(
  verbinding: WachtrijVerbinding,
  config: Config,
): Promise<{ handle: WorkerHandle; queue(naam: string): Queue }> {
  const handle = await startWorkers({ orm: app.orm, clock: app.clock, log, config }, verbinding);
  return { handle, queue: (naam) => handle.queues.find((q) => q.name === naam)! };
}

/** Every schedule exists and each of their jobs completed after `sinds` (wall clock, as BullMQ records it). */
async function allesLooptWeer(w: Awaited<ReturnType<typeof werker>>, sinds: number): Promise<boolean> {
  for (const s of schemas) {
    const q = w.queue(s.job.wachtrij);
    if (!(await q.getJobScheduler(s.id))) return false;
    const klaar = await q.getJobs(['completed'], 0, 200);
    if (!klaar.some((j) => j.name === s.job.naam && (j.finishedOn ?? 0) > sinds)) return false;
  }
  return true;
}

async function zegelsEnRegels(): Promise<{ regels: number; zegels: number }> {
  const [r] = await app.sql(
    `select (select count(*) from audit_gebeurtenis)::int as regels, (select count(*) from audit_zegel)::int as zegels`,
  );
  return r as { regels: number; zegels: number };
}

/** Registers a melding (audit records, an open veiligheidsbeoordeling termijn) and returns the termijn id. */
async function melding(): Promise<string> {
  const r = await app.gql<{ meldingRegistreren: { id: string } }>(
    await app.token('VT_MEDEWERKER', 'VT14'),
    REGISTREER,
    { invoer: meldingInvoer() },
  );
  expect(r.body.errors).toBeUndefined();
  const [t] = await app.sql(
    `select id::text as id from termijn where melding_id = $1 and soort = 'VEILIGHEIDSBEOORDELING'`,
    [r.body.data!.meldingRegistreren.id],
  );
  return t.id as string;
}

async function termijnjobsGepland(q: Queue, termijnId: string): Promise<boolean> {
  const staten = await Promise.all([q.getJobState(herinnerJobId(termijnId)), q.getJobState(escaleerJobId(termijnId))]);
  return staten.every((s) => s === 'delayed' || s === 'waiting');
}

beforeAll(async () => {
  app = await startTestApp({ env: KORT });
});
afterAll(async () => {
  await app.stop();
});

describe.skipIf(!heeftRedisServer)('Redis verliest zijn data terwijl de worker draait (eigen redis-server)', () => {
  let redis: PriveRedis;
  let verbinding: WachtrijVerbinding;
  beforeAll(async () => {
    redis = await startPriveRedis();
    verbinding = verbindWachtrij({ redisUrl: redis.url, queueDatabaseUrl: app.queueDbUrl, prefix: 'zh' });
  });
  afterAll(async () => {
    await verbinding.sluit();
    await redis.opruimen();
  });

  it('na FLUSHALL herstelt de eigen controle elk schema en loopt al het periodieke werk weer, zonder herstart', async () => {
    const w = await werker(verbinding, app.config);
    try {
      await totdat(() => allesLooptWeer(w, 0), 20_000);
      const voor = await melding();
      await totdat(() => termijnjobsGepland(w.queue(TERMIJN_WACHTRIJ), voor));

      // Redis loses everything; the connections stay up, so no reconnect event: only the worker's own timer can see it.
      const t0 = Date.now();
      await redis.wis();
      expect(await w.queue('audit').getJobSchedulersCount()).toBeLessThanOrEqual(1);
      const na = await melding();

      await totdat(() => allesLooptWeer(w, t0), 30_000);
      // The reconciler rebuilt the termijn jobs of before and after the loss, and the sealing reached the new audit records.
      await totdat(
        async () =>
          (await termijnjobsGepland(w.queue(TERMIJN_WACHTRIJ), voor)) &&
          termijnjobsGepland(w.queue(TERMIJN_WACHTRIJ), na),
      );
      await totdat(async () => {
        const z = await zegelsEnRegels();
        return z.zegels === z.regels;
      });
      const duur = Date.now() - t0;
      expect(duur).toBeLessThan(60_000);
      // Each schedule exactly once, with its interval (restoring does not duplicate or alter them).
      for (const s of schemas) {
        const alle = await w.queue(s.job.wachtrij).getJobSchedulers();
        expect(alle.filter((x) => x.key === s.id).map((x) => Number(x.every))).toEqual([s.elkeMs(app.config)]);
      }
    } finally {
      await w.handle.stop();
    }
  });

  it(
    'na een herstart van Redis zonder persistentie herstelt de herverbinding elk schema (de timer staat op een minuut)',
    { timeout: 120_000 },
    async () => {
      // With the timer at a minute, only the reconnect ('ready') can restore within the bound below.
      const config: Config = { ...app.config, wachtrij: { ...app.config.wachtrij, schemaControleMs: 60_000 } };
      const begin = Date.now();
      // An installation of its own (prefix): the schedules the previous test left (next run of the analysis refresh in
      // 15 minutes) would otherwise stand in for this worker's first runs.
      const eigen = verbindWachtrij({ redisUrl: redis.url, queueDatabaseUrl: app.queueDbUrl, prefix: 'zhherv' });
      const w = await werker(eigen, config);
      try {
        await totdat(() => allesLooptWeer(w, begin), 30_000);
        await redis.stop();
        await new Promise((r) => setTimeout(r, 300));
        const t0 = Date.now();
        await redis.start();
        await totdat(() => allesLooptWeer(w, t0), 30_000);
        expect(Date.now() - t0).toBeLessThan(30_000);
        const termijnId = await melding();
        await totdat(() => termijnjobsGepland(w.queue(TERMIJN_WACHTRIJ), termijnId));
      } finally {
        await w.handle.stop();
        await eigen.sluit();
      }
    },
  );

  it("een worker die start terwijl Redis weg is, wacht er niet op en zet zijn schema's neer zodra Redis er is", async () => {
    await redis.stop();
    const t0 = Date.now();
    const w = await werker(verbinding, app.config);
    try {
      expect(Date.now() - t0).toBeLessThan(20_000);
      const t1 = Date.now();
      await redis.start();
      await totdat(() => allesLooptWeer(w, t1), 30_000);
    } finally {
      await w.handle.stop();
    }
  });
});

describe('op de PostgreSQL-backend van BullMQ', () => {
  it('een verdwenen schema wordt door de eigen controle hersteld en zijn werk loopt weer', async () => {
    const verbinding = verbindWachtrij({ queueDatabaseUrl: app.queueDbUrl, prefix: 'zhpg' });
    const w = await werker(verbinding, app.config);
    try {
      await totdat(() => allesLooptWeer(w, 0), 30_000);
      const t0 = Date.now();
      for (const s of schemas) await w.queue(s.job.wachtrij).removeJobScheduler(s.id);
      await totdat(() => allesLooptWeer(w, t0), 30_000);
    } finally {
      await w.handle.stop();
      await verbinding.sluit();
    }
  });
});
