import { IsOptional, MaxLength, MinLength, ArrayMaxSize, ArrayMinSize, ValidateNested } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';

import { PageInfo } from '../lib/graphql/paginering';
import { DatumScalar, TijdstipScalar } from '../lib/scalars';
import { TekstRegelScalar } from '../lib/tekst';
import { BsnScalar } from '../personen/bsn.scalar';
import type { GemeldePersoon, HuisverbodMeldingEntity } from './huisverbod.entity';

/** Where a police report stands: waiting for VT, or registered by VT on a casus (then its status is the huisverbod's). */
export enum HuisverbodMeldingStatus {
  GEMELD = 'GEMELD',
  GEREGISTREERD = 'GEREGISTREERD',
}
registerEnumType(HuisverbodMeldingStatus, {
  name: 'HuisverbodMeldingStatus',
  description: 'GEMELD: VT heeft het huisverbod nog niet bij een casus geregistreerd; GEREGISTREERD: wel.',
});

@InputType('GemeldePersoonInvoer', {
  description: 'Een persoon zoals de politie hem kent: BSN, of naam en geboortedatum.',
})
export class GemeldePersoonInvoer {
  @Field(() => BsnScalar, { nullable: true }) bsn?: string | null;
  @Field(() => TekstRegelScalar, { nullable: true }) @IsOptional() @MaxLength(200) voornamen?: string | null;
  @Field(() => TekstRegelScalar, { nullable: true }) @IsOptional() @MaxLength(200) achternaam?: string | null;
  @Field(() => DatumScalar, { nullable: true }) geboortedatum?: string | null;
}

@InputType('HuisverbodMeldenInvoer', {
  description:
    'Het huisverbod dat de burgemeester oplegde, zoals de politie het meldt; de VT-regio volgt uit de gemeente.',
})
export class HuisverbodMeldenInvoer {
  @Field(() => TekstRegelScalar, {
    description: 'Code van de gemeente wier burgemeester het oplegde (verbonden met uw organisatie).',
  })
  @MinLength(1)
  @MaxLength(40)
  gemeente!: string;
  @Field(() => TijdstipScalar, { description: 'Het moment van de beschikking van de burgemeester.' })
  opgelegdOp!: Date;
  @Field(() => TekstRegelScalar, { description: 'Uw kenmerk (registratienummer); één melding per kenmerk.' })
  @MinLength(1)
  @MaxLength(100)
  politieReferentie!: string;
  @Field(() => TekstRegelScalar, { nullable: true, description: 'Het kenmerk van de beschikking.' })
  @IsOptional()
  @MaxLength(100)
  beschikkingKenmerk?: string | null;
  @Field(() => TekstRegelScalar, { description: 'Verwijzing naar de RiHG die de politie invulde.' })
  @MinLength(1)
  @MaxLength(100)
  rihgReferentie!: string;
  @Field(() => GemeldePersoonInvoer, { description: 'De uithuisgeplaatste (meerderjarig).' })
  @ValidateNested()
  uithuisgeplaatste!: GemeldePersoonInvoer;
  @Field(() => [GemeldePersoonInvoer], { description: 'Wie in de woning blijven.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  achterblijvers!: GemeldePersoonInvoer[];
}

@ObjectType('GemeldePersoon', { description: 'Een persoon zoals de politie hem meldde (alleen voor VT).' })
export class GemeldePersoonView {
  @Field(() => BsnScalar, { nullable: true }) bsn!: string | null;
  @Field(() => String, { nullable: true }) voornamen!: string | null;
  @Field(() => String, { nullable: true }) achternaam!: string | null;
  @Field(() => DatumScalar, { nullable: true }) geboortedatum!: string | null;
  vtOrganisatie!: string;

  static van(p: GemeldePersoon, vtOrganisatie: string): GemeldePersoonView {
    return Object.assign(new GemeldePersoonView(), {
      bsn: p.bsn ?? null,
      voornamen: p.voornamen ?? null,
      achternaam: p.achternaam ?? null,
      geboortedatum: p.geboortedatum ?? null,
      vtOrganisatie,
    });
  }
}

@ObjectType('HuisverbodMelding', {
  description:
    'Een tijdelijk huisverbod zoals de politie het meldde. De politie ziet de eigen meldingen en of VT ze registreerde; VT ziet die van de regio, met de gemelde personen.',
})
export class HuisverbodMeldingView {
  @Field(() => ID) id!: string;
  @Field(() => HuisverbodMeldingStatus) status!: HuisverbodMeldingStatus;
  @Field(() => String) vtOrganisatie!: string;
  @Field(() => String) politie!: string;
  @Field(() => String) gemeente!: string;
  @Field(() => String) politieReferentie!: string;
  @Field(() => String, { nullable: true }) beschikkingKenmerk!: string | null;
  @Field(() => String) rihgReferentie!: string;
  @Field(() => TijdstipScalar) opgelegdOp!: Date;
  @Field(() => TijdstipScalar) opgelegdTot!: Date;
  @Field(() => GemeldePersoonView) uithuisgeplaatste!: GemeldePersoonView;
  @Field(() => [GemeldePersoonView]) achterblijvers!: GemeldePersoonView[];
  @Field(() => TijdstipScalar) gemeldOp!: Date;
  @Field(() => String) gemeldDoor!: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'Het geregistreerde huisverbod, met het id van de lezer (VT het eigen, de politie het hare): `huisverbod(id:)` geeft de stand.',
  })
  huisverbodId!: string | null;
  @Field(() => TijdstipScalar, { nullable: true }) gekoppeldOp!: Date | null;
  /** Row rule `isVanEigenVtRegioOfOntvanger`: the police organisation that reported it reads its own, always. */
  ontvanger!: string;
  toegangActief!: boolean;

  static van(e: HuisverbodMeldingEntity, huisverbodId: string | null): HuisverbodMeldingView {
    return Object.assign(new HuisverbodMeldingView(), {
      id: e.id,
      status: e.huisverbodId ? HuisverbodMeldingStatus.GEREGISTREERD : HuisverbodMeldingStatus.GEMELD,
      vtOrganisatie: e.vtOrganisatie,
      politie: e.politie,
      gemeente: e.gemeente,
      politieReferentie: e.politieReferentie,
      beschikkingKenmerk: e.beschikkingKenmerk ?? null,
      rihgReferentie: e.rihgReferentie,
      opgelegdOp: e.opgelegdOp,
      opgelegdTot: e.opgelegdTot,
      uithuisgeplaatste: GemeldePersoonView.van(e.uithuisgeplaatste, e.vtOrganisatie),
      achterblijvers: e.achterblijvers.map((p) => GemeldePersoonView.van(p, e.vtOrganisatie)),
      gemeldOp: e.gemeldOp,
      gemeldDoor: e.gemeldDoor,
      huisverbodId,
      gekoppeldOp: e.gekoppeldOp ?? null,
      ontvanger: e.politie,
      toegangActief: true,
    });
  }
}

@ObjectType('HuisverbodMeldingEdge')
export class HuisverbodMeldingEdge {
  @Field(() => String) cursor!: string;
  @Field(() => HuisverbodMeldingView) node!: HuisverbodMeldingView;
}

@ObjectType('HuisverbodMeldingConnection', {
  description: 'Een pagina meldingen van huisverboden, laatst gemeld eerst.',
})
export class HuisverbodMeldingConnection {
  @Field(() => [HuisverbodMeldingEdge]) edges!: HuisverbodMeldingEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
