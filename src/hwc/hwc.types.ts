import { MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';

import type { ToontPersonen } from '../audit/inzage';
import type { CasusToegang } from '../beleid/casustoegang';
import { PageInfo } from '../lib/graphql/paginering';
import { DatumScalar, TijdstipScalar } from '../lib/scalars';
import type { HwcSignaalEntity, HwcSignaalInhoudEntity } from './hwc.entity';
import { HwcSignaalStatus, hwcStatus } from './hwc.proces';
import { TekstRegelScalar, TekstScalar } from '../lib/tekst';

/** The codeword, fixed by the Handle with Care convenant: the school learns nothing else about the home. */
export const CODEWOORD = 'Handle with Care';

@ObjectType('HwcOntvangstbevestiging', { description: 'De bevestiging van de school dat zij het signaal ontving.' })
export class HwcOntvangstbevestigingView {
  @Field(() => ID) signaalId!: string;
  @Field(() => TijdstipScalar) bevestigdOp!: Date;
  @Field(() => String, { description: 'Subject van de contactpersoon die bevestigde.' }) bevestigdDoor!: string;
  vtOrganisatie!: string;
  ontvanger!: string;
  /** The school's own acknowledgement stays visible to it, also after the signal's access ended. */
  readonly toegangActief = true;

  static van(e: HwcSignaalEntity): HwcOntvangstbevestigingView | null {
    if (!e.bevestigdOp || !e.bevestigdDoor) return null;
    return Object.assign(new HwcOntvangstbevestigingView(), {
      signaalId: e.id,
      bevestigdOp: e.bevestigdOp,
      bevestigdDoor: e.bevestigdDoor,
      vtOrganisatie: e.vtOrganisatie,
      ontvanger: e.school,
    });
  }
}

@ObjectType('HwcSignaal', {
  description:
    'Een Handle with Care-signaal aan een school: alleen naam en geboortedatum van het kind en het codewoord, vóór de start van de lessen op de volgende schooldag. Persoonsgegevens: elke inzage wordt gelogd.',
})
export class HwcSignaalView implements ToontPersonen {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) voornamen!: string | null;
  @Field(() => String, { nullable: true }) achternaam!: string | null;
  @Field(() => DatumScalar) geboortedatum!: string;
  @Field(() => String, { description: `Altijd "${CODEWOORD}".` }) codewoord!: string;
  @Field(() => TijdstipScalar, { description: 'Start van de lessen op de volgende schooldag (Europe/Amsterdam).' })
  leverenVoor!: Date;
  @Field(() => HwcOntvangstbevestigingView, { nullable: true })
  ontvangstbevestiging!: HwcOntvangstbevestigingView | null;
  // VT only (the policy prunes these from the school's schema).
  @Field(() => String, { description: 'Code van de school.' }) school!: string;
  @Field(() => ID) casusId!: string;
  @Field(() => ID) persoonId!: string;
  @Field(() => DatumScalar) incidentdatum!: string;
  @Field(() => String) grondslag!: string;
  @Field(() => String, { description: 'noord, midden of zuid: bepaalt de schoolvakanties.' })
  schoolvakantieregio!: string;
  @Field(() => TijdstipScalar) aangemaaktOp!: Date;
  @Field(() => String) aangemaaktDoor!: string;
  @Field(() => TijdstipScalar, { description: 'Tot wanneer de school naam en geboortedatum ziet.' }) toegangTot!: Date;
  @Field(() => HwcSignaalStatus) status!: HwcSignaalStatus;
  @Field(() => ID, { nullable: true, description: 'De gebeurtenis (webhook) aan de school.' }) gebeurtenisId!:
    string | null;
  @Field(() => TijdstipScalar, { nullable: true }) geescaleerdOp!: Date | null;
  @Field(() => TijdstipScalar, { nullable: true }) ingetrokkenOp!: Date | null;
  @Field(() => String, { nullable: true }) intrekkingsreden!: string | null;
  vtOrganisatie!: string;
  /** The addressed school, for the row rule. */
  ontvanger!: string;
  toegangActief!: boolean;
  /** For VT: need-to-know data of the casus, for the row rule and the audit (not a field). */
  casusToegang?: CasusToegang;

  get auditPersoonIds(): readonly string[] {
    return [this.persoonId];
  }

  /** The fields that identify the child (the codeword and the deadline alone name nobody). */
  readonly auditPersoonVelden: readonly string[] = [
    'voornamen',
    'achternaam',
    'geboortedatum',
    'persoonId',
    'casusId',
    'incidentdatum',
  ];

  static van(
    e: HwcSignaalEntity,
    inhoud: HwcSignaalInhoudEntity,
    geescaleerdOp: Date | undefined,
    nu: Date,
  ): HwcSignaalView {
    const status = hwcStatus(e, nu);
    return Object.assign(new HwcSignaalView(), {
      id: e.id,
      voornamen: inhoud.voornamen ?? null,
      achternaam: inhoud.achternaam ?? null,
      geboortedatum: String(inhoud.geboortedatum).slice(0, 10),
      codewoord: CODEWOORD,
      leverenVoor: e.leverenVoor,
      ontvangstbevestiging: HwcOntvangstbevestigingView.van(e),
      school: e.school,
      casusId: e.casusId,
      persoonId: e.persoonId,
      incidentdatum: String(e.incidentdatum).slice(0, 10),
      grondslag: e.grondslag,
      schoolvakantieregio: e.schoolvakantieregio,
      aangemaaktOp: e.aangemaaktOp,
      aangemaaktDoor: e.aangemaaktDoor,
      toegangTot: e.toegangTot,
      status,
      gebeurtenisId: e.gebeurtenisId ?? null,
      geescaleerdOp: geescaleerdOp ?? null,
      ingetrokkenOp: e.ingetrokkenOp ?? null,
      intrekkingsreden: e.intrekkingsreden ?? null,
      vtOrganisatie: e.vtOrganisatie,
      ontvanger: e.school,
      toegangActief: !e.ingetrokkenOp && nu < e.toegangTot,
    });
  }
}

@ObjectType('HwcSignaalEdge')
export class HwcSignaalEdge {
  @Field(() => String) cursor!: string;
  @Field(() => HwcSignaalView) node!: HwcSignaalView;
}

@ObjectType('HwcSignaalConnection', { description: 'Een pagina Handle with Care-signalen, vroegste lesstart eerst.' })
export class HwcSignaalConnection {
  @Field(() => [HwcSignaalEdge]) edges!: HwcSignaalEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType('HwcSignaalInvoer')
export class HwcSignaalInvoer {
  @Field(() => ID, { description: 'De casus van de eigen regio waartoe het kind behoort.' }) casusId!: string;
  @Field(() => ID, { description: 'Het kind (persoon-id); jonger dan 18.' }) persoonId!: string;
  @Field(() => TekstRegelScalar, {
    description: 'Code van de school (organisatie van soort SCHOOL, verbonden met de eigen regio).',
  })
  @MinLength(1)
  @MaxLength(40)
  school!: string;
  @Field(() => DatumScalar, { description: 'De dag van de politie-inzet.' }) incidentdatum!: string;
  @Field(() => TekstScalar, {
    description: 'De grondslag voor het verstrekken, bijvoorbeeld het regionale Handle with Care-convenant.',
  })
  @MinLength(1)
  @MaxLength(500)
  grondslag!: string;
}
