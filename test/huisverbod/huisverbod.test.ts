import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { TEST_NU, type TestApp } from '../helpers/testapp';
import {
  ADVISEREN,
  BIJWERKEN,
  gesprekken,
  GEMEENTE_LEES,
  type Huisverbod,
  huisverbodHulp,
  INTREKKEN,
  MONITOR,
  POLITIE_LEES,
  REGISTREER,
  startHuisverbodApp,
  VERLENGEN,
} from './hulp';

/**
 * The tijdelijk huisverbod through GraphQL: VT registers what the burgemeester imposed, works, advises around day 8;
 * the burgemeester (gemeente OOV) reads the advice and extends or withdraws; the police follow the status; monitoring
 * after the end. Every step checked against the table, every deadline a termijn on the calendar, each role its part.
 */
let app: TestApp;
const { vt, oov, politie, gql, ok, casus, registreer, partnerIds, termijnen } = huisverbodHulp(() => app);

beforeAll(async () => {
  ({ app } = await startHuisverbodApp());
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
