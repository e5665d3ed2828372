import type { Actor } from '../auth/actor';
import type { RequestContext } from '../lib/context';
import { geenToegang } from '../lib/errors';

/**
 * Whose organisations a functioneel beheerder manages (issue 11, point 3):
 * - LANDELIJK (a national beheer organisation, or the CLI of the first administrator): every organisation and issuer;
 * - REGIO (the beheerder of a VT organisation): the partner organisations linked to its own region, and the issuers
 *   bound only to those. VT and national organisations, partners of other regions, and issuers that also serve
 *   organisations outside the region are not there for it: answered like a code that does not exist.
 */
export type BeheerScope = { readonly soort: 'LANDELIJK' } | { readonly soort: 'REGIO'; readonly regio: string };

/** The caller's scope; FORBIDDEN for anyone else (the shield already refuses every other role). */
export function beheerScope(actor: Actor): BeheerScope {
  if (actor.rol !== 'FUNCTIONEEL_BEHEERDER') {
    throw geenToegang('Alleen functioneel beheer beheert organisaties en issuers.');
  }
  if (actor.organisatie.soort === 'LANDELIJK') return { soort: 'LANDELIJK' };
  if (actor.organisatie.soort === 'VEILIG_THUIS') return { soort: 'REGIO', regio: actor.organisatie.code };
  throw geenToegang('Functioneel beheer hoort bij een Veilig Thuis-organisatie of bij het landelijk beheer.');
}

export function scopeVan(ctx: RequestContext): BeheerScope {
  return beheerScope(ctx.actor);
}

/** A partner organisation: not a VT organisation (a tenant from configuration) and not a national one. */
export function isPartnerSoort(soort: string): boolean {
  return soort !== 'VEILIG_THUIS' && soort !== 'LANDELIJK';
}

/**
 * The VT regions whose beheerder manages an organisation: a partner's own regions; none for VT and national
 * organisations (only national beheer). Carried by every beheer view for the row rule `isInBeheer`.
 */
export function beheerRegiosVan(org: { readonly soort: string; readonly regioCodes: readonly string[] }): string[] {
  return isPartnerSoort(org.soort) ? [...org.regioCodes] : [];
}

/**
 * The regions whose beheerder manages an issuer: those that manage every organisation it is bound to (the
 * intersection); none for an issuer without bindings or one that also serves a VT or national organisation.
 */
export function issuerBeheerRegios(
  organisaties: readonly { readonly soort: string; readonly regioCodes: readonly string[] }[],
): string[] {
  if (organisaties.length === 0) return [];
  let regios = beheerRegiosVan(organisaties[0]);
  for (const o of organisaties.slice(1)) {
    const r = new Set(beheerRegiosVan(o));
    regios = regios.filter((x) => r.has(x));
  }
  return regios;
}

/** Whether the scope covers an object with these beheer regions. */
export function inScope(scope: BeheerScope, beheerRegios: readonly string[]): boolean {
  return scope.soort === 'LANDELIJK' || beheerRegios.includes(scope.regio);
}

/** The VT organisation recorded as owner of a beheer audit record: the beheerder's region, or none for national. */
export function auditRegio(scope: BeheerScope): string | null {
  return scope.soort === 'REGIO' ? scope.regio : null;
}
