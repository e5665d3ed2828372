import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { meldingInvoer } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';

/** The teamleider's view: overdue and upcoming termijnen per worker and per kind, and the inspectorate's measure. */
let app: TestApp;

const REGISTREER = `mutation R($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { id casusId } }`;

async function registreer(
  sub: string,
  ontvangenOp: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; casusId: string }> {
  const t = await app.token('VT_MEDEWERKER', 'VT14', { sub });
  const r = await app.gql<{ meldingRegistreren: { id: string; casusId: string } }>(t, REGISTREER, {
    invoer: meldingInvoer({ ontvangenOp, ...extra }),
  });
  expect(r.body.errors).toBeUndefined();
  return r.body.data!.meldingRegistreren;
}

async function beoordeel(sub: string, meldingId: string): Promise<void> {
  const t = await app.token('VT_MEDEWERKER', 'VT14', { sub });
  const r = await app.gql(
    t,
    `mutation { veiligheidsbeoordelingVastleggen(invoer: { meldingId: "${meldingId}", taxatie: ONBEKEND, uitkomst: OVERDRACHT, toelichting: "x" }) { casus { id } } }`,
  );
  expect(r.body.errors).toBeUndefined();
}

const termijnVan = async (meldingId: string): Promise<string> =>
  (
    await app.sql(
      `select vervaldatum::text as d from termijn where melding_id = $1 and soort = 'VEILIGHEIDSBEOORDELING'`,
      [meldingId],
    )
  )[0].d as string;

beforeAll(async () => {
  app = await startTestApp({ nu: new Date('2026-04-01T08:00:00Z') });
});
afterAll(() => app.stop());

describe('de vervaldag van de veiligheidsbeoordeling via de API', () => {
  it('rond Pasen, Koningsdag, kerst en op een zaterdag', async () => {
    app.clock.set(new Date('2027-01-05T08:00:00Z'));
    const gevallen: [string, string][] = [
      ['2026-04-03T11:00:00+02:00', '2026-04-13'],
      ['2026-04-27T09:00:00+02:00', '2026-05-04'],
      ['2026-12-24T16:00:00+01:00', '2027-01-04'],
      ['2026-11-21T23:30:00+01:00', '2026-11-27'],
      // Friday 23:30 UTC is Saturday 00:30 in Amsterdam: counted from Saturday.
      ['2026-11-20T23:30:00Z', '2026-11-27'],
    ];
    for (const [ontvangen, verwacht] of gevallen) {
      const m = await registreer('mw-kalender', ontvangen);
      expect(await termijnVan(m.id), ontvangen).toBe(verwacht);
    }
  });
});

describe('termijnoverzicht en prestatie', () => {
  it('telt per medewerker en per soort, en berekent het aandeel binnen 5 werkdagen', async () => {
    // Meldingen received in May 2026; the period filter keeps the calendar cases above out of the measure.
    app.clock.set(new Date('2026-05-04T08:00:00Z'));
    // Received Monday 4 May: 5 May (Bevrijdingsdag) does not count, so due Tuesday 12 May.
    const a = await registreer('mw-a', '2026-05-04T09:00:00+02:00');
    await beoordeel('mw-a', a.id); // on time
    const b = await registreer('mw-a', '2026-05-04T09:30:00+02:00'); // will be late
    const c = await registreer('mw-b', '2026-05-04T10:00:00+02:00'); // will stay open and overdue
    app.clock.set(new Date('2026-05-13T08:00:00Z'));
    await beoordeel('mw-a', b.id);
    const d = await registreer('mw-b', '2026-05-13T09:00:00+02:00'); // open, due 20 May

    const tl = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-1' });
    const o = await app.gql<{
      termijnOverzicht: {
        peildatum: string;
        overschreden: number;
        binnenkort: number;
        perMedewerker: { groep: string; overschreden: number; binnenkort: number }[];
        perSoort: { groep: string; overschreden: number; binnenkort: number }[];
      };
    }>(
      tl,
      `{ termijnOverzicht(binnenWerkdagen: 5) { peildatum overschreden binnenkort perMedewerker { groep overschreden binnenkort } perSoort { groep overschreden binnenkort } termijnen { soort vervaldatum overschreden } } }`,
    );
    expect(o.body.errors).toBeUndefined();
    const ov = o.body.data!.termijnOverzicht;
    expect(ov.peildatum).toBe('2026-05-13');
    // mw-b: c's assessment and informing its reported person are overdue, d's two are due within 5 working days.
    expect(ov.perMedewerker.find((g) => g.groep === 'mw-b')).toEqual({ groep: 'mw-b', overschreden: 2, binnenkort: 2 });
    expect(ov.perSoort.find((g) => g.groep === 'VEILIGHEIDSBEOORDELING')).toMatchObject({
      overschreden: expect.any(Number),
    });
    // The calendar cases above are all open and overdue by now too; every overdue one is counted.
    const [open] = await app.sql(
      `select count(*)::int as n from termijn where status = 'OPEN' and vervalt_op <= '2026-05-13T08:00:00Z'`,
    );
    expect(ov.overschreden).toBe(open.n);

    const p = await app.gql<{ veiligheidsbeoordelingPrestatie: Record<string, unknown> }>(
      tl,
      `{ veiligheidsbeoordelingPrestatie(van: "2026-05-01", tot: "2026-05-31") { meldingen binnenTermijn teLaat openBinnenTermijn openOverschreden aandeelBinnenTermijn } }`,
    );
    expect(p.body.errors).toBeUndefined();
    expect(p.body.data!.veiligheidsbeoordelingPrestatie).toEqual({
      meldingen: 4,
      binnenTermijn: 1,
      teLaat: 1,
      openBinnenTermijn: 1,
      openOverschreden: 1,
      aandeelBinnenTermijn: 1 / 3,
    });
    expect([c.id, d.id]).toHaveLength(2);
  });

  it('alleen teamleiders; een omgekeerde periode of te groot venster is ongeldige invoer', async () => {
    const mw = await app.token('VT_MEDEWERKER', 'VT14');
    expect((await app.gql(mw, `{ termijnOverzicht { overschreden } }`)).body.errors?.[0].extensions?.code).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    const tl = await app.token('VT_TEAMLEIDER', 'VT14');
    expect(
      (await app.gql(tl, `{ veiligheidsbeoordelingPrestatie(van: "2026-06-01", tot: "2026-05-01") { meldingen } }`))
        .body.errors?.[0].extensions?.code,
    ).toBe('BAD_USER_INPUT');
    expect(
      (await app.gql(tl, `{ termijnOverzicht(binnenWerkdagen: 61) { overschreden } }`)).body.errors?.[0].extensions
        ?.code,
    ).toBe('BAD_USER_INPUT');
    const utrecht = await app.token('VT_TEAMLEIDER', 'VT09');
    const leeg = await app.gql<{ termijnOverzicht: { overschreden: number } }>(
      utrecht,
      `{ termijnOverzicht { overschreden } }`,
    );
    expect(leeg.body.data!.termijnOverzicht.overschreden).toBe(0);
  });
});
