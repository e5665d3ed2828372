import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A person known to one VT organisation. Personal data: every read is audited, and only the owning
 * region (and partners through a handover) may see it.
 */
@Entity({ tableName: 'persoon' })
export class PersoonEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = crypto.randomUUID();

  @Property({ type: 'text', fieldName: 'vt_organisatie' })
  vtOrganisatie!: string;

  @Property({ type: 'text', nullable: true })
  bsn?: string | null;

  @Property({ type: 'text', nullable: true })
  voornamen?: string | null;

  @Property({ type: 'text', nullable: true })
  achternaam?: string | null;

  @Property({ type: 'date', nullable: true })
  geboortedatum?: string | null;

  @Property({ type: 'text', nullable: true })
  straat?: string | null;

  @Property({ type: 'text', nullable: true })
  huisnummer?: string | null;

  @Property({ type: 'text', nullable: true })
  postcode?: string | null;

  @Property({ type: 'text', nullable: true })
  woonplaats?: string | null;

  @Property({ type: 'text', nullable: true })
  telefoon?: string | null;

  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Property({ type: 'Date', fieldName: 'aangemaakt_op' })
  aangemaaktOp!: Date;
}
