/**
 * Every reason a token can be refused. Returned to the caller as `extensions.reden` with code UNAUTHENTICATED and
 * logged (never the token). The values are a stable contract: identity providers and partners act on them.
 */
export const TOKEN_WEIGERINGEN = [
  /** No Authorization header. */
  'TOKEN_ONTBREEKT',
  /** Not "Bearer <jwt>", or not a JWT/JWS. */
  'TOKEN_ONLEESBAAR',
  /** `alg: none`, HMAC or another algorithm we do not accept. */
  'ALGORITME_NIET_TOEGESTAAN',
  /** `iss` is not a registered issuer. */
  'ISSUER_ONBEKEND',
  /** `iss` is registered but switched off. */
  'ISSUER_GEDEACTIVEERD',
  /** A token of the development issuer where it is not enabled (always in production). */
  'ONTWIKKEL_ISSUER_UIT',
  /** The signature does not verify against the issuer's keys. */
  'HANDTEKENING_ONGELDIG',
  /** `aud` is not this API. */
  'AUDIENCE_ONJUIST',
  /** `exp` has passed. */
  'TOKEN_VERLOPEN',
  /** `nbf` lies in the future. */
  'TOKEN_NOG_NIET_GELDIG',
  /** `iat` lies in the future (beyond the clock tolerance). */
  'TOKEN_UIT_DE_TOEKOMST',
  /** Older (now - iat) than the issuer's maximum token age. */
  'TOKEN_TE_OUD',
  /** A required claim is absent: sub, exp, iat, the organisation or the role claim. */
  'CLAIM_ONTBREEKT',
  /** A claim has the wrong form (e.g. the team claim, a non-numeric date). */
  'CLAIMS_ONGELDIG',
  /** `azp` (or `client_id`) is not among the issuer's accepted clients. */
  'CLIENT_NIET_TOEGESTAAN',
  /** The issuer may not speak for the organisation in the token (no binding, or not registered). */
  'ORGANISATIE_NIET_TOEGESTAAN',
  /** The organisation is registered but deactivated. */
  'ORGANISATIE_GEDEACTIVEERD',
  /** The role value is not one of ours and not mapped by the issuer's rol_waarden. */
  'ROL_ONBEKEND',
  /** The role is not in the binding, or not one that organisation's kind can act in. */
  'ROL_NIET_TOEGESTAAN',
  /** The role reads person data and `acr` is below the issuer's minimum assurance level (or absent). */
  'BETROUWBAARHEID_TE_LAAG',
  /** `Authorization: Melder <geheim>` with a secret that is malformed or was never issued (src/melders). */
  'MELDERTOEGANG_ONGELDIG',
  /** The melder's access has passed its end date. */
  'MELDERTOEGANG_VERLOPEN',
  /** VT revoked the melder's access. */
  'MELDERTOEGANG_INGETROKKEN',
] as const;

export type TokenWeigering = (typeof TOKEN_WEIGERINGEN)[number];

/**
 * A refused token. `details` holds codes for the log (issuer, claimed organisation and role), never the token or
 * personal data. Invariant: every refusal by the verifier is one of these.
 */
export class TokenGeweigerd extends Error {
  constructor(
    readonly reden: TokenWeigering,
    message: string,
    readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}
