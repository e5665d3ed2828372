import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

import {
  AfwijzingReden,
  IntrekkingReden,
  OverdrachtGrondslag,
  OverdrachtSoort,
  OverdrachtStatus,
  OverdrachtUitkomst,
} from './overdracht.model';

/** One offer of a casus (or part of it) to a partner organisation, and everything that happens to it. */
@Entity({ tableName: 'overdracht' })
export class OverdrachtEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  @Enum({ items: () => OverdrachtSoort, type: 'text' }) soort!: OverdrachtSoort;
  /** The partner organisation (code) the offer is addressed to. */
  @Property({ type: 'text' }) ontvanger!: string;
  /** For a Verzoek tot Onderzoek: the gemeente (college) informed that it was made. */
  @Property({ type: 'text', nullable: true }) gemeente?: string | null;
  @Enum({ items: () => OverdrachtStatus, type: 'text' }) status!: OverdrachtStatus;
  @Property({ type: 'uuid[]', fieldName: 'persoon_ids' }) persoonIds!: string[];
  @Property({ type: 'boolean', fieldName: 'met_veiligheidsafspraken' }) metVeiligheidsafspraken!: boolean;
  /** What the partner needs to continue: context and the agreements on the veiligheids- en herstelplan. */
  @Property({ type: 'text' }) toelichting!: string;
  @Enum({ items: () => OverdrachtGrondslag, type: 'text' }) grondslag!: OverdrachtGrondslag;
  @Property({ type: 'text', fieldName: 'grondslag_toelichting', nullable: true }) grondslagToelichting?: string | null;
  @Property({ type: 'Date', fieldName: 'aangeboden_op' }) aangebodenOp!: Date;
  @Property({ type: 'text', fieldName: 'aangeboden_door' }) aangebodenDoor!: string;
  @Property({ type: 'Date', fieldName: 'reageren_voor' }) reagerenVoor!: Date;
  @Property({ type: 'Date', fieldName: 'ontvangen_op', nullable: true }) ontvangenOp?: Date | null;
  @Property({ type: 'Date', fieldName: 'besluit_op', nullable: true }) besluitOp?: Date | null;
  @Property({ type: 'text', fieldName: 'besluit_door', nullable: true }) besluitDoor?: string | null;
  @Enum({ items: () => AfwijzingReden, type: 'text', fieldName: 'afwijzing_reden', nullable: true })
  afwijzingReden?: AfwijzingReden | null;
  @Property({ type: 'text', fieldName: 'afwijzing_toelichting', nullable: true }) afwijzingToelichting?: string | null;
  @Property({ type: 'date', fieldName: 'contact_op', nullable: true }) contactOp?: string | null;
  @Property({ type: 'text', fieldName: 'contact_vt_persoon', nullable: true }) contactVtPersoon?: string | null;
  @Property({ type: 'text', fieldName: 'contact_partner_persoon', nullable: true }) contactPartnerPersoon?:
    string | null;
  @Property({ type: 'Date', fieldName: 'afgerond_op', nullable: true }) afgerondOp?: Date | null;
  @Enum({ items: () => OverdrachtUitkomst, type: 'text', nullable: true }) uitkomst?: OverdrachtUitkomst | null;
  @Property({ type: 'text', fieldName: 'uitkomst_toelichting', nullable: true }) uitkomstToelichting?: string | null;
  @Property({ type: 'Date', fieldName: 'beeindigd_op', nullable: true }) beeindigdOp?: Date | null;
  /** Set when VT withdrew it: the code the partner sees. */
  @Enum({ items: () => IntrekkingReden, type: 'text', fieldName: 'intrekking_reden', nullable: true })
  intrekkingReden?: IntrekkingReden | null;
  /** VT's own explanation of a withdrawal: for VT only (it may say where a victim is staying). */
  @Property({ type: 'text', fieldName: 'intrekking_toelichting', nullable: true }) intrekkingToelichting?:
    string | null;
  @Property({ type: 'integer', version: true }) versie!: number;
}

/** The partner's input at a monitoring moment of VT (3 and 12 months), asked through the gateway. */
@Entity({ tableName: 'monitoring_input' })
export class MonitoringInputEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'uuid', fieldName: 'overdracht_id' }) overdrachtId!: string;
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'text' }) ontvanger!: string;
  @Property({ type: 'uuid', fieldName: 'termijn_id', nullable: true }) termijnId?: string | null;
  @Property({ type: 'Date', fieldName: 'gevraagd_op' }) gevraagdOp!: Date;
  @Property({ type: 'Date', fieldName: 'gegeven_op', nullable: true }) gegevenOp?: Date | null;
  @Property({ type: 'text', fieldName: 'gegeven_door', nullable: true }) gegevenDoor?: string | null;
  @Property({ type: 'boolean', nullable: true }) veilig?: boolean | null;
  @Property({ type: 'text', nullable: true }) toelichting?: string | null;
}

/**
 * What the college (gemeente) is told of a Verzoek tot Onderzoek: that it was made, by which VT organisation, and
 * when. A row of its own with its own id, so the gemeente never holds the overdracht's id (which the Raad, VT and the
 * audit trail know) and cannot correlate with it. The link to the overdracht is VT's, never shown to the gemeente.
 */
@Entity({ tableName: 'verzoek_tot_onderzoek_melding' })
export class VerzoekTotOnderzoekMeldingEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'text' }) gemeente!: string;
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'uuid', fieldName: 'overdracht_id' }) overdrachtId!: string;
  @Property({ type: 'Date', fieldName: 'gedaan_op' }) gedaanOp!: Date;
}
