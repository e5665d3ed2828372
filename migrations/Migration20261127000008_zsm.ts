import { Migration } from '@mikro-orm/migrations';

/**
 * ZSM information requests (DOMAIN.md §5, §9.4): while a suspect is held, a justice partner (OM or politie) asks VT
 * about named persons, and VT answers with the declared data set (src/zsm/gegevensset.ts) within hours.
 *
 * - zsm_verzoek: the request and VT's answer header (who, when, contact person). No personal data (reason, parket
 *   number, times): the worker reads it across regions to escalate; services scope it by VT organisation or requester.
 * - zsm_verzoek_persoon: the persons asked about and the per-person answer. Row-level security: the VT organisation
 *   asked, or the requesting organisation (setting ketenpoort.partner_organisatie, src/lib/ketenscope.ts).
 * - zsm_escalatie: one row per request unanswered at its deadline, for the VT teamleider.
 */
export class Migration20261127000008_zsm extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table zsm_verzoek (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        aanvrager text not null references organisatie(code),
        ingediend_door text not null,
        ingediend_op timestamptz not null,
        parketnummer text check (parketnummer ~ '^[A-Za-z0-9./-]{1,40}$'),
        reden text not null check (length(reden) between 1 and 2000),
        inverzekeringstelling_eindigt_op timestamptz not null,
        antwoord_voor timestamptz not null,
        beantwoord_op timestamptz,
        beantwoord_door text,
        contactpersoon_naam text,
        contactpersoon_telefoon text,
        gebeurtenis_id uuid,
        check ((beantwoord_op is null) = (beantwoord_door is null))
      );`);
    this.addSql(`create index zsm_verzoek_vt_idx on zsm_verzoek (vt_organisatie, antwoord_voor, id);`);
    this.addSql(`create index zsm_verzoek_aanvrager_idx on zsm_verzoek (aanvrager, antwoord_voor, id);`);
    this.addSql(`create index zsm_verzoek_bewaking_idx on zsm_verzoek (antwoord_voor) where beantwoord_op is null;`);

    this.addSql(`
      create table zsm_verzoek_persoon (
        id uuid primary key,
        verzoek_id uuid not null references zsm_verzoek(id) deferrable initially deferred,
        vt_organisatie text not null references organisatie(code),
        aanvrager text not null references organisatie(code),
        volgorde smallint not null,
        bsn text check (bsn ~ '^[0-9]{9}$'),
        voornamen text,
        achternaam text,
        geboortedatum date,
        persoon_id uuid references persoon(id),
        bekend_bij_vt boolean,
        lopende_casus boolean,
        fase text,
        veiligheidsafspraken boolean,
        relevante_informatie text check (length(relevante_informatie) <= 4000),
        check (bsn is not null or (achternaam is not null and geboortedatum is not null))
      );`);
    this.addSql(`create index zsm_verzoek_persoon_verzoek_idx on zsm_verzoek_persoon (verzoek_id, volgorde);`);
    this.addSql(`alter table zsm_verzoek_persoon enable row level security;`);
    this.addSql(`alter table zsm_verzoek_persoon force row level security;`);
    this.addSql(`create policy vt_of_aanvrager on zsm_verzoek_persoon
        using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true) or aanvrager = current_setting('ketenpoort.partner_organisatie', true))
        with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true) or aanvrager = current_setting('ketenpoort.partner_organisatie', true));`);

    this.addSql(`
      create table zsm_escalatie (
        verzoek_id uuid primary key references zsm_verzoek(id),
        vt_organisatie text not null references organisatie(code),
        ontvanger_rol text not null,
        aangemaakt_op timestamptz not null,
        gelezen_op timestamptz
      );`);
    this.addSql(`create index zsm_escalatie_vt_idx on zsm_escalatie (vt_organisatie, aangemaakt_op desc);`);
    this.addSql(`grant select, insert, update on zsm_verzoek, zsm_verzoek_persoon, zsm_escalatie to ketenpoort_app;`);
  }

  override async down(): Promise<void> {
    for (const t of ['zsm_escalatie', 'zsm_verzoek_persoon', 'zsm_verzoek']) this.addSql(`drop table if exists ${t};`);
  }
}
