import type { ActorOrganisatie } from './actor';

/**
 * What token verification needs to know about trust, as read from the register (issuers, their bindings and the
 * organisations). The verifier in src/auth takes it through VertrouwensBron; src/organisaties implements it from
 * the tables of migration 15, so auth knows nothing of where trust is stored.
 */

/** Assurance levels of the NL GOV Assurance profile (eIDAS low, substantial, high), in increasing order. */
export const BETROUWBAARHEIDSNIVEAUS = ['LAAG', 'SUBSTANTIEEL', 'HOOG'] as const;
export type Betrouwbaarheid = (typeof BETROUWBAARHEIDSNIVEAUS)[number];

/** One organisation an issuer may speak for, found by the value the issuer puts in its organisation claim. */
export interface IssuerBinding {
  /** Our organisation code. */
  readonly organisatie: string;
  /** The roles (ours) the issuer may assert for this organisation. */
  readonly rollen: readonly string[];
}

/** A registered identity provider with its settings (NL GOV Assurance profile) and bindings. */
export interface VertrouwdeIssuer {
  readonly issuer: string;
  readonly actief: boolean;
  /** Exactly one of the two. */
  readonly jwksUri?: string;
  readonly jwks?: { keys: Record<string, unknown>[] };
  /** Expected `aud`; absent: the installation's default audience. */
  readonly audience?: string;
  /** Claim names where the issuer does not use ours. */
  readonly claims: { readonly rol?: string; readonly organisatie?: string; readonly teams?: string };
  /** The issuer's role values mapped to ours; empty: the issuer uses our role names. */
  readonly rolWaarden: Readonly<Record<string, string>>;
  /** Accepted `azp` (or `client_id`) values; empty: not checked. */
  readonly toegestaneClients: readonly string[];
  /** The issuer's own `acr` values mapped to a level, beside the eIDAS URIs. */
  readonly acrNiveaus: Readonly<Record<string, Betrouwbaarheid>>;
  /** Minimum level for roles that read person data; absent: not required. */
  readonly minBetrouwbaarheid?: Betrouwbaarheid;
  /** Maximum token age (now - iat) in seconds; absent: only `exp` limits it. */
  readonly maxTokenLeeftijdS?: number;
  /** Bindings by the issuer's organisation claim value (extern_id). */
  readonly bindingen: ReadonlyMap<string, IssuerBinding>;
}

/** An organisation as the verifier sees it: what becomes the actor's organisation, plus whether it is active. */
export interface VertrouwdeOrganisatie extends ActorOrganisatie {
  readonly actief: boolean;
}

/** One consistent view of the trust data. */
export interface Vertrouwensgegevens {
  readonly issuers: ReadonlyMap<string, VertrouwdeIssuer>;
  readonly organisaties: ReadonlyMap<string, VertrouwdeOrganisatie>;
}

/** Where the verifier gets its trust data; implementations cache and must drop the cache as soon as data changes. */
export interface VertrouwensBron {
  /** The cached trust data (no query while the cache holds). */
  huidige(): Promise<Vertrouwensgegevens>;
  /**
   * The trust data including every change committed before this call (costs a round trip). The verifier asks this
   * only before refusing a token for a reason that a change just made could lift (an issuer, binding or key
   * registered a moment ago), so a registration is usable at once and a refusal never rests on a stale cache.
   */
  bijgewerkt(): Promise<Vertrouwensgegevens>;
}

/** The eIDAS level-of-assurance URIs (and their NotNotified variants), which every issuer may use in `acr`. */
const EIDAS_ACR: Readonly<Record<string, Betrouwbaarheid>> = {
  'http://eidas.europa.eu/LoA/low': 'LAAG',
  'http://eidas.europa.eu/LoA/substantial': 'SUBSTANTIEEL',
  'http://eidas.europa.eu/LoA/high': 'HOOG',
  'http://eidas.europa.eu/LoA/NotNotified/low': 'LAAG',
  'http://eidas.europa.eu/LoA/NotNotified/substantial': 'SUBSTANTIEEL',
  'http://eidas.europa.eu/LoA/NotNotified/high': 'HOOG',
};

/** The assurance level an `acr` value stands for at this issuer, or undefined when unknown or absent. */
export function niveauVanAcr(
  acr: unknown,
  eigen: Readonly<Record<string, Betrouwbaarheid>>,
): Betrouwbaarheid | undefined {
  if (typeof acr !== 'string') return undefined;
  return Object.hasOwn(eigen, acr) ? eigen[acr] : Object.hasOwn(EIDAS_ACR, acr) ? EIDAS_ACR[acr] : undefined;
}

/** True when `niveau` is at least `minimum`. */
export function isMinstens(niveau: Betrouwbaarheid | undefined, minimum: Betrouwbaarheid): boolean {
  return niveau !== undefined && BETROUWBAARHEIDSNIVEAUS.indexOf(niveau) >= BETROUWBAARHEIDSNIVEAUS.indexOf(minimum);
}
