import { Migration } from '@mikro-orm/migrations';

/**
 * Incremental rollups (issue 18.6): the fifteen analyse_* materialized views become plain tables with the same name,
 * columns and contents, maintained per slice (month, region) by the job `analyse-verversen`
 * (src/analyse/rollup-verversing.ts) instead of a full REFRESH of every view.
 *
 * - A slice belongs to a family of rollups that share a source and a month: MELDING (month of receipt: analyse_melding,
 *   its five narrow copies and analyse_melding_aard), ADVIES (month of receipt), CASUS (month of opening), DIENST (month
 *   of ending: analyse_dienst, analyse_dienst_aard, analyse_onderzoek_uitkomst) and TERMIJN (month of the due day).
 * - `analyse_vuil` is an append-only log of dirty slices: statement-level triggers on the source tables (transition
 *   tables, so a bulk insert costs one insert of its distinct slices, not one per row) append every slice a statement
 *   touched, in the writer's transaction. No unique key: a writer never waits for the refresh, which claims the rows
 *   it sees (`delete … returning`) and leaves those committed later for the next run. A row with maand null marks the
 *   whole family (after this migration, and when asked for a full refresh).
 * - An update marks only when a column the rollups read changed, or the row's key (a melding's workflow updates mark
 *   nothing; the anonymous residue of a destroyed dossier, which gets new ids, marks its slices). A change
 *   to a melding of a casus marks the casus's slices too (its gemeente and aarden come from its meldingen), and those
 *   of its ended diensten and termijnen.
 * - The trigger functions are SECURITY DEFINER of `ketenpoort_ververser`, which reads every region (migration 10):
 *   the lookups of a veiligheidsbeoordeling's melding or a casus's diensten do not depend on the writer's RLS scope.
 * - The rollup tables are owned by `ketenpoort_ververser` (as the views were); `ketenpoort_analist` reads them,
 *   `ketenpoort_dienst` only reads them (it wrote nothing to the views either).
 * - Indexes for the slice reads: casus by (region, opening), dienst by (region, ending) and by casus, termijn by
 *   (region, due day); melding and advies have theirs, onderzoek_uitkomst its primary key (migration 3).
 * - `analyse_verversverzoek`: an analyst's or functional administrator's request for a refresh, worked off by the
 *   worker (src/analyse/analyse-verversverzoek.ts).
 * - `analyse_stand`: up to which moment the refresh has counted termijnen as decided by time (`vervalt_op` passed):
 *   the only part of a rollup that changes without a row changing.
 */
const ROLLUPS: readonly { naam: string; index: string; extra?: readonly string[] }[] = [
  {
    naam: 'analyse_melding',
    index:
      'maand, vt_organisatie, gemeente, hoedanigheid_melder, organisatie_melder, eerdere_betrokkenheid, vb_uitkomst, taxatie, acuut',
    extra: [
      'create index analyse_melding_regio_idx on analyse_melding (vt_organisatie, maand)',
      'create index analyse_melding_gemeente_idx on analyse_melding (gemeente, maand)',
    ],
  },
  { naam: 'analyse_melding_gemeente', index: 'maand, vt_organisatie, gemeente' },
  { naam: 'analyse_melding_eerder', index: 'maand, vt_organisatie, eerdere_betrokkenheid' },
  { naam: 'analyse_melding_vb', index: 'maand, vt_organisatie, vb_uitkomst, taxatie' },
  { naam: 'analyse_melding_melder', index: 'maand, vt_organisatie, hoedanigheid_melder, organisatie_melder' },
  { naam: 'analyse_melding_gemeente_hoedanigheid', index: 'maand, vt_organisatie, gemeente, hoedanigheid_melder' },
  { naam: 'analyse_melding_aard', index: 'maand, vt_organisatie, gemeente, aard_geweld' },
  { naam: 'analyse_advies', index: 'maand, vt_organisatie, gemeente, hoedanigheid, organisatie' },
  { naam: 'analyse_advies_aard', index: 'maand, vt_organisatie, gemeente, aard_geweld' },
  { naam: 'analyse_casus', index: 'maand, vt_organisatie, gemeente' },
  { naam: 'analyse_dienst', index: 'maand, vt_organisatie, gemeente, soort, voortijdig_afgesloten' },
  {
    naam: 'analyse_onderzoek_uitkomst',
    index: 'maand, vt_organisatie, gemeente, aard_geweld, uitkomst, voortijdig_afgesloten',
  },
  { naam: 'analyse_termijn', index: 'maand, vt_organisatie, gemeente, soort' },
  { naam: 'analyse_casus_aard', index: 'maand, vt_organisatie, gemeente, aard_geweld' },
  { naam: 'analyse_dienst_aard', index: 'maand, vt_organisatie, gemeente, soort, voortijdig_afgesloten, aard_geweld' },
];
/** Views that read another view go first when dropping. */
const AFHANKELIJK = new Set([
  'analyse_melding_gemeente',
  'analyse_melding_eerder',
  'analyse_melding_vb',
  'analyse_melding_melder',
  'analyse_melding_gemeente_hoedanigheid',
]);
const FAMILIES = ['MELDING', 'ADVIES', 'CASUS', 'DIENST', 'TERMIJN'] as const;

const MAAND = (kolom: string): string => `date_trunc('month', ${kolom} at time zone 'Europe/Amsterdam')::date`;
const TERMIJN_MAAND = (kolom: string): string => `date_trunc('month', ${kolom}::timestamp)::date`;

/** The slices a set of melding rows (`x`) touches through their casus: the casus, its ended diensten, its termijnen. */
const viaCasus = (x: string): string => `
  select 'CASUS', ${MAAND('c.geopend_op')}, c.vt_organisatie from ${x} x join casus c on c.id = x.casus_id
  union select 'DIENST', ${MAAND('d.beeindigd_op')}, d.vt_organisatie from ${x} x join dienst d on d.casus_id = x.casus_id where d.beeindigd_op is not null
  union select 'TERMIJN', ${TERMIJN_MAAND('t.vervaldatum')}, t.vt_organisatie from ${x} x join termijn t on t.casus_id = x.casus_id where t.status <> 'GEANNULEERD'`;

/**
 * Per source table: its key (to pair old and new rows of an update), the columns the rollups read (an update that
 * changes none of them marks nothing), and the slices a set of its rows `x` touches.
 */
const BRONNEN: readonly { tabel: string; sleutel: string; kolommen: string; slices: (x: string) => string }[] = [
  {
    tabel: 'melding',
    sleutel: 'id',
    kolommen:
      'ontvangen_op, vt_organisatie, gemeente, hoedanigheid_melder, organisatie_melder, eerdere_betrokkenheid, acuut, aard_geweld, casus_id',
    slices: (x) => `select 'MELDING', ${MAAND('x.ontvangen_op')}, x.vt_organisatie from ${x} x
      union ${viaCasus(x)}`,
  },
  {
    tabel: 'veiligheidsbeoordeling',
    sleutel: 'melding_id',
    kolommen: 'uitkomst, taxatie, binnen_termijn, beoordeeld_op',
    slices: (x) =>
      `select 'MELDING', ${MAAND('m.ontvangen_op')}, m.vt_organisatie from ${x} x join melding m on m.id = x.melding_id`,
  },
  {
    tabel: 'advies',
    sleutel: 'id',
    kolommen:
      'ontvangen_op, vt_organisatie, gemeente, hoedanigheid_adviesvrager, organisatie_adviesvrager, aard_geweld',
    slices: (x) => `select 'ADVIES', ${MAAND('x.ontvangen_op')}, x.vt_organisatie from ${x} x`,
  },
  {
    tabel: 'casus',
    sleutel: 'id',
    kolommen: 'geopend_op, vt_organisatie',
    slices: (x) => `select 'CASUS', ${MAAND('x.geopend_op')}, x.vt_organisatie from ${x} x`,
  },
  {
    tabel: 'dienst',
    sleutel: 'id',
    kolommen: 'beeindigd_op, gestart_op, vt_organisatie, soort, voortijdig_afgesloten, casus_id',
    slices: (x) =>
      `select 'DIENST', ${MAAND('x.beeindigd_op')}, x.vt_organisatie from ${x} x where x.beeindigd_op is not null`,
  },
  {
    tabel: 'onderzoek_uitkomst',
    sleutel: '',
    kolommen: '',
    slices: (
      x,
    ) => `select 'DIENST', ${MAAND('d.beeindigd_op')}, d.vt_organisatie from ${x} x join dienst d on d.id = x.dienst_id
      where d.beeindigd_op is not null`,
  },
  {
    tabel: 'termijn',
    sleutel: 'id',
    kolommen: 'status, vervaldatum, vervalt_op, afgehandeld_op, vt_organisatie, soort, casus_id',
    slices: (x) => `select 'TERMIJN', ${TERMIJN_MAAND('x.vervaldatum')}, x.vt_organisatie from ${x} x`,
  },
];

const ververser = (sql: string, wat: string): string =>
  `do $$ begin execute '${sql.replace(/'/g, "''")}'; exception when others then raise warning '${wat}: %', sqlerrm; end $$;`;

export class Migration20261206000038_analyse_incrementeel extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table analyse_vuil (
        familie text not null check (familie in (${FAMILIES.map((f) => `'${f}'`).join(', ')})),
        maand date,
        vt_organisatie text,
        check ((maand is null) = (vt_organisatie is null))
      );`);
    this.addSql(`create table analyse_stand (
        sleutel text primary key,
        tot timestamptz not null
      );`);
    this.addSql(`create table analyse_verversverzoek (
        id uuid primary key,
        aangevraagd_door text not null,
        organisatie text not null,
        aangevraagd_op timestamptz not null,
        status text not null check (status in ('WACHTEND', 'KLAAR')),
        voltooid_op timestamptz,
        plakken integer
      );`);
    this.addSql(
      `create unique index analyse_verversverzoek_een_wachtend on analyse_verversverzoek ((true)) where status = 'WACHTEND';`,
    );
    this.addSql(`create index analyse_verversverzoek_op_idx on analyse_verversverzoek (aangevraagd_op desc);`);

    // The views' definitions and indexes are kept, so the down migration can put the same views back.
    this.addSql(`create table analyse_rollup_view (
        naam text primary key,
        volgorde integer not null,
        definitie text not null,
        indexen text[] not null
      );`);
    ROLLUPS.forEach(({ naam }, i) =>
      this.addSql(`insert into analyse_rollup_view (naam, volgorde, definitie, indexen)
        select '${naam}', ${i}, pg_get_viewdef(c.oid), array(select pg_get_indexdef(x.indexrelid) from pg_index x where x.indrelid = c.oid)
          from pg_class c where c.oid = 'public.${naam}'::regclass;`),
    );
    // The views become tables with the same contents (readers keep their figures until the first refresh).
    for (const { naam } of ROLLUPS) {
      this.addSql(`create table ${naam}_tabel as select * from ${naam};`);
    }
    for (const { naam } of [...ROLLUPS].sort(
      (a, b) => Number(AFHANKELIJK.has(b.naam)) - Number(AFHANKELIJK.has(a.naam)),
    )) {
      this.addSql(`drop materialized view ${naam};`);
    }
    for (const { naam, index, extra } of ROLLUPS) {
      this.addSql(`alter table ${naam}_tabel rename to ${naam};`);
      this.addSql(`create unique index ${naam}_uniq on ${naam} (${index});`);
      for (const x of extra ?? []) this.addSql(`${x};`);
      this.addSql(
        ververser(`alter table ${naam} owner to ketenpoort_ververser`, `eigenaar van ${naam} niet gewijzigd`),
      );
      this.addSql(`grant select on ${naam} to ketenpoort_analist;`);
      this.addSql(
        `do $$ begin revoke insert, update, delete, truncate on ${naam} from ketenpoort_dienst; grant select on ${naam} to ketenpoort_dienst;
         exception when undefined_object then null; end $$;`,
      );
    }
    // The refresh works as ketenpoort_ververser; the feestdagen sync (as the service role) marks slices too.
    for (const t of ['analyse_vuil', 'analyse_stand']) {
      this.addSql(ververser(`alter table ${t} owner to ketenpoort_ververser`, `eigenaar van ${t} niet gewijzigd`));
    }
    this.addSql(
      `do $$ begin grant select, insert on analyse_vuil to ketenpoort_dienst; exception when undefined_object then null; end $$;`,
    );
    this.addSql(
      ververser(
        `grant select, insert, update on analyse_verversing to ketenpoort_ververser`,
        'analyse_verversing voor ververser',
      ),
    );
    // Everything is dirty once: the first refresh recomputes every family (the views may have been stale).
    for (const f of FAMILIES) this.addSql(`insert into analyse_vuil (familie) values ('${f}');`);

    this.addSql(`create index casus_vt_geopend_idx on casus (vt_organisatie, geopend_op);`);
    this.addSql(
      `create index dienst_vt_beeindigd_idx on dienst (vt_organisatie, beeindigd_op) where beeindigd_op is not null;`,
    );
    this.addSql(`create index dienst_casus_idx on dienst (casus_id);`);
    this.addSql(`create index termijn_vt_vervaldatum_idx on termijn (vt_organisatie, vervaldatum);`);

    for (const b of BRONNEN) {
      const markeer = (x: string): string =>
        `insert into public.analyse_vuil (familie, maand, vt_organisatie) select distinct * from (${b.slices(x)}) s;`;
      // The rows of one side of an update that changed a column the rollups read, or whose key has no partner on
      // the other side (the anonymous residue of a destroyed dossier gets new ids).
      const gewijzigd = (kant: 'nieuw' | 'oud'): string => {
        if (!b.sleutel) return kant;
        const [deze, andere] = kant === 'nieuw' ? ['n', 'o'] : ['o', 'n'];
        const rij = (x: string): string =>
          b.kolommen
            .split(', ')
            .map((k) => `${x}.${k}`)
            .join(', ');
        return `(select ${deze}.* from ${kant} ${deze} left join ${kant === 'nieuw' ? 'oud' : 'nieuw'} ${andere}
                   on ${andere}.${b.sleutel} = ${deze}.${b.sleutel}
                 where ${andere}.${b.sleutel} is null or (${rij(deze)}) is distinct from (${rij(andere)}))`;
      };
      const fn = `analyse_vuil_${b.tabel}`;
      this.addSql(`create function ${fn}() returns trigger language plpgsql security definer
        set search_path = pg_catalog, public as $$
        begin
          if tg_op = 'INSERT' then
            ${markeer('nieuw')}
          elsif tg_op = 'DELETE' then
            ${markeer('oud')}
          else
            ${markeer(gewijzigd('nieuw'))}
            ${markeer(gewijzigd('oud'))}
          end if;
          return null;
        end $$;`);
      this.addSql(
        ververser(`alter function ${fn}() owner to ketenpoort_ververser`, `eigenaar van ${fn} niet gewijzigd`),
      );
      this.addSql(
        `create trigger ${fn}_i after insert on ${b.tabel} referencing new table as nieuw for each statement execute function ${fn}();`,
      );
      this.addSql(
        `create trigger ${fn}_u after update on ${b.tabel} referencing old table as oud new table as nieuw for each statement execute function ${fn}();`,
      );
      this.addSql(
        `create trigger ${fn}_d after delete on ${b.tabel} referencing old table as oud for each statement execute function ${fn}();`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const b of BRONNEN) {
      for (const s of ['i', 'u', 'd']) {
        this.addSql(`drop trigger if exists analyse_vuil_${b.tabel}_${s} on ${b.tabel};`);
      }
      this.addSql(`drop function if exists analyse_vuil_${b.tabel}();`);
    }
    this.addSql(`drop index if exists casus_vt_geopend_idx;`);
    this.addSql(`drop index if exists dienst_vt_beeindigd_idx;`);
    this.addSql(`drop index if exists termijn_vt_vervaldatum_idx;`);
    this.addSql(`drop index if exists dienst_casus_idx;`);
    this.addSql(`drop table if exists analyse_verversverzoek;`);
    this.addSql(`drop table if exists analyse_stand;`);
    this.addSql(`drop table if exists analyse_vuil;`);
    // The tables become the views they were (definitions and indexes as kept by `up`), computed anew.
    for (const { naam } of ROLLUPS) this.addSql(`drop table if exists ${naam};`);
    for (const { naam } of ROLLUPS) {
      this.addSql(`do $$ declare v record; i text; begin
          select * into v from analyse_rollup_view where naam = '${naam}';
          execute format('create materialized view %I as %s', v.naam, rtrim(v.definitie, '; ' || chr(10)));
          foreach i in array v.indexen loop execute i; end loop;
        end $$;`);
      this.addSql(
        ververser(
          `alter materialized view ${naam} owner to ketenpoort_ververser`,
          `eigenaar van ${naam} niet gewijzigd`,
        ),
      );
      this.addSql(`grant select on ${naam} to ketenpoort_analist;`);
    }
    this.addSql(`drop table if exists analyse_rollup_view;`);
  }
}
