import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A ZSM information request from a justice partner to one VT organisation, and VT's answer header. Holds criminal-law
 * personal data (reden, parketnummer) and the contact person; the persons asked about are in zsm_verzoek_persoon.
 */
@Entity({ tableName: 'zsm_verzoek' })
export class ZsmVerzoekEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  /** The requesting OM or politie organisation (code). */
  @Property({ type: 'text' }) aanvrager!: string;
  @Property({ type: 'text', fieldName: 'ingediend_door' }) ingediendDoor!: string;
  @Property({ type: 'Date', fieldName: 'ingediend_op' }) ingediendOp!: Date;
  @Property({ type: 'text', nullable: true }) parketnummer?: string | null;
  @Property({ type: 'text' }) reden!: string;
  @Property({ type: 'Date', fieldName: 'inverzekeringstelling_eindigt_op' }) inverzekeringstellingEindigtOp!: Date;
  /** The earlier of (request + ZSM_ANTWOORD_UREN) and the end of the detention. */
  @Property({ type: 'Date', fieldName: 'antwoord_voor' }) antwoordVoor!: Date;
  @Property({ type: 'Date', fieldName: 'beantwoord_op', nullable: true }) beantwoordOp?: Date | null;
  @Property({ type: 'text', fieldName: 'beantwoord_door', nullable: true }) beantwoordDoor?: string | null;
  @Property({ type: 'text', fieldName: 'contactpersoon_naam', nullable: true }) contactpersoonNaam?: string | null;
  @Property({ type: 'text', fieldName: 'contactpersoon_telefoon', nullable: true }) contactpersoonTelefoon?:
    string | null;
  @Property({ type: 'uuid', fieldName: 'gebeurtenis_id', nullable: true }) gebeurtenisId?: string | null;
}

/** One person asked about, and VT's answer on that person. Row-level security: the VT organisation or the requester. */
@Entity({ tableName: 'zsm_verzoek_persoon' })
export class ZsmVerzoekPersoonEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'uuid', fieldName: 'verzoek_id' }) verzoekId!: string;
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'text' }) aanvrager!: string;
  @Property({ type: 'smallint' }) volgorde!: number;
  @Property({ type: 'text', nullable: true }) bsn?: string | null;
  @Property({ type: 'text', nullable: true }) voornamen?: string | null;
  @Property({ type: 'text', nullable: true }) achternaam?: string | null;
  @Property({ type: 'date', nullable: true }) geboortedatum?: string | null;
  /** The VT person this is (matched on BSN, or on surname and date of birth when exactly one matches; else picked by VT when answering). */
  @Property({ type: 'uuid', fieldName: 'persoon_id', nullable: true }) persoonId?: string | null;
  @Property({ type: 'boolean', fieldName: 'bekend_bij_vt', nullable: true }) bekendBijVt?: boolean | null;
  @Property({ type: 'boolean', fieldName: 'lopende_casus', nullable: true }) lopendeCasus?: boolean | null;
  @Property({ type: 'text', nullable: true }) fase?: string | null;
  @Property({ type: 'boolean', nullable: true }) veiligheidsafspraken?: boolean | null;
  @Property({ type: 'text', fieldName: 'relevante_informatie', nullable: true }) relevanteInformatie?: string | null;
}
