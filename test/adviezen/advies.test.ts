import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { meldingInvoer } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';

let app: TestApp;
let mw: string;

const REGISTREER = `mutation A($invoer: AdviesInvoer!) { adviesRegistreren(invoer: $invoer) { id status clientAnoniem meldingId } }`;
const OMZETTEN = `mutation O($id: ID!, $melding: MeldingInvoer!, $ambtshalve: Boolean) {
  adviesOmzettenInMelding(adviesId: $id, melding: $melding, ambtshalve: $ambtshalve) { id ambtshalve casusId eerdereBetrokkenheid } }`;

const advies = (o: Record<string, unknown> = {}): Record<string, unknown> => ({
  ontvangenOp: '2026-03-09T10:00:00+01:00',
  kanaal: 'TELEFOON',
  hoedanigheidAdviesvrager: 'BEROEPSMATIG',
  organisatieAdviesvrager: 'KINDEROPVANG',
  aardGeweld: ['KINDERMISHANDELING'],
  omschrijving: 'Pedagogisch medewerker twijfelt over signalen bij een peuter.',
  ...o,
});

beforeAll(async () => {
  app = await startTestApp();
  mw = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-advies' });
});
afterAll(() => app.stop());

describe('adviezen', () => {
  it('registreert een advies met anonieme cliënt en rondt het af', async () => {
    const r = await app.gql<{ adviesRegistreren: { id: string; status: string; clientAnoniem: boolean } }>(
      mw,
      REGISTREER,
      { invoer: advies() },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.adviesRegistreren).toMatchObject({ status: 'OPEN', clientAnoniem: true });
    const id = r.body.data!.adviesRegistreren.id;
    const af = await app.gql<{ adviesAfronden: { status: string } }>(
      mw,
      `mutation { adviesAfronden(id: "${id}") { status } }`,
    );
    expect(af.body.data!.adviesAfronden.status).toBe('AFGEROND');
    const nogmaals = await app.gql(mw, `mutation { adviesAfronden(id: "${id}") { status } }`);
    expect(nogmaals.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reden: 'ADVIES_NIET_OPEN' });
  });

  it('wordt een (ambtshalve) melding met casus en termijn, eenmaal', async () => {
    const id = (await app.gql<{ adviesRegistreren: { id: string } }>(mw, REGISTREER, { invoer: advies() })).body.data!
      .adviesRegistreren.id;
    const r = await app.gql<{
      adviesOmzettenInMelding: { id: string; ambtshalve: boolean; casusId: string; eerdereBetrokkenheid: string };
    }>(mw, OMZETTEN, {
      id,
      melding: meldingInvoer(),
      ambtshalve: true,
    });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.adviesOmzettenInMelding).toMatchObject({
      ambtshalve: true,
      eerdereBetrokkenheid: 'EERSTE_MELDING',
    });
    const a = await app.gql<{ advies: { status: string; meldingId: string } }>(
      mw,
      `{ advies(id: "${id}") { status meldingId } }`,
    );
    expect(a.body.data!.advies).toEqual({
      status: 'OMGEZET_IN_MELDING',
      meldingId: r.body.data!.adviesOmzettenInMelding.id,
    });
    const [t] = await app.sql(
      `select count(*)::int as n from termijn where melding_id = $1 and soort = 'VEILIGHEIDSBEOORDELING'`,
      [a.body.data!.advies.meldingId],
    );
    expect(t.n).toBe(1);
    const tweede = await app.gql(mw, OMZETTEN, { id, melding: meldingInvoer() });
    expect(tweede.body.errors?.[0].extensions).toMatchObject({ reden: 'ADVIES_NIET_OPEN' });
  });

  it('ongeldige invoer schrijft niets', async () => {
    const [voor] = await app.sql(`select count(*)::int as n from advies`);
    const r = await app.gql(mw, REGISTREER, { invoer: advies({ hoedanigheidAdviesvrager: 'NIET_BEROEPSMATIG' }) });
    expect(r.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [expect.objectContaining({ code: 'ONVERENIGBAAR' })],
    });
    const lang = await app.gql(mw, REGISTREER, { invoer: advies({ omschrijving: 'x'.repeat(20_001) }) });
    expect(lang.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    for (const gemeente of ['0402', 'GM402', 'gm0402', "GM0402' or 1=1", '']) {
      const fout = await app.gql(mw, REGISTREER, { invoer: advies({ gemeente }) });
      expect(fout.body.errors?.[0].extensions, gemeente).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    const [na] = await app.sql(`select count(*)::int as n from advies`);
    expect(na.n).toBe(voor.n);
  });

  it('legt de gemeente van de cliënt vast als CBS-code (voor de analyse per gemeente), zonder adres', async () => {
    const r = await app.gql<{ adviesRegistreren: { id: string } }>(mw, REGISTREER, {
      invoer: advies({ gemeente: 'GM0402' }),
    });
    expect(r.body.errors).toBeUndefined();
    const id = r.body.data!.adviesRegistreren.id;
    const a = await app.gql<{ advies: { gemeente: string | null } }>(mw, `{ advies(id: "${id}") { gemeente } }`);
    expect(a.body.data!.advies.gemeente).toBe('GM0402');
    const [rij] = await app.sql(`select gemeente from advies where id = $1`, [id]);
    expect(rij.gemeente).toBe('GM0402');
    const zonder = (await app.gql<{ adviesRegistreren: { id: string } }>(mw, REGISTREER, { invoer: advies() })).body
      .data!.adviesRegistreren.id;
    expect(
      (await app.gql<{ advies: { gemeente: string | null } }>(mw, `{ advies(id: "${zonder}") { gemeente } }`)).body
        .data!.advies.gemeente,
    ).toBeNull();
  });

  it('een andere regio ziet het advies niet', async () => {
    const id = (await app.gql<{ adviesRegistreren: { id: string } }>(mw, REGISTREER, { invoer: advies() })).body.data!
      .adviesRegistreren.id;
    const utrecht = await app.token('VT_MEDEWERKER', 'VT09');
    const r = await app.gql(utrecht, `{ advies(id: "${id}") { id } }`);
    expect(r.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
