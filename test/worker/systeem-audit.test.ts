import type { Queue } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { JobDeps } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import { afstemmenJob, escaleerJob, herinnerJob } from '../../src/termijnen/jobs/termijn-bewaking.job';
import { escaleerJobId, herinnerJobId, TERMIJN_WACHTRIJ } from '../../src/termijnen/termijn.service';
import { startWorkers, type WorkerHandle } from '../../src/worker';
import { meldingInvoer } from '../helpers/fabriek';
import { SYSTEEM_ACTOR, systeemAudit } from '../helpers/systeem-audit';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';
import { totdat } from '../helpers/wachten';
import { termijnActies } from '../../src/modules';

/**
 * Issue 12.6: what the worker changes on its own is audited, under a recognisable system actor, in the transaction of
 * the change. Here the termijn reminders and escalations (through the real queue) and an expiring offer; the HwC and
 * ZSM escalations, the monitoring request and a disabled webhook endpoint are asserted in their modules' tests.
 */
let app: TestApp;
let handle: WorkerHandle;
let queue: Queue;
let deps: JobDeps;

async function vt(regio = 'VT14'): Promise<string> {
  return app.token('VT_MEDEWERKER', regio, { sub: `mw-${regio}` });
}

async function melding(regio = 'VT14'): Promise<{ meldingId: string; casusId: string; termijnId: string }> {
  const r = await app.gql<{ meldingRegistreren: { id: string; casusId: string } }>(
    await vt(regio),
    `mutation R($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId } }`,
    { i: meldingInvoer() },
  );
  expect(r.body.errors).toBeUndefined();
  const { id: meldingId, casusId } = r.body.data!.meldingRegistreren;
  const [t] = await app.sql(
    `select id::text as id from termijn where melding_id = $1 and soort = 'VEILIGHEIDSBEOORDELING'`,
    [meldingId],
  );
  return { meldingId, casusId, termijnId: t.id as string };
}

/** An offer of a casus in fase OVERDRACHT to wijkteam WT-A; returns it with its response termijn. */
async function aanbod(): Promise<{ overdrachtId: string; persoonIds: string[]; termijnId: string }> {
  const { meldingId, casusId } = await melding();
  const t = await vt();
  const b = await app.gql(
    t,
    `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
    {
      i: { meldingId, taxatie: 'STRUCTURELE_ONVEILIGHEID', uitkomst: 'OVERDRACHT', toelichting: 'Beoordeeld.' },
    },
  );
  expect(b.body.errors).toBeUndefined();
  const persoonIds = (
    await app.gql<{ casus: { persoonIds: string[] } }>(t, `query($id: ID!) { casus(id: $id) { persoonIds } }`, {
      id: casusId,
    })
  ).body.data!.casus.persoonIds;
  const o = await app.gql<{ overdrachtAanbieden: { id: string } }>(
    t,
    `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
    {
      i: {
        casusId,
        soort: 'WARME_OVERDRACHT',
        ontvanger: 'WT-A',
        persoonIds,
        metVeiligheidsafspraken: false,
        toelichting: 'Wijkteam neemt over.',
        grondslag: 'WMO_OVERDRACHT',
      },
    },
  );
  expect(o.body.errors).toBeUndefined();
  const overdrachtId = o.body.data!.overdrachtAanbieden.id;
  const [tr] = await app.sql(`select id::text as id from termijn where overdracht_id = $1`, [overdrachtId]);
  return { overdrachtId, persoonIds, termijnId: tr.id as string };
}

beforeAll(async () => {
  app = await startTestApp({ env: { TERMIJN_PLANHORIZON_MS: String(30 * 24 * 3600_000) } });
  await app.partner('WT-A', 'WIJKTEAM');
  const log = createLogger('silent', 'test');
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
beforeEach(() => app.clock.set(TEST_NU));

describe('werk van de worker in het auditspoor', () => {
  it('herinnering en escalatie van een termijn via de wachtrij: elk precies één regel onder systeem:worker, met de job als verzoek-id', async () => {
    const { termijnId } = await melding();
    app.clock.set(new Date('2026-03-17T08:00:00Z'));
    await afstemmenJob.verwerk(deps, {});
    await totdat(
      async () => (await app.sql(`select 1 from notificatie where termijn_id = $1`, [termijnId])).length === 2,
    );
    // Delivered again (at least once) and run by hand: still one record each.
    expect(await escaleerJob.verwerk(deps, { termijnId })).toBe('al-verstuurd');
    expect(await herinnerJob.verwerk(deps, { termijnId })).toBe('al-verstuurd');

    const regels = (await systeemAudit(app, termijnId)).sort((a, b) => a.gebeurtenis.localeCompare(b.gebeurtenis));
    const gemeen = {
      ...SYSTEEM_ACTOR('VT14'),
      actie: 'C',
      vt_organisatie: 'VT14',
      object_type: 'Termijn',
      persoon_ids: [],
    };
    expect(regels).toEqual([
      expect.objectContaining({
        ...gemeen,
        gebeurtenis: 'TERMIJN_ESCALEREN',
        verzoek_id: `termijn-escaleren/${escaleerJobId(termijnId)}`,
      }),
      expect.objectContaining({
        ...gemeen,
        gebeurtenis: 'TERMIJN_HERINNEREN',
        verzoek_id: `termijn-herinneren/${herinnerJobId(termijnId)}`,
      }),
    ]);
  });

  it('een aanbod dat verloopt: zonder zijn auditregel verandert er niets (één transactie), daarna precies één regel met de personen', async () => {
    const { overdrachtId, persoonIds, termijnId } = await aanbod();
    app.clock.set(new Date('2026-03-13T08:00:00Z'));
    expect(await herinnerJob.verwerk(deps, { termijnId })).toBe('verstuurd');
    expect(await systeemAudit(app, overdrachtId)).toEqual([
      expect.objectContaining({
        ...SYSTEEM_ACTOR('VT14'),
        gebeurtenis: 'OVERDRACHT_HERINNEREN',
        actie: 'E',
        persoon_ids: [],
      }),
    ]);

    // The audit store refuses the worker's records: the escalation fails as a whole.
    await app.sql(
      `create function weiger_systeem() returns trigger language plpgsql as $$ begin raise exception 'audit onbereikbaar' using errcode = '08006'; end $$`,
    );
    await app.sql(
      `create trigger weiger_systeem before insert on audit_gebeurtenis for each row when (new.gebruiker = 'systeem:worker') execute function weiger_systeem()`,
    );
    app.clock.set(new Date('2026-03-14T08:00:00Z'));
    try {
      await expect(escaleerJob.verwerk(deps, { termijnId })).rejects.toThrow();
    } finally {
      await app.sql(`drop trigger weiger_systeem on audit_gebeurtenis`);
    }
    expect((await app.sql(`select status from overdracht where id = $1`, [overdrachtId]))[0].status).toBe('AANGEBODEN');
    expect(
      await app.sql(`select soort from notificatie where termijn_id = $1 and soort = 'ESCALATIE'`, [termijnId]),
    ).toEqual([]);
    expect(
      await app.sql(`select type from gebeurtenis where object_id = $1 and type = 'overdracht.verlopen'`, [
        overdrachtId,
      ]),
    ).toEqual([]);

    // The retry succeeds: the offer expires, the partner loses access, and that is recorded once, with the persons.
    expect(await escaleerJob.verwerk(deps, { termijnId })).toBe('verstuurd');
    expect(await escaleerJob.verwerk(deps, { termijnId })).toBe('niet-open');
    expect((await app.sql(`select status from overdracht where id = $1`, [overdrachtId]))[0].status).toBe('VERLOPEN');
    const verlopen = (await systeemAudit(app, overdrachtId)).filter((r) => r.gebeurtenis === 'OVERDRACHT_VERLOPEN');
    expect(verlopen).toEqual([
      expect.objectContaining({
        ...SYSTEEM_ACTOR('VT14'),
        actie: 'U',
        vt_organisatie: 'VT14',
        object_type: 'Overdracht',
      }),
    ]);
    expect([...verlopen[0].persoon_ids].sort()).toEqual([...persoonIds].sort());
    expect((await systeemAudit(app, termijnId)).map((r) => r.gebeurtenis)).toEqual([
      'TERMIJN_HERINNEREN',
      'TERMIJN_ESCALEREN',
    ]);
  });

  it('de privacy officer vindt het werk van de worker in de eigen regio en niet dat in een andere', async () => {
    const hier = await melding('VT14');
    const daar = await melding('VT09');
    app.clock.set(new Date('2026-03-17T08:00:00Z'));
    for (const t of [hier, daar]) expect(await escaleerJob.verwerk(deps, { termijnId: t.termijnId })).toBe('verstuurd');
    const q = `query($f: AuditFilter!) { auditSpoor(filter: $f) { edges { node { gebeurtenis gebruiker actorSoort rol organisatie objectId } } } }`;
    type S = {
      auditSpoor: {
        edges: {
          node: {
            gebeurtenis: string;
            gebruiker: string;
            actorSoort: string;
            rol: string;
            organisatie: string;
            objectId: string;
          };
        }[];
      };
    };
    for (const [regio, eigen, vreemd] of [
      ['VT14', hier, daar],
      ['VT09', daar, hier],
    ] as const) {
      const r = await app.gql<S>(await app.token('PRIVACY_OFFICER', regio), q, { f: { gebruiker: 'systeem:worker' } });
      expect(r.body.errors).toBeUndefined();
      const nodes = r.body.data!.auditSpoor.edges.map((e) => e.node);
      expect(nodes).toContainEqual({
        gebeurtenis: 'TERMIJN_ESCALEREN',
        gebruiker: 'systeem:worker',
        actorSoort: 'SYSTEEM',
        rol: 'SYSTEEM',
        organisatie: regio,
        objectId: eigen.termijnId,
      });
      expect(nodes.map((n) => n.objectId)).not.toContain(vreemd.termijnId);
    }
  });
});
