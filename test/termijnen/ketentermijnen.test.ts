import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { JobDeps } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import { afstemmenJob, escaleerJob, herinnerJob } from '../../src/termijnen/jobs/termijn-bewaking.job';
import { TERMIJN_WACHTRIJ } from '../../src/termijnen/termijn.service';
import { startWorkers, type WorkerHandle } from '../../src/worker';
import { meldingInvoer } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';
import { totdat } from '../helpers/wachten';
import { termijnActies } from '../../src/modules';

/**
 * One deadline mechanism (issue 12.5): the Handle with Care acknowledgement and the ZSM answer are termijnen on an
 * exact moment, opened with the signal or request, met by the acknowledgement or answer, cancelled by withdrawal, and
 * reminded and escalated by the ordinary termijn jobs through real BullMQ, visible in the teamleider's overview.
 */
let app: TestApp;
let handle: WorkerHandle;
let queue: Queue;
let deps: JobDeps;

type Termijn = {
  id: string;
  soort: string;
  status: string;
  casusId: string | null;
  hwcSignaalId: string | null;
  zsmVerzoekId: string | null;
  vervaldatum: string;
  vervaltOp: string;
  overschreden: boolean;
  verantwoordelijke: string | null;
};
type Notificatie = {
  soort: string;
  termijnSoort: string;
  termijnId: string;
  casusId: string | null;
  hwcSignaalId: string | null;
  zsmVerzoekId: string | null;
  vervaltOp: string;
  ontvanger: string | null;
};

const TERMIJN =
  'id soort status casusId hwcSignaalId zsmVerzoekId vervaldatum vervaltOp overschreden verantwoordelijke';
const OVERZICHT = `query { termijnOverzicht(binnenWerkdagen: 1) { overschreden binnenkort perSoort { groep overschreden binnenkort } termijnen { ${TERMIJN} } } }`;
const NOTIFICATIES = `query { notificaties { soort termijnSoort termijnId casusId hwcSignaalId zsmVerzoekId vervaltOp ontvanger } }`;

const mw = (): Promise<string> => app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-keten' });
const tl = (): Promise<string> => app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-keten' });

async function ok<T>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const r = await app.gql<T>(token, query, variables);
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return r.body.data as T;
}

/** A casus with a child; sends a HwC signal for it at the current clock. */
async function signaal(incident: string): Promise<{ id: string; casusId: string; leverenVoor: string }> {
  const m = await ok<{
    meldingRegistreren: { casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] };
  }>(
    await mw(),
    `mutation R($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { casusId betrokkenen { rollen persoon { id } } } }`,
    { invoer: meldingInvoer({ ontvangenOp: `${incident}T22:00:00+01:00` }) },
  );
  const kind = m.meldingRegistreren.betrokkenen.find((b) => b.rollen.includes('KIND'))!.persoon.id;
  const s = await ok<{ hwcSignaalVersturen: { id: string; leverenVoor: string } }>(
    await mw(),
    `mutation V($invoer: HwcSignaalInvoer!) { hwcSignaalVersturen(invoer: $invoer) { id leverenVoor } }`,
    {
      invoer: {
        casusId: m.meldingRegistreren.casusId,
        persoonId: kind,
        school: 'SCHOOL-K',
        incidentdatum: incident,
        grondslag: 'Convenant Handle with Care',
      },
    },
  );
  return { ...s.hwcSignaalVersturen, casusId: m.meldingRegistreren.casusId };
}

async function zsmVerzoek(): Promise<{ id: string; antwoordVoor: string }> {
  const r = await ok<{ zsmVerzoekIndienen: { id: string; antwoordVoor: string } }>(
    await app.token('OM_ZSM_MEDEWERKER', 'OM-K', { sub: 'om-k' }),
    `mutation I($invoer: ZsmVerzoekInvoer!) { zsmVerzoekIndienen(invoer: $invoer) { id antwoordVoor } }`,
    {
      invoer: {
        vtOrganisatie: 'VT14',
        reden: 'Afstemming veiligheidsmaatregelen.',
        inverzekeringstellingEindigtOp: '2026-03-12T12:00:00Z',
        personen: [{ achternaam: 'Onbekend', geboortedatum: '1990-01-01' }],
      },
    },
  );
  return r.zsmVerzoekIndienen;
}

async function termijnVan(kolom: 'hwc_signaal_id' | 'zsm_verzoek_id', id: string): Promise<Record<string, unknown>> {
  const rijen = await app.sql(
    `select id, soort, status, casus_id, vt_organisatie, vervaldatum::text as vervaldatum, vervalt_op, herinner_op, afgehandeld_op, verantwoordelijke from termijn where ${kolom} = $1`,
    [id],
  );
  expect(rijen).toHaveLength(1);
  return rijen[0];
}

async function notificaties(termijnId: unknown): Promise<string[]> {
  return (await app.sql(`select soort from notificatie where termijn_id = $1 order by soort`, [termijnId])).map(
    (r) => r.soort as string,
  );
}

beforeAll(async () => {
  app = await startTestApp({ env: { TERMIJN_PLANHORIZON_MS: String(30 * 24 * 3600_000) } });
  await app.partner('SCHOOL-K', 'SCHOOL', 'VT14');
  await app.partner('OM-K', 'OPENBAAR_MINISTERIE', 'VT14');
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

describe('Handle with Care: de ontvangstbevestiging is een termijn tot de lesstart', () => {
  it('opent met het signaal, voldaan door de bevestiging, geannuleerd door intrekken; het onbevestigde escaleert één keer en staat in het overzicht', async () => {
    // Tuesday 10 March 2026 09:00 CET: lessons have started, so the signals are due Wednesday 08:30 (07:30Z).
    app.clock.set(new Date('2026-03-10T08:00:00Z'));
    const open = await signaal('2026-03-09');
    const bevestigd = await signaal('2026-03-08');
    const ingetrokken = await signaal('2026-03-07');
    expect(open.leverenVoor).toBe('2026-03-11T07:30:00.000Z');

    const t = await termijnVan('hwc_signaal_id', open.id);
    expect(t).toMatchObject({
      soort: 'HWC_ONTVANGSTBEVESTIGING',
      status: 'OPEN',
      casus_id: open.casusId,
      vt_organisatie: 'VT14',
      vervaldatum: '2026-03-11',
      verantwoordelijke: 'mw-keten',
    });
    // Due at the exact moment of lesson start, not at the end of the day; the reminder TERMIJN_HERINNERING_MINUTEN (60) before.
    expect(new Date(t.vervalt_op as string).toISOString()).toBe('2026-03-11T07:30:00.000Z');
    expect(new Date(t.herinner_op as string).toISOString()).toBe('2026-03-11T06:30:00.000Z');

    app.clock.set(new Date('2026-03-10T10:00:00Z'));
    await ok(
      await app.token('SCHOOL_CONTACTPERSOON', 'SCHOOL-K'),
      `mutation { hwcOntvangstBevestigen(signaalId: "${bevestigd.id}") { bevestigdOp } }`,
    );
    await ok(
      await mw(),
      `mutation { hwcSignaalIntrekken(signaalId: "${ingetrokken.id}", reden: "Verkeerde school.") { status } }`,
    );
    expect(await termijnVan('hwc_signaal_id', bevestigd.id)).toMatchObject({
      status: 'VOLDAAN',
      afgehandeld_op: new Date('2026-03-10T10:00:00Z'),
    });
    expect(await termijnVan('hwc_signaal_id', ingetrokken.id)).toMatchObject({
      status: 'GEANNULEERD',
      afgehandeld_op: new Date('2026-03-10T10:00:00Z'),
    });

    // Wednesday 08:31: past lesson start. The reconciler schedules; the worker reminds and escalates the open one only.
    app.clock.set(new Date('2026-03-11T07:31:00Z'));
    await afstemmenJob.verwerk(deps, {});
    await totdat(async () => (await notificaties(t.id)).length === 2);
    expect(await notificaties(t.id)).toEqual(['ESCALATIE', 'HERINNERING']);
    expect(await escaleerJob.verwerk(deps, { termijnId: t.id as string })).toBe('al-verstuurd');
    await afstemmenJob.verwerk(deps, {});
    expect(await notificaties(t.id)).toEqual(['ESCALATIE', 'HERINNERING']);
    for (const s of [bevestigd, ingetrokken]) {
      expect(await notificaties((await termijnVan('hwc_signaal_id', s.id)).id)).toEqual([]);
    }

    // The teamleider: one escalation in the inbox, the overdue termijn in the overview, geescaleerdOp on the signal.
    const inbox = (await ok<{ notificaties: Notificatie[] }>(await tl(), NOTIFICATIES)).notificaties.filter(
      (n) => n.termijnId === t.id,
    );
    expect(inbox).toEqual([
      {
        soort: 'ESCALATIE',
        termijnSoort: 'HWC_ONTVANGSTBEVESTIGING',
        termijnId: t.id,
        casusId: open.casusId,
        hwcSignaalId: open.id,
        zsmVerzoekId: null,
        vervaltOp: '2026-03-11T07:30:00.000Z',
        ontvanger: null,
      },
    ]);
    // The reminder went to the worker who sent the signal.
    const mijn = (await ok<{ notificaties: Notificatie[] }>(await mw(), NOTIFICATIES)).notificaties.filter(
      (n) => n.termijnId === t.id,
    );
    expect(mijn.map((n) => [n.soort, n.ontvanger])).toEqual([['HERINNERING', 'mw-keten']]);
    const o = (
      await ok<{ termijnOverzicht: { termijnen: Termijn[]; perSoort: { groep: string; overschreden: number }[] } }>(
        await tl(),
        OVERZICHT,
      )
    ).termijnOverzicht;
    expect(o.termijnen.filter((x) => x.soort === 'HWC_ONTVANGSTBEVESTIGING')).toEqual([
      {
        id: t.id,
        soort: 'HWC_ONTVANGSTBEVESTIGING',
        status: 'OPEN',
        casusId: open.casusId,
        hwcSignaalId: open.id,
        zsmVerzoekId: null,
        vervaldatum: '2026-03-11',
        vervaltOp: '2026-03-11T07:30:00.000Z',
        overschreden: true,
        verantwoordelijke: 'mw-keten',
      },
    ]);
    expect(o.perSoort.find((g) => g.groep === 'HWC_ONTVANGSTBEVESTIGING')?.overschreden).toBe(1);
    const l = await ok<{
      hwcSignalen: { edges: { node: { id: string; status: string; geescaleerdOp: string | null } }[] };
    }>(await tl(), `query { hwcSignalen { edges { node { id status geescaleerdOp } } } }`);
    expect(l.hwcSignalen.edges.map((e) => e.node).find((n) => n.id === open.id)).toEqual({
      id: open.id,
      status: 'NIET_BEVESTIGD_VOOR_LESSTART',
      geescaleerdOp: '2026-03-11T07:31:00.000Z',
    });
    expect(l.hwcSignalen.edges.map((e) => e.node).find((n) => n.id === bevestigd.id)?.geescaleerdOp).toBeNull();
  });
});

describe('ZSM: het antwoord is een termijn tot antwoordVoor', () => {
  it('opent met het verzoek, voldaan door het antwoord; het onbeantwoorde wordt herinnerd en escaleert één keer naar de teamleider', async () => {
    app.clock.set(new Date('2026-03-10T09:00:00Z'));
    const open = await zsmVerzoek();
    const beantwoord = await zsmVerzoek();
    expect(open.antwoordVoor).toBe('2026-03-10T13:00:00.000Z');
    const t = await termijnVan('zsm_verzoek_id', open.id);
    expect(t).toMatchObject({
      soort: 'ZSM_ANTWOORD',
      status: 'OPEN',
      casus_id: null,
      vt_organisatie: 'VT14',
      vervaldatum: '2026-03-10',
      verantwoordelijke: null,
    });
    expect(new Date(t.vervalt_op as string).toISOString()).toBe('2026-03-10T13:00:00.000Z');
    expect(new Date(t.herinner_op as string).toISOString()).toBe('2026-03-10T12:00:00.000Z');

    app.clock.set(new Date('2026-03-10T10:00:00Z'));
    await ok(await mw(), `mutation B($invoer: ZsmAntwoordInvoer!) { zsmVerzoekBeantwoorden(invoer: $invoer) { id } }`, {
      invoer: { verzoekId: beantwoord.id, personen: [] },
    });
    expect(await termijnVan('zsm_verzoek_id', beantwoord.id)).toMatchObject({
      status: 'VOLDAAN',
      afgehandeld_op: new Date('2026-03-10T10:00:00Z'),
    });

    // 12:30: the reminder (nobody is assigned to a ZSM request: it goes to the teamleider), no escalation yet.
    app.clock.set(new Date('2026-03-10T12:30:00Z'));
    expect(await escaleerJob.verwerk(deps, { termijnId: t.id as string })).toBe('te-vroeg');
    expect(await herinnerJob.verwerk(deps, { termijnId: t.id as string })).toBe('verstuurd');
    // 13:00 exactly: overdue. Through the queue, once.
    app.clock.set(new Date('2026-03-10T13:00:00Z'));
    await afstemmenJob.verwerk(deps, {});
    await totdat(async () => (await notificaties(t.id)).length === 2);
    await afstemmenJob.verwerk(deps, {});
    expect(await escaleerJob.verwerk(deps, { termijnId: t.id as string })).toBe('al-verstuurd');
    expect(await notificaties(t.id)).toEqual(['ESCALATIE', 'HERINNERING']);
    expect(await notificaties((await termijnVan('zsm_verzoek_id', beantwoord.id)).id)).toEqual([]);

    const inbox = (await ok<{ notificaties: Notificatie[] }>(await tl(), NOTIFICATIES)).notificaties.filter(
      (n) => n.termijnId === t.id,
    );
    expect(
      inbox.map((n) => [n.soort, n.termijnSoort, n.casusId, n.zsmVerzoekId, n.vervaltOp, n.ontvanger]).sort(),
    ).toEqual([
      ['ESCALATIE', 'ZSM_ANTWOORD', null, open.id, '2026-03-10T13:00:00.000Z', null],
      ['HERINNERING', 'ZSM_ANTWOORD', null, open.id, '2026-03-10T13:00:00.000Z', null],
    ]);
    const o = (await ok<{ termijnOverzicht: { termijnen: Termijn[] } }>(await tl(), OVERZICHT)).termijnOverzicht;
    expect(
      o.termijnen
        .filter((x) => x.soort === 'ZSM_ANTWOORD')
        .map((x) => [x.zsmVerzoekId, x.casusId, x.overschreden, x.verantwoordelijke]),
    ).toEqual([[open.id, null, true, null]]);
    const v = await ok<{ zsmVerzoek: { geescaleerdOp: string; status: string } }>(
      await tl(),
      `query { zsmVerzoek(id: "${open.id}") { status geescaleerdOp } }`,
    );
    expect(v.zsmVerzoek).toEqual({
      status: 'NIET_BEANTWOORD_BINNEN_TERMIJN',
      geescaleerdOp: '2026-03-10T13:00:00.000Z',
    });
  });

  it('een termijn die om 00:00 vervalt hoort bij de dag ervoor; de herinnering valt nooit in de eerste helft', async () => {
    // Detention ends at 00:00 Amsterdam on Wednesday: the answer is due then; at 22:30 the reminder is halfway (23:15).
    app.clock.set(new Date('2026-03-10T21:30:00Z'));
    const r = await ok<{ zsmVerzoekIndienen: { id: string } }>(
      await app.token('OM_ZSM_MEDEWERKER', 'OM-K', { sub: 'om-k' }),
      `mutation I($invoer: ZsmVerzoekInvoer!) { zsmVerzoekIndienen(invoer: $invoer) { id } }`,
      {
        invoer: {
          vtOrganisatie: 'VT14',
          reden: 'Afstemming.',
          inverzekeringstellingEindigtOp: '2026-03-10T23:00:00Z',
          personen: [{ achternaam: 'Onbekend', geboortedatum: '1990-01-01' }],
        },
      },
    );
    const t = await termijnVan('zsm_verzoek_id', r.zsmVerzoekIndienen.id);
    expect(t.vervaldatum).toBe('2026-03-10');
    expect(new Date(t.herinner_op as string).toISOString()).toBe('2026-03-10T22:15:00.000Z');
  });
});
