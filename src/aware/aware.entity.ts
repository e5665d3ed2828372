import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * An application for an AWARE alarm (DOMAIN.md §5, §9.1 `AwareCase`): a personal alarm with a direct link to the
 * police, for a victim of serious stalking or threat. VT coordinates it for a victim of a casus of its region; the
 * region's indication committee decides. Row-level security: the VT region, and the committee once it was submitted;
 * which fields each sees is the privacy policy's (aware.beleid.ts).
 */
@Entity({ tableName: 'aware_aanvraag' })
export class AwareAanvraagEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  /** The victim who would carry the alarm (a person of the casus). */
  @Property({ type: 'uuid', fieldName: 'slachtoffer_id' }) slachtofferId!: string;
  /** The indication committee (organisation code). */
  @Property({ type: 'text' }) commissie!: string;
  /** The committee's own id of the application: VT's id never leaves VT. */
  @Property({ type: 'uuid', fieldName: 'commissie_id' }) commissieId: string = crypto.randomUUID();
  @Property({ type: 'text' }) status!: string;
  @Property({ type: 'text' }) dreiging!: string;
  /** VT's grounds for the committee: what it needs to decide, nothing more of the casus. */
  @Property({ type: 'text' }) onderbouwing!: string;
  @Property({ type: 'Date', fieldName: 'aangevraagd_op' }) aangevraagdOp!: Date;
  @Property({ type: 'text', fieldName: 'aangevraagd_door' }) aangevraagdDoor!: string;
  @Property({ type: 'Date', fieldName: 'ingediend_op', nullable: true }) ingediendOp?: Date | null;
  /** The day the committee's decision is due (AWARE_BESLUIT). */
  @Property({ type: 'date', fieldName: 'besluit_voor', nullable: true }) besluitVoor?: string | null;
  @Property({ type: 'text', nullable: true }) besluit?: string | null;
  @Property({ type: 'text', fieldName: 'besluit_motivering', nullable: true }) besluitMotivering?: string | null;
  @Property({ type: 'Date', fieldName: 'besloten_op', nullable: true }) beslotenOp?: Date | null;
  @Property({ type: 'text', fieldName: 'besloten_door', nullable: true }) beslotenDoor?: string | null;
  /** The period the committee granted, in months from installation. */
  @Property({ type: 'integer', fieldName: 'periode_maanden', nullable: true }) periodeMaanden?: number | null;
  @Property({ type: 'date', fieldName: 'geinstalleerd_op', nullable: true }) geinstalleerdOp?: string | null;
  @Property({ type: 'date', nullable: true }) einddatum?: string | null;
  @Property({ type: 'integer' }) verlengingen: number = 0;
  @Property({ type: 'Date', fieldName: 'beeindigd_op', nullable: true }) beeindigdOp?: Date | null;
  @Property({ type: 'text', fieldName: 'beeindigd_reden', nullable: true }) beeindigdReden?: string | null;
}
