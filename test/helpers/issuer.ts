import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

import type { TestApp } from './testapp';

/** Per-issuer settings as stored in table `issuer` (migration 15). */
export interface IssuerInstellingen {
  audience?: string;
  claims?: { rol?: string; organisatie?: string; teams?: string };
  rolWaarden?: Record<string, string>;
  toegestaneClients?: string[];
  acrNiveaus?: Record<string, string>;
  minBetrouwbaarheid?: 'LAAG' | 'SUBSTANTIEEL' | 'HOOG';
  maxTokenLeeftijdS?: number;
  actief?: boolean;
  /** Serve the keys from this URL instead of storing them inline. */
  jwksUri?: string;
}

/** Claims of a test token; a claim set to undefined is left out. */
export type Claims = Record<string, unknown>;

/**
 * An identity provider for tests: its own ES256 key, registered in `issuer` and bound with `issuer_binding` by plain
 * SQL, as the onboarding CLI/API would. Signs tokens with any claims.
 */
export class TestIssuer {
  private constructor(
    private readonly app: TestApp,
    readonly iss: string,
    private readonly sleutel: CryptoKey,
    readonly jwk: JWK,
  ) {}

  /** Generates a key and registers the issuer (inline JWKS unless jwksUri is given). */
  static async registreer(
    app: TestApp,
    iss: string,
    i: IssuerInstellingen = {},
    sleutelpaar?: { privateKey: CryptoKey; jwk: JWK },
  ): Promise<TestIssuer> {
    const paar = sleutelpaar ?? (await TestIssuer.sleutelpaar());
    await app.sql(
      `insert into issuer (issuer, naam, jwks_uri, jwks, audience, claims, rol_waarden, toegestane_clients, acr_niveaus, min_betrouwbaarheid,
                           max_token_leeftijd_s, actief, aangemaakt_op)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())`,
      [
        iss,
        `Test-IdP ${iss}`,
        i.jwksUri ?? null,
        i.jwksUri ? null : JSON.stringify({ keys: [paar.jwk] }),
        i.audience ?? null,
        JSON.stringify(i.claims ?? {}),
        JSON.stringify(i.rolWaarden ?? {}),
        i.toegestaneClients ?? [],
        JSON.stringify(i.acrNiveaus ?? {}),
        i.minBetrouwbaarheid ?? null,
        i.maxTokenLeeftijdS ?? null,
        i.actief ?? true,
      ],
    );
    return new TestIssuer(app, iss, paar.privateKey, paar.jwk);
  }

  static async sleutelpaar(): Promise<{ privateKey: CryptoKey; jwk: JWK }> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `test-${Math.random().toString(36).slice(2, 10)}`;
    return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
  }

  /** Binds the issuer to an organisation with these roles, under the issuer's own value for it (default our code). */
  async bind(organisatie: string, rollen: string[], externId = organisatie): Promise<void> {
    await this.app.sql(
      `insert into issuer_binding (issuer, organisatie, extern_id, rollen, aangemaakt_op) values ($1, $2, $3, $4, now())`,
      [this.iss, organisatie, externId, rollen],
    );
  }

  /** A token of this issuer: valid for ten minutes from the app's clock, with our claim names, unless `claims` says otherwise. */
  async token(claims: Claims = {}): Promise<string> {
    const nu = Math.floor(this.app.clock.now().getTime() / 1000);
    const payload: Claims = {
      iss: this.iss,
      aud: 'ketenpoort',
      sub: 'medewerker-42',
      iat: nu,
      exp: nu + 600,
      ketenpoort_rol: 'VT_MEDEWERKER',
      ketenpoort_organisatie: 'VT14',
      ...claims,
    };
    for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
    return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: this.jwk.kid, typ: 'JWT' }).sign(this.sleutel);
  }
}

const IK = `{ ik { rol organisatie { code } } }`;

/**
 * Asks `ik` with this Authorization header value (a bare token gets "Bearer "): "ROL@ORGANISATIE" when accepted,
 * else the refusal's reden (after checking it is a proper 401 UNAUTHENTICATED without data).
 */
export async function uitkomst(app: TestApp, token: string | undefined): Promise<string> {
  const authorization = token === undefined ? undefined : /\s/.test(token) ? token : `Bearer ${token}`;
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query: IK }),
  });
  const body = (await res.json()) as {
    data?: { ik: { rol: string; organisatie: { code: string } } };
    errors?: { extensions: { code: string; reden?: string } }[];
  };
  if (res.status === 200 && body.data?.ik) return `${body.data.ik.rol}@${body.data.ik.organisatie.code}`;
  if (
    res.status !== 401 ||
    body.data !== undefined ||
    body.errors?.[0]?.extensions.code !== 'UNAUTHENTICATED' ||
    !res.headers.get('www-authenticate')?.includes('Bearer')
  ) {
    throw new Error(`onverwacht antwoord ${res.status}: ${JSON.stringify(body)}`);
  }
  return body.errors[0].extensions.reden ?? '(geen reden)';
}
