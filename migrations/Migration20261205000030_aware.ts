import { Migration } from '@mikro-orm/migrations';

/**
 * Aware (issue 16, item 2; DOMAIN.md §5, §9): src/aware.
 *
 * - aware_aanvraag: one application for an AWARE alarm for a victim (a person of a casus of the VT region), submitted
 *   to the region's indication committee (an organisation of kind ZORG_EN_VEILIGHEIDSHUIS), decided by it, then
 *   installed, extended and ended by VT. Personal data (the victim, VT's grounds), so row-level security: the VT
 *   region; for reading, also the committee it was submitted to (`ketenpoort.partner_organisatie`), and only once it
 *   was submitted (a draft is VT's alone). The committee writes its decision only after the service found the row in
 *   its own scope and also admitted the VT region: the write check is the region's.
 *   The committee knows the application by an id of its own (commissie_id), never VT's.
 * - termijn.aware_aanvraag_id: the AWARE_* termijnen of an application; at most one open per kind.
 */
export class Migration20261205000030_aware extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table aware_aanvraag (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        casus_id uuid not null references casus(id),
        slachtoffer_id uuid not null references persoon(id),
        commissie text not null references organisatie(code),
        commissie_id uuid not null unique,
        status text not null check (status in ('AANGEVRAAGD','IN_BEHANDELING_COMMISSIE','TOEGEKEND','AFGEWEZEN',
          'ACTIEF','VERLENGD','BEEINDIGD')),
        dreiging text not null check (dreiging in ('STALKING','EX_PARTNER','EERGERELATEERD','ZEDEN','ANDERS')),
        onderbouwing text not null check (length(onderbouwing) between 1 and 10000),
        aangevraagd_op timestamptz not null,
        aangevraagd_door text not null,
        ingediend_op timestamptz,
        besluit_voor date,
        besluit text check (besluit in ('TOEGEKEND','AFGEWEZEN')),
        besluit_motivering text,
        besloten_op timestamptz,
        besloten_door text,
        periode_maanden int check (periode_maanden between 1 and 12),
        geinstalleerd_op date,
        einddatum date,
        verlengingen int not null default 0,
        beeindigd_op timestamptz,
        beeindigd_reden text,
        check ((besluit is null) = (besloten_op is null)),
        check ((besluit is null) = (besluit_motivering is null)),
        check ((besluit = 'TOEGEKEND') = (periode_maanden is not null)),
        check ((geinstalleerd_op is null) = (einddatum is null)),
        check (status = 'AANGEVRAAGD' or ingediend_op is not null)
      );`);
    this.addSql(`create index aware_aanvraag_vt_idx on aware_aanvraag (vt_organisatie, aangevraagd_op desc, id desc);`);
    this.addSql(`create index aware_aanvraag_casus_idx on aware_aanvraag (casus_id);`);
    this.addSql(
      `create index aware_aanvraag_commissie_idx on aware_aanvraag (commissie, aangevraagd_op desc, commissie_id desc);`,
    );
    this.addSql(`alter table aware_aanvraag enable row level security;`);
    this.addSql(`alter table aware_aanvraag force row level security;`);
    this.addSql(`create policy vt_of_commissie on aware_aanvraag
        using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true)
               or (commissie = current_setting('ketenpoort.partner_organisatie', true) and ingediend_op is not null))
        with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true));`);
    this.addSql(`grant select, insert, update on aware_aanvraag to ketenpoort_app;`);
    this.addSql(`grant select, insert, update, delete on aware_aanvraag to ketenpoort_dienst;`);
    this.addSql(
      `create policy dienst_zonder_scope on aware_aanvraag to ketenpoort_dienst using (true) with check (true);`,
    );
    this.addSql(
      `alter table termijn add column aware_aanvraag_id uuid references aware_aanvraag(id) deferrable initially deferred;`,
    );
    this.addSql(
      `create unique index termijn_aware_open_uniek on termijn (aware_aanvraag_id, soort) where aware_aanvraag_id is not null and status = 'OPEN';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table termijn drop column aware_aanvraag_id;`);
    this.addSql(`drop table aware_aanvraag;`);
  }
}
