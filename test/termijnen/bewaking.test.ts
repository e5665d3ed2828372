import type { Queue } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { JobDeps } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import { afstemmenJob, escaleerJob } from '../../src/termijnen/jobs/termijn-bewaking.job';
import { TERMIJN_WACHTRIJ } from '../../src/termijnen/termijn.service';
import { startWorkers, type WorkerHandle } from '../../src/worker';
import { meldingInvoer } from '../helpers/fabriek';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';
import { totdat } from '../helpers/wachten';
import { termijnActies } from '../../src/modules';

/**
 * The worker acts on termijnen through real BullMQ (Redis where REDIS_URL/127.0.0.1:6379 is there, else its
 * PostgreSQL backend). Time is the injected clock: the jobs' delays are computed from it, so a termijn that is
 * due by the test clock runs at once.
 */
let app: TestApp;
let handle: WorkerHandle;
let queue: Queue;
let deps: JobDeps;

const REGISTREER = `mutation R($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { id casusId } }`;

async function melding(ontvangenOp = '2026-03-09T14:30:00+01:00'): Promise<{ id: string; termijnId: string }> {
  const mw = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-bewaking' });
  const r = await app.gql<{ meldingRegistreren: { id: string } }>(mw, REGISTREER, {
    invoer: meldingInvoer({ ontvangenOp }),
  });
  expect(r.body.errors).toBeUndefined();
  const id = r.body.data!.meldingRegistreren.id;
  const [t] = await app.sql(`select id from termijn where melding_id = $1 and soort = 'VEILIGHEIDSBEOORDELING'`, [id]);
  return { id, termijnId: t.id as string };
}

async function notificaties(termijnId: string): Promise<string[]> {
  return (await app.sql(`select soort from notificatie where termijn_id = $1 order by soort`, [termijnId])).map(
    (r) => r.soort as string,
  );
}

beforeAll(async () => {
  app = await startTestApp({ env: { TERMIJN_PLANHORIZON_MS: String(30 * 24 * 3600_000) } });
  handle = await startWorkers(
    { orm: app.orm, clock: app.clock, log: createLogger('silent', 'test'), config: app.config },
    app.wachtrij,
    { schedules: false },
  );
  queue = handle.queues.find((q) => q.name === TERMIJN_WACHTRIJ)!;
  deps = {
    orm: app.orm,
    termijnActies,
    clock: app.clock,
    log: createLogger('silent', 'test'),
    config: app.config,
    queue: () => queue,
  };
});
afterAll(async () => {
  await handle.stop();
  await app.stop();
});
beforeEach(() => app.clock.set(TEST_NU));

describe('herinneren en escaleren', () => {
  it('een verstreken termijn: herinnering aan de medewerker en precies één escalatie naar de teamleider', async () => {
    const { termijnId } = await melding();
    // Due Monday 16 March; reminder at 00:00 on Friday the 13th. The 17th is past both.
    app.clock.set(new Date('2026-03-17T08:00:00Z'));
    const r = (await afstemmenJob.verwerk(deps, {})) as { jobs: number };
    expect(r.jobs).toBeGreaterThanOrEqual(2);
    await totdat(async () => (await notificaties(termijnId)).length === 2);
    expect(await notificaties(termijnId)).toEqual(['ESCALATIE', 'HERINNERING']);
    const [esc] = await app.sql(
      `select ontvanger, ontvanger_rol, vt_organisatie from notificatie where termijn_id = $1 and soort = 'ESCALATIE'`,
      [termijnId],
    );
    expect(esc).toEqual({ ontvanger: null, ontvanger_rol: 'VT_TEAMLEIDER', vt_organisatie: 'VT14' });

    // The job delivered again (at-least-once), twice at the same moment, and the reconciler once more: still one.
    const twee = await Promise.all([
      escaleerJob.verwerk(deps, { termijnId }),
      escaleerJob.verwerk(deps, { termijnId }),
    ]);
    expect(twee).toEqual(['al-verstuurd', 'al-verstuurd']);
    await queue.add('termijn-escaleren', { termijnId }, { jobId: `opnieuw-${termijnId}` });
    const opnieuw = (await afstemmenJob.verwerk(deps, {})) as { jobs: number };
    expect(opnieuw.jobs).toBe(0);
    await totdat(async () => (await queue.getJobCounts('waiting', 'active', 'delayed')).waiting === 0);
    expect(await notificaties(termijnId)).toEqual(['ESCALATIE', 'HERINNERING']);

    // Visible through GraphQL: the teamleider sees the escalation, the worker the reminder.
    const tl = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-bewaking' });
    const n = await app.gql<{ notificaties: { soort: string; termijnSoort: string }[] }>(
      tl,
      `{ notificaties { soort termijnSoort termijnId } }`,
    );
    expect(n.body.data!.notificaties).toContainEqual(
      expect.objectContaining({ soort: 'ESCALATIE', termijnSoort: 'VEILIGHEIDSBEOORDELING' }),
    );
    const mw = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-bewaking' });
    const m = await app.gql<{ notificaties: { soort: string; id: string }[] }>(mw, `{ notificaties { id soort } }`);
    expect(m.body.data!.notificaties.map((x) => x.soort)).toContain('HERINNERING');
    expect(m.body.data!.notificaties.map((x) => x.soort)).not.toContain('ESCALATIE');
    const gelezen = await app.gql<{ notificatieGelezen: { gelezenOp: string } }>(
      mw,
      `mutation { notificatieGelezen(id: "${m.body.data!.notificaties[0].id}") { gelezenOp } }`,
    );
    expect(gelezen.body.data!.notificatieGelezen.gelezenOp).toBeTruthy();
  });

  it('een voldane termijn escaleert niet, ook niet als zijn job toch loopt', async () => {
    const { id, termijnId } = await melding();
    const mw = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-bewaking' });
    const vb = await app.gql(
      mw,
      `mutation { veiligheidsbeoordelingVastleggen(invoer: { meldingId: "${id}", taxatie: GEEN_ONVEILIGHEID, uitkomst: GEEN_VERVOLGSTAPPEN, toelichting: "Geen zorgen." }) { casus { id } } }`,
    );
    expect(vb.body.errors).toBeUndefined();
    app.clock.set(new Date('2026-03-17T08:00:00Z'));
    expect(await escaleerJob.verwerk(deps, { termijnId })).toBe('niet-open');
    expect(await notificaties(termijnId)).toEqual([]);
  });

  it('een job die te vroeg loopt (klokverschil) schrijft niets', async () => {
    const { termijnId } = await melding();
    expect(await escaleerJob.verwerk(deps, { termijnId })).toBe('te-vroeg');
    expect(await notificaties(termijnId)).toEqual([]);
  });
});

describe('de afstemming herstelt het schema uit PostgreSQL', () => {
  it('na het wissen van de wachtrij komt elke open termijn terug, en niets vuurt tweemaal', async () => {
    await app.sql(`update termijn set status = 'GEANNULEERD', afgehandeld_op = now() where status = 'OPEN'`);
    await queue.obliterate({ force: true });
    // One termijn already escalated before the loss; three still in the future (by the test clock).
    const oud = await melding('2026-03-02T10:00:00+01:00');
    app.clock.set(new Date('2026-03-10T08:00:00Z'));
    await afstemmenJob.verwerk(deps, {});
    await totdat(async () => (await notificaties(oud.termijnId)).length === 2);
    const toekomst = [await melding(), await melding(), await melding()];

    await afstemmenJob.verwerk(deps, {});
    const gepland = async (): Promise<string[]> =>
      (await queue.getJobs(['delayed', 'waiting'])).map((j) => j.id as string).sort();
    const voor = await gepland();
    // Every melding has two termijnen: its veiligheidsbeoordeling and informing the reported person.
    const open = await app.sql(
      `select id::text as id from termijn where status = 'OPEN' and melding_id = any($1::uuid[])`,
      [toekomst.map((t) => t.id)],
    );
    expect(open).toHaveLength(6);
    expect(voor).toEqual(open.flatMap((t) => [`e-${t.id as string}`, `h-${t.id as string}`]).sort());

    // Redis loses everything.
    await queue.obliterate({ force: true });
    expect(await gepland()).toEqual([]);

    const r = (await afstemmenJob.verwerk(deps, {})) as { termijnen: number; jobs: number };
    expect(await gepland()).toEqual(voor);
    expect(r.jobs).toBe(12);
    // The escalated termijn was not re-scheduled, and its notifications are still exactly one each.
    expect(await notificaties(oud.termijnId)).toEqual(['ESCALATIE', 'HERINNERING']);
    // Running the reconciler again adds nothing new (same job ids).
    await afstemmenJob.verwerk(deps, {});
    expect(await gepland()).toEqual(voor);
  });

  it('termijnen buiten de planhorizon staan niet in de wachtrij (Redis houdt alleen de nabije toekomst)', async () => {
    await app.sql(`update termijn set status = 'GEANNULEERD', afgehandeld_op = now() where status = 'OPEN'`);
    await queue.obliterate({ force: true });
    app.clock.set(new Date('2026-01-01T08:00:00Z'));
    const mw = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-bewaking' });
    const r = await app.gql<{ meldingRegistreren: { id: string } }>(mw, REGISTREER, {
      invoer: meldingInvoer({ ontvangenOp: '2025-12-31T10:00:00+01:00' }),
    });
    expect(r.body.errors).toBeUndefined();
    // Horizon is 30 days in this test: the two termijnen due in 5 working days (assessment, informing) are planned...
    await afstemmenJob.verwerk(deps, {});
    expect((await queue.getJobs(['delayed'])).length).toBe(4);
    // ...and a clock 40 days earlier sees it beyond the horizon.
    await queue.obliterate({ force: true });
    app.clock.set(new Date('2025-11-20T08:00:00Z'));
    const niets = (await afstemmenJob.verwerk(deps, {})) as { jobs: number };
    expect(niets.jobs).toBe(0);
  });
});
