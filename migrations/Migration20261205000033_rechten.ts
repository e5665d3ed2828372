import { Migration } from '@mikro-orm/migrations';

/** Partner-facing tables that hold a casus_id: a restricted casus is invisible in them to every partner. */
const PARTNERTABELLEN = ['overdracht', 'huisverbod', 'aware_aanvraag'] as const;

/**
 * Rechten van betrokkenen (issue 17, items 1-4; DOMAIN.md §4.3): src/rechten.
 *
 * - rechtenverzoek: a data subject's request (afschrift, aanvullen, verbeteren, verwijdering, beperking, bezwaar),
 *   registered by the privacy officer of the VT region, with its answer termijn, decision with reasons and closing.
 *   Personal data: row-level security by VT region.
 * - gegevenscorrectie: the history of a supplement or correction: the original, the correction (or the person's own
 *   view beside VT's text), who and why. Append-only for the application role.
 * - verwerkingsbeperking: a casus whose processing is restricted (granted beperking or bezwaar), from when, until
 *   lifted. Only ids and moments (no personal data), without row-level security: the partner policies below must
 *   read it in a partner's scope.
 * - Restrictive policies on the partner tables: while a casus is restricted, no partner (ketenpoort_app with a
 *   partner setting) sees its overdrachten, huisverboden, Aware applications or HwC content, also when accepted.
 * - gebeurtenis.casus_id: the casus an event is about; the feed and the delivery hold back events of a restricted
 *   casus (src/gebeurtenissen), and no new event is written for one (outbox.ts).
 * - termijn.rechtenverzoek_id: the RECHTENVERZOEK_ANTWOORD termijn of a request.
 */
export class Migration20261205000033_rechten extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table rechtenverzoek (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        casus_id uuid not null references casus(id),
        persoon_id uuid references persoon(id),
        melding_id uuid references melding(id),
        verzoeker text not null check (verzoeker in ('BETROKKENE','MELDER')),
        soort text not null check (soort in ('AFSCHRIFT','AANVULLEN','VERBETEREN','VERWIJDERING','BEPERKING','BEZWAAR')),
        status text not null check (status in ('ONTVANGEN','VERLENGD','TOEGEKEND','AFGEWEZEN','AFGEHANDELD')),
        omschrijving text not null check (length(omschrijving) between 1 and 10000),
        ontvangen_op date not null,
        antwoord_voor date not null,
        verlenging_reden text,
        geregistreerd_op timestamptz not null,
        geregistreerd_door text not null,
        besluit text check (besluit in ('TOEGEKEND','AFGEWEZEN')),
        besluit_motivering text,
        besloten_op timestamptz,
        besloten_door text,
        afhandeling text,
        afgehandeld_op timestamptz,
        check ((verzoeker = 'MELDER') = (melding_id is not null)),
        check ((verzoeker = 'BETROKKENE') = (persoon_id is not null)),
        check ((besluit is null) = (besloten_op is null)),
        check ((besluit is null) = (besluit_motivering is null))
      );`);
    this.addSql(
      `create index rechtenverzoek_vt_idx on rechtenverzoek (vt_organisatie, geregistreerd_op desc, id desc);`,
    );
    this.addSql(`create index rechtenverzoek_casus_idx on rechtenverzoek (casus_id);`);

    this.addSql(`
      create table gegevenscorrectie (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        casus_id uuid not null references casus(id),
        verzoek_id uuid not null references rechtenverzoek(id),
        soort text not null check (soort in ('VERBETERING','ZIENSWIJZE')),
        object_type text not null check (object_type in ('PERSOON','MELDING')),
        object_id uuid not null,
        veld text not null,
        origineel text,
        correctie text,
        zienswijze text,
        reden text not null check (length(reden) between 1 and 10000),
        door text not null,
        op timestamptz not null,
        check ((soort = 'VERBETERING') = (correctie is not null)),
        check ((soort = 'ZIENSWIJZE') = (zienswijze is not null))
      );`);
    this.addSql(`create index gegevenscorrectie_object_idx on gegevenscorrectie (object_id, op);`);
    this.addSql(`create index gegevenscorrectie_casus_idx on gegevenscorrectie (casus_id);`);

    for (const t of ['rechtenverzoek', 'gegevenscorrectie']) {
      this.addSql(`alter table ${t} enable row level security;`);
      this.addSql(`alter table ${t} force row level security;`);
      this.addSql(`create policy eigen_vt_organisatie on ${t}
          using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true))
          with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true));`);
      this.addSql(`grant select, insert, update, delete on ${t} to ketenpoort_dienst;`);
      this.addSql(`create policy dienst_zonder_scope on ${t} to ketenpoort_dienst using (true) with check (true);`);
    }
    this.addSql(`grant select, insert, update on rechtenverzoek to ketenpoort_app;`);
    this.addSql(`grant select, insert on gegevenscorrectie to ketenpoort_app;`);

    this.addSql(`
      create table verwerkingsbeperking (
        id uuid primary key,
        casus_id uuid not null references casus(id),
        vt_organisatie text not null references organisatie(code),
        verzoek_id uuid not null references rechtenverzoek(id),
        sinds timestamptz not null,
        opgeheven_op timestamptz,
        opgeheven_door text
      );`);
    this.addSql(
      `create unique index verwerkingsbeperking_actief on verwerkingsbeperking (casus_id) where opgeheven_op is null;`,
    );
    this.addSql(`grant select, insert, update on verwerkingsbeperking to ketenpoort_app;`);
    this.addSql(`grant select, insert, update, delete on verwerkingsbeperking to ketenpoort_dienst;`);
    this.addSql(`
      create function casus_is_beperkt(c uuid) returns boolean language sql stable as $$
        select exists (select 1 from verwerkingsbeperking b where b.casus_id = c and b.opgeheven_op is null)
      $$;`);
    this.addSql(`grant execute on function casus_is_beperkt(uuid) to ketenpoort_app, ketenpoort_dienst;`);

    // Restrictive: and-ed with the permissive policies. Only in a partner's scope; VT's own scope is the services'.
    const partner = `coalesce(current_setting('ketenpoort.partner_organisatie', true), '') = ''`;
    for (const t of PARTNERTABELLEN) {
      this.addSql(`create policy beperking_partner on ${t} as restrictive to ketenpoort_app
          using (${partner} or not casus_is_beperkt(casus_id));`);
    }
    this.addSql(`create policy beperking_partner on hwc_signaal_inhoud as restrictive to ketenpoort_app
        using (${partner} or not casus_is_beperkt((select s.casus_id from hwc_signaal s where s.id = signaal_id)));`);

    this.addSql(`alter table gebeurtenis add column casus_id uuid;`);
    this.addSql(`create index gebeurtenis_casus_idx on gebeurtenis (casus_id) where casus_id is not null;`);

    this.addSql(
      `alter table termijn add column rechtenverzoek_id uuid references rechtenverzoek(id) deferrable initially deferred;`,
    );
    this.addSql(
      `create unique index termijn_rechtenverzoek_open_uniek on termijn (rechtenverzoek_id, soort) where rechtenverzoek_id is not null and status = 'OPEN';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table termijn drop column rechtenverzoek_id;`);
    this.addSql(`alter table gebeurtenis drop column casus_id;`);
    for (const t of [...PARTNERTABELLEN, 'hwc_signaal_inhoud']) this.addSql(`drop policy beperking_partner on ${t};`);
    this.addSql(`drop function casus_is_beperkt(uuid);`);
    this.addSql(`drop table verwerkingsbeperking;`);
    this.addSql(`drop table gegevenscorrectie;`);
    this.addSql(`drop table rechtenverzoek;`);
  }
}
