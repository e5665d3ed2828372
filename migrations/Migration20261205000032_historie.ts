import { Migration } from '@mikro-orm/migrations';

/**
 * History and imports (issue 16.6): a region that adopts Ketenpoort brings years of files.
 * - `casus.geregistreerd_op`, `casus_overgang.geregistreerd_op`, `veiligheidsbeoordeling.geregistreerd_op`: when the
 *   step was typed in, beside the business date (`geopend_op`, `op`, `beoordeeld_op`) on which it happened.
 * - `termijn.historisch`: a termijn that had already ended when an import loaded it. No reminder or escalation is
 *   planned or written for it and it does not count as overdue now; the analyst still counts it in its month.
 * - `historie_import`: one row per imported dossier (region, the source system's id, a fingerprint of its content),
 *   so a re-run changes nothing and a changed dossier under the same id is refused.
 * - `ONBEKEND` for the hoedanigheid of melder and adviesvrager: published figures have melders of unknown kind.
 */
export class Migration20261205000032_historie extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table casus add column geregistreerd_op timestamptz;`);
    this.addSql(`alter table casus_overgang add column geregistreerd_op timestamptz;`);
    this.addSql(`alter table veiligheidsbeoordeling add column geregistreerd_op timestamptz;`);
    this.addSql(`alter table termijn add column historisch boolean not null default false;`);

    this.addSql(`alter table melding add constraint melding_hoedanigheid_melder_check
        check (hoedanigheid_melder in ('BEROEPSMATIG','NIET_BEROEPSMATIG','ONBEKEND'));`);
    this.addSql(`alter table advies drop constraint if exists advies_hoedanigheid_adviesvrager_check;`);
    this.addSql(`alter table advies add constraint advies_hoedanigheid_adviesvrager_check
        check (hoedanigheid_adviesvrager in ('BEROEPSMATIG','NIET_BEROEPSMATIG','ONBEKEND'));`);

    this.addSql(`
      create table historie_import (
        vt_organisatie text not null references organisatie(code),
        bron_id text not null check (length(bron_id) between 1 and 200),
        casus_id uuid not null references casus(id),
        vingerafdruk text not null check (vingerafdruk ~ '^[0-9a-f]{64}$'),
        geimporteerd_op timestamptz not null,
        geimporteerd_door text not null,
        primary key (vt_organisatie, bron_id)
      );`);
    this.addSql(`alter table historie_import enable row level security;`);
    this.addSql(`alter table historie_import force row level security;`);
    this.addSql(`create policy eigen_vt_organisatie on historie_import
        using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true))
        with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true));`);
    this.addSql(`grant select, insert on historie_import to ketenpoort_app;`);
    this.addSql(`grant select, insert, update, delete on historie_import to ketenpoort_dienst;`);
    this.addSql(
      `create policy dienst_zonder_scope on historie_import to ketenpoort_dienst using (true) with check (true);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table historie_import;`);
    this.addSql(`alter table advies drop constraint if exists advies_hoedanigheid_adviesvrager_check;`);
    this.addSql(`alter table advies add constraint advies_hoedanigheid_adviesvrager_check
        check (hoedanigheid_adviesvrager in ('BEROEPSMATIG','NIET_BEROEPSMATIG'));`);
    this.addSql(`alter table melding drop constraint melding_hoedanigheid_melder_check;`);
    this.addSql(`alter table termijn drop column historisch;`);
    this.addSql(`alter table veiligheidsbeoordeling drop column geregistreerd_op;`);
    this.addSql(`alter table casus_overgang drop column geregistreerd_op;`);
    this.addSql(`alter table casus drop column geregistreerd_op;`);
  }
}
