import { Migration } from '@mikro-orm/migrations';

/**
 * The foundation: organisations (tenants and partners), persons, meldingen with melder and betrokkenen,
 * and the NEN 7513 audit trail. The audit tables are append-only, enforced here: any UPDATE, DELETE or
 * TRUNCATE on them raises an error, whoever runs it (only disabling the trigger, which the hash chain
 * then exposes, gets around it).
 */
export class Migration20261122000001_fundament extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table organisatie (
        code text primary key check (code ~ '^[A-Z0-9][A-Z0-9_-]{1,39}$'),
        naam text not null,
        soort text not null check (soort in ('VEILIG_THUIS','WIJKTEAM','GECERTIFICEERDE_INSTELLING','RAAD_VOOR_DE_KINDERBESCHERMING',
          'POLITIE','OPENBAAR_MINISTERIE','SCHOOL','ZORG_EN_VEILIGHEIDSHUIS','GEMEENTE','LANDELIJK')),
        regio_codes text[] not null default '{}',
        actief boolean not null default true
      );`);

    this.addSql(`
      create table persoon (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        bsn text check (bsn ~ '^[0-9]{9}$'),
        voornamen text,
        achternaam text,
        geboortedatum date,
        straat text,
        huisnummer text,
        postcode text,
        woonplaats text,
        telefoon text,
        email text,
        aangemaakt_op timestamptz not null
      );`);
    this.addSql(`create index persoon_vt_bsn_idx on persoon (vt_organisatie, bsn) where bsn is not null;`);

    this.addSql(`
      create table melding (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        ontvangen_op timestamptz not null,
        kanaal text not null,
        aard_geweld text[] not null check (cardinality(aard_geweld) > 0),
        duur_geweld text not null,
        omschrijving text not null check (length(omschrijving) between 1 and 20000),
        hoedanigheid_melder text not null,
        organisatie_melder text not null,
        geregistreerd_door text not null,
        geregistreerd_op timestamptz not null
      );`);
    this.addSql(`create index melding_vt_ontvangen_idx on melding (vt_organisatie, ontvangen_op desc, id desc);`);

    this.addSql(`
      create table melder (
        melding_id uuid primary key references melding(id) on delete cascade,
        anonimiteit text not null check (anonimiteit in ('OPEN','ANONIEM_NAAR_GEZIN','DUBBEL_ANONIEM')),
        toestemming_bekendmaking boolean not null default false,
        naam text, telefoon text, email text, functie text, werkgever text,
        check (anonimiteit <> 'DUBBEL_ANONIEM' or (naam is null and telefoon is null and email is null))
      );`);

    this.addSql(`
      create table betrokkene (
        id uuid primary key,
        melding_id uuid not null references melding(id) on delete cascade,
        persoon_id uuid not null references persoon(id),
        rollen text[] not null check (cardinality(rollen) > 0),
        volgorde smallint not null,
        unique (melding_id, persoon_id)
      );`);
    this.addSql(`create index betrokkene_persoon_idx on betrokkene (persoon_id);`);
    this.addSql(`create index betrokkene_melding_idx on betrokkene (melding_id, volgorde);`);

    // NEN 7513 audit trail. inhoud_hash is the SHA-256 of the canonical record (see src/audit/audit-inhoud.ts),
    // computed by the application at insert; the seal chain links records in order without a lock on the hot path.
    this.addSql(`
      create table audit_gebeurtenis (
        id bigserial primary key,
        tijdstip timestamptz not null,
        gebeurtenis text not null,
        actie char(1) not null check (actie in ('C','R','U','D','E')),
        gebruiker text not null,
        gebruiker_naam text,
        actor_soort text not null,
        rol text not null,
        organisatie text not null,
        namens text,
        toegangspunt text not null,
        verzoek_id text not null,
        grondslag text not null,
        noodprocedure boolean not null default false,
        vt_organisatie text,
        object_type text not null,
        object_id text,
        persoon_ids uuid[] not null default '{}',
        velden text[] not null default '{}',
        inhoud_hash bytea not null
      );`);
    this.addSql(`create index audit_persoon_idx on audit_gebeurtenis using gin (persoon_ids);`);
    this.addSql(`create index audit_gebruiker_idx on audit_gebeurtenis (gebruiker, tijdstip desc);`);
    this.addSql(`create index audit_vt_tijd_idx on audit_gebeurtenis (vt_organisatie, tijdstip desc, id desc);`);
    this.addSql(`create index audit_object_idx on audit_gebeurtenis (object_id) where object_id is not null;`);

    this.addSql(`
      create table audit_zegel (
        volgnummer bigint primary key check (volgnummer > 0),
        audit_id bigint not null unique,
        vorige_hash bytea not null,
        hash bytea not null,
        gezegeld_op timestamptz not null
      );`);

    this.addSql(`
      create function weiger_wijziging_auditspoor() returns trigger language plpgsql as $$
      begin
        raise exception 'Het auditspoor is alleen-toevoegen: % op % is niet toegestaan', tg_op, tg_table_name
          using errcode = 'P7513';
      end $$;`);
    for (const tabel of ['audit_gebeurtenis', 'audit_zegel']) {
      this.addSql(`create trigger ${tabel}_alleen_toevoegen before update or delete on ${tabel}
                   for each row execute function weiger_wijziging_auditspoor();`);
      this.addSql(`create trigger ${tabel}_geen_truncate before truncate on ${tabel}
                   for each statement execute function weiger_wijziging_auditspoor();`);
    }
  }

  override async down(): Promise<void> {
    throw new Error('Het auditspoor wordt nooit teruggedraaid; herstel uit een back-up.');
  }
}
