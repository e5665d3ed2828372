import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsEmail,
  IsOptional,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Field, InputType } from 'type-graphql';

import { DatumScalar, TijdstipScalar } from '../lib/scalars';
import { BsnScalar } from '../personen/bsn.scalar';
import {
  AardGeweld,
  Anonimiteit,
  BetrokkeneRol,
  DuurGeweld,
  HoedanigheidMelder,
  Kanaal,
  OrganisatieMelder,
} from './cbs-categorieen';
import { TekstRegelScalar, TekstScalar } from '../lib/tekst';

/** Limits on free text: generous for real use, small enough that nobody stores a file in a name field. */
export const MAX_OMSCHRIJVING = 20_000;
const MAX_NAAM = 200;

@InputType('AdresInvoer')
export class AdresInvoer {
  @Field(() => TekstRegelScalar, { nullable: true }) @IsOptional() @MaxLength(MAX_NAAM) straat?: string;
  @Field(() => TekstRegelScalar, { nullable: true }) @IsOptional() @MaxLength(20) huisnummer?: string;
  @Field(() => TekstRegelScalar, { nullable: true, description: 'Nederlandse postcode, 1234 AB.' })
  @IsOptional()
  @Matches(/^[1-9][0-9]{3} ?[A-Z]{2}$/, { message: 'postcode moet de vorm 1234 AB hebben' })
  postcode?: string;
  @Field(() => TekstRegelScalar, { nullable: true }) @IsOptional() @MaxLength(MAX_NAAM) woonplaats?: string;
}

@InputType('PersoonInvoer', {
  description: 'Een persoon. Met een BSN die de regio al kent, wordt de bekende persoon gebruikt.',
})
export class PersoonInvoer {
  @Field(() => BsnScalar, { nullable: true }) bsn?: string;
  @Field(() => TekstRegelScalar, { nullable: true }) @IsOptional() @MaxLength(MAX_NAAM) voornamen?: string;
  @Field(() => TekstRegelScalar, { nullable: true }) @IsOptional() @MaxLength(MAX_NAAM) achternaam?: string;
  @Field(() => DatumScalar, { nullable: true }) geboortedatum?: string;
  @Field(() => AdresInvoer, { nullable: true }) @IsOptional() @ValidateNested() adres?: AdresInvoer;
  @Field(() => TekstRegelScalar, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'telefoonnummer bevat ongeldige tekens' })
  telefoon?: string;
  @Field(() => TekstRegelScalar, { nullable: true }) @IsOptional() @MaxLength(254) @IsEmail() email?: string;
}

@InputType('BetrokkeneInvoer')
export class BetrokkeneInvoer {
  @Field(() => PersoonInvoer) @ValidateNested() persoon!: PersoonInvoer;
  @Field(() => [BetrokkeneRol]) @ArrayMinSize(1) @ArrayUnique() rollen!: BetrokkeneRol[];
}

@InputType('MelderInvoer', { description: 'De melder. Bij DUBBEL_ANONIEM wordt geen identiteit vastgelegd.' })
export class MelderInvoer {
  @Field(() => Anonimiteit) anonimiteit!: Anonimiteit;
  @Field(() => Boolean, { defaultValue: false, description: 'De melder stemt in met bekendmaking aan het gezin.' })
  toestemmingBekendmaking!: boolean;
  @Field(() => TekstRegelScalar, { nullable: true }) @IsOptional() @MaxLength(MAX_NAAM) naam?: string;
  @Field(() => TekstRegelScalar, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'telefoonnummer bevat ongeldige tekens' })
  telefoon?: string;
  @Field(() => TekstRegelScalar, { nullable: true }) @IsOptional() @MaxLength(254) @IsEmail() email?: string;
  @Field(() => TekstRegelScalar, { nullable: true, description: 'Functie (beroepsmatige melder).' })
  @IsOptional()
  @MaxLength(MAX_NAAM)
  functie?: string;
  @Field(() => TekstRegelScalar, { nullable: true, description: 'Werkgever (beroepsmatige melder).' })
  @IsOptional()
  @MaxLength(MAX_NAAM)
  werkgever?: string;
}

@InputType('MeldingInvoer')
export class MeldingInvoer {
  @Field(() => TijdstipScalar, { description: 'Wanneer VT de melding ontving; niet in de toekomst.' })
  ontvangenOp!: Date;
  @Field(() => Kanaal) kanaal!: Kanaal;
  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Acute onveiligheid: de veiligheidsbeoordeling moet dezelfde dag.',
  })
  acuut?: boolean;
  @Field(() => Boolean, {
    defaultValue: false,
    description: 'VT meldt zelf (ambtshalve melding), bijvoorbeeld na een advies.',
  })
  ambtshalve?: boolean;
  @Field(() => [AardGeweld]) @ArrayMinSize(1) @ArrayMaxSize(8) @ArrayUnique() aardGeweld!: AardGeweld[];
  @Field(() => DuurGeweld) duurGeweld!: DuurGeweld;
  @Field(() => TekstScalar, { description: `Ten hoogste ${MAX_OMSCHRIJVING} tekens.` })
  @MinLength(1)
  @MaxLength(MAX_OMSCHRIJVING)
  omschrijving!: string;
  @Field(() => HoedanigheidMelder) hoedanigheidMelder!: HoedanigheidMelder;
  @Field(() => OrganisatieMelder) organisatieMelder!: OrganisatieMelder;
  @Field(() => MelderInvoer) @ValidateNested() melder!: MelderInvoer;
  @Field(() => [BetrokkeneInvoer])
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  betrokkenen!: BetrokkeneInvoer[];
}
