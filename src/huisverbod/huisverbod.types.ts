import { TekstRegelScalar, TekstScalar } from '../lib/tekst';
import { ArrayMaxSize, ArrayMinSize, IsOptional, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';

import type { ToontPersonen } from '../audit/inzage';
import type { CasusToegang } from '../beleid/casustoegang';
import { PageInfo } from '../lib/graphql/paginering';
import { DatumScalar, TijdstipScalar } from '../lib/scalars';
import type { HuisverbodEntity, HuisverbodMonitoringcontactEntity } from './huisverbod.entity';
import { HuisverbodStatus, huisverbodStatus } from './huisverbod.proces';

export enum HuisverbodAdviesSoort {
  VERLENGEN = 'VERLENGEN',
  NIET_VERLENGEN = 'NIET_VERLENGEN',
}
registerEnumType(HuisverbodAdviesSoort, {
  name: 'HuisverbodAdviesSoort',
  description: 'Het advies aan de burgemeester.',
});

export enum HuisverbodMonitoringUitkomst {
  VEILIG = 'VEILIG',
  ONVEILIG = 'ONVEILIG',
}
registerEnumType(HuisverbodMonitoringUitkomst, { name: 'HuisverbodMonitoringUitkomst' });

/**
 * How long after its end the gemeente and the police still see a huisverbod (its status and, for the gemeente, the
 * advice): long enough to settle the file, short enough that the partner does not keep a view on the household.
 */
export const PARTNER_INZAGE_DAGEN = 30;

/** The two partners of a huisverbod, by the column that names them. */
export type HuisverbodPartner = 'gemeente' | 'politie';

@ObjectType('HuisverbodMonitoringcontact', { description: 'Een monitoringcontact na een tijdelijk huisverbod.' })
export class HuisverbodMonitoringcontactView {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'De termijn die het contact voldeed (THV_MONITORING_3_MAANDEN, ...).' })
  moment!: string;
  @Field(() => DatumScalar) contactOp!: string;
  @Field(() => HuisverbodMonitoringUitkomst) uitkomst!: HuisverbodMonitoringUitkomst;
  @Field(() => String, { nullable: true }) toelichting!: string | null;
  @Field(() => String) vastgelegdDoor!: string;
  vtOrganisatie!: string;

  static van(e: HuisverbodMonitoringcontactEntity): HuisverbodMonitoringcontactView {
    return Object.assign(new HuisverbodMonitoringcontactView(), {
      id: e.id,
      moment: e.moment,
      contactOp: String(e.contactOp).slice(0, 10),
      uitkomst: e.uitkomst as HuisverbodMonitoringUitkomst,
      toelichting: e.toelichting ?? null,
      vastgelegdDoor: e.vastgelegdDoor,
      vtOrganisatie: e.vtOrganisatie,
    });
  }
}

const datum = (d: string | null | undefined): string | null => (d ? String(d).slice(0, 10) : null);

@ObjectType('TijdelijkHuisverbod', {
  description:
    'Een tijdelijk huisverbod dat de burgemeester oplegde (10 dagen, verlengbaar tot 28): het werk van VT en het advies aan de burgemeester. De gemeente (OOV) ziet het huisverbod en het advies, de politie die het meldde de stand. Elke inzage wordt gelogd.',
})
export class HuisverbodView implements ToontPersonen {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'De VT-organisatie.' }) vtOrganisatie!: string;
  @Field(() => String, { description: 'De gemeente waarvan de burgemeester het huisverbod oplegde (code).' })
  gemeente!: string;
  @Field(() => String, { nullable: true, description: 'De politieorganisatie die het meldde (code).' })
  politie!: string | null;
  @Field(() => HuisverbodStatus) status!: HuisverbodStatus;
  @Field(() => TijdstipScalar) opgelegdOp!: Date;
  @Field(() => TijdstipScalar, { description: 'Tien dagen na het opleggen, op hetzelfde uur.' }) opgelegdTot!: Date;
  @Field(() => TijdstipScalar, { nullable: true }) verlengdTot!: Date | null;
  @Field(() => TijdstipScalar, { description: 'Het einde: opgelegdTot, of verlengdTot na verlenging.' })
  eindigtOp!: Date;
  @Field(() => TijdstipScalar, { nullable: true }) ingetrokkenOp!: Date | null;
  // VT and the gemeente.
  @Field(() => String, { nullable: true, description: 'Het kenmerk van de beschikking van de burgemeester.' })
  beschikkingKenmerk!: string | null;
  @Field(() => TijdstipScalar, { description: 'Uiterlijk einde van een verlenging: 28 dagen na het opleggen.' })
  uiterlijkTot!: Date;
  @Field(() => DatumScalar, { description: 'De dag waarop het advies van VT er moet zijn (dag 8).' })
  adviesVoor!: string;
  @Field(() => HuisverbodAdviesSoort, { nullable: true }) advies!: HuisverbodAdviesSoort | null;
  @Field(() => String, { nullable: true, description: 'De toelichting van VT voor de burgemeester.' })
  adviesToelichting!: string | null;
  @Field(() => TijdstipScalar, { nullable: true }) geadviseerdOp!: Date | null;
  @Field(() => TijdstipScalar, { nullable: true }) verlengdOp!: Date | null;
  // VT and the police.
  @Field(() => String, { nullable: true, description: 'Het kenmerk van de politie.' })
  politieReferentie!: string | null;
  // VT only.
  @Field(() => ID) casusId!: string;
  @Field(() => ID, { description: 'De uithuisgeplaatste (persoon van de casus).' }) uithuisgeplaatsteId!: string;
  @Field(() => [ID], { description: 'Wie in de woning blijven (personen van de casus).' }) achterblijverIds!: string[];
  @Field(() => String, { description: 'Verwijzing naar de ingevulde RiHG.' }) rihgReferentie!: string;
  @Field(() => TijdstipScalar) geregistreerdOp!: Date;
  @Field(() => String) geregistreerdDoor!: string;
  @Field(() => DatumScalar, { nullable: true }) gesprekUithuisgeplaatsteOp!: string | null;
  @Field(() => DatumScalar, { nullable: true }) gesprekAchterblijversOp!: string | null;
  @Field(() => String, { nullable: true }) informatieDerden!: string | null;
  @Field(() => String, { nullable: true }) veiligheidsplan!: string | null;
  @Field(() => TijdstipScalar, { nullable: true }) veiligheidsplanOp!: Date | null;
  @Field(() => String, { nullable: true }) geadviseerdDoor!: string | null;
  @Field(() => String, { nullable: true, description: 'Wie de verlenging vastlegde (organisatie).' })
  verlengdDoor!: string | null;
  @Field(() => String, { nullable: true, description: 'Wie de intrekking vastlegde (organisatie).' })
  ingetrokkenDoor!: string | null;
  @Field(() => [HuisverbodMonitoringcontactView]) monitoringcontacten!: HuisverbodMonitoringcontactView[];
  /** VT's id of the huisverbod (for the audit trail); `id` is the reader's own. */
  huisverbodId!: string;
  /** A partner's access: until PARTNER_INZAGE_DAGEN after the end. */
  toegangActief!: boolean;
  /** For VT: need-to-know data of the casus, for the row rule and the audit (not a field). */
  casusToegang?: CasusToegang;

  /** Every field of a huisverbod is about the household: each read names the person removed and those who stay. */
  get auditPersoonIds(): readonly string[] {
    return [this.uithuisgeplaatsteId, ...this.achterblijverIds];
  }

  /** The view for VT, or for a partner (`lezer`), whose `id` is then that partner's own id of the huisverbod. */
  static van(
    e: HuisverbodEntity,
    contacten: HuisverbodMonitoringcontactEntity[],
    nu: Date,
    lezer?: HuisverbodPartner,
  ): HuisverbodView {
    const eindigtOp = e.verlengdTot ?? e.opgelegdTot;
    return Object.assign(new HuisverbodView(), {
      id: lezer === 'gemeente' ? e.gemeenteId : lezer === 'politie' ? e.politieId : e.id,
      huisverbodId: e.id,
      vtOrganisatie: e.vtOrganisatie,
      gemeente: e.gemeente,
      politie: e.politie ?? null,
      status: huisverbodStatus(e, nu),
      opgelegdOp: e.opgelegdOp,
      opgelegdTot: e.opgelegdTot,
      verlengdTot: e.verlengdTot ?? null,
      eindigtOp,
      ingetrokkenOp: e.ingetrokkenOp ?? null,
      beschikkingKenmerk: e.beschikkingKenmerk ?? null,
      uiterlijkTot: e.uiterlijkTot,
      adviesVoor: String(e.adviesVoor).slice(0, 10),
      advies: (e.advies as HuisverbodAdviesSoort | null) ?? null,
      adviesToelichting: e.adviesToelichting ?? null,
      geadviseerdOp: e.geadviseerdOp ?? null,
      verlengdOp: e.verlengdOp ?? null,
      politieReferentie: e.politieReferentie ?? null,
      casusId: e.casusId,
      uithuisgeplaatsteId: e.uithuisgeplaatsteId,
      achterblijverIds: [...e.achterblijverIds],
      rihgReferentie: e.rihgReferentie,
      geregistreerdOp: e.geregistreerdOp,
      geregistreerdDoor: e.geregistreerdDoor,
      gesprekUithuisgeplaatsteOp: datum(e.gesprekUithuisgeplaatsteOp),
      gesprekAchterblijversOp: datum(e.gesprekAchterblijversOp),
      informatieDerden: e.informatieDerden ?? null,
      veiligheidsplan: e.veiligheidsplan ?? null,
      veiligheidsplanOp: e.veiligheidsplanOp ?? null,
      geadviseerdDoor: e.geadviseerdDoor ?? null,
      verlengdDoor: e.verlengdDoor ?? null,
      ingetrokkenDoor: e.ingetrokkenDoor ?? null,
      monitoringcontacten: contacten
        .filter((c) => c.huisverbodId === e.id)
        .sort((a, b) => (a.contactOp < b.contactOp ? -1 : 1))
        .map((c) => HuisverbodMonitoringcontactView.van(c)),
      toegangActief: nu.getTime() < (e.ingetrokkenOp ?? eindigtOp).getTime() + PARTNER_INZAGE_DAGEN * 86_400_000,
    });
  }
}

@ObjectType('TijdelijkHuisverbodEdge')
export class HuisverbodEdge {
  @Field(() => String) cursor!: string;
  @Field(() => HuisverbodView) node!: HuisverbodView;
}

@ObjectType('TijdelijkHuisverbodConnection', { description: 'Een pagina huisverboden, laatst opgelegd eerst.' })
export class HuisverbodConnection {
  @Field(() => [HuisverbodEdge]) edges!: HuisverbodEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType('HuisverbodRegistrerenInvoer')
export class HuisverbodRegistrerenInvoer {
  @Field(() => ID, { description: 'De casus van de eigen regio (het huishouden).' }) casusId!: string;
  @Field(() => ID, { description: 'De uithuisgeplaatste: een meerderjarige persoon van de casus.' })
  uithuisgeplaatstePersoonId!: string;
  @Field(() => [ID], { description: 'Wie in de woning blijven: personen van de casus.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  achterblijverPersoonIds!: string[];
  @Field(() => TijdstipScalar, { description: 'Het moment van de beschikking van de burgemeester.' })
  opgelegdOp!: Date;
  @Field(() => TekstRegelScalar, {
    description: 'Code van de gemeente (organisatie van soort GEMEENTE, verbonden met de regio).',
  })
  @MinLength(1)
  @MaxLength(40)
  gemeente!: string;
  @Field(() => TekstRegelScalar, {
    nullable: true,
    description: 'Code van de politieorganisatie die het huisverbod meldde.',
  })
  @IsOptional()
  @MaxLength(40)
  politie?: string | null;
  @Field(() => TekstRegelScalar, {
    nullable: true,
    description: 'Het kenmerk van de politie; de politie ziet het terug.',
  })
  @IsOptional()
  @MaxLength(100)
  politieReferentie?: string | null;
  @Field(() => TekstRegelScalar, {
    nullable: true,
    description: 'Het kenmerk van de beschikking; de gemeente ziet het terug.',
  })
  @IsOptional()
  @MaxLength(100)
  beschikkingKenmerk?: string | null;
  @Field(() => TekstRegelScalar, { description: 'Verwijzing naar de ingevulde RiHG (alleen voor VT).' })
  @MinLength(1)
  @MaxLength(100)
  rihgReferentie!: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'De melding van de politie (huisverbodMeldingen) die dit huisverbod is: zelfde gemeente en moment van opleggen; politie, haar kenmerk en het kenmerk van de beschikking komen eruit als u ze weglaat.',
  })
  @IsOptional()
  meldingId?: string | null;
}

@InputType('HuisverbodBijwerkenInvoer', {
  description: 'Het werk van VT tijdens het huisverbod; wat weggelaten is, blijft. Alleen voor VT.',
})
export class HuisverbodBijwerkenInvoer {
  @Field(() => ID) huisverbodId!: string;
  @Field(() => DatumScalar, { nullable: true, description: 'Gesprek (of poging) met de uithuisgeplaatste.' })
  gesprekUithuisgeplaatsteOp?: string | null;
  @Field(() => DatumScalar, { nullable: true, description: 'Gesprek (of poging) met wie in de woning blijven.' })
  gesprekAchterblijversOp?: string | null;
  @Field(() => TekstScalar, { nullable: true, description: 'Informatie van derden (reclassering, school, huisarts).' })
  @IsOptional()
  @MaxLength(10_000)
  informatieDerden?: string | null;
  @Field(() => TekstScalar, { nullable: true, description: 'Het veiligheidsplan (loopt na het einde door).' })
  @IsOptional()
  @MaxLength(10_000)
  veiligheidsplan?: string | null;
}

@InputType('HuisverbodAdviesInvoer')
export class HuisverbodAdviesInvoer {
  @Field(() => ID) huisverbodId!: string;
  @Field(() => HuisverbodAdviesSoort) advies!: HuisverbodAdviesSoort;
  @Field(() => TekstScalar, { description: 'De toelichting voor de burgemeester: de gemeente (OOV) leest haar.' })
  @MinLength(1)
  @MaxLength(5000)
  toelichting!: string;
}

@InputType('HuisverbodVerlengenInvoer')
export class HuisverbodVerlengenInvoer {
  @Field(() => ID) huisverbodId!: string;
  @Field(() => TijdstipScalar, { description: 'Het nieuwe einde: na het huidige, uiterlijk 28 dagen na het opleggen.' })
  verlengdTot!: Date;
}

@InputType('HuisverbodMonitoringcontactInvoer')
export class HuisverbodMonitoringcontactInvoer {
  @Field(() => ID) huisverbodId!: string;
  @Field(() => DatumScalar) contactOp!: string;
  @Field(() => HuisverbodMonitoringUitkomst) uitkomst!: HuisverbodMonitoringUitkomst;
  @Field(() => TekstScalar, { nullable: true, description: 'Alleen voor VT.' })
  @IsOptional()
  @MaxLength(5000)
  toelichting?: string | null;
}
