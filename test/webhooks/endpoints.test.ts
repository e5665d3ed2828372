import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ontleedUrl } from '../../src/gebeurtenissen/webhook.adres';
import { MAX_ENDPOINTS } from '../../src/gebeurtenissen/webhook.service';
import { startTestApp, type TestApp } from '../helpers/testapp';
import { REGISTREER, registreer } from './ontvanger';

let app: TestApp;
let wijkteam: string;
let ander: string;

beforeAll(async () => {
  // The receivers in these tests listen on 127.0.0.1: allowed only with the explicit development setting.
  app = await startTestApp({ env: { WEBHOOK_PRIVE_ADRESSEN_TOESTAAN: 'true' } });
  await app.partner('WT-HUIZEN', 'WIJKTEAM');
  await app.partner('GI-WILLIAM', 'GECERTIFICEERDE_INSTELLING');
  wijkteam = await app.token('WIJKTEAM_MEDEWERKER', 'WT-HUIZEN');
  ander = await app.token('GI_JEUGDBESCHERMER', 'GI-WILLIAM');
});
afterAll(() => app.stop());

const LIJST = `{ webhookEndpoints { id url actief omschrijving uitschakelreden } }`;

describe('webhook-endpoints registreren en beheren', () => {
  it('registreren geeft het geheim eenmalig in Standard Webhooks-vorm; de lijst toont het niet', async () => {
    const r = await app.gql<{
      webhookEndpointRegistreren: {
        geheim: string;
        endpoint: { id: string; url: string; actief: boolean; omschrijving: string };
      };
    }>(wijkteam, REGISTREER, {
      invoer: { url: 'http://127.0.0.1:9/webhooks', omschrijving: 'test' },
    });
    expect(r.body.errors).toBeUndefined();
    const { geheim, endpoint } = r.body.data!.webhookEndpointRegistreren;
    expect(geheim).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(geheim.slice(6), 'base64')).toHaveLength(32);
    expect(endpoint).toMatchObject({ url: 'http://127.0.0.1:9/webhooks', actief: true, omschrijving: 'test' });

    const lijst = await app.gql<{ webhookEndpoints: Record<string, unknown>[] }>(wijkteam, LIJST);
    expect(lijst.body.data!.webhookEndpoints).toContainEqual(expect.objectContaining({ id: endpoint.id }));
    // No field of the schema returns a stored secret.
    const veld = await app.gql(wijkteam, `{ webhookEndpoints { id geheim } }`);
    expect(veld.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // The audit trail records the change (who, which endpoint), not the secret.
    const [audit] = await app.sql(
      `select gebeurtenis, organisatie, object_id from audit_gebeurtenis where object_id = $1`,
      [endpoint.id],
    );
    expect(audit).toEqual({
      gebeurtenis: 'WEBHOOK_ENDPOINT_REGISTREREN',
      organisatie: 'WT-HUIZEN',
      object_id: endpoint.id,
    });
    // At rest (no WEBHOOK_GEHEIM_SLEUTEL in tests): marked as unencrypted.
    const [opslag] = await app.sql(`select geheim from webhook_geheim where endpoint_id = $1`, [endpoint.id]);
    expect(opslag.geheim).toBe(`plat:${geheim}`);
  });

  it('een ongeldige URL, een URL met inloggegevens of een onbekend veld wordt geweigerd en verandert niets', async () => {
    const voor = (await app.sql(`select count(*)::int as n from webhook_endpoint`))[0].n;
    const slecht = await app.gql(wijkteam, REGISTREER, { invoer: { url: 'geen url' } });
    expect(slecht.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [{ veld: 'url', code: 'ONGELDIGE_URL' }],
    });
    const ftp = await app.gql(wijkteam, REGISTREER, { invoer: { url: 'ftp://partner.example/x' } });
    expect(ftp.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [{ veld: 'url', code: 'ONGELDIGE_URL' }],
    });
    const wachtwoord = await app.gql(wijkteam, REGISTREER, {
      invoer: { url: 'https://gebruiker:geheim@partner.example/x' },
    });
    expect(wachtwoord.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [{ veld: 'url', code: 'INLOGGEGEVENS_IN_URL' }],
    });
    const lang = await app.gql(wijkteam, REGISTREER, {
      invoer: { url: `https://partner.example/${'x'.repeat(2100)}` },
    });
    expect(lang.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [{ veld: 'url', code: 'TE_LANG' }],
    });
    const onbekend = await app.gql(wijkteam, REGISTREER, {
      invoer: { url: 'https://partner.example/x', geheim: 'whsec_zelfgekozen' },
    });
    expect(onbekend.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(onbekend.body.errors?.[0].message).toMatch(/geheim/);
    const literal = await app.gql(
      wijkteam,
      `mutation { webhookEndpointRegistreren(invoer: { url: "https://partner.example/x", actief: false }) { geheim } }`,
    );
    expect(literal.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await app.sql(`select count(*)::int as n from webhook_endpoint`))[0].n).toBe(voor);
  });

  it('in productie alleen https op poort 443 en geen interne adressen; daarbuiten mag http, en met WEBHOOK_PRIVE_ADRESSEN_TOESTAAN loopback', () => {
    const productie = { httpsVereist: true, alleenStandaardpoort: true, priveAdressenToegestaan: false };
    const codes = (url: string, beleid = productie) => ontleedUrl(url, beleid).fouten.map((f) => f.code);
    expect(codes('http://partner.example/x')).toEqual(['HTTPS_VEREIST']);
    expect(codes('https://partner.example:8443/x')).toEqual(['WEBHOOK_ADRES_NIET_TOEGESTAAN']);
    expect(codes('https://partner.example:443/x')).toEqual([]);
    expect(codes('https://127.0.0.1/x')).toEqual(['WEBHOOK_ADRES_NIET_TOEGESTAAN']);
    expect(codes('https://[::1]/x')).toEqual(['WEBHOOK_ADRES_NIET_TOEGESTAAN']);
    expect(codes('https://192.168.1.10/x')).toEqual(['WEBHOOK_ADRES_NIET_TOEGESTAAN']);
    expect(codes('https://localhost/x')).toEqual(['WEBHOOK_ADRES_NIET_TOEGESTAAN']);
    expect(codes('https://partner.example/webhooks')).toEqual([]);
    expect(codes('https://Partner.Example./webhooks')).toEqual([]);
    expect(ontleedUrl('https://Partner.Example./webhooks', productie).bestemming?.host).toBe('partner.example');
    expect(ontleedUrl('https://bücher.example/x', productie).bestemming?.host).toBe('xn--bcher-kva.example');
    const test = { httpsVereist: false, alleenStandaardpoort: false, priveAdressenToegestaan: false };
    expect(codes('http://partner.example:8080/x', test)).toEqual([]);
    expect(codes('http://127.0.0.1:8080/x', test)).toEqual(['WEBHOOK_ADRES_NIET_TOEGESTAAN']);
    expect(codes('http://127.0.0.1:8080/x', { ...test, priveAdressenToegestaan: true })).toEqual([]);
  });

  it('het endpoint van een andere organisatie is onzichtbaar en niet te wijzigen, roteren, verwijderen of opnieuw aan te bieden: NOT_FOUND', async () => {
    const { id } = await registreer(app, wijkteam, 'http://127.0.0.1:9/eigen');
    const lijst = await app.gql<{ webhookEndpoints: { id: string }[] }>(ander, LIJST);
    expect(lijst.body.data!.webhookEndpoints.map((e) => e.id)).not.toContain(id);
    const pogingen = [
      app.gql(ander, `query($id: ID!) { webhookEndpoint(id: $id) { id } }`, { id }),
      app.gql(
        ander,
        `mutation($id: ID!) { webhookEndpointWijzigen(id: $id, invoer: { url: "http://127.0.0.1:9/kaping" }) { id } }`,
        { id },
      ),
      app.gql(ander, `mutation($id: ID!) { webhookGeheimRoteren(id: $id) { geheim } }`, { id }),
      app.gql(ander, `mutation($id: ID!) { webhookEndpointVerwijderen(id: $id) }`, { id }),
      app.gql(ander, `mutation($id: ID!) { webhookAfleveringenOpnieuw(endpointId: $id) }`, { id }),
      app.gql(ander, `query($id: ID!) { webhookAfleveringen(endpointId: $id) { edges { node { id } } } }`, { id }),
      app.gql(ander, `query { webhookEndpoint(id: "geen-uuid") { id } }`),
    ];
    for (const r of await Promise.all(pogingen)) expect(r.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const [rij] = await app.sql(`select url from webhook_endpoint where id = $1`, [id]);
    expect(rij.url).toBe('http://127.0.0.1:9/eigen');
  });

  it('wijzigen (url, omschrijving, actief) en verwijderen', async () => {
    const { id } = await registreer(app, wijkteam, 'http://127.0.0.1:9/oud');
    const w = await app.gql<{ webhookEndpointWijzigen: Record<string, unknown> }>(
      wijkteam,
      `mutation($id: ID!) { webhookEndpointWijzigen(id: $id, invoer: { url: "http://127.0.0.1:9/nieuw", actief: false, omschrijving: "acceptatie" }) { url actief uitschakelreden uitgeschakeldOp omschrijving } }`,
      { id },
    );
    expect(w.body.errors).toBeUndefined();
    expect(w.body.data!.webhookEndpointWijzigen).toMatchObject({
      url: 'http://127.0.0.1:9/nieuw',
      actief: false,
      uitschakelreden: 'HANDMATIG',
      omschrijving: 'acceptatie',
    });
    const slecht = await app.gql(
      wijkteam,
      `mutation($id: ID!) { webhookEndpointWijzigen(id: $id, invoer: { url: "niets" }) { url } }`,
      { id },
    );
    expect(slecht.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [{ veld: 'url', code: 'ONGELDIGE_URL' }],
    });
    const aan = await app.gql<{ webhookEndpointWijzigen: Record<string, unknown> }>(
      wijkteam,
      `mutation($id: ID!) { webhookEndpointWijzigen(id: $id, invoer: { actief: true }) { actief uitschakelreden } }`,
      { id },
    );
    expect(aan.body.data!.webhookEndpointWijzigen).toEqual({ actief: true, uitschakelreden: null });
    const weg = await app.gql<{ webhookEndpointVerwijderen: string }>(
      wijkteam,
      `mutation($id: ID!) { webhookEndpointVerwijderen(id: $id) }`,
      { id },
    );
    expect(weg.body.data!.webhookEndpointVerwijderen).toBe(id);
    expect(await app.sql(`select 1 from webhook_geheim where endpoint_id = $1`, [id])).toEqual([]);
    const nogmaals = await app.gql(wijkteam, `mutation($id: ID!) { webhookEndpointVerwijderen(id: $id) }`, { id });
    expect(nogmaals.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it(`ten hoogste ${MAX_ENDPOINTS} endpoints per organisatie`, async () => {
    await app.partner('WT-LAREN', 'WIJKTEAM');
    const t = await app.token('WIJKTEAM_MEDEWERKER', 'WT-LAREN');
    for (let i = 0; i < MAX_ENDPOINTS; i++) await registreer(app, t, `http://127.0.0.1:9/${i}`);
    const r = await app.gql(t, REGISTREER, { invoer: { url: 'http://127.0.0.1:9/teveel' } });
    expect(r.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [{ code: 'TE_VEEL_ENDPOINTS' }],
    });
  });

  it('VT-medewerkers hebben geen webhooks: de operaties staan niet in hun schema', async () => {
    const vt = await app.token('VT_MEDEWERKER', 'VT14');
    const r = await app.gql(vt, LIJST);
    expect(r.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
