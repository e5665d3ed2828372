import { Migration } from '@mikro-orm/migrations';

/**
 * Informing the reported person(s) of a melding (issue 16.4): what VT recorded (informed when, how and whom; or a
 * postponement or a decision not to inform, with its legal reason). The termijn itself is a row in `termijn`
 * (soort BETROKKENE_INFORMEREN), opened at intake for every new melding; meldingen from before this migration get none
 * (their "zo snel mogelijk" has long passed, and a termijn opened now would only escalate history).
 * Case content: row-level security per VT organisation, as the other case tables, plus `dienst_zonder_scope` for the
 * service role (migration 23).
 */
export class Migration20261205000026_betrokkene_informeren extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table betrokkene_informering (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        melding_id uuid not null references melding(id),
        casus_id uuid not null references casus(id),
        uitkomst text not null check (uitkomst in ('GEINFORMEERD','UITGESTELD','NIET_INFORMEREN')),
        geinformeerd_op timestamptz,
        wijze text check (wijze in ('PERSOONLIJK_GESPREK','HUISBEZOEK','TELEFONISCH','BRIEF','VIA_KETENPARTNER')),
        persoon_ids uuid[] not null default '{}',
        reden text check (reden in ('VEILIGHEID_KIND','VEILIGHEID_SLACHTOFFER','VEILIGHEID_MELDER','BELANG_STRAFRECHTELIJK_ONDERZOEK','NIET_BEREIKBAAR')),
        uitgesteld_tot date,
        toelichting text,
        vastgelegd_op timestamptz not null,
        vastgelegd_door text not null,
        check (uitkomst <> 'GEINFORMEERD' or (geinformeerd_op is not null and wijze is not null and cardinality(persoon_ids) > 0)),
        check (uitkomst = 'GEINFORMEERD' or reden is not null),
        check ((uitkomst = 'UITGESTELD') = (uitgesteld_tot is not null))
      );`);
    this.addSql(
      `create index betrokkene_informering_melding_idx on betrokkene_informering (melding_id, vastgelegd_op);`,
    );
    this.addSql(`grant select, insert on betrokkene_informering to ketenpoort_app;`);
    this.addSql(`alter table betrokkene_informering enable row level security;`);
    this.addSql(`alter table betrokkene_informering force row level security;`);
    this.addSql(`create policy eigen_vt_organisatie on betrokkene_informering
        using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true))
        with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true));`);
    this.addSql(
      `create policy dienst_zonder_scope on betrokkene_informering to ketenpoort_dienst using (true) with check (true);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists betrokkene_informering;`);
  }
}
