import { Migration } from '@mikro-orm/migrations';

/**
 * The share of termijnen met (issue 5), for every kind of termijn, not only the veiligheidsbeoordeling:
 * `analyse_termijn` counts the termijnen (not cancelled) per month of their due day, region, gemeente (of the casus's
 * first melding, as analyse_casus) and kind, with
 * - `aantal_beslist`: those whose outcome is known: met (VOLDAAN), or still open after the end of the due day at the
 *   moment of the refresh (missed);
 * - `aantal_gehaald`: those met before the end of the due day (`afgehandeld_op < vervalt_op`).
 * No ids and no persons; owned by ketenpoort_ververser (which may read `termijn`, a table without personal data or
 * row-level security) and readable by ketenpoort_analist, like the other rollups. Refreshed by `analyse-verversen`.
 */
export class Migration20261127000013_analyse_termijnen extends Migration {
  override async up(): Promise<void> {
    this.addSql(`grant select on termijn to ketenpoort_ververser;`);
    this.addSql(`create materialized view analyse_termijn as
      select date_trunc('month', t.vervaldatum::timestamp)::date as maand, t.vt_organisatie, coalesce(g.gemeente, 'ONBEKEND') as gemeente, t.soort,
             count(*)::int as aantal,
             (count(*) filter (where t.status = 'VOLDAAN' or t.vervalt_op <= now()))::int as aantal_beslist,
             (count(*) filter (where t.status = 'VOLDAAN' and t.afgehandeld_op < t.vervalt_op))::int as aantal_gehaald
        from termijn t
        left join lateral (select m.gemeente from melding m where m.casus_id = t.casus_id order by m.ontvangen_op, m.id limit 1) g on true
       where t.status <> 'GEANNULEERD'
       group by 1, 2, 3, 4;`);
    this.addSql(
      `create unique index analyse_termijn_uniq on analyse_termijn (maand, vt_organisatie, gemeente, soort);`,
    );
    this.addSql(
      `do $$ begin execute 'alter materialized view analyse_termijn owner to ketenpoort_ververser'; exception when others then raise warning 'eigenaar van analyse_termijn niet gewijzigd: %', sqlerrm; end $$;`,
    );
    this.addSql(`grant select on analyse_termijn to ketenpoort_analist;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop materialized view if exists analyse_termijn;`);
    this.addSql(`revoke select on termijn from ketenpoort_ververser;`);
  }
}
