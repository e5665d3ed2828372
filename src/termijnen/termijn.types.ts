import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

import { DatumScalar, TijdstipScalar } from '../lib/scalars';
import type { NotificatieEntity, TermijnEntity } from './termijn.entity';
import { NotificatieSoort, TermijnSoort, TermijnStatus } from './termijn.entity';

@ObjectType('Termijn', { description: 'Een wettelijke of protocollaire termijn met vervaldag en status.' })
export class TermijnView {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true, description: 'Leeg alleen bij een ZSM-verzoek (dat hoort niet bij een casus).' })
  casusId!: string | null;
  @Field(() => ID, { nullable: true }) meldingId!: string | null;
  @Field(() => ID, { nullable: true, description: 'Het Handle with Care-signaal (soort HWC_ONTVANGSTBEVESTIGING).' })
  hwcSignaalId!: string | null;
  @Field(() => ID, { nullable: true, description: 'Het ZSM-verzoek (soort ZSM_ANTWOORD).' }) zsmVerzoekId!:
    string | null;
  @Field(() => ID, { nullable: true, description: 'Het tijdelijk huisverbod (soorten THV_*).' }) huisverbodId!:
    string | null;
  @Field(() => ID, { nullable: true, description: 'De Aware-aanvraag (soorten AWARE_*).' }) awareAanvraagId!:
    string | null;
  @Field(() => TermijnSoort) soort!: TermijnSoort;
  @Field(() => DatumScalar) startdatum!: string;
  @Field(() => DatumScalar, { description: 'De laatste dag waarop het werk op tijd is (Europe/Amsterdam).' })
  vervaldatum!: string;
  @Field(() => TijdstipScalar, {
    description:
      'Vanaf dit tijdstip is de termijn overschreden: het einde van de vervaldag, of het exacte tijdstip (lesstart bij HwC, antwoordtermijn bij ZSM).',
  })
  vervaltOp!: Date;
  @Field(() => TermijnStatus) status!: TermijnStatus;
  @Field(() => Boolean, { description: 'Open en de vervaldag is voorbij.' }) overschreden!: boolean;
  @Field(() => TijdstipScalar, { nullable: true }) afgehandeldOp!: Date | null;
  @Field(() => String, { nullable: true }) verantwoordelijke!: string | null;
  @Field(() => Boolean, {
    description:
      'Al verstreken toen een import de termijn inlas: geen herinnering of escalatie, niet overschreden nu; telt mee in de analyse.',
  })
  historisch!: boolean;
  vtOrganisatie!: string;

  static van(e: TermijnEntity, nu: Date): TermijnView {
    return Object.assign(new TermijnView(), {
      id: e.id,
      casusId: e.casusId ?? null,
      meldingId: e.meldingId ?? null,
      hwcSignaalId: e.hwcSignaalId ?? null,
      zsmVerzoekId: e.zsmVerzoekId ?? null,
      huisverbodId: e.huisverbodId ?? null,
      awareAanvraagId: e.awareAanvraagId ?? null,
      soort: e.soort,
      startdatum: e.startdatum,
      vervaldatum: e.vervaldatum,
      vervaltOp: e.vervaltOp,
      status: e.status,
      overschreden: e.status === TermijnStatus.OPEN && !e.historisch && nu >= e.vervaltOp,
      historisch: Boolean(e.historisch),
      afgehandeldOp: e.afgehandeldOp ?? null,
      verantwoordelijke: e.verantwoordelijke ?? null,
      vtOrganisatie: e.vtOrganisatie,
    });
  }
}

@ObjectType('Notificatie', { description: 'Een herinnering of escalatie die de worker schreef.' })
export class NotificatieView {
  @Field(() => ID) id!: string;
  @Field(() => NotificatieSoort) soort!: NotificatieSoort;
  @Field(() => ID) termijnId!: string;
  @Field(() => TermijnSoort) termijnSoort!: TermijnSoort;
  @Field(() => ID, { nullable: true, description: 'Leeg alleen bij een ZSM-verzoek (dat hoort niet bij een casus).' })
  casusId!: string | null;
  @Field(() => ID, { nullable: true }) hwcSignaalId!: string | null;
  @Field(() => ID, { nullable: true }) zsmVerzoekId!: string | null;
  @Field(() => DatumScalar) vervaldatum!: string;
  @Field(() => TijdstipScalar) vervaltOp!: Date;
  @Field(() => String, { nullable: true }) ontvanger!: string | null;
  @Field(() => String) ontvangerRol!: string;
  @Field(() => TijdstipScalar) aangemaaktOp!: Date;
  @Field(() => TijdstipScalar, { nullable: true }) gelezenOp!: Date | null;
  vtOrganisatie!: string;

  static van(n: NotificatieEntity, t: TermijnEntity): NotificatieView {
    return Object.assign(new NotificatieView(), {
      id: n.id,
      soort: n.soort,
      termijnId: t.id,
      termijnSoort: t.soort,
      casusId: t.casusId ?? null,
      hwcSignaalId: t.hwcSignaalId ?? null,
      zsmVerzoekId: t.zsmVerzoekId ?? null,
      vervaldatum: t.vervaldatum,
      vervaltOp: t.vervaltOp,
      ontvanger: n.ontvanger ?? null,
      ontvangerRol: n.ontvangerRol,
      aangemaaktOp: n.aangemaaktOp,
      gelezenOp: n.gelezenOp ?? null,
      vtOrganisatie: n.vtOrganisatie,
    });
  }
}

@ObjectType('TermijnTelling', { description: 'Overschreden en binnenkort vervallende open termijnen in één groep.' })
export class TermijnTelling {
  @Field(() => String, { description: 'De medewerker (subject), de soort termijn of "(niet toegewezen)".' })
  groep!: string;
  @Field(() => Int) overschreden!: number;
  @Field(() => Int) binnenkort!: number;
  vtOrganisatie!: string;
}

@ObjectType('TermijnOverzicht', { description: 'Teamleiderszicht op de open termijnen van de regio.' })
export class TermijnOverzicht {
  @Field(() => DatumScalar) peildatum!: string;
  @Field(() => Int) binnenWerkdagen!: number;
  @Field(() => Int) overschreden!: number;
  @Field(() => Int) binnenkort!: number;
  @Field(() => [TermijnTelling]) perMedewerker!: TermijnTelling[];
  @Field(() => [TermijnTelling]) perSoort!: TermijnTelling[];
  @Field(() => [TermijnView], {
    description: 'De overschreden en binnenkort vervallende termijnen, vroegste eerst (ten hoogste 500).',
  })
  termijnen!: TermijnView[];
  vtOrganisatie!: string;
}

@ObjectType('VeiligheidsbeoordelingPrestatie', {
  description:
    'Aandeel veiligheidsbeoordelingen binnen 5 werkdagen (de maat van de inspectie) over de meldingen ontvangen in een periode. ' +
    'Het aandeel telt alleen meldingen waarvan de uitkomst vaststaat: afgerond, of open en al over de termijn.',
})
export class VeiligheidsbeoordelingPrestatie {
  @Field(() => DatumScalar) van!: string;
  @Field(() => DatumScalar) tot!: string;
  @Field(() => Int) meldingen!: number;
  @Field(() => Int) binnenTermijn!: number;
  @Field(() => Int) teLaat!: number;
  @Field(() => Int) openBinnenTermijn!: number;
  @Field(() => Int) openOverschreden!: number;
  @Field(() => Float, {
    nullable: true,
    description: 'binnenTermijn / (binnenTermijn + teLaat + openOverschreden); leeg zonder zulke meldingen.',
  })
  aandeelBinnenTermijn!: number | null;
  vtOrganisatie!: string;
}
