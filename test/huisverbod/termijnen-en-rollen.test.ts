import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { JobDeps } from '../../src/lib/job';
import { escaleerJob } from '../../src/termijnen/jobs/termijn-bewaking.job';
import { TEST_NU, type TestApp } from '../helpers/testapp';
import {
  BIJWERKEN,
  GEMEENTE_LEES,
  huisverbodHulp,
  INTREKKEN,
  POLITIE_LEES,
  startHuisverbodApp,
  VERLENGEN,
} from './hulp';

/**
 * The tijdelijk huisverbod's termijnen on the calendar (with the injected clock) and each role's part of it: the
 * gemeente (OOV) the huisverbod and the advice, the police the status, VT under need-to-know; every read audited.
 */
let app: TestApp;
let deps: JobDeps;
const { vt, oov, politie, gql, ok, registreer, partnerIds, termijnen } = huisverbodHulp(() => app);

beforeAll(async () => {
  ({ app, deps } = await startHuisverbodApp());
});
afterAll(() => app.stop());
beforeEach(() => app.clock.set(TEST_NU));

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
