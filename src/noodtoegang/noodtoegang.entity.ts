import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

/** The privacy officer's judgement of one noodtoegang. */
export enum NoodtoegangOordeel {
  GERECHTVAARDIGD = 'GERECHTVAARDIGD',
  NIET_GERECHTVAARDIGD = 'NIET_GERECHTVAARDIGD',
}

/**
 * One emergency opening (break-the-glass) of a casus by a medewerker who is not assigned to it: who, which casus,
 * why, from when until when, and how the privacy officer judged it. Never deleted; the judgement closes it.
 * Row-level security per VT organisation (the reason may name persons).
 */
@Entity({ tableName: 'noodtoegang' })
export class NoodtoegangEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  /** Subject of the medewerker who opened it. */
  @Property({ type: 'text' }) medewerker!: string;
  @Property({ type: 'text', fieldName: 'medewerker_naam', nullable: true }) medewerkerNaam?: string | null;
  @Property({ type: 'text' }) reden!: string;
  @Property({ type: 'Date', fieldName: 'geopend_op' }) geopendOp!: Date;
  /** geopendOp + NOODTOEGANG_MINUTEN, by the request clock. */
  @Property({ type: 'Date', fieldName: 'verloopt_op' }) verlooptOp!: Date;
  @Enum({ items: () => NoodtoegangOordeel, type: 'text', nullable: true }) oordeel?: NoodtoegangOordeel | null;
  @Property({ type: 'text', fieldName: 'oordeel_toelichting', nullable: true }) oordeelToelichting?: string | null;
  @Property({ type: 'text', fieldName: 'beoordeeld_door', nullable: true }) beoordeeldDoor?: string | null;
  @Property({ type: 'Date', fieldName: 'beoordeeld_op', nullable: true }) beoordeeldOp?: Date | null;
}
