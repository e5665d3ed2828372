import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { meldingInvoer, REGISTREER } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Issue 15, point 2: the cost counts what a list can return (page size times what is below it), so many aliases of a
 * large page are refused before anything is read, and the audit rows a request can cause are bounded.
 */
let app: TestApp;
let t: string;
beforeAll(async () => {
  app = await startTestApp();
  t = await app.token('VT_MEDEWERKER', 'VT14');
  for (let i = 0; i < 3; i++) {
    const r = await app.gql(t, REGISTREER, { invoer: meldingInvoer() });
    expect(r.body.errors).toBeUndefined();
  }
});
afterAll(() => app.stop());

const VOLLEDIG = `edges { cursor node { id omschrijving melder { naam telefoon }
  betrokkenen { id rollen persoon { id bsn voornamen achternaam adres { straat postcode } } } } } pageInfo { hasNextPage }`;

const auditRegels = async (verzoekId: string): Promise<number> =>
  Number((await app.sql(`select count(*) from audit_gebeurtenis where verzoek_id = $1`, [verzoekId]))[0].count);

describe('kosten per paginagrootte', () => {
  it('één pagina van 100 meldingen met alle sublijsten mag', async () => {
    const r = await app.gql(t, `{ meldingen(eerste: 100) { ${VOLLEDIG} } }`, undefined, { 'x-request-id': 'een' });
    expect(r.body.errors).toBeUndefined();
    expect(await auditRegels('een')).toBe(3);
  });

  it('vijftien aliassen ervan worden geweigerd vóór er iets gelezen wordt: geen auditregel', async () => {
    const q = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: meldingen(eerste: 100) { ${VOLLEDIG} }`).join(' ')} }`;
    const r = await app.gql(t, q, undefined, { 'x-request-id': 'vijftien' });
    expect(r.status).toBe(400);
    expect(r.body.data ?? undefined).toBeUndefined();
    // Per melding: node, melder, and an assumed 10 betrokkenen with persoon and adres: 1 + 1 + 10 × 3 = 32.
    expect(r.body.errors![0].extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      reden: 'QUERY_TE_DUUR',
      limiet: 5000,
      waarde: 15 * 100 * 32,
    });
    expect(await auditRegels('vijftien')).toBe(0);
  });

  it('de paginagrootte telt ook als variabele', async () => {
    const q = `query($n: Int!) { a: meldingen(eerste: $n) { ${VOLLEDIG} } b: meldingen(eerste: $n) { ${VOLLEDIG} } }`;
    expect((await app.gql(t, q, { n: 50 })).body.errors).toBeUndefined();
    const r = await app.gql(t, q, { n: 100 });
    expect(r.body.errors![0].extensions).toMatchObject({ reden: 'QUERY_TE_DUUR', waarde: 2 * 100 * 32 });
    // The count is kept per document and variables (limieten.ts): the same document answers each its own again.
    for (const n of [50, 100, 50]) {
      const opnieuw = await app.gql(t, q, { n });
      if (n === 50) expect(opnieuw.body.errors).toBeUndefined();
      else expect(opnieuw.body.errors![0].extensions).toMatchObject({ reden: 'QUERY_TE_DUUR', waarde: 2 * 100 * 32 });
    }
  });

  it('GRAPHQL_LIJST_SCHATTING is de aangenomen lengte van een lijst zonder paginagrootte', async () => {
    const klein = await startTestApp({ deelt: app, env: { GRAPHQL_LIJST_SCHATTING: '2', GRAPHQL_MAX_COST: '100' } });
    try {
      const k = await klein.token('VT_MEDEWERKER', 'VT14');
      // 20 (the default page size) × (node 1 + 2 betrokkenen × persoon 2) = 100: just allowed; with melder 120.
      const q = (extra: string): string =>
        `{ meldingen { edges { node { id betrokkenen { persoon { id } } ${extra} } } } }`;
      expect((await klein.gql(k, q(''))).body.errors).toBeUndefined();
      const r = await klein.gql(k, q('melder { naam }'));
      expect(r.body.errors![0].extensions).toMatchObject({ reden: 'QUERY_TE_DUUR', limiet: 100, waarde: 120 });
    } finally {
      await klein.stop();
    }
  });

  it('fragmenten die zichzelf vermenigvuldigen, worden geweigerd zonder ze uit te schrijven', async () => {
    const n = 30;
    const fragmenten = Array.from({ length: n }, (_, i) =>
      i === n - 1 ? `fragment F${i} on Melding { id }` : `fragment F${i} on Melding { ...F${i + 1} ...F${i + 1} }`,
    ).join(' ');
    const gestart = Date.now();
    const r = await app.gql(t, `{ meldingen(eerste: 1) { edges { node { ...F0 } } } } ${fragmenten}`);
    expect(Date.now() - gestart).toBeLessThan(5000);
    expect(r.status).toBe(400);
    expect(r.body.errors![0].extensions).toMatchObject({ reden: 'QUERY_TE_DUUR' });
  });
});
