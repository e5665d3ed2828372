import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One imported dossier: the source system's id, the casus it became and a fingerprint of what was loaded, so that a
 * re-run changes nothing and a changed dossier under the same id is refused rather than loaded twice.
 */
@Entity({ tableName: 'historie_import' })
export class HistorieImportEntity {
  @PrimaryKey({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @PrimaryKey({ type: 'text', fieldName: 'bron_id' }) bronId!: string;
  @Property({ type: 'uuid', fieldName: 'casus_id' }) casusId!: string;
  /** SHA-256 of the dossier's content in a canonical form (keys sorted). */
  @Property({ type: 'text' }) vingerafdruk!: string;
  @Property({ type: 'Date', fieldName: 'geimporteerd_op' }) geimporteerdOp!: Date;
  @Property({ type: 'text', fieldName: 'geimporteerd_door' }) geimporteerdDoor!: string;
}
