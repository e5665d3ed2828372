import { ArrayMaxSize, ArrayUnique, IsOptional, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';

import { DatumScalar, TijdstipScalar } from '../lib/scalars';
import { TermijnView } from '../termijnen/termijn.types';
import {
  type BetrokkeneInformeringEntity,
  InformerenReden,
  InformerenUitkomst,
  InformerenWijze,
} from './betrokkene-informeren.entity';
import { TekstScalar } from '../lib/tekst';

const MAX_TOELICHTING = 4000;

@InputType('BetrokkeneInformerenInvoer', {
  description:
    'Wat VT vastlegt over het informeren van de betrokkene(n) over een melding: geïnformeerd (wanneer, hoe, wie), uitgesteld tot een nieuwe datum met een wettelijke reden, of niet geïnformeerd met een wettelijke reden.',
})
export class BetrokkeneInformerenInvoer {
  @Field(() => ID) meldingId!: string;
  @Field(() => InformerenUitkomst) uitkomst!: InformerenUitkomst;
  @Field(() => TijdstipScalar, {
    nullable: true,
    description: 'GEINFORMEERD: wanneer (niet vóór de ontvangst, niet in de toekomst).',
  })
  geinformeerdOp?: Date;
  @Field(() => InformerenWijze, { nullable: true, description: 'GEINFORMEERD: hoe.' })
  wijze?: InformerenWijze;
  @Field(() => [ID], {
    nullable: true,
    description: 'GEINFORMEERD: de personen (betrokkenen van deze melding) die zijn geïnformeerd.',
  })
  @IsOptional()
  @ArrayUnique()
  @ArrayMaxSize(50)
  persoonIds?: string[];
  @Field(() => InformerenReden, { nullable: true, description: 'UITGESTELD en NIET_INFORMEREN: de wettelijke reden.' })
  reden?: InformerenReden;
  @Field(() => DatumScalar, { nullable: true, description: 'UITGESTELD: de nieuwe uiterste datum (na vandaag).' })
  uitgesteldTot?: string;
  @Field(() => TekstScalar, {
    nullable: true,
    description:
      'De afweging (verplicht bij UITGESTELD en NIET_INFORMEREN); interne tekst van VT, nooit voor partners.',
  })
  @IsOptional()
  @MinLength(1)
  @MaxLength(MAX_TOELICHTING)
  toelichting?: string;
}

@ObjectType('BetrokkeneInformering', {
  description: 'Eén vastlegging over het informeren van de betrokkene(n) over een melding, met de termijn erna.',
})
export class BetrokkeneInformeringView {
  @Field(() => ID) id!: string;
  @Field(() => ID) meldingId!: string;
  @Field(() => InformerenUitkomst) uitkomst!: InformerenUitkomst;
  @Field(() => TijdstipScalar, { nullable: true }) geinformeerdOp!: Date | null;
  @Field(() => InformerenWijze, { nullable: true }) wijze!: InformerenWijze | null;
  @Field(() => [ID], { description: 'De geïnformeerde personen.' }) persoonIds!: string[];
  @Field(() => InformerenReden, { nullable: true }) reden!: InformerenReden | null;
  @Field(() => DatumScalar, { nullable: true }) uitgesteldTot!: string | null;
  @Field(() => String, { nullable: true }) toelichting!: string | null;
  @Field(() => TijdstipScalar) vastgelegdOp!: Date;
  @Field(() => String) vastgelegdDoor!: string;
  @Field(() => TermijnView, {
    nullable: true,
    description: 'De termijn na deze vastlegging: voldaan, of bij uitstel de nieuwe open termijn.',
  })
  termijn!: TermijnView | null;
  vtOrganisatie!: string;

  static van(e: BetrokkeneInformeringEntity, termijn: TermijnView | null): BetrokkeneInformeringView {
    return Object.assign(new BetrokkeneInformeringView(), {
      id: e.id,
      meldingId: e.meldingId,
      uitkomst: e.uitkomst,
      geinformeerdOp: e.geinformeerdOp ?? null,
      wijze: e.wijze ?? null,
      persoonIds: e.persoonIds,
      reden: e.reden ?? null,
      uitgesteldTot: e.uitgesteldTot ?? null,
      toelichting: e.toelichting ?? null,
      vastgelegdOp: e.vastgelegdOp,
      vastgelegdDoor: e.vastgelegdDoor,
      termijn,
      vtOrganisatie: e.vtOrganisatie,
    });
  }
}
