import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';

import type { CasusToegang } from '../beleid/casustoegang';
import { DatumScalar, TijdstipScalar } from '../lib/scalars';
import { TekstScalar } from '../lib/tekst';
import { AardGeweld, Kanaal } from '../meldingen/cbs-categorieen';
import { AanvullingSoort } from './melder-toegang.entity';

/** An access for the melder, as VT sees it. The secret is in the answer of the issuing only. */
@ObjectType('MelderToegang', {
  description:
    'Een toegang voor de melder tot de eigen melding. Het geheim staat alleen in het antwoord van melderToegangUitgeven; ' +
    'Ketenpoort bewaart alleen een hash ervan.',
})
export class MelderToegangView {
  @Field(() => ID) id!: string;
  @Field(() => ID) meldingId!: string;
  @Field(() => TijdstipScalar) uitgegevenOp!: Date;
  @Field(() => TijdstipScalar) geldigTot!: Date;
  @Field(() => TijdstipScalar, { nullable: true }) ingetrokkenOp!: Date | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Het geheim voor de melder (header "Authorization: Melder <geheim>"). Eenmalig: leeg bij elke latere lezing, ook bij ' +
      'een herhaling met dezelfde idempotentieSleutel. Kwijt? Trek de toegang in en geef een nieuwe uit.',
  })
  geheim!: string | null;
  vtOrganisatie!: string;
  casusId!: string | null;
  casusToegang?: CasusToegang;
}

/** One supplement or correction by the melder. */
@ObjectType('MeldingAanvulling', {
  description:
    'Een aanvulling of correctie van de melder. Het origineel van de melding en eerdere aanvullingen blijven ongewijzigd.',
})
export class MeldingAanvullingView {
  @Field(() => ID) id!: string;
  @Field(() => ID) meldingId!: string;
  @Field(() => AanvullingSoort) soort!: AanvullingSoort;
  @Field(() => String, { description: 'De tekst zoals de melder die gaf.' }) tekst!: string;
  @Field(() => TijdstipScalar) ingediendOp!: Date;
  @Field(() => ID, { description: 'De melderstoegang waarmee de aanvulling is gedaan (wie).' }) toegangId!: string;
  vtOrganisatie!: string;
  casusId!: string | null;
  casusToegang?: CasusToegang;
}

/** The melder's own melding: what they supplied, nothing VT added. */
@ObjectType('MijnMelding', {
  description:
    'De eigen melding zoals de melder die deed, met de eigen aanvullingen. Geen gegevens van betrokkenen, geen beoordeling.',
})
export class MijnMeldingView {
  @Field(() => ID) id!: string;
  @Field(() => TijdstipScalar) ontvangenOp!: Date;
  @Field(() => Kanaal) kanaal!: Kanaal;
  @Field(() => [AardGeweld]) aardGeweld!: AardGeweld[];
  @Field(() => String, { description: 'De melding zoals gedaan (letterlijk) of door VT samengevat.' })
  omschrijving!: string;
  @Field(() => [MeldingAanvullingView], { description: 'Aanvullingen en correcties, oudste eerst.' })
  aanvullingen!: MeldingAanvullingView[];
  /** For the row rule: the melding the access is for. */
  meldingId!: string;
}

/** A step VT took after the melding that the melder is told of (which step and when, never what was found). */
export enum TerugkoppelingStapSoort {
  MELDING_ONTVANGEN = 'MELDING_ONTVANGEN',
  VEILIGHEIDSBEOORDELING_GEDAAN = 'VEILIGHEIDSBEOORDELING_GEDAAN',
  ONDERZOEK_GESTART = 'ONDERZOEK_GESTART',
  VOORWAARDEN_EN_VERVOLG_GESTART = 'VOORWAARDEN_EN_VERVOLG_GESTART',
  VERZOEK_TOT_ONDERZOEK_GESTART = 'VERZOEK_TOT_ONDERZOEK_GESTART',
  OVERDRACHT_GESTART = 'OVERDRACHT_GESTART',
  MONITORING_GESTART = 'MONITORING_GESTART',
  AFGESLOTEN = 'AFGESLOTEN',
}
registerEnumType(TerugkoppelingStapSoort, {
  name: 'TerugkoppelingStapSoort',
  description:
    'Welke stap Veilig Thuis na de melding zette (Wmo 2015 art. 4.1.1 lid 1 sub g); nooit de inhoud of uitkomst.',
});

@ObjectType('TerugkoppelingStap')
export class TerugkoppelingStapView {
  @Field(() => TerugkoppelingStapSoort) stap!: TerugkoppelingStapSoort;
  @Field(() => DatumScalar) op!: string;
}

@ObjectType('OvernemendePartij', { description: 'Een organisatie die de zorg na de melding overnam: naam en soort.' })
export class OvernemendePartijView {
  @Field(() => String) naam!: string;
  @Field(() => String, { description: 'Soort organisatie (WIJKTEAM, GECERTIFICEERDE_INSTELLING, ...).' })
  soort!: string;
}

/** The feedback owed to the melder. */
@ObjectType('Terugkoppeling', {
  description:
    'De terugkoppeling aan de melder: welke stappen Veilig Thuis zette, en 10 weken na de veiligheidsbeoordeling welke ' +
    'ketenpartner(s) het overnamen. Nooit inhoud over de betrokkenen.',
})
export class TerugkoppelingView {
  @Field(() => ID) meldingId!: string;
  @Field(() => [TerugkoppelingStapView]) stappen!: TerugkoppelingStapView[];
  @Field(() => DatumScalar, {
    nullable: true,
    description:
      'Vanaf deze dag (10 weken na de veiligheidsbeoordeling) staat hier wie het overnam; leeg zonder beoordeling.',
  })
  overnameBekendVanaf!: string | null;
  @Field(() => [OvernemendePartijView], {
    description: 'Wie de zorg overnam; leeg vóór overnameBekendVanaf en als niemand het overnam.',
  })
  overgenomenDoor!: OvernemendePartijView[];
}

@InputType('MeldingAanvullenInvoer')
export class MeldingAanvullenInvoer {
  @Field(() => AanvullingSoort) soort!: AanvullingSoort;
  @Field(() => TekstScalar, { description: 'De aanvulling of correctie; VT leest die bij de melding.' }) tekst!: string;
}
