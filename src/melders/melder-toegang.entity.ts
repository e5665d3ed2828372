import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';

/**
 * An access VT issued to the melder of one melding (migration 31). Only the SHA-256 hash of the secret is stored: the
 * secret itself is shown once, to the VT worker who issues it, and cannot be recovered from the database.
 */
@Entity({ tableName: 'melder_toegang' })
export class MelderToegangEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'uuid', fieldName: 'melding_id' }) meldingId!: string;
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'text', fieldName: 'geheim_hash' }) geheimHash!: string;
  @Property({ type: 'Date', fieldName: 'uitgegeven_op' }) uitgegevenOp!: Date;
  @Property({ type: 'text', fieldName: 'uitgegeven_door' }) uitgegevenDoor!: string;
  @Property({ type: 'Date', fieldName: 'geldig_tot' }) geldigTot!: Date;
  @Property({ type: 'Date', fieldName: 'ingetrokken_op', nullable: true }) ingetrokkenOp?: Date | null;
  @Property({ type: 'text', fieldName: 'ingetrokken_door', nullable: true }) ingetrokkenDoor?: string | null;
}

/** Whether the melder adds something new or corrects what they said earlier. */
export enum AanvullingSoort {
  AANVULLING = 'AANVULLING',
  CORRECTIE = 'CORRECTIE',
}
registerEnumType(AanvullingSoort, {
  name: 'AanvullingSoort',
  description:
    'AANVULLING: iets nieuws; CORRECTIE: een verbetering van wat eerder gemeld is (het origineel blijft bewaard).',
});

/** What the melder added to or corrected in their melding. Append-only: the original text is never changed. */
@Entity({ tableName: 'melding_aanvulling' })
export class MeldingAanvullingEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'uuid', fieldName: 'melding_id' }) meldingId!: string;
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Enum({ items: () => AanvullingSoort, type: 'text' }) soort!: AanvullingSoort;
  @Property({ type: 'text' }) tekst!: string;
  @Property({ type: 'Date', fieldName: 'ingediend_op' }) ingediendOp!: Date;
  @Property({ type: 'uuid', fieldName: 'toegang_id' }) toegangId!: string;
}
