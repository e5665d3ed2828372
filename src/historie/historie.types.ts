import {
  ArrayMaxSize,
  ArrayMinSize,
  IsOptional,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

import {
  CasusFase,
  MonitoringUitkomst,
  Taxatie,
  VeiligheidsbeoordelingUitkomst,
  VervolgKeuze,
} from '../casussen/proces';
import { OnderzoekAfrondingInvoer, OverdrachtInvoer } from '../casussen/casus.types';
import { TijdstipScalar } from '../lib/scalars';
import { TekstRegelScalar, TekstScalar } from '../lib/tekst';
import { MeldingInvoer } from '../meldingen/melding.inputs';

/** At most this many dossiers per call; a larger history is sent in parts (the command does so). */
export const MAX_DOSSIERS = 50;
const MAX_TOELICHTING = 10_000;

@InputType('HistorieBeoordelingInvoer')
export class HistorieBeoordelingInvoer {
  @Field(() => Int, { defaultValue: 0, description: 'Welke melding van het dossier (0 is de eerste).' })
  @Min(0)
  @Max(49)
  melding!: number;
  @Field(() => Taxatie) taxatie!: Taxatie;
  @Field(() => VeiligheidsbeoordelingUitkomst) uitkomst!: VeiligheidsbeoordelingUitkomst;
  @Field(() => VervolgKeuze, { nullable: true, description: 'Bij VERVOLGSTAPPEN_BIJ_VEILIG_THUIS.' })
  vervolg?: VervolgKeuze;
  @Field(() => TekstScalar) @MinLength(1) @MaxLength(MAX_TOELICHTING) toelichting!: string;
}

/**
 * A transition of an imported dossier. A Verzoek tot Onderzoek is not imported (its children are persons of the
 * casus, whose ids exist only after the import): such a dossier is loaded up to the step before and continued live.
 */
@InputType('HistorieOvergangInvoer')
export class HistorieOvergangInvoer {
  @Field(() => CasusFase) naar!: CasusFase;
  @Field(() => TekstScalar) @MinLength(1) @MaxLength(MAX_TOELICHTING) toelichting!: string;
  @Field(() => OnderzoekAfrondingInvoer, { nullable: true })
  @IsOptional()
  @ValidateNested()
  onderzoek?: OnderzoekAfrondingInvoer;
  @Field(() => OverdrachtInvoer, { nullable: true }) @IsOptional() @ValidateNested() overdracht?: OverdrachtInvoer;
  @Field(() => TekstScalar, { nullable: true }) @IsOptional() @MaxLength(500) afsluitreden?: string;
}

@InputType('HistorieAfspraakInvoer')
export class HistorieAfspraakInvoer {
  @Field(() => TekstScalar) @MinLength(1) @MaxLength(2000) omschrijving!: string;
  @Field(() => [TekstRegelScalar])
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @MaxLength(200, { each: true })
  partijen!: string[];
}

@InputType('HistorieContactInvoer')
export class HistorieContactInvoer {
  @Field(() => MonitoringUitkomst) uitkomst!: MonitoringUitkomst;
  @Field(() => TekstScalar) @MinLength(1) @MaxLength(MAX_TOELICHTING) toelichting!: string;
}

@InputType('HistorieStapInvoer', {
  description: 'Eén processtap uit het eerdere systeem: precies één van beoordeling, overgang, afspraak, contact.',
})
export class HistorieStapInvoer {
  @Field(() => TijdstipScalar, { description: 'Wanneer de stap plaatsvond.' }) plaatsgevondenOp!: Date;
  @Field(() => HistorieBeoordelingInvoer, { nullable: true })
  @IsOptional()
  @ValidateNested()
  beoordeling?: HistorieBeoordelingInvoer;
  @Field(() => HistorieOvergangInvoer, { nullable: true })
  @IsOptional()
  @ValidateNested()
  overgang?: HistorieOvergangInvoer;
  @Field(() => HistorieAfspraakInvoer, { nullable: true })
  @IsOptional()
  @ValidateNested()
  veiligheidsafspraak?: HistorieAfspraakInvoer;
  @Field(() => HistorieContactInvoer, { nullable: true })
  @IsOptional()
  @ValidateNested()
  monitoringcontact?: HistorieContactInvoer;
}

@InputType('HistorieDossierInvoer', {
  description:
    'Eén casus uit het eerdere systeem: de meldingen en de stappen, elk met de datum waarop ze plaatsvonden.',
})
export class HistorieDossierInvoer {
  @Field(() => TekstRegelScalar, {
    description: 'Het kenmerk van het dossier in het eerdere systeem; opnieuw importeren verandert niets.',
  })
  @MinLength(1)
  @MaxLength(200)
  bronId!: string;
  @Field(() => [MeldingInvoer])
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  meldingen!: MeldingInvoer[];
  @Field(() => [HistorieStapInvoer], { defaultValue: [] })
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  stappen!: HistorieStapInvoer[];
}

export enum HistorieImportStatus {
  /** Loaded now. */
  GEIMPORTEERD = 'GEIMPORTEERD',
  /** Loaded before with the same content: nothing changed. */
  AL_GEIMPORTEERD = 'AL_GEIMPORTEERD',
  /** Refused: nothing of this dossier was written (see fouten). */
  GEWEIGERD = 'GEWEIGERD',
}
registerEnumType(HistorieImportStatus, { name: 'HistorieImportStatus' });

@ObjectType('HistorieFout', { description: 'Waarom een dossier werd geweigerd; zonder persoonsgegevens.' })
export class HistorieFout {
  @Field(() => Int, { nullable: true, description: 'De melding (index) waar het misging, als het een melding was.' })
  melding!: number | null;
  @Field(() => Int, { nullable: true, description: 'De stap (index) waar het misging, als het een stap was.' })
  stap!: number | null;
  @Field(() => String, { nullable: true }) veld!: string | null;
  @Field(() => String, { description: 'Stabiele code, zoals DATUM_VOOR_VORIGE_STAP of OVERGANG_NIET_TOEGESTAAN.' })
  code!: string;
  @Field(() => String) bericht!: string;
}

@ObjectType('HistorieDossierResultaat')
export class HistorieDossierResultaat {
  @Field(() => String) bronId!: string;
  @Field(() => HistorieImportStatus) status!: HistorieImportStatus;
  @Field(() => ID, { nullable: true }) casusId!: string | null;
  @Field(() => Int, { description: 'Termijnen die al verstreken waren en als historisch zijn vastgelegd.' })
  historischeTermijnen!: number;
  @Field(() => [HistorieFout]) fouten!: HistorieFout[];
}

@ObjectType('HistorieImportResultaat', { description: 'Per dossier wat de import deed.' })
export class HistorieImportResultaat {
  @Field(() => [HistorieDossierResultaat]) dossiers!: HistorieDossierResultaat[];
  @Field(() => Int) geimporteerd!: number;
  @Field(() => Int) alGeimporteerd!: number;
  @Field(() => Int) geweigerd!: number;
}

@InputType('HistorieImportInvoer', { description: 'Een deel van een historie-import: dossiers van één VT-regio.' })
export class HistorieImportInvoer {
  @Field(() => [HistorieDossierInvoer], { description: `1 tot ${MAX_DOSSIERS} dossiers.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_DOSSIERS)
  @ValidateNested({ each: true })
  dossiers!: HistorieDossierInvoer[];
}
