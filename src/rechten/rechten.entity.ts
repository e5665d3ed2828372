import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A request of a data subject (DOMAIN.md §4.3): registered by the privacy officer of the VT region that holds the
 * file, answered within the RECHTENVERZOEK_ANTWOORD termijn, decided with reasons and closed with what was done.
 * The person is a persoon of the casus (BETROKKENE) or the melder of one melding of it (MELDER).
 */
@Entity({ tableName: 'rechtenverzoek' })
export class RechtenverzoekEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  @Property({ type: 'uuid', fieldName: 'persoon_id', nullable: true }) persoonId?: string | null;
  @Property({ type: 'uuid', fieldName: 'melding_id', nullable: true }) meldingId?: string | null;
  @Property({ type: 'text' }) verzoeker!: string;
  @Property({ type: 'text' }) soort!: string;
  @Property({ type: 'text' }) status!: string;
  /** What the person asks, in the privacy officer's words. */
  @Property({ type: 'text' }) omschrijving!: string;
  @Property({ type: 'date', fieldName: 'ontvangen_op' }) ontvangenOp!: string;
  /** The day the answer is due: one month after receipt, three after an extension. */
  @Property({ type: 'date', fieldName: 'antwoord_voor' }) antwoordVoor!: string;
  @Property({ type: 'text', fieldName: 'verlenging_reden', nullable: true }) verlengingReden?: string | null;
  @Property({ type: 'Date', fieldName: 'geregistreerd_op' }) geregistreerdOp!: Date;
  @Property({ type: 'text', fieldName: 'geregistreerd_door' }) geregistreerdDoor!: string;
  @Property({ type: 'text', nullable: true }) besluit?: string | null;
  @Property({ type: 'text', fieldName: 'besluit_motivering', nullable: true }) besluitMotivering?: string | null;
  @Property({ type: 'Date', fieldName: 'besloten_op', nullable: true }) beslotenOp?: Date | null;
  @Property({ type: 'text', fieldName: 'besloten_door', nullable: true }) beslotenDoor?: string | null;
  /** What was done, when the request was closed. */
  @Property({ type: 'text', nullable: true }) afhandeling?: string | null;
  @Property({ type: 'Date', fieldName: 'afgehandeld_op', nullable: true }) afgehandeldOp?: Date | null;
}

/**
 * One supplement or correction of a field, with its history: the original text, the correction (VERBETERING), or
 * the person's own view stored beside VT's text (ZIENSWIJZE), who made it and why. Never changed afterwards.
 */
@Entity({ tableName: 'gegevenscorrectie' })
export class GegevenscorrectieEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  @Property({ type: 'uuid', fieldName: 'verzoek_id' }) verzoekId!: string;
  @Property({ type: 'text' }) soort!: string;
  @Property({ type: 'text', fieldName: 'object_type' }) objectType!: string;
  @Property({ type: 'uuid', fieldName: 'object_id' }) objectId!: string;
  @Property({ type: 'text' }) veld!: string;
  @Property({ type: 'text', nullable: true }) origineel?: string | null;
  @Property({ type: 'text', nullable: true }) correctie?: string | null;
  @Property({ type: 'text', nullable: true }) zienswijze?: string | null;
  @Property({ type: 'text' }) reden!: string;
  @Property({ type: 'text' }) door!: string;
  @Property({ type: 'Date' }) op!: Date;
}

/**
 * A restriction of processing of one casus (a granted beperking or bezwaar), from `sinds` until lifted. While it
 * lasts the casus is read only by its behandelaar and the privacy officer, and nothing of it reaches a partner
 * (src/beleid/casustoegang.sql.ts, the restrictive policies of migration 33, the outbox).
 */
@Entity({ tableName: 'verwerkingsbeperking' })
export class VerwerkingsbeperkingEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'uuid', fieldName: 'verzoek_id' }) verzoekId!: string;
  @Property({ type: 'Date' }) sinds!: Date;
  @Property({ type: 'Date', fieldName: 'opgeheven_op', nullable: true }) opgehevenOp?: Date | null;
  @Property({ type: 'text', fieldName: 'opgeheven_door', nullable: true }) opgehevenDoor?: string | null;
}
