import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

import type { Clock } from '../lib/clock';
import type { IssuerConfig } from '../lib/config';
import type { Actor } from './actor';
import { isRol, organisatieSoortenPerRol } from './rollen';
import type { OrganisatieRegister } from '../organisaties/organisatie.register';

/** Why a token was refused; returned to the caller as extensions.reden with code UNAUTHENTICATED. */
export type TokenWeigering =
  | 'TOKEN_ONTBREEKT'
  | 'TOKEN_ONLEESBAAR'
  | 'ISSUER_ONBEKEND'
  | 'HANDTEKENING_ONGELDIG'
  | 'AUDIENCE_ONJUIST'
  | 'TOKEN_VERLOPEN'
  | 'TOKEN_NOG_NIET_GELDIG'
  | 'ALGORITME_NIET_TOEGESTAAN'
  | 'CLAIMS_ONGELDIG';

export class TokenGeweigerd extends Error {
  constructor(
    readonly reden: TokenWeigering,
    message: string,
  ) {
    super(message);
  }
}

/** Asymmetric algorithms only: `none` and shared-secret HMAC tokens are never accepted. */
const TOEGESTANE_ALGORITMEN = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

interface TrustedIssuer {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
}

/**
 * Verifies OIDC/JWT bearer tokens against the configured issuers (signature, issuer, audience,
 * expiry) and turns the claims into an Actor. Invariant: every refusal is a TokenGeweigerd.
 */
export class TokenVerifier {
  private readonly issuers = new Map<string, TrustedIssuer>();

  constructor(
    issuers: readonly IssuerConfig[],
    defaultAudience: string,
    private readonly organisaties: OrganisatieRegister,
    private readonly clock: Clock,
  ) {
    for (const i of issuers) {
      const keys = i.jwks
        ? createLocalJWKSet(i.jwks)
        : createRemoteJWKSet(new URL(i.jwksUri as string), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
      this.issuers.set(i.issuer, { issuer: i.issuer, audience: i.audience ?? defaultAudience, keys });
    }
  }

  async verify(authorization: string | undefined): Promise<Actor> {
    if (!authorization) {
      throw new TokenGeweigerd('TOKEN_ONTBREEKT', 'geef een bearer token mee in de Authorization-header');
    }
    const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(authorization.trim());
    if (!match?.[1]) {
      throw new TokenGeweigerd('TOKEN_ONLEESBAAR', 'de Authorization-header moet "Bearer <jwt>" zijn');
    }
    const token = match[1];
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new TokenGeweigerd('TOKEN_ONLEESBAAR', 'het token is geen geldige JWT');
    }
    const trusted = typeof unverified.iss === 'string' ? this.issuers.get(unverified.iss) : undefined;
    if (!trusted) {
      throw new TokenGeweigerd('ISSUER_ONBEKEND', 'het token komt van een issuer die hier niet vertrouwd wordt');
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, trusted.keys, {
        issuer: trusted.issuer,
        audience: trusted.audience,
        algorithms: TOEGESTANE_ALGORITMEN,
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate: this.clock.now(),
        clockTolerance: 30,
      }));
    } catch (e) {
      throw vertaalJoseFout(e);
    }
    return this.actorUit(payload, trusted.issuer);
  }

  private async actorUit(p: JWTPayload, issuer: string): Promise<Actor> {
    const rol = p.ketenpoort_rol;
    const orgCode = p.ketenpoort_organisatie;
    if (typeof rol !== 'string' || !isRol(rol)) {
      throw new TokenGeweigerd('CLAIMS_ONGELDIG', 'claim ketenpoort_rol ontbreekt of is geen bekende rol');
    }
    if (typeof orgCode !== 'string' || orgCode.length === 0) {
      throw new TokenGeweigerd('CLAIMS_ONGELDIG', 'claim ketenpoort_organisatie ontbreekt');
    }
    const organisatie = await this.organisaties.zoek(orgCode);
    if (!organisatie) {
      throw new TokenGeweigerd('CLAIMS_ONGELDIG', 'de organisatie in het token is niet geregistreerd');
    }
    if (!organisatieSoortenPerRol[rol].includes(organisatie.soort)) {
      throw new TokenGeweigerd('CLAIMS_ONGELDIG', `rol ${rol} kan niet optreden voor een organisatie van soort ${organisatie.soort}`);
    }
    const soort = p.ketenpoort_actor_soort === 'SYSTEEM' ? 'SYSTEEM' : 'PERSOON';
    const act = p.act as { sub?: unknown } | undefined;
    const teamsClaim = p.ketenpoort_teams;
    if (teamsClaim !== undefined && !(Array.isArray(teamsClaim) && teamsClaim.every((t) => typeof t === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(t)))) {
      throw new TokenGeweigerd('CLAIMS_ONGELDIG', 'claim ketenpoort_teams moet een lijst teamcodes zijn');
    }
    return {
      sub: p.sub as string,
      soort,
      naam: typeof p.name === 'string' ? p.name : undefined,
      rol,
      organisatie,
      namens: typeof act?.sub === 'string' ? act.sub : undefined,
      issuer,
      teams: (teamsClaim as string[] | undefined) ?? [],
    };
  }
}

function vertaalJoseFout(e: unknown): TokenGeweigerd {
  if (e instanceof joseErrors.JWTExpired) {
    return new TokenGeweigerd('TOKEN_VERLOPEN', 'het token is verlopen');
  }
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return new TokenGeweigerd('AUDIENCE_ONJUIST', 'het token is niet voor deze API uitgegeven');
    if (e.claim === 'nbf' || e.claim === 'iat') return new TokenGeweigerd('TOKEN_NOG_NIET_GELDIG', 'het token is nog niet geldig');
    return new TokenGeweigerd('CLAIMS_ONGELDIG', `claim ${e.claim} is ongeldig`);
  }
  if (e instanceof joseErrors.JOSEAlgNotAllowed || e instanceof joseErrors.JOSENotSupported) {
    return new TokenGeweigerd('ALGORITME_NIET_TOEGESTAAN', 'het ondertekeningsalgoritme van het token is niet toegestaan');
  }
  if (e instanceof joseErrors.JWSSignatureVerificationFailed || e instanceof joseErrors.JWKSNoMatchingKey) {
    return new TokenGeweigerd('HANDTEKENING_ONGELDIG', 'de handtekening van het token klopt niet');
  }
  if (e instanceof joseErrors.JWSInvalid || e instanceof joseErrors.JWTInvalid) {
    return new TokenGeweigerd('TOKEN_ONLEESBAAR', 'het token is geen geldige JWS');
  }
  return new TokenGeweigerd('HANDTEKENING_ONGELDIG', 'het token kon niet worden geverifieerd');
}
