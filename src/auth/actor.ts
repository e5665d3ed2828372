import type { RequestContext } from '../lib/context';
import { geenToegang } from '../lib/errors';
import type { OrganisatieSoort, Rol } from './rollen';

declare module '../lib/context' {
  interface RequestContext {
    /** Who is calling (src/app.ts resolves it from the verified token). */
    readonly actor: Actor;
  }
}

/** The organisation a caller acts for, as resolved from the organisation register. */
export interface ActorOrganisatie {
  readonly code: string;
  readonly naam: string;
  readonly soort: OrganisatieSoort;
  /** VT regions this organisation works with (a VT organisation: itself). */
  readonly regioCodes: readonly string[];
}

/**
 * Who is calling, derived only from a verified token and the organisation register.
 * Invariant: never built from unverified input.
 */
export interface Actor {
  /** Subject identifier at the issuer (a person or a machine client). */
  readonly sub: string;
  readonly soort: 'PERSOON' | 'SYSTEEM';
  readonly naam?: string;
  readonly rol: Rol;
  readonly organisatie: ActorOrganisatie;
  /** The responsible person on whose behalf a machine client or delegate acts (RFC 8693 `act`). */
  readonly namens?: string;
  readonly issuer: string;
  /**
   * The VT teams the caller belongs to, from the token's team claim (the identity provider's groups). Used for
   * need-to-know inside a region: a casus assigned to a team is open to its members.
   */
  readonly teams?: readonly string[];
  /** MELDER only: the one melding the melder's access is for (src/melders). */
  readonly melding?: string;
}

/** The VT region whose cases the actor may work on, or undefined for non-VT actors. */
export function eigenVtRegio(actor: Actor): string | undefined {
  // A melder acts under the VT organisation that holds their melding, but never as its staff.
  return isVtMedewerker(actor) ? actor.organisatie.code : undefined;
}

/** Whether the actor works for a VT organisation (a melder acting under one does not). */
export function isVtMedewerker(actor: Actor): boolean {
  return actor.organisatie.soort === 'VEILIG_THUIS' && actor.rol !== 'MELDER';
}

/** The caller's own VT region; FORBIDDEN for anyone who does not work for a VT organisation. */
export function vtRegioVan(ctx: RequestContext): string {
  const regio = eigenVtRegio(ctx.actor);
  if (!regio) throw geenToegang();
  return regio;
}
