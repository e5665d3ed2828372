import { ArrayMaxSize, ArrayMinSize, IsOptional, Matches, ValidateNested } from 'class-validator';
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

import { TijdstipScalar } from '../lib/scalars';
import { TekstRegelScalar } from '../lib/tekst';

/** What an analyst can count or measure. Counts decide disclosure; the other measures ride along per cell. */
export enum AnalyseMaat {
  MELDINGEN = 'MELDINGEN',
  ADVIEZEN = 'ADVIEZEN',
  CASUSSEN = 'CASUSSEN',
  AFGERONDE_ONDERZOEKEN = 'AFGERONDE_ONDERZOEKEN',
  AFGERONDE_ONDERZOEKEN_NIET_VOORTIJDIG = 'AFGERONDE_ONDERZOEKEN_NIET_VOORTIJDIG',
  AFGERONDE_VV = 'AFGERONDE_VV',
  AFGERONDE_DIENSTEN = 'AFGERONDE_DIENSTEN',
  ONDERZOEKSUITKOMSTEN = 'ONDERZOEKSUITKOMSTEN',
  DUUR_TOT_BEOORDELING_MEDIAAN = 'DUUR_TOT_BEOORDELING_MEDIAAN',
  DUUR_TOT_BEOORDELING_P90 = 'DUUR_TOT_BEOORDELING_P90',
  AANDEEL_BINNEN_TERMIJN = 'AANDEEL_BINNEN_TERMIJN',
  DUUR_DIENST_MEDIAAN_WEKEN = 'DUUR_DIENST_MEDIAAN_WEKEN',
  DUUR_DIENST_P90_WEKEN = 'DUUR_DIENST_P90_WEKEN',
  TERMIJNEN = 'TERMIJNEN',
  AANDEEL_TERMIJNEN_GEHAALD = 'AANDEEL_TERMIJNEN_GEHAALD',
}
registerEnumType(AnalyseMaat, {
  name: 'AnalyseMaat',
  description:
    'Een maat: een telling (bepaalt de openbaarmaking van de cel) of een afgeleide maat (alleen gerapporteerd bij een niet-onderdrukte cel).',
  valuesConfig: {
    MELDINGEN: { description: 'Ontvangen meldingen (per maand van ontvangst).' },
    ADVIEZEN: { description: 'Gestarte adviezen.' },
    CASUSSEN: { description: 'Casussen met ontvangen melding(en), per maand van opening.' },
    AFGERONDE_ONDERZOEKEN: { description: 'Afgeronde diensten onderzoek (per maand van afronding).' },
    AFGERONDE_ONDERZOEKEN_NIET_VOORTIJDIG: {
      description: 'Afgeronde onderzoeken die niet voortijdig zijn afgesloten (CBS 84853).',
    },
    AFGERONDE_VV: { description: 'Afgeronde diensten voorwaarden en vervolg.' },
    AFGERONDE_DIENSTEN: { description: 'Afgeronde diensten van elke soort (met de dimensie DIENST).' },
    ONDERZOEKSUITKOMSTEN: {
      description:
        'Uitkomsten van afgeronde onderzoeken per aard geweld (bevestigd, niet bevestigd, weerlegd; CBS 84853).',
    },
    DUUR_TOT_BEOORDELING_MEDIAAN: {
      description:
        'Mediaan van het aantal werkdagen (zonder weekend en feestdagen, zoals de termijnen) van ontvangst tot veiligheidsbeoordeling; 31 betekent meer dan 30.',
    },
    DUUR_TOT_BEOORDELING_P90: {
      description: '90e percentiel van de werkdagen tot de veiligheidsbeoordeling; 31 betekent meer dan 30.',
    },
    AANDEEL_BINNEN_TERMIJN: {
      description: 'Aandeel van de beoordeelde meldingen dat binnen de wettelijke termijn is beoordeeld (0 tot 1).',
    },
    DUUR_DIENST_MEDIAAN_WEKEN: {
      description: 'Mediaan van de duur van afgeronde diensten in hele weken; 53 betekent een jaar of langer.',
    },
    DUUR_DIENST_P90_WEKEN: { description: '90e percentiel van de duur van afgeronde diensten in hele weken.' },
    TERMIJNEN: {
      description: 'Termijnen (per maand van de vervaldag, met de dimensie TERMIJN_SOORT), niet geannuleerd.',
    },
    AANDEEL_TERMIJNEN_GEHAALD: {
      description:
        'Aandeel van de termijnen met een uitkomst (voldaan, of verstreken bij het verversen) dat vóór het einde van de vervaldag is voldaan (0 tot 1).',
    },
  },
});

/** What an analyst can group and filter by. */
export enum AnalyseDimensie {
  PERIODE = 'PERIODE',
  REGIO = 'REGIO',
  GEMEENTE = 'GEMEENTE',
  AARD_GEWELD = 'AARD_GEWELD',
  HOEDANIGHEID_MELDER = 'HOEDANIGHEID_MELDER',
  ORGANISATIE_MELDER = 'ORGANISATIE_MELDER',
  VB_UITKOMST = 'VB_UITKOMST',
  TAXATIE = 'TAXATIE',
  EERDERE_BETROKKENHEID = 'EERDERE_BETROKKENHEID',
  DIENST = 'DIENST',
  ONDERZOEK_UITKOMST = 'ONDERZOEK_UITKOMST',
  TERMIJN_SOORT = 'TERMIJN_SOORT',
}
registerEnumType(AnalyseDimensie, {
  name: 'AnalyseDimensie',
  description:
    'Een dimensie om op te groeperen of te filteren. Niet elke dimensie past bij elke maat (AARD_GEWELD niet met VB_UITKOMST, DIENST alleen bij diensten); een onmogelijke combinatie geeft BAD_USER_INPUT met code DIMENSIE_NIET_BESCHIKBAAR. Een onbekende gemeente heet ONBEKEND, een nog niet beoordeelde melding heeft VB_UITKOMST en TAXATIE NOG_NIET.',
});

export enum Periodeindeling {
  JAAR = 'JAAR',
  HALFJAAR = 'HALFJAAR',
  KWARTAAL = 'KWARTAAL',
  MAAND = 'MAAND',
}
registerEnumType(Periodeindeling, {
  name: 'Periodeindeling',
  description: 'Periodes als 2025, 2025-H1, 2025-K1 of 2025-03 (Europe/Amsterdam).',
});

export enum OnderdrukkingsRedenGql {
  KLEINE_CEL = 'KLEINE_CEL',
  AFLEIDBAAR_UIT_TOTAAL = 'AFLEIDBAAR_UIT_TOTAAL',
  AFLEIDBAAR_UIT_VERSCHIL = 'AFLEIDBAAR_UIT_VERSCHIL',
}
registerEnumType(OnderdrukkingsRedenGql, {
  name: 'OnderdrukkingsReden',
  valuesConfig: {
    KLEINE_CEL: { description: 'De telling ligt onder de drempel (primaire onderdrukking).' },
    AFLEIDBAAR_UIT_TOTAAL: {
      description: 'Onderdrukt zodat geen totaal een andere onderdrukte cel verraadt (secundaire onderdrukking).',
    },
    AFLEIDBAAR_UIT_VERSCHIL: {
      description:
        'Onderdrukt omdat het verschil met een vraag die één categorie verschilt een kleine cel zou verraden.',
    },
  },
});

export enum CbsTabel {
  T84849 = 'T84849',
  T84850 = 'T84850',
  T84852 = 'T84852',
  T84853 = 'T84853',
  T85361 = 'T85361',
}
/** The areas a CBS table is published by: VT regions (84848, 84850, ...) or gemeenten (84849, 84851, ...). */
export enum CbsGebied {
  VT_REGIO = 'VT_REGIO',
  GEMEENTE = 'GEMEENTE',
}
registerEnumType(CbsGebied, {
  name: 'CbsGebied',
  description:
    'Het gebied per rij van een CBS-tabel. CBS publiceert dezelfde vorm per VT-regio en per gemeente (84848/84849, 84850/84851).',
  valuesConfig: {
    VT_REGIO: { description: 'Per VT-regio (VT01..VT26).' },
    GEMEENTE: { description: 'Per gemeente (CBS-code GMnnnn; ONBEKEND zonder bekende woonplaats).' },
  },
});

registerEnumType(CbsTabel, {
  name: 'CbsTabel',
  description: 'CBS-tabellen van Beleidsinformatie Veilig Thuis (DOMAIN.md §3.3).',
  valuesConfig: {
    T84849: {
      description:
        'Adviezen en meldingen naar hoedanigheid en organisatie van de melder (per gemeente 84849, per VT-regio 84848: kies met `gebied`).',
    },
    T84850: {
      description:
        'Adviezen, meldingen, casussen en afgeronde diensten naar aard geweld (per VT-regio 84850, per gemeente 84851: kies met `gebied`).',
    },
    T84852: { description: 'Meldingen naar uitkomst van de veiligheidsbeoordeling en taxatie.' },
    T84853: { description: 'Afgeronde onderzoeken; niet voortijdig afgesloten; uitkomst per aard geweld.' },
    T85361: { description: 'Meldingen naar eerdere betrokkenheid van Veilig Thuis.' },
  },
});

@InputType('AnalysePeriode', { description: 'Een bereik van maanden, beide grenzen inbegrepen (JJJJ-MM).' })
export class AnalysePeriode {
  @Field(() => TekstRegelScalar)
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'JJJJ-MM, bijvoorbeeld 2025-01' })
  vanaf!: string;
  @Field(() => TekstRegelScalar)
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'JJJJ-MM, bijvoorbeeld 2025-06' })
  totEnMet!: string;
}

@InputType('AnalyseFilter', { description: 'Alleen cellen met een van deze waarden van de dimensie.' })
export class AnalyseFilter {
  @Field(() => AnalyseDimensie) dimensie!: AnalyseDimensie;
  @Field(() => [TekstRegelScalar])
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(/^[A-Z0-9_-]{1,60}$/, { each: true, message: 'een categoriecode (hoofdletters, cijfers, _ en -)' })
  waarden!: string[];
}

@InputType('AnalyseVraag', {
  description:
    'Een ad-hocvraag: één telling (plus afgeleide maten van dezelfde bron), gegroepeerd naar dimensies en gefilterd.',
})
export class AnalyseVraag {
  @Field(() => [AnalyseMaat]) @ArrayMinSize(1) @ArrayMaxSize(8) maten!: AnalyseMaat[];
  @Field(() => [AnalyseDimensie], { defaultValue: [] }) @ArrayMaxSize(4) dimensies!: AnalyseDimensie[];
  @Field(() => Periodeindeling, {
    defaultValue: Periodeindeling.HALFJAAR,
    description: 'Indeling van de dimensie PERIODE.',
  })
  periodeindeling!: Periodeindeling;
  @Field(() => [AnalyseFilter], { defaultValue: [] })
  @ArrayMaxSize(11)
  @ValidateNested({ each: true })
  filters!: AnalyseFilter[];
  @Field(() => AnalysePeriode, { nullable: true }) @IsOptional() @ValidateNested() periode?: AnalysePeriode;
}

@ObjectType('AnalyseCoordinaat')
export class AnalyseCoordinaatView {
  @Field(() => AnalyseDimensie) dimensie!: AnalyseDimensie;
  @Field(() => String) waarde!: string;
}

@ObjectType('AnalyseWaarde', {
  description: 'Een afgeleide maat van een cel; leeg bij een onderdrukte cel of zonder gegevens.',
})
export class AnalyseWaardeView {
  @Field(() => AnalyseMaat) maat!: AnalyseMaat;
  @Field(() => Float, { nullable: true }) waarde!: number | null;
}

@ObjectType('AnalyseCel', {
  description: 'Een cel: de coördinaten en de afgeronde telling, of onderdrukt met de reden.',
})
export class AnalyseCelView {
  @Field(() => [AnalyseCoordinaatView]) coordinaten!: AnalyseCoordinaatView[];
  @Field(() => Int, { nullable: true, description: 'Afgerond op een veelvoud van de afronding; leeg als onderdrukt.' })
  aantal!: number | null;
  @Field(() => [AnalyseWaardeView]) waarden!: AnalyseWaardeView[];
  @Field(() => Boolean) onderdrukt!: boolean;
  @Field(() => OnderdrukkingsRedenGql, { nullable: true }) reden!: OnderdrukkingsRedenGql | null;
}

@ObjectType('AnalyseVersheid', {
  description: 'Wanneer een gebruikte rollup het laatst ververst is: alles wat daarvóór vastlag telt mee.',
})
export class AnalyseVersheidView {
  @Field(() => String) rollup!: string;
  @Field(() => TijdstipScalar, { nullable: true }) ververstOp!: Date | null;
}

@ObjectType('AnalyseAntwoord', {
  description: 'Het antwoord op een analysevraag, na openbaarmakingsbeheersing (afronding en onderdrukking).',
})
export class AnalyseAntwoordView {
  @Field(() => TijdstipScalar, {
    nullable: true,
    description: 'De oudste verversing van de gebruikte rollups; leeg als nog nooit ververst.',
  })
  ververstOp!: Date | null;
  @Field(() => [AnalyseVersheidView]) versheid!: AnalyseVersheidView[];
  @Field(() => [AnalyseMaat]) maten!: AnalyseMaat[];
  @Field(() => [AnalyseDimensie]) dimensies!: AnalyseDimensie[];
  @Field(() => [AnalyseCelView]) cellen!: AnalyseCelView[];
  @Field(() => [AnalyseCelView], { description: 'Totalen per dimensiewaarde en het eindtotaal (lege coördinaten).' })
  totalen!: AnalyseCelView[];
  @Field(() => Int, { description: 'Aantal onderdrukte cellen en totalen.' }) onderdrukt!: number;
  @Field(() => Int) afronding!: number;
  @Field(() => Int) drempel!: number;
}

@ObjectType('CbsTabelWaarde')
export class CbsTabelWaardeView {
  @Field(() => String) kolom!: string;
  @Field(() => Int, { nullable: true }) aantal!: number | null;
  @Field(() => Boolean) onderdrukt!: boolean;
  @Field(() => OnderdrukkingsRedenGql, { nullable: true }) reden!: OnderdrukkingsRedenGql | null;
}

@ObjectType('CbsTabelRij', { description: 'Een rij: periode, regio en de categorie (of "Totaal").' })
export class CbsTabelRijView {
  @Field(() => String) periode!: string;
  @Field(() => String) regio!: string;
  @Field(() => String, { description: 'De indeling waar de categorie uit komt, bijvoorbeeld ORGANISATIE_MELDER.' })
  indeling!: string;
  @Field(() => String) categorie!: string;
  @Field(() => [CbsTabelWaardeView]) waarden!: CbsTabelWaardeView[];
}

@ObjectType('CbsTabelAntwoord', {
  description: 'Een CBS-tabel in de vorm van StatLine: rijen (periode, regio, categorie) en kolommen (onderwerpen).',
})
export class CbsTabelAntwoordView {
  @Field(() => CbsTabel) tabel!: CbsTabel;
  @Field(() => TijdstipScalar, { nullable: true }) ververstOp!: Date | null;
  @Field(() => [String]) kolommen!: string[];
  @Field(() => [CbsTabelRijView]) rijen!: CbsTabelRijView[];
  @Field(() => Int) onderdrukt!: number;
}

/** The state of an analyst's refresh request (src/analyse/analyse-verversverzoek.ts). */
export enum VerversverzoekStatus {
  WACHTEND = 'WACHTEND',
  KLAAR = 'KLAAR',
}
registerEnumType(VerversverzoekStatus, {
  name: 'AnalyseVerversverzoekStatus',
  description: 'WACHTEND: de worker ververst binnen enkele seconden; KLAAR: de rollups zijn ververst.',
});

@ObjectType('AnalyseVerversverzoek', {
  description: 'Een verzoek om de rollups van de analyse te verversen (alleen de gewijzigde maanden en regio’s).',
})
export class AnalyseVerversverzoekView {
  @Field(() => VerversverzoekStatus)
  status!: VerversverzoekStatus;

  @Field(() => TijdstipScalar)
  aangevraagdOp!: Date;

  @Field(() => TijdstipScalar, { nullable: true, description: 'Wanneer de verversing klaar was.' })
  voltooidOp!: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Hoeveel plakken (maand × regio × familie van rollups) de verversing herberekende.',
  })
  plakken!: number | null;
}
