import { generateKeyPair, SignJWT } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TOKEN_WEIGERINGEN, type TokenWeigering } from '../../src/auth/token-verifier';
import { meldingInvoer, REGISTREER } from '../helpers/fabriek';
import { TestIssuer, uitkomst, type Claims } from '../helpers/issuer';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Every refusal reason, generated: one case per value of TOKEN_WEIGERINGEN, each a single defect in an otherwise
 * accepted token (or header), answered with exactly that reden, and logged with it but without the token.
 */
describe('elke weigeringsreden', () => {
  let app: TestApp;
  let streng: TestIssuer;
  let uit: TestIssuer;
  const logregels: { level: number; reden?: string; msg: string; raw: string }[] = [];
  const log = pino(
    { level: 'info' },
    {
      write: (s: string) =>
        void logregels.push({ ...(JSON.parse(s) as { level: number; reden?: string; msg: string }), raw: s }),
    },
  );

  beforeAll(async () => {
    // The development issuer is off here (explicitly), so its tokens give ONTWIKKEL_ISSUER_UIT.
    app = await startTestApp({ env: { ONTWIKKEL_ISSUER: 'false' }, log });
    await app.partner('WT-UIT', 'WIJKTEAM');
    streng = await TestIssuer.registreer(app, 'https://idp-streng.test', {
      toegestaneClients: ['vt-portaal'],
      minBetrouwbaarheid: 'SUBSTANTIEEL',
      maxTokenLeeftijdS: 300,
    });
    await streng.bind('VT14', ['VT_MEDEWERKER']);
    await streng.bind('WT-UIT', ['WIJKTEAM_MEDEWERKER']);
    uit = await TestIssuer.registreer(app, 'https://idp-uit.test', { actief: false });
    await uit.bind('VT14', ['VT_MEDEWERKER']);
    await app.sql(`update organisatie set actief = false where code = 'WT-UIT'`);
  });
  afterAll(() => app.stop());

  const goed: Claims = { azp: 'vt-portaal', acr: 'http://eidas.europa.eu/LoA/substantial' };
  const metGebrek = (claims: Claims): Promise<string> => streng.token({ ...goed, ...claims });
  const t = (): number => Math.floor(app.clock.now().getTime() / 1000);

  /** The Authorization header value (or bare token) that should be refused for each reason; undefined: no header. */
  const gevallen: Record<TokenWeigering, () => Promise<string | undefined>> = {
    TOKEN_ONTBREEKT: async () => undefined,
    TOKEN_ONLEESBAAR: async () => 'Bearer abc.def.ghi',
    ALGORITME_NIET_TOEGESTAAN: () =>
      new SignJWT({ ketenpoort_rol: 'VT_MEDEWERKER', ketenpoort_organisatie: 'VT14', ...goed })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(streng.iss)
        .setAudience('ketenpoort')
        .setSubject('x')
        .setIssuedAt(t())
        .setExpirationTime(t() + 600)
        .sign(new TextEncoder().encode('een-gedeeld-geheim-dat-iedereen-kan-raden-0123')),
    ISSUER_ONBEKEND: async () => {
      const { privateKey } = await generateKeyPair('ES256');
      return new SignJWT({ ketenpoort_rol: 'VT_MEDEWERKER', ketenpoort_organisatie: 'VT14' })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer('https://idp-niet-geregistreerd.test')
        .setAudience('ketenpoort')
        .setSubject('x')
        .setIssuedAt(t())
        .setExpirationTime(t() + 600)
        .sign(privateKey);
    },
    ISSUER_GEDEACTIVEERD: () => uit.token(goed),
    ONTWIKKEL_ISSUER_UIT: () => app.token('VT_MEDEWERKER', 'VT14'),
    HANDTEKENING_ONGELDIG: async () => {
      const [h, p, s] = (await metGebrek({})).split('.');
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Claims;
      return `${h}.${Buffer.from(JSON.stringify({ ...payload, ketenpoort_rol: 'VT_TEAMLEIDER' })).toString('base64url')}.${s}`;
    },
    AUDIENCE_ONJUIST: () => metGebrek({ aud: 'een-andere-api' }),
    TOKEN_VERLOPEN: () => metGebrek({ iat: t() - 200, exp: t() - 60 }),
    TOKEN_NOG_NIET_GELDIG: () => metGebrek({ nbf: t() + 600 }),
    TOKEN_UIT_DE_TOEKOMST: () => metGebrek({ iat: t() + 120, exp: t() + 900 }),
    TOKEN_TE_OUD: () => metGebrek({ iat: t() - 600 }),
    CLAIM_ONTBREEKT: () => metGebrek({ sub: undefined }),
    CLAIMS_ONGELDIG: () => metGebrek({ ketenpoort_teams: 'geen-lijst' }),
    CLIENT_NIET_TOEGESTAAN: () => metGebrek({ azp: 'ander-systeem' }),
    ORGANISATIE_NIET_TOEGESTAAN: () => metGebrek({ ketenpoort_organisatie: 'VT09' }),
    ORGANISATIE_GEDEACTIVEERD: () =>
      metGebrek({ ketenpoort_organisatie: 'WT-UIT', ketenpoort_rol: 'WIJKTEAM_MEDEWERKER' }),
    ROL_ONBEKEND: () => metGebrek({ ketenpoort_rol: 'KONING' }),
    ROL_NIET_TOEGESTAAN: () => metGebrek({ ketenpoort_rol: 'VT_TEAMLEIDER' }),
    BETROUWBAARHEID_TE_LAAG: () => metGebrek({ acr: 'http://eidas.europa.eu/LoA/low' }),
    MELDERTOEGANG_ONGELDIG: async () => `Melder ${'A'.repeat(43)}`,
    MELDERTOEGANG_VERLOPEN: async () => {
      const geheim = await melderToegang(1);
      app.clock.set(new Date(app.clock.now().getTime() + 2 * 86_400_000));
      return geheim;
    },
    MELDERTOEGANG_INGETROKKEN: () => melderToegang(30, true),
  };

  /** A melder access issued by VT through the front door (with the streng issuer's VT token), optionally revoked. */
  async function melderToegang(geldigDagen: number, intrekken = false): Promise<string> {
    const vt = await metGebrek({});
    const m = await app.gql<{ meldingRegistreren: { id: string } }>(vt, REGISTREER, { invoer: meldingInvoer() });
    const t = await app.gql<{ melderToegangUitgeven: { id: string; geheim: string } }>(
      vt,
      `mutation ($id: ID!, $d: Int) { melderToegangUitgeven(meldingId: $id, geldigDagen: $d) { id geheim } }`,
      { id: m.body.data!.meldingRegistreren.id, d: geldigDagen },
    );
    const { id, geheim } = t.body.data!.melderToegangUitgeven;
    if (intrekken) await app.gql(vt, `mutation ($id: ID!) { melderToegangIntrekken(toegangId: $id) { id } }`, { id });
    return `Melder ${geheim}`;
  }

  it('de gevallen dekken precies de weigeringsredenen van de verifier', () => {
    expect(Object.keys(gevallen).sort()).toEqual([...TOKEN_WEIGERINGEN].sort());
  });

  it('het token zonder gebrek wordt geaccepteerd (elk geval hieronder wijkt er op één punt van af)', async () => {
    expect(await uitkomst(app, await metGebrek({}))).toBe('VT_MEDEWERKER@VT14');
  });

  it.each(TOKEN_WEIGERINGEN)('%s: geweigerd met die reden, gelogd zonder het token', async (reden) => {
    const token = await gevallen[reden]();
    logregels.length = 0;
    expect(await uitkomst(app, token)).toBe(reden);
    const regels = logregels.filter((r) => r.reden === reden);
    expect(regels).toHaveLength(1);
    expect(regels[0].msg).toMatch(/^token geweigerd: \S/);
    const geheim = token?.split('.').pop();
    if (geheim && geheim.length > 10) {
      for (const r of logregels) expect(r.raw).not.toContain(geheim);
    }
  });
});
