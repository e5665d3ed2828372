import { type Actor, isVtMedewerker } from '../auth/actor';
import { VT_UITVOERING } from '../auth/rollen';
import { type CasusToegang, toegangsgrond } from './casustoegang';

/** An object that belongs to one VT organisation. */
interface VanVtOrganisatie {
  readonly vtOrganisatie: string;
}

const isVtVanRegio = (obj: VanVtOrganisatie, actor: Actor): boolean =>
  isVtMedewerker(actor) && obj.vtOrganisatie === actor.organisatie.code;

/** An object of one casus, carrying what need-to-know asks (set by the service that loaded it). */
interface VanCasus extends VanVtOrganisatie {
  readonly casusToegang?: CasusToegang;
}

/** VT staff of the owning region who may read this casus in full (need-to-know, src/beleid/casustoegang.ts). */
const isToegewezenVt = (obj: VanCasus, actor: Actor, nu: Date): boolean =>
  isVtVanRegio(obj, actor) && toegangsgrond(obj.casusToegang, actor, nu) !== null;

/**
 * Row rules: may this actor see this object? Evaluated once per object returned (by the row guard
 * in beleid/doelgroep-schema.ts), after the service has already scoped its query.
 * Invariant: a rule is a pure, synchronous predicate over the object, the verified actor and the request's clock.
 *
 * Need-to-know: the types through which a casus' content enters a response (Casus, Melding, Veiligheidsbeoordeling,
 * Overdracht, HwcSignaal, an Advies turned melding, MelderTerugkoppeling) carry `heeftCasusToegang` or a rule built on
 * it. Their nested types (Dienst, Betrokkene, Persoon, OverdrachtInhoud, ...) keep the region rule: they are reachable
 * only through such a parent, and the guard fails the parent field before any child resolves.
 */
export const rijregels = {
  /** Reference or structural data (connections, organisations, the caller itself): no personal data. */
  geenPersoonsgegevens: (): boolean => true,
  /** Case content: only the VT organisation that owns it. */
  isVanEigenVtRegio: (obj: VanVtOrganisatie, actor: Actor): boolean => isVtVanRegio(obj, actor),
  /**
   * The content of one casus: VT staff of the owning region who may read that casus in full: teamleider and
   * vertrouwensarts always; a medewerker as behandelaar, team member or under their own noodtoegang until it expires.
   */
  heeftCasusToegang: (obj: VanCasus, actor: Actor, nu: Date): boolean => isToegewezenVt(obj, actor, nu),
  /**
   * A melding: as its casus; and the registration answer, which shows only what the caller just entered
   * (`eigenInvoerVan`, set by the service when the melding joined a casus assigned to someone else).
   */
  heeftMeldingToegang: (obj: VanCasus & { readonly eigenInvoerVan?: string }, actor: Actor, nu: Date): boolean =>
    isToegewezenVt(obj, actor, nu) ||
    (isVtVanRegio(obj, actor) && obj.eigenInvoerVan !== undefined && obj.eigenInvoerVan === actor.sub),
  /** An advies: the region while it is only an advies (no persons, no casus); once turned into a melding, as that casus. */
  heeftAdviesToegang: (obj: VanCasus & { readonly meldingId: string | null }, actor: Actor, nu: Date): boolean =>
    obj.meldingId === null ? isVtVanRegio(obj, actor) : isToegewezenVt(obj, actor, nu),
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
  isVanEigenVtRegioOfOntvanger: (
    obj: VanVtOrganisatie & { readonly ontvanger: string; readonly toegangActief: boolean },
    actor: Actor,
  ): boolean => isVtVanRegio(obj, actor) || (obj.ontvanger === actor.organisatie.code && obj.toegangActief),
  /**
   * Gateway objects about one casus (an overdracht, a Handle with Care signal): VT staff who may read the casus, or
   * the addressed partner while its access lasts, as `isVanEigenVtRegioOfOntvanger`.
   */
  isToegewezenVtOfOntvanger: (
    obj: VanCasus & { readonly ontvanger: string; readonly toegangActief: boolean },
    actor: Actor,
    nu: Date,
  ): boolean => isToegewezenVt(obj, actor, nu) || (obj.ontvanger === actor.organisatie.code && obj.toegangActief),
  /**
   * A tijdelijk huisverbod: VT staff who may read its casus; the OOV of the gemeente whose burgemeester imposed it and
   * the police organisation that reported it, each in its own role and while its access lasts (`toegangActief`).
   */
  isToegewezenVtOfHuisverbodPartner: (
    obj: VanCasus & { readonly gemeente: string; readonly politie: string | null; readonly toegangActief: boolean },
    actor: Actor,
    nu: Date,
  ): boolean =>
    isToegewezenVt(obj, actor, nu) ||
    (obj.toegangActief &&
      ((actor.rol === 'GEMEENTE_OOV_MEDEWERKER' && obj.gemeente === actor.organisatie.code) ||
        (actor.rol === 'POLITIE_MEDEWERKER' && obj.politie === actor.organisatie.code))),
  /**
   * An Aware application: VT staff who may read its casus; the indication committee it was submitted to, in its own
   * role, once submitted (a draft is VT's alone).
   */
  isToegewezenVtOfAwareCommissie: (
    obj: VanCasus & { readonly commissie: string; readonly isIngediend: boolean },
    actor: Actor,
    nu: Date,
  ): boolean =>
    isToegewezenVt(obj, actor, nu) ||
    (actor.rol === 'AWARE_INDICATIECOMMISSIE' && obj.isIngediend && obj.commissie === actor.organisatie.code),
  /**
   * A noodtoegang: the medewerker who opened it, and the privacy officer and teamleider of the region (review queue).
   */
  isNoodtoegangZichtbaar: (obj: VanVtOrganisatie & { readonly medewerker: string }, actor: Actor): boolean =>
    isVtVanRegio(obj, actor) &&
    (actor.rol === 'PRIVACY_OFFICER' ||
      actor.rol === 'VT_TEAMLEIDER' ||
      (actor.rol === 'VT_MEDEWERKER' && obj.medewerker === actor.sub)),
  /**
   * A data subject's request (src/rechten): the privacy officer of the VT region that holds the file, nobody else (not
   * even the VT staff who work on the casus: the request is about them too).
   */
  isRechtenverzoekVanEigenRegio: (obj: VanVtOrganisatie, actor: Actor): boolean =>
    actor.rol === 'PRIVACY_OFFICER' && isVtVanRegio(obj, actor),
  /** Structural objects of one partner organisation (its webhook endpoints, its events): that organisation. */
  isVanEigenOrganisatie: (obj: { readonly organisatie: string }, actor: Actor): boolean =>
    obj.organisatie === actor.organisatie.code,
  /**
   * Audit records: the privacy officer of the organisation responsible for the record, which is the VT region of the
   * object where there is one, else the acting organisation (`coalesce(vt_organisatie, organisatie)`, src/audit).
   */
  isAuditVanEigenOrganisatie: (
    obj: { readonly vtOrganisatie: string | null; readonly organisatie: string },
    actor: Actor,
  ): boolean => actor.rol === 'PRIVACY_OFFICER' && (obj.vtOrganisatie ?? obj.organisatie) === actor.organisatie.code,
  /**
   * Beheer data (organisations, issuers, bindings, endpoints as functioneel beheer sees them): the national beheerder,
   * or the beheerder of a VT organisation that manages the object (`beheerRegios`: the partner's regions; for an
   * issuer the regions that manage every organisation it is bound to; empty: national only).
   */
  isInBeheer: (obj: { readonly beheerRegios: readonly string[] }, actor: Actor): boolean =>
    actor.rol === 'FUNCTIONEEL_BEHEERDER' &&
    (actor.organisatie.soort === 'LANDELIJK' ||
      (actor.organisatie.soort === 'VEILIG_THUIS' && obj.beheerRegios.includes(actor.organisatie.code))),
  /**
   * What a melder's access shows: only objects of the one melding it was issued for (`meldingId`), to that access'
   * melder (role MELDER, bound to the melding by the verified access, src/melders).
   */
  isEigenMeldingVanMelder: (obj: { readonly meldingId: string }, actor: Actor): boolean =>
    actor.rol === 'MELDER' && actor.melding !== undefined && obj.meldingId === actor.melding,
  /** A melder's supplement: VT staff who may read the casus, or the melder of that melding. */
  isToegewezenVtOfEigenMelder: (obj: VanCasus & { readonly meldingId: string }, actor: Actor, nu: Date): boolean =>
    isToegewezenVt(obj, actor, nu) ||
    (actor.rol === 'MELDER' && actor.melding !== undefined && obj.meldingId === actor.melding),
  /** Aggregates of the analyst API (counts, category codes; no persons): analysts only, scoped by the service. */
  isAggregaatVoorAnalist: (_obj: unknown, actor: Actor): boolean => actor.rol === 'ANALIST',
  /** A request to refresh the analysis rollups (no figures, no persons): analysts and functional administrators. */
  isVerversverzoekVoorAnalistOfBeheer: (_obj: unknown, actor: Actor): boolean =>
    actor.rol === 'ANALIST' || actor.rol === 'FUNCTIONEEL_BEHEERDER',
} as const;

export type RijRegelNaam = keyof typeof rijregels;
/** A row rule; `nu` is the request's clock (a noodtoegang expires by it, never by the wall clock in a test). */
export type RijRegel = (obj: never, actor: Actor, nu: Date) => boolean;
