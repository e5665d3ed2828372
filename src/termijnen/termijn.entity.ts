import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';

/** The statutory termijnen Ketenpoort watches (DOMAIN.md §2 and §9.3). */
export enum TermijnSoort {
  /** 5 working days after receipt; acute: the same day. */
  VEILIGHEIDSBEOORDELING = 'VEILIGHEIDSBEOORDELING',
  /** Tell the melder and the household the outcome: at 5 working days from receipt (or the day of a late assessment). */
  TERUGKOPPELING_UITKOMST = 'TERUGKOPPELING_UITKOMST',
  /** Tell the melder which ketenpartner took over: 10 weeks after the assessment, when VT kept the casus. */
  TERUGKOPPELING_MELDER_OVERNAME = 'TERUGKOPPELING_MELDER_OVERNAME',
  /**
   * Inform the reported person(s) of the melding "zo snel mogelijk": TERMIJN_BETROKKENE_INFORMEREN_WERKDAGEN after
   * receipt; a recorded postponement replaces it by one due on the new day.
   */
  BETROKKENE_INFORMEREN = 'BETROKKENE_INFORMEREN',
  ONDERZOEK = 'ONDERZOEK',
  VOORWAARDEN_EN_VERVOLG = 'VOORWAARDEN_EN_VERVOLG',
  MONITORING_3_MAANDEN = 'MONITORING_3_MAANDEN',
  MONITORING_12_MAANDEN = 'MONITORING_12_MAANDEN',
  MONITORING_18_MAANDEN = 'MONITORING_18_MAANDEN',
  /** The partner's answer to an offered overdracht: accept or decline before the deadline of its kind. */
  OVERDRACHT_REACTIE = 'OVERDRACHT_REACTIE',
  /** The school acknowledges a Handle with Care signal: before lessons start on the next school day (an exact moment). */
  HWC_ONTVANGSTBEVESTIGING = 'HWC_ONTVANGSTBEVESTIGING',
  /** VT answers a ZSM request: ZSM_ANTWOORD_UREN after it came in, at the latest when the detention ends (an exact moment). */
  ZSM_ANTWOORD = 'ZSM_ANTWOORD',
  /** VT advises the burgemeester on extending a tijdelijk huisverbod: by the end of calendar day 8 (src/huisverbod). */
  THV_ADVIES = 'THV_ADVIES',
  /** VT has a veiligheidsplan before the huisverbod ends (day 10, or the end of the extension): an exact moment. */
  THV_VEILIGHEIDSPLAN = 'THV_VEILIGHEIDSPLAN',
  /** Monitoring contacts after a tijdelijk huisverbod: 3, 12 and 18 months after it was imposed. */
  THV_MONITORING_3_MAANDEN = 'THV_MONITORING_3_MAANDEN',
  THV_MONITORING_12_MAANDEN = 'THV_MONITORING_12_MAANDEN',
  THV_MONITORING_18_MAANDEN = 'THV_MONITORING_18_MAANDEN',
  /** The Aware indication committee decides on an application: AWARE_BESLUIT_WERKDAGEN after submission (src/aware). */
  AWARE_BESLUIT = 'AWARE_BESLUIT',
  /** VT extends or ends an AWARE alarm before its end date: due AWARE_EINDDATUM_WERKDAGEN working days before it. */
  AWARE_EINDDATUM = 'AWARE_EINDDATUM',
  /** VT answers a data subject's request within one month of receipt, extendable by two (AVG art. 12 lid 3; src/rechten). */
  RECHTENVERZOEK_ANTWOORD = 'RECHTENVERZOEK_ANTWOORD',
}

/** Termijnen due at an exact moment rather than at the end of a working day. */
export const TERMIJNEN_OP_TIJDSTIP: readonly TermijnSoort[] = [
  TermijnSoort.HWC_ONTVANGSTBEVESTIGING,
  TermijnSoort.ZSM_ANTWOORD,
  TermijnSoort.THV_VEILIGHEIDSPLAN,
];
registerEnumType(TermijnSoort, { name: 'TermijnSoort', description: 'Soort wettelijke of protocollaire termijn.' });

export enum TermijnStatus {
  OPEN = 'OPEN',
  VOLDAAN = 'VOLDAAN',
  GEANNULEERD = 'GEANNULEERD',
}
registerEnumType(TermijnStatus, { name: 'TermijnStatus' });

export enum NotificatieSoort {
  HERINNERING = 'HERINNERING',
  ESCALATIE = 'ESCALATIE',
}
registerEnumType(NotificatieSoort, { name: 'NotificatieSoort' });

/**
 * One termijn: a row in PostgreSQL with its due day and state. The worker's jobs are derived from these rows
 * (and rebuilt from them by the reconciler); no personal data here.
 */
@Entity({ tableName: 'termijn' })
export class TermijnEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  /** Null only for a ZSM_ANTWOORD termijn: a ZSM request belongs to no casus (database check). */
  @Property({ type: 'uuid', fieldName: 'casus_id', nullable: true }) casusId!: string | null;
  @Property({ type: 'uuid', fieldName: 'melding_id', nullable: true }) meldingId?: string | null;
  @Property({ type: 'uuid', fieldName: 'dienst_id', nullable: true }) dienstId?: string | null;
  @Property({ type: 'uuid', fieldName: 'overdracht_id', nullable: true }) overdrachtId?: string | null;
  @Property({ type: 'uuid', fieldName: 'hwc_signaal_id', nullable: true }) hwcSignaalId?: string | null;
  @Property({ type: 'uuid', fieldName: 'zsm_verzoek_id', nullable: true }) zsmVerzoekId?: string | null;
  @Property({ type: 'uuid', fieldName: 'huisverbod_id', nullable: true }) huisverbodId?: string | null;
  @Property({ type: 'uuid', fieldName: 'aware_aanvraag_id', nullable: true }) awareAanvraagId?: string | null;
  @Property({ type: 'uuid', fieldName: 'rechtenverzoek_id', nullable: true }) rechtenverzoekId?: string | null;
  @Enum({ items: () => TermijnSoort, type: 'text' }) soort!: TermijnSoort;
  @Property({ type: 'date' }) startdatum!: string;
  /** The last day on which the work is on time (Europe/Amsterdam); for a termijn on an exact moment, that moment's day. */
  @Property({ type: 'date' }) vervaldatum!: string;
  /** Overdue from here on, and the escalation fires here: the first instant after the due day, or the exact moment. */
  @Property({ type: 'Date', fieldName: 'vervalt_op' }) vervaltOp!: Date;
  @Property({ type: 'Date', fieldName: 'herinner_op' }) herinnerOp!: Date;
  @Enum({ items: () => TermijnStatus, type: 'text' }) status: TermijnStatus = TermijnStatus.OPEN;
  @Property({ type: 'Date', fieldName: 'afgehandeld_op', nullable: true }) afgehandeldOp?: Date | null;
  @Property({ type: 'text', nullable: true }) verantwoordelijke?: string | null;
  /**
   * Had already ended when an import loaded it: never reminded or escalated, not overdue now, counted by the analyst
   * in its month (src/historie).
   */
  @Property({ type: 'boolean' }) historisch = false;
}

/** A reminder or escalation the worker wrote, for the API to show. Unique per termijn and kind: never twice. */
@Entity({ tableName: 'notificatie' })
export class NotificatieEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'uuid', fieldName: 'termijn_id' }) termijnId!: string;
  @Enum({ items: () => NotificatieSoort, type: 'text' }) soort!: NotificatieSoort;
  /** The worker addressed (reminders); null means every holder of ontvangerRol in the region. */
  @Property({ type: 'text', nullable: true }) ontvanger?: string | null;
  @Property({ type: 'text', fieldName: 'ontvanger_rol' }) ontvangerRol!: string;
  @Property({ type: 'Date', fieldName: 'aangemaakt_op' }) aangemaaktOp!: Date;
  @Property({ type: 'Date', fieldName: 'gelezen_op', nullable: true }) gelezenOp?: Date | null;
}
