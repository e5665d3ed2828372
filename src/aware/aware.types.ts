import { IsInt, IsOptional, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

import type { ToontPersonen } from '../audit/inzage';
import type { CasusToegang } from '../beleid/casustoegang';
import { PageInfo } from '../lib/graphql/paginering';
import { DatumScalar, TijdstipScalar } from '../lib/scalars';
import { TekstRegelScalar, TekstScalar } from '../lib/tekst';
import type { AwareAanvraagEntity } from './aware.entity';
import { AwareStatus } from './aware.proces';

export enum AwareDreiging {
  STALKING = 'STALKING',
  EX_PARTNER = 'EX_PARTNER',
  EERGERELATEERD = 'EERGERELATEERD',
  ZEDEN = 'ZEDEN',
  ANDERS = 'ANDERS',
}
registerEnumType(AwareDreiging, { name: 'AwareDreiging', description: 'De dreiging waartegen het alarm moet helpen.' });

export enum AwareBesluit {
  TOEGEKEND = 'TOEGEKEND',
  AFGEWEZEN = 'AFGEWEZEN',
}
registerEnumType(AwareBesluit, { name: 'AwareBesluit', description: 'Het besluit van de indicatiecommissie.' });

const datum = (d: string | null | undefined): string | null => (d ? String(d).slice(0, 10) : null);

@ObjectType('AwareAanvraag', {
  description:
    'Een aanvraag voor een AWARE-alarm voor een slachtoffer van ernstige stalking of dreiging. VT ziet alles; de indicatiecommissie ziet alleen de ingediende aanvraag: dreiging, onderbouwing, besluit en periode, niets van de casus. Elke inzage wordt gelogd.',
})
export class AwareAanvraagView implements ToontPersonen {
  @Field(() => ID, { description: 'Het id voor de lezer: VT het eigen, de commissie haar eigen.' }) id!: string;
  @Field(() => String, { description: 'De VT-organisatie die de aanvraag coördineert.' }) vtOrganisatie!: string;
  @Field(() => String, { description: 'De indicatiecommissie (code).' }) commissie!: string;
  @Field(() => AwareStatus) status!: AwareStatus;
  @Field(() => AwareDreiging) dreiging!: AwareDreiging;
  @Field(() => String, { description: 'De onderbouwing van VT voor de commissie.' }) onderbouwing!: string;
  @Field(() => TijdstipScalar, { nullable: true }) ingediendOp!: Date | null;
  @Field(() => DatumScalar, { nullable: true, description: 'De dag waarop het besluit er moet zijn.' })
  besluitVoor!: string | null;
  @Field(() => AwareBesluit, { nullable: true }) besluit!: AwareBesluit | null;
  @Field(() => String, { nullable: true, description: 'De motivering van de commissie.' })
  besluitMotivering!: string | null;
  @Field(() => TijdstipScalar, { nullable: true }) beslotenOp!: Date | null;
  @Field(() => Int, { nullable: true, description: 'De toegekende periode in maanden vanaf de installatie.' })
  periodeMaanden!: number | null;
  @Field(() => DatumScalar, { nullable: true }) geinstalleerdOp!: string | null;
  @Field(() => DatumScalar, { nullable: true, description: 'De einddatum van het alarm (na verlenging: de nieuwe).' })
  einddatum!: string | null;
  @Field(() => Int) verlengingen!: number;
  @Field(() => TijdstipScalar, { nullable: true }) beeindigdOp!: Date | null;
  // VT only.
  @Field(() => ID) casusId!: string;
  @Field(() => ID, { description: 'Het slachtoffer (persoon van de casus).' }) slachtofferId!: string;
  @Field(() => TijdstipScalar) aangevraagdOp!: Date;
  @Field(() => String) aangevraagdDoor!: string;
  @Field(() => String, { nullable: true }) beslotenDoor!: string | null;
  @Field(() => String, { nullable: true }) beeindigdReden!: string | null;
  /** VT's id (for the audit trail); `id` is the reader's own. */
  aanvraagId!: string;
  /** The committee sees a submitted application; the row rule reads this. */
  isIngediend!: boolean;
  /** For VT: need-to-know data of the casus, for the row rule and the audit (not a field). */
  casusToegang?: CasusToegang;

  /** Every field of an application is about the victim. */
  get auditPersoonIds(): readonly string[] {
    return [this.slachtofferId];
  }

  /** The view for VT, or for the committee (`commissie`), whose `id` is then its own id of the application. */
  static van(e: AwareAanvraagEntity, commissie = false): AwareAanvraagView {
    return Object.assign(new AwareAanvraagView(), {
      id: commissie ? e.commissieId : e.id,
      aanvraagId: e.id,
      vtOrganisatie: e.vtOrganisatie,
      commissie: e.commissie,
      status: e.status as AwareStatus,
      dreiging: e.dreiging as AwareDreiging,
      onderbouwing: e.onderbouwing,
      ingediendOp: e.ingediendOp ?? null,
      besluitVoor: datum(e.besluitVoor),
      besluit: (e.besluit as AwareBesluit | null) ?? null,
      besluitMotivering: e.besluitMotivering ?? null,
      beslotenOp: e.beslotenOp ?? null,
      periodeMaanden: e.periodeMaanden ?? null,
      geinstalleerdOp: datum(e.geinstalleerdOp),
      einddatum: datum(e.einddatum),
      verlengingen: e.verlengingen,
      beeindigdOp: e.beeindigdOp ?? null,
      casusId: e.casusId,
      slachtofferId: e.slachtofferId,
      aangevraagdOp: e.aangevraagdOp,
      aangevraagdDoor: e.aangevraagdDoor,
      beslotenDoor: e.beslotenDoor ?? null,
      beeindigdReden: e.beeindigdReden ?? null,
      isIngediend: e.ingediendOp != null,
    });
  }
}

@ObjectType('AwareAanvraagEdge')
export class AwareAanvraagEdge {
  @Field(() => String) cursor!: string;
  @Field(() => AwareAanvraagView) node!: AwareAanvraagView;
}

@ObjectType('AwareAanvraagConnection', { description: 'Een pagina Aware-aanvragen, laatst aangevraagd eerst.' })
export class AwareAanvraagConnection {
  @Field(() => [AwareAanvraagEdge]) edges!: AwareAanvraagEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType('AwareAanvraagInvoer')
export class AwareAanvraagInvoer {
  @Field(() => ID, { description: 'De casus van de eigen regio.' }) casusId!: string;
  @Field(() => ID, { description: 'Het slachtoffer: een persoon van de casus.' }) slachtofferPersoonId!: string;
  @Field(() => TekstRegelScalar, { description: 'Code van de indicatiecommissie, verbonden met de regio.' })
  @MinLength(1)
  @MaxLength(40)
  commissie!: string;
  @Field(() => AwareDreiging) dreiging!: AwareDreiging;
  @Field(() => TekstScalar, {
    description: 'De onderbouwing voor de commissie: alleen wat zij nodig heeft om te besluiten (zij leest dit).',
  })
  @MinLength(1)
  @MaxLength(10_000)
  onderbouwing!: string;
}

@InputType('AwareBesluitInvoer')
export class AwareBesluitInvoer {
  @Field(() => ID, { description: 'Het id van de aanvraag zoals de commissie het kent.' }) aanvraagId!: string;
  @Field(() => AwareBesluit) besluit!: AwareBesluit;
  @Field(() => TekstScalar, { description: 'De motivering; VT leest haar.' })
  @MinLength(1)
  @MaxLength(5000)
  motivering!: string;
  @Field(() => Int, { nullable: true, description: 'Bij toekenning: de periode in maanden (1 tot en met 12).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  periodeMaanden?: number | null;
}

@InputType('AwareInstallatieInvoer')
export class AwareInstallatieInvoer {
  @Field(() => ID) aanvraagId!: string;
  @Field(() => DatumScalar, { description: 'De dag waarop het alarm bij het slachtoffer is geïnstalleerd.' })
  geinstalleerdOp!: string;
}

@InputType('AwareVerlengenInvoer')
export class AwareVerlengenInvoer {
  @Field(() => ID) aanvraagId!: string;
  @Field(() => DatumScalar, { description: 'De nieuwe einddatum: na de huidige, hooguit twaalf maanden verder.' })
  einddatum!: string;
}

@InputType('AwareBeeindigenInvoer')
export class AwareBeeindigenInvoer {
  @Field(() => ID) aanvraagId!: string;
  @Field(() => TekstRegelScalar, { description: 'Waarom het alarm stopt (alleen voor VT).' })
  @MinLength(1)
  @MaxLength(500)
  reden!: string;
}
