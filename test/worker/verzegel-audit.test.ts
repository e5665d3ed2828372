import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { verzegelAuditJob } from '../../src/audit/jobs/verzegel-audit.job';
import { createLogger } from '../../src/lib/logger';
import { startWorkers, type WorkerHandle } from '../../src/worker';
import { meldingInvoer, REGISTREER } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';
import { totdat } from '../helpers/wachten';
import { termijnActies } from '../../src/modules';

/** The audit queue of a worker (the queues follow the modules' order; look it up by name). */
function auditWachtrij(h: WorkerHandle) {
  return h.queues.find((q) => q.name === verzegelAuditJob.wachtrij)!;
}

async function tel(app: TestApp): Promise<{ regels: number; zegels: number }> {
  const [r] = await app.sql(
    `select (select count(*) from audit_gebeurtenis)::int as regels, (select count(*) from audit_zegel)::int as zegels`,
  );
  return r as { regels: number; zegels: number };
}

describe('de worker verzegelt het auditspoor (echte BullMQ)', () => {
  let app: TestApp;
  let handle: WorkerHandle;
  beforeAll(async () => {
    app = await startTestApp();
    handle = await startWorkers(
      { orm: app.orm, clock: app.clock, log: createLogger('silent', 'test'), config: app.config },
      app.wachtrij,
      { schedules: false },
    );
  });
  afterAll(async () => {
    await handle.stop();
    await app.stop();
  });

  it('een verzegel-job via de wachtrij neemt alle nieuwe regels op in de keten', async () => {
    const token = await app.token('VT_MEDEWERKER', 'VT14');
    for (let i = 0; i < 3; i++) {
      expect((await app.gql(token, REGISTREER, { invoer: meldingInvoer() })).body.errors).toBeUndefined();
    }
    const voor = await tel(app);
    expect(voor.zegels).toBe(0);
    await auditWachtrij(handle).add(verzegelAuditJob.naam, {});
    await totdat(async () => (await tel(app)).zegels === voor.regels);
  });

  it('is idempotent: een tweede run (zoals bij dubbele aflevering) voegt niets toe', async () => {
    const voor = await tel(app);
    const deps = {
      orm: app.orm,
      termijnActies,
      clock: app.clock,
      log: createLogger('silent', 'test'),
      config: app.config,
      queue: () => {
        throw new Error('niet nodig');
      },
    };
    await Promise.all([verzegelAuditJob.verwerk(deps, {}), verzegelAuditJob.verwerk(deps, {})]);
    expect(await tel(app)).toEqual({ regels: voor.regels, zegels: voor.regels });
  });

  it('het periodieke schema wordt eenmalig geregistreerd, ook bij een herstart', async () => {
    const tweede = await startWorkers(
      { orm: app.orm, clock: app.clock, log: createLogger('silent', 'test'), config: app.config },
      app.wachtrij,
    );
    const derde = await startWorkers(
      { orm: app.orm, clock: app.clock, log: createLogger('silent', 'test'), config: app.config },
      app.wachtrij,
    );
    try {
      const schedulers = await auditWachtrij(tweede).getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toEqual(['verzegel-audit-periodiek']);
      expect(Number(schedulers[0].every)).toBe(app.config.auditSealIntervalMs);
    } finally {
      await auditWachtrij(tweede).removeJobScheduler('verzegel-audit-periodiek');
      await tweede.stop();
      await derde.stop();
    }
  });
});
