import { DuurGeweld, OrganisatieMelder } from '../../src/meldingen/cbs-categorieen';

// The shape of the year (DOMAIN.md §3.3, §6): who reports, what kind of household, names and places.

/** Who reports: professional 92% (116,520 of 126,750 in 2023), police the largest source. */
export const MELDERS: readonly (readonly [OrganisatieMelder, number])[] = [
  [OrganisatieMelder.POLITIE, 52],
  [OrganisatieMelder.ONDERWIJS, 7],
  [OrganisatieMelder.GEZONDHEIDSZORG, 7],
  [OrganisatieMelder.JEUGDZORG, 6],
  [OrganisatieMelder.GGZ, 4],
  [OrganisatieMelder.KINDEROPVANG, 2],
  [OrganisatieMelder.BUREAU_LEERPLICHT, 1],
  [OrganisatieMelder.RECLASSERING, 2],
  [OrganisatieMelder.OPENBAAR_MINISTERIE, 1],
  [OrganisatieMelder.VEILIG_THUIS_ANDERE_REGIO, 2],
  [OrganisatieMelder.ANDERE_ORGANISATIE, 8],
  [OrganisatieMelder.NIET_VAN_TOEPASSING, 8],
];

/** Adviezen: professional 55% (78,035 of 141,235 in 2023). */
export const ADVIESVRAGERS: readonly (readonly [OrganisatieMelder, number])[] = [
  [OrganisatieMelder.ONDERWIJS, 13],
  [OrganisatieMelder.GEZONDHEIDSZORG, 12],
  [OrganisatieMelder.JEUGDZORG, 9],
  [OrganisatieMelder.KINDEROPVANG, 5],
  [OrganisatieMelder.GGZ, 5],
  [OrganisatieMelder.ANDERE_ORGANISATIE, 11],
  [OrganisatieMelder.NIET_VAN_TOEPASSING, 45],
];

export const BEROEP: Partial<Record<OrganisatieMelder, [string, string]>> = {
  [OrganisatieMelder.POLITIE]: ['wijkagent', 'Politie Midden-Nederland'],
  [OrganisatieMelder.ONDERWIJS]: ['intern begeleider', 'Basisschool De Regenboog'],
  [OrganisatieMelder.GEZONDHEIDSZORG]: ['huisarts', 'Huisartsenpraktijk Gooi'],
  [OrganisatieMelder.JEUGDZORG]: ['jeugdhulpverlener', 'Jeugdhulp Gooi en Vechtstreek'],
  [OrganisatieMelder.GGZ]: ['psychiater', 'GGZ Centraal'],
  [OrganisatieMelder.KINDEROPVANG]: ['pedagogisch medewerker', 'Kinderopvang De Vlinder'],
  [OrganisatieMelder.BUREAU_LEERPLICHT]: ['leerplichtambtenaar', 'Regionaal Bureau Leerplicht'],
  [OrganisatieMelder.RECLASSERING]: ['reclasseringswerker', 'Reclassering Nederland'],
  [OrganisatieMelder.OPENBAAR_MINISTERIE]: ['officier van justitie', 'Openbaar Ministerie Midden-Nederland'],
  [OrganisatieMelder.VEILIG_THUIS_ANDERE_REGIO]: ['medewerker', 'Veilig Thuis Utrecht'],
  [OrganisatieMelder.ANDERE_ORGANISATIE]: ['maatschappelijk werker', 'Welzijnsorganisatie Gooi'],
};

/** Previous involvement of a new melding (CBS 85361, 2023). The service classifies; the simulation picks whom. */
export type Herkomst =
  'NIEUW' | 'HERMELDING' | 'TIJDENS_BEOORDELING' | 'NA_BEOORDELING' | 'TIJDENS_MONITORING' | 'ZONDER_BSN';
export const HERKOMST: readonly (readonly [Herkomst, number])[] = [
  ['NIEUW', 31.9],
  ['HERMELDING', 38.1],
  ['TIJDENS_BEOORDELING', 13.3],
  ['NA_BEOORDELING', 10.1],
  ['TIJDENS_MONITORING', 5.1],
  ['ZONDER_BSN', 1.5],
];

export type Gezin = 'KIND' | 'PARTNER' | 'PARTNER_MET_KINDEREN' | 'OUDERE' | 'KIND_NAAR_OUDER' | 'OVERIG';
/** About 50% child abuse, 38% (ex-)partner violence, 2% elder abuse (DOMAIN.md §6, 2024). */
export const GEZINNEN: readonly (readonly [Gezin, number])[] = [
  ['KIND', 44],
  ['PARTNER_MET_KINDEREN', 22],
  ['PARTNER', 24],
  ['OUDERE', 2.5],
  ['KIND_NAAR_OUDER', 3],
  ['OVERIG', 4.5],
];

export const DUUR: readonly (readonly [DuurGeweld, number])[] = [
  [DuurGeweld.KORTER_DAN_EEN_WEEK, 22],
  [DuurGeweld.EEN_WEEK_TOT_EEN_MAAND, 9],
  [DuurGeweld.EEN_TOT_ZES_MAANDEN, 14],
  [DuurGeweld.ZES_TOT_TWAALF_MAANDEN, 8],
  [DuurGeweld.EEN_TOT_VIJF_JAAR, 17],
  [DuurGeweld.LANGER_DAN_VIJF_JAAR, 8],
  [DuurGeweld.ONBEKEND, 22],
];

export const VOORNAMEN_V = [
  'Anna',
  'Fatima',
  'Sanne',
  'Lotte',
  'Yara',
  'Emma',
  'Noor',
  'Sara',
  'Ilse',
  'Meryem',
  'Priya',
  'Joke',
  'Marieke',
  'Esra',
  'Chantal',
];
export const VOORNAMEN_M = [
  'Bram',
  'Mohamed',
  'Pieter',
  'Kevin',
  'Daan',
  'Youssef',
  'Ruud',
  'Sander',
  'Emre',
  'Mark',
  'Dennis',
  'Jeroen',
  'Ricardo',
  'Tim',
  'Hans',
];
export const VOORNAMEN_K = [
  'Cas',
  'Liam',
  'Mila',
  'Zoë',
  'Noah',
  'Tess',
  'Adam',
  'Julia',
  'Sem',
  'Nora',
  'Finn',
  'Lina',
  'Levi',
  'Sofie',
  'Amir',
];
export const ACHTERNAMEN = [
  'de Vries',
  'Jansen',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'el Amrani',
  'Mulder',
  'de Groot',
  'Bos',
  'Yilmaz',
  'Vos',
  'Peters',
  'Hendriks',
  'van Dijk',
  'Kramer',
  'Dekker',
  'Brouwer',
];
export const PLAATSEN: readonly (readonly [string, string, number])[] = [
  ['Hilversum', '12', 40],
  ['Huizen', '127', 15],
  ['Bussum', '140', 14],
  ['Weesp', '138', 8],
  ['Naarden', '141', 7],
  ['Laren', '125', 4],
  ['Blaricum', '126', 4],
  ['Loosdrecht', '123', 8],
];
export const LETTERS = 'ABCDEGHJKLMNPRTVWXZ'.split('');
export const STRATEN = [
  'Kerkstraat',
  'Stationsweg',
  'Lindenlaan',
  'Vaartweg',
  'Havenstraat',
  'Eikbosserweg',
  'Oude Amersfoortseweg',
  'Naarderstraat',
  'Brinklaan',
  'Kapelstraat',
];
