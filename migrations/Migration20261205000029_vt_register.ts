import { Migration } from '@mikro-orm/migrations';

/**
 * The VT register check (issue 16.3, "that, not what"): which VT organisation is or was involved with a person, and
 * nothing else.
 * - `vt_register`: per VT organisation and person one row: a keyed hash of the BSN (HMAC, key VT_REGISTER_SLEUTEL;
 *   the BSN itself is not stored here), the organisation's own persoon id, the first and last day of involvement and
 *   whether a casus is open. Written at intake and closing, under the region's own row-level security.
 * - `vt_register_treffers(hashes)`: the one path across regions. SECURITY DEFINER (it runs as the owner, which the
 *   table's RLS does not bind: enabled, not forced), only the rows of OTHER organisations than the caller's scope
 *   (`ketenpoort.vt_organisatie`, required), only the columns above. Nothing of a casus, melding or person is reachable.
 * - `vt_register_signaal`: the notification to the known organisation B that a melding in A concerns one of its
 *   persons (B's persoon ids; A's code; when). Any region may insert one for another (it tells B only that A asked),
 *   only B reads it.
 * - `organisatie.contact`: the contact point a treffer names (empty: the national number of Veilig Thuis).
 */
export class Migration20261205000029_vt_register extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table organisatie add column if not exists contact text;`);
    this.addSql(`
      create table vt_register (
        vt_organisatie text not null references organisatie(code),
        bsn_hash text not null check (bsn_hash ~ '^[0-9a-f]{64}$'),
        persoon_id uuid not null references persoon(id),
        eerst_betrokken date not null,
        laatst_betrokken date not null,
        lopend boolean not null,
        primary key (vt_organisatie, bsn_hash)
      );`);
    this.addSql(`create index vt_register_hash_idx on vt_register (bsn_hash);`);
    this.addSql(`grant select, insert, update on vt_register to ketenpoort_app;`);
    this.addSql(`alter table vt_register enable row level security;`);
    this.addSql(`create policy eigen_vt_organisatie on vt_register
        using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true))
        with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true));`);
    this.addSql(
      `create policy dienst_zonder_scope on vt_register to ketenpoort_dienst using (true) with check (true);`,
    );

    this.addSql(`
      create function vt_register_treffers(hashes text[])
      returns table (bsn_hash text, vt_organisatie text, persoon_id uuid, eerst_betrokken date, laatst_betrokken date, lopend boolean)
      language sql stable security definer set search_path = public, pg_temp as $$
        select r.bsn_hash, r.vt_organisatie, r.persoon_id, r.eerst_betrokken, r.laatst_betrokken, r.lopend
          from vt_register r
         where r.bsn_hash = any(hashes)
           and coalesce(current_setting('ketenpoort.vt_organisatie', true), '') <> ''
           and r.vt_organisatie <> current_setting('ketenpoort.vt_organisatie', true)
      $$;`);
    this.addSql(`revoke all on function vt_register_treffers(text[]) from public;`);
    this.addSql(`grant execute on function vt_register_treffers(text[]) to ketenpoort_app, ketenpoort_dienst;`);

    this.addSql(`
      create table vt_register_signaal (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        van_organisatie text not null references organisatie(code),
        persoon_ids uuid[] not null,
        aangemaakt_op timestamptz not null,
        check (vt_organisatie <> van_organisatie)
      );`);
    this.addSql(`create index vt_register_signaal_idx on vt_register_signaal (vt_organisatie, aangemaakt_op desc);`);
    this.addSql(`grant select, insert on vt_register_signaal to ketenpoort_app;`);
    this.addSql(`alter table vt_register_signaal enable row level security;`);
    this.addSql(`alter table vt_register_signaal force row level security;`);
    this.addSql(`create policy eigen_vt_organisatie on vt_register_signaal for select
        using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true));`);
    this.addSql(`create policy melden on vt_register_signaal for insert
        with check (van_organisatie = current_setting('ketenpoort.vt_organisatie', true));`);
    this.addSql(
      `create policy dienst_zonder_scope on vt_register_signaal to ketenpoort_dienst using (true) with check (true);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists vt_register_signaal;`);
    this.addSql(`drop function if exists vt_register_treffers(text[]);`);
    this.addSql(`drop table if exists vt_register;`);
    this.addSql(`alter table organisatie drop column if exists contact;`);
  }
}
