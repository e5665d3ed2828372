import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { geldigBsn, meldingInvoer } from '../helpers/fabriek';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';

/**
 * The VT process through GraphQL: every path of the transition table, every refusal (with nothing changed),
 * the classification of new meldingen (CBS 85361) and the termijnen each step opens, meets or cancels.
 */
let app: TestApp;
let mw: string;
let tl: string;

const CASUS = `id fase verantwoordelijke vervolgGestartOp geslotenOp afsluitreden meldingIds persoonIds toegestaneOvergangen
  veiligheidsbeoordelingen { meldingId uitkomst vervolg binnenTermijn }
  diensten { soort beeindigdOp uitkomst voortijdigAfgesloten ontvangendePartij contactBevestigdOp onderzoeksuitkomsten { aardGeweld uitkomst } verzoekTotOnderzoek { kinderen gronden besluit besluitReden } }
  veiligheidsafspraken { omschrijving partijen }
  monitoringcontacten { uitkomst }
  termijnen { soort startdatum vervaldatum status overschreden }
  overgangen { van naar door toelichting }`;

type Termijn = { soort: string; startdatum: string; vervaldatum: string; status: string; overschreden: boolean };
type Casus = {
  id: string;
  fase: string;
  verantwoordelijke: string | null;
  vervolgGestartOp: string | null;
  geslotenOp: string | null;
  afsluitreden: string | null;
  meldingIds: string[];
  persoonIds: string[];
  toegestaneOvergangen: string[];
  veiligheidsbeoordelingen: { meldingId: string; uitkomst: string; vervolg: string | null; binnenTermijn: boolean }[];
  diensten: {
    soort: string;
    beeindigdOp: string | null;
    uitkomst: string | null;
    voortijdigAfgesloten: boolean;
    ontvangendePartij: string | null;
    contactBevestigdOp: string | null;
    onderzoeksuitkomsten: { aardGeweld: string; uitkomst: string }[];
    verzoekTotOnderzoek: {
      kinderen: string[];
      gronden: string[];
      besluit: string | null;
      besluitReden: string | null;
    } | null;
  }[];
  veiligheidsafspraken: { omschrijving: string }[];
  monitoringcontacten: { uitkomst: string }[];
  termijnen: Termijn[];
  overgangen: { van: string | null; naar: string; door: string; toelichting: string | null }[];
};
type Fout = { message: string; extensions?: Record<string, unknown> };

const REGISTREER = `mutation R($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { id casusId eerdereBetrokkenheid acuut } }`;
const VB = `mutation V($invoer: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $invoer) { veiligheidsbeoordeling { uitkomst binnenTermijn } casus { ${CASUS} } } }`;
const OVERGANG = `mutation O($invoer: CasusOvergangInvoer!) { casusOvergang(invoer: $invoer) { ${CASUS} } }`;
const AFSPRAAK = `mutation A($invoer: VeiligheidsafspraakInvoer!) { veiligheidsafspraakVastleggen(invoer: $invoer) { ${CASUS} } }`;
const CONTACT = `mutation M($invoer: MonitoringcontactInvoer!) { monitoringcontactVastleggen(invoer: $invoer) { ${CASUS} } }`;
const LEES = `query L($id: ID!) { casus(id: $id) { ${CASUS} } }`;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());
beforeEach(async () => {
  app.clock.set(TEST_NU);
  mw = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-1' });
  tl = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-1' });
});

/** Moves the clock and renews the tokens (they are signed against the test clock). */
async function zetKlok(iso: string): Promise<void> {
  app.clock.set(new Date(iso));
  mw = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-1' });
  tl = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-1' });
}

async function ok<T>(query: string, variables: Record<string, unknown>, token = mw): Promise<T> {
  const r = await app.gql<T>(token, query, variables);
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return r.body.data as T;
}

async function fout(query: string, variables: Record<string, unknown>, token = mw): Promise<Fout> {
  const r = await app.gql(token, query, variables);
  expect(r.body.errors, 'verwachtte een fout').toBeDefined();
  return r.body.errors![0];
}

async function melding(
  invoer: Record<string, unknown> = meldingInvoer(),
): Promise<{ id: string; casusId: string; eerdereBetrokkenheid: string; acuut: boolean }> {
  return (
    await ok<{ meldingRegistreren: { id: string; casusId: string; eerdereBetrokkenheid: string; acuut: boolean } }>(
      REGISTREER,
      { invoer },
    )
  ).meldingRegistreren;
}

async function beoordeel(meldingId: string, uitkomst: string, extra: Record<string, unknown> = {}): Promise<Casus> {
  const d = await ok<{ veiligheidsbeoordelingVastleggen: { casus: Casus } }>(VB, {
    invoer: {
      meldingId,
      taxatie: 'STRUCTURELE_ONVEILIGHEID',
      uitkomst,
      toelichting: 'Beoordeeld met het landelijke instrument.',
      ...extra,
    },
  });
  return d.veiligheidsbeoordelingVastleggen.casus;
}

async function overgang(casusId: string, naar: string, extra: Record<string, unknown> = {}): Promise<Casus> {
  return (
    await ok<{ casusOvergang: Casus }>(OVERGANG, { invoer: { casusId, naar, toelichting: `Naar ${naar}.`, ...extra } })
  ).casusOvergang;
}

async function lees(id: string): Promise<Casus> {
  return (await ok<{ casus: Casus }>(LEES, { id })).casus;
}

const termijn = (c: Casus, soort: string): Termijn[] => c.termijnen.filter((t) => t.soort === soort);

async function teller(
  casusId: string,
): Promise<{ overgangen: number; diensten: number; termijnen: number; fase: string }> {
  const [r] = await app.sql(
    `select (select count(*) from casus_overgang where casus_id = $1)::int as overgangen, (select count(*) from dienst where casus_id = $1)::int as diensten,
            (select count(*) from termijn where casus_id = $1)::int as termijnen, (select fase from casus where id = $1) as fase`,
    [casusId],
  );
  return r as { overgangen: number; diensten: number; termijnen: number; fase: string };
}

describe('een melding opent een casus met een termijn voor de veiligheidsbeoordeling', () => {
  it('5 werkdagen na ontvangst; acuut: dezelfde dag', async () => {
    const m = await melding();
    expect(m.eerdereBetrokkenheid).toBe('EERSTE_MELDING');
    const c = await lees(m.casusId);
    expect(c.fase).toBe('VEILIGHEIDSBEOORDELING');
    expect(c.verantwoordelijke).toBe('mw-1');
    // Received Monday 9 March 2026: five working days later is Monday 16 March.
    expect(termijn(c, 'VEILIGHEIDSBEOORDELING')).toEqual([
      expect.objectContaining({
        startdatum: '2026-03-09',
        vervaldatum: '2026-03-16',
        status: 'OPEN',
        overschreden: false,
      }),
    ]);
    const acuut = await melding(meldingInvoer({ acuut: true }));
    const ca = await lees(acuut.casusId);
    expect(acuut.acuut).toBe(true);
    expect(termijn(ca, 'VEILIGHEIDSBEOORDELING')[0]).toMatchObject({
      startdatum: '2026-03-09',
      vervaldatum: '2026-03-09',
      overschreden: true,
    });
  });
});

describe('het pad overdracht → monitoring → afsluiten', () => {
  it('loopt elke stap met diensten, termijnen en terugkoppeling', async () => {
    const m = await melding();
    let c = await beoordeel(m.id, 'OVERDRACHT');
    expect(c.fase).toBe('OVERDRACHT');
    expect(c.vervolgGestartOp).toBe('2026-03-10');
    expect(c.veiligheidsbeoordelingen).toEqual([
      { meldingId: m.id, uitkomst: 'OVERDRACHT', vervolg: null, binnenTermijn: true },
    ]);
    expect(termijn(c, 'VEILIGHEIDSBEOORDELING')[0].status).toBe('VOLDAAN');
    // Feedback to melder and household at 5 working days from receipt; no 10-week feedback: VT did not keep the casus.
    expect(termijn(c, 'TERUGKOPPELING_UITKOMST')).toEqual([
      expect.objectContaining({ vervaldatum: '2026-03-16', status: 'OPEN' }),
    ]);
    expect(termijn(c, 'TERUGKOPPELING_MELDER_OVERNAME')).toEqual([]);
    expect(c.toegestaneOvergangen.sort()).toEqual(['AFGESLOTEN', 'MONITORING']);

    const r = await app.gql<{ terugkoppelingVastleggen: Casus }>(
      mw,
      `mutation { terugkoppelingVastleggen(meldingId: "${m.id}", soort: TERUGKOPPELING_UITKOMST) { termijnen { soort status } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    expect(
      r.body.data!.terugkoppelingVastleggen.termijnen.find((t) => t.soort === 'TERUGKOPPELING_UITKOMST')!.status,
    ).toBe('VOLDAAN');

    c = await overgang(c.id, 'MONITORING', {
      overdracht: { ontvangendePartij: 'Sociaal Wijkteam Hilversum, A. Jansen', contactBevestigdOp: '2026-03-10' },
    });
    expect(c.fase).toBe('MONITORING');
    expect(c.diensten.find((d) => d.soort === 'OVERDRACHT')).toMatchObject({
      uitkomst: 'OVERGEDRAGEN',
      ontvangendePartij: 'Sociaal Wijkteam Hilversum, A. Jansen',
      contactBevestigdOp: '2026-03-10',
    });
    // Monitoring counts from the start of the follow-up, in calendar months.
    expect(termijn(c, 'MONITORING_3_MAANDEN')[0]).toMatchObject({ vervaldatum: '2026-06-10', status: 'OPEN' });
    expect(termijn(c, 'MONITORING_12_MAANDEN')[0]).toMatchObject({ vervaldatum: '2027-03-10', status: 'OPEN' });

    await zetKlok('2026-06-09T10:00:00Z');
    c = (
      await ok<{ monitoringcontactVastleggen: Casus }>(CONTACT, {
        invoer: {
          casusId: c.id,
          contactOp: '2026-06-09',
          uitkomst: 'VEILIG_STABIEL',
          toelichting: 'Gesprek met alle gezinsleden.',
        },
      })
    ).monitoringcontactVastleggen;
    expect(termijn(c, 'MONITORING_3_MAANDEN')[0].status).toBe('VOLDAAN');
    expect(termijn(c, 'MONITORING_12_MAANDEN')[0].status).toBe('OPEN');

    const zonderReden = await fout(OVERGANG, { invoer: { casusId: c.id, naar: 'AFGESLOTEN', toelichting: 'Klaar.' } });
    expect(zonderReden.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reden: 'VEREISTE_ONTBREEKT',
      ontbreekt: ['AFSLUITREDEN'],
    });

    c = await overgang(c.id, 'AFGESLOTEN', { afsluitreden: 'Veiligheid hersteld en stabiel.' });
    expect(c.fase).toBe('AFGESLOTEN');
    expect(c.geslotenOp).not.toBeNull();
    // Closing cancels what is left: the 12-month contact.
    expect(termijn(c, 'MONITORING_12_MAANDEN')[0].status).toBe('GEANNULEERD');
    expect(c.termijnen.filter((t) => t.status === 'OPEN')).toEqual([]);
    expect(c.overgangen.map((o) => `${o.van ?? '-'}>${o.naar}`)).toEqual([
      '->VEILIGHEIDSBEOORDELING',
      'VEILIGHEIDSBEOORDELING>OVERDRACHT',
      'OVERDRACHT>MONITORING',
      'MONITORING>AFGESLOTEN',
    ]);
    expect(c.overgangen.every((o) => o.door === 'mw-1')).toBe(true);
    expect(c.diensten.map((d) => `${d.soort}:${d.uitkomst}`)).toEqual([
      'OVERDRACHT:OVERGEDRAGEN',
      'MONITORING:VEILIG_STABIEL',
    ]);
    const audit = await app.sql(
      `select gebeurtenis from audit_gebeurtenis where object_id = $1 and actie <> 'R' order by id`,
      [c.id],
    );
    expect(audit.map((a) => a.gebeurtenis)).toEqual([
      'CASUS_OVERGANG',
      'MONITORINGCONTACT_VASTLEGGEN',
      'CASUS_OVERGANG',
    ]);
  });
});

describe('voorwaarden & vervolg', () => {
  it('vraagt een veiligheidsafspraak; onveilig na 12 maanden opent het contact op 18 maanden', async () => {
    const m = await melding();
    let c = await beoordeel(m.id, 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS', { vervolg: 'VOORWAARDEN_EN_VERVOLG' });
    expect(c.fase).toBe('VOORWAARDEN_EN_VERVOLG');
    expect(termijn(c, 'VOORWAARDEN_EN_VERVOLG')[0]).toMatchObject({ vervaldatum: '2026-05-19', status: 'OPEN' });
    // VT kept the casus: the melder hears who took over after 10 weeks.
    expect(termijn(c, 'TERUGKOPPELING_MELDER_OVERNAME')[0]).toMatchObject({ vervaldatum: '2026-05-19' });

    const voor = await teller(c.id);
    const f = await fout(OVERGANG, { invoer: { casusId: c.id, naar: 'MONITORING', toelichting: 'Te vroeg.' } });
    expect(f.extensions).toMatchObject({ reden: 'VEREISTE_ONTBREEKT', ontbreekt: ['VEILIGHEIDSAFSPRAAK'] });
    expect(f.message).toContain('veiligheidsafspraak');
    expect(await teller(c.id)).toEqual(voor);

    c = (
      await ok<{ veiligheidsafspraakVastleggen: Casus }>(AFSPRAAK, {
        invoer: {
          casusId: c.id,
          omschrijving: 'Vader verblijft tijdelijk bij zijn broer; geen contact zonder begeleiding.',
          partijen: ['moeder', 'vader', 'wijkteam'],
          overeengekomenOp: '2026-03-10',
        },
      })
    ).veiligheidsafspraakVastleggen;
    expect(c.veiligheidsafspraken).toHaveLength(1);
    c = await overgang(c.id, 'MONITORING');
    expect(termijn(c, 'VOORWAARDEN_EN_VERVOLG')[0].status).toBe('VOLDAAN');

    await zetKlok('2026-06-10T09:00:00Z');
    c = (
      await ok<{ monitoringcontactVastleggen: Casus }>(CONTACT, {
        invoer: { casusId: c.id, contactOp: '2026-06-10', uitkomst: 'VEILIG_STABIEL', toelichting: 'Rustig.' },
      })
    ).monitoringcontactVastleggen;
    await zetKlok('2027-03-09T09:00:00Z');
    c = (
      await ok<{ monitoringcontactVastleggen: Casus }>(CONTACT, {
        invoer: { casusId: c.id, contactOp: '2027-03-09', uitkomst: 'ONVEILIG', toelichting: 'Nieuwe incidenten.' },
      })
    ).monitoringcontactVastleggen;
    expect(termijn(c, 'MONITORING_18_MAANDEN')[0]).toMatchObject({ vervaldatum: '2027-09-10', status: 'OPEN' });
    // Unsafe: closing is refused, going back to V&V or onderzoek is allowed.
    const dicht = await fout(OVERGANG, {
      invoer: { casusId: c.id, naar: 'AFGESLOTEN', toelichting: 'x', afsluitreden: 'x' },
    });
    expect(dicht.extensions).toMatchObject({ reden: 'VEREISTE_ONTBREEKT', ontbreekt: ['MONITORING_VEILIG'] });
    c = await overgang(c.id, 'ONDERZOEK');
    expect(c.fase).toBe('ONDERZOEK');
    expect(termijn(c, 'MONITORING_18_MAANDEN')[0].status).toBe('GEANNULEERD');
  });
});

describe('onderzoek', () => {
  it('vraagt een uitkomst per aard geweld, of voortijdig afsluiten', async () => {
    const m = await melding(meldingInvoer({ aardGeweld: ['KINDERMISHANDELING', 'EX_PARTNERGEWELD'] }));
    let c = await beoordeel(m.id, 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS', { vervolg: 'ONDERZOEK' });
    expect(termijn(c, 'ONDERZOEK')[0]).toMatchObject({ startdatum: '2026-03-10', vervaldatum: '2026-05-19' });
    const voor = await teller(c.id);
    const geen = await fout(OVERGANG, { invoer: { casusId: c.id, naar: 'OVERDRACHT', toelichting: 'x' } });
    expect(geen.extensions).toMatchObject({ reden: 'VEREISTE_ONTBREEKT', ontbreekt: ['ONDERZOEKSUITKOMST'] });
    const half = await fout(OVERGANG, {
      invoer: {
        casusId: c.id,
        naar: 'OVERDRACHT',
        toelichting: 'x',
        onderzoek: { uitkomsten: [{ aardGeweld: 'KINDERMISHANDELING', uitkomst: 'BEVESTIGD' }] },
      },
    });
    expect(half.extensions).toMatchObject({ ontbreekt: ['ONDERZOEKSUITKOMST'] });
    expect(await teller(c.id)).toEqual(voor);
    c = await overgang(c.id, 'OVERDRACHT', {
      onderzoek: {
        uitkomsten: [
          { aardGeweld: 'KINDERMISHANDELING', uitkomst: 'BEVESTIGD' },
          { aardGeweld: 'EX_PARTNERGEWELD', uitkomst: 'WEERLEGD' },
        ],
      },
    });
    const o = c.diensten.find((d) => d.soort === 'ONDERZOEK')!;
    expect(o).toMatchObject({ uitkomst: 'AFGEROND', voortijdigAfgesloten: false });
    expect(o.onderzoeksuitkomsten).toEqual(
      expect.arrayContaining([
        { aardGeweld: 'KINDERMISHANDELING', uitkomst: 'BEVESTIGD' },
        { aardGeweld: 'EX_PARTNERGEWELD', uitkomst: 'WEERLEGD' },
      ]),
    );
    expect(termijn(c, 'ONDERZOEK')[0].status).toBe('VOLDAAN');
  });

  it('kan voortijdig worden afgesloten', async () => {
    const m = await melding();
    let c = await beoordeel(m.id, 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS', { vervolg: 'ONDERZOEK' });
    c = await overgang(c.id, 'AFGESLOTEN', {
      onderzoek: { uitkomsten: [], voortijdigAfgesloten: true },
      afsluitreden: 'Gezin verhuisd naar het buitenland.',
    });
    expect(c.diensten[0]).toMatchObject({
      soort: 'ONDERZOEK',
      uitkomst: 'VOORTIJDIG_AFGESLOTEN',
      voortijdigAfgesloten: true,
    });
    expect(c.termijnen.filter((t) => t.status === 'OPEN')).toEqual([]);
  });
});

describe('Verzoek tot Onderzoek bij de Raad', () => {
  it('vraagt kinderen, gronden en het standpunt van de ouders; een afwijzing brengt de casus terug bij VT', async () => {
    const m = await melding();
    const c0 = await lees(m.casusId);
    const zonder = await fout(VB, {
      invoer: {
        meldingId: m.id,
        taxatie: 'STRUCTURELE_ONVEILIGHEID',
        uitkomst: 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS',
        vervolg: 'VERZOEK_TOT_ONDERZOEK',
        toelichting: 'x',
      },
    });
    expect(zonder.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [expect.objectContaining({ veld: 'verzoekTotOnderzoek', code: 'VERPLICHT' })],
    });
    const vreemd = await fout(VB, {
      invoer: {
        meldingId: m.id,
        taxatie: 'STRUCTURELE_ONVEILIGHEID',
        uitkomst: 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS',
        vervolg: 'VERZOEK_TOT_ONDERZOEK',
        toelichting: 'x',
        verzoekTotOnderzoek: {
          kinderen: ['00000000-0000-4000-8000-000000000000'],
          gronden: ['HULP_GEPROBEERD'],
          standpuntOuders: 'Oneens.',
        },
      },
    });
    expect(vreemd.extensions).toMatchObject({ fouten: [expect.objectContaining({ code: 'GEEN_LID_VAN_CASUS' })] });
    expect((await teller(m.casusId)).fase).toBe('VEILIGHEIDSBEOORDELING');
    expect(await app.sql(`select 1 from veiligheidsbeoordeling where melding_id = $1`, [m.id])).toEqual([]);

    let c = await beoordeel(m.id, 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS', {
      vervolg: 'VERZOEK_TOT_ONDERZOEK',
      verzoekTotOnderzoek: {
        kinderen: [c0.persoonIds[0]],
        gronden: ['HULP_GEPROBEERD', 'ONVEILIGE_OPVOEDING'],
        standpuntOuders: 'De ouders vinden hulp niet nodig.',
      },
    });
    expect(c.fase).toBe('VERZOEK_TOT_ONDERZOEK');
    expect(c.diensten[0].verzoekTotOnderzoek).toMatchObject({ kinderen: [c0.persoonIds[0]], besluit: null });
    const geenReden = await fout(OVERGANG, {
      invoer: { casusId: c.id, naar: 'ONDERZOEK', toelichting: 'x', rvdkBesluit: { besluit: 'AFGEWEZEN' } },
    });
    expect(geenReden.extensions).toMatchObject({ ontbreekt: ['RVDK_AFGEWEZEN'] });
    const verkeerd = await fout(OVERGANG, {
      invoer: {
        casusId: c.id,
        naar: 'MONITORING',
        toelichting: 'x',
        rvdkBesluit: { besluit: 'AFGEWEZEN', reden: 'x' },
      },
    });
    expect(verkeerd.extensions).toMatchObject({ ontbreekt: ['RVDK_GEACCEPTEERD'] });
    c = await overgang(c.id, 'ONDERZOEK', {
      rvdkBesluit: { besluit: 'AFGEWEZEN', reden: 'Eerst vrijwillige hulp via VT-onderzoek.' },
    });
    expect(c.fase).toBe('ONDERZOEK');
    expect(c.diensten.find((d) => d.soort === 'VERZOEK_TOT_ONDERZOEK')).toMatchObject({
      uitkomst: 'AFGEWEZEN',
      verzoekTotOnderzoek: { besluit: 'AFGEWEZEN' },
    });
  });

  it('een aanvaard verzoek gaat naar monitoring', async () => {
    const m = await melding();
    const c0 = await lees(m.casusId);
    let c = await beoordeel(m.id, 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS', {
      vervolg: 'VERZOEK_TOT_ONDERZOEK',
      verzoekTotOnderzoek: {
        kinderen: [c0.persoonIds[0]],
        gronden: ['GEEN_VERTROUWEN_IN_OPVOEDING'],
        standpuntOuders: 'Instemmend.',
      },
    });
    c = await overgang(c.id, 'MONITORING', { rvdkBesluit: { besluit: 'GEACCEPTEERD' } });
    expect(c.fase).toBe('MONITORING');
  });
});

describe('geen vervolg', () => {
  it('sluit af met een reden en annuleert wat openstaat', async () => {
    const m = await melding();
    let c = await beoordeel(m.id, 'GEEN_VERVOLGSTAPPEN');
    expect(c.fase).toBe('GEEN_VERVOLG');
    expect(c.toegestaneOvergangen).toEqual(['AFGESLOTEN']);
    c = await overgang(c.id, 'AFGESLOTEN', { afsluitreden: 'Geen aanwijzingen voor onveiligheid.' });
    expect(termijn(c, 'TERUGKOPPELING_UITKOMST')[0].status).toBe('GEANNULEERD');
  });
});

describe('geweigerde stappen veranderen niets', () => {
  it('een overgang die de tabel niet kent, zegt wat wel mag', async () => {
    const m = await melding();
    const c = await beoordeel(m.id, 'OVERDRACHT');
    const voor = await teller(c.id);
    const f = await fout(OVERGANG, { invoer: { casusId: c.id, naar: 'ONDERZOEK', toelichting: 'x' } });
    expect(f.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reden: 'OVERGANG_NIET_TOEGESTAAN',
      van: 'OVERDRACHT',
      naar: 'ONDERZOEK',
    });
    expect(f.message).toContain('Toegestaan: MONITORING, AFGESLOTEN');
    expect(await teller(c.id)).toEqual(voor);
  });

  it('de beoordeling zelf gaat niet via casusOvergang, en wordt niet tweemaal vastgelegd', async () => {
    const m = await melding();
    const f = await fout(OVERGANG, { invoer: { casusId: m.casusId, naar: 'OVERDRACHT', toelichting: 'x' } });
    expect(f.extensions).toMatchObject({ reden: 'VEILIGHEIDSBEOORDELING_VEREIST' });
    await beoordeel(m.id, 'OVERDRACHT');
    const voor = await teller(m.casusId);
    const tweede = await fout(VB, {
      invoer: { meldingId: m.id, taxatie: 'ONBEKEND', uitkomst: 'GEEN_VERVOLGSTAPPEN', toelichting: 'x' },
    });
    expect(tweede.extensions).toMatchObject({ reden: 'AL_BEOORDEELD' });
    expect(await teller(m.casusId)).toEqual(voor);
  });

  it('een vervolg zonder VT-uitkomst, of een uitkomst zonder vervolg, is ongeldige invoer', async () => {
    const m = await melding();
    const a = await fout(VB, {
      invoer: { meldingId: m.id, taxatie: 'ONBEKEND', uitkomst: 'OVERDRACHT', vervolg: 'ONDERZOEK', toelichting: 'x' },
    });
    expect(a.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [expect.objectContaining({ veld: 'vervolg', code: 'NIET_TOEGESTAAN' })],
    });
    const b = await fout(VB, {
      invoer: { meldingId: m.id, taxatie: 'ONBEKEND', uitkomst: 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS', toelichting: 'x' },
    });
    expect(b.extensions).toMatchObject({ fouten: [expect.objectContaining({ veld: 'vervolg', code: 'VERPLICHT' })] });
  });

  it('een onbekende fase, een afgesloten casus en een casus van een andere regio', async () => {
    const m = await melding();
    const onbekend = await fout(OVERGANG, { invoer: { casusId: m.casusId, naar: 'OPGELOST', toelichting: 'x' } });
    expect(onbekend.extensions?.code).toBe('BAD_USER_INPUT');
    let c = await beoordeel(m.id, 'GEEN_VERVOLGSTAPPEN');
    c = await overgang(c.id, 'AFGESLOTEN', { afsluitreden: 'Klaar.' });
    const na = await fout(OVERGANG, { invoer: { casusId: c.id, naar: 'MONITORING', toelichting: 'x' } });
    expect(na.extensions).toMatchObject({ reden: 'OVERGANG_NIET_TOEGESTAAN', toegestaan: [] });
    const utrecht = await app.token('VT_MEDEWERKER', 'VT09');
    expect((await fout(LEES, { id: m.casusId }, utrecht)).extensions?.code).toBe('NOT_FOUND');
    expect(
      (await fout(OVERGANG, { invoer: { casusId: m.casusId, naar: 'MONITORING', toelichting: 'x' } }, utrecht))
        .extensions?.code,
    ).toBe('NOT_FOUND');
  });

  it('een overdracht met een contactdatum in de toekomst', async () => {
    const m = await melding();
    const c = await beoordeel(m.id, 'OVERDRACHT');
    const f = await fout(OVERGANG, {
      invoer: {
        casusId: c.id,
        naar: 'MONITORING',
        toelichting: 'x',
        overdracht: { ontvangendePartij: 'Wijkteam', contactBevestigdOp: '2026-04-01' },
      },
    });
    expect(f.extensions).toMatchObject({ fouten: [expect.objectContaining({ code: 'DATUM_IN_TOEKOMST' })] });
    const onmogelijk = await fout(OVERGANG, {
      invoer: {
        casusId: c.id,
        naar: 'MONITORING',
        toelichting: 'x',
        overdracht: { ontvangendePartij: 'Wijkteam', contactBevestigdOp: '2026-02-30' },
      },
    });
    expect(onmogelijk.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await teller(c.id)).fase).toBe('OVERDRACHT');
  });
});

describe('gelijktijdige stappen', () => {
  it('twee medewerkers zetten dezelfde stap tegelijk: precies één slaagt, de casus krijgt één dienst', async () => {
    const m = await melding();
    const c = await beoordeel(m.id, 'OVERDRACHT');
    const invoer = {
      casusId: c.id,
      naar: 'MONITORING',
      toelichting: 'x',
      overdracht: { ontvangendePartij: 'Wijkteam', contactBevestigdOp: '2026-03-10' },
    };
    const antwoorden = await Promise.all([
      app.gql(mw, OVERGANG, { invoer }),
      app.gql(tl, OVERGANG, { invoer }),
      app.gql(mw, OVERGANG, { invoer }),
    ]);
    const gelukt = antwoorden.filter((a) => !a.body.errors);
    expect(gelukt).toHaveLength(1);
    for (const a of antwoorden.filter((x) => x.body.errors)) {
      expect(['CONFLICT', 'BAD_USER_INPUT']).toContain(a.body.errors![0].extensions?.code);
    }
    const [r] = await app.sql(`select count(*)::int as n from dienst where casus_id = $1 and soort = 'MONITORING'`, [
      c.id,
    ]);
    expect(r.n).toBe(1);
  });

  it('twee beoordelingen van dezelfde melding tegelijk: één wordt vastgelegd, de ander geweigerd', async () => {
    const m = await melding();
    const invoer = { meldingId: m.id, taxatie: 'ONBEKEND', uitkomst: 'OVERDRACHT', toelichting: 'x' };
    const antwoorden = await Promise.all([app.gql(mw, VB, { invoer }), app.gql(tl, VB, { invoer })]);
    expect(antwoorden.filter((a) => !a.body.errors)).toHaveLength(1);
    expect(antwoorden.find((a) => a.body.errors)!.body.errors![0].extensions).toMatchObject({ reden: 'AL_BEOORDEELD' });
  });
});

describe('eerdere betrokkenheid (CBS 85361)', () => {
  it('eerste melding, vervolgmeldingen per fase, hermelding en niet ingedeeld', async () => {
    const bsn = geldigBsn();
    const metKind = (): Record<string, unknown> =>
      meldingInvoer({
        betrokkenen: [
          {
            rollen: ['KIND'],
            persoon: { bsn, voornamen: 'Noor', achternaam: 'de Vries', geboortedatum: '2017-02-02' },
          },
        ],
      });
    const eerste = await melding(metKind());
    expect(eerste.eerdereBetrokkenheid).toBe('EERSTE_MELDING');
    const tijdens = await melding(metKind());
    expect(tijdens).toMatchObject({
      eerdereBetrokkenheid: 'VERVOLGMELDING_TIJDENS_BEOORDELING',
      casusId: eerste.casusId,
    });
    await beoordeel(eerste.id, 'OVERDRACHT');
    const na = await melding(metKind());
    expect(na).toMatchObject({ eerdereBetrokkenheid: 'VERVOLGMELDING_NA_BEOORDELING', casusId: eerste.casusId });
    await overgang(eerste.casusId, 'MONITORING', {
      overdracht: { ontvangendePartij: 'Wijkteam', contactBevestigdOp: '2026-03-10' },
    });
    const monitoring = await melding(metKind());
    expect(monitoring).toMatchObject({
      eerdereBetrokkenheid: 'VERVOLGMELDING_TIJDENS_MONITORING',
      casusId: eerste.casusId,
    });
    // A vervolgmelding during monitoring re-opens the assessment.
    let c = await lees(eerste.casusId);
    expect(c.fase).toBe('VEILIGHEIDSBEOORDELING');
    expect(termijn(c, 'MONITORING_3_MAANDEN')[0].status).toBe('GEANNULEERD');
    expect(c.meldingIds).toHaveLength(4);
    c = await beoordeel(monitoring.id, 'GEEN_VERVOLGSTAPPEN');
    await overgang(c.id, 'AFGESLOTEN', { afsluitreden: 'Veilig.' });
    const her = await melding(metKind());
    expect(her.eerdereBetrokkenheid).toBe('HERMELDING');
    expect(her.casusId).not.toBe(eerste.casusId);
    const zonderBsn = await melding(
      meldingInvoer({
        betrokkenen: [{ rollen: ['SLACHTOFFER'], persoon: { voornamen: 'Onbekend', achternaam: 'Persoon' } }],
      }),
    );
    expect(zonderBsn.eerdereBetrokkenheid).toBe('NIET_INGEDEELD');
  });
});

describe('toewijzen', () => {
  it('alleen de teamleider wijst toe; open termijnen volgen de medewerker', async () => {
    const m = await melding();
    const doorMw = await app.gql(mw, `mutation { casusToewijzen(casusId: "${m.casusId}", medewerker: "mw-2") { id } }`);
    expect(doorMw.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const r = await app.gql<{
      casusToewijzen: { verantwoordelijke: string; termijnen: { verantwoordelijke: string; status: string }[] };
    }>(
      tl,
      `mutation { casusToewijzen(casusId: "${m.casusId}", medewerker: "mw-2") { verantwoordelijke termijnen { verantwoordelijke status } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.casusToewijzen.verantwoordelijke).toBe('mw-2');
    expect(r.body.data!.casusToewijzen.termijnen.every((t) => t.verantwoordelijke === 'mw-2')).toBe(true);
  });
});
