import { ArrayMaxSize, ArrayMinSize, IsOptional, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';

import type { ToontPersonen } from '../audit/inzage';
import { PageInfo } from '../lib/graphql/paginering';
import { DatumScalar, TijdstipScalar } from '../lib/scalars';
import { BsnScalar } from '../personen/bsn.scalar';
import type { ZsmVerzoekEntity, ZsmVerzoekPersoonEntity } from './zsm.entity';
import { ZsmVerzoekStatus, zsmStatus } from './zsm.proces';
import { TekstRegelScalar, TekstScalar } from '../lib/tekst';

@ObjectType('ZsmPersoon', {
  description: 'Een persoon waarover de ZSM-partner vraagt, met het antwoord van VT (leeg tot VT antwoordt).',
})
export class ZsmPersoonView implements ToontPersonen {
  @Field(() => ID) id!: string;
  @Field(() => BsnScalar, { nullable: true }) bsn!: string | null;
  @Field(() => String, { nullable: true }) voornamen!: string | null;
  @Field(() => String, { nullable: true }) achternaam!: string | null;
  @Field(() => DatumScalar, { nullable: true }) geboortedatum!: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Of deze VT-organisatie de persoon kent; NIET bekend is een antwoord, geen fout.',
  })
  bekendBijVt!: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Of VT nu een lopende casus met deze persoon heeft.' })
  lopendeBetrokkenheid!: boolean | null;
  @Field(() => String, { nullable: true, description: 'Fase van de lopende casus, als die in de gegevensset zit.' })
  fase!: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Of er veiligheidsafspraken zijn (niet de inhoud).' })
  veiligheidsafspraken!: boolean | null;
  @Field(() => String, {
    nullable: true,
    description: 'Vrije tekst van VT voor de ZSM-partner (als die in de gegevensset zit).',
  })
  relevanteInformatie!: string | null;
  @Field(() => ID, { nullable: true, description: 'De persoon bij VT (alleen voor VT).' }) persoonId!: string | null;
  vtOrganisatie!: string;
  ontvanger!: string;
  readonly toegangActief = true;

  /** VT's person, when this object shows VT's answer about it; the requester's own input shows nobody of VT. */
  get auditPersoonIds(): readonly string[] {
    return this.persoonId ? [this.persoonId] : [];
  }

  /** VT's answer about the person; `bsn`, names and date of birth are the requester's own question. */
  readonly auditPersoonVelden: readonly string[] = [
    'bekendBijVt',
    'lopendeBetrokkenheid',
    'fase',
    'veiligheidsafspraken',
    'relevanteInformatie',
    'persoonId',
  ];

  static van(e: ZsmVerzoekPersoonEntity): ZsmPersoonView {
    return Object.assign(new ZsmPersoonView(), {
      id: e.id,
      bsn: e.bsn ?? null,
      voornamen: e.voornamen ?? null,
      achternaam: e.achternaam ?? null,
      geboortedatum: e.geboortedatum ? String(e.geboortedatum).slice(0, 10) : null,
      bekendBijVt: e.bekendBijVt ?? null,
      lopendeBetrokkenheid: e.lopendeCasus ?? null,
      fase: e.fase ?? null,
      veiligheidsafspraken: e.veiligheidsafspraken ?? null,
      relevanteInformatie: e.relevanteInformatie ?? null,
      persoonId: e.persoonId ?? null,
      vtOrganisatie: e.vtOrganisatie,
      ontvanger: e.aanvrager,
    });
  }
}

@ObjectType('ZsmVerzoek', {
  description:
    'Een informatieverzoek van de ZSM-tafel aan Veilig Thuis tijdens de inverzekeringstelling, met het antwoord.',
})
export class ZsmVerzoekView {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'De gevraagde VT-organisatie.' }) vtOrganisatie!: string;
  @Field(() => String, { description: 'De vragende organisatie (OM of politie).' }) aanvrager!: string;
  @Field(() => String, { nullable: true }) parketnummer!: string | null;
  @Field(() => String) reden!: string;
  @Field(() => TijdstipScalar) ingediendOp!: Date;
  @Field(() => String) ingediendDoor!: string;
  @Field(() => TijdstipScalar) inverzekeringstellingEindigtOp!: Date;
  @Field(() => TijdstipScalar, { description: 'Het antwoord moet er zijn vóór dit tijdstip.' }) antwoordVoor!: Date;
  @Field(() => ZsmVerzoekStatus) status!: ZsmVerzoekStatus;
  @Field(() => TijdstipScalar, { nullable: true }) beantwoordOp!: Date | null;
  @Field(() => String, { nullable: true }) contactpersoonNaam!: string | null;
  @Field(() => String, { nullable: true }) contactpersoonTelefoon!: string | null;
  @Field(() => [String], { description: 'De gegevens die een antwoord bevat (de afgesproken ZSM-gegevensset).' })
  gegevensset!: string[];
  @Field(() => [ZsmPersoonView]) personen!: ZsmPersoonView[];
  @Field(() => TijdstipScalar, { nullable: true }) geescaleerdOp!: Date | null;
  @Field(() => ID, { nullable: true }) gebeurtenisId!: string | null;
  ontvanger!: string;
  readonly toegangActief = true;
  /** VT persons named, for the audit trail (not a field). */
  persoonIds!: string[];

  static van(
    e: ZsmVerzoekEntity,
    personen: ZsmVerzoekPersoonEntity[],
    geescaleerdOp: Date | undefined,
    set: readonly string[],
    nu: Date,
  ): ZsmVerzoekView {
    return Object.assign(new ZsmVerzoekView(), {
      id: e.id,
      vtOrganisatie: e.vtOrganisatie,
      aanvrager: e.aanvrager,
      parketnummer: e.parketnummer ?? null,
      reden: e.reden,
      ingediendOp: e.ingediendOp,
      ingediendDoor: e.ingediendDoor,
      inverzekeringstellingEindigtOp: e.inverzekeringstellingEindigtOp,
      antwoordVoor: e.antwoordVoor,
      status: zsmStatus(e, nu),
      beantwoordOp: e.beantwoordOp ?? null,
      contactpersoonNaam: e.contactpersoonNaam ?? null,
      contactpersoonTelefoon: e.contactpersoonTelefoon ?? null,
      gegevensset: ['bekendBijVt', 'lopendeBetrokkenheid', ...set],
      personen: personen.map((p) => ZsmPersoonView.van(p)),
      geescaleerdOp: geescaleerdOp ?? null,
      gebeurtenisId: e.gebeurtenisId ?? null,
      ontvanger: e.aanvrager,
      persoonIds: personen.map((p) => p.persoonId).filter((p): p is string => Boolean(p)),
    });
  }
}

@ObjectType('ZsmVerzoekEdge')
export class ZsmVerzoekEdge {
  @Field(() => String) cursor!: string;
  @Field(() => ZsmVerzoekView) node!: ZsmVerzoekView;
}

@ObjectType('ZsmVerzoekConnection', { description: 'Een pagina ZSM-verzoeken, vroegste antwoordtermijn eerst.' })
export class ZsmVerzoekConnection {
  @Field(() => [ZsmVerzoekEdge]) edges!: ZsmVerzoekEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType('ZsmPersoonInvoer', { description: 'Een persoon: een BSN, of achternaam en geboortedatum.' })
export class ZsmPersoonInvoer {
  @Field(() => BsnScalar, { nullable: true }) bsn?: string;
  @Field(() => TekstRegelScalar, { nullable: true }) @IsOptional() @MaxLength(200) voornamen?: string;
  @Field(() => TekstRegelScalar, { nullable: true }) @IsOptional() @MaxLength(200) achternaam?: string;
  @Field(() => DatumScalar, { nullable: true }) geboortedatum?: string;
}

@InputType('ZsmVerzoekInvoer')
export class ZsmVerzoekInvoer {
  @Field(() => TekstRegelScalar, {
    description: 'Code van de VT-organisatie die u vraagt (verbonden met uw organisatie).',
  })
  @MinLength(1)
  @MaxLength(40)
  vtOrganisatie!: string;
  @Field(() => TekstRegelScalar, { nullable: true })
  @IsOptional()
  @Matches(/^[A-Za-z0-9./-]{1,40}$/, {
    message: 'parketnummer: letters, cijfers, punt, schuine streep of koppelteken (ten hoogste 40)',
  })
  parketnummer?: string;
  @Field(() => TekstScalar, { description: 'Waarom de informatie nodig is.' })
  @MinLength(1)
  @MaxLength(2000)
  reden!: string;
  @Field(() => TijdstipScalar, { description: 'Wanneer de inverzekeringstelling van de verdachte eindigt.' })
  inverzekeringstellingEindigtOp!: Date;
  @Field(() => [ZsmPersoonInvoer])
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  personen!: ZsmPersoonInvoer[];
}

@InputType('ZsmPersoonAntwoordInvoer')
export class ZsmPersoonAntwoordInvoer {
  @Field(() => ID, { description: 'ZsmPersoon.id' }) zsmPersoonId!: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'De persoon bij VT (Persoon.id) als meerdere personen van uw regio passen (fout MEERDERE_PERSONEN); moet passen bij het verzoek.',
  })
  @IsOptional()
  persoonId?: string;
  @Field(() => TekstScalar, { nullable: true }) @IsOptional() @MaxLength(4000) relevanteInformatie?: string;
}

@InputType('ZsmAntwoordInvoer')
export class ZsmAntwoordInvoer {
  @Field(() => ID) verzoekId!: string;
  @Field(() => TekstRegelScalar, { nullable: true, description: 'Standaard: uw naam uit het token.' })
  @IsOptional()
  @MaxLength(200)
  contactpersoonNaam?: string;
  @Field(() => TekstRegelScalar, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'telefoonnummer bevat ongeldige tekens' })
  contactpersoonTelefoon?: string;
  @Field(() => [ZsmPersoonAntwoordInvoer], { defaultValue: [] })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  personen!: ZsmPersoonAntwoordInvoer[];
}
