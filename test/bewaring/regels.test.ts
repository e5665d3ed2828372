import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { bewaartermijn } from '../../src/bewaring/bewaring.datum';
import { bewaringBeoordelen } from '../../src/bewaring/bewaring.beoordelen';
import { meldingInvoer } from '../helpers/fabriek';
import { okAntwoord } from '../helpers/partners';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';

/** Retention rules: the date, a hold, early destruction on request, four eyes, the refusals and other regions. */
describe('bewaring: regels en weigeringen', () => {
  let app: TestApp;
  const po = (sub = 'po-1', org = 'VT14'): Promise<string> => app.token('PRIVACY_OFFICER', org, { sub });

  /** A closed casus of one melding (a child born 2018-05-04 and a parent). */
  async function geslotenCasus(sluiten = true): Promise<string> {
    const beh = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-beh' });
    const m = await okAntwoord<{ meldingRegistreren: { id: string; casusId: string } }>(
      app,
      beh,
      `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId } }`,
      { i: meldingInvoer() },
    );
    if (!sluiten) return m.meldingRegistreren.casusId;
    await okAntwoord(
      app,
      beh,
      `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
      {
        i: {
          meldingId: m.meldingRegistreren.id,
          taxatie: 'ONBEKEND',
          uitkomst: 'GEEN_VERVOLGSTAPPEN',
          toelichting: 'Geen zorgen.',
        },
      },
    );
    await okAntwoord(app, beh, `mutation($i: CasusOvergangInvoer!) { casusOvergang(invoer: $i) { fase } }`, {
      i: {
        casusId: m.meldingRegistreren.casusId,
        naar: 'AFGESLOTEN',
        toelichting: 'Klaar.',
        afsluitreden: 'Geen vervolg nodig.',
      },
    });
    return m.meldingRegistreren.casusId;
  }

  async function reden(token: string, query: string, v: Record<string, unknown>): Promise<unknown> {
    const r = await app.gql(token, query, v);
    return r.body.errors?.[0]?.extensions?.reden ?? r.body.errors?.[0]?.extensions?.code;
  }
  const VOORSTEL = `mutation($c: ID!, $m: Tekst!, $v: VroegtijdigVerzoeker) {
    vernietigingVoorstellen(casusId: $c, motivering: $m, vroegtijdigVerzoeker: $v) { status } }`;
  const MOTIVERING = 'Verzoek van de ouder om vroegtijdige vernietiging.';

  beforeAll(async () => {
    app = await startTestApp();
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('de datum: 20 jaar na afsluiten, niet vóór het jongste kind 18 is; een maatregel en een legal hold houden het dossier', () => {
    const basis = {
      geboortedata: ['2018-05-04', '1984-11-23'],
      maatregel: false,
      maatregelEinde: null,
      legalHold: false,
      uitgesteldTot: null,
    };
    expect(bewaartermijn({ ...basis, geslotenOp: '2026-03-10' })).toMatchObject({
      vernietigenOp: '2046-03-10',
      vroegsteVernietigingOp: '2036-05-04',
      gronden: ['TWINTIG_JAAR_NA_AFSLUITEN'],
    });
    // A child born after the closing (an unborn child at the melding) turns 18 after the 20 years: the later date.
    expect(bewaartermijn({ ...basis, geboortedata: ['2029-01-01'], geslotenOp: '2026-03-10' })).toMatchObject({
      vernietigenOp: '2047-01-01',
      gronden: ['JONGSTE_KIND_MEERDERJARIG'],
    });
    expect(bewaartermijn({ ...basis, geslotenOp: '2026-03-10', maatregel: true })).toMatchObject({
      vernietigenOp: null,
      vernietigbaar: false,
    });
    expect(bewaartermijn({ ...basis, geslotenOp: null }).gronden).toEqual(['CASUS_OPEN']);
    // After its recorded end the measure no longer holds the file: the later of the rule's date and that end.
    expect(bewaartermijn({ ...basis, geslotenOp: '2026-03-10', maatregelEinde: '2031-01-01' })).toMatchObject({
      vernietigenOp: '2046-03-10',
      gronden: ['TWINTIG_JAAR_NA_AFSLUITEN'],
      vernietigbaar: true,
    });
    expect(bewaartermijn({ ...basis, geslotenOp: '2026-03-10', maatregelEinde: '2047-02-01' })).toMatchObject({
      vernietigenOp: '2047-02-01',
      gronden: ['TWINTIG_JAAR_NA_AFSLUITEN', 'MAATREGEL_BEEINDIGD'],
    });
  });

  it('weigeringen: open casus, kind minderjarig bij vroegtijdige vernietiging, niet aangeboden, andere regio, vier ogen', async () => {
    app.clock.set(TEST_NU);
    const open = await geslotenCasus(false);
    expect(await reden(await po(), VOORSTEL, { c: open, m: MOTIVERING, v: 'OUDER' })).toBe('CASUS_OPEN');
    const c = await geslotenCasus();
    // The child (2018-05-04) is a minor: early destruction waits for her 18th birthday.
    app.clock.set(new Date('2030-01-10T09:00:00Z'));
    expect(await reden(await po(), VOORSTEL, { c, m: MOTIVERING, v: 'OUDER' })).toBe('KIND_MINDERJARIG');
    // Without a request the job must have offered it first.
    expect(await reden(await po(), VOORSTEL, { c, m: MOTIVERING, v: null })).toBe('OVERGANG_NIET_TOEGESTAAN');
    // Another region's privacy officer does not find it; a medewerker has no such operation.
    expect(await reden(await po('po-x', 'VT01'), VOORSTEL, { c, m: MOTIVERING, v: 'OUDER' })).toBe('NOT_FOUND');
    const mw = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-beh' });
    expect(await reden(mw, VOORSTEL, { c, m: MOTIVERING, v: 'OUDER' })).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await reden(await po(), VOORSTEL, { c, m: 'kort', v: 'OUDER' })).toBe('BAD_USER_INPUT');

    // From her 18th birthday, on request, through the same path: proposal, four eyes, destruction.
    app.clock.set(new Date('2036-05-05T09:00:00Z'));
    await okAntwoord(app, await po(), VOORSTEL, { c, m: MOTIVERING, v: 'JONGERE' });
    const GOEDKEUR = `mutation($c: ID!) { vernietigingGoedkeuren(casusId: $c) { status vernietigdOp } }`;
    expect(await reden(await po(), GOEDKEUR, { c })).toBe('VIER_OGEN');
    const tl = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-1' });
    const g = await okAntwoord<{ vernietigingGoedkeuren: { status: string } }>(app, tl, GOEDKEUR, { c });
    expect(g.vernietigingGoedkeuren.status).toBe('VERNIETIGD');
    expect(await reden(await po(), GOEDKEUR, { c })).toBe('NOT_FOUND');
  });

  it('een legal hold houdt het dossier buiten de job en blokkeert voorstel en goedkeuring; opheffen met reden', async () => {
    app.clock.set(TEST_NU);
    const c = await geslotenCasus();
    await okAntwoord(
      app,
      await po(),
      `mutation($c: ID!, $r: Tekst!) { legalHoldZetten(casusId: $c, reden: $r) { legalHold } }`,
      {
        c,
        r: 'Lopende klachtprocedure bij de rechter.',
      },
    );
    app.clock.set(new Date('2046-03-11T09:00:00Z'));
    await bewaringBeoordelen(app.orm.em.fork(), { clock: app.clock });
    const b = await okAntwoord<{ bewaring: { status: string; gronden: string[]; legalHold: boolean } }>(
      app,
      await po(),
      `query($c: ID!) { bewaring(casusId: $c) { status gronden legalHold } }`,
      { c },
    );
    expect(b.bewaring).toEqual({
      status: 'BEWAREN',
      gronden: ['LEGAL_HOLD', 'TWINTIG_JAAR_NA_AFSLUITEN'],
      legalHold: true,
    });
    expect(await reden(await po(), VOORSTEL, { c, m: MOTIVERING, v: 'OUDER' })).toBe('LEGAL_HOLD');
    await okAntwoord(
      app,
      await po(),
      `mutation($c: ID!, $r: Tekst!) { legalHoldOpheffen(casusId: $c, reden: $r) { legalHold } }`,
      {
        c,
        r: 'De procedure is afgerond.',
      },
    );
    expect(await bewaringBeoordelen(app.orm.em.fork(), { clock: app.clock })).toEqual({ teBeoordelen: 1 });
    // The review keeps it a year: not offered again before then.
    await okAntwoord(
      app,
      await po(),
      `mutation($c: ID!, $m: Tekst!) { vernietigingAfwijzen(casusId: $c, motivering: $m) { status } }`,
      {
        c,
        m: 'Nieuwe melding verwacht; nog een jaar bewaren.',
      },
    );
    expect(await bewaringBeoordelen(app.orm.em.fork(), { clock: app.clock })).toEqual({ teBeoordelen: 0 });
  });
});
