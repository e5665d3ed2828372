import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';

import type { Toegangsgrond as ToegangsgrondType } from '../beleid/casustoegang';
import { DatumScalar, TijdstipScalar } from '../lib/scalars';
import { BsnScalar } from '../personen/bsn.scalar';
import { CasusFase } from './proces';
import { TekstRegelScalar } from '../lib/tekst';

/** Why the caller may read a casus in full (need-to-know). */
export const Toegangsgrond: { readonly [K in ToegangsgrondType]: K } = {
  REGIO: 'REGIO',
  BEHANDELAAR: 'BEHANDELAAR',
  TEAM: 'TEAM',
  NOODTOEGANG: 'NOODTOEGANG',
};
registerEnumType(Toegangsgrond, {
  name: 'Toegangsgrond',
  description:
    'Waarom u de casus volledig mag lezen: REGIO (teamleider, vertrouwensarts), BEHANDELAAR, TEAM of NOODTOEGANG.',
});

@InputType('CasusZoekInvoer', {
  description: 'Zoek op BSN, of op achternaam en geboortedatum samen (niet beide vormen tegelijk).',
})
export class CasusZoekInvoer {
  @Field(() => BsnScalar, { nullable: true }) bsn?: string;
  @Field(() => TekstRegelScalar, { nullable: true }) @IsOptional() @MaxLength(200) achternaam?: string;
  @Field(() => DatumScalar, { nullable: true }) geboortedatum?: string;
}

@ObjectType('CasusZoekresultaat', {
  description:
    'Dat een casus van de eigen regio bestaat en wie eraan werkt, zonder inhoud; of u hem volledig mag lezen, en waarom.',
})
export class CasusZoekresultaatView {
  @Field(() => ID) casusId!: string;
  @Field(() => CasusFase) fase!: CasusFase;
  @Field(() => String, { nullable: true, description: 'De behandelaar (subject); leeg tot toewijzing.' }) behandelaar!:
    string | null;
  @Field(() => String, { nullable: true }) team!: string | null;
  @Field(() => Boolean) heeftToegang!: boolean;
  @Field(() => Toegangsgrond, { nullable: true }) toegangsgrond!: ToegangsgrondType | null;
  @Field(() => TijdstipScalar, { nullable: true, description: 'Bij NOODTOEGANG: tot wanneer.' })
  toegangTot!: Date | null;
  vtOrganisatie!: string;
}
