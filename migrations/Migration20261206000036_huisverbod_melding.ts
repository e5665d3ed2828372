import { Migration } from '@mikro-orm/migrations';

/**
 * The police report a tijdelijk huisverbod (issue 16, item 1: "police report it"): src/huisverbod/huisverbod.melding.ts.
 *
 * - huisverbod_melding: one row per huisverbod a police organisation reports, before VT has it on a casus. The VT
 *   region follows from the gemeente whose burgemeester imposed it. It names the persons as the police know them
 *   (BSN, names, date of birth), so row-level security: the VT region, and for reading and for its own insert the
 *   police organisation that reported it (`ketenpoort.partner_organisatie`). VT links it once, when it registers the
 *   huisverbod on a casus (huisverbod_id, unique). A linked report is part of that huisverbod's dossier: destroying the
 *   huisverbod (migration 34's vernietiging) deletes it with it (on delete cascade).
 * Select, insert, update for ketenpoort_app; every right of the service role, and its policy `dienst_zonder_scope`
 * (migration 23), for ketenpoort_dienst.
 */
export class Migration20261206000036_huisverbod_melding extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table huisverbod_melding (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        politie text not null references organisatie(code),
        gemeente text not null references organisatie(code),
        politie_referentie text not null check (length(politie_referentie) between 1 and 100),
        beschikking_kenmerk text check (length(beschikking_kenmerk) <= 100),
        rihg_referentie text not null check (length(rihg_referentie) between 1 and 100),
        opgelegd_op timestamptz not null,
        opgelegd_tot timestamptz not null,
        uithuisgeplaatste jsonb not null,
        achterblijvers jsonb not null check (jsonb_array_length(achterblijvers) between 1 and 20),
        gemeld_op timestamptz not null,
        gemeld_door text not null,
        huisverbod_id uuid unique references huisverbod(id) on delete cascade,
        gekoppeld_op timestamptz,
        check ((huisverbod_id is null) = (gekoppeld_op is null)),
        unique (politie, politie_referentie)
      );`);
    this.addSql(
      `create index huisverbod_melding_vt_idx on huisverbod_melding (vt_organisatie, gemeld_op desc, id desc);`,
    );
    this.addSql(
      `create index huisverbod_melding_politie_idx on huisverbod_melding (politie, gemeld_op desc, id desc);`,
    );
    this.addSql(`alter table huisverbod_melding enable row level security;`);
    this.addSql(`alter table huisverbod_melding force row level security;`);
    this.addSql(`create policy vt_of_politie on huisverbod_melding
        using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true)
               or politie = current_setting('ketenpoort.partner_organisatie', true))
        with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true)
               or politie = current_setting('ketenpoort.partner_organisatie', true));`);
    this.addSql(`grant select, insert, update on huisverbod_melding to ketenpoort_app;`);
    this.addSql(`grant select, insert, update, delete on huisverbod_melding to ketenpoort_dienst;`);
    this.addSql(
      `create policy dienst_zonder_scope on huisverbod_melding to ketenpoort_dienst using (true) with check (true);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table huisverbod_melding;`);
  }
}
