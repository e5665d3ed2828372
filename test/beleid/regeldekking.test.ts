import { describe, expect, it } from 'vitest';

import type { Privacybeleid } from '../../src/beleid/beleid.types';
import { regelgaten } from '../../src/beleid/regeldekking';
import { bouwVolledigSchema } from '../../src/lib/graphql/volledig-schema';
import { privacybeleid, resolvers } from '../../src/modules';

describe('regeldekking: elke operatie en elk type heeft een regel', () => {
  it('het volledige schema heeft geen enkel gat in het privacybeleid', async () => {
    const schema = await bouwVolledigSchema(resolvers);
    expect(regelgaten(schema, privacybeleid)).toEqual([]);
  });

  it('de controle vindt een operatie zonder regel, een type zonder beleid en een onbekend veld', async () => {
    const schema = await bouwVolledigSchema(resolvers);
    const { melding: _weg, ...query } = privacybeleid.operaties.Query;
    const { Persoon: _ook, ...typen } = privacybeleid.typen;
    const lek: Privacybeleid = {
      ...privacybeleid,
      operaties: { ...privacybeleid.operaties, Query: query },
      typen: { ...typen, Melding: { rij: 'isVanEigenVtRegio', velden: { id: ['VT_MEDEWERKER'] } } },
    };
    const gaten = regelgaten(schema, lek);
    expect(gaten).toContain('Query.melding: geen regel');
    expect(gaten).toContain('Persoon: geen typebeleid (rijregel en velden)');
    expect(gaten).toContain('Melding.omschrijving: niet in het beleid');
  });
});
