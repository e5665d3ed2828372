import { Field, ID, InputType, ObjectType } from 'type-graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsOptional,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

import type { CasusToegang } from '../beleid/casustoegang';
import { PageInfo } from '../lib/graphql/paginering';
import { DatumScalar, TijdstipScalar } from '../lib/scalars';
import { AardGeweld } from '../meldingen/cbs-categorieen';
import { TermijnView } from '../termijnen/termijn.types';
import type {
  CasusEntity,
  CasusOvergangEntity,
  DienstEntity,
  MonitoringcontactEntity,
  VeiligheidsafspraakEntity,
  VeiligheidsbeoordelingEntity,
  VerzoekTotOnderzoekEntity,
} from './casus.entity';
import {
  CasusFase,
  DienstSoort,
  MonitoringUitkomst,
  OnderzoekResultaat,
  RvdkBesluit,
  Taxatie,
  VeiligheidsbeoordelingUitkomst,
  VervolgKeuze,
  VerzoekGrond,
} from './proces';
import { TekstRegelScalar, TekstScalar } from '../lib/tekst';

const MAX_TOELICHTING = 10_000;

// ------------------------------------------------------------------ views

@ObjectType('Veiligheidsbeoordeling', { description: 'De veiligheidsbeoordeling van één melding (CBS 84852).' })
export class VeiligheidsbeoordelingView {
  @Field(() => ID) meldingId!: string;
  @Field(() => ID) casusId!: string;
  @Field(() => Taxatie) taxatie!: Taxatie;
  @Field(() => VeiligheidsbeoordelingUitkomst) uitkomst!: VeiligheidsbeoordelingUitkomst;
  @Field(() => VervolgKeuze, { nullable: true }) vervolg!: VervolgKeuze | null;
  @Field(() => String) toelichting!: string;
  @Field(() => TijdstipScalar) beoordeeldOp!: Date;
  @Field(() => String) beoordeeldDoor!: string;
  @Field(() => Boolean, { description: 'Afgerond binnen de termijn van 5 werkdagen (acuut: dezelfde dag).' })
  binnenTermijn!: boolean;
  vtOrganisatie!: string;
  /** Need-to-know data of its casus, for the row rule (not a field). */
  casusToegang?: CasusToegang;

  static van(e: VeiligheidsbeoordelingEntity): VeiligheidsbeoordelingView {
    return Object.assign(new VeiligheidsbeoordelingView(), {
      meldingId: e.meldingId,
      casusId: e.casusId,
      taxatie: e.taxatie,
      uitkomst: e.uitkomst,
      vervolg: e.vervolg ?? null,
      toelichting: e.toelichting,
      beoordeeldOp: e.beoordeeldOp,
      beoordeeldDoor: e.beoordeeldDoor,
      binnenTermijn: e.binnenTermijn,
      vtOrganisatie: e.vtOrganisatie,
    });
  }
}

@ObjectType('OnderzoekUitkomst')
export class OnderzoekUitkomstView {
  @Field(() => AardGeweld) aardGeweld!: AardGeweld;
  @Field(() => OnderzoekResultaat) uitkomst!: OnderzoekResultaat;
  vtOrganisatie!: string;
}

@ObjectType('VerzoekTotOnderzoek', { description: 'Een Verzoek tot Onderzoek bij de Raad voor de Kinderbescherming.' })
export class VerzoekTotOnderzoekView {
  @Field(() => [ID], { description: 'Persoon-ids van de kinderen om wie het gaat.' }) kinderen!: string[];
  @Field(() => [VerzoekGrond]) gronden!: VerzoekGrond[];
  @Field(() => String) standpuntOuders!: string;
  @Field(() => TijdstipScalar) ingediendOp!: Date;
  @Field(() => RvdkBesluit, { nullable: true }) besluit!: RvdkBesluit | null;
  @Field(() => String, { nullable: true }) besluitReden!: string | null;
  vtOrganisatie!: string;

  static van(e: VerzoekTotOnderzoekEntity): VerzoekTotOnderzoekView {
    return Object.assign(new VerzoekTotOnderzoekView(), {
      kinderen: [...e.kinderen],
      gronden: [...e.gronden],
      standpuntOuders: e.standpuntOuders,
      ingediendOp: e.ingediendOp,
      besluit: e.besluit ?? null,
      besluitReden: e.besluitReden ?? null,
      vtOrganisatie: e.vtOrganisatie,
    });
  }
}

@ObjectType('Dienst', { description: 'Een dienst van Veilig Thuis in een casus, met start, einde en uitkomst.' })
export class DienstView {
  @Field(() => ID) id!: string;
  @Field(() => DienstSoort) soort!: DienstSoort;
  @Field(() => TijdstipScalar) gestartOp!: Date;
  @Field(() => TijdstipScalar, { nullable: true }) beeindigdOp!: Date | null;
  @Field(() => String, { nullable: true }) uitkomst!: string | null;
  @Field(() => Boolean) voortijdigAfgesloten!: boolean;
  @Field(() => String) verantwoordelijke!: string;
  @Field(() => String, { nullable: true }) ontvangendePartij!: string | null;
  @Field(() => DatumScalar, { nullable: true }) contactBevestigdOp!: string | null;
  @Field(() => [OnderzoekUitkomstView]) onderzoeksuitkomsten!: OnderzoekUitkomstView[];
  @Field(() => VerzoekTotOnderzoekView, { nullable: true }) verzoekTotOnderzoek!: VerzoekTotOnderzoekView | null;
  vtOrganisatie!: string;

  static van(
    e: DienstEntity,
    uitkomsten: OnderzoekUitkomstView[],
    verzoek: VerzoekTotOnderzoekView | null,
  ): DienstView {
    return Object.assign(new DienstView(), {
      id: e.id,
      soort: e.soort,
      gestartOp: e.gestartOp,
      beeindigdOp: e.beeindigdOp ?? null,
      uitkomst: e.uitkomst ?? null,
      voortijdigAfgesloten: e.voortijdigAfgesloten,
      verantwoordelijke: e.verantwoordelijke,
      ontvangendePartij: e.ontvangendePartij ?? null,
      contactBevestigdOp: e.contactBevestigdOp ?? null,
      onderzoeksuitkomsten: uitkomsten,
      verzoekTotOnderzoek: verzoek,
      vtOrganisatie: e.vtOrganisatie,
    });
  }
}

@ObjectType('Veiligheidsafspraak', { description: 'Een veiligheidsvoorwaarde, vastgelegd als concrete afspraak.' })
export class VeiligheidsafspraakView {
  @Field(() => ID) id!: string;
  @Field(() => String) omschrijving!: string;
  @Field(() => [String]) partijen!: string[];
  @Field(() => DatumScalar) overeengekomenOp!: string;
  vtOrganisatie!: string;

  static van(e: VeiligheidsafspraakEntity): VeiligheidsafspraakView {
    return Object.assign(new VeiligheidsafspraakView(), {
      id: e.id,
      omschrijving: e.omschrijving,
      partijen: [...e.partijen],
      overeengekomenOp: e.overeengekomenOp,
      vtOrganisatie: e.vtOrganisatie,
    });
  }
}

@ObjectType('Monitoringcontact')
export class MonitoringcontactView {
  @Field(() => ID) id!: string;
  @Field(() => DatumScalar) contactOp!: string;
  @Field(() => MonitoringUitkomst) uitkomst!: MonitoringUitkomst;
  @Field(() => String) toelichting!: string;
  vtOrganisatie!: string;

  static van(e: MonitoringcontactEntity): MonitoringcontactView {
    return Object.assign(new MonitoringcontactView(), {
      id: e.id,
      contactOp: e.contactOp,
      uitkomst: e.uitkomst,
      toelichting: e.toelichting,
      vtOrganisatie: e.vtOrganisatie,
    });
  }
}

@ObjectType('CasusOvergang', { description: 'Eén stap van de casus door het proces.' })
export class CasusOvergangView {
  @Field(() => CasusFase, { nullable: true }) van!: CasusFase | null;
  @Field(() => CasusFase) naar!: CasusFase;
  @Field(() => TijdstipScalar, { description: 'Wanneer de stap plaatsvond.' }) op!: Date;
  @Field(() => TijdstipScalar, {
    nullable: true,
    description:
      'Wanneer de stap in Ketenpoort werd vastgelegd (later dan `op` bij nagetekende of geïmporteerde stappen).',
  })
  geregistreerdOp!: Date | null;
  @Field(() => String) door!: string;
  @Field(() => String) verantwoordelijke!: string;
  @Field(() => String, { nullable: true }) toelichting!: string | null;
  vtOrganisatie!: string;

  static van(e: CasusOvergangEntity): CasusOvergangView {
    return Object.assign(new CasusOvergangView(), {
      van: e.van ?? null,
      naar: e.naar,
      op: e.op,
      geregistreerdOp: e.geregistreerdOp ?? null,
      door: e.door,
      verantwoordelijke: e.verantwoordelijke,
      toelichting: e.toelichting ?? null,
      vtOrganisatie: e.vtOrganisatie,
    });
  }
}

@ObjectType('Casus', { description: 'Het huishouden waarover VT meldingen ontving, met fase, diensten en termijnen.' })
export class CasusView {
  @Field(() => ID) id!: string;
  @Field(() => String) vtOrganisatie!: string;
  @Field(() => CasusFase) fase!: CasusFase;
  @Field(() => String, {
    nullable: true,
    description: 'De verantwoordelijke VT-medewerker (subject); leeg tot toewijzing.',
  })
  verantwoordelijke!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Het team waaraan de casus is toegewezen; zijn leden lezen de casus ook.',
  })
  team!: string | null;
  @Field(() => TijdstipScalar) geopendOp!: Date;
  @Field(() => DatumScalar, { nullable: true }) vervolgGestartOp!: string | null;
  @Field(() => TijdstipScalar, { nullable: true }) geslotenOp!: Date | null;
  @Field(() => String, { nullable: true }) afsluitreden!: string | null;
  @Field(() => [ID]) meldingIds!: string[];
  @Field(() => [ID], { description: 'De personen van het huishouden.' }) persoonIds!: string[];
  @Field(() => [VeiligheidsbeoordelingView]) veiligheidsbeoordelingen!: VeiligheidsbeoordelingView[];
  @Field(() => [DienstView]) diensten!: DienstView[];
  @Field(() => [VeiligheidsafspraakView]) veiligheidsafspraken!: VeiligheidsafspraakView[];
  @Field(() => [MonitoringcontactView]) monitoringcontacten!: MonitoringcontactView[];
  @Field(() => [TermijnView]) termijnen!: TermijnView[];
  @Field(() => [CasusOvergangView]) overgangen!: CasusOvergangView[];
  @Field(() => [CasusFase], { description: 'De fasen waarnaar de casus nu mag (volgens de overgangstabel).' })
  toegestaneOvergangen!: CasusFase[];
  /** Need-to-know data (behandelaar, team, the caller's noodtoegang), for the row rule and the audit (not a field). */
  casusToegang?: CasusToegang;

  static kaal(e: CasusEntity): CasusView {
    return Object.assign(new CasusView(), {
      id: e.id,
      vtOrganisatie: e.vtOrganisatie,
      fase: e.fase,
      verantwoordelijke: e.verantwoordelijke ?? null,
      team: e.team ?? null,
      geopendOp: e.geopendOp,
      vervolgGestartOp: e.vervolgGestartOp ?? null,
      geslotenOp: e.geslotenOp ?? null,
      afsluitreden: e.afsluitreden ?? null,
    });
  }
}

@ObjectType('CasusEdge')
export class CasusEdge {
  @Field(() => String) cursor!: string;
  @Field(() => CasusView) node!: CasusView;
}

@ObjectType('CasusConnection')
export class CasusConnection {
  @Field(() => [CasusEdge]) edges!: CasusEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType('VeiligheidsbeoordelingResultaat')
export class VeiligheidsbeoordelingResultaat {
  @Field(() => VeiligheidsbeoordelingView) veiligheidsbeoordeling!: VeiligheidsbeoordelingView;
  @Field(() => CasusView) casus!: CasusView;
}

// ------------------------------------------------------------------ inputs

@InputType('VerzoekTotOnderzoekInvoer')
export class VerzoekTotOnderzoekInvoer {
  @Field(() => [ID], { description: 'Persoon-ids van de kinderen (personen van de casus).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  kinderen!: string[];
  @Field(() => [VerzoekGrond]) @ArrayMinSize(1) @ArrayUnique() gronden!: VerzoekGrond[];
  @Field(() => TekstScalar) @MinLength(1) @MaxLength(MAX_TOELICHTING) standpuntOuders!: string;
}

@InputType('VeiligheidsbeoordelingInvoer')
export class VeiligheidsbeoordelingInvoer {
  @Field(() => ID) meldingId!: string;
  @Field(() => Taxatie) taxatie!: Taxatie;
  @Field(() => VeiligheidsbeoordelingUitkomst) uitkomst!: VeiligheidsbeoordelingUitkomst;
  @Field(() => VervolgKeuze, {
    nullable: true,
    description: 'Verplicht bij VERVOLGSTAPPEN_BIJ_VEILIG_THUIS, anders leeg.',
  })
  vervolg?: VervolgKeuze;
  @Field(() => TekstScalar) @MinLength(1) @MaxLength(MAX_TOELICHTING) toelichting!: string;
  @Field(() => VerzoekTotOnderzoekInvoer, {
    nullable: true,
    description: 'Verplicht bij vervolg VERZOEK_TOT_ONDERZOEK.',
  })
  @IsOptional()
  @ValidateNested()
  verzoekTotOnderzoek?: VerzoekTotOnderzoekInvoer;
  @Field(() => TijdstipScalar, {
    nullable: true,
    description:
      'Wanneer de stap plaatsvond, als die later wordt vastgelegd (of uit een eerder systeem komt); leeg: nu. Niet in de toekomst, niet vóór de ontvangst van de melding of de vorige stap van de casus.',
  })
  @IsOptional()
  plaatsgevondenOp?: Date;
}

@InputType('OnderzoekUitkomstInvoer')
export class OnderzoekUitkomstInvoer {
  @Field(() => AardGeweld) aardGeweld!: AardGeweld;
  @Field(() => OnderzoekResultaat) uitkomst!: OnderzoekResultaat;
}

@InputType('OnderzoekAfrondingInvoer')
export class OnderzoekAfrondingInvoer {
  @Field(() => [OnderzoekUitkomstInvoer], { description: 'Per aard geweld van de meldingen in de casus.' })
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  uitkomsten!: OnderzoekUitkomstInvoer[];
  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Voortijdig afgesloten: dan zijn uitkomsten niet verplicht.',
  })
  voortijdigAfgesloten!: boolean;
}

@InputType('OverdrachtInvoer')
export class OverdrachtInvoer {
  @Field(() => TekstRegelScalar, { description: 'De partij die het overnam (organisatie en persoon).' })
  @MinLength(1)
  @MaxLength(300)
  ontvangendePartij!: string;
  @Field(() => DatumScalar, { description: 'De dag van het persoonlijke contact (warme overdracht).' })
  contactBevestigdOp!: string;
}

@InputType('RvdkBesluitInvoer')
export class RvdkBesluitInvoer {
  @Field(() => RvdkBesluit) besluit!: RvdkBesluit;
  @Field(() => TekstScalar, { nullable: true }) @IsOptional() @MaxLength(MAX_TOELICHTING) reden?: string;
}

@InputType('CasusOvergangInvoer', {
  description: 'Een stap in het proces. Welke gegevens verplicht zijn, volgt uit de overgangstabel.',
})
export class CasusOvergangInvoer {
  @Field(() => ID) casusId!: string;
  @Field(() => CasusFase) naar!: CasusFase;
  @Field(() => TekstScalar) @MinLength(1) @MaxLength(MAX_TOELICHTING) toelichting!: string;
  @Field(() => OnderzoekAfrondingInvoer, { nullable: true })
  @IsOptional()
  @ValidateNested()
  onderzoek?: OnderzoekAfrondingInvoer;
  @Field(() => OverdrachtInvoer, { nullable: true }) @IsOptional() @ValidateNested() overdracht?: OverdrachtInvoer;
  @Field(() => VerzoekTotOnderzoekInvoer, { nullable: true })
  @IsOptional()
  @ValidateNested()
  verzoekTotOnderzoek?: VerzoekTotOnderzoekInvoer;
  @Field(() => RvdkBesluitInvoer, { nullable: true }) @IsOptional() @ValidateNested() rvdkBesluit?: RvdkBesluitInvoer;
  @Field(() => TekstScalar, { nullable: true }) @IsOptional() @MaxLength(500) afsluitreden?: string;
  @Field(() => TijdstipScalar, {
    nullable: true,
    description:
      'Wanneer de stap plaatsvond, als die later wordt vastgelegd (of uit een eerder systeem komt); leeg: nu. Niet in de toekomst, niet vóór de vorige stap van de casus.',
  })
  @IsOptional()
  plaatsgevondenOp?: Date;
}

@InputType('VeiligheidsafspraakInvoer')
export class VeiligheidsafspraakInvoer {
  @Field(() => ID) casusId!: string;
  @Field(() => TekstScalar) @MinLength(1) @MaxLength(2000) omschrijving!: string;
  @Field(() => [TekstRegelScalar], { description: 'Wie de afspraak maakten (bijv. moeder, vader, wijkteam).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @MaxLength(200, { each: true })
  partijen!: string[];
  @Field(() => DatumScalar) overeengekomenOp!: string;
}

@InputType('MonitoringcontactInvoer')
export class MonitoringcontactInvoer {
  @Field(() => ID) casusId!: string;
  @Field(() => DatumScalar) contactOp!: string;
  @Field(() => MonitoringUitkomst) uitkomst!: MonitoringUitkomst;
  @Field(() => TekstScalar) @MinLength(1) @MaxLength(MAX_TOELICHTING) toelichting!: string;
}
