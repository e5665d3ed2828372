import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Issue 15, point 5: a refused query says which limit, its value and the query's: `extensions.reden`, `limiet`,
 * `waarde`, and a message naming them (no more "Syntax Error: Query validation error." for all of them).
 */
let app: TestApp;
let t: string;
beforeAll(async () => {
  app = await startTestApp({ env: { GRAPHQL_MAX_DEPTH: '5', GRAPHQL_MAX_COST: '500' } });
  t = await app.token('VT_MEDEWERKER', 'VT14');
});
afterAll(() => app.stop());

async function weigering(query: string): Promise<{ message: string; extensions: Record<string, unknown> }> {
  const r = await app.gql(t, query);
  expect(r.status).toBe(400);
  expect(r.body.data ?? undefined).toBeUndefined();
  expect(r.body.errors).toHaveLength(1);
  return r.body.errors![0] as never;
}

describe('elke limiet noemt zichzelf', () => {
  it('diepte', async () => {
    const f = await weigering(`{ meldingen { edges { node { betrokkenen { persoon { adres { straat } } } } } } }`);
    expect(f.message).toBe('De query is 7 niveaus diep; de grens is 5.');
    expect(f.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      reden: 'QUERY_TE_DIEP',
      limiet: 5,
      waarde: 7,
    });
  });

  it('aliassen', async () => {
    const f = await weigering(`{ ${Array.from({ length: 16 }, (_, i) => `a${i}: ik { rol }`).join(' ')} }`);
    expect(f.message).toBe('De query heeft 16 aliassen; de grens is 15.');
    expect(f.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      reden: 'TE_VEEL_ALIASSEN',
      limiet: 15,
      waarde: 16,
    });
  });

  it('directives, ook in fragmenten', async () => {
    const velden = Array.from({ length: 30 }, () => 'rol @include(if: true)').join(' ');
    const f = await weigering(`{ ik { ${velden} ...F } } fragment F on Ik { ${velden} }`);
    expect(f.message).toBe('De query heeft 60 directives; de grens is 50.');
    expect(f.extensions).toMatchObject({ reden: 'TE_VEEL_DIRECTIVES', limiet: 50, waarde: 60 });
  });

  it('tokens', async () => {
    const f = await weigering(`{ ik { ${'rol '.repeat(2100)} } }`);
    expect(f.message).toBe('Het document heeft 2105 tokens; de grens is 2000.');
    expect(f.extensions).toMatchObject({
      code: 'GRAPHQL_PARSE_FAILED',
      reden: 'TE_VEEL_TOKENS',
      limiet: 2000,
      waarde: 2105,
    });
  });

  it('kosten', async () => {
    // 100 × (melding + melder + an assumed 10 betrokkenen) = 1200.
    const f = await weigering(
      `{ meldingen(eerste: 100) { edges { node { id melder { naam } betrokkenen { id } } } } }`,
    );
    expect(f.message).toBe('De query kost 1200 punten (objecten, lijsten maal hun paginagrootte); de grens is 500.');
    expect(f.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      reden: 'QUERY_TE_DUUR',
      limiet: 500,
      waarde: 1200,
    });
  });
});
