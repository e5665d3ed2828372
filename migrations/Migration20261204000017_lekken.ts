import { Migration } from '@mikro-orm/migrations';

/**
 * Leaks found in review (issue 11, point 6):
 * - A withdrawal carries a code for the partner (`intrekking_reden`) and VT's own explanation for VT only
 *   (`intrekking_toelichting`); the free-text `beeindiging_reden` the partner could read is gone. Existing rows: the
 *   system's fixed text for a closed casus becomes CASUS_AFGESLOTEN, any other withdrawal ANDERS with VT's text kept as
 *   its explanation; the fixed texts of the other endings said nothing the status does not.
 * - The college's notification of a Verzoek tot Onderzoek is a row with its own id (`verzoek_tot_onderzoek_melding`):
 *   the gemeente no longer holds the overdracht's id, and no longer reads overdracht rows at all. Existing
 *   notifications get their row, and their events point at it.
 * - Every audit record belongs to the privacy officer of `coalesce(vt_organisatie, organisatie)`: the VT region of the
 *   object where there is one, else the acting organisation. An expression index serves that scope; the records and
 *   their canonical (hashed) form are unchanged.
 *
 * The backfills run with row-level security briefly not forced: the owner running migrations is subject to the
 * policies otherwise (force row level security), and would see no rows.
 */
export class Migration20261204000017_lekken extends Migration {
  override async up(): Promise<void> {
    const redenen = `'ANDERE_PARTNER','NIET_MEER_NODIG','FOUT_GEADRESSEERD','CASUS_AFGESLOTEN','ORGANISATIE_GEDEACTIVEERD','ANDERS'`;
    this.addSql(`alter table overdracht no force row level security;`);
    this.addSql(`alter table overdracht
        add column intrekking_reden text check (intrekking_reden in (${redenen})),
        add column intrekking_toelichting text;`);
    this.addSql(`update overdracht
        set intrekking_reden = case when beeindiging_reden = 'De casus is door Veilig Thuis afgesloten.' then 'CASUS_AFGESLOTEN' else 'ANDERS' end,
            intrekking_toelichting = case when beeindiging_reden = 'De casus is door Veilig Thuis afgesloten.' then null else beeindiging_reden end
        where status = 'INGETROKKEN';`);
    this.addSql(`alter table overdracht drop column beeindiging_reden;`);
    this.addSql(
      `alter table overdracht add constraint overdracht_intrekking_bij_ingetrokken check ((status = 'INGETROKKEN') = (intrekking_reden is not null));`,
    );

    this.addSql(`
      create table verzoek_tot_onderzoek_melding (
        id uuid primary key,
        gemeente text not null references organisatie(code),
        vt_organisatie text not null references organisatie(code),
        overdracht_id uuid not null unique references overdracht(id),
        gedaan_op timestamptz not null
      );`);
    this.addSql(
      `create index verzoek_tot_onderzoek_melding_gemeente_idx on verzoek_tot_onderzoek_melding (gemeente, gedaan_op desc, id desc);`,
    );
    this.addSql(`alter table verzoek_tot_onderzoek_melding enable row level security;`);
    this.addSql(`create policy vt_of_gemeente on verzoek_tot_onderzoek_melding
        using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true) or gemeente = current_setting('ketenpoort.partner_organisatie', true))
        with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true));`);
    this.addSql(`grant select, insert on verzoek_tot_onderzoek_melding to ketenpoort_app;`);
    // Existing notifications (the owner is not yet subject to the policy: it is forced after the backfill).
    this.addSql(`insert into verzoek_tot_onderzoek_melding (id, gemeente, vt_organisatie, overdracht_id, gedaan_op)
        select gen_random_uuid(), gemeente, vt_organisatie, id, aangeboden_op from overdracht where gemeente is not null;`);
    this.addSql(`update gebeurtenis g set object_id = m.id::text
        from verzoek_tot_onderzoek_melding m
        where g.type = 'verzoek-tot-onderzoek.gedaan' and g.ontvanger = m.gemeente and g.object_id = m.overdracht_id::text;`);
    this.addSql(`alter table verzoek_tot_onderzoek_melding force row level security;`);
    // The gemeente reads its notification rows, never the overdracht (which says who, to whom and about which casus).
    this.addSql(`drop policy gemeente_leest on overdracht;`);
    this.addSql(`alter table overdracht force row level security;`);

    this.addSql(
      `create index audit_verantwoordelijke_idx on audit_gebeurtenis ((coalesce(vt_organisatie, organisatie)), tijdstip desc, id desc);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index audit_verantwoordelijke_idx;`);
    this.addSql(`alter table overdracht no force row level security;`);
    this.addSql(`alter table verzoek_tot_onderzoek_melding no force row level security;`);
    this.addSql(
      `create policy gemeente_leest on overdracht for select using (gemeente = current_setting('ketenpoort.partner_organisatie', true));`,
    );
    this.addSql(`update gebeurtenis g set object_id = m.overdracht_id::text from verzoek_tot_onderzoek_melding m
        where g.type = 'verzoek-tot-onderzoek.gedaan' and g.object_id = m.id::text;`);
    this.addSql(`drop table verzoek_tot_onderzoek_melding;`);
    this.addSql(`alter table overdracht drop constraint overdracht_intrekking_bij_ingetrokken;`);
    this.addSql(`alter table overdracht add column beeindiging_reden text;`);
    this.addSql(
      `update overdracht set beeindiging_reden = coalesce(intrekking_toelichting, intrekking_reden) where status = 'INGETROKKEN';`,
    );
    this.addSql(`alter table overdracht drop column intrekking_reden, drop column intrekking_toelichting;`);
    this.addSql(`alter table overdracht force row level security;`);
  }
}
