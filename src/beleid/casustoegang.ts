import type { Actor } from '../auth/actor';
import type { Rol } from '../auth/rollen';

/**
 * Need-to-know inside a VT region (DOMAIN.md §9.4), as a pure predicate that the row rules and the services share.
 *
 * - The teamleider reads the whole region: they distribute the work (casusToewijzen) and judge what a casus needs
 *   before anyone is assigned, and every overdue termijn of the region escalates to them; they cannot do either
 *   without the content.
 * - The vertrouwensarts (and gedragsdeskundige) reads the whole region: §9.4 gives them "full case"; they are
 *   consulted on cases of every worker, often before being named anywhere.
 * - A VT medewerker reads a casus in full only as its behandelaar, as a member of its team, or under an active
 *   noodtoegang of their own. Anything else of the region they learn only through casusZoeken: that a casus exists
 *   and who is assigned.
 */
export const LEEST_HELE_REGIO: readonly Rol[] = ['VT_TEAMLEIDER', 'VERTROUWENSARTS'];

/** What the row rule needs to know about the casus behind an object: who is assigned, and the caller's own noodtoegang. */
export interface CasusToegang {
  readonly behandelaar: string | null;
  readonly team: string | null;
  /** The caller's own noodtoegang to this casus that was active when the object was loaded (the rule checks the time again). */
  readonly noodtoegang: { readonly id: string; readonly medewerker: string; readonly tot: Date } | null;
  /**
   * Processing of the casus is restricted (a granted beperking or bezwaar, src/rechten): only its behandelaar reads it
   * (and the privacy officer, through src/rechten); region, team and noodtoegang no longer open it.
   */
  readonly beperkt: boolean;
}

/** Why the caller may read a casus in full; null: they may not. */
export type Toegangsgrond = 'REGIO' | 'BEHANDELAAR' | 'TEAM' | 'NOODTOEGANG';

/**
 * The ground on which `actor` reads a casus of their own region at moment `nu`, or null. Assignment wins over a
 * noodtoegang (an assigned worker's reads are ordinary reads). A medewerker without the casus' assignment data
 * (`toegang` undefined) is refused: a service that forgot to load it fails closed.
 */
export function toegangsgrond(toegang: CasusToegang | undefined, actor: Actor, nu: Date): Toegangsgrond | null {
  // A restricted casus: its behandelaar alone. The services' SQL (casustoegang.sql.ts) never loads one for anyone else.
  if (LEEST_HELE_REGIO.includes(actor.rol)) return toegang?.beperkt ? null : 'REGIO';
  if (actor.rol !== 'VT_MEDEWERKER' || !toegang) return null;
  if (toegang.behandelaar !== null && toegang.behandelaar === actor.sub) return 'BEHANDELAAR';
  if (toegang.beperkt) return null;
  if (toegang.team !== null && (actor.teams ?? []).includes(toegang.team)) return 'TEAM';
  const n = toegang.noodtoegang;
  if (n && n.medewerker === actor.sub && nu < n.tot) return 'NOODTOEGANG';
  return null;
}
