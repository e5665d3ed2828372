import { Migration } from '@mikro-orm/migrations';

/** The append-only audit tables: the service role may read and append, nothing else. */
export const AUDITTABELLEN = ['audit_gebeurtenis', 'audit_zegel'] as const;

/**
 * Database roles (issue 12): migrations run under an owner role; the API and worker log in as a role that owns
 * nothing, and reach the tables through `ketenpoort_dienst`, a nologin role created here.
 * - `ketenpoort_dienst` may select, insert, update and delete on every table and view of the schema (their normal
 *   work), use every sequence, read the migration table (the API checks that nothing is pending), and switch to
 *   `ketenpoort_app`, `ketenpoort_ververser` and `ketenpoort_analist` (row-level security and the analysis roles).
 * - On the audit tables it may only select and insert: it cannot update, delete or truncate rows, and, owning
 *   nothing, it cannot alter the tables or disable the append-only trigger (PostgreSQL allows that to the owner only).
 * - Row-level security stays as it was with a superuser login: as itself the service role passes the policies
 *   (`dienst_zonder_scope`), after `set role ketenpoort_app` the tenant policies apply. A later table with RLS needs
 *   the same policy.
 * - Tables created later by the migrating role get the same grants by default (`alter default privileges`); a later
 *   append-only table must revoke update and delete explicitly, as done here for the audit tables.
 * The login role itself is made by the operator (README, "Databaserollen"); the embedded default and the tests
 * create `ketenpoort_api` and grant it `ketenpoort_dienst`.
 *
 * `audit_verificatie`: a privacy officer's request to verify the hash chain, worked off by the worker in bounded
 * steps (src/audit/audit-verificatie.ts). It holds the walk's position, so a verification survives a restart.
 */
export class Migration20261204000023_rollen_en_auditanker extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$ begin
        if not exists (select 1 from pg_roles where rolname = 'ketenpoort_dienst') then create role ketenpoort_dienst nologin; end if;
      exception when duplicate_object or unique_violation then null;
      end $$;`);
    // Roles are shared by every database of the server: a concurrent migration elsewhere may grant the same at once.
    this.addSql(`do $$ begin grant ketenpoort_app, ketenpoort_ververser, ketenpoort_analist to ketenpoort_dienst;
      exception when sqlstate 'XX000' then null;
      end $$;`);
    this.addSql(`grant usage on schema public to ketenpoort_dienst;`);

    this.addSql(`
      create table audit_verificatie (
        id uuid primary key,
        -- Order of the requests (times come from the injected clock and may be equal).
        volgorde bigint generated always as identity unique,
        vt_organisatie text not null references organisatie(code),
        aangevraagd_door text not null,
        aangevraagd_op timestamptz not null,
        status text not null check (status in ('WACHTEND', 'BEZIG', 'KLAAR')),
        positie_volgnummer bigint not null default 0,
        positie_hash bytea not null,
        gecontroleerd bigint not null default 0,
        gestart_op timestamptz,
        voltooid_op timestamptz,
        intact boolean,
        ongezegeld bigint,
        kop_hash bytea,
        breuk_volgnummer bigint,
        breuk_reden text,
        breuk_audit_id bigint,
        breuk_vt_organisatie text,
        checkpoint_status text,
        checkpoint_volgnummer bigint,
        checkpoint_tijdstip timestamptz
      );`);
    this.addSql(`create index audit_verificatie_open_idx on audit_verificatie (volgorde) where status <> 'KLAAR';`);
    this.addSql(`create index audit_verificatie_vt_idx on audit_verificatie (vt_organisatie, volgorde desc);`);

    const audit = AUDITTABELLEN.map((t) => `'${t}'`).join(', ');
    this.addSql(`do $$ declare r record; begin
        for r in select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
                  where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm') loop
          if r.relname in (${audit}) then
            execute format('grant select, insert on %I to ketenpoort_dienst', r.relname);
          elsif r.relname = 'mikro_orm_migraties' or r.relkind = 'm' then
            execute format('grant select on %I to ketenpoort_dienst', r.relname);
          else
            execute format('grant select, insert, update, delete on %I to ketenpoort_dienst', r.relname);
          end if;
        end loop;
      end $$;`);
    this.addSql(`grant usage, select on all sequences in schema public to ketenpoort_dienst;`);
    // Row-level security: until now the login was a superuser, which passes every policy; services confine
    // themselves by switching to ketenpoort_app (where the tenant policies apply). The service role keeps exactly
    // that: as itself it passes (this policy), as ketenpoort_app (no member of ketenpoort_dienst) it does not.
    this.addSql(`do $$ declare r record; begin
        for r in select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                  where n.nspname = 'public' and c.relrowsecurity loop
          execute format('create policy dienst_zonder_scope on %I to ketenpoort_dienst using (true) with check (true)', r.relname);
        end loop;
      end $$;`);
    for (const t of AUDITTABELLEN) {
      // Whatever was granted to PUBLIC or the service role before, nobody but the owner may change audit rows.
      this.addSql(
        `revoke update, delete, truncate, references, trigger on ${t} from public, ketenpoort_dienst, ketenpoort_app;`,
      );
    }
    this.addSql(
      `alter default privileges in schema public grant select, insert, update, delete on tables to ketenpoort_dienst;`,
    );
    this.addSql(`alter default privileges in schema public grant usage, select on sequences to ketenpoort_dienst;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter default privileges in schema public revoke all on tables from ketenpoort_dienst;`);
    this.addSql(`alter default privileges in schema public revoke all on sequences from ketenpoort_dienst;`);
    this.addSql(`drop table if exists audit_verificatie;`);
    this.addSql(`do $$ declare r record; begin
        for r in select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                  where n.nspname = 'public' and c.relrowsecurity loop
          execute format('drop policy if exists dienst_zonder_scope on %I', r.relname);
        end loop;
      end $$;`);
    this.addSql(`revoke all on all tables in schema public from ketenpoort_dienst;`);
    this.addSql(`revoke all on all sequences in schema public from ketenpoort_dienst;`);
    this.addSql(`revoke usage on schema public from ketenpoort_dienst;`);
  }
}
