import { GraphQLScalarType } from 'graphql';

import { invoerFout, stringLiteral } from './scalars';

/**
 * Free text from callers, checked once at the edge of the schema: two scalars replace `String` on every input that is
 * text (`Tekst` may span lines, `TekstRegel` is one line: names, places, codes). Both refuse what a database, a log or
 * a screen would misread, and normalise the rest to NFC, so the same name is stored the same way whoever typed it.
 * The error names the kind of problem in `extensions.reden` and never quotes the value.
 */
export const TekstReden = {
  /** U+0000: PostgreSQL cannot store it in text. */
  NUL_TEKEN: 'TEKST_NUL_TEKEN',
  /** Other C0/C1 control characters (Tekst allows tab and line feed; a CR only before a line feed). */
  STUURTEKEN: 'TEKST_STUURTEKEN',
  /** Bidirectional overrides, embeddings, isolates and marks: they reorder what a screen shows (spoofing). */
  RICHTINGSTEKEN: 'TEKST_RICHTINGSTEKEN',
  /** A lone UTF-16 surrogate: not a character at all. */
  ONGELDIGE_UNICODE: 'TEKST_ONGELDIGE_UNICODE',
  /** Nothing left once white space and invisible characters (ZWSP, ZWJ, BOM, soft hyphen...) are removed. */
  LEEG: 'TEKST_LEEG',
  /** Longer than any field allows: refused before anything else looks at it. */
  TE_LANG: 'TEKST_TE_LANG',
} as const;
export type TekstReden = (typeof TekstReden)[keyof typeof TekstReden];

/** Upper bounds per scalar (characters). Fields have their own, lower maximum (class-validator); these stop abuse. */
export const MAX_TEKST_LENGTE = 100_000;
export const MAX_TEKSTREGEL_LENGTE = 10_000;

// Control characters are what these expressions look for.
// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
/** C0 except tab and line feed (and CR, handled apart), DEL and C1. */
// eslint-disable-next-line no-control-regex
const STUUR_MEERREGELIG = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const STUUR_REGEL = /[\u0001-\u001F\u007F-\u009F]/;
const RICHTING = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
const LOSSE_SURROGAAT = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** White space and characters that show nothing (default-ignorable: ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen, ...). */
const ONZICHTBAAR = /[\p{White_Space}\p{Default_Ignorable_Code_Point}]/gu;

const MELDINGEN: Record<TekstReden, string> = {
  TEKST_NUL_TEKEN: 'De tekst bevat een NUL-teken; dat kan niet worden opgeslagen.',
  TEKST_STUURTEKEN:
    'De tekst bevat een stuurteken; alleen zichtbare tekens (en in meerregelige tekst tab en regeleinde) zijn toegestaan.',
  TEKST_RICHTINGSTEKEN: 'De tekst bevat een teken dat de schrijfrichting omkeert; dat is niet toegestaan.',
  TEKST_ONGELDIGE_UNICODE: 'De tekst bevat een ongeldig Unicode-teken (een losse surrogaat).',
  TEKST_LEEG: 'De tekst is leeg of bestaat alleen uit witruimte of onzichtbare tekens.',
  TEKST_TE_LANG: 'De tekst is te lang.',
};

/** Why `waarde` is refused as text (`meerregelig`: Tekst, else TekstRegel), or undefined when it is acceptable. */
export function tekstProbleem(waarde: string, meerregelig: boolean): TekstReden | undefined {
  if (waarde.length > (meerregelig ? MAX_TEKST_LENGTE : MAX_TEKSTREGEL_LENGTE)) return TekstReden.TE_LANG;
  if (NUL.test(waarde)) return TekstReden.NUL_TEKEN;
  if (LOSSE_SURROGAAT.test(waarde)) return TekstReden.ONGELDIGE_UNICODE;
  if (meerregelig) {
    if (STUUR_MEERREGELIG.test(waarde) || /\r(?!\n)/.test(waarde)) return TekstReden.STUURTEKEN;
  } else if (STUUR_REGEL.test(waarde)) {
    return TekstReden.STUURTEKEN;
  }
  if (RICHTING.test(waarde)) return TekstReden.RICHTINGSTEKEN;
  if (waarde.replace(ONZICHTBAAR, '') === '') return TekstReden.LEEG;
  return undefined;
}

function tekstParser(naam: string, meerregelig: boolean): (value: unknown) => string {
  return (value) => {
    if (typeof value !== 'string') throw invoerFout('TEKST_GEEN_TEKST', `${naam} moet tekst zijn`);
    const probleem = tekstProbleem(value, meerregelig);
    if (probleem) throw invoerFout(probleem, MELDINGEN[probleem]);
    const tekst = meerregelig ? value.replace(/\r\n/g, '\n') : value;
    return tekst.normalize('NFC');
  };
}

function tekstScalar(naam: string, meerregelig: boolean, description: string): GraphQLScalarType<string, string> {
  const parse = tekstParser(naam, meerregelig);
  return new GraphQLScalarType<string, string>({
    name: naam,
    description,
    serialize: (v) => String(v),
    parseValue: parse,
    parseLiteral: (ast) => parse(stringLiteral(ast, naam, 'TEKST_GEEN_TEKST')),
  });
}

/** Free text of one or more lines (a description, an explanation). */
export const TekstScalar = tekstScalar(
  'Tekst',
  true,
  'Vrije tekst, ook meerregelig. Geweigerd (BAD_USER_INPUT, extensions.reden): NUL-tekens (TEKST_NUL_TEKEN), andere ' +
    'stuurtekens behalve tab en regeleinde (TEKST_STUURTEKEN), richtingstekens U+202A–202E, U+2066–2069, U+200E/F, ' +
    'U+061C (TEKST_RICHTINGSTEKEN), losse surrogaten (TEKST_ONGELDIGE_UNICODE), tekst die leeg is zonder witruimte en ' +
    `onzichtbare tekens (TEKST_LEEG), meer dan ${MAX_TEKST_LENGTE} tekens (TEKST_TE_LANG). CRLF wordt LF; opgeslagen in NFC.`,
);

/** Text of one line (a name, a place, a code). */
export const TekstRegelScalar = tekstScalar(
  'TekstRegel',
  false,
  'Tekst van één regel (een naam, een plaats, een code). Als Tekst, maar zonder tab of regeleinde (TEKST_STUURTEKEN) ' +
    `en hoogstens ${MAX_TEKSTREGEL_LENGTE} tekens. Opgeslagen in NFC.`,
);
