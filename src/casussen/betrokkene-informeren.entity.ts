import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';

/** What VT recorded about informing the reported person(s) of a melding. */
export enum InformerenUitkomst {
  /** Informed: the termijn is met. */
  GEINFORMEERD = 'GEINFORMEERD',
  /** Postponed for a legal reason until a new day: the obligation stays open with that day as its due day. */
  UITGESTELD = 'UITGESTELD',
  /** Not informed, for a legal reason: the termijn is closed with that reason. */
  NIET_INFORMEREN = 'NIET_INFORMEREN',
}
registerEnumType(InformerenUitkomst, {
  name: 'InformerenUitkomst',
  description: 'Geïnformeerd, uitgesteld tot een nieuwe datum, of (met een wettelijke reden) niet geïnformeerd.',
});

/** How the reported person was informed. */
export enum InformerenWijze {
  PERSOONLIJK_GESPREK = 'PERSOONLIJK_GESPREK',
  HUISBEZOEK = 'HUISBEZOEK',
  TELEFONISCH = 'TELEFONISCH',
  BRIEF = 'BRIEF',
  /** Through a ketenpartner who speaks to the family anyway (e.g. the police at a huisverbod), on VT's behalf. */
  VIA_KETENPARTNER = 'VIA_KETENPARTNER',
}
registerEnumType(InformerenWijze, { name: 'InformerenWijze', description: 'Hoe de betrokkene werd geïnformeerd.' });

/**
 * The legal reasons to postpone informing, or not to inform at all: AVG art. 14 lid 5 and art. 23 with UAVG art. 41
 * lid 1 (protection of the data subject or of others' rights and freedoms; prevention and investigation of crimes).
 * Which reasons regional practice accepts is to confirm with the client (README, "Het VT-proces").
 */
export enum InformerenReden {
  /** Informing now would endanger the child. */
  VEILIGHEID_KIND = 'VEILIGHEID_KIND',
  /** Informing now would endanger the (adult) victim. */
  VEILIGHEID_SLACHTOFFER = 'VEILIGHEID_SLACHTOFFER',
  /** Informing now would endanger the melder (or reveal an anonymous melder). */
  VEILIGHEID_MELDER = 'VEILIGHEID_MELDER',
  /** Police or OM asked VT to wait: informing would harm a criminal investigation. */
  BELANG_STRAFRECHTELIJK_ONDERZOEK = 'BELANG_STRAFRECHTELIJK_ONDERZOEK',
  /** The person could not be reached yet (no address, abroad, detained): only a reason to postpone. */
  NIET_BEREIKBAAR = 'NIET_BEREIKBAAR',
}
registerEnumType(InformerenReden, {
  name: 'InformerenReden',
  description:
    'Wettelijke reden om het informeren uit te stellen of achterwege te laten (AVG art. 14 lid 5, art. 23; UAVG art. 41).',
});

/** Reasons that justify not informing at all; NIET_BEREIKBAAR only postpones. */
export const REDENEN_NIET_INFORMEREN: readonly InformerenReden[] = [
  InformerenReden.VEILIGHEID_KIND,
  InformerenReden.VEILIGHEID_SLACHTOFFER,
  InformerenReden.VEILIGHEID_MELDER,
  InformerenReden.BELANG_STRAFRECHTELIJK_ONDERZOEK,
];

/**
 * One record about informing the reported person(s) of a melding: a row per decision, so the history (a postponement,
 * then the conversation) stays. Case content: row-level security per VT organisation (migration 25).
 */
@Entity({ tableName: 'betrokkene_informering' })
export class BetrokkeneInformeringEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'uuid', fieldName: 'melding_id' }) meldingId!: string;
  @Property({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  @Enum({ items: () => InformerenUitkomst, type: 'text' }) uitkomst!: InformerenUitkomst;
  /** GEINFORMEERD: when and how, and whom (betrokkenen of the melding). */
  @Property({ type: 'Date', fieldName: 'geinformeerd_op', nullable: true }) geinformeerdOp?: Date | null;
  @Enum({ items: () => InformerenWijze, type: 'text', nullable: true }) wijze?: InformerenWijze | null;
  @Property({ type: 'uuid[]', fieldName: 'persoon_ids' }) persoonIds: string[] = [];
  /** UITGESTELD and NIET_INFORMEREN: the legal reason. */
  @Enum({ items: () => InformerenReden, type: 'text', nullable: true }) reden?: InformerenReden | null;
  /** UITGESTELD: the new due day. */
  @Property({ type: 'date', fieldName: 'uitgesteld_tot', nullable: true }) uitgesteldTot?: string | null;
  @Property({ type: 'text', nullable: true }) toelichting?: string | null;
  @Property({ type: 'Date', fieldName: 'vastgelegd_op' }) vastgelegdOp!: Date;
  @Property({ type: 'text', fieldName: 'vastgelegd_door' }) vastgelegdDoor!: string;
}
