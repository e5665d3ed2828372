import { registerEnumType } from 'type-graphql';

/**
 * The retention date of a VT dossier (DOMAIN.md §4.4): at most 20 years after the casus closed, and never before the
 * youngest child turns 18; as long as a child-protection measure needs the file it is not destroyed at all, and after
 * its recorded end not before that end. Pure, on
 * calendar dates (JJJJ-MM-DD, Europe/Amsterdam), so tests and the review job compute the same.
 */

export const BEWAARJAREN = 20;
export const MEERDERJARIG = 18;

/** Why a dossier has the date it has, or none. */
export enum BewaarGrond {
  /** The casus is still open: retention starts at closing. */
  CASUS_OPEN = 'CASUS_OPEN',
  TWINTIG_JAAR_NA_AFSLUITEN = 'TWINTIG_JAAR_NA_AFSLUITEN',
  /** The youngest child turns 18 after the 20 years: the later date holds. */
  JONGSTE_KIND_MEERDERJARIG = 'JONGSTE_KIND_MEERDERJARIG',
  /** A child-protection measure may need the file (GI handover accepted, RvdK investigation accepted). */
  KINDERBESCHERMINGSMAATREGEL = 'KINDERBESCHERMINGSMAATREGEL',
  /**
   * The measure that held the file has ended (recorded with its date): the file is kept at least until that end, and
   * that date is later than the others.
   */
  MAATREGEL_BEEINDIGD = 'MAATREGEL_BEEINDIGD',
  /** The privacy officer put the file on hold. */
  LEGAL_HOLD = 'LEGAL_HOLD',
  /** A review decided to keep the file until a later date. */
  UITGESTELD = 'UITGESTELD',
}
registerEnumType(BewaarGrond, {
  name: 'BewaarGrond',
  description: 'Waarom een dossier de vernietigingsdatum heeft die het heeft (of geen).',
});

/** What the date depends on, as loaded for one casus. */
export interface BewaarFeiten {
  /** Closing date, or null while the casus is open. */
  geslotenOp: string | null;
  /** Birth dates of the persons of the casus. */
  geboortedata: readonly string[];
  /** Whether a child-protection measure needs the file now: detected, and no end recorded after it began. */
  maatregel: boolean;
  /** The recorded end of the measure (or the day it was known none was imposed), when it no longer runs. */
  maatregelEinde: string | null;
  legalHold: boolean;
  uitgesteldTot: string | null;
}

export interface Bewaartermijn {
  /** The date from which the file is due for review; null while open or while a measure needs it. */
  vernietigenOp: string | null;
  /** The earliest date of an early destruction on request: the closing, or the youngest child's 18th birthday. */
  vroegsteVernietigingOp: string | null;
  /** The youngest child's 18th birthday, when a child was a minor at closing. */
  jongsteKindMeerderjarigOp: string | null;
  gronden: BewaarGrond[];
  /** Whether nothing blocks destruction (closed, no measure, no hold). */
  vernietigbaar: boolean;
}

/** `datum` plus `jaren` calendar years; 29 February becomes 28 February in a year without it. */
export function plusJaren(datum: string, jaren: number): string {
  const [j, m, d] = datum.split('-').map(Number) as [number, number, number];
  const jaar = j + jaren;
  const schrikkel = (jaar % 4 === 0 && jaar % 100 !== 0) || jaar % 400 === 0;
  const dag = m === 2 && d === 29 && !schrikkel ? 28 : d;
  return `${String(jaar).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(dag).padStart(2, '0')}`;
}

const later = (a: string, b: string): string => (a >= b ? a : b);

/** The retention of one dossier from its facts. */
export function bewaartermijn(f: BewaarFeiten): Bewaartermijn {
  const gronden: BewaarGrond[] = [];
  if (f.legalHold) gronden.push(BewaarGrond.LEGAL_HOLD);
  if (f.maatregel) gronden.push(BewaarGrond.KINDERBESCHERMINGSMAATREGEL);
  if (!f.geslotenOp) {
    return {
      vernietigenOp: null,
      vroegsteVernietigingOp: null,
      jongsteKindMeerderjarigOp: null,
      gronden: [BewaarGrond.CASUS_OPEN, ...gronden],
      vernietigbaar: false,
    };
  }
  const gesloten = f.geslotenOp;
  // The children: persons who were minors when the casus closed (or born after it).
  const meerderjarig = f.geboortedata.map((g) => plusJaren(g, MEERDERJARIG)).filter((m) => m > gesloten);
  const jongste = meerderjarig.length > 0 ? meerderjarig.reduce(later) : null;
  const twintig = plusJaren(gesloten, BEWAARJAREN);
  let datum = twintig;
  if (jongste && jongste > twintig) {
    datum = jongste;
    gronden.push(BewaarGrond.JONGSTE_KIND_MEERDERJARIG);
  } else {
    gronden.push(BewaarGrond.TWINTIG_JAAR_NA_AFSLUITEN);
  }
  // "Held while a protection measure needs it" (§4.4): after its end, never before that end.
  if (!f.maatregel && f.maatregelEinde && f.maatregelEinde > datum) {
    datum = f.maatregelEinde;
    gronden.push(BewaarGrond.MAATREGEL_BEEINDIGD);
  }
  if (f.uitgesteldTot && f.uitgesteldTot > datum) {
    datum = f.uitgesteldTot;
    gronden.push(BewaarGrond.UITGESTELD);
  }
  return {
    vernietigenOp: f.maatregel ? null : datum,
    vroegsteVernietigingOp: jongste ? later(gesloten, jongste) : gesloten,
    jongsteKindMeerderjarigOp: jongste,
    gronden,
    vernietigbaar: !f.maatregel && !f.legalHold,
  };
}

/** The calendar date of an instant in the Netherlands. */
export function datumInNederland(t: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(t);
}
