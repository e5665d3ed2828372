import { Migration } from '@mikro-orm/migrations';

/**
 * Drops `audit_vt_tijd_idx` (vt_organisatie, tijdstip desc, id desc) from audit_gebeurtenis. Since migration 17 the
 * privacy officer's view filters on the responsible organisation, `coalesce(vt_organisatie, organisatie)`, which
 * `audit_verantwoordelijke_idx` serves; no query leads with `vt_organisatie` alone (the copy for a data subject,
 * rechten/afschrift.ts, selects by person or melding through the GIN and object indexes). Every read of personal data
 * writes a row to this table, so each index is paid on the hottest write path of the service (issue 14: the audit
 * INSERT was most of what the guards cost a read).
 */
export class Migration20261206000039_audit_index extends Migration {
  override up(): void {
    this.addSql(`drop index if exists audit_vt_tijd_idx;`);
  }

  override down(): void {
    this.addSql(`create index audit_vt_tijd_idx on audit_gebeurtenis (vt_organisatie, tijdstip desc, id desc);`);
  }
}
