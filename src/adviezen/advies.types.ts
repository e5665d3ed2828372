import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsOptional, Matches, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';

import type { CasusToegang } from '../beleid/casustoegang';
import { PageInfo } from '../lib/graphql/paginering';
import { TijdstipScalar } from '../lib/scalars';
import { AardGeweld, HoedanigheidMelder, Kanaal, OrganisatieMelder } from '../meldingen/cbs-categorieen';
import { MAX_OMSCHRIJVING } from '../meldingen/melding.inputs';
import type { AdviesEntity } from './advies.entity';
import { AdviesStatus } from './advies.proces';
import { TekstRegelScalar, TekstScalar } from '../lib/tekst';

@ObjectType('Advies', { description: 'Een adviesvraag aan Veilig Thuis. De cliënt kan anoniem blijven.' })
export class AdviesView {
  @Field(() => ID) id!: string;
  @Field(() => String) vtOrganisatie!: string;
  @Field(() => TijdstipScalar) ontvangenOp!: Date;
  @Field(() => Kanaal) kanaal!: Kanaal;
  @Field(() => HoedanigheidMelder) hoedanigheidAdviesvrager!: HoedanigheidMelder;
  @Field(() => OrganisatieMelder) organisatieAdviesvrager!: OrganisatieMelder;
  @Field(() => [AardGeweld]) aardGeweld!: AardGeweld[];
  @Field(() => String) omschrijving!: string;
  @Field(() => Boolean) clientAnoniem!: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'CBS-gemeentecode (GMnnnn) van de woonplaats van de cliënt, als die bekend is.',
  })
  gemeente!: string | null;
  @Field(() => AdviesStatus) status!: AdviesStatus;
  @Field(() => ID, { nullable: true, description: 'De melding waarin het advies is omgezet.' }) meldingId!:
    string | null;
  @Field(() => TijdstipScalar, { nullable: true }) afgerondOp!: Date | null;
  /** The casus of the melding it became (null while it is only an advies), and its need-to-know data (not fields). */
  casusId: string | null = null;
  casusToegang?: CasusToegang;

  static van(e: AdviesEntity): AdviesView {
    return Object.assign(new AdviesView(), {
      id: e.id,
      vtOrganisatie: e.vtOrganisatie,
      ontvangenOp: e.ontvangenOp,
      kanaal: e.kanaal,
      hoedanigheidAdviesvrager: e.hoedanigheidAdviesvrager,
      organisatieAdviesvrager: e.organisatieAdviesvrager,
      aardGeweld: [...e.aardGeweld],
      omschrijving: e.omschrijving,
      clientAnoniem: e.clientAnoniem,
      gemeente: e.gemeente ?? null,
      status: e.status,
      meldingId: e.meldingId ?? null,
      afgerondOp: e.afgerondOp ?? null,
    });
  }
}

@ObjectType('AdviesEdge')
export class AdviesEdge {
  @Field(() => String) cursor!: string;
  @Field(() => AdviesView) node!: AdviesView;
}

@ObjectType('AdviesConnection')
export class AdviesConnection {
  @Field(() => [AdviesEdge]) edges!: AdviesEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType('AdviesInvoer')
export class AdviesInvoer {
  @Field(() => TijdstipScalar) ontvangenOp!: Date;
  @Field(() => Kanaal) kanaal!: Kanaal;
  @Field(() => HoedanigheidMelder) hoedanigheidAdviesvrager!: HoedanigheidMelder;
  @Field(() => OrganisatieMelder, { description: 'NIET_VAN_TOEPASSING bij een niet-beroepsmatige adviesvrager.' })
  organisatieAdviesvrager!: OrganisatieMelder;
  @Field(() => [AardGeweld]) @ArrayMinSize(1) @ArrayMaxSize(8) @ArrayUnique() aardGeweld!: AardGeweld[];
  @Field(() => TekstScalar) @MinLength(1) @MaxLength(MAX_OMSCHRIJVING) omschrijving!: string;
  @Field(() => Boolean, { defaultValue: true, description: 'De cliënt blijft anoniem (geen personen vastgelegd).' })
  clientAnoniem!: boolean;
  @Field(() => TekstRegelScalar, {
    nullable: true,
    description:
      'CBS-gemeentecode (GMnnnn) van de woonplaats van de cliënt, als de adviesvrager die noemt; CBS telt adviezen per gemeente. Alleen de gemeente, geen adres: het advies blijft anoniem.',
  })
  @IsOptional()
  @Matches(/^GM[0-9]{4}$/, { message: 'gemeente moet een CBS-gemeentecode zijn (GM gevolgd door vier cijfers)' })
  gemeente?: string;
}
