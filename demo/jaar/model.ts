import type { CasusFase } from '../../src/casussen/proces';
import type { AardGeweld, BetrokkeneRol } from '../../src/meldingen/cbs-categorieen';
import type { Datum } from '../../src/termijnen/kalender';
import type { Gezin } from './verdelingen';

/**
 * A year of work of one Veilig Thuis region, simulated through the real services (validated, audited, with
 * termijnen) on a clock that moves forward from a year ago to now. Volumes and shapes follow DOMAIN.md §6:
 * Gooi en Vechtstreek 2023 for the volume, the national CBS shape for who reports, what kind of violence,
 * and previous involvement (CBS 85361). Work is done mostly on time and sometimes late, as in reality
 * (DOMAIN.md §2: no organisation met the 5-day norm in 2023); what would happen after "now" is left open,
 * so the teamleider view shows work due, overdue and in every fase. Deterministic for a given seed.
 */
export interface DemoOmvang {
  readonly regio: string;
  readonly meldingenPerJaar: number;
  readonly adviezenPerJaar: number;
  /** Households with a casus closed before the year, so that hermeldingen can occur from the start. */
  readonly eerdereHuishoudens: number;
  readonly seed: number;
  /** Tijdelijke huisverboden a year (police meldingen where the burgemeester imposed one); none: no huisverboden. */
  readonly huisverbodenPerJaar?: number;
  /** Aware applications a year (police meldingen with a victim for whom VT applies); none: no applications. */
  readonly awareAanvragenPerJaar?: number;
  /** The wijkteam (organisation code) that VT hands over to through the gateway; none: no overdrachten. */
  readonly wijkteam?: string;
  /** The Zorg- en Veiligheidshuis (organisation code) that gets every fourth warme overdracht; none: all to the wijkteam. */
  readonly zvh?: string;
  /** The GI (organisation code) that takes over children under a child-protection measure; none: no GI overdrachten. */
  readonly gi?: string;
  /** The Raad voor de Kinderbescherming (organisation code) that VT offers its Verzoeken tot Onderzoek to. */
  readonly raad?: string;
  /** The gemeente (organisation code) whose college hears of each Verzoek tot Onderzoek; with `raad` both needed. */
  readonly gemeente?: string;
  /** The OM (organisation code) at the ZSM table that asks VT about suspects in custody; none: no ZSM requests. */
  readonly om?: string;
  /** The schools (organisation codes) that take part in Handle with Care, primary and secondary; none: no signals. */
  readonly scholen?: { readonly basis: string; readonly voortgezet: string };
}

/** Gooi en Vechtstreek 2023: 1,266 meldingen, 1,437 adviezen, 15 huisverboden and 40 Aware users (DOMAIN.md §6). */
export const GOOI_EN_VECHTSTREEK: DemoOmvang = {
  regio: 'VT14',
  meldingenPerJaar: 1266,
  adviezenPerJaar: 1437,
  eerdereHuishoudens: 220,
  seed: 14,
  huisverbodenPerJaar: 15,
  awareAanvragenPerJaar: 40,
  wijkteam: 'WT-HILVERSUM',
  zvh: 'ZVH-GV',
  gi: 'GI-JBGV',
  raad: 'RVDK',
  gemeente: 'GM0402',
  om: 'OM-MNL',
  scholen: { basis: 'SCHOOL-00AA', voortgezet: 'SCHOOL-11BB' },
};

export interface DemoVerslag {
  meldingen: number;
  adviezen: number;
  stappen: number;
  /** Steps the services refused, by reason; expected to be empty (the simulation only takes allowed steps). */
  geweigerd: Record<string, number>;
  duurMs: number;
  /** The secret of the demo melder's access (`Authorization: Melder <geheim>`); never logged. */
  melderGeheim?: string;
}

export interface DemoPersoon {
  bsn?: string;
  voornamen: string;
  achternaam: string;
  geboortedatum: Datum;
  rollen: BetrokkeneRol[];
  kind: boolean;
  persoonId?: string;
}

export interface CasusStaat {
  id: string;
  fase: CasusFase;
  /** Bumped on every step; a scheduled step for an older generation no longer applies and is dropped. */
  generatie: number;
  vervolgGestartOp?: Datum;
  verantwoordelijke: string;
  /** The team the teamleider assigned the casus to, if any. */
  team?: string;
  /** When the teamleider's assignment takes effect: the behandelaar works on the casus from then on. */
  toegewezenVanaf?: number;
  monitoringContacten: number;
  /** A live offer to the wijkteam (one per casus and partner at a time). */
  aanbodLoopt?: boolean;
}

export interface Huishouden {
  nr: number;
  soort: Gezin;
  aard: AardGeweld[];
  personen: DemoPersoon[];
  adres: { straat: string; huisnummer: string; postcode: string; woonplaats: string };
  casus?: CasusStaat;
  /** Had a casus that was closed. */
  bekend: boolean;
}

/** BSNs in the range the RvIG keeps for testing (999…): valid by the 11-proef, never a real person's. */
export function* testBsns(): Generator<string> {
  for (let n = 0; n < 100_000; n++) {
    const basis = `9999${String(n).padStart(4, '0')}`;
    let som = 0;
    for (let i = 0; i < 8; i++) som += (9 - i) * Number(basis[i]);
    const controle = som % 11;
    if (controle <= 9) yield basis + String(controle);
  }
}
