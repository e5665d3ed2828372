import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

import { DatumScalar, TijdstipScalar } from '../lib/scalars';
import { BewaarGrond, type Bewaartermijn } from './bewaring.datum';
import { BewaringStatus } from './bewaring.proces';

/** Who asked for early destruction (DOMAIN.md §4.3: parents, and young people from 12). */
export enum VroegtijdigVerzoeker {
  OUDER = 'OUDER',
  JONGERE = 'JONGERE',
}
registerEnumType(VroegtijdigVerzoeker, {
  name: 'VroegtijdigVerzoeker',
  description: 'Wie om vroegtijdige vernietiging vroeg: een ouder, of de jongere zelf (vanaf 12 jaar).',
});

/** Limits on reasons (a hold, a proposal, a refusal): long enough to be a reason. */
export const REDEN_MIN = 10;
export const REDEN_MAX = 2000;

/** The bewaring row as stored (snake_case columns). */
export interface BewaringRij {
  id: string;
  vt_organisatie: string;
  casus_id: string | null;
  status: string;
  gesloten_op: string | null;
  uitgesteld_tot: string | null;
  te_beoordelen_sinds: Date | null;
  legal_hold: boolean;
  legal_hold_reden: string | null;
  legal_hold_door: string | null;
  legal_hold_op: Date | null;
  vroegtijdig_verzoeker: string | null;
  voorgesteld_door: string | null;
  voorgesteld_op: Date | null;
  motivering: string | null;
  goedgekeurd_door: string | null;
  vernietigd_op: Date | null;
  verwijderd: Record<string, number> | null;
  versie: number;
  maatregel_einde: string | null;
  maatregel_uitkomst: string | null;
  maatregel_einde_door: string | null;
  maatregel_einde_vastgelegd_op: Date | null;
}

/** How the measure that held a file ended (src/bewaring, maatregelEindeVastleggen). */
export enum MaatregelUitkomst {
  /** The OTS or voogdij (or other measure) ended. */
  BEEINDIGD = 'BEEINDIGD',
  /** The Raad's investigation or the judge imposed none. */
  NIET_OPGELEGD = 'NIET_OPGELEGD',
}
registerEnumType(MaatregelUitkomst, {
  name: 'MaatregelUitkomst',
  description: 'Hoe de kinderbeschermingsmaatregel eindigde: BEEINDIGD, of NIET_OPGELEGD (geen maatregel gekomen).',
});

@ObjectType('BewaringAantal', { description: 'Hoeveel rijen een vernietiging uit één tabel verwijderde.' })
export class BewaringAantalView {
  @Field(() => String) tabel!: string;
  @Field(() => Int) aantal!: number;
}

@ObjectType('Bewaring', {
  description:
    'De bewaring van het dossier van één casus: vernietigingsdatum en gronden, legal hold, beoordeling en (na vernietiging) de tombstone.',
})
export class BewaringView {
  @Field(() => ID, { nullable: true, description: 'Id van de bewaring; leeg zolang er niets is vastgelegd.' })
  id!: string | null;
  @Field(() => ID, { nullable: true, description: 'De casus; leeg na vernietiging.' }) casusId!: string | null;
  @Field(() => BewaringStatus) status!: BewaringStatus;
  @Field(() => DatumScalar, { nullable: true }) geslotenOp!: string | null;
  @Field(() => DatumScalar, {
    nullable: true,
    description:
      'Vanaf deze datum biedt de beoordelingsjob het dossier aan; leeg zolang de casus loopt of een maatregel het vraagt.',
  })
  vernietigenOp!: string | null;
  @Field(() => DatumScalar, {
    nullable: true,
    description:
      'Vroegste datum van vroegtijdige vernietiging op verzoek: het afsluiten, of de 18e verjaardag van het jongste kind.',
  })
  vroegsteVernietigingOp!: string | null;
  @Field(() => [BewaarGrond]) gronden!: BewaarGrond[];
  @Field(() => Boolean) legalHold!: boolean;
  @Field(() => String, { nullable: true }) legalHoldReden!: string | null;
  @Field(() => String, { nullable: true }) legalHoldDoor!: string | null;
  @Field(() => TijdstipScalar, { nullable: true }) legalHoldOp!: Date | null;
  @Field(() => TijdstipScalar, { nullable: true }) teBeoordelenSinds!: Date | null;
  @Field(() => VroegtijdigVerzoeker, { nullable: true }) vroegtijdigVerzoeker!: VroegtijdigVerzoeker | null;
  @Field(() => String, { nullable: true }) voorgesteldDoor!: string | null;
  @Field(() => TijdstipScalar, { nullable: true }) voorgesteldOp!: Date | null;
  @Field(() => String, { nullable: true }) motivering!: string | null;
  @Field(() => String, { nullable: true }) goedgekeurdDoor!: string | null;
  @Field(() => TijdstipScalar, { nullable: true }) vernietigdOp!: Date | null;
  @Field(() => DatumScalar, {
    nullable: true,
    description: 'Einde van de kinderbeschermingsmaatregel die het dossier hield, zoals vastgelegd.',
  })
  maatregelEinde!: string | null;
  @Field(() => MaatregelUitkomst, { nullable: true }) maatregelUitkomst!: MaatregelUitkomst | null;
  @Field(() => String, { nullable: true }) maatregelEindeDoor!: string | null;
  @Field(() => [BewaringAantalView], { description: 'Na vernietiging: verwijderde rijen per tabel.' })
  verwijderd!: BewaringAantalView[];
  vtOrganisatie!: string;

  static van(
    vtOrganisatie: string,
    casusId: string | null,
    rij: BewaringRij | undefined,
    t: Bewaartermijn | null,
  ): BewaringView {
    const vernietigd = rij?.status === BewaringStatus.VERNIETIGD;
    return Object.assign(new BewaringView(), {
      id: rij?.id ?? null,
      casusId: vernietigd ? null : casusId,
      status: (rij?.status === 'GOEDGEKEURD' ? BewaringStatus.VOORGESTELD : rij?.status) ?? BewaringStatus.BEWAREN,
      geslotenOp: rij?.gesloten_op ?? null,
      vernietigenOp: t?.vernietigenOp ?? null,
      vroegsteVernietigingOp: t?.vroegsteVernietigingOp ?? null,
      gronden: t?.gronden ?? [],
      legalHold: rij?.legal_hold ?? false,
      legalHoldReden: rij?.legal_hold_reden ?? null,
      legalHoldDoor: rij?.legal_hold_door ?? null,
      legalHoldOp: rij?.legal_hold_op ?? null,
      teBeoordelenSinds: rij?.te_beoordelen_sinds ?? null,
      vroegtijdigVerzoeker: (rij?.vroegtijdig_verzoeker as VroegtijdigVerzoeker | null) ?? null,
      voorgesteldDoor: rij?.voorgesteld_door ?? null,
      voorgesteldOp: rij?.voorgesteld_op ?? null,
      motivering: rij?.motivering ?? null,
      goedgekeurdDoor: rij?.goedgekeurd_door ?? null,
      vernietigdOp: rij?.vernietigd_op ?? null,
      maatregelEinde: rij?.maatregel_einde ?? null,
      maatregelUitkomst: (rij?.maatregel_uitkomst as MaatregelUitkomst | null) ?? null,
      maatregelEindeDoor: rij?.maatregel_einde_door ?? null,
      verwijderd: Object.entries(rij?.verwijderd ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([tabel, aantal]) => Object.assign(new BewaringAantalView(), { tabel, aantal })),
      vtOrganisatie,
    });
  }
}
