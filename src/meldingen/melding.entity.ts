import {
  Cascade,
  Collection,
  Entity,
  Enum,
  ManyToOne,
  OneToMany,
  OneToOne,
  PrimaryKey,
  Property,
} from '@mikro-orm/core';

import { PersoonEntity } from '../personen/persoon.entity';
import {
  AardGeweld,
  Anonimiteit,
  BetrokkeneRol,
  DuurGeweld,
  EerdereBetrokkenheid,
  HoedanigheidMelder,
  Kanaal,
  OrganisatieMelder,
} from './cbs-categorieen';

/** A melding received by one VT organisation. Case content: visible to that organisation only. */
@Entity({ tableName: 'melding' })
export class MeldingEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = crypto.randomUUID();

  @Property({ type: 'text', fieldName: 'vt_organisatie' })
  vtOrganisatie!: string;

  @Property({ type: 'Date', fieldName: 'ontvangen_op' })
  ontvangenOp!: Date;

  @Enum({ items: () => Kanaal, type: 'text' })
  kanaal!: Kanaal;

  @Enum({ items: () => AardGeweld, array: true, type: 'text[]', fieldName: 'aard_geweld' })
  aardGeweld: AardGeweld[] = [];

  @Enum({ items: () => DuurGeweld, type: 'text', fieldName: 'duur_geweld' })
  duurGeweld!: DuurGeweld;

  @Property({ type: 'text' })
  omschrijving!: string;

  @Enum({ items: () => HoedanigheidMelder, type: 'text', fieldName: 'hoedanigheid_melder' })
  hoedanigheidMelder!: HoedanigheidMelder;

  @Enum({ items: () => OrganisatieMelder, type: 'text', fieldName: 'organisatie_melder' })
  organisatieMelder!: OrganisatieMelder;

  @Property({ type: 'text', fieldName: 'geregistreerd_door' })
  geregistreerdDoor!: string;

  @Property({ type: 'Date', fieldName: 'geregistreerd_op' })
  geregistreerdOp!: Date;

  /** The casus (household) this melding belongs to; set in the registering transaction. */
  @Property({ type: 'uuid', fieldName: 'casus_id', nullable: true })
  casusId?: string | null;

  @Enum({ items: () => EerdereBetrokkenheid, type: 'text', fieldName: 'eerdere_betrokkenheid' })
  eerdereBetrokkenheid: EerdereBetrokkenheid = EerdereBetrokkenheid.NIET_INGEDEELD;

  /** Acute: the veiligheidsbeoordeling is due the same day. */
  @Property({ type: 'boolean' })
  acuut = false;

  /** VT made this melding on its own initiative (ambtshalve), e.g. from an advies. */
  @Property({ type: 'boolean' })
  ambtshalve = false;

  @Property({ type: 'uuid', fieldName: 'advies_id', nullable: true })
  adviesId?: string | null;

  /** Police meldingen: the submitting police organisation and its own reference (unique together). */
  @Property({ type: 'text', fieldName: 'politie_organisatie', nullable: true })
  politieOrganisatie?: string | null;

  @Property({ type: 'text', fieldName: 'politie_referentie', nullable: true })
  politieReferentie?: string | null;

  /** CBS gemeente code (GMnnnn) of the first betrokkene's woonplaats, for the analysis (migration 10); null = unknown. */
  @Property({ type: 'text', nullable: true })
  gemeente?: string | null;

  @Property({ type: 'text', nullable: true })
  verantwoordelijke?: string | null;

  @OneToOne(() => MelderEntity, (m) => m.melding, { nullable: true, cascade: [Cascade.PERSIST] })
  melder?: MelderEntity | null;

  @OneToMany(() => BetrokkeneEntity, (b) => b.melding, { cascade: [Cascade.PERSIST], orderBy: { volgorde: 'asc' } })
  betrokkenen = new Collection<BetrokkeneEntity>(this);
}

/**
 * The melder, kept apart from the melding: the "protected part of the system" (DOMAIN.md §4.2).
 * Identity fields are empty for a dubbel anonieme melder.
 */
@Entity({ tableName: 'melder' })
export class MelderEntity {
  @OneToOne(() => MeldingEntity, { owner: true, primary: true, fieldName: 'melding_id', deleteRule: 'cascade' })
  melding!: MeldingEntity;

  /** Tenant, repeated from the melding so row-level security is a single-column check. */
  @Property({ type: 'text', fieldName: 'vt_organisatie' })
  vtOrganisatie!: string;

  @Enum({ items: () => Anonimiteit, type: 'text' })
  anonimiteit!: Anonimiteit;

  @Property({ type: 'boolean', fieldName: 'toestemming_bekendmaking' })
  toestemmingBekendmaking = false;

  @Property({ type: 'text', nullable: true })
  naam?: string | null;

  @Property({ type: 'text', nullable: true })
  telefoon?: string | null;

  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Property({ type: 'text', nullable: true })
  functie?: string | null;

  @Property({ type: 'text', nullable: true })
  werkgever?: string | null;
}

/** A person's involvement in a melding, with one or more roles. */
@Entity({ tableName: 'betrokkene' })
export class BetrokkeneEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = crypto.randomUUID();

  @ManyToOne(() => MeldingEntity, { fieldName: 'melding_id', deleteRule: 'cascade' })
  melding!: MeldingEntity;

  @ManyToOne(() => PersoonEntity, { fieldName: 'persoon_id', eager: false })
  persoon!: PersoonEntity;

  /** Tenant, repeated from the melding so row-level security is a single-column check. */
  @Property({ type: 'text', fieldName: 'vt_organisatie' })
  vtOrganisatie!: string;

  @Enum({ items: () => BetrokkeneRol, array: true, type: 'text[]' })
  rollen: BetrokkeneRol[] = [];

  @Property({ type: 'smallint' })
  volgorde!: number;
}
