import type { Actor } from '../auth/actor';
import { VT_UITVOERING } from '../auth/rollen';

/** An object that belongs to one VT organisation. */
interface VanVtOrganisatie {
  readonly vtOrganisatie: string;
}

const isVtVanRegio = (obj: VanVtOrganisatie, actor: Actor): boolean =>
  actor.organisatie.soort === 'VEILIG_THUIS' && obj.vtOrganisatie === actor.organisatie.code;

/**
 * Row rules: may this actor see this object? Evaluated once per object returned (by the row guard
 * in lib/graphql/doelgroep-schema.ts), after the service has already scoped its query.
 * Invariant: a rule is a pure, synchronous predicate over the object and the verified actor.
 */
export const rijregels = {
  /** Reference or structural data (connections, organisations, the caller itself): no personal data. */
  geenPersoonsgegevens: (): boolean => true,
  /** Case content: only the VT organisation that owns it. */
  isVanEigenVtRegio: (obj: VanVtOrganisatie, actor: Actor): boolean => isVtVanRegio(obj, actor),
  /**
   * The melder: an anonymous melder's identity only for VT staff of the owning region (DOMAIN.md §4.2);
   * an open melder follows the melding's own rule.
   */
  melderIsZichtbaar: (obj: VanVtOrganisatie & { readonly anonimiteit: string }, actor: Actor): boolean =>
    isVtVanRegio(obj, actor) && (obj.anonimiteit === 'OPEN' || VT_UITVOERING.includes(actor.rol)),
  /**
   * Objects of the partner gateway (an overdracht, a Handle with Care signal, a ZSM request): VT staff of the
   * owning region, or the addressed partner organisation while its access lasts (`toegangActief`: false after
   * ingetrokken, afgewezen, verlopen or afgerond, except for what the service still returns of the partner's own
   * acknowledgement and outcome).
   */
  isVanEigenVtRegioOfOntvanger: (obj: VanVtOrganisatie & { readonly ontvanger: string; readonly toegangActief: boolean }, actor: Actor): boolean =>
    isVtVanRegio(obj, actor) || (obj.ontvanger === actor.organisatie.code && obj.toegangActief),
  /** Structural objects of one partner organisation (its webhook endpoints, its events): that organisation. */
  isVanEigenOrganisatie: (obj: { readonly organisatie: string }, actor: Actor): boolean => obj.organisatie === actor.organisatie.code,
  /** Audit records: the privacy officer of the organisation that owns the object. */
  isAuditVanEigenOrganisatie: (obj: { readonly vtOrganisatie: string | null }, actor: Actor): boolean =>
    actor.rol === 'PRIVACY_OFFICER' && obj.vtOrganisatie === actor.organisatie.code,
  /**
   * Beheer data (organisations, issuers, bindings, endpoints as functioneel beheer sees them): the national beheerder,
   * or the beheerder of a VT organisation that manages the object (`beheerRegios`: the partner's regions; for an
   * issuer the regions that manage every organisation it is bound to; empty: national only).
   */
  isInBeheer: (obj: { readonly beheerRegios: readonly string[] }, actor: Actor): boolean =>
    actor.rol === 'FUNCTIONEEL_BEHEERDER' &&
    (actor.organisatie.soort === 'LANDELIJK' || (actor.organisatie.soort === 'VEILIG_THUIS' && obj.beheerRegios.includes(actor.organisatie.code))),
  /** Aggregates of the analyst API (counts, category codes; no persons): analysts only, scoped by the service. */
  isAggregaatVoorAnalist: (_obj: unknown, actor: Actor): boolean => actor.rol === 'ANALIST',
} as const;

export type RijRegelNaam = keyof typeof rijregels;
export type RijRegel = (obj: never, actor: Actor) => boolean;
