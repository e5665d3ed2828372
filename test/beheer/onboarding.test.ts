import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { alleRollen, organisatieSoortenPerRol, type Rol } from '../../src/auth/rollen';
import { demoPartners } from '../../demo/demo-data';
import { normaliseer, type OrganisatieGegevens, valideerOrganisatie } from '../../src/beheer/organisatie.validatie';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Onboarding through GraphQL (issue 11, point 3): functioneel beheer registers, changes and reads partner
 * organisations and their issuers; a VT beheerder only for its own region's partners (anything else is the same
 * NOT_FOUND as a code that does not exist), national beheer for all. Bad input is refused with stable codes and
 * changes nothing; every change leaves an audit row with the fields changed.
 */
let app: TestApp;
const t: Record<'vt14' | 'vt09' | 'landelijk' | 'medewerker', string> = {
  vt14: '',
  vt09: '',
  landelijk: '',
  medewerker: '',
};

type Fout = {
  message: string;
  extensions?: { code?: string; reden?: string; fouten?: { veld: string; code: string }[] };
};

const ORG = `code naam soort regioCodes actief brin schoolvakantieregio cbsCode gedeactiveerdOp issuerBindingen { issuer organisatie externId rollen } webhookEndpoints { id organisatie url actief uitschakelreden }`;
const REGISTREER = `mutation R($i: OrganisatieRegistratie!) { organisatieRegistreren(invoer: $i) { ${ORG} } }`;
const WIJZIG = `mutation W($c: TekstRegel!, $i: OrganisatieWijziging!) { organisatieWijzigen(code: $c, invoer: $i) { ${ORG} } }`;
const LEES = `query L($c: TekstRegel!) { beheerOrganisatie(code: $c) { ${ORG} } }`;
const LIJST = `query($f: OrganisatieFilter, $n: Int, $na: String) { beheerOrganisaties(filter: $f, eerste: $n, na: $na) { edges { node { code soort regioCodes } } pageInfo { hasNextPage endCursor } } }`;
const ISSUER = `issuer naam jwksUri jwks audience claims { rol organisatie teams } rolWaarden { waarde rol } toegestaneClients acrNiveaus { acr niveau } minBetrouwbaarheid maxTokenLeeftijdS actief bindingen { organisatie externId rollen }`;
const ISSUER_REGISTREER = `mutation I($u: TekstRegel!, $s: IssuerInstellingen!, $b: [IssuerBindingInvoer!]) { issuerRegistreren(issuer: $u, instellingen: $s, bindingen: $b) { ${ISSUER} } }`;
const ISSUER_WIJZIG = `mutation I($u: TekstRegel!, $s: IssuerInstellingen!) { issuerWijzigen(issuer: $u, instellingen: $s) { ${ISSUER} } }`;
const ISSUER_LEES = `query I($u: TekstRegel!) { issuer(issuer: $u) { ${ISSUER} } }`;
const BINDEN = `mutation B($u: TekstRegel!, $b: IssuerBindingInvoer!) { issuerBinden(issuer: $u, binding: $b) { issuer organisatie externId rollen } }`;

function publiekeSleutel(): Record<string, unknown> {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'ES256', use: 'sig' };
}
const JWKS = JSON.stringify({ keys: [publiekeSleutel()] });

async function gql<T = Record<string, unknown>>(
  token: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ data?: T; fout?: Fout }> {
  const r = await app.gql<T>(token, query, variables);
  return { data: r.body.data ?? undefined, fout: r.body.errors?.[0] };
}

async function ok<T = Record<string, unknown>>(
  token: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const r = await gql<T>(token, query, variables);
  expect(r.fout, JSON.stringify(r.fout)).toBeUndefined();
  return r.data!;
}

/** The state that a refused change must leave exactly as it was. */
async function stand(): Promise<string> {
  const rijen =
    await app.sql(`select (select json_agg(o order by code) from organisatie o) as o, (select json_agg(i order by issuer) from issuer i) as i,
                                      (select json_agg(b order by issuer, organisatie) from issuer_binding b) as b, (select count(*) from audit_gebeurtenis) as a,
                                      (select json_agg(w order by id) from webhook_endpoint w) as w`);
  return JSON.stringify(rijen[0]);
}

/** Runs a change that must be refused with `code` (and, for bad input, the field code), and checks nothing changed. */
async function geweigerd(
  token: string,
  query: string,
  variables: Record<string, unknown>,
  code: string,
  veldcode?: string,
): Promise<Fout> {
  const voor = await stand();
  const r = await gql(token, query, variables);
  expect(r.fout, `verwacht ${code}/${veldcode ?? ''}`).toBeDefined();
  expect(r.fout!.extensions?.code).toBe(code);
  if (veldcode) {
    expect(r.fout!.extensions?.fouten?.map((f) => f.code) ?? [r.fout!.extensions?.reden]).toContain(veldcode);
  }
  expect(await stand()).toBe(voor);
  return r.fout!;
}

async function auditVan(objectId: string): Promise<Record<string, unknown>[]> {
  return app.sql(
    `select gebeurtenis, actie, rol, organisatie, vt_organisatie, object_type, velden from audit_gebeurtenis where object_id = $1 order by id`,
    [objectId],
  );
}

beforeAll(async () => {
  app = await startTestApp();
  await app.sql(
    `insert into organisatie (code, naam, soort, regio_codes) values ('LANDELIJK-BEHEER', 'Landelijk beheer', 'LANDELIJK', '{}')`,
  );
  await app.partner('WT-UTRECHT', 'WIJKTEAM', 'VT09');
  t.vt14 = await app.token('FUNCTIONEEL_BEHEERDER', 'VT14', { sub: 'beheer-vt14' });
  t.vt09 = await app.token('FUNCTIONEEL_BEHEERDER', 'VT09', { sub: 'beheer-vt09' });
  t.landelijk = await app.token('FUNCTIONEEL_BEHEERDER', 'LANDELIJK-BEHEER', { sub: 'beheer-landelijk' });
  t.medewerker = await app.token('VT_MEDEWERKER', 'VT14');
});
afterAll(() => app.stop());

/** A valid registration of each partner kind, with what that kind requires. */
const PER_SOORT: Record<string, Record<string, unknown>> = {
  WIJKTEAM: {},
  GECERTIFICEERDE_INSTELLING: {},
  RAAD_VOOR_DE_KINDERBESCHERMING: {},
  POLITIE: {},
  OPENBAAR_MINISTERIE: {},
  SCHOOL: { brin: '12ab', schoolvakantieregio: 'Noord' },
  ZORG_EN_VEILIGHEIDSHUIS: {},
  GEMEENTE: { cbsCode: 'gm0406' },
};

describe('een organisatie registreren', () => {
  it.each(Object.entries(PER_SOORT))(
    'VT-beheer registreert een %s met wat die soort vraagt, voor de eigen regio; geaudit met de velden',
    async (soort, extra) => {
      const code = `NIEUW-${soort.slice(0, 10).replace(/_/g, '')}`;
      const { organisatieRegistreren: o } = await ok<{ organisatieRegistreren: Record<string, unknown> }>(
        t.vt14,
        REGISTREER,
        { i: { code: code.toLowerCase(), naam: ` Nieuw ${soort} `, soort, ...extra } },
      );
      expect(o).toMatchObject({
        code,
        naam: `Nieuw ${soort}`,
        soort,
        regioCodes: ['VT14'],
        actief: true,
        issuerBindingen: [],
        webhookEndpoints: [],
      });
      if (soort === 'SCHOOL') expect(o).toMatchObject({ brin: '12AB', schoolvakantieregio: 'noord', cbsCode: null });
      if (soort === 'GEMEENTE') expect(o).toMatchObject({ cbsCode: 'GM0406', brin: null });
      const [rij] = await app.sql(`select actief, regio_codes, gewijzigd_op from organisatie where code = $1`, [code]);
      expect(rij).toMatchObject({ actief: true, regio_codes: ['VT14'] });
      expect(await auditVan(code)).toEqual([
        expect.objectContaining({
          gebeurtenis: 'ORGANISATIE_REGISTREREN',
          actie: 'C',
          rol: 'FUNCTIONEEL_BEHEERDER',
          organisatie: 'VT14',
          vt_organisatie: 'VT14',
          object_type: 'Organisatie',
          velden: ['code', 'naam', 'soort', 'regioCodes', ...Object.keys(PER_SOORT[soort])],
        }),
      ]);
    },
  );

  it('landelijk beheer registreert een landelijke organisatie en een partner in meer regio’s', async () => {
    await ok(t.landelijk, REGISTREER, {
      i: { code: 'MIN-JENV', naam: 'Ministerie van Justitie en Veiligheid', soort: 'LANDELIJK' },
    });
    const { organisatieRegistreren: o } = await ok<{ organisatieRegistreren: { regioCodes: string[] } }>(
      t.landelijk,
      REGISTREER,
      {
        i: {
          code: 'POLITIE-MNL',
          naam: 'Politie Midden-Nederland',
          soort: 'POLITIE',
          regioCodes: ['VT14', 'VT09', 'VT14'],
        },
      },
    );
    expect(o.regioCodes).toEqual(['VT09', 'VT14']);
    expect((await auditVan('MIN-JENV'))[0]).toMatchObject({ organisatie: 'LANDELIJK-BEHEER', vt_organisatie: null });
  });

  const SLECHT: [string, Record<string, unknown>, string][] = [
    ['een ongeldige code', { code: 'wt hilversum!', naam: 'X', soort: 'WIJKTEAM' }, 'ONGELDIGE_CODE'],
    // Blank text is refused by the TekstRegel scalar itself (src/lib/tekst.ts).
    ['een lege naam', { code: 'WT-LEEG', naam: '  ', soort: 'WIJKTEAM' }, 'TEKST_LEEG'],
    ['een Veilig Thuis-organisatie', { code: 'VT27', naam: 'X', soort: 'VEILIG_THUIS' }, 'SOORT_NIET_TOEGESTAAN'],
    [
      'een landelijke organisatie door VT-beheer',
      { code: 'MIN-X', naam: 'X', soort: 'LANDELIJK' },
      'SOORT_NIET_TOEGESTAAN',
    ],
    [
      'een school zonder BRIN',
      { code: 'SCH-1', naam: 'X', soort: 'SCHOOL', schoolvakantieregio: 'noord' },
      'BRIN_VEREIST',
    ],
    [
      'een school met een ongeldig BRIN',
      { code: 'SCH-2', naam: 'X', soort: 'SCHOOL', brin: '1234', schoolvakantieregio: 'noord' },
      'BRIN_ONGELDIG',
    ],
    [
      'een school zonder schoolvakantieregio',
      { code: 'SCH-3', naam: 'X', soort: 'SCHOOL', brin: '12AB' },
      'SCHOOLVAKANTIEREGIO_VEREIST',
    ],
    [
      'een onbekende schoolvakantieregio',
      { code: 'SCH-4', naam: 'X', soort: 'SCHOOL', brin: '12AB', schoolvakantieregio: 'oost' },
      'SCHOOLVAKANTIEREGIO_ONGELDIG',
    ],
    ['een BRIN bij een wijkteam', { code: 'WT-B', naam: 'X', soort: 'WIJKTEAM', brin: '12AB' }, 'NIET_VAN_TOEPASSING'],
    ['een gemeente zonder CBS-code', { code: 'GEM-1', naam: 'X', soort: 'GEMEENTE' }, 'CBS_CODE_VEREIST'],
    [
      'een CBS-code in een ander formaat',
      { code: 'GEM-2', naam: 'X', soort: 'GEMEENTE', cbsCode: '0402' },
      'CBS_CODE_ONGELDIG',
    ],
    [
      'een CBS-code die niet in de gemeentelijst staat',
      { code: 'GEM-3', naam: 'X', soort: 'GEMEENTE', cbsCode: 'GM9999' },
      'CBS_CODE_ONBEKEND',
    ],
    [
      'een gemeente van een andere regio',
      { code: 'GEM-4', naam: 'X', soort: 'GEMEENTE', cbsCode: 'GM0344' },
      'GEMEENTE_BUITEN_REGIO',
    ],
    [
      'een CBS-code bij een school',
      { code: 'SCH-5', naam: 'X', soort: 'SCHOOL', brin: '13AB', schoolvakantieregio: 'noord', cbsCode: 'GM0402' },
      'NIET_VAN_TOEPASSING',
    ],
    [
      'een onbekende regio',
      { code: 'WT-R', naam: 'X', soort: 'WIJKTEAM', regioCodes: ['VT14', 'VT99'] },
      'REGIO_ONBEKEND',
    ],
    [
      'een andere regio door VT-beheer',
      { code: 'WT-A', naam: 'X', soort: 'WIJKTEAM', regioCodes: ['VT09'] },
      'ANDERE_REGIO',
    ],
    [
      'een tweede school met hetzelfde BRIN',
      { code: 'SCH-6', naam: 'X', soort: 'SCHOOL', brin: '12AB', schoolvakantieregio: 'noord' },
      'BRIN_IN_GEBRUIK',
    ],
    [
      'een tweede organisatie voor dezelfde gemeente',
      { code: 'GEM-5', naam: 'X', soort: 'GEMEENTE', cbsCode: 'GM0406' },
      'CBS_CODE_IN_GEBRUIK',
    ],
  ];
  it.each(SLECHT)('weigert %s met een vaste code en verandert niets', async (_naam, invoer, code) => {
    await geweigerd(t.vt14, REGISTREER, { i: invoer }, 'BAD_USER_INPUT', code);
  });

  it('een bestaande code is CONFLICT (CODE_BESTAAT), ook als de organisatie voor de aanvrager onzichtbaar is', async () => {
    await geweigerd(
      t.vt14,
      REGISTREER,
      { i: { code: 'WT-UTRECHT', naam: 'X', soort: 'WIJKTEAM' } },
      'CONFLICT',
      'CODE_BESTAAT',
    );
  });

  it('de demopartners voldoen aan dezelfde regels (BRIN en schoolvakantieregio van de school, CBS-code van de gemeente)', () => {
    for (const p of demoPartners) {
      const g = normaliseer<OrganisatieGegevens>({
        code: p.code,
        naam: p.naam,
        soort: p.soort,
        regioCodes: 'regios' in p ? [...p.regios] : ['VT14'],
        brin: 'brin' in p ? p.brin : null,
        schoolvakantieregio: 'schoolvakantieregio' in p ? p.schoolvakantieregio : null,
        cbsCode: 'cbsCode' in p ? p.cbsCode : null,
      });
      expect(valideerOrganisatie(g, { soort: 'LANDELIJK' }), p.code).toEqual([]);
    }
  });

  it('een ketenpartner zonder regio wordt geweigerd (REGIO_VEREIST)', async () => {
    await geweigerd(
      t.landelijk,
      REGISTREER,
      { i: { code: 'WT-NERGENS', naam: 'X', soort: 'WIJKTEAM', regioCodes: [] } },
      'BAD_USER_INPUT',
      'REGIO_VEREIST',
    );
  });
});

describe('reikwijdte: VT-beheer alleen de ketenpartners van de eigen regio, landelijk beheer alles', () => {
  beforeAll(async () => {
    await ok(t.vt09, REGISTREER, { i: { code: 'WT-AMERSFOORT', naam: 'Wijkteam Amersfoort', soort: 'WIJKTEAM' } });
  });

  it('een partner van een andere regio, een VT-organisatie of een landelijke organisatie is voor VT-beheer NOT_FOUND, precies als een code die niet bestaat', async () => {
    const niet = await gql(t.vt14, LEES, { c: 'BESTAAT-NIET' });
    expect(niet.fout!.extensions?.code).toBe('NOT_FOUND');
    for (const code of ['WT-AMERSFOORT', 'WT-UTRECHT', 'VT14', 'VT09', 'LANDELIJK-BEHEER', 'MIN-JENV']) {
      const pogingen = [
        gql(t.vt14, LEES, { c: code }),
        gql(t.vt14, WIJZIG, { c: code, i: { naam: 'Overgenomen' } }),
        gql(t.vt14, `mutation($c: TekstRegel!) { organisatieDeactiveren(code: $c) { overdrachtenIngetrokken } }`, {
          c: code,
        }),
        gql(t.vt14, `mutation($c: TekstRegel!) { organisatieHeractiveren(code: $c) { code } }`, { c: code }),
        gql(t.vt14, BINDEN, {
          u: 'https://idp.example/onbekend',
          b: { organisatie: code, rollen: ['WIJKTEAM_MEDEWERKER'] },
        }),
      ];
      for (const r of await Promise.all(pogingen)) {
        expect(r.fout!.extensions?.code, code).toBe('NOT_FOUND');
        expect(r.fout!.message.replace(code, 'X')).toMatch(/bestaat niet of is voor u niet zichtbaar/);
      }
    }
    expect((await app.sql(`select naam from organisatie where code = 'WT-AMERSFOORT'`))[0].naam).toBe(
      'Wijkteam Amersfoort',
    );
  });

  it('de lijst van VT-beheer bevat alleen de eigen ketenpartners; landelijk beheer ziet alles, ook VT-organisaties, met paginering', async () => {
    const eigen = await ok<{
      beheerOrganisaties: { edges: { node: { code: string; soort: string; regioCodes: string[] } }[] };
    }>(t.vt14, LIJST, { n: 100 });
    const codes = eigen.beheerOrganisaties.edges.map((e) => e.node);
    expect(codes.length).toBeGreaterThan(5);
    for (const o of codes) {
      expect(o.regioCodes).toContain('VT14');
      expect(['VEILIG_THUIS', 'LANDELIJK']).not.toContain(o.soort);
    }
    // Everything, in pages of 7, in code order, each once.
    const alle: string[] = [];
    let na: string | null = null;
    do {
      const p: {
        beheerOrganisaties: {
          edges: { node: { code: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      } = await ok(t.landelijk, LIJST, { n: 7, na });
      alle.push(...p.beheerOrganisaties.edges.map((e) => e.node.code));
      na = p.beheerOrganisaties.pageInfo.hasNextPage ? p.beheerOrganisaties.pageInfo.endCursor : null;
    } while (na);
    const inDb = (await app.sql(`select code from organisatie order by code`)).map((r) => r.code as string);
    expect(alle).toEqual(inDb);
    const gefilterd = await ok<{ beheerOrganisaties: { edges: { node: { code: string } }[] } }>(t.landelijk, LIJST, {
      f: { soort: 'SCHOOL', regio: 'VT14', zoek: 'school' },
      n: 50,
    });
    expect(gefilterd.beheerOrganisaties.edges.map((e) => e.node.code)).toEqual(['NIEUW-SCHOOL']);
  });

  it('VT-beheer koppelt alleen de eigen regio; een partner die ook met een andere regio werkt deactiveert het niet (ANDERE_REGIO_BETROKKEN)', async () => {
    await geweigerd(
      t.vt14,
      WIJZIG,
      { c: 'NIEUW-WIJKTEAM', i: { regioCodes: ['VT14', 'VT09'] } },
      'BAD_USER_INPUT',
      'ANDERE_REGIO',
    );
    // National links it to VT09 too; VT14 may then not deactivate it, but may unlink its own region.
    await ok(t.landelijk, WIJZIG, { c: 'NIEUW-WIJKTEAM', i: { regioCodes: ['VT14', 'VT09'] } });
    await geweigerd(
      t.vt14,
      `mutation { organisatieDeactiveren(code: "NIEUW-WIJKTEAM") { overdrachtenIngetrokken } }`,
      {},
      'BAD_USER_INPUT',
      'ANDERE_REGIO_BETROKKEN',
    );
    const los = await ok<{ organisatieWijzigen: { regioCodes: string[] } }>(t.vt14, WIJZIG, {
      c: 'NIEUW-WIJKTEAM',
      i: { regioCodes: ['VT09'] },
    });
    expect(los.organisatieWijzigen.regioCodes).toEqual(['VT09']);
    expect((await gql(t.vt14, LEES, { c: 'NIEUW-WIJKTEAM' })).fout!.extensions?.code).toBe('NOT_FOUND');
    expect(
      (await ok<{ beheerOrganisatie: { code: string } }>(t.vt09, LEES, { c: 'NIEUW-WIJKTEAM' })).beheerOrganisatie.code,
    ).toBe('NIEUW-WIJKTEAM');
    expect((await auditVan('NIEUW-WIJKTEAM')).map((a) => [a.gebeurtenis, a.organisatie, a.velden])).toEqual([
      ['ORGANISATIE_REGISTREREN', 'VT14', ['code', 'naam', 'soort', 'regioCodes']],
      ['ORGANISATIE_WIJZIGEN', 'LANDELIJK-BEHEER', ['regioCodes']],
      ['ORGANISATIE_WIJZIGEN', 'VT14', ['regioCodes']],
    ]);
  });

  it('wijzigen: alleen opgegeven velden, geaudit met wat veranderde; niets veranderd schrijft geen auditregel; code en soort veranderen nooit', async () => {
    const w = await ok<{ organisatieWijzigen: Record<string, unknown> }>(t.vt14, WIJZIG, {
      c: 'NIEUW-SCHOOL',
      i: { naam: 'Basisschool De Linde', brin: '12AB01' },
    });
    expect(w.organisatieWijzigen).toMatchObject({
      code: 'NIEUW-SCHOOL',
      soort: 'SCHOOL',
      naam: 'Basisschool De Linde',
      brin: '12AB01',
      schoolvakantieregio: 'noord',
    });
    const voor = (await auditVan('NIEUW-SCHOOL')).length;
    await ok(t.vt14, WIJZIG, { c: 'NIEUW-SCHOOL', i: { naam: 'Basisschool De Linde' } });
    const rijen = await auditVan('NIEUW-SCHOOL');
    expect(rijen).toHaveLength(voor);
    expect(rijen.at(-1)).toMatchObject({ gebeurtenis: 'ORGANISATIE_WIJZIGEN', actie: 'U', velden: ['naam', 'brin'] });
    await geweigerd(t.vt14, WIJZIG, { c: 'NIEUW-SCHOOL', i: { brin: null } }, 'BAD_USER_INPUT', 'BRIN_VEREIST');
    const code = await gql(
      t.vt14,
      `mutation { organisatieWijzigen(code: "NIEUW-SCHOOL", invoer: { code: "ANDERS" }) { code } }`,
    );
    expect(code.fout!.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('landelijk beheer ziet en wijzigt partners van elke regio, maar geen VT-organisatie (configuratie) en deactiveert zijn eigen organisatie niet', async () => {
    expect(
      (await ok<{ beheerOrganisatie: { code: string } }>(t.landelijk, LEES, { c: 'WT-AMERSFOORT' })).beheerOrganisatie
        .code,
    ).toBe('WT-AMERSFOORT');
    expect(
      (await ok<{ beheerOrganisatie: { soort: string } }>(t.landelijk, LEES, { c: 'VT14' })).beheerOrganisatie.soort,
    ).toBe('VEILIG_THUIS');
    await geweigerd(
      t.landelijk,
      WIJZIG,
      { c: 'VT14', i: { naam: 'Anders' } },
      'BAD_USER_INPUT',
      'VT_ORGANISATIE_UIT_CONFIGURATIE',
    );
    await geweigerd(
      t.landelijk,
      `mutation { organisatieDeactiveren(code: "VT14") { overdrachtenIngetrokken } }`,
      {},
      'BAD_USER_INPUT',
      'VT_ORGANISATIE_UIT_CONFIGURATIE',
    );
    await geweigerd(
      t.landelijk,
      `mutation { organisatieDeactiveren(code: "LANDELIJK-BEHEER") { overdrachtenIngetrokken } }`,
      {},
      'BAD_USER_INPUT',
      'EIGEN_ORGANISATIE',
    );
  });

  it('geen andere rol heeft de beheeroperaties in haar schema', async () => {
    for (const rol of alleRollen.filter((r): r is Rol => r !== 'FUNCTIONEEL_BEHEERDER')) {
      const soort = organisatieSoortenPerRol[rol][0];
      const org =
        soort === 'VEILIG_THUIS'
          ? 'VT14'
          : soort === 'LANDELIJK'
            ? 'MIN-JENV'
            : `NIEUW-${soort.slice(0, 10).replace(/_/g, '')}`;
      const r = await gql(await app.token(rol, org), `{ beheerOrganisaties { edges { node { code } } } }`);
      expect(r.fout?.extensions?.code, rol).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });
});

describe('issuers registreren en binden', () => {
  const URL_VT14 = 'https://idp.wijkteams-gooi.example/realms/wijkteams';

  it('VT-beheer registreert een issuer met een binding aan een eigen partner; alles geaudit', async () => {
    const { issuerRegistreren: i } = await ok<{ issuerRegistreren: Record<string, unknown> }>(
      t.vt14,
      ISSUER_REGISTREER,
      {
        u: URL_VT14,
        s: {
          naam: 'IdP wijkteams Gooi',
          jwks: JWKS,
          claims: { rol: 'groups', organisatie: 'tenant' },
          rolWaarden: [{ waarde: 'wijkteam', rol: 'WIJKTEAM_MEDEWERKER' }],
          toegestaneClients: ['ketenpoort-portaal'],
          acrNiveaus: [{ acr: 'urn:wijkteams:mfa', niveau: 'SUBSTANTIEEL' }],
          minBetrouwbaarheid: 'SUBSTANTIEEL',
          maxTokenLeeftijdS: 3600,
        },
        b: [{ organisatie: 'nieuw-zorgenve', rollen: ['ZVH_MEDEWERKER'] }],
      },
    );
    expect(i).toMatchObject({
      issuer: URL_VT14,
      jwksUri: null,
      claims: { rol: 'groups', organisatie: 'tenant', teams: null },
      rolWaarden: [{ waarde: 'wijkteam', rol: 'WIJKTEAM_MEDEWERKER' }],
      minBetrouwbaarheid: 'SUBSTANTIEEL',
      maxTokenLeeftijdS: 3600,
      actief: true,
      bindingen: [{ organisatie: 'NIEUW-ZORGENVE', externId: 'NIEUW-ZORGENVE', rollen: ['ZVH_MEDEWERKER'] }],
    });
    expect(JSON.parse(i.jwks as string)).toEqual(JSON.parse(JWKS));
    expect(await auditVan(URL_VT14)).toEqual([
      expect.objectContaining({
        gebeurtenis: 'ISSUER_REGISTREREN',
        object_type: 'Issuer',
        vt_organisatie: 'VT14',
        velden: [
          'issuer',
          'naam',
          'jwks',
          'claims',
          'rolWaarden',
          'toegestaneClients',
          'acrNiveaus',
          'minBetrouwbaarheid',
          'maxTokenLeeftijdS',
        ],
      }),
    ]);
    expect(await auditVan(`NIEUW-ZORGENVE@${URL_VT14}`)).toEqual([
      expect.objectContaining({ gebeurtenis: 'ISSUER_BINDEN', actie: 'C', object_type: 'IssuerBinding' }),
    ]);
    // Visible with the organisation too.
    const o = await ok<{ beheerOrganisatie: { issuerBindingen: { issuer: string }[] } }>(t.vt14, LEES, {
      c: 'NIEUW-ZORGENVE',
    });
    expect(o.beheerOrganisatie.issuerBindingen.map((b) => b.issuer)).toEqual([URL_VT14]);
  });

  it('binden: rollen moeten bij de soort passen, een extern id is uniek per issuer; wijzigen van een binding is geaudit', async () => {
    await geweigerd(
      t.vt14,
      BINDEN,
      { u: URL_VT14, b: { organisatie: 'NIEUW-SCHOOL', rollen: ['WIJKTEAM_MEDEWERKER'] } },
      'BAD_USER_INPUT',
      'ROL_NIET_VOOR_SOORT',
    );
    await geweigerd(
      t.vt14,
      BINDEN,
      { u: URL_VT14, b: { organisatie: 'NIEUW-SCHOOL', rollen: [] } },
      'BAD_USER_INPUT',
      'GEEN_ROLLEN',
    );
    await geweigerd(
      t.vt14,
      BINDEN,
      { u: URL_VT14, b: { organisatie: 'WT-AMERSFOORT', rollen: ['WIJKTEAM_MEDEWERKER'] } },
      'NOT_FOUND',
    );
    await geweigerd(
      t.vt14,
      BINDEN,
      {
        u: URL_VT14,
        b: { organisatie: 'NIEUW-SCHOOL', externId: 'NIEUW-ZORGENVE', rollen: ['SCHOOL_CONTACTPERSOON'] },
      },
      'BAD_USER_INPUT',
      'EXTERN_ID_IN_GEBRUIK',
    );
    const onbekend = await gql(t.vt14, BINDEN, {
      u: URL_VT14,
      b: { organisatie: 'NIEUW-SCHOOL', rollen: ['OPPERBAAS'] },
    });
    expect(onbekend.fout!.extensions?.code).toBe('BAD_USER_INPUT');
    const b = await ok<{ issuerBinden: Record<string, unknown> }>(t.vt14, BINDEN, {
      u: URL_VT14,
      b: { organisatie: 'NIEUW-SCHOOL', externId: 'brin-12AB', rollen: ['SCHOOL_CONTACTPERSOON'] },
    });
    expect(b.issuerBinden).toEqual({
      issuer: URL_VT14,
      organisatie: 'NIEUW-SCHOOL',
      externId: 'brin-12AB',
      rollen: ['SCHOOL_CONTACTPERSOON'],
    });
    await ok(t.vt14, BINDEN, {
      u: URL_VT14,
      b: { organisatie: 'NIEUW-SCHOOL', externId: 'brin-12AB01', rollen: ['SCHOOL_CONTACTPERSOON'] },
    });
    expect((await auditVan(`NIEUW-SCHOOL@${URL_VT14}`)).map((a) => [a.gebeurtenis, a.velden])).toEqual([
      ['ISSUER_BINDEN', ['issuer', 'organisatie', 'externId', 'rollen']],
      ['ISSUER_BINDING_WIJZIGEN', ['externId']],
    ]);
    const weg = await ok<{ issuerOntbinden: string }>(
      t.vt14,
      `mutation { issuerOntbinden(issuer: "${URL_VT14}", organisatie: "NIEUW-SCHOOL") }`,
    );
    expect(weg.issuerOntbinden).toBe('NIEUW-SCHOOL');
    expect((await auditVan(`NIEUW-SCHOOL@${URL_VT14}`)).at(-1)).toMatchObject({
      gebeurtenis: 'ISSUER_ONTBINDEN',
      actie: 'D',
    });
    await geweigerd(
      t.vt14,
      `mutation { issuerOntbinden(issuer: "${URL_VT14}", organisatie: "NIEUW-SCHOOL") }`,
      {},
      'NOT_FOUND',
    );
  });

  const basis = { naam: 'IdP', jwks: JWKS };
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rsaKlein = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
  const SLECHTE_ISSUERS: [string, string, Record<string, unknown>, string][] = [
    ['geen URL', 'idp-zonder-schema', basis, 'ONGELDIGE_URL'],
    ['een URL met query', 'https://idp.example/?x=1', basis, 'ONGELDIGE_URL'],
    [
      'jwksUri én jwks',
      'https://idp.example/a',
      { ...basis, jwksUri: 'https://idp.example/a/jwks' },
      'JWKS_PRECIES_EEN',
    ],
    ['geen sleutels', 'https://idp.example/b', { naam: 'IdP' }, 'JWKS_PRECIES_EEN'],
    [
      'een privésleutel',
      'https://idp.example/c',
      { naam: 'IdP', jwks: JSON.stringify({ keys: [privateKey.export({ format: 'jwk' })] }) },
      'PRIVE_SLEUTEL',
    ],
    [
      'een symmetrische sleutel',
      'https://idp.example/d',
      { naam: 'IdP', jwks: JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }) },
      'PRIVE_SLEUTEL',
    ],
    [
      'een sleutel die niet te lezen is',
      'https://idp.example/e',
      { naam: 'IdP', jwks: JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'abc', y: 'def' }] }) },
      'JWKS_ONGELDIG',
    ],
    ['geen JSON', 'https://idp.example/f', { naam: 'IdP', jwks: '{keys' }, 'JWKS_ONGELDIG'],
    [
      'een te zwakke RSA-sleutel',
      'https://idp.example/g',
      { naam: 'IdP', jwks: JSON.stringify({ keys: [rsaKlein] }) },
      'SLEUTEL_TE_ZWAK',
    ],
    ['een tokenleeftijd van 0', 'https://idp.example/h', { ...basis, maxTokenLeeftijdS: 0 }, 'ONGELDIGE_TOKENLEEFTIJD'],
    [
      'een ongeldige claimnaam',
      'https://idp.example/i',
      { ...basis, claims: { rol: 'groe ps' } },
      'ONGELDIGE_CLAIMNAAM',
    ],
    [
      'een rolwaarde twee keer',
      'https://idp.example/j',
      {
        ...basis,
        rolWaarden: [
          { waarde: 'a', rol: 'VT_MEDEWERKER' },
          { waarde: 'a', rol: 'ANALIST' },
        ],
      },
      'DUBBELE_WAARDE',
    ],
    ['een naam van niets', 'https://idp.example/k', { jwks: JWKS }, 'ONGELDIGE_NAAM'],
  ];
  it.each(SLECHTE_ISSUERS)('weigert een issuer met %s en verandert niets', async (_naam, url, instellingen, code) => {
    await geweigerd(t.landelijk, ISSUER_REGISTREER, { u: url, s: instellingen }, 'BAD_USER_INPUT', code);
  });

  it('VT-beheer registreert geen issuer zonder binding, en geen binding aan een organisatie buiten de eigen regio', async () => {
    await geweigerd(
      t.vt14,
      ISSUER_REGISTREER,
      { u: 'https://idp.example/los', s: basis },
      'BAD_USER_INPUT',
      'BINDING_VEREIST',
    );
    await geweigerd(
      t.vt14,
      ISSUER_REGISTREER,
      {
        u: 'https://idp.example/los',
        s: basis,
        b: [{ organisatie: 'WT-AMERSFOORT', rollen: ['WIJKTEAM_MEDEWERKER'] }],
      },
      'NOT_FOUND',
    );
    await geweigerd(t.landelijk, ISSUER_REGISTREER, { u: URL_VT14, s: basis }, 'CONFLICT', 'ISSUER_BESTAAT');
  });

  it('een issuer die ook voor een organisatie buiten de regio spreekt, is voor VT-beheer NOT_FOUND; landelijk beheert hem', async () => {
    const niet = await gql(t.vt09, ISSUER_LEES, { u: 'https://idp.example/bestaat-niet' });
    expect(niet.fout!.extensions?.code).toBe('NOT_FOUND');
    expect((await gql(t.vt09, ISSUER_LEES, { u: URL_VT14 })).fout!.extensions?.code).toBe('NOT_FOUND');
    await geweigerd(t.vt09, ISSUER_WIJZIG, { u: URL_VT14, s: { naam: 'Overgenomen' } }, 'NOT_FOUND');
    // National binds it to an Utrecht partner as well: VT14 no longer manages it.
    await ok(t.landelijk, BINDEN, {
      u: URL_VT14,
      b: { organisatie: 'WT-AMERSFOORT', rollen: ['WIJKTEAM_MEDEWERKER'] },
    });
    for (const tok of [t.vt14, t.vt09]) {
      expect((await gql(tok, ISSUER_LEES, { u: URL_VT14 })).fout!.extensions?.code).toBe('NOT_FOUND');
      await geweigerd(tok, `mutation { issuerDeactiveren(issuer: "${URL_VT14}") { actief } }`, {}, 'NOT_FOUND');
      await geweigerd(
        tok,
        BINDEN,
        { u: URL_VT14, b: { organisatie: 'NIEUW-WIJKTEAM', rollen: ['WIJKTEAM_MEDEWERKER'] } },
        'NOT_FOUND',
      );
      const lijst = await ok<{ issuers: { edges: { node: { issuer: string } }[] } }>(
        tok,
        `{ issuers { edges { node { issuer } } } }`,
      );
      expect(lijst.issuers.edges.map((e) => e.node.issuer)).not.toContain(URL_VT14);
    }
    const l = await ok<{ issuer: { bindingen: { organisatie: string }[] } }>(t.landelijk, ISSUER_LEES, { u: URL_VT14 });
    expect(l.issuer.bindingen.map((b) => b.organisatie)).toEqual(['NIEUW-ZORGENVE', 'WT-AMERSFOORT']);
    // VT14 still sees the binding on its own partner (read only).
    const o = await ok<{ beheerOrganisatie: { issuerBindingen: { issuer: string }[] } }>(t.vt14, LEES, {
      c: 'NIEUW-ZORGENVE',
    });
    expect(o.beheerOrganisatie.issuerBindingen.map((b) => b.issuer)).toEqual([URL_VT14]);
  });

  it('landelijk wijzigt (van jwks naar jwksUri), deactiveert en heractiveert een issuer; geaudit met de velden', async () => {
    const w = await ok<{ issuerWijzigen: Record<string, unknown> }>(t.landelijk, ISSUER_WIJZIG, {
      u: URL_VT14,
      s: { jwksUri: `${URL_VT14}/protocol/openid-connect/certs`, jwks: null, audience: 'ketenpoort-wijkteams' },
    });
    expect(w.issuerWijzigen).toMatchObject({
      jwksUri: `${URL_VT14}/protocol/openid-connect/certs`,
      jwks: null,
      audience: 'ketenpoort-wijkteams',
      naam: 'IdP wijkteams Gooi',
    });
    await ok(t.landelijk, `mutation { issuerDeactiveren(issuer: "${URL_VT14}") { actief } }`);
    expect((await app.sql(`select actief from issuer where issuer = $1`, [URL_VT14]))[0].actief).toBe(false);
    await ok(t.landelijk, `mutation { issuerHeractiveren(issuer: "${URL_VT14}") { actief } }`);
    expect((await auditVan(URL_VT14)).slice(1).map((a) => [a.gebeurtenis, a.velden, a.organisatie])).toEqual([
      ['ISSUER_WIJZIGEN', ['jwksUri', 'jwks', 'audience'], 'LANDELIJK-BEHEER'],
      ['ISSUER_DEACTIVEREN', ['actief'], 'LANDELIJK-BEHEER'],
      ['ISSUER_ACTIVEREN', ['actief'], 'LANDELIJK-BEHEER'],
    ]);
  });

  it('landelijk bindt de rol FUNCTIONEEL_BEHEERDER aan een VT-organisatie en een landelijke; aan een partner niet', async () => {
    const u = 'https://login.vt14.example';
    await ok(t.landelijk, ISSUER_REGISTREER, {
      u,
      s: basis,
      b: [
        { organisatie: 'VT14', rollen: ['VT_MEDEWERKER', 'FUNCTIONEEL_BEHEERDER'] },
        { organisatie: 'LANDELIJK-BEHEER', externId: 'lb', rollen: ['FUNCTIONEEL_BEHEERDER'] },
      ],
    });
    await geweigerd(
      t.landelijk,
      BINDEN,
      { u, b: { organisatie: 'WT-AMERSFOORT', rollen: ['FUNCTIONEEL_BEHEERDER'] } },
      'BAD_USER_INPUT',
      'ROL_NIET_VOOR_SOORT',
    );
    // A VT beheerder cannot grant itself roles: its own VT organisation is not in its scope.
    await geweigerd(t.vt14, BINDEN, { u, b: { organisatie: 'VT14', rollen: ['PRIVACY_OFFICER'] } }, 'NOT_FOUND');
  });
});
