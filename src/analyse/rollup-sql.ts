import type { Familie, RollupNaam } from './rollups';

/**
 * The definitions of the rollups (those of the materialized views of migrations 10, 11, 13 and 14, unchanged), as
 * `insert … select` over a source that is either the whole table or only the rows of the slices being refreshed.
 * Constant SQL only: the slices are in the temporary table `pg_temp.analyse_plak` (rollup-verversing.ts), the moment
 * that decides termijnen is a bound parameter.
 */

/** The temporary table of the slices being refreshed: family, month, region and the month's bounds as instants. */
export const PLAK = 'pg_temp.analyse_plak';

const MAAND = (kolom: string): string => `date_trunc('month', ${kolom} at time zone 'Europe/Amsterdam')::date`;

/** int[] histogram: buckets 0..max-1 and one for "max or more" (the expression is already capped at max). */
function histogram(expr: string, max: number): string {
  const delen = Array.from({ length: max + 1 }, (_, i) => `count(*) filter (where ${expr} = ${i})::int`);
  return `array[${delen.join(', ')}]`;
}

/** The rows of a source table: all of them, or those of the family's slices (by region and a range of its date). */
function bron(tabel: string, familie: Familie, datum: string, plakken: boolean): string {
  if (!plakken) return tabel;
  const bereik =
    familie === 'TERMIJN'
      ? `x.${datum} >= p.maand and x.${datum} < (p.maand + interval '1 month')::date`
      : `x.${datum} >= p.van and x.${datum} < p.tot`;
  return `(select x.* from ${PLAK} p join ${tabel} x on x.vt_organisatie = p.vt_organisatie and ${bereik} where p.familie = '${familie}')`;
}

/** The gemeente of a casus: that of its first melding (migration 10). */
const EERSTE_MELDING = `left join lateral (select m.gemeente from melding m where m.casus_id = c.id order by m.ontvangen_op, m.id limit 1) g on true`;
/** The aarden of a casus: every aard of any of its meldingen, each once (migration 14). */
const AARDEN = `join lateral (select distinct unnest(m.aard_geweld) as aard_geweld from melding m where m.casus_id = c.id) a on true`;

/** The measures of the narrow copies of analyse_melding, summed from it (migrations 10 and 11). */
const MATEN = [
  'sum(aantal)::int as aantal',
  'sum(aantal_beoordeeld)::int as aantal_beoordeeld',
  'sum(aantal_binnen_termijn)::int as aantal_binnen_termijn',
  `array[${Array.from({ length: 32 }, (_, i) => `sum(duur_werkdagen[${i + 1}])::int`).join(', ')}] as duur_werkdagen`,
].join(', ');
const MATEN_KOLOMMEN = 'aantal, aantal_beoordeeld, aantal_binnen_termijn, duur_werkdagen';

/** A narrow copy of analyse_melding by these columns (the first two are always maand and vt_organisatie). */
function smal(kolommen: string, plakken: boolean): string {
  const van = plakken
    ? `analyse_melding r join ${PLAK} p on p.familie = 'MELDING' and r.maand = p.maand and r.vt_organisatie = p.vt_organisatie`
    : 'analyse_melding r';
  const k = kolommen
    .split(', ')
    .map((c) => `r.${c}`)
    .join(', ');
  return `(${kolommen}, ${MATEN_KOLOMMEN}) select ${k}, ${MATEN} from ${van} group by ${k}`;
}

/** One rollup: its family and its `insert` (columns and select) for the whole table or the slices. */
export interface RollupDefinitie {
  readonly familie: Familie;
  /** The part after `insert into <naam> `; `?` parameters: see `parameters`. */
  vul(plakken: boolean): string;
  /** Named parameters in order of the `?`s: `nu` is the moment that decides termijnen. */
  readonly parameters?: readonly 'nu'[];
}

export const ROLLUP_SQL: Readonly<Record<RollupNaam, RollupDefinitie>> = {
  analyse_melding: {
    familie: 'MELDING',
    vul: (
      p,
    ) => `(maand, vt_organisatie, gemeente, hoedanigheid_melder, organisatie_melder, eerdere_betrokkenheid, vb_uitkomst, taxatie, acuut,
                  aantal, aantal_beoordeeld, aantal_binnen_termijn, duur_werkdagen)
      with b as materialized (
        select ${MAAND('m.ontvangen_op')} as maand, m.vt_organisatie, coalesce(m.gemeente, 'ONBEKEND') as gemeente,
               m.hoedanigheid_melder, m.organisatie_melder, m.eerdere_betrokkenheid,
               coalesce(v.uitkomst, 'NOG_NIET') as vb_uitkomst, coalesce(v.taxatie, 'NOG_NIET') as taxatie, m.acuut,
               v.binnen_termijn,
               case when v.melding_id is null then null
                    else least(analyse_werkdagen((m.ontvangen_op at time zone 'Europe/Amsterdam')::date, (v.beoordeeld_op at time zone 'Europe/Amsterdam')::date), 31) end as wd
          from ${bron('melding', 'MELDING', 'ontvangen_op', p)} m left join veiligheidsbeoordeling v on v.melding_id = m.id)
      select maand, vt_organisatie, gemeente, hoedanigheid_melder, organisatie_melder, eerdere_betrokkenheid, vb_uitkomst, taxatie, acuut,
             count(*)::int as aantal, count(wd)::int as aantal_beoordeeld, (count(*) filter (where binnen_termijn))::int as aantal_binnen_termijn,
             ${histogram('wd', 31)} as duur_werkdagen
        from b group by maand, vt_organisatie, gemeente, hoedanigheid_melder, organisatie_melder, eerdere_betrokkenheid, vb_uitkomst, taxatie, acuut`,
  },
  analyse_melding_gemeente: { familie: 'MELDING', vul: (p) => smal('maand, vt_organisatie, gemeente', p) },
  analyse_melding_eerder: { familie: 'MELDING', vul: (p) => smal('maand, vt_organisatie, eerdere_betrokkenheid', p) },
  analyse_melding_vb: { familie: 'MELDING', vul: (p) => smal('maand, vt_organisatie, vb_uitkomst, taxatie', p) },
  analyse_melding_melder: {
    familie: 'MELDING',
    vul: (p) => smal('maand, vt_organisatie, hoedanigheid_melder, organisatie_melder', p),
  },
  analyse_melding_gemeente_hoedanigheid: {
    familie: 'MELDING',
    vul: (p) => smal('maand, vt_organisatie, gemeente, hoedanigheid_melder', p),
  },
  // A melding with two aarden counts under both (as CBS 84850 does).
  analyse_melding_aard: {
    familie: 'MELDING',
    vul: (p) => `(maand, vt_organisatie, gemeente, aard_geweld, aantal)
      select ${MAAND('m.ontvangen_op')} as maand, m.vt_organisatie, coalesce(m.gemeente, 'ONBEKEND') as gemeente, a.aard_geweld, count(*)::int as aantal
        from ${bron('melding', 'MELDING', 'ontvangen_op', p)} m cross join lateral (select distinct unnest(m.aard_geweld) as aard_geweld) a
       group by 1, 2, 3, 4`,
  },
  analyse_advies: {
    familie: 'ADVIES',
    vul: (p) => `(maand, vt_organisatie, gemeente, hoedanigheid, organisatie, aantal)
      select ${MAAND('a.ontvangen_op')} as maand, a.vt_organisatie, coalesce(a.gemeente, 'ONBEKEND') as gemeente,
             a.hoedanigheid_adviesvrager as hoedanigheid, a.organisatie_adviesvrager as organisatie, count(*)::int as aantal
        from ${bron('advies', 'ADVIES', 'ontvangen_op', p)} a group by 1, 2, 3, 4, 5`,
  },
  analyse_advies_aard: {
    familie: 'ADVIES',
    vul: (p) => `(maand, vt_organisatie, gemeente, aard_geweld, aantal)
      select ${MAAND('a.ontvangen_op')} as maand, a.vt_organisatie, coalesce(a.gemeente, 'ONBEKEND') as gemeente, x.aard_geweld, count(*)::int as aantal
        from ${bron('advies', 'ADVIES', 'ontvangen_op', p)} a cross join lateral (select distinct unnest(a.aard_geweld) as aard_geweld) x
       group by 1, 2, 3, 4`,
  },
  // Casussen with at least one melding, per month of opening; the gemeente of their first melding.
  analyse_casus: {
    familie: 'CASUS',
    vul: (p) => `(maand, vt_organisatie, gemeente, aantal)
      select ${MAAND('c.geopend_op')} as maand, c.vt_organisatie, coalesce(g.gemeente, 'ONBEKEND') as gemeente, count(*)::int as aantal
        from ${bron('casus', 'CASUS', 'geopend_op', p)} c ${EERSTE_MELDING}
       where exists (select 1 from melding m where m.casus_id = c.id)
       group by 1, 2, 3`,
  },
  // Diensten per month of ending, with a duration histogram in whole weeks (0..52, 53 = a year or more).
  analyse_dienst: {
    familie: 'DIENST',
    vul: (p) => `(maand, vt_organisatie, gemeente, soort, voortijdig_afgesloten, aantal, duur_weken)
      with d as materialized (
        select ${MAAND('d.beeindigd_op')} as maand, d.vt_organisatie, coalesce(g.gemeente, 'ONBEKEND') as gemeente, d.soort, d.voortijdig_afgesloten,
               least(floor(extract(epoch from (d.beeindigd_op - d.gestart_op)) / 604800)::int, 53) as weken
          from ${bron('dienst', 'DIENST', 'beeindigd_op', p)} d join casus c on c.id = d.casus_id ${EERSTE_MELDING}
         where d.beeindigd_op is not null)
      select maand, vt_organisatie, gemeente, soort, voortijdig_afgesloten, count(*)::int as aantal, ${histogram('weken', 53)} as duur_weken
        from d group by maand, vt_organisatie, gemeente, soort, voortijdig_afgesloten`,
  },
  analyse_onderzoek_uitkomst: {
    familie: 'DIENST',
    vul: (p) => `(maand, vt_organisatie, gemeente, aard_geweld, uitkomst, voortijdig_afgesloten, aantal)
      select ${MAAND('d.beeindigd_op')} as maand, d.vt_organisatie, coalesce(g.gemeente, 'ONBEKEND') as gemeente, o.aard_geweld, o.uitkomst,
             d.voortijdig_afgesloten, count(*)::int as aantal
        from onderzoek_uitkomst o join ${bron('dienst', 'DIENST', 'beeindigd_op', p)} d on d.id = o.dienst_id join casus c on c.id = d.casus_id ${EERSTE_MELDING}
       where d.beeindigd_op is not null
       group by 1, 2, 3, 4, 5, 6`,
  },
  // Termijnen (not cancelled) per month of their due day (migration 13); decided: met, or still open at `nu`.
  analyse_termijn: {
    familie: 'TERMIJN',
    parameters: ['nu'],
    vul: (p) => `(maand, vt_organisatie, gemeente, soort, aantal, aantal_beslist, aantal_gehaald)
      select date_trunc('month', t.vervaldatum::timestamp)::date as maand, t.vt_organisatie, coalesce(g.gemeente, 'ONBEKEND') as gemeente, t.soort,
             count(*)::int as aantal,
             (count(*) filter (where t.status = 'VOLDAAN' or t.vervalt_op <= ?::timestamptz))::int as aantal_beslist,
             (count(*) filter (where t.status = 'VOLDAAN' and t.afgehandeld_op < t.vervalt_op))::int as aantal_gehaald
        from ${bron('termijn', 'TERMIJN', 'vervaldatum', p)} t
        left join lateral (select m.gemeente from melding m where m.casus_id = t.casus_id order by m.ontvangen_op, m.id limit 1) g on true
       where t.status <> 'GEANNULEERD'
       group by 1, 2, 3, 4`,
  },
  analyse_casus_aard: {
    familie: 'CASUS',
    vul: (p) => `(maand, vt_organisatie, gemeente, aard_geweld, aantal)
      select ${MAAND('c.geopend_op')} as maand, c.vt_organisatie, coalesce(g.gemeente, 'ONBEKEND') as gemeente, a.aard_geweld, count(*)::int as aantal
        from ${bron('casus', 'CASUS', 'geopend_op', p)} c ${EERSTE_MELDING} ${AARDEN}
       group by 1, 2, 3, 4`,
  },
  analyse_dienst_aard: {
    familie: 'DIENST',
    vul: (p) => `(maand, vt_organisatie, gemeente, soort, voortijdig_afgesloten, aard_geweld, aantal)
      select ${MAAND('d.beeindigd_op')} as maand, d.vt_organisatie, coalesce(g.gemeente, 'ONBEKEND') as gemeente, d.soort, d.voortijdig_afgesloten,
             a.aard_geweld, count(*)::int as aantal
        from ${bron('dienst', 'DIENST', 'beeindigd_op', p)} d join casus c on c.id = d.casus_id ${EERSTE_MELDING} ${AARDEN}
       where d.beeindigd_op is not null
       group by 1, 2, 3, 4, 5, 6`,
  },
};
