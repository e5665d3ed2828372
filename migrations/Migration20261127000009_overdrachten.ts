import { Migration } from '@mikro-orm/migrations';

/**
 * Warme overdracht (issue 4): VT offers a casus, or part of it (chosen persons, with or without the
 * veiligheidsafspraken), to a partner organisation; the partner accepts or declines before a deadline, confirms the
 * person-to-person contact and reports the outcome. A Verzoek tot Onderzoek to the Raad voor de Kinderbescherming
 * is an overdracht of its own kind; the gemeente (college) is told only that it was made.
 *
 * Row-level security: VT staff of the owning region (`ketenpoort.vt_organisatie`) or the addressed partner
 * organisation (`ketenpoort.partner_organisatie`, set by the partner services in their transactions). The termijn
 * of the partner's response is a termijn row of kind OVERDRACHT_REACTIE linked here by overdracht_id.
 */
export class Migration20261127000009_overdrachten extends Migration {
  override async up(): Promise<void> {
    const statussen = `'AANGEBODEN','ONTVANGEN','GEACCEPTEERD','AFGEWEZEN','VERLOPEN','INGETROKKEN','CONTACT_BEVESTIGD','AFGEROND'`;
    this.addSql(`
      create table overdracht (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        casus_id uuid not null references casus(id),
        soort text not null check (soort in ('WARME_OVERDRACHT','GI_OVERDRACHT','VERZOEK_TOT_ONDERZOEK')),
        ontvanger text not null references organisatie(code),
        gemeente text references organisatie(code),
        status text not null check (status in (${statussen})),
        persoon_ids uuid[] not null check (cardinality(persoon_ids) between 1 and 30),
        met_veiligheidsafspraken boolean not null,
        toelichting text not null,
        grondslag text not null,
        grondslag_toelichting text,
        aangeboden_op timestamptz not null,
        aangeboden_door text not null,
        reageren_voor timestamptz not null,
        ontvangen_op timestamptz,
        besluit_op timestamptz,
        besluit_door text,
        afwijzing_reden text,
        afwijzing_toelichting text,
        contact_op date,
        contact_vt_persoon text,
        contact_partner_persoon text,
        afgerond_op timestamptz,
        uitkomst text,
        uitkomst_toelichting text,
        beeindigd_op timestamptz,
        beeindiging_reden text,
        versie integer not null default 1
      );`);
    // One live offer per casus and partner at a time.
    this.addSql(`create unique index overdracht_een_lopende_idx on overdracht (casus_id, ontvanger)
                 where status in ('AANGEBODEN','ONTVANGEN','GEACCEPTEERD','CONTACT_BEVESTIGD');`);
    this.addSql(`create index overdracht_ontvanger_idx on overdracht (ontvanger, status, reageren_voor, id);`);
    this.addSql(`create index overdracht_casus_idx on overdracht (casus_id);`);
    this.addSql(
      `create index overdracht_gemeente_idx on overdracht (gemeente, aangeboden_op) where gemeente is not null;`,
    );

    this.addSql(`
      create table monitoring_input (
        id uuid primary key,
        overdracht_id uuid not null references overdracht(id),
        vt_organisatie text not null references organisatie(code),
        ontvanger text not null references organisatie(code),
        termijn_id uuid references termijn(id),
        gevraagd_op timestamptz not null,
        gegeven_op timestamptz,
        gegeven_door text,
        veilig boolean,
        toelichting text,
        check ((gegeven_op is null) = (veilig is null))
      );`);
    this.addSql(`create unique index monitoring_input_termijn_idx on monitoring_input (overdracht_id, termijn_id);`);

    this.addSql(
      `alter table termijn add column overdracht_id uuid references overdracht(id) deferrable initially deferred;`,
    );
    this.addSql(`create index termijn_overdracht_idx on termijn (overdracht_id) where overdracht_id is not null;`);

    for (const tabel of ['overdracht', 'monitoring_input']) {
      this.addSql(`alter table ${tabel} enable row level security;`);
      this.addSql(`alter table ${tabel} force row level security;`);
      this.addSql(`create policy vt_of_ontvanger on ${tabel}
          using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true) or ontvanger = current_setting('ketenpoort.partner_organisatie', true))
          with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true) or ontvanger = current_setting('ketenpoort.partner_organisatie', true));`);
      this.addSql(`grant select, insert, update on ${tabel} to ketenpoort_app;`);
    }
    // The gemeente (college) may read that a Verzoek tot Onderzoek was made about a household of its own; the
    // service selects nothing else of the row.
    this.addSql(`create policy gemeente_leest on overdracht for select
        using (gemeente = current_setting('ketenpoort.partner_organisatie', true));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table termijn drop column overdracht_id;`);
    this.addSql(`drop table monitoring_input;`);
    this.addSql(`drop table overdracht;`);
  }
}
