/**
 * Data generator for the analyst benchmark (issue 5): N meldingen (BENCH_MELDINGEN, default 10.000.000) over ten
 * years (2016–2025) and the 26 VT regions, in the proportions of DOMAIN.md §6 and the CBS tables of §3.3, with
 * what the analytics count around them: casussen, veiligheidsbeoordelingen, diensten (onderzoek, voorwaarden en
 * vervolg, verzoek tot onderzoek, overdracht, monitoring), onderzoeksuitkomsten per aard, adviezen (≈ 1,1 per
 * melding) and, optionally, the veiligheidsbeoordeling and onderzoek termijnen.
 *
 *   DATABASE_URL=postgres://postgres@…/<empty db> node dist/bench/analyse-generator.js
 *       (BENCH_MELDINGEN=10000000 BENCH_CHUNK=500000 BENCH_GEN_FK=0 BENCH_GEN_TERMIJNEN=0)
 *
 * How:
 *   - Set-based: each chunk (BENCH_CHUNK, default 500.000 meldingen) is one transaction of `insert … select … from
 *     generate_series(a, b)` statements, via a temporary table holding the chunk's draws. Every draw is a
 *     deterministic pseudo-random number from `hashint8extended(i, k)` (PostgreSQL's 64-bit hash of the series
 *     number i with seed k), so a given N always yields the same data.
 *   - Time is monotone in i (melding i falls at position i/N of the ten years, weighted per year), so the tables
 *     are laid out in arrival order as in production; ids are sequential UUIDs (`b00000TT-0000-4000-8000-<i>`, TT
 *     per table) so the primary keys are appended to, not scattered. Production uses random UUIDv4; the analytics
 *     never look at ids.
 *   - Only what the constraints require: no melder, betrokkene, persoon or casus_persoon rows (nothing requires
 *     them and the analytics read no person); omschrijving and toelichting are one fixed sentence.
 *   - Row-level security is FORCEd on the case tables, which binds the owner too, but not a superuser (nor a role
 *     with BYPASSRLS): the generator refuses to run as anything else. The bench connects as `postgres`.
 *   - Foreign keys: the load runs with `session_replication_role = replica` (superuser only), which skips the per-row
 *     RI triggers (they more than doubled the load time: 56 s instead of 23 s per 500.000 meldingen); CHECK and NOT
 *     NULL constraints still apply. Afterwards every foreign key of the loaded tables is checked with one anti-join
 *     and the run fails on any violation. BENCH_GEN_FK=1 keeps the triggers on instead. Replica mode would also skip
 *     triggers of the application's own, so the generator refuses it if the tables have any, except the analysis's
 *     dirty-slice triggers (migration 38): after the load it marks every rollup family dirty as a whole instead.
 *   - Meldingen (with everything hanging off them) and adviezen load on two connections in parallel.
 *
 * Proportions (sources in DOMAIN.md; [VERZONNEN] marks figures this generator makes up where the brief gives none):
 *   - regions: weights from the 2023 region volumes in §6 where given (Gooi en Vechtstreek 1.266, Drenthe 1.905,
 *     Gelderland-Midden 3.060, Gelderland-Zuid 2.695, Noord- en Oost-Gelderland 2.810, Amsterdam-Amstelland ≈ 9.900
 *     = the municipality's 8.975 plus ≈ 10 % for Amstelland [VERZONNEN]); the other 20 regions share the rest of
 *     the national 127.340 equally (≈ 5.285 each);
 *   - years: 2016 0,45, 2017 0,75 (police meldingen start mid-2017, §6 growth table) then 1,0–1,04 as the national
 *     totals 2018–2025; uniform within a year;
 *   - melder: 92 % beroepsmatig (2023: 116.520 of 126.750); police share of professional meldingen 10 % before
 *     July 2017, 45 % in H2 2017, 60 % from 2018 [VERZONNEN, after the brief]; the rest of the professional
 *     organisations and all shares below that are not in §6 are [VERZONNEN];
 *   - aard geweld: 50 % kindermishandeling, 38 % (ex-)partnergeweld, 2 % ouderenmishandeling, 10 % the other
 *     five values (§6, 2024); 8 % of meldingen carry a second aard [VERZONNEN];
 *   - eerdere betrokkenheid: 31,9 / 38,1 / 13,3 / 10,1 / 5,1 / 1,5 % (§6, 2023); first meldingen, hermeldingen and
 *     unclassified ones open a casus, vervolgmeldingen join the latest casus opened in their region in the chunk;
 *   - veiligheidsbeoordeling: taxatie acuut 10 / structureel 50 / geen 30 / onbekend 10 % [VERZONNEN]; uitkomst
 *     overdracht 50 / vervolgstappen bij VT 13,3 / geen vervolgstappen 30 / regionaal maatwerk 6,7 % [VERZONNEN,
 *     sized so that onderzoek lands at 7.350 a year]; duration in working days 0–1 30 %, 2–3 35 %, 4–5 15 %,
 *     6–10 12 %, 11–30 8 %: 20 % beyond the 5 working days (binnen_termijn false);
 *   - vervolgstappen: onderzoek 43,6 % (≈ 5,8 % of meldingen = 7.350 a year at 2023 volume), 24 % of them
 *     voortijdig afgesloten (§6: 5.595 of 7.350 not early); voorwaarden en vervolg 52,6 %; verzoek tot onderzoek
 *     3,8 %; half of onderzoek and V&V followed by monitoring [VERZONNEN]; onderzoek outcome per aard bevestigd
 *     55 / niet bevestigd 30 / weerlegd 15 % [VERZONNEN];
 *   - adviezen: 1,1 per melding overall, the ratio rising from ≈ 0,85 (2016–2019) to 1,28 (2025) (§6); 55 %
 *     beroepsmatig (2023: 78.035 of 141.235);
 *   - gemeente: a few CBS gemeentecodes per region (from memory, not checked against the CBS list [VERZONNEN where
 *     wrong]); the central city takes half of the region. Written only if the column exists (migration 10).
 *   - Everything generated has ended by the end of 2026-10: diensten, termijnen and casussen are closed, the
 *     partial "running" indexes stay empty.
 */
import { Client } from 'pg';

import regioData from '../data/vt-regios.json';

export interface GeneratorOpties {
  meldingen: number;
  /** Meldingen per transaction (default 500.000). */
  chunk?: number;
  /**
   * Keep the per-row foreign-key triggers during the load (BENCH_GEN_FK=1). Default false: the load runs with
   * `session_replication_role = replica` (no triggers fire; CHECK and NOT NULL still apply) and every foreign key
   * of the loaded tables is checked afterwards with one anti-join each (`fkControle` in the result).
   */
  fkTijdensLaden?: boolean;
  /** Also generate termijnen (veiligheidsbeoordeling per melding, onderzoek per onderzoek; BENCH_GEN_TERMIJNEN=1).
   * The rollups of migration 10 do not read them (the termijn measure is veiligheidsbeoordeling.binnen_termijn). */
  termijnen?: boolean;
  log?: (regel: string) => void;
}

export interface GeneratorResultaat {
  meldingen: number;
  rijen: Record<string, number>;
  totaalRijen: number;
  seconden: number;
  /** Of which VACUUM ANALYZE at the end. */
  vacuumSeconden: number;
  rijenPerSeconde: number;
  meldingenPerSeconde: number;
  gemeenteKolom: boolean;
  fkTijdensLaden: boolean;
  /** Seconds per step summed over the chunks. */
  stappen: Record<string, number>;
  /** Per foreign key checked after the load: violating rows (must be 0) and seconds. */
  fkControle: { fk: string; fouten: number; seconden: number }[];
}

/** 2023 meldingen per region where DOMAIN.md §6 gives them; the rest share the remainder of 127.340 equally. */
const GEGEVEN: Record<string, number> = { VT03: 1905, VT06: 2810, VT07: 3060, VT08: 2695, VT13: 9900, VT14: 1266 };
/** Meldingen weight per year 2016..2025 (2018 = 1). */
const JAARGEWICHT = [0.45, 0.75, 1.0, 1.02, 1.0, 0.96, 0.94, 1.0, 1.0, 1.04];
/** Adviezen per melding per year 2016..2025, scaled below so that the total is 1,1 per melding. */
const ADVIESRATIO = [0.85, 0.85, 0.85, 0.82, 0.9, 1.05, 1.1, 1.12, 1.17, 1.28];
const JAREN = JAARGEWICHT.map((_, k) => 2016 + k);

/**
 * CBS gemeentecodes per region: a few, central city first. VT09, VT14 and Amsterdam as in src/analyse/data/gemeenten.json;
 * the others from memory, not checked against the CBS list [VERZONNEN where wrong].
 */
const GEMEENTEN: Record<string, string[]> = {
  VT01: ['GM0014', 'GM1966', 'GM0037'],
  VT02: ['GM0080', 'GM0090', 'GM0086'],
  VT03: ['GM0106', 'GM0114', 'GM0119'],
  VT04: ['GM0193', 'GM0150', 'GM0166'],
  VT05: ['GM0153', 'GM0164', 'GM0141'],
  VT06: ['GM0200', 'GM0301', 'GM0262'],
  VT07: ['GM0202', 'GM0228', 'GM0274'],
  VT08: ['GM0268', 'GM0209', 'GM0296'],
  VT09: ['GM0344', 'GM0307', 'GM0356', 'GM0355'],
  VT10: ['GM0361', 'GM0400', 'GM1911'],
  VT11: ['GM0479', 'GM0439', 'GM0415'],
  VT12: ['GM0392', 'GM0453', 'GM0394'],
  VT13: ['GM0363', 'GM0362', 'GM0437'],
  VT14: ['GM0402', 'GM0406', 'GM1942', 'GM0417', 'GM0376', 'GM1696'],
  VT15: ['GM0518', 'GM0603', 'GM1783'],
  VT16: ['GM0546', 'GM0513', 'GM0484'],
  VT17: ['GM0599', 'GM0503', 'GM0606'],
  VT18: ['GM0505', 'GM0642', 'GM1963'],
  VT19: ['GM0687', 'GM0715', 'GM0664'],
  VT20: ['GM0758', 'GM0748', 'GM0777'],
  VT21: ['GM0855', 'GM0785', 'GM0867'],
  VT22: ['GM0796', 'GM0828', 'GM1721'],
  VT23: ['GM0772', 'GM0794', 'GM0861'],
  VT24: ['GM0983', 'GM0957', 'GM1894'],
  VT25: ['GM0935', 'GM0917', 'GM0928'],
  VT26: ['GM0034', 'GM0995', 'GM0171'],
};

/** A uniform draw in [0, 1) from series number `i` and seed `k`. */
const u = (k: number, i = 'g.i'): string => `((hashint8extended(${i}, ${k}) & 2147483647)::float8 / 2147483648.0)`;
/** A sequential UUID for table tag `tt` (two hex digits) and number expression `n`. */
const id = (tt: string, n: string): string => `('b00000${tt}-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
const arr = (xs: readonly (string | number)[], soort = ''): string =>
  `(array[${xs.map((x) => (typeof x === 'number' ? String(x) : `'${x}'`)).join(',')}]${soort ? `::${soort}[]` : ''})`;

/** `case` picking labels by cumulative probability of draw `draw`. */
function kies(draw: string, kansen: readonly [string, number][]): string {
  let som = 0;
  const takken = kansen.slice(0, -1).map(([w, p]) => ((som += p), `when ${draw} < ${som.toFixed(6)} then ${w}`));
  return `(case ${takken.join(' ')} else ${kansen[kansen.length - 1][0]} end)`;
}
const q = (s: string): string => `'${s}'`;

/** Cumulative thresholds (without the final 1) for width_bucket over weights. */
function drempels(gewichten: readonly number[]): number[] {
  const totaal = gewichten.reduce((a, b) => a + b, 0);
  let som = 0;
  return gewichten.slice(0, -1).map((w) => (som += w) / totaal);
}

/** Per year: the first series number and the count, for N items spread over the years by `gewichten`. */
function jaarIndeling(n: number, gewichten: readonly number[]): { start: number[]; aantal: number[] } {
  const totaal = gewichten.reduce((a, b) => a + b, 0);
  const start: number[] = [];
  const aantal: number[] = [];
  let s = 0;
  gewichten.forEach((_, k) => {
    const eind =
      k === gewichten.length - 1 ? n : Math.round((n * gewichten.slice(0, k + 1).reduce((a, b) => a + b, 0)) / totaal);
    start.push(s);
    aantal.push(Math.max(eind - s, 0));
    s = eind;
  });
  return { start, aantal };
}

/** SQL for the timestamp of series number g.i given a year layout: uniform within the year, monotone in i. */
function tijdstip(indeling: { start: number[]; aantal: number[] }): string {
  const y = `width_bucket(g.i, ${arr(indeling.start.slice(1), 'bigint')})`; // 0..9
  const jaarStart = `make_timestamptz(${arr(JAREN)}[${y} + 1], 1, 1, 0, 0, 0, 'Europe/Amsterdam')`;
  const frac = `((g.i - ${arr(indeling.start)}[${y} + 1])::float8 + 0.5) / greatest(${arr(indeling.aantal)}[${y} + 1], 1)`;
  return `(${jaarStart} + (${frac}) * (make_timestamptz(${arr(JAREN)}[${y} + 1] + 1, 1, 1, 0, 0, 0, 'Europe/Amsterdam') - ${jaarStart}))`;
}

const PROF_ORG: [string, number][] = [
  ['GEZONDHEIDSZORG', 0.2],
  ['GGZ', 0.07],
  ['KINDEROPVANG', 0.03],
  ['ONDERWIJS', 0.16],
  ['BUREAU_LEERPLICHT', 0.02],
  ['JEUGDZORG', 0.17],
  ['OPENBAAR_MINISTERIE', 0.02],
  ['RECLASSERING', 0.03],
  ['JUSTITIE_EN_VEILIGHEID_ANDERS', 0.03],
  ['VEILIG_THUIS_ANDERE_REGIO', 0.05],
  ['VEILIG_THUIS_REGIONAAL_MAATWERK', 0.02],
  ['ANDERE_ORGANISATIE', 0.18],
  ['ONBEKEND', 0.02],
];

export async function genereerAnalyseData(dbUrl: string, opties: GeneratorOpties): Promise<GeneratorResultaat> {
  const n = opties.meldingen;
  const chunk = opties.chunk ?? 500_000;
  const log = opties.log ?? ((r: string) => process.stdout.write(`${r}\n`));
  const metTermijnen = opties.termijnen ?? false;
  const fkTijdensLaden = opties.fkTijdensLaden ?? false;
  const c = new Client({ connectionString: dbUrl });
  const c2 = new Client({ connectionString: dbUrl });
  await c.connect();
  await c2.connect();
  try {
    const rol = (
      await c.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
        `select rolsuper, rolbypassrls from pg_roles where rolname = current_user`,
      )
    ).rows[0];
    if (!rol?.rolsuper && !rol?.rolbypassrls) {
      throw new Error(
        'De generator schrijft langs de rijbeveiliging (FORCE ROW LEVEL SECURITY): verbind als superuser of als rol met BYPASSRLS.',
      );
    }
    const regios = (
      await c.query<{ code: string }>(
        `select code from organisatie where soort = 'VEILIG_THUIS' and actief order by code`,
      )
    ).rows.map((r) => r.code);
    if (regios.length !== regioData.regios.length) {
      throw new Error(
        `verwacht ${regioData.regios.length} VT-regio's in organisatie, gevonden ${regios.length} (eerst synchroniseerVtRegios)`,
      );
    }
    const gemeenteKolom =
      (
        await c.query(
          `select 1 from information_schema.columns where table_name = 'melding' and column_name = 'gemeente'`,
        )
      ).rowCount === 1;
    const adviesGemeente =
      (
        await c.query(
          `select 1 from information_schema.columns where table_name = 'advies' and column_name = 'gemeente'`,
        )
      ).rowCount === 1;

    const rest =
      (127_340 - Object.values(GEGEVEN).reduce((a, b) => a + b, 0)) / (regios.length - Object.keys(GEGEVEN).length);
    const regioDrempels = drempels(regios.map((r) => GEGEVEN[r] ?? rest));
    const regioExpr = (draw: string): string =>
      `(${arr(regios)})[width_bucket(${draw}, ${arr(regioDrempels, 'float8')}) + 1]`;
    const gemeenteExpr = (regio: string, draw: string): string =>
      `(case ${regios
        .map(
          (r) =>
            `when ${regio} = '${r}' then ${kies(
              draw,
              (GEMEENTEN[r] ?? [`GM9${r.slice(2)}0`]).map((g, k, a): [string, number] => [
                q(g),
                k === 0 ? 0.5 : 0.5 / (a.length - 1),
              ]),
            )}`,
        )
        .join(' ')} end)`;

    const meldingJaren = jaarIndeling(n, JAARGEWICHT);
    const adviesGewichten = JAARGEWICHT.map((w, k) => w * ADVIESRATIO[k]);
    const nAdvies = Math.round(n * 1.1);
    const adviesJaren = jaarIndeling(nAdvies, adviesGewichten);

    const tabellen = [
      'casus',
      'melding',
      'veiligheidsbeoordeling',
      'dienst',
      'onderzoek_uitkomst',
      'advies',
      ...(metTermijnen ? ['termijn'] : []),
    ];
    if (!fkTijdensLaden) {
      // Replica mode skips every trigger, not only the foreign-key ones: refuse if the tables have triggers of their own,
      // except the analysis's dirty-slice triggers (migration 38), whose work is done after the load by marking every
      // rollup family dirty as a whole.
      const eigen = await c.query<{ tabel: string; tgname: string }>(
        `select tgrelid::regclass::text as tabel, tgname from pg_trigger
          where not tgisinternal and tgrelid = any($1::regclass[]) and tgname not like 'analyse\\_vuil\\_%'`,
        [tabellen],
      );
      if (eigen.rowCount) {
        throw new Error(
          `triggers op de brontabellen (${eigen.rows.map((r) => `${r.tabel}.${r.tgname}`).join(', ')}): draai met BENCH_GEN_FK=1`,
        );
      }
    }
    for (const k of [c, c2]) {
      await k.query(`set synchronous_commit = off`);
      await k.query(`set work_mem = '256MB'`);
      if (!fkTijdensLaden) await k.query(`set session_replication_role = replica`);
    }

    const rijen: Record<string, number> = {};
    const stappen: Record<string, number> = {};
    /** Runs one statement, adds its rows to `tabel` and its time to the step of that name. */
    const stap = async (k: Client, tabel: string, sql: string): Promise<void> => {
      const ts = Date.now();
      const r = await k.query(sql);
      stappen[tabel] = (stappen[tabel] ?? 0) + (Date.now() - ts) / 1000;
      if (r.command === 'INSERT') rijen[tabel] = (rijen[tabel] ?? 0) + (r.rowCount ?? 0);
    };
    const t0 = Date.now();

    const politieKans = `(case when g.ts < timestamptz '2017-07-01 00:00+02' then 0.10 when g.ts < timestamptz '2018-01-01 00:00+01' then 0.45 else 0.60 end)`;
    const aard = (k: number): string =>
      kies(u(k), [
        [q('KINDERMISHANDELING'), 0.5],
        [q('EX_PARTNERGEWELD'), 0.38],
        [q('OUDERENMISHANDELING'), 0.02],
        [q('GEWELD_TEGEN_OUDERS'), 0.03],
        [q('HUISELIJK_GEWELD_OVERIG'), 0.04],
        [q('ANDERE_PROBLEMATIEK'), 0.02],
        [q('GEEN_KINDERMISHANDELING_OF_HUISELIJK_GEWELD'), 0.005],
        [q('ONBEKEND'), 0.005],
      ]);

    const meldingenLaden = async (): Promise<void> => {
      for (let a = 0; a < n; a += chunk) {
        const b = Math.min(a + chunk, n) - 1;
        const tc = Date.now();
        await c.query('begin');
        // The chunk's draws, once: region, time, melder, aard, history, assessment, dienst.
        await stap(
          c,
          'trekking (temp)',
          `
        create temp table g on commit drop as
        with basis as (
          select g.i, ${regioExpr(u(1))} as regio, ${tijdstip(meldingJaren)} as ts from generate_series(${a}::bigint, ${b}::bigint) as g(i)
        ), getrokken as (
          select g.*,
            ${u(2)} < 0.92 as prof,
            ${u(3)} < ${politieKans} as politie,
            ${aard(5)} as aard1,
            ${u(6)} < 0.08 as twee_aarden,
            ${kies(u(7), [
              [q('EERSTE_MELDING'), 0.319],
              [q('HERMELDING'), 0.381],
              [q('VERVOLGMELDING_TIJDENS_BEOORDELING'), 0.133],
              [q('VERVOLGMELDING_NA_BEOORDELING'), 0.101],
              [q('VERVOLGMELDING_TIJDENS_MONITORING'), 0.051],
              [q('NIET_INGEDEELD'), 0.015],
            ])} as eb,
            ${kies(u(8), [
              [q('ACUTE_ONVEILIGHEID'), 0.1],
              [q('STRUCTURELE_ONVEILIGHEID'), 0.5],
              [q('GEEN_ONVEILIGHEID'), 0.3],
              [q('ONBEKEND'), 0.1],
            ])} as taxatie,
            ${kies(u(9), [
              [q('OVERDRACHT'), 0.5],
              [q('VERVOLGSTAPPEN_BIJ_VEILIG_THUIS'), 0.133],
              [q('GEEN_VERVOLGSTAPPEN'), 0.3],
              [q('INZET_REGIONAAL_MAATWERK'), 0.067],
            ])} as vb_uitkomst,
            ${kies(u(10), [
              ['floor(' + u(11) + ' * 2)::int', 0.3],
              ['2 + floor(' + u(11) + ' * 2)::int', 0.35],
              ['4 + floor(' + u(11) + ' * 2)::int', 0.15],
              ['6 + floor(' + u(11) + ' * 5)::int', 0.12],
              ['11 + floor(' + u(11) + ' * 20)::int', 0.08],
            ])} as vb_werkdagen,
            ${kies(u(12), [
              [q('ONDERZOEK'), 0.436],
              [q('VOORWAARDEN_EN_VERVOLG'), 0.526],
              [q('VERZOEK_TOT_ONDERZOEK'), 0.038],
            ])} as vervolg_soort
          from basis g
        )
        select g.*,
          case when g.eb like 'VERVOLG%' then coalesce(max(case when g.eb not like 'VERVOLG%' then g.i end) over (partition by g.regio order by g.i), g.i) else g.i end as casus_i,
          case when g.aard1 = 'KINDERMISHANDELING' and g.twee_aarden then array['KINDERMISHANDELING','EX_PARTNERGEWELD']
               when g.twee_aarden then array[g.aard1, 'KINDERMISHANDELING'] else array[g.aard1] end as aarden,
          g.ts + (g.vb_werkdagen * 1.4 + 0.2) * interval '1 day' as beoordeeld_op
        from getrokken g`,
        );
        // A vervolgmelding with no earlier casus in its region within the chunk opens its own.
        await stap(
          c,
          'casus',
          `
        insert into casus (id, vt_organisatie, fase, geopend_op, gesloten_op, afsluitreden)
        select ${id('02', 'g.i')}, g.regio, 'AFGESLOTEN', g.ts, g.ts + (30 + ${u(20)} * 270) * interval '1 day', 'bench'
        from g where g.casus_i = g.i`,
        );
        await stap(
          c,
          'melding',
          `
        insert into melding (id, vt_organisatie, ontvangen_op, kanaal, aard_geweld, duur_geweld, omschrijving, hoedanigheid_melder,
          organisatie_melder, geregistreerd_door, geregistreerd_op, casus_id, eerdere_betrokkenheid, acuut${gemeenteKolom ? ', gemeente' : ''})
        select ${id('01', 'g.i')}, g.regio, g.ts,
          case when g.prof and g.politie then 'POLITIEKOPPELING' else ${kies(u(21), [
            [q('TELEFOON'), 0.7],
            [q('WEBFORMULIER'), 0.2],
            [q('CHAT'), 0.05],
            [q('SCHRIFTELIJK'), 0.05],
          ])} end,
          g.aarden,
          ${kies(u(22), [
            [q('KORTER_DAN_EEN_WEEK'), 0.1],
            [q('EEN_WEEK_TOT_EEN_MAAND'), 0.1],
            [q('EEN_TOT_ZES_MAANDEN'), 0.2],
            [q('ZES_TOT_TWAALF_MAANDEN'), 0.15],
            [q('EEN_TOT_VIJF_JAAR'), 0.2],
            [q('LANGER_DAN_VIJF_JAAR'), 0.1],
            [q('ONBEKEND'), 0.15],
          ])},
          'Gegenereerde melding (bench).',
          case when g.prof then 'BEROEPSMATIG' else 'NIET_BEROEPSMATIG' end,
          case when not g.prof then 'NIET_VAN_TOEPASSING' when g.politie then 'POLITIE' else ${kies(
            u(23),
            PROF_ORG.map(([o, p]) => [q(o), p]),
          )} end,
          'bench', g.ts + interval '10 minutes', ${id('02', 'g.casus_i')}, g.eb, g.taxatie = 'ACUTE_ONVEILIGHEID'
          ${gemeenteKolom ? `, ${gemeenteExpr('g.regio', u(24))}` : ''}
        from g`,
        );
        await stap(
          c,
          'veiligheidsbeoordeling',
          `
        insert into veiligheidsbeoordeling (melding_id, vt_organisatie, casus_id, taxatie, uitkomst, vervolg, toelichting, beoordeeld_op, beoordeeld_door, binnen_termijn)
        select ${id('01', 'g.i')}, g.regio, ${id('02', 'g.casus_i')}, g.taxatie, g.vb_uitkomst,
          case when g.vb_uitkomst = 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS' then g.vervolg_soort end,
          'Gegenereerde beoordeling (bench).', g.beoordeeld_op, 'bench', g.vb_werkdagen <= 5
        from g`,
        );
        // Diensten: the one VT takes on (tag 03), the overdracht (tag 04), monitoring after onderzoek or V&V (tag 05).
        await stap(
          c,
          'dienst',
          `
        insert into dienst (id, casus_id, vt_organisatie, soort, gestart_op, beeindigd_op, uitkomst, voortijdig_afgesloten, verantwoordelijke, ontvangende_partij)
        select ${id('03', 'g.i')}, ${id('02', 'g.casus_i')}, g.regio, g.vervolg_soort, g.beoordeeld_op,
          g.beoordeeld_op + (case g.vervolg_soort when 'ONDERZOEK' then 30 + ${u(30)} * 60 when 'VOORWAARDEN_EN_VERVOLG' then 60 + ${u(30)} * 120 else 14 + ${u(30)} * 40 end) * interval '1 day',
          case when g.vervolg_soort = 'ONDERZOEK' and ${u(31)} < 0.24 then 'VOORTIJDIG_AFGESLOTEN'
               when g.vervolg_soort = 'VERZOEK_TOT_ONDERZOEK' then (case when ${u(31)} < 0.8 then 'GEACCEPTEERD' else 'AFGEWEZEN' end)
               else 'AFGEROND' end,
          g.vervolg_soort = 'ONDERZOEK' and ${u(31)} < 0.24, 'bench', null
        from g where g.vb_uitkomst = 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS'
        union all
        select ${id('04', 'g.i')}, ${id('02', 'g.casus_i')}, g.regio, 'OVERDRACHT', g.beoordeeld_op, g.beoordeeld_op + (1 + ${u(32)} * 13) * interval '1 day',
          'OVERGEDRAGEN', false, 'bench', 'WIJKTEAM'
        from g where g.vb_uitkomst = 'OVERDRACHT'
        union all
        select ${id('05', 'g.i')}, ${id('02', 'g.casus_i')}, g.regio, 'MONITORING',
          g.beoordeeld_op + 200 * interval '1 day', least(g.beoordeeld_op + (200 + 90 + ${u(33)} * 200) * interval '1 day', timestamptz '2026-10-31 00:00+01'),
          case when ${u(34)} < 0.85 then 'VEILIG_STABIEL' else 'ONVEILIG' end, false, 'bench', null
        from g where g.vb_uitkomst = 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS' and g.vervolg_soort <> 'VERZOEK_TOT_ONDERZOEK' and ${u(35)} < 0.5`,
        );
        await stap(
          c,
          'onderzoek_uitkomst',
          `
        insert into onderzoek_uitkomst (dienst_id, vt_organisatie, aard_geweld, uitkomst)
        select ${id('03', 'g.i')}, g.regio, a.aard,
          ${kies(`((hashint8extended(g.i * 8 + a.k, 36) & 2147483647)::float8 / 2147483648.0)`, [
            [q('BEVESTIGD'), 0.55],
            [q('NIET_BEVESTIGD'), 0.3],
            [q('WEERLEGD'), 0.15],
          ])}
        from g cross join lateral unnest(g.aarden) with ordinality as a(aard, k)
        where g.vb_uitkomst = 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS' and g.vervolg_soort = 'ONDERZOEK' and not (${u(31)} < 0.24)`,
        );
        if (metTermijnen) {
          // The veiligheidsbeoordeling termijn (5 working days ≈ 7 calendar days; met when assessed within 5 working
          // days) and the onderzoek termijn (10 weeks). Tags 06 and 07.
          await stap(
            c,
            'termijn',
            `
          insert into termijn (id, vt_organisatie, casus_id, melding_id, dienst_id, soort, startdatum, vervaldatum, vervalt_op, herinner_op, status, afgehandeld_op)
          select ${id('06', 'g.i')}, g.regio, ${id('02', 'g.casus_i')}, ${id('01', 'g.i')}, null, 'VEILIGHEIDSBEOORDELING',
            g.ts::date, g.ts::date + 7, g.ts + interval '7 days', g.ts + interval '6 days', 'VOLDAAN', g.beoordeeld_op
          from g
          union all
          select ${id('07', 'g.i')}, g.regio, ${id('02', 'g.casus_i')}, null, ${id('03', 'g.i')}, 'ONDERZOEK',
            g.beoordeeld_op::date, g.beoordeeld_op::date + 70, g.beoordeeld_op + interval '70 days', g.beoordeeld_op + interval '69 days',
            'VOLDAAN', g.beoordeeld_op + (30 + ${u(30)} * 60) * interval '1 day'
          from g where g.vb_uitkomst = 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS' and g.vervolg_soort = 'ONDERZOEK'`,
          );
        }
        await stap(c, 'commit', 'commit');
        const klaar = Math.min(a + chunk, n);
        const s = (Date.now() - t0) / 1000;
        log(
          `meldingen ${klaar.toLocaleString('nl-NL')}/${n.toLocaleString('nl-NL')}  chunk ${((Date.now() - tc) / 1000).toFixed(1)} s  totaal ${s.toFixed(0)} s  ${Math.round(klaar / s).toLocaleString('nl-NL')} meldingen/s`,
        );
      }
    };

    // Adviezen: their own series (≈ 1,1 per melding), their own year weights, on a second connection in parallel
    // with the meldingen (the machine has two cores). Tag 08.
    const adviezenLaden = async (): Promise<void> => {
      for (let a = 0; a < nAdvies; a += chunk) {
        const b = Math.min(a + chunk, nAdvies) - 1;
        const tc = Date.now();
        await stap(
          c2,
          'advies',
          `
        insert into advies (id, vt_organisatie, ontvangen_op, kanaal, hoedanigheid_adviesvrager, organisatie_adviesvrager, aard_geweld, omschrijving,
          client_anoniem, status, geregistreerd_door, geregistreerd_op, afgerond_op${adviesGemeente ? ', gemeente' : ''})
        select ${id('08', 'g.i')}, g.regio, g.ts, ${kies(u(41), [
          [q('TELEFOON'), 0.8],
          [q('CHAT'), 0.15],
          [q('WEBFORMULIER'), 0.05],
        ])},
          case when g.prof then 'BEROEPSMATIG' else 'NIET_BEROEPSMATIG' end,
          case when g.prof then ${kies(
            u(42),
            PROF_ORG.map(([o, p]) => [q(o), p]),
          )} else 'NIET_VAN_TOEPASSING' end,
          array[${aard(43)}], 'Gegenereerd advies (bench).', ${u(44)} < 0.3, 'AFGEROND', 'bench', g.ts + interval '5 minutes',
          g.ts + (${u(45)} * 10) * interval '1 day'
          ${adviesGemeente ? `, ${gemeenteExpr('g.regio', u(46))}` : ''}
        from (select g.i, ${regioExpr(u(40))} as regio, ${tijdstip(adviesJaren)} as ts, ${u(47)} < 0.55 as prof
              from generate_series(${a}::bigint, ${b}::bigint) as g(i)) g`,
        );
        const klaar = Math.min(a + chunk, nAdvies);
        const s = (Date.now() - t0) / 1000;
        log(
          `adviezen ${klaar.toLocaleString('nl-NL')}/${nAdvies.toLocaleString('nl-NL')}  chunk ${((Date.now() - tc) / 1000).toFixed(1)} s  totaal ${s.toFixed(0)} s`,
        );
      }
    };
    await Promise.all([meldingenLaden(), adviezenLaden()]);
    const laadSeconden = (Date.now() - t0) / 1000;
    log(`geladen in ${laadSeconden.toFixed(0)} s: ${JSON.stringify(rijen)}`);

    // Every foreign key of the loaded tables, one anti-join each (in replica mode nothing checked them during the load).
    const fkControle: GeneratorResultaat['fkControle'] = [];
    if (!fkTijdensLaden) {
      await c.query(`set session_replication_role = origin`);
      // The dirty-slice triggers did not fire: every rollup family is dirty as a whole (the next refresh is a full one).
      await c.query(
        `insert into analyse_vuil (familie) select unnest(array['MELDING', 'ADVIES', 'CASUS', 'DIENST', 'TERMIJN'])`,
      );
      const fks = await c.query<{ naam: string; kind: string; kol: string; ouder: string; okol: string }>(
        `
        select con.conname as naam, con.conrelid::regclass::text as kind, a.attname as kol, con.confrelid::regclass::text as ouder, fa.attname as okol
          from pg_constraint con
          join pg_attribute a on a.attrelid = con.conrelid and a.attnum = con.conkey[1]
          join pg_attribute fa on fa.attrelid = con.confrelid and fa.attnum = con.confkey[1]
         where con.contype = 'f' and cardinality(con.conkey) = 1 and con.conrelid = any($1::regclass[])
         order by 2, 1`,
        [tabellen],
      );
      for (const fk of fks.rows) {
        const tf = Date.now();
        const r = await c.query<{ n: string }>(
          `select count(*) as n from ${fk.kind} k where k.${fk.kol} is not null and not exists (select 1 from ${fk.ouder} o where o.${fk.okol} = k.${fk.kol})`,
        );
        fkControle.push({
          fk: `${fk.kind}.${fk.kol} → ${fk.ouder}`,
          fouten: Number(r.rows[0].n),
          seconden: (Date.now() - tf) / 1000,
        });
      }
      const fout = fkControle.filter((f) => f.fouten > 0);
      log(
        `foreign keys gecontroleerd: ${fkControle.length} in ${fkControle.reduce((x, f) => x + f.seconden, 0).toFixed(0)} s${fout.length ? `, FOUT: ${JSON.stringify(fout)}` : ', geen schendingen'}`,
      );
      if (fout.length) throw new Error(`foreign keys geschonden: ${JSON.stringify(fout)}`);
    }

    const tv = Date.now();
    log('vacuum analyze ...');
    await Promise.all([
      (async () => {
        for (const t of tabellen.filter((x) => x !== 'advies' && x !== 'melding')) await c.query(`vacuum analyze ${t}`);
      })(),
      (async () => {
        for (const t of ['melding', 'advies']) await c2.query(`vacuum analyze ${t}`);
      })(),
    ]);
    const vacuumSeconden = (Date.now() - tv) / 1000;
    const seconden = (Date.now() - t0) / 1000;
    const totaalRijen = Object.values(rijen).reduce((x, y) => x + y, 0);
    return {
      meldingen: n,
      rijen,
      totaalRijen,
      seconden,
      vacuumSeconden,
      rijenPerSeconde: totaalRijen / seconden,
      meldingenPerSeconde: n / seconden,
      gemeenteKolom,
      fkTijdensLaden,
      stappen,
      fkControle,
    };
  } finally {
    await c.end();
    await c2.end();
  }
}

/** CLI: migrates and synchronises the regions on DATABASE_URL, then generates. */
async function cli(): Promise<void> {
  await import('reflect-metadata');
  const { migrations } = await import('../migrations');
  const { initOrm, ormOptions } = await import('../src/lib/database');
  const { entities } = await import('../src/modules');
  const { synchroniseerVtRegios } = await import('../src/organisaties/vt-regios');
  const dbUrl = process.env.DATABASE_URL;
  if (!dbUrl) throw new Error('DATABASE_URL ontbreekt (een lege database; verbind als superuser)');
  const orm = await initOrm(ormOptions(dbUrl, entities as never, migrations));
  await orm.getMigrator().up();
  await synchroniseerVtRegios(orm.em.fork());
  await orm.close();
  const r = await genereerAnalyseData(dbUrl, {
    meldingen: Number(process.env.BENCH_MELDINGEN ?? 10_000_000),
    chunk: Number(process.env.BENCH_CHUNK ?? 500_000),
    fkTijdensLaden: process.env.BENCH_GEN_FK === '1',
    termijnen: process.env.BENCH_GEN_TERMIJNEN === '1',
  });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
}

if (require.main === module) {
  cli().catch((e: unknown) => {
    process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
    process.exit(1);
  });
}
