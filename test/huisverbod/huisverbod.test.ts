import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { JobDeps } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import { termijnActies } from '../../src/modules';
import { escaleerJob } from '../../src/termijnen/jobs/termijn-bewaking.job';
import { meldingInvoer } from '../helpers/fabriek';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';

/**
 * The tijdelijk huisverbod through GraphQL: VT registers what the burgemeester imposed, works, advises around day 8;
 * the burgemeester (gemeente OOV) reads the advice and extends or withdraws; the police follow the status; monitoring
 * after the end. Every step checked against the table, every deadline a termijn on the calendar, each role its part.
 */
let app: TestApp;
let deps: JobDeps;

type Fout = { message: string; extensions?: Record<string, unknown> };
type Huisverbod = Record<string, unknown> & { id: string; status: string };

const VT_VELDEN = `id status opgelegdOp opgelegdTot verlengdTot eindigtOp uiterlijkTot adviesVoor advies adviesToelichting
  casusId uithuisgeplaatsteId achterblijverIds gesprekUithuisgeplaatsteOp veiligheidsplan politieReferentie beschikkingKenmerk
  monitoringcontacten { moment contactOp uitkomst }`;
const REGISTREER = `mutation R($i: HuisverbodRegistrerenInvoer!) { huisverbodRegistreren(invoer: $i) { ${VT_VELDEN} } }`;
const BIJWERKEN = `mutation B($i: HuisverbodBijwerkenInvoer!) { huisverbodBijwerken(invoer: $i) { ${VT_VELDEN} } }`;
const ADVISEREN = `mutation A($i: HuisverbodAdviesInvoer!) { huisverbodAdviseren(invoer: $i) { ${VT_VELDEN} } }`;
const VERLENGEN = `mutation V($i: HuisverbodVerlengenInvoer!) { huisverbodVerlengen(invoer: $i) { id status verlengdTot eindigtOp } }`;
const INTREKKEN = `mutation I($id: ID!) { huisverbodIntrekken(huisverbodId: $id) { id status ingetrokkenOp } }`;
const MONITOR = `mutation M($i: HuisverbodMonitoringcontactInvoer!) { huisverbodMonitoringcontactVastleggen(invoer: $i) { ${VT_VELDEN} } }`;
const GEMEENTE_LEES = `query L($id: ID!) { huisverbod(id: $id) { id status gemeente opgelegdTot eindigtOp uiterlijkTot adviesVoor advies adviesToelichting beschikkingKenmerk } }`;
const POLITIE_LEES = `query L($id: ID!) { huisverbod(id: $id) { id status eindigtOp politieReferentie } }`;

const vt = (sub = 'mw-thv'): Promise<string> => app.token('VT_MEDEWERKER', 'VT14', { sub });
const oov = (org = 'GM-OOV'): Promise<string> => app.token('GEMEENTE_OOV_MEDEWERKER', org, { sub: `oov-${org}` });
const politie = (org = 'POL-A'): Promise<string> => app.token('POLITIE_MEDEWERKER', org, { sub: `pol-${org}` });

async function gql<T = Record<string, unknown>>(
  token: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ data?: T; fout?: Fout }> {
  const r = await app.gql<T>(token, query, variables);
  return { data: r.body.data ?? undefined, fout: r.body.errors?.[0] };
}

async function ok<T = Record<string, unknown>>(token: string, q: string, v?: Record<string, unknown>): Promise<T> {
  const r = await gql<T>(token, q, v);
  expect(r.fout, JSON.stringify(r.fout)).toBeUndefined();
  return r.data!;
}

/** A casus with Peter (adult, pleger) and Sara (child); returns their ids. */
async function casus(sub = 'mw-thv'): Promise<{ casusId: string; peter: string; sara: string }> {
  const r = await ok<{
    meldingRegistreren: { casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] };
  }>(
    await vt(sub),
    `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { casusId betrokkenen { rollen persoon { id } } } }`,
    { i: meldingInvoer() },
  );
  const b = r.meldingRegistreren.betrokkenen;
  return {
    casusId: r.meldingRegistreren.casusId,
    peter: b.find((x) => x.rollen.includes('PLEGER'))!.persoon.id,
    sara: b.find((x) => x.rollen.includes('KIND'))!.persoon.id,
  };
}

async function registreer(extra: Record<string, unknown> = {}, sub = 'mw-thv'): Promise<Huisverbod> {
  const c = await casus(sub);
  const r = await ok<{ huisverbodRegistreren: Huisverbod }>(await vt(sub), REGISTREER, {
    i: {
      casusId: c.casusId,
      uithuisgeplaatstePersoonId: c.peter,
      achterblijverPersoonIds: [c.sara],
      opgelegdOp: '2026-03-09T22:00:00+01:00',
      gemeente: 'GM-OOV',
      politie: 'POL-A',
      politieReferentie: 'PL0900-2026-123456',
      beschikkingKenmerk: 'OOV/2026/0042',
      rihgReferentie: 'RiHG 2026-17',
      ...extra,
    },
  });
  return r.huisverbodRegistreren;
}

/** The ids the gemeente and the police know the huisverbod by (each its own, never VT's). */
async function partnerIds(id: string): Promise<{ gm: string; pol: string }> {
  const [r] = await app.sql(`select gemeente_id::text as gm, politie_id::text as pol from huisverbod where id = $1`, [
    id,
  ]);
  return r as { gm: string; pol: string };
}

const gesprekken = { gesprekUithuisgeplaatsteOp: '2026-03-10', gesprekAchterblijversOp: '2026-03-10' };

async function termijnen(id: string): Promise<Record<string, unknown>[]> {
  return app.sql(
    `select soort, vervaldatum::text, vervalt_op, status, verantwoordelijke from termijn where huisverbod_id = $1 order by vervalt_op, soort`,
    [id],
  );
}

beforeAll(async () => {
  app = await startTestApp();
  await app.partner('GM-OOV', 'GEMEENTE', 'VT14');
  await app.partner('GM-OOV-B', 'GEMEENTE', 'VT14');
  await app.partner('GM-ELDERS', 'GEMEENTE', 'VT01');
  await app.partner('POL-A', 'POLITIE', 'VT14');
  await app.partner('POL-B', 'POLITIE', 'VT14');
  await app.partner('WT-A', 'WIJKTEAM', 'VT14');
  deps = {
    orm: app.orm,
    termijnActies,
    clock: app.clock,
    log: createLogger('silent', 'test'),
    config: app.config,
    queue: () => {
      throw new Error('geen wachtrij nodig');
    },
  };
});
afterAll(() => app.stop());
beforeEach(() => app.clock.set(TEST_NU));

describe('de stappen', () => {
  it('registreren, werken, adviseren, verlengen door de burgemeester, aflopen en monitoren', async () => {
    const h = await registreer();
    const { gm, pol } = await partnerIds(h.id);
    expect(h).toMatchObject({
      status: 'OPGELEGD',
      // Monday 22:00 in Amsterdam + 10 calendar days, same hour; at most 28 days; advice on day 8 (a Tuesday).
      opgelegdTot: '2026-03-19T21:00:00.000Z',
      uiterlijkTot: '2026-04-06T20:00:00.000Z',
      eindigtOp: '2026-03-19T21:00:00.000Z',
      adviesVoor: '2026-03-17',
      politieReferentie: 'PL0900-2026-123456',
    });

    const b = await ok<{ huisverbodBijwerken: Huisverbod }>(await vt(), BIJWERKEN, {
      i: { huisverbodId: h.id, ...gesprekken, veiligheidsplan: 'Peter belt niet; Sara gaat naar oma na school.' },
    });
    expect(b.huisverbodBijwerken).toMatchObject({ status: 'OPGELEGD', gesprekUithuisgeplaatsteOp: '2026-03-10' });

    app.clock.set(new Date('2026-03-16T10:00:00Z'));
    const a = await ok<{ huisverbodAdviseren: Huisverbod }>(await vt(), ADVISEREN, {
      i: { huisverbodId: h.id, advies: 'VERLENGEN', toelichting: 'De spanning is hoog; hulp is net gestart.' },
    });
    expect(a.huisverbodAdviseren).toMatchObject({ status: 'GEADVISEERD', advies: 'VERLENGEN' });
    // The burgemeester hears that an advice is there (an id and a type, no content).
    expect(
      await app.sql(`select ontvanger, type from gebeurtenis where object_id = any($1::text[]) order by volgnummer`, [
        [gm, pol],
      ]),
    ).toEqual([{ ontvanger: 'GM-OOV', type: 'huisverbod.advies' }]);

    const g = await ok<{ huisverbod: Huisverbod }>(await oov(), GEMEENTE_LEES, { id: gm });
    expect(g.huisverbod).toMatchObject({
      status: 'GEADVISEERD',
      advies: 'VERLENGEN',
      adviesToelichting: 'De spanning is hoog; hulp is net gestart.',
      beschikkingKenmerk: 'OOV/2026/0042',
    });

    const v = await ok<{ huisverbodVerlengen: Huisverbod }>(await oov(), VERLENGEN, {
      i: { huisverbodId: gm, verlengdTot: '2026-04-06T22:00:00+02:00' },
    });
    expect(v.huisverbodVerlengen).toMatchObject({ status: 'VERLENGD', eindigtOp: '2026-04-06T20:00:00.000Z' });
    // The police hear of the extension; the gemeente took the decision itself and needs no event.
    expect(
      await app.sql(
        `select ontvanger, type, object_id as id from gebeurtenis where object_id = any($1::text[]) order by aangemaakt_op, type`,
        [[gm, pol]],
      ),
    ).toEqual([
      { ontvanger: 'GM-OOV', type: 'huisverbod.advies', id: gm },
      { ontvanger: 'POL-A', type: 'huisverbod.verlengd', id: pol },
    ]);
    const p = await ok<{ huisverbod: Huisverbod }>(await politie(), POLITIE_LEES, { id: pol });
    expect(p.huisverbod).toEqual({
      id: pol,
      status: 'VERLENGD',
      eindigtOp: '2026-04-06T20:00:00.000Z',
      politieReferentie: 'PL0900-2026-123456',
    });

    app.clock.set(new Date('2026-04-06T20:00:00Z'));
    const m = await ok<{ huisverbodMonitoringcontactVastleggen: Huisverbod }>(await vt(), MONITOR, {
      i: { huisverbodId: h.id, contactOp: '2026-04-06', uitkomst: 'VEILIG' },
    });
    expect(m.huisverbodMonitoringcontactVastleggen).toMatchObject({
      status: 'AFGELOPEN',
      monitoringcontacten: [{ moment: 'THV_MONITORING_3_MAANDEN', contactOp: '2026-04-06', uitkomst: 'VEILIG' }],
    });
    expect((await termijnen(h.id)).map((t) => [t.soort, t.status])).toEqual([
      ['THV_ADVIES', 'VOLDAAN'],
      ['THV_VEILIGHEIDSPLAN', 'VOLDAAN'],
      ['THV_MONITORING_3_MAANDEN', 'VOLDAAN'],
      ['THV_MONITORING_12_MAANDEN', 'OPEN'],
      ['THV_MONITORING_18_MAANDEN', 'OPEN'],
    ]);
  });

  it('VT legt een intrekking vast; gemeente en politie horen het, de termijnen van het lopende huisverbod vervallen', async () => {
    const h = await registreer();
    const { gm, pol } = await partnerIds(h.id);
    const r = await ok<{ huisverbodIntrekken: Huisverbod }>(await vt(), INTREKKEN, { id: h.id });
    expect(r.huisverbodIntrekken.status).toBe('INGETROKKEN');
    expect(
      await app.sql(
        `select ontvanger, type, object_id as id from gebeurtenis where object_id = any($1::text[]) order by ontvanger`,
        [[gm, pol]],
      ),
    ).toEqual([
      { ontvanger: 'GM-OOV', type: 'huisverbod.ingetrokken', id: gm },
      { ontvanger: 'POL-A', type: 'huisverbod.ingetrokken', id: pol },
    ]);
    const t = Object.fromEntries((await termijnen(h.id)).map((x) => [x.soort, x.status]));
    expect(t).toMatchObject({ THV_ADVIES: 'GEANNULEERD', THV_VEILIGHEIDSPLAN: 'GEANNULEERD' });
    expect(t.THV_MONITORING_3_MAANDEN).toBe('OPEN');
  });
});

describe('geweigerde stappen', () => {
  it('adviseren zonder de gesprekken: VEREISTE_ONTBREEKT; een tweede advies: OVERGANG_NIET_TOEGESTAAN', async () => {
    const h = await registreer();
    const advies = { huisverbodId: h.id, advies: 'NIET_VERLENGEN', toelichting: 'Rust in huis.' };
    const zonder = await gql(await vt(), ADVISEREN, { i: advies });
    expect(zonder.fout?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reden: 'VEREISTE_ONTBREEKT',
      ontbreekt: ['gesprekUithuisgeplaatsteOp', 'gesprekAchterblijversOp'],
    });
    await ok(await vt(), BIJWERKEN, { i: { huisverbodId: h.id, ...gesprekken } });
    await ok(await vt(), ADVISEREN, { i: advies });
    const tweede = await gql(await vt(), ADVISEREN, { i: advies });
    expect(tweede.fout?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reden: 'OVERGANG_NIET_TOEGESTAAN',
      toegestaan: ['OPGELEGD'],
    });
    expect(JSON.stringify(tweede.fout)).not.toContain('Rust in huis');
  });

  it('verlengen verder dan 28 dagen of niet na het einde: veldfout; een tweede verlenging en een stap na het einde: geweigerd', async () => {
    const h = await registreer();
    const { gm } = await partnerIds(h.id);
    const te = await gql(await oov(), VERLENGEN, {
      i: { huisverbodId: gm, verlengdTot: '2026-04-06T22:00:01+02:00' },
    });
    expect(te.fout?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(te.fout)).toContain('LANGER_DAN_28_DAGEN');
    const kort = await gql(await oov(), VERLENGEN, {
      i: { huisverbodId: gm, verlengdTot: '2026-03-19T22:00:00+01:00' },
    });
    expect(JSON.stringify(kort.fout)).toContain('NIET_NA_EINDE');
    expect((await ok<{ huisverbod: Huisverbod }>(await oov(), GEMEENTE_LEES, { id: gm })).huisverbod.status).toBe(
      'OPGELEGD',
    );
    await ok(await oov(), VERLENGEN, { i: { huisverbodId: gm, verlengdTot: '2026-03-30T22:00:00+02:00' } });
    const nogmaals = await gql(await oov(), VERLENGEN, {
      i: { huisverbodId: gm, verlengdTot: '2026-04-01T22:00:00+02:00' },
    });
    expect(nogmaals.fout?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reden: 'OVERGANG_NIET_TOEGESTAAN' });
    const monitor = await gql(await vt(), MONITOR, {
      i: { huisverbodId: h.id, contactOp: '2026-03-10', uitkomst: 'VEILIG' },
    });
    expect(monitor.fout?.extensions).toMatchObject({
      reden: 'OVERGANG_NIET_TOEGESTAAN',
      toegestaan: ['AFGELOPEN', 'INGETROKKEN'],
    });
    app.clock.set(new Date('2026-03-30T20:00:00Z'));
    const intrekken = await gql(await oov(), INTREKKEN, { id: gm });
    expect(intrekken.fout?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reden: 'OVERGANG_NIET_TOEGESTAAN' });
  });

  it('registreren: geen minderjarige, geen persoon buiten de casus, een echte gemeente en politie van de regio, niet in de toekomst', async () => {
    const c = await casus();
    const anders = await casus();
    const basis = {
      casusId: c.casusId,
      uithuisgeplaatstePersoonId: c.peter,
      achterblijverPersoonIds: [c.sara],
      opgelegdOp: '2026-03-09T22:00:00+01:00',
      gemeente: 'GM-OOV',
      rihgReferentie: 'RiHG 1',
    };
    const codes = async (i: Record<string, unknown>): Promise<string[]> => {
      const r = await gql(await vt(), REGISTREER, { i: { ...basis, ...i } });
      expect(r.fout?.extensions?.code).toBe('BAD_USER_INPUT');
      return ((r.fout?.extensions?.fouten ?? []) as { code: string }[]).map((f) => f.code);
    };
    expect(await codes({ uithuisgeplaatstePersoonId: c.sara, achterblijverPersoonIds: [c.peter] })).toEqual([
      'GEEN_VOLWASSENE',
    ]);
    expect(await codes({ achterblijverPersoonIds: [anders.sara] })).toEqual(['GEEN_LID_VAN_CASUS']);
    expect(await codes({ gemeente: 'WT-A', politie: 'GM-OOV' })).toEqual(['GEEN_GEMEENTE', 'GEEN_POLITIE']);
    expect(await codes({ gemeente: 'GM-ELDERS' })).toEqual(['NIET_IN_REGIO']);
    expect(await codes({ opgelegdOp: '2026-03-10T10:00:00Z' })).toEqual(['IN_DE_TOEKOMST']);
    expect(await codes({ opgelegdOp: '2026-02-20T10:00:00Z' })).toEqual(['AL_AFGELOPEN']);
    expect(await app.sql(`select id from huisverbod where casus_id = $1`, [c.casusId])).toEqual([]);
  });
});

describe('termijnen op de kalender', () => {
  it('opleggen op maandagavond: advies dag 8, veiligheidsplan op het exacte einde, monitoring na 3, 12 en 18 maanden', async () => {
    const h = await registreer();
    expect(await termijnen(h.id)).toEqual([
      expect.objectContaining({
        soort: 'THV_ADVIES',
        vervaldatum: '2026-03-17',
        status: 'OPEN',
        verantwoordelijke: 'mw-thv',
      }),
      expect.objectContaining({ soort: 'THV_VEILIGHEIDSPLAN', vervalt_op: new Date('2026-03-19T21:00:00Z') }),
      expect.objectContaining({ soort: 'THV_MONITORING_3_MAANDEN', vervaldatum: '2026-06-09' }),
      expect.objectContaining({ soort: 'THV_MONITORING_12_MAANDEN', vervaldatum: '2027-03-09' }),
      expect.objectContaining({ soort: 'THV_MONITORING_18_MAANDEN', vervaldatum: '2027-09-09' }),
    ]);
  });

  it('valt dag 8 op een zaterdag of Koningsdag, dan is het advies de werkdag ervoor; het einde telt kalenderdagen over de zomertijd heen', async () => {
    app.clock.set(new Date('2026-03-13T12:00:00Z'));
    const vrijdag = await registreer({ opgelegdOp: '2026-03-13T11:00:00+01:00' });
    expect(vrijdag.adviesVoor).toBe('2026-03-20');
    app.clock.set(new Date('2026-04-19T12:00:00Z'));
    // Day 8 is Monday 27 April (Koningsdag): Friday 24 April. Ten days from 19 April in summer time.
    const pasen = await registreer({ opgelegdOp: '2026-04-19T09:00:00+02:00' });
    expect(pasen.adviesVoor).toBe('2026-04-24');
    app.clock.set(new Date('2026-03-25T12:00:00Z'));
    const zomertijd = await registreer({ opgelegdOp: '2026-03-25T10:00:00+01:00' });
    expect(zomertijd.opgelegdTot).toBe('2026-04-04T08:00:00.000Z');
  });

  it('verlengen verschuift de termijn van het veiligheidsplan naar het nieuwe einde; het advies vervalt', async () => {
    const h = await registreer();
    await ok(await vt(), VERLENGEN, { i: { huisverbodId: h.id, verlengdTot: '2026-03-30T22:00:00+02:00' } });
    const t = (await termijnen(h.id)).filter(
      (x) => x.soort !== 'THV_MONITORING_3_MAANDEN' && !String(x.soort).includes('MAANDEN'),
    );
    expect(t.map((x) => [x.soort, x.status, x.vervalt_op])).toEqual([
      ['THV_ADVIES', 'GEANNULEERD', expect.any(Date)],
      ['THV_VEILIGHEIDSPLAN', 'GEANNULEERD', new Date('2026-03-19T21:00:00Z')],
      ['THV_VEILIGHEIDSPLAN', 'OPEN', new Date('2026-03-30T20:00:00Z')],
    ]);
  });

  it('een gemist advies escaleert na dag 8 naar de teamleider, één keer', async () => {
    const h = await registreer();
    const [{ id }] = await app.sql(`select id from termijn where huisverbod_id = $1 and soort = 'THV_ADVIES'`, [h.id]);
    app.clock.set(new Date('2026-03-17T22:59:00Z'));
    expect(await escaleerJob.verwerk(deps, { termijnId: id as string })).toBe('te-vroeg');
    app.clock.set(new Date('2026-03-17T23:00:00Z'));
    expect(await escaleerJob.verwerk(deps, { termijnId: id as string })).toBe('verstuurd');
    expect(await escaleerJob.verwerk(deps, { termijnId: id as string })).toBe('al-verstuurd');
    expect(
      await app.sql(`select ontvanger_rol from notificatie where termijn_id = $1 and soort = 'ESCALATIE'`, [id]),
    ).toEqual([{ ontvanger_rol: 'VT_TEAMLEIDER' }]);
  });
});

describe('wie wat ziet', () => {
  it('de gemeente ziet huisverbod en advies, niets van de casus; een andere gemeente en andere politie: NOT_FOUND', async () => {
    const h = await registreer();
    const { gm, pol } = await partnerIds(h.id);
    for (const veld of ['casusId', 'uithuisgeplaatsteId', 'veiligheidsplan', 'rihgReferentie', 'politieReferentie']) {
      const r = await gql(await oov(), `query($id: ID!) { huisverbod(id: $id) { ${veld} } }`, { id: gm });
      expect(r.fout?.extensions?.code, veld).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    for (const veld of ['adviesToelichting', 'beschikkingKenmerk', 'casusId', 'monitoringcontacten { uitkomst }']) {
      const r = await gql(await politie(), `query($id: ID!) { huisverbod(id: $id) { ${veld} } }`, { id: pol });
      expect(r.fout?.extensions?.code, veld).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    expect((await gql(await oov('GM-OOV-B'), GEMEENTE_LEES, { id: gm })).fout?.extensions?.code).toBe('NOT_FOUND');
    expect((await gql(await politie('POL-B'), POLITIE_LEES, { id: pol })).fout?.extensions?.code).toBe('NOT_FOUND');
    expect((await gql(await oov('GM-OOV-B'), INTREKKEN, { id: gm })).fout?.extensions?.code).toBe('NOT_FOUND');
    // The college's social domain (GEMEENTE_MEDEWERKER) has no huisverbod in its schema at all.
    const college = await app.token('GEMEENTE_MEDEWERKER', 'GM-OOV');
    expect((await gql(college, GEMEENTE_LEES, { id: gm })).fout?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // The police cannot decide for the burgemeester.
    expect((await gql(await politie(), INTREKKEN, { id: pol })).fout?.extensions?.code).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    const lijst = await ok<{ huisverboden: { edges: { node: { id: string } }[] } }>(
      await oov('GM-OOV-B'),
      `{ huisverboden { edges { node { id } } } }`,
    );
    expect(lijst.huisverboden.edges.map((e) => e.node.id)).not.toContain(h.id);
  });

  it('partners zien het huisverbod tot 30 dagen na het einde; VT blijft het zien', async () => {
    const h = await registreer();
    const { gm, pol } = await partnerIds(h.id);
    app.clock.set(new Date('2026-04-18T20:59:59Z'));
    expect((await gql(await politie(), POLITIE_LEES, { id: pol })).fout).toBeUndefined();
    app.clock.set(new Date('2026-04-18T21:00:00Z'));
    expect((await gql(await politie(), POLITIE_LEES, { id: pol })).fout?.extensions?.code).toBe('NOT_FOUND');
    expect((await gql(await oov(), GEMEENTE_LEES, { id: gm })).fout?.extensions?.code).toBe('NOT_FOUND');
    expect(
      (await gql(await vt(), `query($id: ID!) { huisverbod(id: $id) { status } }`, { id: h.id })).fout,
    ).toBeUndefined();
  });

  it('een niet-toegewezen medewerker: NIET_TOEGEWEZEN, lezen en stappen', async () => {
    const h = await registreer({}, 'mw-eigenaar');
    const ander = await vt('mw-ander');
    const lees = await gql(ander, `query($id: ID!) { huisverbod(id: $id) { status } }`, { id: h.id });
    expect(lees.fout?.extensions).toMatchObject({ code: 'FORBIDDEN', reden: 'NIET_TOEGEWEZEN' });
    const stap = await gql(ander, BIJWERKEN, { i: { huisverbodId: h.id, informatieDerden: 'Reclassering: bekend.' } });
    expect(stap.fout?.extensions).toMatchObject({ code: 'FORBIDDEN', reden: 'NIET_TOEGEWEZEN' });
  });

  it('elke inzage staat in het auditspoor met de personen; de partner op de grondslag van het huisverbod', async () => {
    const h = await registreer();
    const { pol } = await partnerIds(h.id);
    await ok(await politie(), POLITIE_LEES, { id: pol });
    const rijen = await app.sql(
      `select organisatie, rol, grondslag, persoon_ids::text[] as p, velden from audit_gebeurtenis
        where gebeurtenis = 'HUISVERBOD_INZIEN' and object_id = $1 order by id`,
      [h.id],
    );
    expect(rijen).toEqual([
      expect.objectContaining({ organisatie: 'VT14', rol: 'VT_MEDEWERKER' }),
      expect.objectContaining({
        organisatie: 'POL-A',
        rol: 'POLITIE_MEDEWERKER',
        grondslag: expect.stringContaining('Wet tijdelijk huisverbod'),
        p: [h.uithuisgeplaatsteId, ...(h.achterblijverIds as string[])],
        velden: expect.arrayContaining(['id', 'status', 'eindigtOp', 'politieReferentie']),
      }),
    ]);
  });
});
