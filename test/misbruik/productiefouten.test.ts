import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { meldingInvoer, REGISTREER } from '../helpers/fabriek';
import { TestIssuer } from '../helpers/issuer';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Issue 15, point 6: in production no error echoes what the caller sent (a BSN, names) or suggests schema values, and
 * the introspection refusal does not name the server software.
 */
let app: TestApp;
let t: string;
beforeAll(async () => {
  app = await startTestApp({
    env: {
      NODE_ENV: 'production',
      WEBHOOK_GEHEIM_SLEUTEL: randomBytes(32).toString('base64'),
      VT_REGISTER_SLEUTEL: randomBytes(32).toString('base64'),
    },
  });
  const issuer = await TestIssuer.registreer(app, 'https://login.misbruik-test.invalid');
  await issuer.bind('VT14', ['VT_MEDEWERKER']);
  t = await issuer.token();
});
afterAll(() => app.stop());

const PERSOONLIJK = ['123456789', 'Sara', 'Jansen', 'Kerkstraat', 'Hilversum'];

function zonderInvoer(body: unknown): void {
  const tekst = JSON.stringify(body);
  for (const x of PERSOONLIJK) expect(tekst).not.toContain(x);
  expect(tekst).not.toMatch(/Did you mean/i);
}

describe('productie: fouten zonder ingestuurde waarden', () => {
  it('een ongeldige BSN in een variabele: type en plek, niet de waarde of de namen eromheen', async () => {
    const invoer = meldingInvoer();
    (invoer.betrokkenen as { persoon: { bsn: string } }[])[0].persoon.bsn = '123456789';
    const r = await app.gql(t, REGISTREER, { invoer });
    expect(r.status).toBe(400);
    zonderInvoer(r.body);
    expect(r.body.errors![0].message).toBe(
      'Variabele $invoer heeft een ongeldige waarde voor type BSN (bij invoer.betrokkenen[0].persoon.bsn).',
    );
    expect(r.body.errors![0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      reden: 'ONGELDIG_BSN',
      variabele: 'invoer',
      pad: 'invoer.betrokkenen[0].persoon.bsn',
    });
  });

  it('een onbekende enumwaarde: geen suggestie van de geldige waarden', async () => {
    const r = await app.gql(t, REGISTREER, { invoer: meldingInvoer({ kanaal: 'TELEFOONN' }) });
    expect(r.status).toBe(400);
    zonderInvoer(r.body);
    expect(JSON.stringify(r.body)).not.toContain('TELEFOON');
    expect(r.body.errors![0].message).toBe(
      'Variabele $invoer heeft een ongeldige waarde voor type Kanaal (bij invoer.kanaal).',
    );
  });

  it('een onbekend veld in de invoer: niet de hele invoer terug', async () => {
    const r = await app.gql(t, REGISTREER, { invoer: meldingInvoer({ bijnaam: 'Sara Jansen' }) });
    expect(r.status).toBe(400);
    zonderInvoer(r.body);
    expect(r.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', variabele: 'invoer' });
  });

  it('een ongeldige letterlijke waarde in de query: alleen het type', async () => {
    const r = await app.gql(t, `{ meldingen(eerste: "Sara Jansen") { edges { cursor } } }`);
    expect(r.status).toBe(400);
    zonderInvoer(r.body);
    expect(r.body.errors![0].message).toBe('Ongeldige waarde voor type Int.');
    expect(r.body.errors![0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', reden: 'ONGELDIGE_WAARDE' });
    const alsEnum = await app.gql(t, `{ meldingen(eerste: Jansen) { edges { cursor } } }`);
    zonderInvoer(alsEnum.body);
    expect(alsEnum.body.errors![0].message).toBe('Ongeldige waarde voor type Int.');
  });

  it('introspectie: "Introspectie staat uit.", zonder de serversoftware te noemen', async () => {
    const r = await app.gql(t, `{ __schema { types { name } } }`);
    expect(r.status).toBe(400);
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors![0].message).toBe('Introspectie staat uit.');
    expect(r.body.errors![0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', reden: 'INTROSPECTIE_UIT' });
    expect(JSON.stringify(r.body)).not.toMatch(/apollo|graphql-js|introspection/i);
  });
});
