import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A Handle with Care signal from a VT organisation to a school. No personal data here (ids, codes, dates, status):
 * the name and date of birth the school sees are in HwcSignaalInhoudEntity, behind row-level security.
 */
@Entity({ tableName: 'hwc_signaal' })
export class HwcSignaalEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  @Property({ type: 'uuid', fieldName: 'persoon_id' }) persoonId!: string;
  /** Code of the addressed school organisation. */
  @Property({ type: 'text' }) school!: string;
  @Property({ type: 'date' }) incidentdatum!: string;
  @Property({ type: 'text' }) grondslag!: string;
  @Property({ type: 'text' }) schoolvakantieregio!: string;
  @Property({ type: 'Date', fieldName: 'aangemaakt_op' }) aangemaaktOp!: Date;
  @Property({ type: 'text', fieldName: 'aangemaakt_door' }) aangemaaktDoor!: string;
  /** Start of lessons on the next school day: the signal must be at the school before then. */
  @Property({ type: 'Date', fieldName: 'leveren_voor' }) leverenVoor!: Date;
  /** Until when the school sees the child's name and date of birth. */
  @Property({ type: 'Date', fieldName: 'toegang_tot' }) toegangTot!: Date;
  @Property({ type: 'uuid', fieldName: 'gebeurtenis_id', nullable: true }) gebeurtenisId?: string | null;
  @Property({ type: 'Date', fieldName: 'bevestigd_op', nullable: true }) bevestigdOp?: Date | null;
  @Property({ type: 'text', fieldName: 'bevestigd_door', nullable: true }) bevestigdDoor?: string | null;
  @Property({ type: 'Date', fieldName: 'ingetrokken_op', nullable: true }) ingetrokkenOp?: Date | null;
  @Property({ type: 'text', fieldName: 'ingetrokken_door', nullable: true }) ingetrokkenDoor?: string | null;
  @Property({ type: 'text', nullable: true }) intrekkingsreden?: string | null;
}

/** The three data items a school may receive (DOMAIN.md §4.6), as sent. Row-level security: VT region or the school. */
@Entity({ tableName: 'hwc_signaal_inhoud' })
export class HwcSignaalInhoudEntity {
  @PrimaryKey({ type: 'uuid', fieldName: 'signaal_id' }) signaalId!: string;
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'text' }) ontvanger!: string;
  @Property({ type: 'text', nullable: true }) voornamen?: string | null;
  @Property({ type: 'text', nullable: true }) achternaam?: string | null;
  @Property({ type: 'date' }) geboortedatum!: string;
}
