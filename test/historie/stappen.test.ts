import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { meldingInvoer } from '../helpers/fabriek';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';

/**
 * Issue 16.6: every process step accepts the date on which it happened, checked against the melding's reception, the
 * previous step and the clock; a refusal changes nothing; a casus opens on its first melding's reception date; and a
 * melder of unknown kind (ONBEKEND) is registered.
 */
let app: TestApp;
let mw: string;

const CASUS = `id fase geopendOp vervolgGestartOp
  veiligheidsbeoordelingen { binnenTermijn }
  diensten { soort gestartOp beeindigdOp }
  termijnen { soort startdatum vervaldatum status overschreden historisch }
  overgangen { van naar op geregistreerdOp }`;
type Casus = {
  id: string;
  fase: string;
  geopendOp: string;
  vervolgGestartOp: string | null;
  veiligheidsbeoordelingen: { binnenTermijn: boolean }[];
  diensten: { soort: string; gestartOp: string; beeindigdOp: string | null }[];
  termijnen: { soort: string; startdatum: string; vervaldatum: string; status: string; overschreden: boolean }[];
  overgangen: { van: string | null; naar: string; op: string; geregistreerdOp: string | null }[];
};
type Fout = { message: string; extensions?: { code?: string; fouten?: { veld: string; code: string }[] } };

const REGISTREER = `mutation R($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { id casusId hoedanigheidMelder } }`;
const VB = `mutation V($invoer: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $invoer) { casus { ${CASUS} } } }`;
const OVERGANG = `mutation O($invoer: CasusOvergangInvoer!) { casusOvergang(invoer: $invoer) { ${CASUS} } }`;
const LEES = `query L($id: ID!) { casus(id: $id) { ${CASUS} } }`;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());
beforeEach(async () => {
  app.clock.set(TEST_NU);
  mw = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-1' });
});

async function ok<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const r = await app.gql<T>(mw, query, variables);
  expect(r.body.errors).toBeUndefined();
  return r.body.data as T;
}
async function fout(query: string, variables: Record<string, unknown>): Promise<Fout> {
  const r = await app.gql(mw, query, variables);
  expect(r.body.errors?.length).toBe(1);
  return r.body.errors![0];
}
const veldcode = (f: Fout): string | undefined => f.extensions?.fouten?.[0]?.code;

/** A melding received on 2 February 2026 (a Monday), typed in on 10 March. */
async function melding(ontvangenOp = '2026-02-02T10:00:00+01:00'): Promise<{ id: string; casusId: string }> {
  const r = await ok<{ meldingRegistreren: { id: string; casusId: string } }>(REGISTREER, {
    invoer: meldingInvoer({ ontvangenOp }),
  });
  return r.meldingRegistreren;
}

describe('de datum van een processtap', () => {
  it('een casus opent op de ontvangst van zijn eerste melding, niet op de dag van invoer', async () => {
    const m = await melding();
    const c = (await ok<{ casus: Casus }>(LEES, { id: m.casusId })).casus;
    expect(c.geopendOp).toBe('2026-02-02T09:00:00.000Z');
    expect(c.overgangen).toEqual([
      {
        van: null,
        naar: 'VEILIGHEIDSBEOORDELING',
        op: '2026-02-02T09:00:00.000Z',
        geregistreerdOp: TEST_NU.toISOString(),
      },
    ]);
  });

  it('neemt een nagetekende beoordeling en overgang aan: termijnen en diensten rekenen vanaf de datum van de stap', async () => {
    const m = await melding();
    const vb = (
      await ok<{ veiligheidsbeoordelingVastleggen: { casus: Casus } }>(VB, {
        invoer: {
          meldingId: m.id,
          taxatie: 'STRUCTURELE_ONVEILIGHEID',
          uitkomst: 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS',
          vervolg: 'VOORWAARDEN_EN_VERVOLG',
          toelichting: 'Beoordeeld op 4 februari.',
          plaatsgevondenOp: '2026-02-04T15:00:00+01:00',
        },
      })
    ).veiligheidsbeoordelingVastleggen.casus;
    expect(vb.veiligheidsbeoordelingen[0].binnenTermijn).toBe(true);
    expect(vb.vervolgGestartOp).toBe('2026-02-04');
    expect(vb.diensten).toEqual([
      { soort: 'VOORWAARDEN_EN_VERVOLG', gestartOp: '2026-02-04T14:00:00.000Z', beeindigdOp: null },
    ]);
    const vv = vb.termijnen.find((t) => t.soort === 'VOORWAARDEN_EN_VERVOLG')!;
    expect(vv).toMatchObject({ startdatum: '2026-02-04', vervaldatum: '2026-04-15', status: 'OPEN' });
    const stap = vb.overgangen.at(-1)!;
    expect(stap).toMatchObject({ naar: 'VOORWAARDEN_EN_VERVOLG', op: '2026-02-04T14:00:00.000Z' });
    expect(stap.geregistreerdOp).toBe(TEST_NU.toISOString());
    expect(vb.termijnen.find((t) => t.soort === 'VEILIGHEIDSBEOORDELING')!.status).toBe('VOLDAAN');

    const na = (
      await ok<{ casusOvergang: Casus }>(OVERGANG, {
        invoer: {
          casusId: m.casusId,
          naar: 'ONDERZOEK',
          toelichting: 'Geen medewerking; toch onderzoek.',
          plaatsgevondenOp: '2026-02-20T11:00:00+01:00',
        },
      })
    ).casusOvergang;
    expect(na.diensten).toEqual([
      {
        soort: 'VOORWAARDEN_EN_VERVOLG',
        gestartOp: '2026-02-04T14:00:00.000Z',
        beeindigdOp: '2026-02-20T10:00:00.000Z',
      },
      { soort: 'ONDERZOEK', gestartOp: '2026-02-20T10:00:00.000Z', beeindigdOp: null },
    ]);
    expect(na.termijnen.find((t) => t.soort === 'ONDERZOEK')).toMatchObject({
      startdatum: '2026-02-20',
      vervaldatum: '2026-05-01',
    });
  });

  it('weigert een stap vóór de vorige stap, in de toekomst of vóór de ontvangst, en verandert dan niets', async () => {
    const m = await melding();
    const voorOntvangst = await fout(VB, {
      invoer: {
        meldingId: m.id,
        taxatie: 'GEEN_ONVEILIGHEID',
        uitkomst: 'OVERDRACHT',
        toelichting: 'Te vroeg.',
        plaatsgevondenOp: '2026-02-01T10:00:00+01:00',
      },
    });
    expect(voorOntvangst.extensions?.code).toBe('BAD_USER_INPUT');
    expect(veldcode(voorOntvangst)).toBe('DATUM_VOOR_ONTVANGST');
    const toekomst = await fout(VB, {
      invoer: {
        meldingId: m.id,
        taxatie: 'GEEN_ONVEILIGHEID',
        uitkomst: 'OVERDRACHT',
        toelichting: 'Morgen.',
        plaatsgevondenOp: '2026-03-11T10:00:00+01:00',
      },
    });
    expect(veldcode(toekomst)).toBe('DATUM_IN_TOEKOMST');
    const ongewijzigd = (await ok<{ casus: Casus }>(LEES, { id: m.casusId })).casus;
    expect(ongewijzigd.fase).toBe('VEILIGHEIDSBEOORDELING');
    expect(ongewijzigd.veiligheidsbeoordelingen).toEqual([]);

    await ok(VB, {
      invoer: {
        meldingId: m.id,
        taxatie: 'STRUCTURELE_ONVEILIGHEID',
        uitkomst: 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS',
        vervolg: 'ONDERZOEK',
        toelichting: 'Onderzoek.',
        plaatsgevondenOp: '2026-02-05T10:00:00+01:00',
      },
    });
    const voor = (await ok<{ casus: Casus }>(LEES, { id: m.casusId })).casus;
    const eerder = await fout(OVERGANG, {
      invoer: {
        casusId: m.casusId,
        naar: 'VOORWAARDEN_EN_VERVOLG',
        toelichting: 'Te vroeg.',
        onderzoek: { uitkomsten: [{ aardGeweld: 'KINDERMISHANDELING', uitkomst: 'BEVESTIGD' }] },
        plaatsgevondenOp: '2026-02-04T10:00:00+01:00',
      },
    });
    expect(veldcode(eerder)).toBe('DATUM_VOOR_VORIGE_STAP');
    const morgen = await fout(OVERGANG, {
      invoer: {
        casusId: m.casusId,
        naar: 'VOORWAARDEN_EN_VERVOLG',
        toelichting: 'Morgen.',
        onderzoek: { uitkomsten: [{ aardGeweld: 'KINDERMISHANDELING', uitkomst: 'BEVESTIGD' }] },
        plaatsgevondenOp: '2026-03-12T10:00:00+01:00',
      },
    });
    expect(veldcode(morgen)).toBe('DATUM_IN_TOEKOMST');
    expect((await ok<{ casus: Casus }>(LEES, { id: m.casusId })).casus).toEqual(voor);
  });

  it('zonder datum is de stap nu, zoals altijd', async () => {
    const m = await melding('2026-03-09T14:30:00+01:00');
    const c = (
      await ok<{ veiligheidsbeoordelingVastleggen: { casus: Casus } }>(VB, {
        invoer: { meldingId: m.id, taxatie: 'GEEN_ONVEILIGHEID', uitkomst: 'GEEN_VERVOLGSTAPPEN', toelichting: 'Nu.' },
      })
    ).veiligheidsbeoordelingVastleggen.casus;
    expect(c.overgangen.at(-1)).toMatchObject({ op: TEST_NU.toISOString(), geregistreerdOp: TEST_NU.toISOString() });
  });
});

describe('een melder van onbekende hoedanigheid', () => {
  it('registreert ONBEKEND met organisatiesoort ONBEKEND, en weigert een organisatiesoort die iets beweert', async () => {
    const r = await ok<{ meldingRegistreren: { hoedanigheidMelder: string } }>(REGISTREER, {
      invoer: meldingInvoer({ hoedanigheidMelder: 'ONBEKEND', organisatieMelder: 'ONBEKEND' }),
    });
    expect(r.meldingRegistreren.hoedanigheidMelder).toBe('ONBEKEND');
    const f = await fout(REGISTREER, {
      invoer: meldingInvoer({ hoedanigheidMelder: 'ONBEKEND', organisatieMelder: 'ONDERWIJS' }),
    });
    expect(f.extensions?.fouten).toEqual([
      expect.objectContaining({ veld: 'organisatieMelder', code: 'ONVERENIGBAAR' }),
    ]);
    const [rij] = await app.sql(`select count(*)::int as n from melding where hoedanigheid_melder = 'ONBEKEND'`);
    expect(rij.n).toBe(1);
    // The database holds the same line: no other kind slips in past the service.
    await expect(
      app.sql(`update melding set hoedanigheid_melder = 'ANDERS' where hoedanigheid_melder = 'ONBEKEND'`),
    ).rejects.toThrow(/melding_hoedanigheid_melder_check/);
  });
});
