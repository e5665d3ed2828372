import { getNamedType, isObjectType, isInputObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { alleRollen, organisatieSoortenPerRol, type Rol } from '../../src/auth/rollen';
import { zichtbareVelden } from '../../src/beleid/doelgroep-schema';
import { bouwVolledigSchema } from '../../src/lib/graphql/volledig-schema';
import { privacybeleid, resolvers } from '../../src/modules';
import { startTestApp, type TestApp } from '../helpers/testapp';

const INTROSPECTIE = `{ __schema { queryType { name } mutationType { name } types { name kind fields { name } inputFields { name } } } }`;
type Schema = {
  __schema: {
    mutationType: { name: string } | null;
    types: { name: string; kind: string; fields: { name: string }[] | null; inputFields: { name: string }[] | null }[];
  };
};

/** Field names that identify a person, wherever they appear. */
const PERSOONSVELDEN = new Set([
  'bsn',
  'naam',
  'voornamen',
  'achternaam',
  'geboortedatum',
  'adres',
  'straat',
  'huisnummer',
  'postcode',
  'woonplaats',
  'telefoon',
  'email',
  'persoonIds',
  'gebruikerNaam',
  'omschrijving',
]);

let app: TestApp;
const orgPerSoort: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  for (const rol of alleRollen) {
    const soort = organisatieSoortenPerRol[rol][0];
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

async function introspecteer(rol: Rol): Promise<Schema['__schema']> {
  const token = await app.token(rol, orgPerSoort[organisatieSoortenPerRol[rol][0]]);
  const r = await app.gql<Schema>(token, INTROSPECTIE);
  expect(r.body.errors, rol).toBeUndefined();
  return r.body.data!.__schema;
}

function veldenVan(s: Schema['__schema']): Set<string> {
  const uit = new Set<string>();
  for (const t of s.types) if (!t.name.startsWith('__')) for (const f of t.fields ?? []) uit.add(`${t.name}.${f.name}`);
  return uit;
}

describe('elke rol ziet via introspectie alleen het eigen schema', () => {
  it('een school ziet geen Melding, Persoon of Melder, en geen mutatie op een zaak (wel de ontvangstbevestiging van Handle with Care)', async () => {
    const s = await introspecteer('SCHOOL_CONTACTPERSOON');
    const namen = s.types.map((t) => t.name);
    for (const verboden of ['Melding', 'Persoon', 'Melder', 'Betrokkene', 'MeldingInvoer', 'AuditGebeurtenis']) {
      expect(namen).not.toContain(verboden);
    }
    // It acknowledges Handle with Care signals (src/hwc); it changes nothing of a case.
    const mutaties = s.types.find((t) => t.name === 'Mutation')?.fields?.map((f) => f.name) ?? [];
    expect(mutaties).toContain('hwcOntvangstBevestigen');
    for (const m of mutaties) {
      expect(m, m).not.toMatch(/^(melding|casus|veiligheids|advies|politie|monitoring|terugkoppeling|hwcSignaal|zsm)/);
    }
    expect(namen).toContain('Ik');
  });

  it('een analist ziet nergens een BSN-, naam-, adres- of ander persoonsveld', async () => {
    const s = await introspecteer('ANALIST');
    for (const t of s.types) {
      if (t.name.startsWith('__')) continue;
      for (const f of [...(t.fields ?? []), ...(t.inputFields ?? [])]) {
        const isEigenIdentiteit = t.name === 'Ik' || t.name === 'Organisatie';
        if (!isEigenIdentiteit) expect(PERSOONSVELDEN.has(f.name), `${t.name}.${f.name}`).toBe(false);
      }
    }
    expect(s.types.map((t) => t.name)).not.toContain('Persoon');
  });

  it('VT-medewerkers zien meldingen; de privacy officer ziet het auditspoor maar geen meldingen', async () => {
    const vt = veldenVan(await introspecteer('VT_MEDEWERKER'));
    expect(vt.has('Query.melding')).toBe(true);
    expect(vt.has('Persoon.bsn')).toBe(true);
    expect(vt.has('Query.auditSpoor')).toBe(false);
    const po = veldenVan(await introspecteer('PRIVACY_OFFICER'));
    expect(po.has('Query.auditSpoor')).toBe(true);
    expect(po.has('Query.melding')).toBe(false);
    expect(po.has('Persoon.bsn')).toBe(false);
  });

  it('de Aware-indicatiecommissie ziet alleen de aanvraag en haar besluit: geen casus, melding, persoon of slachtoffer', async () => {
    const s = await introspecteer('AWARE_INDICATIECOMMISSIE');
    const namen = s.types.map((t) => t.name);
    for (const verboden of [
      'Melding',
      'Casus',
      'Persoon',
      'Melder',
      'Betrokkene',
      'TijdelijkHuisverbod',
      'Overdracht',
    ]) {
      expect(namen).not.toContain(verboden);
    }
    const velden = veldenVan(s);
    expect([...velden].filter((v) => v.startsWith('Query.') || v.startsWith('Mutation.')).sort()).toEqual(
      expect.arrayContaining(['Mutation.awareBesluitNemen', 'Query.awareAanvraag', 'Query.awareAanvragen']),
    );
    for (const v of ['casusId', 'slachtofferId', 'aangevraagdDoor', 'beeindigdReden']) {
      expect(velden.has(`AwareAanvraag.${v}`), v).toBe(false);
    }
    expect(velden.has('AwareAanvraag.onderbouwing')).toBe(true);
    const mutaties = s.types.find((t) => t.name === 'Mutation')?.fields?.map((f) => f.name) ?? [];
    for (const m of mutaties) expect(m, m).not.toMatch(/^(melding|casus|huisverbod|awareAanvraag|awareInstallatie)/);
    // VT has the whole application; other partners have nothing of Aware.
    expect(veldenVan(await introspecteer('VT_MEDEWERKER')).has('AwareAanvraag.slachtofferId')).toBe(true);
    expect(veldenVan(await introspecteer('ZVH_MEDEWERKER')).has('Query.awareAanvragen')).toBe(false);
  });

  it('voor elke rol is het geïntrospecteerde schema precies wat het privacybeleid toestaat', async () => {
    const volledig: GraphQLSchema = await bouwVolledigSchema(resolvers);
    for (const rol of alleRollen) {
      // Policy-visible fields of the object types reachable from the audience's own entry points.
      const zichtbaar = zichtbareVelden(volledig, rol, privacybeleid);
      const verwacht = new Set<string>();
      const bezocht = new Set<string>();
      const loop = (typeNaam: string): void => {
        if (bezocht.has(typeNaam)) return;
        bezocht.add(typeNaam);
        const type = volledig.getType(typeNaam);
        if (!isObjectType(type)) return;
        for (const v of zichtbaar.get(typeNaam) ?? []) {
          verwacht.add(`${typeNaam}.${v}`);
          loop(getNamedType(type.getFields()[v].type).name);
        }
      };
      loop('Query');
      loop('Mutation');
      expect(veldenVan(await introspecteer(rol)), rol).toEqual(verwacht);
    }
  });

  it('de schema’s die de server voor elke rol bouwt bevatten geen invoertypen van operaties die de rol niet heeft', () => {
    const school = app.api.schemas.get('SCHOOL_CONTACTPERSOON')!;
    for (const t of Object.values(school.getTypeMap())) {
      // A school's only input types are those of its own webhook endpoints (every partner runs its own).
      if (isInputObjectType(t)) expect(['WebhookEndpointInvoer', 'WebhookEndpointWijziging'], t.name).toContain(t.name);
      if (isObjectType(t) && !t.name.startsWith('__')) {
        for (const f of Object.values(t.getFields())) expect(getNamedType(f.type).name).not.toBe('Melding');
      }
    }
  });
});
