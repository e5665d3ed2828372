import { Migration } from '@mikro-orm/migrations';

/**
 * The half-yearly CBS delivery (issue 16.7): one file per VT organisation and half year, built by the worker after the
 * half year ends (src/analyse/cbs-levering.ts). Aggregates only (no personal data), so no row-level security; the
 * service scopes every read to the caller's own VT organisation. The primary key makes the file one of a kind.
 */
export class Migration20261205000027_cbs_levering extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table cbs_levering (
        vt_organisatie text not null references organisatie(code),
        halfjaar text not null check (halfjaar ~ '^[0-9]{4}-[12]$'),
        inhoud text not null,
        sha256 text not null,
        regels integer not null,
        opgebouwd_op timestamptz not null,
        primary key (vt_organisatie, halfjaar)
      );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists cbs_levering;`);
  }
}
