import { Writable } from 'node:stream';
import type { Queue } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { JobDeps } from '../../src/lib/job';
import { afstemmenJob } from '../../src/termijnen/jobs/termijn-bewaking.job';
import { escaleerJobId, herinnerJobId, TERMIJN_WACHTRIJ } from '../../src/termijnen/termijn.service';
import { startWorkers, type WorkerHandle } from '../../src/worker';
import { meldingInvoer } from '../helpers/fabriek';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';
import { totdat } from '../helpers/wachten';
import { termijnActies } from '../../src/modules';

/**
 * Issue 12.2: termijn jobs retry with backoff, and the reconciler repairs a job that failed for good, completed
 * without its notification, or went missing: it replaces it (BullMQ ignores an add under an id that a failed or
 * completed job still holds). Real BullMQ (Redis where there is one, else its PostgreSQL backend) and PostgreSQL;
 * failures are real database errors, injected with a trigger on the audit insert that the notification's
 * transaction makes after writing the notification (so a failed attempt also proves that nothing of it stays).
 */
let app: TestApp;
let handle: WorkerHandle;
let queue: Queue;
let deps: JobDeps;
const logregels: Record<string, unknown>[] = [];

const REGISTREER = `mutation R($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { id } }`;

async function melding(ontvangenOp = '2026-03-09T14:30:00+01:00'): Promise<string> {
  const r = await app.gql<{ meldingRegistreren: { id: string } }>(
    await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-pogingen' }),
    REGISTREER,
    { invoer: meldingInvoer({ ontvangenOp }) },
  );
  expect(r.body.errors).toBeUndefined();
  // One termijn per melding keeps the counts below about the job mechanism: informing the reported person is
  // cancelled (its own reminders are tested in test/termijnen/betrokkene-informeren.test.ts).
  await app.sql(
    `update termijn set status = 'GEANNULEERD', afgehandeld_op = now() where melding_id = $1 and soort = 'BETROKKENE_INFORMEREN'`,
    [r.body.data!.meldingRegistreren.id],
  );
  const [t] = await app.sql(
    `select id::text as id from termijn where melding_id = $1 and soort = 'VEILIGHEIDSBEOORDELING'`,
    [r.body.data!.meldingRegistreren.id],
  );
  return t.id as string;
}

async function notificaties(termijnId: string): Promise<string[]> {
  return (await app.sql(`select soort from notificatie where termijn_id = $1 order by soort`, [termijnId])).map(
    (r) => r.soort as string,
  );
}

/** The worker's audit records of a termijn, per gebeurtenis: exactly-once is visible here (the table has no unique key). */
async function systeemAudit(termijnId: string): Promise<string[]> {
  return (
    await app.sql(
      `select gebeurtenis from audit_gebeurtenis where gebruiker = 'systeem:worker' and object_id = $1 order by gebeurtenis`,
      [termijnId],
    )
  ).map((r) => r.gebeurtenis as string);
}

/**
 * Makes the first `keer` audit inserts of the worker matching `waar` fail with a serialization failure (a passing
 * error). The counter is a sequence: it is not rolled back with the failing transaction.
 */
async function laatMislukken(naam: string, keer: number, waar: string): Promise<void> {
  await app.sql(`create sequence ${naam}_teller`);
  await app.sql(`create function ${naam}() returns trigger language plpgsql as $$
    begin
      if nextval('${naam}_teller') <= ${keer} then raise exception 'ingespoten storing' using errcode = '40001'; end if;
      return new;
    end $$`);
  await app.sql(
    `create trigger ${naam} before insert on audit_gebeurtenis for each row when (new.gebruiker = 'systeem:worker' and ${waar}) execute function ${naam}()`,
  );
}

beforeAll(async () => {
  app = await startTestApp({
    env: {
      TERMIJN_PLANHORIZON_MS: String(30 * 24 * 3600_000),
      WACHTRIJ_JOB_POGINGEN: '3',
      WACHTRIJ_JOB_BACKOFF_MS: '50',
    },
  });
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, klaar) {
        logregels.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        klaar();
      },
    }),
  );
  handle = await startWorkers({ orm: app.orm, clock: app.clock, log, config: app.config }, app.wachtrij, {
    schedules: false,
  });
  queue = handle.queues.find((q) => q.name === TERMIJN_WACHTRIJ)!;
  deps = { orm: app.orm, termijnActies, clock: app.clock, log, config: app.config, queue: () => queue };
});
afterAll(async () => {
  await handle.stop();
  await app.stop();
});
beforeEach(async () => {
  app.clock.set(TEST_NU);
  await app.sql(`update termijn set status = 'GEANNULEERD', afgehandeld_op = now() where status = 'OPEN'`);
});

describe('termijnjobs proberen opnieuw', () => {
  it('een termijnjob die één keer mislukt, wordt opnieuw geprobeerd en zijn notificatie verschijnt precies één keer', async () => {
    const termijnId = await melding();
    await laatMislukken('faal_eenmaal', 1, `new.object_id = '${termijnId}'`);
    app.clock.set(new Date('2026-03-17T08:00:00Z'));
    const r = (await afstemmenJob.verwerk(deps, {})) as { hersteld: Record<string, number> };
    expect(r.hersteld).toEqual({ ontbrak: 2, mislukt: 0, voltooid: 0 });

    await totdat(async () =>
      (
        await Promise.all([queue.getJobState(herinnerJobId(termijnId)), queue.getJobState(escaleerJobId(termijnId))])
      ).every((s) => s === 'completed'),
    );
    expect(await notificaties(termijnId)).toEqual(['ESCALATIE', 'HERINNERING']);
    expect(await systeemAudit(termijnId)).toEqual(['TERMIJN_ESCALEREN', 'TERMIJN_HERINNEREN']);
    // Exactly one of the two jobs needed a second attempt; the failed attempt was logged with its number.
    const pogingen = (
      await Promise.all([queue.getJob(herinnerJobId(termijnId)), queue.getJob(escaleerJobId(termijnId))])
    ).map((j) => j!.attemptsMade);
    expect(Math.max(...pogingen) - Math.min(...pogingen)).toBe(1);
    expect(logregels).toContainEqual(expect.objectContaining({ msg: 'job mislukt', poging: 1, pogingen: 3 }));
  });
});

describe('de afstemming herstelt wat een job niet deed', () => {
  it('vervangt een mislukte, een voltooide en een ontbrekende job van een open termijn, telt ze per soort en logt ze', async () => {
    // a: reminder and escalation due now; its escalation fails every attempt.
    const a = await melding('2026-03-02T10:00:00+01:00');
    // b and c: reminder on 13 March; b's runs too early (a clock disagreement), c's goes missing.
    const b = await melding();
    const c = await melding();
    await laatMislukken('faal_altijd', 1000, `new.object_id = '${a}' and new.gebeurtenis = 'TERMIJN_ESCALEREN'`);
    app.clock.set(new Date('2026-03-12T08:00:00Z'));
    expect(((await afstemmenJob.verwerk(deps, {})) as { hersteld: unknown }).hersteld).toEqual({
      ontbrak: 6,
      mislukt: 0,
      voltooid: 0,
    });

    await totdat(async () => (await queue.getJobState(escaleerJobId(a))) === 'failed');
    expect((await queue.getJob(escaleerJobId(a)))!.attemptsMade).toBe(3);
    expect(await notificaties(a)).toEqual(['HERINNERING']);
    await (await queue.getJob(herinnerJobId(b)))!.promote();
    await totdat(async () => (await queue.getJobState(herinnerJobId(b))) === 'completed');
    expect((await queue.getJob(herinnerJobId(b)))!.returnvalue).toBe('te-vroeg');
    await queue.remove(herinnerJobId(c));

    // The passing fault is over and the reminders are due; the escalations of b and c still wait (delayed: left alone).
    await app.sql(`drop trigger faal_altijd on audit_gebeurtenis`);
    app.clock.set(new Date('2026-03-13T08:00:00Z'));
    const r = (await afstemmenJob.verwerk(deps, {})) as { jobs: number; hersteld: unknown };
    expect(r.hersteld).toEqual({ ontbrak: 1, mislukt: 1, voltooid: 1 });
    expect(r.jobs).toBe(3);
    expect(logregels).toContainEqual(
      expect.objectContaining({ level: 40, hersteld: { ontbrak: 1, mislukt: 1, voltooid: 1 } }),
    );

    await totdat(
      async () =>
        (await notificaties(a)).length === 2 &&
        (await notificaties(b)).length === 1 &&
        (await notificaties(c)).length === 1,
    );
    expect(await notificaties(a)).toEqual(['ESCALATIE', 'HERINNERING']);
    expect(await notificaties(b)).toEqual(['HERINNERING']);
    expect(await notificaties(c)).toEqual(['HERINNERING']);
    expect(await systeemAudit(a)).toEqual(['TERMIJN_ESCALEREN', 'TERMIJN_HERINNEREN']);
    expect(await systeemAudit(b)).toEqual(['TERMIJN_HERINNEREN']);
    expect(await systeemAudit(c)).toEqual(['TERMIJN_HERINNEREN']);

    // Nothing left to repair: the replaced jobs did their work, the escalations of b and c are still delayed.
    await totdat(async () => {
      const n = await queue.getJobCounts('waiting', 'active');
      return n.waiting + n.active === 0;
    });
    expect(((await afstemmenJob.verwerk(deps, {})) as { hersteld: unknown }).hersteld).toEqual({
      ontbrak: 0,
      mislukt: 0,
      voltooid: 0,
    });
    expect(await queue.getJobState(escaleerJobId(b))).toBe('delayed');
  });
});
