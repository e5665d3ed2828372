import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { TokenGeweigerd, TokenVerifier } from '../../src/auth/token-verifier';
import type { VertrouwdeIssuer, VertrouwensBron, Vertrouwensgegevens } from '../../src/auth/vertrouwen';
import { FixedClock } from '../../src/lib/clock';
import { TestIssuer, uitkomst } from '../helpers/issuer';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * The cache of verified tokens (token-verifier.ts): a token is verified once per lifetime, but never past its exp, never
 * across a change of the trust register, and a token that failed verification is never kept.
 */

const ISS = 'https://idp-cache.test';

/** A trust source whose data the test replaces, as the register does on every NOTIFY (a new object each time). */
class Bron implements VertrouwensBron {
  constructor(public gegevens: Vertrouwensgegevens) {}
  async huidige(): Promise<Vertrouwensgegevens> {
    return this.gegevens;
  }
  async bijgewerkt(): Promise<Vertrouwensgegevens> {
    return this.gegevens;
  }
}

function gegevens(
  jwk: JWK,
  o: { issuerActief?: boolean; rollen?: string[]; orgActief?: boolean } = {},
): Vertrouwensgegevens {
  const issuer: VertrouwdeIssuer = {
    issuer: ISS,
    actief: o.issuerActief ?? true,
    jwks: { keys: [jwk] },
    claims: {},
    rolWaarden: {},
    toegestaneClients: [],
    acrNiveaus: {},
    bindingen: new Map(
      o.rollen?.length === 0 ? [] : [['VT14', { organisatie: 'VT14', rollen: o.rollen ?? ['VT_MEDEWERKER'] }]],
    ),
  };
  return {
    issuers: new Map([[ISS, issuer]]),
    organisaties: new Map([
      [
        'VT14',
        {
          code: 'VT14',
          naam: 'Veilig Thuis Gooi en Vechtstreek',
          soort: 'VEILIG_THUIS',
          regioCodes: ['VT14'],
          actief: o.orgActief ?? true,
        },
      ],
    ]),
  };
}

describe('tokencache in de verifier', () => {
  const clock = new FixedClock(new Date('2026-12-01T09:00:00Z'));
  let sleutel: CryptoKey;
  let jwk: JWK;
  let bron: Bron;
  let verifier: TokenVerifier;
  const nu = (): number => Math.floor(clock.now().getTime() / 1000);

  async function token(claims: Record<string, unknown> = {}, key: CryptoKey = sleutel, kid = jwk.kid): Promise<string> {
    const t = nu();
    return new SignJWT({
      iss: ISS,
      aud: 'ketenpoort',
      sub: 'm-1',
      iat: t,
      exp: t + 600,
      ketenpoort_rol: 'VT_MEDEWERKER',
      ketenpoort_organisatie: 'VT14',
      ...claims,
    })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .sign(key);
  }
  async function reden(t: string): Promise<string> {
    try {
      const a = await verifier.verify(`Bearer ${t}`);
      return `${a.rol}@${a.organisatie.code}`;
    } catch (e) {
      if (e instanceof TokenGeweigerd) return e.reden;
      throw e;
    }
  }

  beforeAll(async () => {
    const paar = await generateKeyPair('ES256', { extractable: true });
    sleutel = paar.privateKey;
    jwk = { ...(await exportJWK(paar.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  });
  beforeEach(() => {
    clock.set(new Date('2026-12-01T09:00:00Z'));
    bron = new Bron(gegevens(jwk));
    verifier = new TokenVerifier({
      bron,
      clock,
      standaardAudience: 'ketenpoort',
      rollenMetPersoonsgegevens: new Set(),
      isProductie: true,
    });
  });

  it('verifieert een token één keer: het tweede verzoek krijgt dezelfde actor uit de cache', async () => {
    const t = await token();
    const eerste = await verifier.verify(`Bearer ${t}`);
    expect(verifier.tokensInCache).toBe(1);
    const tweede = await verifier.verify(`Bearer ${t}`);
    expect(tweede).toBe(eerste);
    expect(Object.isFrozen(tweede)).toBe(true);
  });

  it.each([
    ['een gedeactiveerde issuer', { issuerActief: false }, 'ISSUER_GEDEACTIVEERD'],
    ['een verwijderde binding', { rollen: [] }, 'ORGANISATIE_NIET_TOEGESTAAN'],
    ['een rol uit de binding gehaald', { rollen: ['ANALIST'] }, 'ROL_NIET_TOEGESTAAN'],
    ['een gedeactiveerde organisatie', { orgActief: false }, 'ORGANISATIE_GEDEACTIVEERD'],
  ])('%s wordt meteen geweigerd, ook met het token in de cache', async (_naam, wijziging, verwacht) => {
    const t = await token();
    expect(await reden(t)).toBe('VT_MEDEWERKER@VT14');
    expect(await reden(t)).toBe('VT_MEDEWERKER@VT14');
    expect(verifier.tokensInCache).toBe(1);
    bron.gegevens = gegevens(jwk, wijziging);
    expect(await reden(t)).toBe(verwacht);
    expect(verifier.tokensInCache).toBe(0);
  });

  it('een verlopen token wordt geweigerd, ook als het in de cache staat (de klok van de verifier, niet de muur)', async () => {
    const t = await token({ exp: nu() + 60 });
    expect(await reden(t)).toBe('VT_MEDEWERKER@VT14');
    clock.advance(59_000);
    expect(await reden(t)).toBe('VT_MEDEWERKER@VT14');
    // Past exp: the cache no longer answers, and full verification (with its 30 s skew tolerance) refuses beyond it.
    clock.advance(1_000);
    expect(verifier.tokensInCache).toBe(0);
    clock.advance(31_000);
    expect(await reden(t)).toBe('TOKEN_VERLOPEN');
    expect(verifier.tokensInCache).toBe(0);
  });

  it('een token stopt in de cache waar de maximale leeftijd van zijn issuer eerder eindigt dan exp', async () => {
    const g = gegevens(jwk);
    const issuer = { ...g.issuers.get(ISS)!, maxTokenLeeftijdS: 120 };
    bron.gegevens = { ...g, issuers: new Map([[ISS, issuer]]) };
    const t = await token();
    expect(await reden(t)).toBe('VT_MEDEWERKER@VT14');
    clock.advance(121_000);
    expect(verifier.tokensInCache).toBe(0);
    clock.advance(30_000);
    expect(await reden(t)).toBe('TOKEN_TE_OUD');
  });

  it('een vervalst token komt nooit in de cache, ook niet naast het echte token met dezelfde claims', async () => {
    const echt = await token();
    expect(await reden(echt)).toBe('VT_MEDEWERKER@VT14');
    const [kop, lading, handtekening] = echt.split('.');
    // Another key under the registered kid; the same claims re-signed; a signature with one character changed.
    const ander = await generateKeyPair('ES256');
    const vervalst = [
      await token({}, ander.privateKey),
      `${kop}.${lading}.${handtekening.startsWith('A') ? 'B' : 'A'}${handtekening.slice(1)}`,
      `${kop}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(lading, 'base64url').toString()), ketenpoort_rol: 'VT_TEAMLEIDER' })).toString('base64url')}.${handtekening}`,
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${lading}.`,
    ];
    for (const v of vervalst) {
      for (let i = 0; i < 2; i++) {
        expect(await reden(v)).toMatch(/HANDTEKENING_ONGELDIG|ALGORITME_NIET_TOEGESTAAN|TOKEN_ONLEESBAAR/);
      }
    }
    expect(verifier.tokensInCache).toBe(1);
  });

  it('is begrensd: de minst recent gebruikte tokens gaan eruit', async () => {
    verifier = new TokenVerifier({
      bron,
      clock,
      standaardAudience: 'ketenpoort',
      rollenMetPersoonsgegevens: new Set(),
      isProductie: true,
      tokenCache: 3,
    });
    for (let i = 0; i < 5; i++) expect(await reden(await token({ sub: `m-${i}` }))).toBe('VT_MEDEWERKER@VT14');
    expect(verifier.tokensInCache).toBe(3);
  });
});

describe('tokencache tegen het echte register (NOTIFY)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('een gedeactiveerde issuer en een verwijderde binding gelden bij het volgende verzoek, ook voor een token dat net nog goed was', async () => {
    for (const [naam, sql, verwacht] of [
      ['idp-c1', `update issuer set actief = false where issuer = 'https://idp-c1.test'`, 'ISSUER_GEDEACTIVEERD'],
      ['idp-c2', `delete from issuer_binding where issuer = 'https://idp-c2.test'`, 'ORGANISATIE_NIET_TOEGESTAAN'],
    ]) {
      const i = await TestIssuer.registreer(app, `https://${naam}.test`);
      await i.bind('VT14', ['VT_MEDEWERKER']);
      const t = await i.token();
      for (let n = 0; n < 3; n++) expect(await uitkomst(app, t)).toBe('VT_MEDEWERKER@VT14');
      await app.sql(sql);
      // The notification arrives asynchronously; poll briefly, as test/auth/vertrouwen.test.ts does.
      const tot = Date.now() + 1000;
      let laatste = '';
      while (Date.now() < tot && (laatste = await uitkomst(app, t)) !== verwacht) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(laatste).toBe(verwacht);
    }
  });
});
