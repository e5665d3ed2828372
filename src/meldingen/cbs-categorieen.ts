import { registerEnumType } from 'type-graphql';

/**
 * Categories as CBS counts them in "Beleidsinformatie Veilig Thuis" (DOMAIN.md §3.3).
 * The enum values are the stable API; the descriptions give the CBS wording.
 */

/** Aard geweld (CBS 84850/84851). */
export enum AardGeweld {
  KINDERMISHANDELING = 'KINDERMISHANDELING',
  GEWELD_TEGEN_OUDERS = 'GEWELD_TEGEN_OUDERS',
  EX_PARTNERGEWELD = 'EX_PARTNERGEWELD',
  OUDERENMISHANDELING = 'OUDERENMISHANDELING',
  HUISELIJK_GEWELD_OVERIG = 'HUISELIJK_GEWELD_OVERIG',
  ANDERE_PROBLEMATIEK = 'ANDERE_PROBLEMATIEK',
  GEEN_KINDERMISHANDELING_OF_HUISELIJK_GEWELD = 'GEEN_KINDERMISHANDELING_OF_HUISELIJK_GEWELD',
  ONBEKEND = 'ONBEKEND',
}
registerEnumType(AardGeweld, {
  name: 'AardGeweld',
  description: 'Aard van het geweld, in de indeling van CBS-tabel 84850.',
  valuesConfig: {
    KINDERMISHANDELING: { description: 'Kindermishandeling' },
    GEWELD_TEGEN_OUDERS: { description: 'Geweld tegen ouders' },
    EX_PARTNERGEWELD: { description: '(Ex-)Partnergeweld' },
    OUDERENMISHANDELING: { description: 'Ouderenmishandeling (ouder dan 65 jaar)' },
    HUISELIJK_GEWELD_OVERIG: { description: 'Huiselijk geweld overig' },
    ANDERE_PROBLEMATIEK: { description: 'Andere problematiek' },
    GEEN_KINDERMISHANDELING_OF_HUISELIJK_GEWELD: { description: 'Geen kindermishandeling/huiselijk geweld' },
    ONBEKEND: { description: 'Onbekend' },
  },
});

/** Duur geweld (CBS 84848/84849). */
export enum DuurGeweld {
  KORTER_DAN_EEN_WEEK = 'KORTER_DAN_EEN_WEEK',
  EEN_WEEK_TOT_EEN_MAAND = 'EEN_WEEK_TOT_EEN_MAAND',
  EEN_TOT_ZES_MAANDEN = 'EEN_TOT_ZES_MAANDEN',
  ZES_TOT_TWAALF_MAANDEN = 'ZES_TOT_TWAALF_MAANDEN',
  EEN_TOT_VIJF_JAAR = 'EEN_TOT_VIJF_JAAR',
  LANGER_DAN_VIJF_JAAR = 'LANGER_DAN_VIJF_JAAR',
  ONBEKEND = 'ONBEKEND',
}
registerEnumType(DuurGeweld, {
  name: 'DuurGeweld',
  description: 'Duur van het geweld, in de indeling van CBS-tabel 84849.',
});

/** Hoedanigheid van de melder (CBS 84849). */
export enum HoedanigheidMelder {
  BEROEPSMATIG = 'BEROEPSMATIG',
  NIET_BEROEPSMATIG = 'NIET_BEROEPSMATIG',
  /** Unknown kind of melder: published CBS figures (84849) have a row "onbekend"; imported history often too. */
  ONBEKEND = 'ONBEKEND',
}
registerEnumType(HoedanigheidMelder, {
  name: 'HoedanigheidMelder',
  description: 'Meldt de melder beroepsmatig of niet (CBS 84849); ONBEKEND waar dat niet bekend is.',
});

/** Organisatie van een beroepsmatige melder (CBS 84849). */
export enum OrganisatieMelder {
  GEZONDHEIDSZORG = 'GEZONDHEIDSZORG',
  GGZ = 'GGZ',
  KINDEROPVANG = 'KINDEROPVANG',
  ONDERWIJS = 'ONDERWIJS',
  BUREAU_LEERPLICHT = 'BUREAU_LEERPLICHT',
  JEUGDZORG = 'JEUGDZORG',
  POLITIE = 'POLITIE',
  OPENBAAR_MINISTERIE = 'OPENBAAR_MINISTERIE',
  RECLASSERING = 'RECLASSERING',
  JUSTITIE_EN_VEILIGHEID_ANDERS = 'JUSTITIE_EN_VEILIGHEID_ANDERS',
  VEILIG_THUIS_ANDERE_REGIO = 'VEILIG_THUIS_ANDERE_REGIO',
  VEILIG_THUIS_REGIONAAL_MAATWERK = 'VEILIG_THUIS_REGIONAAL_MAATWERK',
  ANDERE_ORGANISATIE = 'ANDERE_ORGANISATIE',
  NIET_VAN_TOEPASSING = 'NIET_VAN_TOEPASSING',
  ONBEKEND = 'ONBEKEND',
}
registerEnumType(OrganisatieMelder, {
  name: 'OrganisatieMelder',
  description:
    'Soort organisatie van de melder (CBS 84849). NIET_VAN_TOEPASSING hoort bij een niet-beroepsmatige melder.',
});

/** Anonimiteit van de melder (DOMAIN.md §4.2). */
export enum Anonimiteit {
  /** VT mag het gezin vertellen wie meldde. */
  OPEN = 'OPEN',
  /** VT kent de melder maar houdt de identiteit (en herleidbare feiten) voor het gezin geheim. */
  ANONIEM_NAAR_GEZIN = 'ANONIEM_NAAR_GEZIN',
  /** Ook VT kent de melder niet; er wordt geen identiteit vastgelegd. */
  DUBBEL_ANONIEM = 'DUBBEL_ANONIEM',
}
registerEnumType(Anonimiteit, {
  name: 'Anonimiteit',
  description: 'In hoeverre de identiteit van de melder bekend mag worden (DOMAIN.md §4.2).',
});

/** Rol van een betrokkene in de melding (DOMAIN.md §9.1). */
export enum BetrokkeneRol {
  SLACHTOFFER = 'SLACHTOFFER',
  PLEGER = 'PLEGER',
  KIND = 'KIND',
  GETUIGE = 'GETUIGE',
  HUISGENOOT = 'HUISGENOOT',
}
registerEnumType(BetrokkeneRol, { name: 'BetrokkeneRol' });

/** Hoe de melding binnenkwam. */
export enum Kanaal {
  TELEFOON = 'TELEFOON',
  CHAT = 'CHAT',
  WEBFORMULIER = 'WEBFORMULIER',
  SCHRIFTELIJK = 'SCHRIFTELIJK',
  POLITIEKOPPELING = 'POLITIEKOPPELING',
}
registerEnumType(Kanaal, { name: 'Kanaal' });

/** Eerdere betrokkenheid van VT (CBS 85361): how a melding relates to what the region already knew. */
export enum EerdereBetrokkenheid {
  EERSTE_MELDING = 'EERSTE_MELDING',
  HERMELDING = 'HERMELDING',
  VERVOLGMELDING_TIJDENS_BEOORDELING = 'VERVOLGMELDING_TIJDENS_BEOORDELING',
  VERVOLGMELDING_NA_BEOORDELING = 'VERVOLGMELDING_NA_BEOORDELING',
  VERVOLGMELDING_TIJDENS_MONITORING = 'VERVOLGMELDING_TIJDENS_MONITORING',
  NIET_INGEDEELD = 'NIET_INGEDEELD',
}
registerEnumType(EerdereBetrokkenheid, {
  name: 'EerdereBetrokkenheid',
  description: 'Eerdere betrokkenheid van Veilig Thuis bij de personen van de melding (CBS 85361).',
  valuesConfig: {
    EERSTE_MELDING: { description: '1e melding: geen betrokkenen bekend' },
    HERMELDING: { description: 'Hermelding: een of meer betrokkenen bekend uit een afgesloten casus' },
    VERVOLGMELDING_TIJDENS_BEOORDELING: { description: 'Vervolgmelding tijdens de veiligheidsbeoordeling' },
    VERVOLGMELDING_NA_BEOORDELING: { description: 'Vervolgmelding na de veiligheidsbeoordeling (tijdens een dienst)' },
    VERVOLGMELDING_TIJDENS_MONITORING: { description: 'Vervolgmelding tijdens monitoring' },
    NIET_INGEDEELD: { description: 'Melding niet ingedeeld (geen BSN om op te vergelijken)' },
  },
});
