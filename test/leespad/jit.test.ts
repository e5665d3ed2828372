import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { meldingInvoer, REGISTREER } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Compiled execution (src/lib/graphql/jit.ts): graphql-jit generates JavaScript per document, and keeps it per document
 * and operation. Literals that would break out of generated code are values, not code; one compiled document serves
 * every set of variables; a document with two operations runs the one that is named; and the default of a non-null
 * input field (which graphql-jit 0.8.9 would refuse as missing) is filled in.
 */
let app: TestApp;
let tl: string;
let mw: string;

beforeAll(async () => {
  app = await startTestApp();
  tl = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-jit' });
  mw = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-jit' });
  for (let i = 0; i < 3; i++) {
    const r = await app.gql(mw, REGISTREER, { invoer: meldingInvoer({ omschrijving: `Melding ${i} voor jit.` }) });
    expect(r.body.errors).toBeUndefined();
  }
});
afterAll(() => app.stop());

describe('gecompileerde uitvoering', () => {
  it('een letterlijke waarde met JavaScript erin blijft een waarde: een ongeldige cursor, geen uitgevoerde code', async () => {
    for (const kwaad of [
      `"); throw new Error("jit"); ("`,
      "'); process.exit(1); ('",
      '`${process.exit(1)}`',
      '\u2028\u2029</script>',
      '__proto__',
    ]) {
      const r = await app.gql(tl, `{ meldingen(eerste: 2, na: ${JSON.stringify(kwaad)}) { edges { node { id } } } }`);
      expect(r.body.errors?.[0]?.extensions, kwaad).toMatchObject({
        code: 'BAD_USER_INPUT',
        reden: 'ONGELDIGE_CURSOR',
      });
    }
    // The server still answers.
    const r = await app.gql(tl, `{ meldingen(eerste: 1) { edges { node { id } } } }`);
    expect(r.body.errors).toBeUndefined();
  });

  it('één document, andere variabelen: elk verzoek zijn eigen antwoord', async () => {
    const q = `query($n: Int!) { meldingen(eerste: $n) { edges { node { id } } } }`;
    const een = await app.gql<{ meldingen: { edges: unknown[] } }>(tl, q, { n: 1 });
    const drie = await app.gql<{ meldingen: { edges: unknown[] } }>(tl, q, { n: 3 });
    const weerEen = await app.gql<{ meldingen: { edges: unknown[] } }>(tl, q, { n: 1 });
    expect(een.body.data!.meldingen.edges).toHaveLength(1);
    expect(drie.body.data!.meldingen.edges).toHaveLength(3);
    expect(weerEen.body.data!.meldingen.edges).toHaveLength(1);
  });

  it('een document met twee operaties voert de genoemde uit, elk met een eigen gecompileerde functie', async () => {
    const doc = `query Een { meldingen(eerste: 1) { edges { node { id } } } } query Twee { ik { rol } }`;
    const vraag = async (operationName: string): Promise<{ data?: Record<string, unknown> }> => {
      const r = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tl}` },
        body: JSON.stringify({ query: doc, operationName }),
      });
      return (await r.json()) as { data?: Record<string, unknown> };
    };
    for (let i = 0; i < 2; i++) {
      expect(Object.keys((await vraag('Een')).data ?? {})).toEqual(['meldingen']);
      expect(Object.keys((await vraag('Twee')).data ?? {})).toEqual(['ik']);
    }
  });

  it('de standaardwaarde van een verplicht invoerveld wordt ingevuld (acuut: Boolean! = false)', async () => {
    const invoer = meldingInvoer();
    delete invoer.acuut;
    const r = await app.gql<{ meldingRegistreren: { acuut: boolean } }>(
      mw,
      `mutation($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { acuut } }`,
      { invoer },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.meldingRegistreren.acuut).toBe(false);
  });
});
