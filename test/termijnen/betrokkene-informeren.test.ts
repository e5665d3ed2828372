import type { Queue } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/lib/config';
import type { JobDeps } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import { termijnActies } from '../../src/modules';
import { afstemmenJob } from '../../src/termijnen/jobs/termijn-bewaking.job';
import { termijnRegels, vervaldatum } from '../../src/termijnen/termijn-regels';
import { TermijnSoort } from '../../src/termijnen/termijn.entity';
import { TERMIJN_WACHTRIJ } from '../../src/termijnen/termijn.service';
import { startWorkers, type WorkerHandle } from '../../src/worker';
import { meldingInvoer } from '../helpers/fabriek';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';
import { totdat } from '../helpers/wachten';

/**
 * Informing the reported person(s) of a melding "zo snel mogelijk" (issue 16.4): a termijn on the working-day calendar,
 * opened at intake, met by recording that they were informed, replaced by a postponement, closed by a decision not to
 * inform; reminded and escalated by the worker like every termijn, through real BullMQ on the injected clock.
 */
let app: TestApp;
let handle: WorkerHandle;
let deps: JobDeps;

const MW = 'mw-informeren';
const REGISTREER = `mutation R($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { id casusId betrokkenen { rollen persoon { id } } } }`;
const VASTLEGGEN = `mutation V($i: BetrokkeneInformerenInvoer!) { betrokkeneInformerenVastleggen(invoer: $i) {
  id uitkomst geinformeerdOp wijze persoonIds reden uitgesteldTot toelichting vastgelegdDoor termijn { soort status vervaldatum } } }`;
const LEES = `query L($m: ID!) { betrokkeneInformering(meldingId: $m) { uitkomst persoonIds reden uitgesteldTot toelichting termijn { status vervaldatum } } }`;

interface Melding {
  id: string;
  casusId: string;
  pleger: string;
  kind: string;
}

async function mw(): Promise<string> {
  return app.token('VT_MEDEWERKER', 'VT14', { sub: MW });
}

async function melding(ontvangenOp = '2026-03-09T14:30:00+01:00'): Promise<Melding> {
  const r = await app.gql<{
    meldingRegistreren: { id: string; casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] };
  }>(await mw(), REGISTREER, { invoer: meldingInvoer({ ontvangenOp }) });
  expect(r.body.errors).toBeUndefined();
  const m = r.body.data!.meldingRegistreren;
  const van = (rol: string): string => m.betrokkenen.find((b) => b.rollen.includes(rol))!.persoon.id;
  return { id: m.id, casusId: m.casusId, pleger: van('PLEGER'), kind: van('KIND') };
}

async function termijnen(meldingId: string): Promise<Record<string, unknown>[]> {
  return app.sql(
    `select id::text as id, status, vervaldatum::text as vervaldatum, verantwoordelijke from termijn
      where melding_id = $1 and soort = 'BETROKKENE_INFORMEREN' order by startdatum, status`,
    [meldingId],
  );
}

async function notificaties(termijnId: string): Promise<string[]> {
  return (await app.sql(`select soort from notificatie where termijn_id = $1 order by soort`, [termijnId])).map(
    (r) => r.soort as string,
  );
}

beforeAll(async () => {
  // The default planning horizon (48 h): a job is queued only when its moment is near, as in production.
  app = await startTestApp();
  handle = await startWorkers(
    { orm: app.orm, clock: app.clock, log: createLogger('silent', 'test'), config: app.config },
    app.wachtrij,
    { schedules: false },
  );
  const queue: Queue = handle.queues.find((q) => q.name === TERMIJN_WACHTRIJ)!;
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

describe('de termijn op de werkdagenkalender', () => {
  it('elke melding opent bij ontvangst een termijn van 5 werkdagen voor de behandelaar', async () => {
    const m = await melding('2026-03-09T14:30:00+01:00'); // maandag
    expect(await termijnen(m.id)).toEqual([
      expect.objectContaining({ status: 'OPEN', vervaldatum: '2026-03-16', verantwoordelijke: MW }),
    ]);
  });

  it('slaat weekend, Koningsdag en Bevrijdingsdag over', async () => {
    const regels = termijnRegels(loadConfig({ NODE_ENV: 'test' }));
    // Vrijdag 24 april 2026: za, zo, maandag 27 april (Koningsdag) tellen niet.
    expect(vervaldatum(regels, TermijnSoort.BETROKKENE_INFORMEREN, '2026-04-24')).toBe('2026-05-04');
    // Donderdag 30 april: dinsdag 5 mei (Bevrijdingsdag, TERMIJN_VRIJE_DAGEN) telt niet.
    expect(vervaldatum(regels, TermijnSoort.BETROKKENE_INFORMEREN, '2026-04-30')).toBe('2026-05-08');
    const zonder = termijnRegels(loadConfig({ NODE_ENV: 'test', TERMIJN_VRIJE_DAGEN: 'goede-vrijdag' }));
    expect(vervaldatum(zonder, TermijnSoort.BETROKKENE_INFORMEREN, '2026-04-30')).toBe('2026-05-07');
    // Through the API too: a melding received on Friday 24 April.
    app.clock.set(new Date('2026-04-24T12:00:00Z'));
    const m = await melding('2026-04-24T10:00:00+02:00');
    expect((await termijnen(m.id))[0]).toMatchObject({ vervaldatum: '2026-05-04' });
  });

  it('de lengte is instelbaar en begrensd (zo snel mogelijk, uiterlijk ongeveer een maand: AVG art. 14 lid 3)', () => {
    const twee = termijnRegels(loadConfig({ NODE_ENV: 'test', TERMIJN_BETROKKENE_INFORMEREN_WERKDAGEN: '2' }));
    expect(vervaldatum(twee, TermijnSoort.BETROKKENE_INFORMEREN, '2026-04-24')).toBe('2026-04-29');
    expect(() => loadConfig({ NODE_ENV: 'test', TERMIJN_BETROKKENE_INFORMEREN_WERKDAGEN: '0' })).toThrow(
      /TERMIJN_BETROKKENE_INFORMEREN_WERKDAGEN/,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', TERMIJN_BETROKKENE_INFORMEREN_WERKDAGEN: '23' })).toThrow(
      /TERMIJN_BETROKKENE_INFORMEREN_WERKDAGEN/,
    );
  });
});

describe('vastleggen', () => {
  it('geïnformeerd voldoet aan de termijn; de lezing toont wie, hoe en wanneer, en wordt geaudit', async () => {
    const m = await melding();
    const r = await app.gql<{ betrokkeneInformerenVastleggen: Record<string, unknown> }>(await mw(), VASTLEGGEN, {
      i: {
        meldingId: m.id,
        uitkomst: 'GEINFORMEERD',
        geinformeerdOp: '2026-03-10T08:30:00Z',
        wijze: 'HUISBEZOEK',
        persoonIds: [m.pleger],
      },
    });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.betrokkeneInformerenVastleggen).toMatchObject({
      uitkomst: 'GEINFORMEERD',
      wijze: 'HUISBEZOEK',
      persoonIds: [m.pleger],
      vastgelegdDoor: MW,
      termijn: { soort: 'BETROKKENE_INFORMEREN', status: 'VOLDAAN', vervaldatum: '2026-03-16' },
    });
    expect(await termijnen(m.id)).toEqual([expect.objectContaining({ status: 'VOLDAAN' })]);
    const [wijziging] = await app.sql(
      `select actie, object_id, persoon_ids::text[] as p from audit_gebeurtenis where gebeurtenis = 'BETROKKENE_INFORMEREN_VASTLEGGEN' and object_id = $1`,
      [m.id],
    );
    expect(wijziging).toMatchObject({ actie: 'C', object_id: m.id });
    expect(wijziging.p).toEqual(expect.arrayContaining([m.pleger, m.kind]));

    const l = await app.gql<{ betrokkeneInformering: Record<string, unknown>[] }>(await mw(), LEES, { m: m.id });
    expect(l.body.errors).toBeUndefined();
    expect(l.body.data!.betrokkeneInformering).toEqual([
      expect.objectContaining({
        uitkomst: 'GEINFORMEERD',
        persoonIds: [m.pleger],
        termijn: expect.objectContaining({ status: 'VOLDAAN' }),
      }),
    ]);
    const lezing = await app.sql(
      `select actie, gebruiker, persoon_ids::text[] as p, velden::text[] as v from audit_gebeurtenis where gebeurtenis = 'BETROKKENE_INFORMEREN_LEZEN' and object_id = $1`,
      [m.id],
    );
    expect(lezing).toHaveLength(1);
    expect(lezing[0]).toMatchObject({ actie: 'R', gebruiker: MW });
    expect(lezing[0].p).toEqual(expect.arrayContaining([m.pleger, m.kind]));
    expect(lezing[0].v).toEqual(expect.arrayContaining(['persoonIds', 'toelichting']));
  });

  it('niet informeren met een wettelijke reden sluit de termijn met die reden', async () => {
    const m = await melding();
    const r = await app.gql<{ betrokkeneInformerenVastleggen: Record<string, unknown> }>(await mw(), VASTLEGGEN, {
      i: {
        meldingId: m.id,
        uitkomst: 'NIET_INFORMEREN',
        reden: 'VEILIGHEID_MELDER',
        toelichting: 'Alleen de melder kan dit weten; informeren maakt de melder herkenbaar.',
      },
    });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.betrokkeneInformerenVastleggen).toMatchObject({
      uitkomst: 'NIET_INFORMEREN',
      reden: 'VEILIGHEID_MELDER',
      persoonIds: [],
      termijn: { status: 'VOLDAAN' },
    });
  });
});

describe('herinneren, escaleren en uitstel, op de klok van de test', () => {
  it('een verstreken termijn: herinnering aan de behandelaar en escalatie naar de teamleider', async () => {
    const m = await melding();
    const [t] = await termijnen(m.id);
    // Due Monday 16 March; the reminder at 00:00 on Friday 13 March. The 17th is past both.
    app.clock.set(new Date('2026-03-13T08:00:00Z'));
    await afstemmenJob.verwerk(deps, {});
    await totdat(async () => (await notificaties(t.id as string)).length === 1);
    expect(await notificaties(t.id as string)).toEqual(['HERINNERING']);
    app.clock.set(new Date('2026-03-17T08:00:00Z'));
    await afstemmenJob.verwerk(deps, {});
    await totdat(async () => (await notificaties(t.id as string)).length === 2);
    expect(await notificaties(t.id as string)).toEqual(['ESCALATIE', 'HERINNERING']);
    const tl = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-informeren' });
    const n = await app.gql<{ notificaties: { soort: string; termijnSoort: string; termijnId: string }[] }>(
      tl,
      `{ notificaties { soort termijnSoort termijnId } }`,
    );
    expect(n.body.data!.notificaties).toContainEqual({
      soort: 'ESCALATIE',
      termijnSoort: 'BETROKKENE_INFORMEREN',
      termijnId: t.id,
    });
  });

  it('uitstel houdt de plicht open tot de nieuwe datum: de oude termijn escaleert niet meer, de nieuwe op zijn dag', async () => {
    const m = await melding();
    const r = await app.gql<{ betrokkeneInformerenVastleggen: Record<string, unknown> }>(await mw(), VASTLEGGEN, {
      i: {
        meldingId: m.id,
        uitkomst: 'UITGESTELD',
        reden: 'BELANG_STRAFRECHTELIJK_ONDERZOEK',
        uitgesteldTot: '2026-03-27',
        toelichting: 'De politie vraagt te wachten tot na het verhoor.',
      },
    });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.betrokkeneInformerenVastleggen).toMatchObject({
      uitkomst: 'UITGESTELD',
      uitgesteldTot: '2026-03-27',
      termijn: { status: 'OPEN', vervaldatum: '2026-03-27' },
    });
    const [oud, nieuw] = await termijnen(m.id);
    expect(oud).toMatchObject({ status: 'GEANNULEERD', vervaldatum: '2026-03-16' });
    expect(nieuw).toMatchObject({ status: 'OPEN', vervaldatum: '2026-03-27', verantwoordelijke: MW });

    app.clock.set(new Date('2026-03-17T08:00:00Z'));
    await afstemmenJob.verwerk(deps, {});
    await new Promise((ok) => setTimeout(ok, 300));
    expect(await notificaties(oud.id as string)).toEqual([]);
    expect(await notificaties(nieuw.id as string)).toEqual([]);

    app.clock.set(new Date('2026-03-30T07:00:00Z'));
    await afstemmenJob.verwerk(deps, {});
    await totdat(async () => (await notificaties(nieuw.id as string)).length === 2);
    expect(await notificaties(oud.id as string)).toEqual([]);

    // Informed after all, late: the open termijn is met, and the history shows both records.
    const g = await app.gql(await mw(), VASTLEGGEN, {
      i: {
        meldingId: m.id,
        uitkomst: 'GEINFORMEERD',
        geinformeerdOp: '2026-03-30T06:00:00Z',
        wijze: 'PERSOONLIJK_GESPREK',
        persoonIds: [m.pleger, m.kind],
      },
    });
    expect(g.body.errors).toBeUndefined();
    expect((await termijnen(m.id)).map((t) => t.status)).toEqual(['GEANNULEERD', 'VOLDAAN']);
    const l = await app.gql<{ betrokkeneInformering: { uitkomst: string; termijn: { status: string } }[] }>(
      await mw(),
      LEES,
      { m: m.id },
    );
    expect(l.body.data!.betrokkeneInformering.map((x) => [x.uitkomst, x.termijn.status])).toEqual([
      ['UITGESTELD', 'VOLDAAN'],
      ['GEINFORMEERD', 'VOLDAAN'],
    ]);
  });

  it('afsluiten van de casus annuleert de open termijn', async () => {
    const m = await melding();
    const vb = await app.gql(
      await mw(),
      `mutation { veiligheidsbeoordelingVastleggen(invoer: { meldingId: "${m.id}", taxatie: GEEN_ONVEILIGHEID, uitkomst: GEEN_VERVOLGSTAPPEN, toelichting: "Geen zorgen." }) { casus { id } } }`,
    );
    expect(vb.body.errors).toBeUndefined();
    const af = await app.gql(
      await mw(),
      `mutation { casusOvergang(invoer: { casusId: "${m.casusId}", naar: AFGESLOTEN, toelichting: "Afgesloten.", afsluitreden: "Geen zorgen." }) { fase } }`,
    );
    expect(af.body.errors).toBeUndefined();
    expect((await termijnen(m.id)).map((t) => t.status)).toEqual(['GEANNULEERD']);
  });
});

describe('geweigerd, met vaste codes, zonder iets te wijzigen', () => {
  async function weiger(
    i: Record<string, unknown>,
    token?: string,
  ): Promise<{ code: unknown; reden: unknown; fouten: { veld: string; code: string }[]; message: string }> {
    const r = await app.gql(token ?? (await mw()), VASTLEGGEN, { i });
    expect(r.body.errors, JSON.stringify(r.body)).toBeDefined();
    const e = r.body.errors![0];
    return {
      code: e.extensions?.code,
      reden: e.extensions?.reden,
      fouten: ((e.extensions?.fouten as { veld: string; code: string }[]) ?? []).map(({ veld, code }) => ({
        veld,
        code,
      })),
      message: e.message,
    };
  }

  it('ontbrekende, verboden en onmogelijke gegevens', async () => {
    const m = await melding();
    const ander = await melding();
    const voor = async (): Promise<unknown> => [
      await termijnen(m.id),
      (await app.sql(`select count(*)::int as n from betrokkene_informering where melding_id = $1`, [m.id]))[0].n,
    ];
    const eerst = await voor();

    expect((await weiger({ meldingId: m.id, uitkomst: 'GEINFORMEERD' })).fouten).toEqual([
      { veld: 'geinformeerdOp', code: 'VERPLICHT' },
      { veld: 'wijze', code: 'VERPLICHT' },
      { veld: 'persoonIds', code: 'VERPLICHT' },
    ]);
    const basis = { meldingId: m.id, uitkomst: 'GEINFORMEERD', wijze: 'TELEFONISCH', persoonIds: [m.pleger] };
    expect((await weiger({ ...basis, geinformeerdOp: '2026-03-11T09:00:00Z' })).fouten).toEqual([
      { veld: 'geinformeerdOp', code: 'DATUM_IN_TOEKOMST' },
    ]);
    expect((await weiger({ ...basis, geinformeerdOp: '2026-03-09T10:00:00Z' })).fouten).toEqual([
      { veld: 'geinformeerdOp', code: 'VOOR_ONTVANGST' },
    ]);
    const vreemd = await weiger({ ...basis, geinformeerdOp: '2026-03-10T08:00:00Z', persoonIds: [ander.pleger] });
    expect(vreemd.fouten).toEqual([{ veld: 'persoonIds', code: 'GEEN_BETROKKENE' }]);
    expect(vreemd.message).not.toContain(ander.pleger);
    expect(
      (await weiger({ ...basis, geinformeerdOp: '2026-03-10T08:00:00Z', reden: 'VEILIGHEID_KIND' })).fouten,
    ).toEqual([{ veld: 'reden', code: 'NIET_TOEGESTAAN' }]);
    expect((await weiger({ meldingId: m.id, uitkomst: 'UITGESTELD' })).fouten).toEqual([
      { veld: 'reden', code: 'VERPLICHT' },
      { veld: 'toelichting', code: 'VERPLICHT' },
      { veld: 'uitgesteldTot', code: 'VERPLICHT' },
    ]);
    expect(
      (
        await weiger({
          meldingId: m.id,
          uitkomst: 'UITGESTELD',
          reden: 'NIET_BEREIKBAAR',
          toelichting: 'Geen adres.',
          uitgesteldTot: '2026-03-10',
        })
      ).fouten,
    ).toEqual([{ veld: 'uitgesteldTot', code: 'NIET_IN_TOEKOMST' }]);
    expect(
      (await weiger({ meldingId: m.id, uitkomst: 'NIET_INFORMEREN', reden: 'NIET_BEREIKBAAR', toelichting: 'Weg.' }))
        .fouten,
    ).toEqual([{ veld: 'reden', code: 'REDEN_ALLEEN_VOOR_UITSTEL' }]);
    expect(await voor()).toEqual(eerst);

    // Once met, a second record finds no open termijn.
    const ok = await app.gql(await mw(), VASTLEGGEN, { i: { ...basis, geinformeerdOp: '2026-03-10T08:00:00Z' } });
    expect(ok.body.errors).toBeUndefined();
    const tweede = await weiger({ ...basis, geinformeerdOp: '2026-03-10T08:00:00Z' });
    expect([tweede.code, tweede.reden]).toEqual(['BAD_USER_INPUT', 'GEEN_OPEN_TERMIJN']);
  });

  it('alleen VT van de eigen regio en met need-to-know; partners en analisten kennen de operaties niet', async () => {
    const m = await melding();
    const geldig = { meldingId: m.id, uitkomst: 'NIET_INFORMEREN', reden: 'VEILIGHEID_KIND', toelichting: 'x' };
    const collega = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-niet-toegewezen' });
    expect(await weiger(geldig, collega)).toMatchObject({ code: 'FORBIDDEN', reden: 'NIET_TOEGEWEZEN' });
    const anderRegio = await app.token('VT_TEAMLEIDER', 'VT09', { sub: 'tl-utrecht' });
    expect((await weiger(geldig, anderRegio)).code).toBe('NOT_FOUND');
    const lees = await app.gql(collega, LEES, { m: m.id });
    expect(lees.body.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reden: 'NIET_TOEGEWEZEN' });
    for (const [rol, org] of [
      ['ANALIST', 'VT14'],
      ['PRIVACY_OFFICER', 'VT14'],
      ['POLITIE_MEDEWERKER', 'POLITIE-MN'],
    ] as const) {
      if (rol === 'POLITIE_MEDEWERKER') await app.partner(org, 'POLITIE');
      const t = await app.token(rol, org);
      expect((await weiger(geldig, t)).code, rol).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await app.gql(t, LEES, { m: m.id })).body.errors![0].extensions!.code, rol).toBe(
        'GRAPHQL_VALIDATION_FAILED',
      );
    }
    expect(await termijnen(m.id)).toEqual([expect.objectContaining({ status: 'OPEN' })]);
    // The teamleider reads the whole region.
    const tl = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-informeren' });
    expect((await app.gql(tl, LEES, { m: m.id })).body.errors).toBeUndefined();
  });
});
