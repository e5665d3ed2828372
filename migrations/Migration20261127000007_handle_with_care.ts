import { Migration } from '@mikro-orm/migrations';

/**
 * Handle with Care (DOMAIN.md §4.6): after a police call-out at a home with a child, VT tells the child's school the
 * child's name, date of birth and the codeword, before lessons start on the next school day.
 *
 * - hwc_signaal holds no personal data (ids, school code, dates, status): the worker reads it across regions to
 *   escalate, so it has no row-level security; services scope it by VT organisation or school.
 * - hwc_signaal_inhoud holds the three data items the school may see, copied when the signal is made (the signal
 *   is a message: what was sent stays what was sent). Row-level security: the owning VT organisation, or the
 *   addressed school (setting ketenpoort.partner_organisatie, src/lib/ketenscope.ts).
 * - hwc_escalatie: one row per signal not acknowledged by its deadline, for the VT teamleider (primary key = signal,
 *   so a job that runs twice writes one row).
 * - organisatie.schoolvakantieregio: a school's own school-holiday region where it differs from its VT region's.
 */
export class Migration20261127000007_handle_with_care extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table organisatie add column schoolvakantieregio text check (schoolvakantieregio in ('noord','midden','zuid'));`,
    );
    this.addSql(`
      create table hwc_signaal (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        casus_id uuid not null references casus(id),
        persoon_id uuid not null references persoon(id),
        school text not null references organisatie(code),
        incidentdatum date not null,
        grondslag text not null check (length(grondslag) between 1 and 500),
        schoolvakantieregio text not null check (schoolvakantieregio in ('noord','midden','zuid')),
        aangemaakt_op timestamptz not null,
        aangemaakt_door text not null,
        leveren_voor timestamptz not null,
        toegang_tot timestamptz not null,
        gebeurtenis_id uuid,
        bevestigd_op timestamptz,
        bevestigd_door text,
        ingetrokken_op timestamptz,
        ingetrokken_door text,
        intrekkingsreden text,
        check ((bevestigd_op is null) = (bevestigd_door is null)),
        check ((ingetrokken_op is null) = (ingetrokken_door is null))
      );`);
    // One live signal per child, school and incident day: creating it again returns the existing one.
    this.addSql(
      `create unique index hwc_signaal_uniek on hwc_signaal (persoon_id, school, incidentdatum) where ingetrokken_op is null;`,
    );
    this.addSql(`create index hwc_signaal_school_idx on hwc_signaal (school, leveren_voor, id);`);
    this.addSql(`create index hwc_signaal_vt_idx on hwc_signaal (vt_organisatie, leveren_voor, id);`);
    this.addSql(
      `create index hwc_signaal_bewaking_idx on hwc_signaal (leveren_voor) where bevestigd_op is null and ingetrokken_op is null;`,
    );

    this.addSql(`
      create table hwc_signaal_inhoud (
        signaal_id uuid primary key references hwc_signaal(id) deferrable initially deferred,
        vt_organisatie text not null references organisatie(code),
        ontvanger text not null references organisatie(code),
        voornamen text,
        achternaam text,
        geboortedatum date not null
      );`);
    this.addSql(`alter table hwc_signaal_inhoud enable row level security;`);
    this.addSql(`alter table hwc_signaal_inhoud force row level security;`);
    this.addSql(`create policy vt_of_ontvanger on hwc_signaal_inhoud
        using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true) or ontvanger = current_setting('ketenpoort.partner_organisatie', true))
        with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true));`);

    this.addSql(`
      create table hwc_escalatie (
        signaal_id uuid primary key references hwc_signaal(id),
        vt_organisatie text not null references organisatie(code),
        ontvanger_rol text not null,
        aangemaakt_op timestamptz not null,
        gelezen_op timestamptz
      );`);
    this.addSql(`create index hwc_escalatie_vt_idx on hwc_escalatie (vt_organisatie, aangemaakt_op desc);`);
    this.addSql(`grant select, insert, update on hwc_signaal, hwc_signaal_inhoud, hwc_escalatie to ketenpoort_app;`);
  }

  override async down(): Promise<void> {
    for (const t of ['hwc_escalatie', 'hwc_signaal_inhoud', 'hwc_signaal']) this.addSql(`drop table if exists ${t};`);
    this.addSql(`alter table organisatie drop column schoolvakantieregio;`);
  }
}
