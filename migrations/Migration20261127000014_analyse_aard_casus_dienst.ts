import { Migration } from '@mikro-orm/migrations';

const MAAND = (kolom: string): string => `date_trunc('month', ${kolom} at time zone 'Europe/Amsterdam')::date`;
/** The gemeente of a casus: that of its first melding (as analyse_casus, migration 10). */
const EERSTE_MELDING = `left join lateral (select m.gemeente from melding m where m.casus_id = c.id order by m.ontvangen_op, m.id limit 1) g on true`;
/** The aarden of a casus: every aard of any of its meldingen, each once. */
const AARDEN = `join lateral (select distinct unnest(m.aard_geweld) as aard_geweld from melding m where m.casus_id = c.id) a on true`;

/**
 * CBS 84850/84851 count casussen and afgeronde diensten (onderzoek, V&V) per aard geweld too, not only adviezen and
 * meldingen. A casus or dienst has no aard of its own in Ketenpoort: it takes the aarden of the casus's meldingen,
 * each once, so a casus with meldingen of two aarden counts under both (as a melding with two aarden does).
 * - `analyse_casus_aard`: casussen with a melding per month of opening, region, gemeente, aard.
 * - `analyse_dienst_aard`: ended diensten per month of ending, region, gemeente, soort, voortijdig, aard (no duration
 *   histogram: durations come from analyse_dienst).
 * Owned by ketenpoort_ververser, readable by ketenpoort_analist, refreshed by `analyse-verversen` like the others.
 */
export class Migration20261127000014_analyse_aard_casus_dienst extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create materialized view analyse_casus_aard as
      select ${MAAND('c.geopend_op')} as maand, c.vt_organisatie, coalesce(g.gemeente, 'ONBEKEND') as gemeente, a.aard_geweld, count(*)::int as aantal
        from casus c ${EERSTE_MELDING} ${AARDEN}
       group by 1, 2, 3, 4;`);
    this.addSql(
      `create unique index analyse_casus_aard_uniq on analyse_casus_aard (maand, vt_organisatie, gemeente, aard_geweld);`,
    );
    this.addSql(`create materialized view analyse_dienst_aard as
      select ${MAAND('d.beeindigd_op')} as maand, d.vt_organisatie, coalesce(g.gemeente, 'ONBEKEND') as gemeente, d.soort, d.voortijdig_afgesloten,
             a.aard_geweld, count(*)::int as aantal
        from dienst d join casus c on c.id = d.casus_id ${EERSTE_MELDING} ${AARDEN}
       where d.beeindigd_op is not null
       group by 1, 2, 3, 4, 5, 6;`);
    this.addSql(
      `create unique index analyse_dienst_aard_uniq on analyse_dienst_aard (maand, vt_organisatie, gemeente, soort, voortijdig_afgesloten, aard_geweld);`,
    );
    for (const naam of ['analyse_casus_aard', 'analyse_dienst_aard']) {
      this.addSql(
        `do $$ begin execute 'alter materialized view ${naam} owner to ketenpoort_ververser'; exception when others then raise warning 'eigenaar van ${naam} niet gewijzigd: %', sqlerrm; end $$;`,
      );
      this.addSql(`grant select on ${naam} to ketenpoort_analist;`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop materialized view if exists analyse_dienst_aard;`);
    this.addSql(`drop materialized view if exists analyse_casus_aard;`);
  }
}
