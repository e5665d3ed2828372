import { Migration } from '@mikro-orm/migrations';

/**
 * Working days in the analysis count holidays (issue 5): until now `analyse_werkdagen` counted Monday to Friday, so a
 * veiligheidsbeoordeling across Christmas or Koningsdag looked longer in the histograms than the termijn counts it.
 *
 * - `analyse_feestdag`: the non-working weekdays of the termijn calendar (src/termijnen/kalender.ts: date-holidays NL
 *   plus TERMIJN_VRIJE_DAGEN), filled by the job `analyse-verversen` with the configured calendar before every
 *   refresh (`synchroniseerFeestdagen`), so the rollups, which only that job refreshes, and the termijnen agree.
 * - `analyse_werkdagen(van, tot)`: working days in (van, tot] as the termijnen count them — weekdays by a closed
 *   formula (no series of days per row; the refresh costs about the same, bench/README.md) minus the holidays in the range.
 *   Stable, not immutable: it reads a table. The rollups pick this up at their next refresh.
 */
export class Migration20261127000012_analyse_werkdagen extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table analyse_feestdag (datum date primary key, naam text not null, check (extract(isodow from datum) < 6));`,
    );
    this.addSql(`grant select on analyse_feestdag to ketenpoort_ververser;`);
    this.addSql(
      `do $$ begin execute 'grant select, insert, delete on analyse_feestdag to ketenpoort_app'; exception when others then raise warning 'analyse_feestdag: %', sqlerrm; end $$;`,
    );
    this
      .addSql(`create or replace function analyse_werkdagen(van date, tot date) returns integer language sql stable parallel safe as $$
        select case when tot <= van then 0 else
                 ((tot - date '1970-01-05') / 7 * 5 + least((tot - date '1970-01-05') % 7 + 1, 5))
               - ((van - date '1970-01-05') / 7 * 5 + least((van - date '1970-01-05') % 7 + 1, 5))
               - (select count(*)::integer from public.analyse_feestdag f where f.datum > van and f.datum <= tot)
               end
      $$;`);
  }

  override async down(): Promise<void> {
    this
      .addSql(`create or replace function analyse_werkdagen(van date, tot date) returns integer language sql immutable parallel safe as $$
        select count(*)::integer from pg_catalog.generate_series(van + 1, tot, interval '1 day') d where extract(isodow from d) < 6
      $$;`);
    this.addSql(`drop table if exists analyse_feestdag;`);
  }
}
