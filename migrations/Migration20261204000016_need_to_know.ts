import { Migration } from '@mikro-orm/migrations';

/**
 * Need-to-know inside a region and noodtoegang (issue 11, points 4 and 5).
 * - `casus.team`: the team a casus is assigned to, beside the behandelaar (`verantwoordelijke`). A VT medewerker reads
 *   a casus in full only as its behandelaar, as a member of its team, or under an active noodtoegang; the services put
 *   that condition in their SQL (src/casussen/casus-toegang.ts), so both columns get an index per region.
 * - `noodtoegang`: one emergency opening of a casus by an unassigned medewerker, with the stated reason, the moment it
 *   opened and when it expires (from the request clock plus NOODTOEGANG_MINUTEN), and the privacy officer's judgement.
 *   The reason may name persons, so the table has row-level security like the case tables (the region's own rows).
 *   Rows are never deleted: the judgement closes a row, it does not remove it.
 * - `persoon (vt_organisatie, lower(achternaam), geboortedatum)`: casusZoeken (and ZSM) look persons up by surname
 *   and date of birth.
 */
export class Migration20261204000016_need_to_know extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table casus add column team text check (team ~ '^[A-Za-z0-9_.-]{1,64}$');`);
    this.addSql(`create index casus_vt_verantwoordelijke_idx on casus (vt_organisatie, verantwoordelijke);`);
    this.addSql(`create index casus_vt_team_idx on casus (vt_organisatie, team) where team is not null;`);
    this.addSql(
      `create index persoon_vt_naam_geboorte_idx on persoon (vt_organisatie, lower(achternaam), geboortedatum) where achternaam is not null;`,
    );

    this.addSql(`
      create table noodtoegang (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        casus_id uuid not null references casus(id),
        medewerker text not null check (length(medewerker) between 1 and 255),
        medewerker_naam text,
        reden text not null check (length(reden) between 1 and 2000),
        geopend_op timestamptz not null,
        verloopt_op timestamptz not null,
        oordeel text check (oordeel in ('GERECHTVAARDIGD', 'NIET_GERECHTVAARDIGD')),
        oordeel_toelichting text check (length(oordeel_toelichting) between 1 and 2000),
        beoordeeld_door text,
        beoordeeld_op timestamptz,
        check (verloopt_op > geopend_op),
        check ((oordeel is null) = (beoordeeld_op is null) and (oordeel is null) = (beoordeeld_door is null) and (oordeel is null) = (oordeel_toelichting is null))
      );`);
    this.addSql(
      `create index noodtoegang_casus_medewerker_idx on noodtoegang (casus_id, medewerker, verloopt_op desc);`,
    );
    this.addSql(
      `create index noodtoegang_vt_wachtrij_idx on noodtoegang (vt_organisatie, (oordeel is not null), geopend_op desc, id desc);`,
    );
    this.addSql(
      `create index noodtoegang_vt_medewerker_idx on noodtoegang (vt_organisatie, medewerker, geopend_op desc);`,
    );
    this.addSql(`grant select, insert, update on noodtoegang to ketenpoort_app;`);
    this.addSql(`alter table noodtoegang enable row level security;`);
    this.addSql(`alter table noodtoegang force row level security;`);
    this.addSql(`create policy eigen_vt_organisatie on noodtoegang
        using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true))
        with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists noodtoegang;`);
    this.addSql(`drop index if exists persoon_vt_naam_geboorte_idx;`);
    this.addSql(`drop index if exists casus_vt_team_idx;`);
    this.addSql(`drop index if exists casus_vt_verantwoordelijke_idx;`);
    this.addSql(`alter table casus drop column team;`);
  }
}
