import { Migration } from '@mikro-orm/migrations';

/**
 * The tijdelijk huisverbod (issue 16, item 1; DOMAIN.md §2, §9): src/huisverbod.
 *
 * - huisverbod: one row per huisverbod the burgemeester imposed, on a casus of the VT region; the person removed and
 *   those who stay are persons of that casus. It holds personal data (persons, RiHG reference, the conversations, the
 *   veiligheidsplan, the advice), so row-level security: the VT region; for reading, also the gemeente whose
 *   burgemeester imposed it and the police organisation that reported it (`ketenpoort.partner_organisatie`). A
 *   partner writes (the burgemeester's decision) only after the service found the row in its own scope and also
 *   admitted the VT region: the write check is the region's.
 *   The gemeente and the police each know the huisverbod by an id of their own (gemeente_id, politie_id), never VT's
 *   and never each other's.
 * - huisverbod_monitoringcontact: the contacts at 3, 12 and 18 months; the VT region only.
 * - termijn.huisverbod_id: the THV_* termijnen of a huisverbod; at most one open per kind.
 * Both tables: select, insert, update for ketenpoort_app; every right of the service role, and its policy
 * `dienst_zonder_scope` (migration 23), for ketenpoort_dienst.
 */
export class Migration20261205000028_huisverbod extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table huisverbod (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        casus_id uuid not null references casus(id),
        uithuisgeplaatste_id uuid not null references persoon(id),
        achterblijver_ids uuid[] not null check (cardinality(achterblijver_ids) between 1 and 20),
        gemeente text not null references organisatie(code),
        politie text references organisatie(code),
        gemeente_id uuid not null unique,
        politie_id uuid not null unique,
        politie_referentie text check (length(politie_referentie) <= 100),
        beschikking_kenmerk text check (length(beschikking_kenmerk) <= 100),
        rihg_referentie text not null check (length(rihg_referentie) between 1 and 100),
        opgelegd_op timestamptz not null,
        opgelegd_tot timestamptz not null,
        uiterlijk_tot timestamptz not null,
        advies_voor date not null,
        geregistreerd_op timestamptz not null,
        geregistreerd_door text not null,
        gesprek_uithuisgeplaatste_op date,
        gesprek_achterblijvers_op date,
        informatie_derden text,
        veiligheidsplan text,
        veiligheidsplan_op timestamptz,
        advies text check (advies in ('VERLENGEN','NIET_VERLENGEN')),
        advies_toelichting text,
        geadviseerd_op timestamptz,
        geadviseerd_door text,
        verlengd_tot timestamptz,
        verlengd_op timestamptz,
        verlengd_door text,
        ingetrokken_op timestamptz,
        ingetrokken_door text,
        check (opgelegd_tot > opgelegd_op and uiterlijk_tot >= opgelegd_tot),
        check (verlengd_tot is null or (verlengd_tot > opgelegd_tot and verlengd_tot <= uiterlijk_tot)),
        check ((advies is null) = (geadviseerd_op is null)),
        check ((verlengd_tot is null) = (verlengd_op is null)),
        check ((ingetrokken_op is null) = (ingetrokken_door is null))
      );`);
    this.addSql(`create index huisverbod_vt_idx on huisverbod (vt_organisatie, opgelegd_op desc, id desc);`);
    this.addSql(`create index huisverbod_casus_idx on huisverbod (casus_id);`);
    this.addSql(`create index huisverbod_gemeente_idx on huisverbod (gemeente, opgelegd_op desc, id desc);`);
    this.addSql(
      `create index huisverbod_politie_idx on huisverbod (politie, opgelegd_op desc, id desc) where politie is not null;`,
    );
    this.addSql(`
      create table huisverbod_monitoringcontact (
        id uuid primary key,
        huisverbod_id uuid not null references huisverbod(id),
        vt_organisatie text not null references organisatie(code),
        moment text not null check (moment in ('THV_MONITORING_3_MAANDEN','THV_MONITORING_12_MAANDEN','THV_MONITORING_18_MAANDEN')),
        contact_op date not null,
        uitkomst text not null check (uitkomst in ('VEILIG','ONVEILIG')),
        toelichting text,
        vastgelegd_op timestamptz not null,
        vastgelegd_door text not null,
        unique (huisverbod_id, moment)
      );`);

    this.addSql(`alter table huisverbod enable row level security;`);
    this.addSql(`alter table huisverbod force row level security;`);
    this.addSql(`create policy vt_of_partner on huisverbod
        using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true)
               or gemeente = current_setting('ketenpoort.partner_organisatie', true)
               or politie = current_setting('ketenpoort.partner_organisatie', true))
        with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true));`);
    this.addSql(`alter table huisverbod_monitoringcontact enable row level security;`);
    this.addSql(`alter table huisverbod_monitoringcontact force row level security;`);
    this.addSql(`create policy eigen_vt_organisatie on huisverbod_monitoringcontact
        using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true))
        with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true));`);
    for (const t of ['huisverbod', 'huisverbod_monitoringcontact']) {
      this.addSql(`grant select, insert, update on ${t} to ketenpoort_app;`);
      this.addSql(`grant select, insert, update, delete on ${t} to ketenpoort_dienst;`);
      this.addSql(`create policy dienst_zonder_scope on ${t} to ketenpoort_dienst using (true) with check (true);`);
    }

    this.addSql(
      `alter table termijn add column huisverbod_id uuid references huisverbod(id) deferrable initially deferred;`,
    );
    this.addSql(
      `create unique index termijn_huisverbod_open_uniek on termijn (huisverbod_id, soort) where huisverbod_id is not null and status = 'OPEN';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table termijn drop column huisverbod_id;`);
    this.addSql(`drop table huisverbod_monitoringcontact;`);
    this.addSql(`drop table huisverbod;`);
  }
}
