import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

import { PageInfo } from '../lib/graphql/paginering';
import { TijdstipScalar } from '../lib/scalars';
import { type NoodtoegangEntity, NoodtoegangOordeel } from './noodtoegang.entity';
import { TekstRegelScalar, TekstScalar } from '../lib/tekst';

/** Limits on the reason: long enough to say what the emergency is, short enough to stay a reason. */
export const REDEN_MIN = 20;
export const REDEN_MAX = 2000;

registerEnumType(NoodtoegangOordeel, {
  name: 'NoodtoegangOordeel',
  description: 'Het oordeel van de privacy officer over één noodtoegang.',
});

/** Where a noodtoegang stands in the privacy officer's review. */
export enum NoodtoegangStatus {
  TE_BEOORDELEN = 'TE_BEOORDELEN',
  GERECHTVAARDIGD = 'GERECHTVAARDIGD',
  NIET_GERECHTVAARDIGD = 'NIET_GERECHTVAARDIGD',
}
registerEnumType(NoodtoegangStatus, {
  name: 'NoodtoegangStatus',
  description: 'TE_BEOORDELEN tot de privacy officer oordeelt; daarna het oordeel.',
});

@ObjectType('Noodtoegang', {
  description:
    'Eén noodtoegang (break-the-glass): een niet-toegewezen medewerker opende een casus bij nood, met reden en voor beperkte tijd.',
})
export class NoodtoegangView {
  @Field(() => ID) id!: string;
  @Field(() => ID) casusId!: string;
  @Field(() => String, { description: 'Subject van de medewerker.' }) medewerker!: string;
  @Field(() => String, { nullable: true }) medewerkerNaam!: string | null;
  @Field(() => String) reden!: string;
  @Field(() => TijdstipScalar) geopendOp!: Date;
  @Field(() => TijdstipScalar) verlooptOp!: Date;
  @Field(() => Boolean, { description: 'De toegang loopt nu nog (niet verlopen en niet als onterecht beoordeeld).' })
  actief!: boolean;
  @Field(() => NoodtoegangStatus) status!: NoodtoegangStatus;
  @Field(() => String, { nullable: true }) oordeelToelichting!: string | null;
  @Field(() => String, { nullable: true }) beoordeeldDoor!: string | null;
  @Field(() => TijdstipScalar, { nullable: true }) beoordeeldOp!: Date | null;
  @Field(() => Int, {
    description: 'Aantal regels in het auditspoor onder deze noodtoegang (wat de medewerker ermee deed).',
  })
  handelingen!: number;
  vtOrganisatie!: string;

  static van(e: NoodtoegangEntity, nu: Date, handelingen: number): NoodtoegangView {
    return Object.assign(new NoodtoegangView(), {
      id: e.id,
      casusId: e.casusId,
      medewerker: e.medewerker,
      medewerkerNaam: e.medewerkerNaam ?? null,
      reden: e.reden,
      geopendOp: e.geopendOp,
      verlooptOp: e.verlooptOp,
      actief: nu >= e.geopendOp && nu < e.verlooptOp && e.oordeel !== NoodtoegangOordeel.NIET_GERECHTVAARDIGD,
      status: (e.oordeel ?? NoodtoegangStatus.TE_BEOORDELEN) as NoodtoegangStatus,
      oordeelToelichting: e.oordeelToelichting ?? null,
      beoordeeldDoor: e.beoordeeldDoor ?? null,
      beoordeeldOp: e.beoordeeldOp ?? null,
      handelingen,
      vtOrganisatie: e.vtOrganisatie,
    });
  }
}

@ObjectType('NoodtoegangEdge')
export class NoodtoegangEdge {
  @Field(() => String) cursor!: string;
  @Field(() => NoodtoegangView) node!: NoodtoegangView;
}

@ObjectType('NoodtoegangConnection', {
  description: 'De beoordelingswachtrij: te beoordelen eerst, daarna nieuwste eerst.',
})
export class NoodtoegangConnection {
  @Field(() => [NoodtoegangEdge]) edges!: NoodtoegangEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType('NoodtoegangGebruik', {
  description: 'Het gebruik van noodtoegang door één medewerker: hoe vaak, hoe beoordeeld, hoeveel nog open.',
})
export class NoodtoegangGebruikView {
  @Field(() => String) medewerker!: string;
  @Field(() => String, { nullable: true }) medewerkerNaam!: string | null;
  @Field(() => Int) aantal!: number;
  @Field(() => Int) teBeoordelen!: number;
  @Field(() => Int) gerechtvaardigd!: number;
  @Field(() => Int) nietGerechtvaardigd!: number;
  @Field(() => TijdstipScalar) laatsteOp!: Date;
  vtOrganisatie!: string;
}

@InputType('NoodtoegangFilter')
export class NoodtoegangFilter {
  @Field(() => NoodtoegangStatus, { nullable: true }) status?: NoodtoegangStatus;
  @Field(() => TekstRegelScalar, { nullable: true, description: 'Subject van de medewerker.' })
  @IsOptional()
  @MaxLength(255)
  medewerker?: string;
  @Field(() => ID, { nullable: true }) casusId?: string;
}

@InputType('NoodtoegangBeoordelenInvoer')
export class NoodtoegangBeoordelenInvoer {
  @Field(() => ID) noodtoegangId!: string;
  @Field(() => NoodtoegangOordeel) oordeel!: NoodtoegangOordeel;
  @Field(() => TekstScalar, { description: 'Waarom, in een paar zinnen; de medewerker en de teamleider lezen het.' })
  toelichting!: string;
}
