import { Migration } from '@mikro-orm/migrations';

import { woonplaatsParen } from '../src/organisaties/gemeenten';

/** Tables the rollups read that carry row-level security: the refreshing role gets a read-only policy on them. */
const BRONTABELLEN_RLS = [
  'melding',
  'veiligheidsbeoordeling',
  'advies',
  'casus',
  'dienst',
  'onderzoek_uitkomst',
] as const;
const ROLLUPS = [
  'analyse_melding',
  'analyse_melding_gemeente',
  'analyse_melding_aard',
  'analyse_advies',
  'analyse_advies_aard',
  'analyse_casus',
  'analyse_dienst',
  'analyse_onderzoek_uitkomst',
] as const;
const MAAND = (kolom: string): string => `date_trunc('month', ${kolom} at time zone 'Europe/Amsterdam')::date`;

/** int[] histogram: buckets 0..max-1 and one for "max or more" (the expression is already capped at max). */
function histogram(expr: string, max: number): string {
  const delen = Array.from({ length: max + 1 }, (_, i) => `count(*) filter (where ${expr} = ${i})::int`);
  return `array[${delen.join(', ')}]`;
}
const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * Analysis (issue 5): the gemeente of a melding and an advies, and rollups holding no personal data that the analyst
 * API reads instead of the case tables.
 *
 * - `gemeente` (CBS code GMnnnn, null = unknown) is set at registration from the woonplaats of the first betrokkene
 *   with an address (src/organisaties/gemeenten.ts); existing meldingen are backfilled per region (row-level security
 *   applies to the migrating user as well: the tables FORCE it).
 * - The rollups are materialized views per month (first day, Europe/Amsterdam), every grouping column coalesced to a
 *   value (ONBEKEND, NOG_NIET) so the unique index covers every row and REFRESH ... CONCURRENTLY works. They are owned
 *   by `ketenpoort_ververser`, a nologin role with a select-only policy on the source tables: REFRESH runs the view's
 *   query as the owner, so only a refresh reads across regions; the login user refreshes through its membership.
 * - `ketenpoort_analist` (nologin) may read the analyse_* views and analyse_verversing, nothing else. The analyst
 *   service switches to it with `set local role` and sets `statement_timeout` locally in the same transaction (a
 *   role-level `alter role ... set statement_timeout` applies only at login, not to `set role`).
 * - Working days to the veiligheidsbeoordeling count Monday to Friday after the day of receipt (holidays are not
 *   subtracted: the rollup is a distribution; the exact termijn check is `binnen_termijn` of the beoordeling).
 */
export class Migration20261127000010_analyse extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table melding add column gemeente text check (gemeente ~ '^GM[0-9]{4}$');`);
    this.addSql(`alter table advies add column gemeente text check (gemeente ~ '^GM[0-9]{4}$');`);

    const paren = woonplaatsParen()
      .map(([w, g]) => `(${q(w)}, ${q(g)})`)
      .join(', ');
    this.addSql(`do $$ declare r record; begin
        for r in select code from organisatie where soort = 'VEILIG_THUIS' loop
          perform set_config('ketenpoort.vt_organisatie', r.code, true);
          update melding m set gemeente = w.gemeente
            from (select distinct on (b.melding_id) b.melding_id, p.woonplaats
                    from betrokkene b join persoon p on p.id = b.persoon_id
                   where p.woonplaats is not null and b.vt_organisatie = r.code
                   order by b.melding_id, b.volgorde) x
            join (values ${paren}) w(woonplaats, gemeente) on w.woonplaats = lower(regexp_replace(trim(x.woonplaats), '\\s+', ' ', 'g'))
           where m.id = x.melding_id and m.vt_organisatie = r.code;
        end loop;
        perform set_config('ketenpoort.vt_organisatie', '', true);
      end $$;`);

    this.addSql(`do $$ begin
        if not exists (select 1 from pg_roles where rolname = 'ketenpoort_ververser') then create role ketenpoort_ververser nologin; end if;
        if not exists (select 1 from pg_roles where rolname = 'ketenpoort_analist') then create role ketenpoort_analist nologin; end if;
      end $$;`);
    this.addSql(
      `do $$ begin execute format('grant ketenpoort_ververser, ketenpoort_analist to %I', current_user); exception when others then null; end $$;`,
    );
    this.addSql(
      `do $$ begin execute 'grant usage, create on schema public to ketenpoort_ververser'; exception when others then null; end $$;`,
    );
    this.addSql(`grant usage on schema public to ketenpoort_analist;`);
    this.addSql(`grant select on ${BRONTABELLEN_RLS.join(', ')} to ketenpoort_ververser;`);
    for (const t of BRONTABELLEN_RLS) {
      this.addSql(`create policy analyse_verversen on ${t} for select to ketenpoort_ververser using (true);`);
    }

    // Monday-to-Friday days after `van` up to and including `tot` (0 when tot <= van). Only pg_catalog inside:
    // REFRESH runs with a restricted search_path.
    this
      .addSql(`create function analyse_werkdagen(van date, tot date) returns integer language sql immutable parallel safe as $$
        select count(*)::integer from pg_catalog.generate_series(van + 1, tot, interval '1 day') d where extract(isodow from d) < 6
      $$;`);

    // The CTEs are MATERIALIZED so each row's working days are computed once, not once per histogram bucket.
    this.addSql(`create materialized view analyse_melding as
      with b as materialized (
        select ${MAAND('m.ontvangen_op')} as maand, m.vt_organisatie, coalesce(m.gemeente, 'ONBEKEND') as gemeente,
               m.hoedanigheid_melder, m.organisatie_melder, m.eerdere_betrokkenheid,
               coalesce(v.uitkomst, 'NOG_NIET') as vb_uitkomst, coalesce(v.taxatie, 'NOG_NIET') as taxatie, m.acuut,
               v.binnen_termijn,
               case when v.melding_id is null then null
                    else least(analyse_werkdagen((m.ontvangen_op at time zone 'Europe/Amsterdam')::date, (v.beoordeeld_op at time zone 'Europe/Amsterdam')::date), 31) end as wd
          from melding m left join veiligheidsbeoordeling v on v.melding_id = m.id)
      select maand, vt_organisatie, gemeente, hoedanigheid_melder, organisatie_melder, eerdere_betrokkenheid, vb_uitkomst, taxatie, acuut,
             count(*)::int as aantal, count(wd)::int as aantal_beoordeeld, (count(*) filter (where binnen_termijn))::int as aantal_binnen_termijn,
             ${histogram('wd', 31)} as duur_werkdagen
        from b group by maand, vt_organisatie, gemeente, hoedanigheid_melder, organisatie_melder, eerdere_betrokkenheid, vb_uitkomst, taxatie, acuut;`);
    this.addSql(
      `create unique index analyse_melding_uniq on analyse_melding (maand, vt_organisatie, gemeente, hoedanigheid_melder, organisatie_melder, eerdere_betrokkenheid, vb_uitkomst, taxatie, acuut);`,
    );
    this.addSql(`create index analyse_melding_regio_idx on analyse_melding (vt_organisatie, maand);`);
    this.addSql(`create index analyse_melding_gemeente_idx on analyse_melding (gemeente, maand);`);

    // A compact copy by month, region and gemeente only (about 350 gemeenten × months): most questions need no more,
    // and it is refreshed from analyse_melding (refresh order in src/analyse/rollups.ts), not from the case tables.
    this.addSql(`create materialized view analyse_melding_gemeente as
      select maand, vt_organisatie, gemeente, sum(aantal)::int as aantal, sum(aantal_beoordeeld)::int as aantal_beoordeeld,
             sum(aantal_binnen_termijn)::int as aantal_binnen_termijn,
             array[${Array.from({ length: 32 }, (_, i) => `sum(duur_werkdagen[${i + 1}])::int`).join(', ')}] as duur_werkdagen
        from analyse_melding group by maand, vt_organisatie, gemeente;`);
    this.addSql(
      `create unique index analyse_melding_gemeente_uniq on analyse_melding_gemeente (maand, vt_organisatie, gemeente);`,
    );

    // A melding with two aarden counts under both (as CBS 84850 does).
    this.addSql(`create materialized view analyse_melding_aard as
      select ${MAAND('m.ontvangen_op')} as maand, m.vt_organisatie, coalesce(m.gemeente, 'ONBEKEND') as gemeente, a.aard_geweld, count(*)::int as aantal
        from melding m cross join lateral (select distinct unnest(m.aard_geweld) as aard_geweld) a
       group by 1, 2, 3, 4;`);
    this.addSql(
      `create unique index analyse_melding_aard_uniq on analyse_melding_aard (maand, vt_organisatie, gemeente, aard_geweld);`,
    );

    this.addSql(`create materialized view analyse_advies as
      select ${MAAND('a.ontvangen_op')} as maand, a.vt_organisatie, coalesce(a.gemeente, 'ONBEKEND') as gemeente,
             a.hoedanigheid_adviesvrager as hoedanigheid, a.organisatie_adviesvrager as organisatie, count(*)::int as aantal
        from advies a group by 1, 2, 3, 4, 5;`);
    this.addSql(
      `create unique index analyse_advies_uniq on analyse_advies (maand, vt_organisatie, gemeente, hoedanigheid, organisatie);`,
    );
    this.addSql(`create materialized view analyse_advies_aard as
      select ${MAAND('a.ontvangen_op')} as maand, a.vt_organisatie, coalesce(a.gemeente, 'ONBEKEND') as gemeente, x.aard_geweld, count(*)::int as aantal
        from advies a cross join lateral (select distinct unnest(a.aard_geweld) as aard_geweld) x
       group by 1, 2, 3, 4;`);
    this.addSql(
      `create unique index analyse_advies_aard_uniq on analyse_advies_aard (maand, vt_organisatie, gemeente, aard_geweld);`,
    );

    // Casussen with at least one melding, per month of opening; the gemeente of their first melding.
    const eersteMelding = `left join lateral (select m.gemeente from melding m where m.casus_id = c.id order by m.ontvangen_op, m.id limit 1) g on true`;
    this.addSql(`create materialized view analyse_casus as
      select ${MAAND('c.geopend_op')} as maand, c.vt_organisatie, coalesce(g.gemeente, 'ONBEKEND') as gemeente, count(*)::int as aantal
        from casus c ${eersteMelding}
       where exists (select 1 from melding m where m.casus_id = c.id)
       group by 1, 2, 3;`);
    this.addSql(`create unique index analyse_casus_uniq on analyse_casus (maand, vt_organisatie, gemeente);`);

    // Diensten per month of ending, with a duration histogram in whole weeks (0..52, 53 = a year or more).
    this.addSql(`create materialized view analyse_dienst as
      with d as materialized (
        select ${MAAND('d.beeindigd_op')} as maand, d.vt_organisatie, coalesce(g.gemeente, 'ONBEKEND') as gemeente, d.soort, d.voortijdig_afgesloten,
               least(floor(extract(epoch from (d.beeindigd_op - d.gestart_op)) / 604800)::int, 53) as weken
          from dienst d join casus c on c.id = d.casus_id ${eersteMelding}
         where d.beeindigd_op is not null)
      select maand, vt_organisatie, gemeente, soort, voortijdig_afgesloten, count(*)::int as aantal, ${histogram('weken', 53)} as duur_weken
        from d group by maand, vt_organisatie, gemeente, soort, voortijdig_afgesloten;`);
    this.addSql(
      `create unique index analyse_dienst_uniq on analyse_dienst (maand, vt_organisatie, gemeente, soort, voortijdig_afgesloten);`,
    );

    this.addSql(`create materialized view analyse_onderzoek_uitkomst as
      select ${MAAND('d.beeindigd_op')} as maand, d.vt_organisatie, coalesce(g.gemeente, 'ONBEKEND') as gemeente, o.aard_geweld, o.uitkomst,
             d.voortijdig_afgesloten, count(*)::int as aantal
        from onderzoek_uitkomst o join dienst d on d.id = o.dienst_id join casus c on c.id = d.casus_id ${eersteMelding}
       where d.beeindigd_op is not null
       group by 1, 2, 3, 4, 5, 6;`);
    this.addSql(
      `create unique index analyse_onderzoek_uitkomst_uniq on analyse_onderzoek_uitkomst (maand, vt_organisatie, gemeente, aard_geweld, uitkomst, voortijdig_afgesloten);`,
    );

    this.addSql(`create table analyse_verversing (
        naam text primary key,
        ververst_op timestamptz not null,
        duur_ms integer not null
      );`);

    for (const v of ROLLUPS) {
      this.addSql(
        `do $$ begin execute 'alter materialized view ${v} owner to ketenpoort_ververser'; exception when others then raise warning 'eigenaar van ${v} niet gewijzigd: %', sqlerrm; end $$;`,
      );
      this.addSql(`grant select on ${v} to ketenpoort_analist;`);
    }
    this.addSql(`grant select on analyse_verversing to ketenpoort_analist;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists analyse_verversing;`);
    for (const v of [...ROLLUPS].reverse()) this.addSql(`drop materialized view if exists ${v};`);
    this.addSql(`drop function if exists analyse_werkdagen(date, date);`);
    for (const t of BRONTABELLEN_RLS) this.addSql(`drop policy if exists analyse_verversen on ${t};`);
    this.addSql(`alter table advies drop column gemeente;`);
    this.addSql(`alter table melding drop column gemeente;`);
  }
}
