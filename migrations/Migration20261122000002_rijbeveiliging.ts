import { Migration } from '@mikro-orm/migrations';

const ZAAKTABELLEN = ['persoon', 'melding', 'melder', 'betrokkene'] as const;

/**
 * Row-level security as defence in depth (ARCHITECTURE.md §2): case tables are readable only for the
 * VT organisation named in the transaction setting `ketenpoort.vt_organisatie`, by the role
 * `ketenpoort_app` that services switch to (src/lib/regio.ts). Policies compare a plain column with
 * current_setting(), so they become index conditions (reference/performance-security.md B7).
 * The login user must be a member of ketenpoort_app; this migration grants that to whoever runs it.
 */
export class Migration20261122000002_rijbeveiliging extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$ begin
        if not exists (select 1 from pg_roles where rolname = 'ketenpoort_app') then create role ketenpoort_app nologin; end if;
      end $$;`);
    this.addSql(
      `do $$ begin execute format('grant ketenpoort_app to %I', current_user); exception when others then null; end $$;`,
    );

    // Denormalise the tenant onto every case table so each policy is a single-column comparison.
    for (const tabel of ['melder', 'betrokkene']) {
      this.addSql(`alter table ${tabel} add column vt_organisatie text references organisatie(code);`);
      this.addSql(`update ${tabel} t set vt_organisatie = m.vt_organisatie from melding m where m.id = t.melding_id;`);
      this.addSql(`alter table ${tabel} alter column vt_organisatie set not null;`);
    }

    this.addSql(`grant usage on schema public to ketenpoort_app;`);
    this.addSql(`grant select on organisatie to ketenpoort_app;`);
    this.addSql(`grant select, insert, update on ${ZAAKTABELLEN.join(', ')} to ketenpoort_app;`);
    this.addSql(`grant select, insert on audit_gebeurtenis to ketenpoort_app;`);
    this.addSql(`grant usage on sequence audit_gebeurtenis_id_seq to ketenpoort_app;`);

    for (const tabel of ZAAKTABELLEN) {
      this.addSql(`alter table ${tabel} enable row level security;`);
      this.addSql(`alter table ${tabel} force row level security;`);
      this.addSql(`create policy eigen_vt_organisatie on ${tabel}
          using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true))
          with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true));`);
    }
  }

  override async down(): Promise<void> {
    for (const tabel of ZAAKTABELLEN) {
      this.addSql(`drop policy if exists eigen_vt_organisatie on ${tabel};`);
      this.addSql(`alter table ${tabel} no force row level security;`);
      this.addSql(`alter table ${tabel} disable row level security;`);
    }
    for (const tabel of ['melder', 'betrokkene']) this.addSql(`alter table ${tabel} drop column vt_organisatie;`);
  }
}
