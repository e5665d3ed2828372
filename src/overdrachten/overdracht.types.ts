import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsOptional, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

import type { CasusToegang } from '../beleid/casustoegang';
import type { ToontPersonen } from '../audit/inzage';
import { VerzoekGrond } from '../casussen/proces';
import { PageInfo } from '../lib/graphql/paginering';
import { DatumScalar, TijdstipScalar } from '../lib/scalars';
import { BsnScalar } from '../personen/bsn.scalar';
import { BetrokkeneRol } from '../meldingen/cbs-categorieen';
import type { MonitoringInputEntity, OverdrachtEntity } from './overdracht.entity';
import {
  AfwijzingReden,
  BEEINDIGD,
  IntrekkingReden,
  OverdrachtGrondslag,
  OverdrachtSoort,
  OverdrachtStatus,
  OverdrachtUitkomst,
} from './overdracht.model';
import { TekstRegelScalar, TekstScalar } from '../lib/tekst';

const MAX_TEKST = 10_000;

/** What the row rule reads: the owning VT organisation, the addressed partner, and whether its access lasts. */
interface Toegang {
  vtOrganisatie: string;
  ontvanger: string;
  toegangActief: boolean;
}

@ObjectType('OverdrachtPersoon', {
  description: 'Een persoon in de overdracht: wat de partner nodig heeft om verder te gaan. Elke inzage wordt gelogd.',
})
export class OverdrachtPersoonView implements Toegang, ToontPersonen {
  @Field(() => ID, {
    description:
      'Voor een partner een eigen id per organisatie (vast voor deze persoon), nooit het id bij Veilig Thuis.',
  })
  id!: string;
  @Field(() => [BetrokkeneRol]) rollen!: BetrokkeneRol[];
  @Field(() => BsnScalar, { nullable: true }) bsn!: string | null;
  @Field(() => String, { nullable: true }) voornamen!: string | null;
  @Field(() => String, { nullable: true }) achternaam!: string | null;
  @Field(() => DatumScalar, { nullable: true }) geboortedatum!: string | null;
  @Field(() => String, { nullable: true }) straat!: string | null;
  @Field(() => String, { nullable: true }) huisnummer!: string | null;
  @Field(() => String, { nullable: true }) postcode!: string | null;
  @Field(() => String, { nullable: true }) woonplaats!: string | null;
  @Field(() => String, { nullable: true }) telefoon!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  vtOrganisatie!: string;
  ontvanger!: string;
  toegangActief!: boolean;
  /** VT's own persoon id, for the audit trail (not a field). */
  vtPersoonId!: string;

  get auditPersoonIds(): readonly string[] {
    return [this.vtPersoonId];
  }
}

@ObjectType('OverdrachtAfspraak', { description: 'Een veiligheidsvoorwaarde zoals met het huishouden overeengekomen.' })
export class OverdrachtAfspraakView implements Toegang {
  @Field(() => String) omschrijving!: string;
  @Field(() => [String]) partijen!: string[];
  @Field(() => DatumScalar) overeengekomenOp!: string;
  vtOrganisatie!: string;
  ontvanger!: string;
  toegangActief!: boolean;
}

@ObjectType('OverdrachtVerzoek', {
  description: 'De inhoud van een Verzoek tot Onderzoek aan de Raad voor de Kinderbescherming.',
})
export class OverdrachtVerzoekView implements Toegang {
  @Field(() => [VerzoekGrond], {
    description: 'Geprobeerde hulp, geen vertrouwen in de opvoeding, onveilige opvoeding.',
  })
  gronden!: VerzoekGrond[];
  @Field(() => String) standpuntOuders!: string;
  @Field(() => [ID], { description: 'De betrokken kinderen (ids van personen in deze overdracht).' })
  kinderen!: string[];
  @Field(() => TijdstipScalar) ingediendOp!: Date;
  vtOrganisatie!: string;
  ontvanger!: string;
  toegangActief!: boolean;
}

@ObjectType('OverdrachtInhoud', {
  description: 'Wat de partner ziet zolang de overdracht loopt (na acceptatie, tot afronding of intrekking).',
})
export class OverdrachtInhoudView implements Toegang, ToontPersonen {
  @Field(() => String, { description: 'Context en afspraken over het veiligheids- en herstelplan.' })
  toelichting!: string;
  @Field(() => [OverdrachtPersoonView]) personen!: OverdrachtPersoonView[];
  @Field(() => [OverdrachtAfspraakView]) veiligheidsafspraken!: OverdrachtAfspraakView[];
  @Field(() => OverdrachtVerzoekView, { nullable: true }) verzoekTotOnderzoek!: OverdrachtVerzoekView | null;
  @Field(() => String, { description: 'De VT-medewerker die de overdracht deed (voor het persoonlijke contact).' })
  vtContactpersoon!: string;
  vtOrganisatie!: string;
  ontvanger!: string;
  toegangActief!: boolean;

  /** The context, the agreements and the verzoek are about the household: reading them reads its persons. */
  get auditPersoonIds(): readonly string[] {
    return this.personen.map((p) => p.vtPersoonId);
  }

  readonly auditPersoonVelden: readonly string[] = ['toelichting', 'veiligheidsafspraken', 'verzoekTotOnderzoek'];
}

@ObjectType('MonitoringInput', {
  description: 'De inbreng van de partner bij een monitoringmoment van VT (3 en 12 maanden).',
})
export class MonitoringInputView implements Toegang {
  @Field(() => ID) id!: string;
  @Field(() => ID) overdrachtId!: string;
  @Field(() => TijdstipScalar) gevraagdOp!: Date;
  @Field(() => TijdstipScalar, { nullable: true }) gegevenOp!: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'Is het huishouden volgens de partner veilig?' }) veilig!:
    boolean | null;
  @Field(() => String, { nullable: true }) toelichting!: string | null;
  vtOrganisatie!: string;
  ontvanger!: string;
  toegangActief!: boolean;

  static van(e: MonitoringInputEntity): MonitoringInputView {
    return Object.assign(new MonitoringInputView(), {
      id: e.id,
      overdrachtId: e.overdrachtId,
      gevraagdOp: e.gevraagdOp,
      gegevenOp: e.gegevenOp ?? null,
      veilig: e.veilig ?? null,
      toelichting: e.toelichting ?? null,
      vtOrganisatie: e.vtOrganisatie,
      ontvanger: e.ontvanger,
      toegangActief: true,
    });
  }
}

@ObjectType('Overdracht', {
  description:
    'Een warme overdracht aan een ketenpartner. Voor de acceptatie ziet de partner alleen het minimale aanbod; daarna de inhoud ' +
    'die zijn soort partner nodig heeft; na afwijzing, verloop, intrekking of afronding alleen nog zijn eigen reactie en uitkomst.',
})
export class OverdrachtView implements Toegang, ToontPersonen {
  @Field(() => ID) id!: string;
  @Field(() => OverdrachtSoort) soort!: OverdrachtSoort;
  @Field(() => OverdrachtStatus) status!: OverdrachtStatus;
  @Field(() => String, { description: 'De VT-organisatie die overdraagt.' }) vtOrganisatie!: string;
  @Field(() => String, { description: 'De ontvangende partnerorganisatie (code).' }) ontvanger!: string;
  @Field(() => ID, { description: 'Alleen voor VT.' }) casusId!: string;
  @Field(() => OverdrachtGrondslag) grondslag!: OverdrachtGrondslag;
  @Field(() => TijdstipScalar) aangebodenOp!: Date;
  @Field(() => TijdstipScalar, { description: 'Uiterlijk dan accepteren of afwijzen; daarna vervalt het aanbod.' })
  reagerenVoor!: Date;
  @Field(() => Int, { description: 'Aantal personen in de overdracht (het minimale aanbod).' }) aantalPersonen!: number;
  @Field(() => [String], { description: 'Woonplaats(en) van het huishouden (het minimale aanbod).' })
  woonplaatsen!: string[];
  @Field(() => TijdstipScalar, { nullable: true }) ontvangenOp!: Date | null;
  @Field(() => TijdstipScalar, { nullable: true }) besluitOp!: Date | null;
  @Field(() => AfwijzingReden, { nullable: true }) afwijzingReden!: AfwijzingReden | null;
  @Field(() => String, { nullable: true }) afwijzingToelichting!: string | null;
  @Field(() => DatumScalar, { nullable: true }) contactOp!: string | null;
  @Field(() => String, { nullable: true }) contactVtPersoon!: string | null;
  @Field(() => String, { nullable: true }) contactPartnerPersoon!: string | null;
  @Field(() => TijdstipScalar, { nullable: true }) afgerondOp!: Date | null;
  @Field(() => OverdrachtUitkomst, { nullable: true }) uitkomst!: OverdrachtUitkomst | null;
  @Field(() => String, { nullable: true }) uitkomstToelichting!: string | null;
  @Field(() => TijdstipScalar, { nullable: true }) beeindigdOp!: Date | null;
  @Field(() => IntrekkingReden, {
    nullable: true,
    description: 'Waarom Veilig Thuis de overdracht introk (status INGETROKKEN).',
  })
  intrekkingReden!: IntrekkingReden | null;
  @Field(() => String, {
    nullable: true,
    description: 'De eigen toelichting van Veilig Thuis bij het intrekken; alleen voor Veilig Thuis.',
  })
  intrekkingToelichting!: string | null;
  @Field(() => OverdrachtInhoudView, {
    nullable: true,
    description: 'Alleen terwijl de overdracht loopt (GEACCEPTEERD of CONTACT_BEVESTIGD).',
  })
  inhoud!: OverdrachtInhoudView | null;
  @Field(() => [MonitoringInputView]) monitoringInput!: MonitoringInputView[];
  toegangActief!: boolean;
  persoonIds!: string[];
  /** For VT: need-to-know data of the casus, for the row rule and the audit (not a field). */
  casusToegang?: CasusToegang;
  /** The persons whose woonplaats is in `woonplaatsen` (not a field). */
  woonplaatsVan!: string[];

  get auditPersoonIds(): readonly string[] {
    return this.woonplaatsVan;
  }

  readonly auditPersoonVelden: readonly string[] = ['woonplaatsen'];

  /**
   * The offer and the steps, without content; `inhoud` and `monitoringInput` are added by the service. The minimal
   * offer names the household's woonplaats(en) (`woonplaats` of each person, as far as known) until it ends.
   */
  static kaal(e: OverdrachtEntity, woonplaats: (persoonId: string) => string | null | undefined): OverdrachtView {
    const bekend = BEEINDIGD.includes(e.status) ? [] : e.persoonIds.filter((id) => woonplaats(id));
    return Object.assign(new OverdrachtView(), {
      id: e.id,
      soort: e.soort,
      status: e.status,
      vtOrganisatie: e.vtOrganisatie,
      ontvanger: e.ontvanger,
      casusId: e.casusId,
      grondslag: e.grondslag,
      aangebodenOp: e.aangebodenOp,
      reagerenVoor: e.reagerenVoor,
      aantalPersonen: e.persoonIds.length,
      woonplaatsen: [...new Set(bekend.map((id) => woonplaats(id) as string))].sort(),
      woonplaatsVan: bekend,
      ontvangenOp: e.ontvangenOp ?? null,
      besluitOp: e.besluitOp ?? null,
      afwijzingReden: e.afwijzingReden ?? null,
      afwijzingToelichting: e.afwijzingToelichting ?? null,
      contactOp: e.contactOp ? String(e.contactOp).slice(0, 10) : null,
      contactVtPersoon: e.contactVtPersoon ?? null,
      contactPartnerPersoon: e.contactPartnerPersoon ?? null,
      afgerondOp: e.afgerondOp ?? null,
      uitkomst: e.uitkomst ?? null,
      uitkomstToelichting: e.uitkomstToelichting ?? null,
      beeindigdOp: e.beeindigdOp ?? null,
      intrekkingReden: e.intrekkingReden ?? null,
      intrekkingToelichting: e.intrekkingToelichting ?? null,
      inhoud: null,
      monitoringInput: [],
      // The partner keeps seeing its own offer and its own steps; the content has its own access flag.
      toegangActief: true,
    });
  }
}

@ObjectType('OverdrachtEdge')
export class OverdrachtEdge {
  @Field(() => String) cursor!: string;
  @Field(() => OverdrachtView) node!: OverdrachtView;
}

@ObjectType('OverdrachtConnection')
export class OverdrachtConnection {
  @Field(() => [OverdrachtEdge]) edges!: OverdrachtEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType('VerzoekTotOnderzoekMelding', {
  description:
    'Voor het college: dat Veilig Thuis een Verzoek tot Onderzoek deed (Wmo 2015 art. 4.1.1), en niets meer.',
})
export class VerzoekTotOnderzoekMeldingView {
  @Field(() => ID) id!: string;
  @Field(() => String) vtOrganisatie!: string;
  @Field(() => TijdstipScalar) gedaanOp!: Date;
  organisatie!: string;
}

@ObjectType('VerzoekTotOnderzoekMeldingEdge')
export class VerzoekTotOnderzoekMeldingEdge {
  @Field(() => String) cursor!: string;
  @Field(() => VerzoekTotOnderzoekMeldingView) node!: VerzoekTotOnderzoekMeldingView;
}

@ObjectType('VerzoekTotOnderzoekMeldingConnection')
export class VerzoekTotOnderzoekMeldingConnection {
  @Field(() => [VerzoekTotOnderzoekMeldingEdge]) edges!: VerzoekTotOnderzoekMeldingEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType('MelderTerugkoppeling', {
  description:
    'Wat VT de melder 10 weken na de beoordeling vertelt: welke ketenpartner(s) het overnamen (Handelingsprotocol 2019). ' +
    'De partner hoort nooit wie de melder is; een dubbel anonieme melder is niet bereikbaar.',
})
export class MelderTerugkoppelingView {
  @Field(() => ID) meldingId!: string;
  @Field(() => Boolean, { description: 'Onwaar bij een dubbel anonieme melder: er is niemand om terug te koppelen.' })
  melderBereikbaar!: boolean;
  @Field(() => [String], {
    description: 'Namen van de organisaties die de casus overnamen (geaccepteerd, contact bevestigd of afgerond).',
  })
  overgenomenDoor!: string[];
  @Field(() => String, { description: 'Voorstel voor de terugkoppeling, zonder inhoud van het dossier.' })
  tekst!: string;
  vtOrganisatie!: string;
  /** The casus of the melding and its need-to-know data, for the row rule (not fields). */
  casusId!: string | null;
  casusToegang?: CasusToegang;
}

// ------------------------------------------------------------------ inputs

@InputType('OverdrachtAanbiedenInvoer')
export class OverdrachtAanbiedenInvoer {
  @Field(() => ID) casusId!: string;
  @Field(() => OverdrachtSoort) soort!: OverdrachtSoort;
  @Field(() => TekstRegelScalar, { description: 'Code van de ontvangende partnerorganisatie.' })
  @MinLength(1)
  @MaxLength(64)
  ontvanger!: string;
  @Field(() => [ID], { description: 'Welke personen van de casus de partner te zien krijgt.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ArrayUnique()
  persoonIds!: string[];
  @Field(() => Boolean, { description: 'De veiligheidsvoorwaarden (veiligheidsafspraken) meegeven.' })
  metVeiligheidsafspraken!: boolean;
  @Field(() => TekstScalar, {
    description: 'Context voor de partner en afspraken over het veiligheids- en herstelplan.',
  })
  @MinLength(1)
  @MaxLength(MAX_TEKST)
  toelichting!: string;
  @Field(() => OverdrachtGrondslag) grondslag!: OverdrachtGrondslag;
  @Field(() => TekstScalar, { nullable: true }) @IsOptional() @MaxLength(2000) grondslagToelichting?: string;
  @Field(() => TekstRegelScalar, {
    nullable: true,
    description: 'Bij een Verzoek tot Onderzoek: de gemeente (code) waarvan het college wordt geïnformeerd.',
  })
  @IsOptional()
  @MaxLength(64)
  gemeente?: string;
}

@InputType('OverdrachtAfwijzenInvoer')
export class OverdrachtAfwijzenInvoer {
  @Field(() => ID) overdrachtId!: string;
  @Field(() => AfwijzingReden) reden!: AfwijzingReden;
  @Field(() => TekstScalar) @MinLength(1) @MaxLength(MAX_TEKST) toelichting!: string;
}

@InputType('OverdrachtContactInvoer')
export class OverdrachtContactInvoer {
  @Field(() => ID) overdrachtId!: string;
  @Field(() => DatumScalar, { description: 'De dag van het persoonlijke contact tussen VT en partner.' })
  contactOp!: string;
  @Field(() => TekstRegelScalar, { description: 'Wie namens VT.' }) @MinLength(1) @MaxLength(200) vtPersoon!: string;
  @Field(() => TekstRegelScalar, { description: 'Wie namens de partner.' })
  @MinLength(1)
  @MaxLength(200)
  partnerPersoon!: string;
}

@InputType('OverdrachtAfrondenInvoer')
export class OverdrachtAfrondenInvoer {
  @Field(() => ID) overdrachtId!: string;
  @Field(() => OverdrachtUitkomst) uitkomst!: OverdrachtUitkomst;
  @Field(() => TekstScalar) @MinLength(1) @MaxLength(MAX_TEKST) toelichting!: string;
}

@InputType('MonitoringInputInvoer')
export class MonitoringInputInvoer {
  @Field(() => ID) monitoringInputId!: string;
  @Field(() => Boolean) veilig!: boolean;
  @Field(() => TekstScalar) @MinLength(1) @MaxLength(MAX_TEKST) toelichting!: string;
}
