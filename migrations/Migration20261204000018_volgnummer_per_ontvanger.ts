import { Migration } from '@mikro-orm/migrations';

/**
 * The event feed's and webhooks' `volgnummer` per recipient (issue 11 point 6). It was one sequence across all
 * organisations, so the gaps a partner saw between its own events told it how much VT sends to others.
 * - The global sequence stays, renamed `volgorde`: internal only (the worker fans out in that order; old feed cursors
 *   are translated with it), never shown to a partner.
 * - `volgnummer` is now 1, 2, 3, ... per `ontvanger`, drawn from `gebeurtenis_teller` (one row per recipient) in the
 *   transaction that writes the event (src/gebeurtenissen/outbox.ts): gapless, and writers for different recipients
 *   do not wait for each other.
 * - Existing events are numbered per recipient in their existing order; each counter starts after the last of them.
 *
 * Stop the API and worker processes of the previous version before running it: their INSERT lacks `volgnummer`.
 */
export class Migration20261204000018_volgnummer_per_ontvanger extends Migration {
  override async up(): Promise<void> {
    // No event may be written while they are numbered (writers of the previous version would be refused anyway).
    this.addSql(`lock table gebeurtenis in exclusive mode;`);
    this.addSql(`alter table gebeurtenis rename column volgnummer to volgorde;`);
    this.addSql(`alter sequence gebeurtenis_volgnummer_seq rename to gebeurtenis_volgorde_seq;`);
    this.addSql(`alter table gebeurtenis rename constraint gebeurtenis_volgnummer_key to gebeurtenis_volgorde_key;`);
    this.addSql(`drop index gebeurtenis_ontvanger_idx;`);
    this.addSql(`alter table gebeurtenis add column volgnummer bigint;`);
    this.addSql(`
      update gebeurtenis g set volgnummer = n.nr
        from (select id, row_number() over (partition by ontvanger order by volgorde) as nr from gebeurtenis) n
       where n.id = g.id;`);
    this.addSql(
      `alter table gebeurtenis alter column volgnummer set not null, add constraint gebeurtenis_volgnummer_positief check (volgnummer > 0);`,
    );
    // The feed's query (ontvanger = ? and volgnummer > ? order by volgnummer), and a second write of one number refused.
    this.addSql(
      `alter table gebeurtenis add constraint gebeurtenis_ontvanger_volgnummer_uniek unique (ontvanger, volgnummer);`,
    );

    this.addSql(`
      create table gebeurtenis_teller (
        ontvanger text primary key references organisatie(code),
        laatste bigint not null check (laatste > 0)
      );`);
    this.addSql(
      `insert into gebeurtenis_teller (ontvanger, laatste) select ontvanger, max(volgnummer) from gebeurtenis group by ontvanger;`,
    );
    this.addSql(`grant select, insert, update on gebeurtenis_teller to ketenpoort_app;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table gebeurtenis_teller;`);
    this.addSql(`alter table gebeurtenis drop column volgnummer;`);
    this.addSql(`alter table gebeurtenis rename constraint gebeurtenis_volgorde_key to gebeurtenis_volgnummer_key;`);
    this.addSql(`alter sequence gebeurtenis_volgorde_seq rename to gebeurtenis_volgnummer_seq;`);
    this.addSql(`alter table gebeurtenis rename column volgorde to volgnummer;`);
    this.addSql(`create index gebeurtenis_ontvanger_idx on gebeurtenis (ontvanger, volgnummer);`);
  }
}
