import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { rollenMetPersoonsgegevens } from '../../src/app';
import { privacybeleid } from '../../src/modules';
import { TestIssuer, uitkomst } from '../helpers/issuer';
import { startTestApp, type TestApp } from '../helpers/testapp';
import { totdat } from '../helpers/wachten';

/** Waits (briefly: a notification, not a TTL) until a token's outcome is `verwacht`; fails with the last outcome. */
async function zodra(app: TestApp, token: string, verwacht: string, ms = 1000): Promise<void> {
  let laatste = '';
  await totdat(async () => (laatste = await uitkomst(app, token)) === verwacht, ms).catch(() => {
    throw new Error(`verwacht ${verwacht} binnen ${ms} ms, kreeg ${laatste}`);
  });
}

const nu = (app: TestApp): number => Math.floor(app.clock.now().getTime() / 1000);

describe('issuers gebonden aan organisaties', () => {
  let app: TestApp;
  let a: TestIssuer;
  let b: TestIssuer;
  beforeAll(async () => {
    app = await startTestApp();
    await app.partner('WT-A', 'WIJKTEAM');
    a = await TestIssuer.registreer(app, 'https://idp-a.test');
    await a.bind('VT14', ['VT_MEDEWERKER', 'ANALIST']);
    // The issuer names this wijkteam by its OIN; the binding's extern_id translates it to our code. The binding also
    // (wrongly) lists a VT role: the organisation's kind must still refuse it.
    await a.bind('WT-A', ['WIJKTEAM_MEDEWERKER', 'VT_MEDEWERKER'], '00000001234567890000');
    b = await TestIssuer.registreer(app, 'https://idp-b.test');
    await b.bind('VT09', ['VT_MEDEWERKER']);
  });
  afterAll(() => app.stop());

  it('accepteert een token voor een gebonden organisatie en een rol uit de binding', async () => {
    expect(await uitkomst(app, await a.token())).toBe('VT_MEDEWERKER@VT14');
    expect(await uitkomst(app, await a.token({ ketenpoort_rol: 'ANALIST' }))).toBe('ANALIST@VT14');
  });

  it('weigert een token voor een organisatie waaraan de issuer niet gebonden is, ook als een andere issuer dat wel is', async () => {
    expect(await uitkomst(app, await b.token({ ketenpoort_organisatie: 'VT09' }))).toBe('VT_MEDEWERKER@VT09');
    expect(await uitkomst(app, await a.token({ ketenpoort_organisatie: 'VT09' }))).toBe('ORGANISATIE_NIET_TOEGESTAAN');
    expect(await uitkomst(app, await b.token({ ketenpoort_organisatie: 'VT14' }))).toBe('ORGANISATIE_NIET_TOEGESTAAN');
  });

  it('weigert een organisatie die niet geregistreerd is', async () => {
    expect(await uitkomst(app, await a.token({ ketenpoort_organisatie: 'VT99' }))).toBe('ORGANISATIE_NIET_TOEGESTAAN');
  });

  it('vindt de organisatie via de extern_id van de binding, niet via onze code', async () => {
    expect(
      await uitkomst(
        app,
        await a.token({ ketenpoort_organisatie: '00000001234567890000', ketenpoort_rol: 'WIJKTEAM_MEDEWERKER' }),
      ),
    ).toBe('WIJKTEAM_MEDEWERKER@WT-A');
    expect(
      await uitkomst(app, await a.token({ ketenpoort_organisatie: 'WT-A', ketenpoort_rol: 'WIJKTEAM_MEDEWERKER' })),
    ).toBe('ORGANISATIE_NIET_TOEGESTAAN');
  });

  it('weigert een rol die niet in de binding staat', async () => {
    expect(await uitkomst(app, await a.token({ ketenpoort_rol: 'VT_TEAMLEIDER' }))).toBe('ROL_NIET_TOEGESTAAN');
    expect(await uitkomst(app, await a.token({ ketenpoort_rol: 'PRIVACY_OFFICER' }))).toBe('ROL_NIET_TOEGESTAAN');
  });

  it('weigert een rol uit de binding die niet bij de soort organisatie past', async () => {
    expect(
      await uitkomst(
        app,
        await a.token({ ketenpoort_organisatie: '00000001234567890000', ketenpoort_rol: 'VT_MEDEWERKER' }),
      ),
    ).toBe('ROL_NIET_TOEGESTAAN');
  });

  it('weigert een rol die wij niet kennen', async () => {
    expect(await uitkomst(app, await a.token({ ketenpoort_rol: 'KONING' }))).toBe('ROL_ONBEKEND');
  });

  it.each(['sub', 'exp', 'iat', 'ketenpoort_rol', 'ketenpoort_organisatie'])(
    'weigert een token zonder %s',
    async (claim) => {
      expect(await uitkomst(app, await a.token({ [claim]: undefined }))).toBe('CLAIM_ONTBREEKT');
    },
  );

  it('weigert een rol als lijst met meer dan één waarde', async () => {
    expect(await uitkomst(app, await a.token({ ketenpoort_rol: ['VT_MEDEWERKER', 'ANALIST'] }))).toBe(
      'CLAIM_ONTBREEKT',
    );
  });

  it('weigert een geregistreerde maar gedeactiveerde issuer', async () => {
    const uit = await TestIssuer.registreer(app, 'https://idp-uit.test', { actief: false });
    await uit.bind('VT14', ['VT_MEDEWERKER']);
    expect(await uitkomst(app, await uit.token())).toBe('ISSUER_GEDEACTIVEERD');
  });

  it('verwacht de eigen audience van een issuer waar die er een heeft', async () => {
    const eigen = await TestIssuer.registreer(app, 'https://idp-aud.test', { audience: 'ketenpoort-partners' });
    await eigen.bind('VT14', ['VT_MEDEWERKER']);
    expect(await uitkomst(app, await eigen.token())).toBe('AUDIENCE_ONJUIST');
    expect(await uitkomst(app, await eigen.token({ aud: 'ketenpoort-partners' }))).toBe('VT_MEDEWERKER@VT14');
  });

  it('een net geregistreerde issuer en binding zijn meteen bruikbaar (de weigering wacht op openstaande meldingen)', async () => {
    for (let i = 0; i < 5; i++) {
      const nieuw = await TestIssuer.registreer(app, `https://idp-nieuw-${i}.test`);
      await nieuw.bind('VT14', ['VT_MEDEWERKER']);
      expect(await uitkomst(app, await nieuw.token())).toBe('VT_MEDEWERKER@VT14');
    }
  });
});

describe('claimnamen en rolwaarden per issuer', () => {
  let app: TestApp;
  let m: TestIssuer;
  const OIN = '00000001003214345000';
  beforeAll(async () => {
    app = await startTestApp();
    m = await TestIssuer.registreer(app, 'https://login.gemeente.test/realms/vt', {
      claims: { rol: 'roles', organisatie: 'org_oin', teams: 'groups' },
      rolWaarden: { 'vt-medewerker': 'VT_MEDEWERKER', 'vt-analist': 'ANALIST' },
    });
    await m.bind('VT14', ['VT_MEDEWERKER', 'ANALIST'], OIN);
  });
  afterAll(() => app.stop());

  const eigen = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    ketenpoort_rol: undefined,
    ketenpoort_organisatie: undefined,
    org_oin: OIN,
    roles: ['vt-medewerker'],
    ...extra,
  });

  it('leest rol en organisatie uit de claimnamen van de issuer en vertaalt zijn rolwaarden', async () => {
    expect(await uitkomst(app, await m.token(eigen()))).toBe('VT_MEDEWERKER@VT14');
    expect(await uitkomst(app, await m.token(eigen({ roles: 'vt-analist' })))).toBe('ANALIST@VT14');
  });

  it('leest onze claimnamen niet voor een issuer met eigen namen', async () => {
    expect(
      await uitkomst(app, await m.token({ ketenpoort_rol: 'VT_MEDEWERKER', ketenpoort_organisatie: 'VT14' })),
    ).toBe('CLAIM_ONTBREEKT');
    expect(await uitkomst(app, await m.token(eigen({ org_oin: undefined, ketenpoort_organisatie: 'VT14' })))).toBe(
      'CLAIM_ONTBREEKT',
    );
  });

  it('een rolvertaling is volledig: een onvertaalde waarde telt niet, ook niet als het onze rolnaam is', async () => {
    expect(await uitkomst(app, await m.token(eigen({ roles: ['VT_MEDEWERKER'] })))).toBe('ROL_ONBEKEND');
    expect(await uitkomst(app, await m.token(eigen({ roles: ['constructor'] })))).toBe('ROL_ONBEKEND');
    expect(await uitkomst(app, await m.token(eigen({ roles: ['vt-medewerker', 'vt-analist'] })))).toBe(
      'CLAIM_ONTBREEKT',
    );
  });

  it('leest de teams uit de teamclaim van de issuer', async () => {
    expect(await uitkomst(app, await m.token(eigen({ groups: ['team-noord'] })))).toBe('VT_MEDEWERKER@VT14');
    expect(await uitkomst(app, await m.token(eigen({ groups: 'team-noord' })))).toBe('CLAIMS_ONGELDIG');
    // Our team claim means nothing from this issuer, so its form does not matter.
    expect(await uitkomst(app, await m.token(eigen({ ketenpoort_teams: 'rommel' })))).toBe('VT_MEDEWERKER@VT14');
  });
});

describe('NL GOV Assurance-profiel per issuer', () => {
  let app: TestApp;
  let zonder: TestIssuer;
  let client: TestIssuer;
  let acr: TestIssuer;
  let leeftijd: TestIssuer;
  beforeAll(async () => {
    app = await startTestApp();
    zonder = await TestIssuer.registreer(app, 'https://idp-kaal.test');
    client = await TestIssuer.registreer(app, 'https://idp-client.test', {
      toegestaneClients: ['vt-portaal', 'vt-app'],
    });
    acr = await TestIssuer.registreer(app, 'https://idp-acr.test', {
      minBetrouwbaarheid: 'SUBSTANTIEEL',
      acrNiveaus: { 'urn:idp:sleutel': 'HOOG', 'urn:idp:sms': 'LAAG' },
    });
    leeftijd = await TestIssuer.registreer(app, 'https://idp-leeftijd.test', { maxTokenLeeftijdS: 300 });
    for (const i of [zonder, client, acr, leeftijd]) await i.bind('VT14', ['VT_MEDEWERKER', 'ANALIST']);
  });
  afterAll(() => app.stop());

  it.each([
    [{ azp: 'vt-portaal' }, 'VT_MEDEWERKER@VT14'],
    [{ client_id: 'vt-app' }, 'VT_MEDEWERKER@VT14'],
    [{ azp: 'ander-systeem' }, 'CLIENT_NIET_TOEGESTAAN'],
    [{ azp: 'ander-systeem', client_id: 'vt-portaal' }, 'CLIENT_NIET_TOEGESTAAN'],
    [{ client_id: 'ander-systeem' }, 'CLIENT_NIET_TOEGESTAAN'],
    [{}, 'CLIENT_NIET_TOEGESTAAN'],
  ])('vereist een toegestane client (azp, anders client_id): %j → %s', async (claims, verwacht) => {
    expect(await uitkomst(app, await client.token(claims))).toBe(verwacht);
  });

  it('controleert de client niet bij een issuer zonder toegestane clients', async () => {
    expect(await uitkomst(app, await zonder.token({ azp: 'wat-dan-ook' }))).toBe('VT_MEDEWERKER@VT14');
  });

  it.each([
    ['http://eidas.europa.eu/LoA/low', 'BETROUWBAARHEID_TE_LAAG'],
    ['http://eidas.europa.eu/LoA/NotNotified/low', 'BETROUWBAARHEID_TE_LAAG'],
    ['http://eidas.europa.eu/LoA/substantial', 'VT_MEDEWERKER@VT14'],
    ['http://eidas.europa.eu/LoA/NotNotified/substantial', 'VT_MEDEWERKER@VT14'],
    ['http://eidas.europa.eu/LoA/high', 'VT_MEDEWERKER@VT14'],
    ['http://eidas.europa.eu/LoA/NotNotified/high', 'VT_MEDEWERKER@VT14'],
    ['urn:idp:sleutel', 'VT_MEDEWERKER@VT14'],
    ['urn:idp:sms', 'BETROUWBAARHEID_TE_LAAG'],
    ['urn:onbekend', 'BETROUWBAARHEID_TE_LAAG'],
    [undefined, 'BETROUWBAARHEID_TE_LAAG'],
  ])('een rol die persoonsgegevens leest vereist het minimumniveau: acr %s → %s', async (waarde, verwacht) => {
    expect(rollenMetPersoonsgegevens(privacybeleid).has('VT_MEDEWERKER')).toBe(true);
    expect(await uitkomst(app, await acr.token({ acr: waarde }))).toBe(verwacht);
  });

  it('een rol zonder persoonsgegevens volgens het privacybeleid (ANALIST) heeft het minimumniveau niet nodig', async () => {
    expect(rollenMetPersoonsgegevens(privacybeleid).has('ANALIST')).toBe(false);
    expect(await uitkomst(app, await acr.token({ ketenpoort_rol: 'ANALIST' }))).toBe('ANALIST@VT14');
    expect(
      await uitkomst(app, await acr.token({ ketenpoort_rol: 'ANALIST', acr: 'http://eidas.europa.eu/LoA/low' })),
    ).toBe('ANALIST@VT14');
  });

  it('de rollen die persoonsgegevens lezen volgen uit het privacybeleid', () => {
    const rollen = rollenMetPersoonsgegevens(privacybeleid);
    // Every role with a person-data field in its schema is in; roles that see none (aggregates, beheer) are not.
    for (const rol of [
      'VT_MEDEWERKER',
      'VERTROUWENSARTS',
      'PRIVACY_OFFICER',
      'WIJKTEAM_MEDEWERKER',
      'SCHOOL_CONTACTPERSOON',
      'OM_ZSM_MEDEWERKER',
    ] as const) {
      expect(rollen.has(rol), rol).toBe(true);
    }
    for (const rol of ['ANALIST', 'FUNCTIONEEL_BEHEERDER'] as const) expect(rollen.has(rol), rol).toBe(false);
  });

  it('weigert een token ouder dan de maximale leeftijd van zijn issuer, ook als het nog niet verlopen is', async () => {
    const t = nu(app);
    expect(await uitkomst(app, await leeftijd.token({ iat: t - 600, exp: t + 600 }))).toBe('TOKEN_TE_OUD');
    expect(await uitkomst(app, await leeftijd.token({ iat: t - 200, exp: t + 600 }))).toBe('VT_MEDEWERKER@VT14');
    // Without a maximum only exp limits the age.
    expect(await uitkomst(app, await zonder.token({ iat: t - 6 * 3600, exp: t + 600 }))).toBe('VT_MEDEWERKER@VT14');
  });

  it('weigert een iat in de toekomst bij elke issuer, ook de ontwikkel-issuer; een kleine klokafwijking mag', async () => {
    const t = nu(app);
    for (const i of [zonder, client, leeftijd]) {
      expect(await uitkomst(app, await i.token({ iat: t + 120, exp: t + 900, azp: 'vt-portaal' }))).toBe(
        'TOKEN_UIT_DE_TOEKOMST',
      );
    }
    expect(await uitkomst(app, await zonder.token({ iat: t + 10 }))).toBe('VT_MEDEWERKER@VT14');
    const dev = await app.token('VT_MEDEWERKER', 'VT14', { nu: new Date(app.clock.now().getTime() + 120_000) });
    expect(await uitkomst(app, dev)).toBe('TOKEN_UIT_DE_TOEKOMST');
  });
});

describe('intrekken werkt meteen op elke API (NOTIFY, geen TTL)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  async function gebonden(
    naam: string,
    org: string,
    soort = 'WIJKTEAM',
    rol = 'WIJKTEAM_MEDEWERKER',
  ): Promise<{ i: TestIssuer; token: string }> {
    await app.partner(org, soort);
    const i = await TestIssuer.registreer(app, `https://${naam}.test`);
    await i.bind(org, [rol]);
    const token = await i.token({ ketenpoort_organisatie: org, ketenpoort_rol: rol });
    expect(await uitkomst(app, token)).toBe(`${rol}@${org}`);
    return { i, token };
  }

  it('een gedeactiveerde organisatie wordt bij het volgende verzoek geweigerd, ook voor de ontwikkel-issuer', async () => {
    const { token } = await gebonden('idp-deact', 'WT-DEACT');
    const dev = await app.token('WIJKTEAM_MEDEWERKER', 'WT-DEACT');
    expect(await uitkomst(app, dev)).toBe('WIJKTEAM_MEDEWERKER@WT-DEACT');
    await app.sql(`update organisatie set actief = false, gedeactiveerd_op = now() where code = 'WT-DEACT'`);
    await zodra(app, token, 'ORGANISATIE_GEDEACTIVEERD');
    expect(await uitkomst(app, dev)).toBe('ORGANISATIE_GEDEACTIVEERD');
  });

  it('een verwijderde binding wordt bij het volgende verzoek geweigerd', async () => {
    const { token } = await gebonden('idp-ontbind', 'WT-ONTBIND');
    await app.sql(`delete from issuer_binding where issuer = 'https://idp-ontbind.test'`);
    await zodra(app, token, 'ORGANISATIE_NIET_TOEGESTAAN');
  });

  it('een rol uit de binding gehaald of een issuer gedeactiveerd: het volgende verzoek wordt geweigerd', async () => {
    const { token } = await gebonden('idp-rol', 'WT-ROL');
    await app.sql(`update issuer_binding set rollen = '{ZVH_MEDEWERKER}' where issuer = 'https://idp-rol.test'`);
    await zodra(app, token, 'ROL_NIET_TOEGESTAAN');
    const tweede = await gebonden('idp-issuer-uit', 'WT-ISSUER-UIT');
    await app.sql(`update issuer set actief = false where issuer = 'https://idp-issuer-uit.test'`);
    await zodra(app, tweede.token, 'ISSUER_GEDEACTIVEERD');
  });

  it('het vertrouwen komt uit het geheugen: alleen de melding leegt de cache, en na het herstellen van de LISTEN-verbinding opnieuw', async () => {
    const { token } = await gebonden('idp-cache', 'WT-CACHE');
    // A change that sends no notification (triggers off for this session) is not seen: verification reads no table.
    await app.sql(`set session_replication_role = replica`);
    try {
      await app.sql(`update organisatie set actief = false where code = 'WT-CACHE'`);
    } finally {
      await app.sql(`set session_replication_role = origin`);
    }
    for (let i = 0; i < 3; i++) expect(await uitkomst(app, token)).toBe('WIJKTEAM_MEDEWERKER@WT-CACHE');

    // Break the LISTEN connection: the register reconnects (backoff from 100 ms) and, having been deaf, starts afresh.
    const luisteraar = `ketenpoort-luisteraar:ketenpoort_vertrouwen`;
    const [oud] = await app.sql(
      `select pid from pg_stat_activity where application_name = $1 and datname = current_database()`,
      [luisteraar],
    );
    expect(oud).toBeDefined();
    await app.sql(`select pg_terminate_backend($1)`, [oud.pid]);
    await totdat(
      async () =>
        (
          await app.sql(
            `select 1 from pg_stat_activity where application_name = $1 and datname = current_database() and pid <> $2`,
            [luisteraar, oud.pid],
          )
        ).length === 1,
      3000,
    );
    await zodra(app, token, 'ORGANISATIE_GEDEACTIVEERD', 2000);
  });
});
