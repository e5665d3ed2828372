import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

import { AardGeweld } from '../meldingen/cbs-categorieen';
import {
  CasusFase,
  DienstSoort,
  MonitoringUitkomst,
  OnderzoekResultaat,
  RvdkBesluit,
  Taxatie,
  VeiligheidsbeoordelingUitkomst,
  VervolgKeuze,
  VerzoekGrond,
} from './proces';

/**
 * A casus: the household VT is concerned about, with its meldingen, its current fase in the process and
 * the worker responsible. CBS counts these as "casussen met ontvangen melding(en)" (84850).
 */
@Entity({ tableName: 'casus' })
export class CasusEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Enum({ items: () => CasusFase, type: 'text' }) fase!: CasusFase;
  /** The VT worker responsible; null until a teamleider assigns one (e.g. police meldingen). */
  @Property({ type: 'text', nullable: true }) verantwoordelijke?: string | null;
  /** The VT team the casus is assigned to (a team code from the identity provider's groups); its members read it. */
  @Property({ type: 'text', nullable: true }) team?: string | null;
  /** The day the casus opened: the reception of its first melding, not the day it was typed in. */
  @Property({ type: 'Date', fieldName: 'geopend_op' }) geopendOp!: Date;
  /** When the casus was registered in Ketenpoort (null: before migration 32). */
  @Property({ type: 'Date', fieldName: 'geregistreerd_op', nullable: true }) geregistreerdOp?: Date | null;
  /** The day the follow-up (the first dienst after the veiligheidsbeoordeling) started: monitoring counts from it. */
  @Property({ type: 'date', fieldName: 'vervolg_gestart_op', nullable: true }) vervolgGestartOp?: string | null;
  @Property({ type: 'Date', fieldName: 'gesloten_op', nullable: true }) geslotenOp?: Date | null;
  @Property({ type: 'text', nullable: true }) afsluitreden?: string | null;
  /** Optimistic lock: two workers moving the same casus at once cannot both win. */
  @Property({ type: 'integer', version: true }) versie!: number;
}

/** Household membership: the persons the casus is about. */
@Entity({ tableName: 'casus_persoon' })
export class CasusPersoonEntity {
  @PrimaryKey({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  @PrimaryKey({ type: 'uuid', fieldName: 'persoon_id' }) persoonId!: string;
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
}

/** The veiligheidsbeoordeling of one melding (CBS 84852: taxatie and uitkomst). */
@Entity({ tableName: 'veiligheidsbeoordeling' })
export class VeiligheidsbeoordelingEntity {
  @PrimaryKey({ type: 'uuid', fieldName: 'melding_id' }) meldingId!: string;
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  @Enum({ items: () => Taxatie, type: 'text' }) taxatie!: Taxatie;
  @Enum({ items: () => VeiligheidsbeoordelingUitkomst, type: 'text' }) uitkomst!: VeiligheidsbeoordelingUitkomst;
  @Enum({ items: () => VervolgKeuze, type: 'text', nullable: true }) vervolg?: VervolgKeuze | null;
  @Property({ type: 'text' }) toelichting!: string;
  /** When the assessment happened (the business date; backdated when recorded later or imported). */
  @Property({ type: 'Date', fieldName: 'beoordeeld_op' }) beoordeeldOp!: Date;
  @Property({ type: 'Date', fieldName: 'geregistreerd_op', nullable: true }) geregistreerdOp?: Date | null;
  @Property({ type: 'text', fieldName: 'beoordeeld_door' }) beoordeeldDoor!: string;
  @Property({ type: 'boolean', fieldName: 'binnen_termijn' }) binnenTermijn!: boolean;
}

/** One dienst (service) VT delivers in a casus, with start, end and outcome. */
@Entity({ tableName: 'dienst' })
export class DienstEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Enum({ items: () => DienstSoort, type: 'text' }) soort!: DienstSoort;
  @Property({ type: 'Date', fieldName: 'gestart_op' }) gestartOp!: Date;
  @Property({ type: 'Date', fieldName: 'beeindigd_op', nullable: true }) beeindigdOp?: Date | null;
  @Property({ type: 'text', nullable: true }) uitkomst?: string | null;
  @Property({ type: 'boolean', fieldName: 'voortijdig_afgesloten' }) voortijdigAfgesloten = false;
  @Property({ type: 'text' }) verantwoordelijke!: string;
  @Property({ type: 'text', fieldName: 'ontvangende_partij', nullable: true }) ontvangendePartij?: string | null;
  @Property({ type: 'date', fieldName: 'contact_bevestigd_op', nullable: true }) contactBevestigdOp?: string | null;
}

/** Outcome of an onderzoek per aard geweld (CBS 84853). */
@Entity({ tableName: 'onderzoek_uitkomst' })
export class OnderzoekUitkomstEntity {
  @PrimaryKey({ type: 'uuid', fieldName: 'dienst_id' }) dienstId!: string;
  @PrimaryKey({ type: 'text', fieldName: 'aard_geweld' }) aardGeweld!: AardGeweld;
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Enum({ items: () => OnderzoekResultaat, type: 'text' }) uitkomst!: OnderzoekResultaat;
}

/** A veiligheidsvoorwaarde written down as a concrete agreement (V&V). */
@Entity({ tableName: 'veiligheidsafspraak' })
export class VeiligheidsafspraakEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  @Property({ type: 'uuid', fieldName: 'dienst_id', nullable: true }) dienstId?: string | null;
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'text' }) omschrijving!: string;
  @Property({ type: 'text[]' }) partijen!: string[];
  @Property({ type: 'date', fieldName: 'overeengekomen_op' }) overeengekomenOp!: string;
  @Property({ type: 'text', fieldName: 'vastgelegd_door' }) vastgelegdDoor!: string;
  @Property({ type: 'Date', fieldName: 'vastgelegd_op' }) vastgelegdOp!: Date;
}

/** A Verzoek tot Onderzoek at the Raad voor de Kinderbescherming, and the Raad's decision. */
@Entity({ tableName: 'verzoek_tot_onderzoek' })
export class VerzoekTotOnderzoekEntity {
  @PrimaryKey({ type: 'uuid', fieldName: 'dienst_id' }) dienstId!: string;
  @Property({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'uuid[]' }) kinderen!: string[];
  @Enum({ items: () => VerzoekGrond, array: true, type: 'text[]' }) gronden!: VerzoekGrond[];
  @Property({ type: 'text', fieldName: 'standpunt_ouders' }) standpuntOuders!: string;
  @Property({ type: 'Date', fieldName: 'ingediend_op' }) ingediendOp!: Date;
  @Property({ type: 'Date', fieldName: 'college_geinformeerd_op', nullable: true }) collegeGeinformeerdOp?: Date | null;
  @Enum({ items: () => RvdkBesluit, type: 'text', nullable: true }) besluit?: RvdkBesluit | null;
  @Property({ type: 'text', fieldName: 'besluit_reden', nullable: true }) besluitReden?: string | null;
  @Property({ type: 'Date', fieldName: 'besluit_op', nullable: true }) besluitOp?: Date | null;
}

/** A monitoring contact with the household (3, 12 and where needed 18 months after the follow-up started). */
@Entity({ tableName: 'monitoringcontact' })
export class MonitoringcontactEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'uuid', fieldName: 'termijn_id', nullable: true }) termijnId?: string | null;
  @Property({ type: 'date', fieldName: 'contact_op' }) contactOp!: string;
  @Enum({ items: () => MonitoringUitkomst, type: 'text' }) uitkomst!: MonitoringUitkomst;
  @Property({ type: 'text' }) toelichting!: string;
  @Property({ type: 'text', fieldName: 'vastgelegd_door' }) vastgelegdDoor!: string;
  @Property({ type: 'Date', fieldName: 'vastgelegd_op' }) vastgelegdOp!: Date;
}

/** One step of a casus through the process: the history the inspectorate and the privacy officer can follow. */
@Entity({ tableName: 'casus_overgang' })
export class CasusOvergangEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Enum({ items: () => CasusFase, type: 'text', nullable: true }) van?: CasusFase | null;
  @Enum({ items: () => CasusFase, type: 'text' }) naar!: CasusFase;
  /** When the step happened (the business date); `geregistreerdOp` is when it was typed in. */
  @Property({ type: 'Date' }) op!: Date;
  @Property({ type: 'Date', fieldName: 'geregistreerd_op', nullable: true }) geregistreerdOp?: Date | null;
  @Property({ type: 'text' }) door!: string;
  @Property({ type: 'text' }) verantwoordelijke!: string;
  @Property({ type: 'text', nullable: true }) toelichting?: string | null;
}
