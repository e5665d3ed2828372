import { Migration } from '@mikro-orm/migrations';

/**
 * Melders (issue 16.5): the melder reads and supplements their own melding and reads the feedback owed to them.
 * - `melder_toegang`: an access VT issues for one melding. Only the SHA-256 hash of the random secret is stored, with
 *   its expiry and revocation. Under the region's row-level security like every case table.
 * - `melder_toegang_zoek(hash)`: the one path from a secret to its access before any scope is known (the melder has no
 *   organisation of their own). SECURITY DEFINER, exact match on the hash only: whoever can call it with the right hash
 *   already holds the secret. Returns no case content.
 * - `melding_aanvulling`: what the melder adds or corrects. Append-only for the application: the original melding text
 *   is never changed, so the history (what, when, by which access) stays complete.
 */
export class Migration20261205000031_melders extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table melder_toegang (
        id uuid primary key,
        melding_id uuid not null references melding(id) on delete cascade,
        vt_organisatie text not null references organisatie(code),
        geheim_hash text not null unique check (geheim_hash ~ '^[0-9a-f]{64}$'),
        uitgegeven_op timestamptz not null,
        uitgegeven_door text not null,
        geldig_tot timestamptz not null,
        ingetrokken_op timestamptz,
        ingetrokken_door text
      );`);
    this.addSql(`create index melder_toegang_melding_idx on melder_toegang (melding_id);`);
    this.addSql(`
      create table melding_aanvulling (
        id uuid primary key,
        melding_id uuid not null references melding(id) on delete cascade,
        vt_organisatie text not null references organisatie(code),
        soort text not null check (soort in ('AANVULLING','CORRECTIE')),
        tekst text not null,
        ingediend_op timestamptz not null,
        toegang_id uuid not null references melder_toegang(id)
      );`);
    this.addSql(`create index melding_aanvulling_melding_idx on melding_aanvulling (melding_id, ingediend_op, id);`);
    for (const t of ['melder_toegang', 'melding_aanvulling']) {
      this.addSql(`alter table ${t} enable row level security;`);
      // melder_toegang: enabled, not forced, so the SECURITY DEFINER lookup below (running as the owner) can read it.
      if (t === 'melding_aanvulling') this.addSql(`alter table ${t} force row level security;`);
      this.addSql(`create policy eigen_vt_organisatie on ${t}
          using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true))
          with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true));`);
      this.addSql(`grant select, insert, update, delete on ${t} to ketenpoort_dienst;`);
      this.addSql(`create policy dienst_zonder_scope on ${t} to ketenpoort_dienst using (true) with check (true);`);
    }
    this.addSql(`grant select, insert, update on melder_toegang to ketenpoort_app;`);
    // Append-only: a correction is a new row, never an edit of an earlier one.
    this.addSql(`grant select, insert on melding_aanvulling to ketenpoort_app;`);

    this.addSql(`
      create function melder_toegang_zoek(hash text)
      returns table (id uuid, melding_id uuid, vt_organisatie text, geldig_tot timestamptz, ingetrokken_op timestamptz)
      language sql stable security definer set search_path = public, pg_temp as $$
        select t.id, t.melding_id, t.vt_organisatie, t.geldig_tot, t.ingetrokken_op
          from melder_toegang t
         where t.geheim_hash = hash
      $$;`);
    this.addSql(`revoke all on function melder_toegang_zoek(text) from public;`);
    this.addSql(`grant execute on function melder_toegang_zoek(text) to ketenpoort_app, ketenpoort_dienst;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists melder_toegang_zoek(text);`);
    this.addSql(`drop table if exists melding_aanvulling;`);
    this.addSql(`drop table if exists melder_toegang;`);
  }
}
