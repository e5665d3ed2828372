import { createHash } from 'node:crypto';

import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';

import { LRUCache } from 'lru-cache';

import type { Clock } from '../lib/clock';
import type { Actor } from './actor';
import { DEV_ISSUER } from './dev-issuer';
import type { Rol } from './rollen';
import { actorUitClaims } from './token-claims';
import { TokenGeweigerd, type TokenWeigering } from './token-weigering';
import type { VertrouwdeIssuer, VertrouwensBron, Vertrouwensgegevens } from './vertrouwen';

export { TOKEN_WEIGERINGEN, TokenGeweigerd, type TokenWeigering } from './token-weigering';

/** Asymmetric algorithms only: `none` and shared-secret HMAC tokens are never accepted. */
const TOEGESTANE_ALGORITMEN = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/** Refusals that rest on trust data, so that a change committed a moment ago could lift them. */
const HERZIENBAAR: ReadonlySet<TokenWeigering> = new Set<TokenWeigering>([
  'ISSUER_ONBEKEND',
  'ISSUER_GEDEACTIVEERD',
  'HANDTEKENING_ONGELDIG',
  'AUDIENCE_ONJUIST',
  'TOKEN_TE_OUD',
  'CLAIM_ONTBREEKT',
  'CLIENT_NIET_TOEGESTAAN',
  'ORGANISATIE_NIET_TOEGESTAAN',
  'ORGANISATIE_GEDEACTIVEERD',
  'ROL_ONBEKEND',
  'ROL_NIET_TOEGESTAAN',
  'BETROUWBAARHEID_TE_LAAG',
]);

/** Seconds of clock skew tolerated on exp, nbf, iat (in the future) and the maximum token age. */
export const KLOKTOLERANTIE_S = 30;

/** Default bound of the cache of verified tokens (≈ 1 KB each: the hash and the actor). */
export const STANDAARD_TOKENCACHE = 10_000;

/** A verified token's caller, valid for one version of the trust data and until the token's own limits. */
interface Geverifieerd {
  readonly actor: Actor;
  /** The trust data it was verified against: any change to issuers, bindings or organisations is a new object. */
  readonly gegevens: Vertrouwensgegevens;
  /** Epoch ms: the token's exp, or earlier where its issuer's maximum age ends sooner. */
  readonly geldigTotMs: number;
}

/** What the verifier is built from: the trust source, time, and the installation's settings. */
export interface TokenVerifierOpties {
  /** Registered issuers, their bindings and the organisations (cached by the source, dropped on change). */
  bron: VertrouwensBron;
  clock: Clock;
  /** Expected `aud` for issuers without their own (OIDC_AUDIENCE). */
  standaardAudience: string;
  /** Roles that read person data, derived from the privacy policy: only they need the issuer's minimum `acr`. */
  rollenMetPersoonsgegevens: ReadonlySet<Rol>;
  /** The development issuer's public keys when it is enabled. */
  ontwikkelIssuer?: { jwks: JSONWebKeySet };
  /** In production the development issuer is refused, whatever else says. */
  isProductie: boolean;
  /** How many verified tokens are kept (least recently used go first); 0 switches the cache off. */
  tokenCache?: number;
}

/**
 * Verifies OIDC/JWT bearer tokens and turns them into an Actor. A token is accepted only when its issuer is
 * registered and active, its signature, audience and times check out, and the issuer is bound to the organisation it
 * names with the role it asserts (token-claims.ts). Invariant: every refusal is a TokenGeweigerd; the development
 * issuer is accepted only when enabled and never in production.
 *
 * A token is verified once per lifetime, not per request: a verified token's actor is kept under the SHA-256 of the
 * token (so only a token whose every byte, signature included, was verified can hit), at most until its `exp` (or its
 * issuer's maximum age) by the injected clock, and only for the trust data it was verified against: the register hands
 * out a new object on every change to issuers, bindings or organisations, which empties the cache. A refused token is
 * never kept.
 */
export class TokenVerifier {
  /** Key sets per issuer, rebuilt when the registered key material changes; jose caches remote sets itself. */
  private readonly sleutels = new Map<string, { bron: string; keys: JWTVerifyGetKey }>();
  private laatsteGegevens?: Vertrouwensgegevens;
  private readonly ontwikkelSleutels?: JWTVerifyGetKey;
  private readonly geverifieerd?: LRUCache<string, Geverifieerd>;
  /** The trust data the cached tokens belong to; another object means the register changed. */
  private cacheGegevens?: Vertrouwensgegevens;

  constructor(private readonly o: TokenVerifierOpties) {
    if (o.ontwikkelIssuer && !o.isProductie) this.ontwikkelSleutels = createLocalJWKSet(o.ontwikkelIssuer.jwks);
    const max = o.tokenCache ?? STANDAARD_TOKENCACHE;
    // lru-cache's own ttl runs on the injected clock too, so it evicts what the check below would refuse anyway.
    if (max > 0) {
      this.geverifieerd = new LRUCache<string, Geverifieerd>({ max, perf: { now: () => o.clock.now().getTime() } });
    }
  }

  /** Number of verified tokens held and still valid by the clock (for tests and metrics). */
  get tokensInCache(): number {
    if (!this.geverifieerd) return 0;
    const nu = this.o.clock.now().getTime();
    let n = 0;
    for (const g of this.geverifieerd.values()) if (g.gegevens === this.cacheGegevens && nu < g.geldigTotMs) n += 1;
    return n;
  }

  /** Verifies the Authorization header and returns the caller, or throws TokenGeweigerd. */
  async verify(authorization: string | undefined): Promise<Actor> {
    if (!authorization) {
      throw new TokenGeweigerd('TOKEN_ONTBREEKT', 'geef een bearer token mee in de Authorization-header');
    }
    const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(authorization.trim());
    if (!match?.[1]) {
      throw new TokenGeweigerd('TOKEN_ONLEESBAAR', 'de Authorization-header moet "Bearer <jwt>" zijn');
    }
    const token = match[1];
    const gegevens = await this.o.bron.huidige();
    const sleutel = this.geverifieerd ? createHash('sha256').update(token).digest('base64url') : '';
    if (this.geverifieerd) {
      if (gegevens !== this.cacheGegevens) {
        this.geverifieerd.clear();
        this.cacheGegevens = gegevens;
      }
      const hit = this.geverifieerd.get(sleutel);
      if (hit && hit.gegevens === gegevens && this.o.clock.now().getTime() < hit.geldigTotMs) return hit.actor;
      if (hit) this.geverifieerd.delete(sleutel);
    }
    // Decoded only on a miss: a token in the cache was read and verified whole before.
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new TokenGeweigerd('TOKEN_ONLEESBAAR', 'het token is geen geldige JWT');
    }
    let geverifieerd: Geverifieerd;
    try {
      geverifieerd = await this.verifieerMet(token, unverified, gegevens);
    } catch (e) {
      if (!(e instanceof TokenGeweigerd && HERZIENBAAR.has(e.reden))) throw e;
      // Before refusing on trust data, make sure it is not a change committed a moment ago that the cache has yet to
      // hear of (a just-registered issuer, binding or key). Costs a round trip, on refusals only.
      const vers = await this.o.bron.bijgewerkt();
      if (vers === gegevens) throw e;
      geverifieerd = await this.verifieerMet(token, unverified, vers);
    }
    this.bewaar(sleutel, geverifieerd);
    return geverifieerd.actor;
  }

  /** Keeps a verified token for the rest of its life, if it was verified against the trust data the cache holds. */
  private bewaar(sleutel: string, g: Geverifieerd): void {
    if (!this.geverifieerd) return;
    if (g.gegevens !== this.cacheGegevens) return; // verified against newer data: the next request clears the cache
    const ttl = g.geldigTotMs - this.o.clock.now().getTime();
    if (ttl > 0) this.geverifieerd.set(sleutel, g, { ttl });
  }

  private async verifieerMet(
    token: string,
    unverified: JWTPayload,
    gegevens: Vertrouwensgegevens,
  ): Promise<Geverifieerd> {
    const iss = typeof unverified.iss === 'string' ? unverified.iss : '';
    let keys: JWTVerifyGetKey;
    let issuer: VertrouwdeIssuer | undefined;
    if (iss === DEV_ISSUER) {
      // Reserved name: never looked up in the register, so a row with this name cannot switch it on.
      if (this.o.isProductie || !this.ontwikkelSleutels) {
        throw new TokenGeweigerd(
          'ONTWIKKEL_ISSUER_UIT',
          'de ontwikkel-issuer staat hier uit; gebruik een token van een geregistreerde identity provider',
          { issuer: iss },
        );
      }
      keys = this.ontwikkelSleutels;
    } else {
      issuer = gegevens.issuers.get(iss);
      if (!issuer) {
        throw new TokenGeweigerd('ISSUER_ONBEKEND', 'het token komt van een issuer die hier niet vertrouwd wordt', {
          issuer: iss.slice(0, 200),
        });
      }
      if (!issuer.actief) {
        throw new TokenGeweigerd('ISSUER_GEDEACTIVEERD', 'de issuer van het token is gedeactiveerd', { issuer: iss });
      }
      keys = this.sleutelsVan(issuer, gegevens);
    }

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: iss,
        audience: issuer?.audience ?? this.o.standaardAudience,
        algorithms: TOEGESTANE_ALGORITMEN,
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate: this.o.clock.now(),
        clockTolerance: KLOKTOLERANTIE_S,
      }));
    } catch (e) {
      throw vertaalJoseFout(e, iss);
    }
    this.controleerTijd(payload, issuer, iss);
    const actor = Object.freeze(
      actorUitClaims(payload, { iss, issuer, gegevens, rollenMetPersoonsgegevens: this.o.rollenMetPersoonsgegevens }),
    );
    // Without the clock tolerance: a cached token stops at exp itself (a later request is verified in full again).
    const exp = (payload.exp as number) * 1000;
    const max = issuer?.maxTokenLeeftijdS;
    const geldigTotMs = max === undefined ? exp : Math.min(exp, ((payload.iat as number) + max) * 1000);
    return { actor, gegevens, geldigTotMs };
  }

  /** iat in the future is refused for every issuer; the maximum age where the issuer sets one. */
  private controleerTijd(p: JWTPayload, issuer: VertrouwdeIssuer | undefined, iss: string): void {
    const nu = Math.floor(this.o.clock.now().getTime() / 1000);
    const iat = p.iat as number;
    if (iat > nu + KLOKTOLERANTIE_S) {
      throw new TokenGeweigerd(
        'TOKEN_UIT_DE_TOEKOMST',
        'het token is uitgegeven in de toekomst (iat); controleer de klok van de identity provider',
        { issuer: iss },
      );
    }
    const max = issuer?.maxTokenLeeftijdS;
    if (max !== undefined && nu - iat > max + KLOKTOLERANTIE_S) {
      throw new TokenGeweigerd(
        'TOKEN_TE_OUD',
        `het token is ouder dan ${max} seconden (iat); vraag een nieuw token aan`,
        { issuer: iss },
      );
    }
  }

  /** The issuer's key set; rebuilt when its jwks or jwks_uri changed, dropped when the issuer is gone. */
  private sleutelsVan(issuer: VertrouwdeIssuer, gegevens: Vertrouwensgegevens): JWTVerifyGetKey {
    if (gegevens !== this.laatsteGegevens) {
      this.laatsteGegevens = gegevens;
      for (const naam of this.sleutels.keys()) if (!gegevens.issuers.has(naam)) this.sleutels.delete(naam);
    }
    const bron = issuer.jwksUri ?? JSON.stringify(issuer.jwks);
    const hit = this.sleutels.get(issuer.issuer);
    if (hit?.bron === bron) return hit.keys;
    let keys: JWTVerifyGetKey;
    try {
      keys = issuer.jwksUri
        ? createRemoteJWKSet(new URL(issuer.jwksUri), { cooldownDuration: 30_000, cacheMaxAge: 600_000 })
        : createLocalJWKSet(issuer.jwks as JSONWebKeySet);
    } catch {
      throw new TokenGeweigerd(
        'HANDTEKENING_ONGELDIG',
        'de sleutels van deze issuer zijn onbruikbaar geregistreerd; neem contact op met functioneel beheer',
        { issuer: issuer.issuer },
      );
    }
    this.sleutels.set(issuer.issuer, { bron, keys });
    return keys;
  }
}

function vertaalJoseFout(e: unknown, issuer: string): TokenGeweigerd {
  const d = { issuer: issuer.slice(0, 200) };
  if (e instanceof joseErrors.JWTExpired) {
    return new TokenGeweigerd('TOKEN_VERLOPEN', 'het token is verlopen', d);
  }
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.reason === 'missing') return new TokenGeweigerd('CLAIM_ONTBREEKT', `claim ${e.claim} ontbreekt`, d);
    if (e.claim === 'aud') {
      return new TokenGeweigerd('AUDIENCE_ONJUIST', 'het token is niet voor deze API uitgegeven', d);
    }
    if (e.claim === 'nbf') return new TokenGeweigerd('TOKEN_NOG_NIET_GELDIG', 'het token is nog niet geldig', d);
    return new TokenGeweigerd('CLAIMS_ONGELDIG', `claim ${e.claim} is ongeldig`, d);
  }
  if (e instanceof joseErrors.JOSEAlgNotAllowed || e instanceof joseErrors.JOSENotSupported) {
    return new TokenGeweigerd(
      'ALGORITME_NIET_TOEGESTAAN',
      'het ondertekeningsalgoritme van het token is niet toegestaan',
      d,
    );
  }
  if (e instanceof joseErrors.JWSSignatureVerificationFailed || e instanceof joseErrors.JWKSNoMatchingKey) {
    return new TokenGeweigerd('HANDTEKENING_ONGELDIG', 'de handtekening van het token klopt niet', d);
  }
  if (e instanceof joseErrors.JWSInvalid || e instanceof joseErrors.JWTInvalid) {
    return new TokenGeweigerd('TOKEN_ONLEESBAAR', 'het token is geen geldige JWS', d);
  }
  return new TokenGeweigerd('HANDTEKENING_ONGELDIG', 'het token kon niet worden geverifieerd', d);
}
