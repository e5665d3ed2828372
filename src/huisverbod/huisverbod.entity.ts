import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A tijdelijk huisverbod the burgemeester imposed, as VT works on it (DOMAIN.md §9.1). It belongs to a casus of the
 * VT region; the person removed and those who stay are persons of that casus. Row-level security: the VT region, the
 * gemeente (OOV, for the burgemeester) and the police organisation that reported it; which fields each sees is the
 * privacy policy's (huisverbod.beleid.ts).
 */
@Entity({ tableName: 'huisverbod' })
export class HuisverbodEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  /** The adult the huisverbod removes from the home. */
  @Property({ type: 'uuid', fieldName: 'uithuisgeplaatste_id' }) uithuisgeplaatsteId!: string;
  /** Those who stay in the home (persons of the casus). */
  @Property({ type: 'uuid[]', fieldName: 'achterblijver_ids' }) achterblijverIds!: string[];
  /** The gemeente whose burgemeester imposed it (organisation code). */
  @Property({ type: 'text' }) gemeente!: string;
  /** The police organisation that reported it (organisation code), if it is one Ketenpoort knows. */
  @Property({ type: 'text', nullable: true }) politie?: string | null;
  /**
   * The huisverbod's id for the gemeente and for the police: each partner its own, so the two cannot link what they
   * receive by id (as a person has its own id per partner). VT's id never leaves VT.
   */
  @Property({ type: 'uuid', fieldName: 'gemeente_id' }) gemeenteId: string = crypto.randomUUID();
  @Property({ type: 'uuid', fieldName: 'politie_id' }) politieId: string = crypto.randomUUID();
  @Property({ type: 'text', fieldName: 'politie_referentie', nullable: true }) politieReferentie?: string | null;
  @Property({ type: 'text', fieldName: 'beschikking_kenmerk', nullable: true }) beschikkingKenmerk?: string | null;
  @Property({ type: 'text', fieldName: 'rihg_referentie' }) rihgReferentie!: string;
  @Property({ type: 'Date', fieldName: 'opgelegd_op' }) opgelegdOp!: Date;
  /** Ten calendar days after imposition, at the same time of day (Europe/Amsterdam). */
  @Property({ type: 'Date', fieldName: 'opgelegd_tot' }) opgelegdTot!: Date;
  /** The latest end of an extension: 28 calendar days after imposition. */
  @Property({ type: 'Date', fieldName: 'uiterlijk_tot' }) uiterlijkTot!: Date;
  /** The day VT's advice is due (THV_ADVIES). */
  @Property({ type: 'date', fieldName: 'advies_voor' }) adviesVoor!: string;
  @Property({ type: 'Date', fieldName: 'geregistreerd_op' }) geregistreerdOp!: Date;
  @Property({ type: 'text', fieldName: 'geregistreerd_door' }) geregistreerdDoor!: string;
  @Property({ type: 'date', fieldName: 'gesprek_uithuisgeplaatste_op', nullable: true })
  gesprekUithuisgeplaatsteOp?: string | null;
  @Property({ type: 'date', fieldName: 'gesprek_achterblijvers_op', nullable: true })
  gesprekAchterblijversOp?: string | null;
  @Property({ type: 'text', fieldName: 'informatie_derden', nullable: true }) informatieDerden?: string | null;
  @Property({ type: 'text', nullable: true }) veiligheidsplan?: string | null;
  @Property({ type: 'Date', fieldName: 'veiligheidsplan_op', nullable: true }) veiligheidsplanOp?: Date | null;
  @Property({ type: 'text', nullable: true }) advies?: string | null;
  @Property({ type: 'text', fieldName: 'advies_toelichting', nullable: true }) adviesToelichting?: string | null;
  @Property({ type: 'Date', fieldName: 'geadviseerd_op', nullable: true }) geadviseerdOp?: Date | null;
  @Property({ type: 'text', fieldName: 'geadviseerd_door', nullable: true }) geadviseerdDoor?: string | null;
  @Property({ type: 'Date', fieldName: 'verlengd_tot', nullable: true }) verlengdTot?: Date | null;
  @Property({ type: 'Date', fieldName: 'verlengd_op', nullable: true }) verlengdOp?: Date | null;
  /** Who recorded the extension: the gemeente itself, or VT from the burgemeester's decision (organisation code). */
  @Property({ type: 'text', fieldName: 'verlengd_door', nullable: true }) verlengdDoor?: string | null;
  @Property({ type: 'Date', fieldName: 'ingetrokken_op', nullable: true }) ingetrokkenOp?: Date | null;
  @Property({ type: 'text', fieldName: 'ingetrokken_door', nullable: true }) ingetrokkenDoor?: string | null;
}

/** A monitoring contact after the huisverbod (3, 12, 18 months). Row-level security: the VT region only. */
@Entity({ tableName: 'huisverbod_monitoringcontact' })
export class HuisverbodMonitoringcontactEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'uuid', fieldName: 'huisverbod_id' }) huisverbodId!: string;
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  /** The termijn it meets (THV_MONITORING_3_MAANDEN, ...). */
  @Property({ type: 'text' }) moment!: string;
  @Property({ type: 'date', fieldName: 'contact_op' }) contactOp!: string;
  @Property({ type: 'text' }) uitkomst!: string;
  @Property({ type: 'text', nullable: true }) toelichting?: string | null;
  @Property({ type: 'Date', fieldName: 'vastgelegd_op' }) vastgelegdOp!: Date;
  @Property({ type: 'text', fieldName: 'vastgelegd_door' }) vastgelegdDoor!: string;
}

/** A person as the police name them in a report: by BSN, or by name and date of birth. */
export interface GemeldePersoon {
  bsn?: string | null;
  voornamen?: string | null;
  achternaam?: string | null;
  geboortedatum?: string | null;
}

/**
 * A tijdelijk huisverbod as the police report it (issue 16, item 1), before VT has it on a casus. The VT region follows
 * from the gemeente. VT links it once, when it registers the huisverbod on a casus (`huisverbodId`). Row-level
 * security: the VT region, and the police organisation that reported it.
 */
@Entity({ tableName: 'huisverbod_melding' })
export class HuisverbodMeldingEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  /** The reporting police organisation (organisation code). */
  @Property({ type: 'text' }) politie!: string;
  @Property({ type: 'text' }) gemeente!: string;
  @Property({ type: 'text', fieldName: 'politie_referentie' }) politieReferentie!: string;
  @Property({ type: 'text', fieldName: 'beschikking_kenmerk', nullable: true }) beschikkingKenmerk?: string | null;
  @Property({ type: 'text', fieldName: 'rihg_referentie' }) rihgReferentie!: string;
  @Property({ type: 'Date', fieldName: 'opgelegd_op' }) opgelegdOp!: Date;
  @Property({ type: 'Date', fieldName: 'opgelegd_tot' }) opgelegdTot!: Date;
  @Property({ type: 'json' }) uithuisgeplaatste!: GemeldePersoon;
  @Property({ type: 'json' }) achterblijvers!: GemeldePersoon[];
  @Property({ type: 'Date', fieldName: 'gemeld_op' }) gemeldOp!: Date;
  @Property({ type: 'text', fieldName: 'gemeld_door' }) gemeldDoor!: string;
  @Property({ type: 'uuid', fieldName: 'huisverbod_id', nullable: true }) huisverbodId?: string | null;
  @Property({ type: 'Date', fieldName: 'gekoppeld_op', nullable: true }) gekoppeldOp?: Date | null;
}
