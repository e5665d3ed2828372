import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { alleRollen, organisatieSoortenPerRol, type Rol } from '../../src/auth/rollen';
import { bouwDoelgroepSchema } from '../../src/beleid/doelgroep-schema';
import { bouwVolledigSchema, printStabiel } from '../../src/lib/graphql/volledig-schema';
import { privacybeleid, resolvers } from '../../src/modules';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Issue 18, point 5: `npm start` listens before the roles' schemas are built (src/rolschemas.ts); a request builds its
 * role's first, the rest follow. Every role must then get exactly the schema it would have had, and an answer on its
 * first request.
 */
describe('rolschemas achteraf (issue 18, punt 5)', () => {
  let app: TestApp;
  const orgPerSoort: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp({ rolschemas: 'achteraf' });
    for (const rol of alleRollen) {
      const soort = organisatieSoortenPerRol[rol][0];
      if (orgPerSoort[soort]) continue;
      if (soort === 'VEILIG_THUIS') {
        orgPerSoort[soort] = 'VT14';
        continue;
      }
      const code = `T-${soort.slice(0, 12).replace(/_/g, '')}`;
      await app.partner(code, soort);
      orgPerSoort[soort] = code;
    }
  });
  afterAll(() => app.stop());

  it('bouwt het schema van een rol bij diens eerste verzoek, gelijk aan het direct gebouwde, voor elke rol', async () => {
    expect(app.api.schemas.size).toBe(0);
    const volledig = await bouwVolledigSchema(resolvers);
    for (const rol of alleRollen as Rol[]) {
      expect(app.api.schemas.has(rol), rol).toBe(false);
      const token = await app.token(rol, orgPerSoort[organisatieSoortenPerRol[rol][0]]);
      const r = await app.gql<{ __schema: { queryType: { name: string } } }>(
        token,
        '{ __schema { queryType { name } } }',
      );
      expect(r.body.errors, rol).toBeUndefined();
      expect(r.body.data?.__schema.queryType.name, rol).toBe('Query');
      const direct = bouwDoelgroepSchema(volledig, rol, privacybeleid, { autorisatie: true });
      expect(printStabiel(app.api.schemas.get(rol)!), rol).toBe(printStabiel(direct));
    }
  });

  it('rolschemasOpbouwen bouwt de rest en houdt wat er al is', async () => {
    const eerder = new Map(app.api.schemas);
    await app.api.rolschemasOpbouwen();
    expect([...app.api.schemas.keys()].sort()).toEqual([...alleRollen].sort());
    for (const [rol, schema] of eerder) expect(app.api.schemas.get(rol)).toBe(schema);
  });
});
