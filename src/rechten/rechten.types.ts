import { IsOptional, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';

import type { ToontPersonen } from '../audit/inzage';
import { DatumScalar, TijdstipScalar } from '../lib/scalars';
import { TekstRegelScalar, TekstScalar } from '../lib/tekst';
import type { GegevenscorrectieEntity, RechtenverzoekEntity } from './rechten.entity';
import { RechtenverzoekSoort, RechtenverzoekStatus } from './rechten.proces';

export enum Verzoeker {
  /** A person of the casus (a reported person, a child, a parent). */
  BETROKKENE = 'BETROKKENE',
  /** The melder of one melding: only their own melding (DOMAIN.md §4.3). */
  MELDER = 'MELDER',
}
registerEnumType(Verzoeker, { name: 'Verzoeker', description: 'Wie het verzoek doet.' });

export enum RechtenBesluit {
  TOEGEKEND = 'TOEGEKEND',
  AFGEWEZEN = 'AFGEWEZEN',
}
registerEnumType(RechtenBesluit, { name: 'RechtenBesluit', description: 'Het besluit op een rechtenverzoek.' });

export enum CorrectieSoort {
  /** VT's text is replaced; the original stays in the history. */
  VERBETERING = 'VERBETERING',
  /** The person's own view, stored beside VT's unchanged text. */
  ZIENSWIJZE = 'ZIENSWIJZE',
}
registerEnumType(CorrectieSoort, { name: 'CorrectieSoort' });

/** The fields a correction may change: the person's own data, and the text of a melding. */
export enum CorrigeerbaarVeld {
  VOORNAMEN = 'voornamen',
  ACHTERNAAM = 'achternaam',
  GEBOORTEDATUM = 'geboortedatum',
  STRAAT = 'straat',
  HUISNUMMER = 'huisnummer',
  POSTCODE = 'postcode',
  WOONPLAATS = 'woonplaats',
  TELEFOON = 'telefoon',
  EMAIL = 'email',
  OMSCHRIJVING = 'omschrijving',
}
registerEnumType(CorrigeerbaarVeld, {
  name: 'CorrigeerbaarVeld',
  description: 'Een veld dat een verbetering of zienswijze kan krijgen: persoonsgegevens of de tekst van een melding.',
});

const datum = (d: string | null | undefined): string | null => (d ? String(d).slice(0, 10) : null);

@ObjectType('Rechtenverzoek', {
  description:
    'Een verzoek van een betrokkene of melder op grond van de AVG (afschrift, aanvullen, verbeteren, verwijdering, beperking, bezwaar), met antwoordtermijn, besluit en afhandeling. Alleen voor de privacy officer van de VT-regio.',
})
export class RechtenverzoekView implements ToontPersonen {
  @Field(() => ID) id!: string;
  @Field(() => String) vtOrganisatie!: string;
  @Field(() => ID) casusId!: string;
  @Field(() => ID, { nullable: true, description: 'De betrokkene (persoon van de casus).' }) persoonId!: string | null;
  @Field(() => ID, { nullable: true, description: 'De melding van de melder.' }) meldingId!: string | null;
  @Field(() => Verzoeker) verzoeker!: Verzoeker;
  @Field(() => RechtenverzoekSoort) soort!: RechtenverzoekSoort;
  @Field(() => RechtenverzoekStatus) status!: RechtenverzoekStatus;
  @Field(() => String) omschrijving!: string;
  @Field(() => DatumScalar) ontvangenOp!: string;
  @Field(() => DatumScalar, { description: 'De dag waarop het antwoord er moet zijn (één maand; verlengd: drie).' })
  antwoordVoor!: string;
  @Field(() => String, { nullable: true }) verlengingReden!: string | null;
  @Field(() => TijdstipScalar) geregistreerdOp!: Date;
  @Field(() => String) geregistreerdDoor!: string;
  @Field(() => RechtenBesluit, { nullable: true }) besluit!: RechtenBesluit | null;
  @Field(() => String, { nullable: true }) besluitMotivering!: string | null;
  @Field(() => TijdstipScalar, { nullable: true }) beslotenOp!: Date | null;
  @Field(() => String, { nullable: true }) beslotenDoor!: string | null;
  @Field(() => String, { nullable: true, description: 'Wat er is gedaan.' }) afhandeling!: string | null;
  @Field(() => TijdstipScalar, { nullable: true }) afgehandeldOp!: Date | null;
  @Field(() => Boolean, { description: 'Of de verwerking van de casus nu beperkt is.' }) casusBeperkt!: boolean;

  get auditPersoonIds(): readonly string[] {
    return this.persoonId ? [this.persoonId] : [];
  }

  static van(e: RechtenverzoekEntity, casusBeperkt: boolean): RechtenverzoekView {
    return Object.assign(new RechtenverzoekView(), {
      id: e.id,
      vtOrganisatie: e.vtOrganisatie,
      casusId: e.casusId,
      persoonId: e.persoonId ?? null,
      meldingId: e.meldingId ?? null,
      verzoeker: e.verzoeker as Verzoeker,
      soort: e.soort as RechtenverzoekSoort,
      status: e.status as RechtenverzoekStatus,
      omschrijving: e.omschrijving,
      ontvangenOp: datum(e.ontvangenOp) as string,
      antwoordVoor: datum(e.antwoordVoor) as string,
      verlengingReden: e.verlengingReden ?? null,
      geregistreerdOp: e.geregistreerdOp,
      geregistreerdDoor: e.geregistreerdDoor,
      besluit: (e.besluit as RechtenBesluit | null) ?? null,
      besluitMotivering: e.besluitMotivering ?? null,
      beslotenOp: e.beslotenOp ?? null,
      beslotenDoor: e.beslotenDoor ?? null,
      afhandeling: e.afhandeling ?? null,
      afgehandeldOp: e.afgehandeldOp ?? null,
      casusBeperkt,
    });
  }
}

@ObjectType('Gegevenscorrectie', {
  description:
    'Eén verbetering of zienswijze op een veld: het origineel, de verbetering of de eigen zienswijze van de betrokkene naast de tekst van VT, wie en waarom.',
})
export class GegevenscorrectieView {
  @Field(() => ID) id!: string;
  @Field(() => ID) verzoekId!: string;
  @Field(() => CorrectieSoort) soort!: CorrectieSoort;
  @Field(() => String, { description: 'PERSOON of MELDING.' }) objectType!: string;
  @Field(() => ID) objectId!: string;
  @Field(() => CorrigeerbaarVeld) veld!: CorrigeerbaarVeld;
  @Field(() => String, { nullable: true, description: 'De tekst van VT vóór de verbetering.' }) origineel!:
    string | null;
  @Field(() => String, { nullable: true }) correctie!: string | null;
  @Field(() => String, { nullable: true, description: 'De eigen zienswijze van de betrokkene.' })
  zienswijze!: string | null;
  @Field(() => String) reden!: string;
  @Field(() => String) door!: string;
  @Field(() => TijdstipScalar) op!: Date;
  vtOrganisatie!: string;
  casusId!: string;

  static van(e: GegevenscorrectieEntity): GegevenscorrectieView {
    return Object.assign(new GegevenscorrectieView(), {
      id: e.id,
      verzoekId: e.verzoekId,
      soort: e.soort as CorrectieSoort,
      objectType: e.objectType,
      objectId: e.objectId,
      veld: e.veld as CorrigeerbaarVeld,
      origineel: e.origineel ?? null,
      correctie: e.correctie ?? null,
      zienswijze: e.zienswijze ?? null,
      reden: e.reden,
      door: e.door,
      op: e.op,
      vtOrganisatie: e.vtOrganisatie,
      casusId: e.casusId,
    });
  }
}

@InputType('RechtenverzoekInvoer')
export class RechtenverzoekInvoer {
  @Field(() => ID, { description: 'De casus (het dossier) van de eigen regio.' }) casusId!: string;
  @Field(() => RechtenverzoekSoort) soort!: RechtenverzoekSoort;
  @Field(() => Verzoeker) verzoeker!: Verzoeker;
  @Field(() => ID, { nullable: true, description: 'Bij een betrokkene: de persoon van de casus.' })
  @IsOptional()
  persoonId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Bij een melder: de eigen melding.' })
  @IsOptional()
  meldingId?: string | null;
  @Field(() => TekstScalar, { description: 'Wat de verzoeker vraagt.' })
  @MinLength(1)
  @MaxLength(10_000)
  omschrijving!: string;
  @Field(() => DatumScalar, { description: 'De dag waarop het verzoek binnenkwam (niet in de toekomst).' })
  ontvangenOp!: string;
}

@InputType('RechtenverzoekVerlengenInvoer')
export class RechtenverzoekVerlengenInvoer {
  @Field(() => ID) verzoekId!: string;
  @Field(() => TekstRegelScalar, { description: 'Waarom meer tijd nodig is (complex of veel verzoeken).' })
  @MinLength(1)
  @MaxLength(2000)
  reden!: string;
}

@InputType('RechtenverzoekBesluitInvoer')
export class RechtenverzoekBesluitInvoer {
  @Field(() => ID) verzoekId!: string;
  @Field(() => RechtenBesluit) besluit!: RechtenBesluit;
  @Field(() => TekstScalar, {
    description: 'De motivering; bij afwijzing de wettelijke grond om te blijven verwerken.',
  })
  @MinLength(1)
  @MaxLength(10_000)
  motivering!: string;
}

@InputType('RechtenverzoekAfhandelenInvoer')
export class RechtenverzoekAfhandelenInvoer {
  @Field(() => ID) verzoekId!: string;
  @Field(() => TekstScalar, { description: 'Wat er is gedaan (afschrift verstrekt, gegevens verbeterd, ...).' })
  @MinLength(1)
  @MaxLength(10_000)
  afhandeling!: string;
}

@InputType('GegevensCorrigerenInvoer')
export class GegevensCorrigerenInvoer {
  @Field(() => ID, { description: 'Het toegekende verzoek (AANVULLEN of VERBETEREN).' }) verzoekId!: string;
  @Field(() => CorrectieSoort) soort!: CorrectieSoort;
  @Field(() => CorrigeerbaarVeld, { description: 'Persoonsvelden: van de verzoeker; omschrijving: van een melding.' })
  veld!: CorrigeerbaarVeld;
  @Field(() => ID, { nullable: true, description: 'Bij omschrijving: de melding (van de casus, met de verzoeker).' })
  @IsOptional()
  meldingId?: string | null;
  @Field(() => TekstScalar, { description: 'De nieuwe tekst (VERBETERING) of de zienswijze (ZIENSWIJZE).' })
  @MinLength(1)
  @MaxLength(10_000)
  tekst!: string;
  @Field(() => TekstRegelScalar, { description: 'Waarom.' })
  @MinLength(1)
  @MaxLength(2000)
  reden!: string;
}
