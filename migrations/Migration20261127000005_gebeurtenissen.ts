import { Migration } from '@mikro-orm/migrations';

/**
 * The outbox of the partner gateway (issue 4): every event for a partner organisation (an offer made, a reminder,
 * an expiry, a withdrawal, a Handle with Care signal, ...) is written here in the same transaction as the change
 * that causes it, and delivered by the worker. An event carries ids and its type only, never content: the partner
 * fetches content through GraphQL under its own policy. `volgnummer` is the cursor a partner uses to fetch every
 * event since the last one it saw.
 */
export class Migration20261127000005_gebeurtenissen extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table gebeurtenis (
        id uuid primary key,
        volgnummer bigserial not null unique,
        ontvanger text not null references organisatie(code),
        type text not null check (type ~ '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$'),
        object_type text not null,
        object_id text not null,
        vt_organisatie text references organisatie(code),
        aangemaakt_op timestamptz not null
      );`);
    this.addSql(`create index gebeurtenis_ontvanger_idx on gebeurtenis (ontvanger, volgnummer);`);
    this.addSql(`grant select, insert on gebeurtenis to ketenpoort_app;`);
    this.addSql(`grant usage on sequence gebeurtenis_volgnummer_seq to ketenpoort_app;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table gebeurtenis;`);
  }
}
