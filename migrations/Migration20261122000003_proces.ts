import { Migration } from '@mikro-orm/migrations';

/** Tables holding case content: row-level security per VT organisation, as for the foundation's case tables. */
const ZAAKTABELLEN = [
  'advies',
  'casus',
  'casus_persoon',
  'veiligheidsbeoordeling',
  'dienst',
  'onderzoek_uitkomst',
  'veiligheidsafspraak',
  'verzoek_tot_onderzoek',
  'monitoringcontact',
  'casus_overgang',
] as const;

/**
 * The statutory VT process (issue 3): adviezen, casussen (one per household) with their transitions and
 * diensten, veiligheidsbeoordelingen, termijnen and the notifications the worker writes.
 *
 * Foreign keys between the new tables are DEFERRABLE INITIALLY DEFERRED: the entities link by id (no ORM
 * relations), so MikroORM's unit of work may insert a termijn before its casus within one flush; the
 * database checks the references at commit.
 *
 * termijn and notificatie hold no personal data (ids, dates, kinds, worker ids) and are read across regions by
 * the worker's reconciler, so they carry vt_organisatie for the services' scoping but no row-level security.
 */
export class Migration20261122000003_proces extends Migration {
  override async up(): Promise<void> {
    const fasen = `'VEILIGHEIDSBEOORDELING','OVERDRACHT','VOORWAARDEN_EN_VERVOLG','ONDERZOEK','VERZOEK_TOT_ONDERZOEK','GEEN_VERVOLG','MONITORING','AFGESLOTEN'`;
    this.addSql(`
      create table casus (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        fase text not null check (fase in (${fasen})),
        verantwoordelijke text,
        geopend_op timestamptz not null,
        vervolg_gestart_op date,
        gesloten_op timestamptz,
        afsluitreden text,
        versie integer not null default 1,
        check ((fase = 'AFGESLOTEN') = (gesloten_op is not null))
      );`);
    this.addSql(`create index casus_vt_fase_idx on casus (vt_organisatie, fase);`);
    this.addSql(`
      create table casus_persoon (
        casus_id uuid not null references casus(id) on delete cascade deferrable initially deferred,
        persoon_id uuid not null references persoon(id) deferrable initially deferred,
        vt_organisatie text not null references organisatie(code),
        primary key (casus_id, persoon_id)
      );`);
    this.addSql(`create index casus_persoon_persoon_idx on casus_persoon (persoon_id);`);

    this.addSql(`
      create table advies (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        ontvangen_op timestamptz not null,
        kanaal text not null,
        hoedanigheid_adviesvrager text not null check (hoedanigheid_adviesvrager in ('BEROEPSMATIG','NIET_BEROEPSMATIG')),
        organisatie_adviesvrager text not null,
        aard_geweld text[] not null check (cardinality(aard_geweld) > 0),
        omschrijving text not null check (length(omschrijving) between 1 and 20000),
        client_anoniem boolean not null,
        status text not null check (status in ('OPEN','AFGEROND','OMGEZET_IN_MELDING')),
        melding_id uuid references melding(id) deferrable initially deferred,
        geregistreerd_door text not null,
        geregistreerd_op timestamptz not null,
        afgerond_op timestamptz,
        check ((status = 'OMGEZET_IN_MELDING') = (melding_id is not null))
      );`);
    this.addSql(`create index advies_vt_ontvangen_idx on advies (vt_organisatie, ontvangen_op desc, id desc);`);

    this.addSql(`
      alter table melding
        add column casus_id uuid references casus(id) deferrable initially deferred,
        add column eerdere_betrokkenheid text not null default 'NIET_INGEDEELD' check (eerdere_betrokkenheid in
          ('EERSTE_MELDING','HERMELDING','VERVOLGMELDING_TIJDENS_BEOORDELING','VERVOLGMELDING_NA_BEOORDELING',
           'VERVOLGMELDING_TIJDENS_MONITORING','NIET_INGEDEELD')),
        add column ambtshalve boolean not null default false,
        add column advies_id uuid references advies(id) deferrable initially deferred,
        add column politie_organisatie text references organisatie(code),
        add column politie_referentie text check (politie_referentie ~ '^[A-Za-z0-9._/-]{1,64}$'),
        add column verantwoordelijke text,
        add check ((politie_organisatie is null) = (politie_referentie is null));`);
    this.addSql(
      `create unique index melding_politie_referentie_uniq on melding (politie_organisatie, politie_referentie) where politie_referentie is not null;`,
    );
    this.addSql(`create index melding_casus_idx on melding (casus_id);`);

    this.addSql(`
      create table veiligheidsbeoordeling (
        melding_id uuid primary key references melding(id) deferrable initially deferred,
        vt_organisatie text not null references organisatie(code),
        casus_id uuid not null references casus(id) deferrable initially deferred,
        taxatie text not null check (taxatie in ('ACUTE_ONVEILIGHEID','STRUCTURELE_ONVEILIGHEID','GEEN_ONVEILIGHEID','ONBEKEND')),
        uitkomst text not null check (uitkomst in ('VERVOLGSTAPPEN_BIJ_VEILIG_THUIS','OVERDRACHT','GEEN_VERVOLGSTAPPEN','INZET_REGIONAAL_MAATWERK')),
        vervolg text,
        toelichting text not null check (length(toelichting) between 1 and 10000),
        beoordeeld_op timestamptz not null,
        beoordeeld_door text not null,
        binnen_termijn boolean not null
      );`);
    this.addSql(`alter table melding add column acuut boolean not null default false;`);

    this.addSql(`
      create table dienst (
        id uuid primary key,
        casus_id uuid not null references casus(id) deferrable initially deferred,
        vt_organisatie text not null references organisatie(code),
        soort text not null check (soort in ('OVERDRACHT','VOORWAARDEN_EN_VERVOLG','ONDERZOEK','VERZOEK_TOT_ONDERZOEK','MONITORING')),
        gestart_op timestamptz not null,
        beeindigd_op timestamptz,
        uitkomst text,
        voortijdig_afgesloten boolean not null default false,
        verantwoordelijke text not null,
        ontvangende_partij text,
        contact_bevestigd_op date,
        check ((beeindigd_op is null) = (uitkomst is null))
      );`);
    this.addSql(
      `create unique index dienst_een_lopend_per_soort on dienst (casus_id, soort) where beeindigd_op is null;`,
    );
    this.addSql(`
      create table onderzoek_uitkomst (
        dienst_id uuid not null references dienst(id) deferrable initially deferred,
        vt_organisatie text not null references organisatie(code),
        aard_geweld text not null,
        uitkomst text not null check (uitkomst in ('BEVESTIGD','NIET_BEVESTIGD','WEERLEGD')),
        primary key (dienst_id, aard_geweld)
      );`);
    this.addSql(`
      create table veiligheidsafspraak (
        id uuid primary key,
        casus_id uuid not null references casus(id) deferrable initially deferred,
        dienst_id uuid references dienst(id) deferrable initially deferred,
        vt_organisatie text not null references organisatie(code),
        omschrijving text not null check (length(omschrijving) between 1 and 2000),
        partijen text[] not null check (cardinality(partijen) > 0),
        overeengekomen_op date not null,
        vastgelegd_door text not null,
        vastgelegd_op timestamptz not null
      );`);
    this.addSql(`
      create table verzoek_tot_onderzoek (
        dienst_id uuid primary key references dienst(id) deferrable initially deferred,
        casus_id uuid not null references casus(id) deferrable initially deferred,
        vt_organisatie text not null references organisatie(code),
        kinderen uuid[] not null check (cardinality(kinderen) > 0),
        gronden text[] not null check (cardinality(gronden) > 0),
        standpunt_ouders text not null check (length(standpunt_ouders) between 1 and 10000),
        ingediend_op timestamptz not null,
        college_geinformeerd_op timestamptz,
        besluit text check (besluit in ('GEACCEPTEERD','AFGEWEZEN')),
        besluit_reden text,
        besluit_op timestamptz
      );`);
    this.addSql(`
      create table monitoringcontact (
        id uuid primary key,
        casus_id uuid not null references casus(id) deferrable initially deferred,
        vt_organisatie text not null references organisatie(code),
        termijn_id uuid,
        contact_op date not null,
        uitkomst text not null check (uitkomst in ('VEILIG_STABIEL','ONVEILIG')),
        toelichting text not null check (length(toelichting) between 1 and 10000),
        vastgelegd_door text not null,
        vastgelegd_op timestamptz not null
      );`);
    this.addSql(`
      create table casus_overgang (
        id uuid primary key,
        casus_id uuid not null references casus(id) deferrable initially deferred,
        vt_organisatie text not null references organisatie(code),
        van text,
        naar text not null,
        op timestamptz not null,
        door text not null,
        verantwoordelijke text not null,
        toelichting text
      );`);
    this.addSql(`create index casus_overgang_casus_idx on casus_overgang (casus_id, op);`);

    this.addSql(`
      create table termijn (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        casus_id uuid not null references casus(id) deferrable initially deferred,
        melding_id uuid references melding(id) deferrable initially deferred,
        dienst_id uuid references dienst(id) deferrable initially deferred,
        soort text not null,
        startdatum date not null,
        vervaldatum date not null,
        vervalt_op timestamptz not null,
        herinner_op timestamptz not null,
        status text not null check (status in ('OPEN','VOLDAAN','GEANNULEERD')),
        afgehandeld_op timestamptz,
        verantwoordelijke text,
        check ((status = 'OPEN') = (afgehandeld_op is null))
      );`);
    this.addSql(`create index termijn_open_idx on termijn (vt_organisatie, vervalt_op) where status = 'OPEN';`);
    this.addSql(`create index termijn_casus_idx on termijn (casus_id);`);
    this.addSql(`
      create table notificatie (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        termijn_id uuid not null references termijn(id) deferrable initially deferred,
        soort text not null check (soort in ('HERINNERING','ESCALATIE')),
        ontvanger text,
        ontvanger_rol text not null,
        aangemaakt_op timestamptz not null,
        gelezen_op timestamptz,
        unique (termijn_id, soort)
      );`);
    this.addSql(`create index notificatie_vt_idx on notificatie (vt_organisatie, aangemaakt_op desc);`);

    this.addSql(`grant select, insert, update on ${ZAAKTABELLEN.join(', ')}, termijn, notificatie to ketenpoort_app;`);
    for (const tabel of ZAAKTABELLEN) {
      this.addSql(`alter table ${tabel} enable row level security;`);
      this.addSql(`alter table ${tabel} force row level security;`);
      this.addSql(`create policy eigen_vt_organisatie on ${tabel}
          using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true))
          with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true));`);
    }
  }

  override async down(): Promise<void> {
    for (const t of [
      'notificatie',
      'termijn',
      'casus_overgang',
      'monitoringcontact',
      'verzoek_tot_onderzoek',
      'veiligheidsafspraak',
      'onderzoek_uitkomst',
    ]) {
      this.addSql(`drop table if exists ${t};`);
    }
    this.addSql(`drop table if exists veiligheidsbeoordeling;`);
    this
      .addSql(`alter table melding drop column casus_id, drop column eerdere_betrokkenheid, drop column ambtshalve, drop column advies_id,
      drop column politie_organisatie, drop column politie_referentie, drop column verantwoordelijke, drop column acuut;`);
    for (const t of ['dienst', 'advies', 'casus_persoon', 'casus']) this.addSql(`drop table if exists ${t};`);
  }
}
