/**
 * Benchmark: the analyst API (issue 5) at national scale.
 *
 *   npm run bench:analyse     (BENCH_MELDINGEN=10000000 BENCH_HERHALINGEN=30 BENCH_SQL_HERHALINGEN=3 BENCH_WARMUP=2 BENCH_VERVERSINGEN=2)
 *   BENCH_BEWAAR=1 npm run bench:analyse                 keep the generated database (its name is printed)
 *   BENCH_HERGEBRUIK=<db> npm run bench:analyse          reuse a kept database: no generation
 *   BENCH_VRAGEN=12,20 BENCH_VERVERSINGEN=0 ...           only these questions (by number), no refresh (a reused database)
 *   BENCH_PROFIEL=<dir> ...                                 a CPU profile of the API server (bench/server-kind.ts)
 *
 * 1. Generates the data (bench/analyse-generator.ts) in a fresh database with the migrations, the 26 regions and one
 *    national organisation (LANDELIJK-BENCH), or reuses one.
 * 2. Runs the worker's job `analyse-verversen` (its handler with real JobDeps, as the worker does) twice: the first
 *    refresh after the load (a full recompute: the generator marks every rollup family dirty) and a second one with
 *    nothing changed (what every periodic run costs; since migration 38 it finds no dirty slice). A day's changes
 *    refreshed incrementally: bench/analyse-dag.ts.
 * 3. Starts the API in a child process in the production configuration with every layer on (bench/server-kind.ts)
 *    and asks 20 ad-hoc questions through GraphQL with ANALIST tokens of a region (VT13, the largest) and of a
 *    national body, one client, one request at a time: BENCH_WARMUP warm-up rounds, then BENCH_HERHALINGEN rounds.
 *    In the same rounds, alternating with the API, the same question as plain SQL on the base tables (melding,
 *    veiligheidsbeoordeling, advies, casus, dienst, onderzoek_uitkomst; GROUP BY, as one would without rollups) for
 *    the first BENCH_SQL_HERHALINGEN rounds, as the database superuser (no row-level security in the way; the
 *    regional questions filter on vt_organisatie as the policy would).
 * Reports p50/p95 per question for both, the ratio, the cells returned and a check of the API's grand total
 * against the plain SQL's (after rounding to 5 and suppression the two differ by at most a few units).
 */
import 'reflect-metadata';

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { migrations } from '../migrations';
import { analyseVerversenJob } from '../src/analyse/jobs/analyse-verversen.job';
import { ROLLUPS } from '../src/analyse/rollups';
import { systemClock } from '../src/lib/clock';
import { ensureDatabase, initOrm, ormOptions, withDatabase } from '../src/lib/database';
import type { JobDeps } from '../src/lib/job';
import { createLogger } from '../src/lib/logger';
import { entities, termijnActies } from '../src/modules';
import { synchroniseerVtRegios } from '../src/organisaties/vt-regios';
import { genereerAnalyseData, type GeneratorResultaat } from './analyse-generator';
import { benchDatabase, benchToken, getal, mediaan, poortOpen, productieConfig, schrijfResultaten } from './gedeeld';
import { startServerKind } from './server-kind';

const REGIO = 'VT13';
const LANDELIJK = 'LANDELIJK-BENCH';
type Analist = 'REGIO' | 'LANDELIJK';

interface Vraag {
  naam: string;
  analist: Analist;
  vraag: Record<string, unknown>;
  /** The same question on the base tables; `$REGIO` is replaced by the region filter (or `true`). */
  sql: string;
}

// Month and period labels in Europe/Amsterdam, as the rollups (migration 10).
const tz = (kolom: string): string => `(${kolom} at time zone 'Europe/Amsterdam')`;
const jaar = (k: string): string => `to_char(${tz(k)}, 'YYYY')`;
const halfjaar = (k: string): string =>
  `to_char(${tz(k)}, 'YYYY') || case when extract(month from ${tz(k)}) <= 6 then '-H1' else '-H2' end`;
const kwartaal = (k: string): string => `to_char(${tz(k)}, 'YYYY') || '-K' || to_char(${tz(k)}, 'Q')`;
const maand = (k: string): string => `to_char(${tz(k)}, 'YYYY-MM')`;
const tussen = (k: string, van: string, tot: string): string =>
  `${tz(k)} >= '${van}-01'::timestamp and ${tz(k)} < ('${tot}-01'::date + interval '1 month')`;
const werkdagen = `least(analyse_werkdagen(${tz('m.ontvangen_op')}::date, ${tz('v.beoordeeld_op')}::date), 31)`;

const ALLE_VRAGEN: Vraag[] = [
  {
    naam: '01 meldingen per halfjaar, 10 jaar',
    analist: 'LANDELIJK',
    vraag: { maten: ['MELDINGEN'], dimensies: ['PERIODE'], periodeindeling: 'HALFJAAR' },
    sql: `select ${halfjaar('ontvangen_op')}, count(*) from melding group by 1`,
  },
  {
    naam: '02 meldingen per regio, 2023',
    analist: 'LANDELIJK',
    vraag: { maten: ['MELDINGEN'], dimensies: ['REGIO'], periode: { vanaf: '2023-01', totEnMet: '2023-12' } },
    sql: `select vt_organisatie, count(*) from melding where ${tussen('ontvangen_op', '2023-01', '2023-12')} group by 1`,
  },
  {
    naam: '03 meldingen per maand, 2025 (regio)',
    analist: 'REGIO',
    vraag: {
      maten: ['MELDINGEN'],
      dimensies: ['PERIODE'],
      periodeindeling: 'MAAND',
      periode: { vanaf: '2025-01', totEnMet: '2025-12' },
    },
    sql: `select ${maand('ontvangen_op')}, count(*) from melding where $REGIO and ${tussen('ontvangen_op', '2025-01', '2025-12')} group by 1`,
  },
  {
    naam: '04 meldingen naar hoedanigheid × organisatie melder, 2023',
    analist: 'LANDELIJK',
    vraag: {
      maten: ['MELDINGEN'],
      dimensies: ['HOEDANIGHEID_MELDER', 'ORGANISATIE_MELDER'],
      periode: { vanaf: '2023-01', totEnMet: '2023-12' },
    },
    sql: `select hoedanigheid_melder, organisatie_melder, count(*) from melding where ${tussen('ontvangen_op', '2023-01', '2023-12')} group by 1, 2`,
  },
  {
    naam: '05 meldingen naar organisatie melder per kwartaal, 2024 (regio)',
    analist: 'REGIO',
    vraag: {
      maten: ['MELDINGEN'],
      dimensies: ['PERIODE', 'ORGANISATIE_MELDER'],
      periodeindeling: 'KWARTAAL',
      periode: { vanaf: '2024-01', totEnMet: '2024-12' },
    },
    sql: `select ${kwartaal('ontvangen_op')}, organisatie_melder, count(*) from melding where $REGIO and ${tussen('ontvangen_op', '2024-01', '2024-12')} group by 1, 2`,
  },
  {
    naam: '06 meldingen naar aard geweld per jaar, 10 jaar',
    analist: 'LANDELIJK',
    vraag: { maten: ['MELDINGEN'], dimensies: ['PERIODE', 'AARD_GEWELD'], periodeindeling: 'JAAR' },
    sql: `select ${jaar('m.ontvangen_op')}, a, count(*) from melding m cross join lateral (select distinct unnest(m.aard_geweld) as a) x group by 1, 2`,
  },
  {
    naam: '07 meldingen naar aard × gemeente per halfjaar, 2024–2025 (regio)',
    analist: 'REGIO',
    vraag: {
      maten: ['MELDINGEN'],
      dimensies: ['PERIODE', 'GEMEENTE', 'AARD_GEWELD'],
      periodeindeling: 'HALFJAAR',
      periode: { vanaf: '2024-01', totEnMet: '2025-12' },
    },
    sql: `select ${halfjaar('m.ontvangen_op')}, coalesce(m.gemeente, 'ONBEKEND'), a, count(*) from melding m cross join lateral (select distinct unnest(m.aard_geweld) as a) x
          where $REGIO and ${tussen('m.ontvangen_op', '2024-01', '2025-12')} group by 1, 2, 3`,
  },
  {
    naam: '08 meldingen naar uitkomst × taxatie veiligheidsbeoordeling, 2023',
    analist: 'LANDELIJK',
    vraag: {
      maten: ['MELDINGEN'],
      dimensies: ['VB_UITKOMST', 'TAXATIE'],
      periode: { vanaf: '2023-01', totEnMet: '2023-12' },
    },
    sql: `select coalesce(v.uitkomst, 'NOG_NIET'), coalesce(v.taxatie, 'NOG_NIET'), count(*) from melding m left join veiligheidsbeoordeling v on v.melding_id = m.id
          where ${tussen('m.ontvangen_op', '2023-01', '2023-12')} group by 1, 2`,
  },
  {
    naam: '09 duur tot beoordeling (mediaan, p90) en aandeel binnen termijn per regio, 2025-H1',
    analist: 'LANDELIJK',
    vraag: {
      maten: ['MELDINGEN', 'DUUR_TOT_BEOORDELING_MEDIAAN', 'DUUR_TOT_BEOORDELING_P90', 'AANDEEL_BINNEN_TERMIJN'],
      dimensies: ['REGIO'],
      periode: { vanaf: '2025-01', totEnMet: '2025-06' },
    },
    sql: `select m.vt_organisatie, count(*), percentile_disc(0.5) within group (order by ${werkdagen}), percentile_disc(0.9) within group (order by ${werkdagen}),
            avg(v.binnen_termijn::int) from melding m left join veiligheidsbeoordeling v on v.melding_id = m.id
          where ${tussen('m.ontvangen_op', '2025-01', '2025-06')} group by 1`,
  },
  {
    naam: '10 aandeel binnen termijn per maand, 2024–2025 (regio)',
    analist: 'REGIO',
    vraag: {
      maten: ['AANDEEL_BINNEN_TERMIJN'],
      dimensies: ['PERIODE'],
      periodeindeling: 'MAAND',
      periode: { vanaf: '2024-01', totEnMet: '2025-12' },
    },
    sql: `select ${maand('m.ontvangen_op')}, count(*), avg(v.binnen_termijn::int) from melding m left join veiligheidsbeoordeling v on v.melding_id = m.id
          where m.$REGIO and ${tussen('m.ontvangen_op', '2024-01', '2025-12')} group by 1`,
  },
  {
    naam: '11 meldingen naar eerdere betrokkenheid per jaar, 2019–2025',
    analist: 'LANDELIJK',
    vraag: {
      maten: ['MELDINGEN'],
      dimensies: ['PERIODE', 'EERDERE_BETROKKENHEID'],
      periodeindeling: 'JAAR',
      periode: { vanaf: '2019-01', totEnMet: '2025-12' },
    },
    sql: `select ${jaar('ontvangen_op')}, eerdere_betrokkenheid, count(*) from melding where ${tussen('ontvangen_op', '2019-01', '2025-12')} group by 1, 2`,
  },
  {
    naam: '12 adviezen naar hoedanigheid per halfjaar, 10 jaar',
    analist: 'LANDELIJK',
    vraag: { maten: ['ADVIEZEN'], dimensies: ['PERIODE', 'HOEDANIGHEID_MELDER'], periodeindeling: 'HALFJAAR' },
    sql: `select ${halfjaar('ontvangen_op')}, hoedanigheid_adviesvrager, count(*) from advies group by 1, 2`,
  },
  {
    naam: '13 adviezen naar aard geweld per jaar (regio)',
    analist: 'REGIO',
    vraag: { maten: ['ADVIEZEN'], dimensies: ['PERIODE', 'AARD_GEWELD'], periodeindeling: 'JAAR' },
    sql: `select ${jaar('a.ontvangen_op')}, x.aard, count(*) from advies a cross join lateral (select distinct unnest(a.aard_geweld) as aard) x where a.$REGIO group by 1, 2`,
  },
  {
    naam: '14 casussen per regio per jaar, 2023–2025',
    analist: 'LANDELIJK',
    vraag: {
      maten: ['CASUSSEN'],
      dimensies: ['PERIODE', 'REGIO'],
      periodeindeling: 'JAAR',
      periode: { vanaf: '2023-01', totEnMet: '2025-12' },
    },
    sql: `select ${jaar('c.geopend_op')}, c.vt_organisatie, count(*) from casus c where exists (select 1 from melding m where m.casus_id = c.id)
          and ${tussen('c.geopend_op', '2023-01', '2025-12')} group by 1, 2`,
  },
  {
    naam: '15 afgeronde onderzoeken per regio, 2023',
    analist: 'LANDELIJK',
    vraag: {
      maten: ['AFGERONDE_ONDERZOEKEN'],
      dimensies: ['REGIO'],
      periode: { vanaf: '2023-01', totEnMet: '2023-12' },
    },
    sql: `select vt_organisatie, count(*) from dienst where soort = 'ONDERZOEK' and beeindigd_op is not null and ${tussen('beeindigd_op', '2023-01', '2023-12')} group by 1`,
  },
  {
    naam: '16 onderzoeken niet voortijdig afgesloten per halfjaar, 10 jaar',
    analist: 'LANDELIJK',
    vraag: { maten: ['AFGERONDE_ONDERZOEKEN_NIET_VOORTIJDIG'], dimensies: ['PERIODE'], periodeindeling: 'HALFJAAR' },
    sql: `select ${halfjaar('beeindigd_op')}, count(*) from dienst where soort = 'ONDERZOEK' and not voortijdig_afgesloten and beeindigd_op is not null group by 1`,
  },
  {
    naam: '17 afgeronde V&V per kwartaal, 10 jaar (regio)',
    analist: 'REGIO',
    vraag: { maten: ['AFGERONDE_VV'], dimensies: ['PERIODE'], periodeindeling: 'KWARTAAL' },
    sql: `select ${kwartaal('beeindigd_op')}, count(*) from dienst where $REGIO and soort = 'VOORWAARDEN_EN_VERVOLG' and beeindigd_op is not null group by 1`,
  },
  {
    naam: '18 afgeronde diensten met duur (mediaan, p90 weken) per soort, 2024',
    analist: 'LANDELIJK',
    vraag: {
      maten: ['AFGERONDE_DIENSTEN', 'DUUR_DIENST_MEDIAAN_WEKEN', 'DUUR_DIENST_P90_WEKEN'],
      dimensies: ['DIENST'],
      periode: { vanaf: '2024-01', totEnMet: '2024-12' },
    },
    sql: `select soort, count(*), percentile_disc(0.5) within group (order by least(floor(extract(epoch from (beeindigd_op - gestart_op)) / 604800)::int, 53)),
            percentile_disc(0.9) within group (order by least(floor(extract(epoch from (beeindigd_op - gestart_op)) / 604800)::int, 53))
          from dienst where beeindigd_op is not null and ${tussen('beeindigd_op', '2024-01', '2024-12')} group by 1`,
  },
  {
    naam: '19 onderzoeksuitkomsten naar aard × uitkomst, 2023',
    analist: 'LANDELIJK',
    vraag: {
      maten: ['ONDERZOEKSUITKOMSTEN'],
      dimensies: ['AARD_GEWELD', 'ONDERZOEK_UITKOMST'],
      periode: { vanaf: '2023-01', totEnMet: '2023-12' },
    },
    sql: `select o.aard_geweld, o.uitkomst, count(*) from onderzoek_uitkomst o join dienst d on d.id = o.dienst_id
          where d.beeindigd_op is not null and ${tussen('d.beeindigd_op', '2023-01', '2023-12')} group by 1, 2`,
  },
  {
    naam: '20 niet-beroepsmatige meldingen per gemeente per kwartaal, 2022–2025',
    analist: 'LANDELIJK',
    vraag: {
      maten: ['MELDINGEN'],
      dimensies: ['PERIODE', 'GEMEENTE'],
      periodeindeling: 'KWARTAAL',
      filters: [{ dimensie: 'HOEDANIGHEID_MELDER', waarden: ['NIET_BEROEPSMATIG'] }],
      periode: { vanaf: '2022-01', totEnMet: '2025-12' },
    },
    sql: `select ${kwartaal('ontvangen_op')}, coalesce(gemeente, 'ONBEKEND'), count(*) from melding
          where hoedanigheid_melder = 'NIET_BEROEPSMATIG' and ${tussen('ontvangen_op', '2022-01', '2025-12')} group by 1, 2`,
  },
];

const gekozen = process.env.BENCH_VRAGEN?.split(',').map((x) => x.trim().padStart(2, '0'));
const VRAGEN = gekozen ? ALLE_VRAGEN.filter((v) => gekozen.includes(v.naam.slice(0, 2))) : ALLE_VRAGEN;

const QUERY = `query ($v: AnalyseVraag!) { analyse(vraag: $v) { ververstOp onderdrukt
  cellen { coordinaten { dimensie waarde } aantal waarden { maat waarde } onderdrukt reden }
  totalen { coordinaten { dimensie waarde } aantal onderdrukt } } }`;

interface Antwoord {
  data?: {
    analyse: {
      onderdrukt: number;
      cellen: { aantal: number | null }[];
      totalen: { coordinaten: unknown[]; aantal: number | null }[];
    };
  };
  errors?: unknown[];
}

function p(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

async function main(): Promise<void> {
  const n = getal('BENCH_MELDINGEN', 10_000_000);
  const hergebruik = process.env.BENCH_HERGEBRUIK;
  const bewaar = process.env.BENCH_BEWAAR === '1' || !!hergebruik;
  let db: { herkomst: string; dbUrl: string; queueUrl: string; dataDir: string; opruimen(): Promise<void> };
  if (hergebruik) {
    const server = process.env.DATABASE_URL
      ? withDatabase(process.env.DATABASE_URL, 'postgres')
      : 'postgres://postgres@127.0.0.1:5432/postgres';
    if (!process.env.DATABASE_URL && !(await poortOpen(5432))) {
      throw new Error('BENCH_HERGEBRUIK vraagt een PostgreSQL op DATABASE_URL of 127.0.0.1:5432');
    }
    await ensureDatabase(server, `${hergebruik}_q`);
    db = {
      herkomst: new URL(server).host,
      dbUrl: withDatabase(server, hergebruik),
      queueUrl: withDatabase(server, `${hergebruik}_q`),
      dataDir: mkdtempSync(join(tmpdir(), 'ketenpoort-bench-')),
      opruimen: async () => {},
    };
  } else {
    db = await benchDatabase('analyse');
  }
  const dbNaam = new URL(db.dbUrl).pathname.slice(1);
  process.stdout.write(`PostgreSQL: ${db.herkomst}, database ${dbNaam}${bewaar ? ' (blijft bestaan)' : ''}\n`);

  const orm = await initOrm(ormOptions(db.dbUrl, entities as never, migrations));
  await orm.getMigrator().up();
  await synchroniseerVtRegios(orm.em.fork());
  await orm.em
    .getConnection()
    .execute(
      `insert into organisatie (code, naam, soort, regio_codes, actief) values (?, 'Landelijk analist (bench)', 'LANDELIJK', '{}', true) on conflict (code) do nothing`,
      [LANDELIJK],
    );

  let generator: GeneratorResultaat | null = null;
  const aanwezig = Number(
    (await orm.em.getConnection().execute<{ n: string }[]>(`select count(*) as n from melding`))[0].n,
  );
  if (hergebruik) {
    process.stdout.write(`hergebruik: ${aanwezig.toLocaleString('nl-NL')} meldingen aanwezig, geen generatie\n`);
  } else {
    process.stdout.write(`genereren: ${n.toLocaleString('nl-NL')} meldingen ...\n`);
    generator = await genereerAnalyseData(db.dbUrl, {
      meldingen: n,
      chunk: getal('BENCH_CHUNK', 500_000),
      fkTijdensLaden: process.env.BENCH_GEN_FK === '1',
      termijnen: process.env.BENCH_GEN_TERMIJNEN === '1',
    });
    process.stdout.write(
      `gegenereerd: ${generator.totaalRijen.toLocaleString('nl-NL')} rijen in ${generator.seconden.toFixed(0)} s (${Math.round(generator.rijenPerSeconde).toLocaleString('nl-NL')} rijen/s, ` +
        `${Math.round(generator.meldingenPerSeconde).toLocaleString('nl-NL')} meldingen/s; vacuum analyze ${generator.vacuumSeconden.toFixed(0)} s)\n`,
    );
  }
  const meldingen = hergebruik ? aanwezig : n;

  // The refresh, as the worker runs it.
  const config = await productieConfig(db.dbUrl, db.dataDir);
  const deps: JobDeps = {
    termijnActies,
    orm,
    clock: systemClock,
    log: createLogger('silent', 'bench'),
    config,
    queue: () => {
      throw new Error('analyse-verversen plant geen andere jobs');
    },
  };
  const verversingen: { seconden: number; perRollup: Record<string, number> }[] = [];
  for (const soort of ['na het laden', 'zonder wijziging'].slice(0, getal('BENCH_VERVERSINGEN', 2))) {
    const t = performance.now();
    const r = (await analyseVerversenJob.verwerk(deps, {})) as {
      ververst: Record<string, number>;
      overgeslagen: string[];
    };
    const seconden = (performance.now() - t) / 1000;
    if (r.overgeslagen.length) throw new Error(`verversen sloeg over: ${r.overgeslagen.join(', ')}`);
    verversingen.push({ seconden, perRollup: r.ververst });
    process.stdout.write(
      `verversen (${soort}): ${seconden.toFixed(1)} s  ${Object.entries(r.ververst)
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
        .join(', ')}\n`,
    );
  }
  const rollups = await orm.em.getConnection().execute<{ naam: string; rijen: string; mb: string }[]>(
    `select c.relname as naam, 0 as rijen, round(pg_total_relation_size(c.oid) / 1048576.0, 1) as mb
       from pg_class c where c.relkind in ('m', 'r') and c.relname in (select jsonb_array_elements_text(?::jsonb)) order by 1`,
    [JSON.stringify(ROLLUPS)],
  );
  for (const r of rollups) {
    r.rijen = (await orm.em.getConnection().execute<{ n: string }[]>(`select count(*) as n from ${r.naam}`))[0].n;
  }
  for (const r of rollups) {
    process.stdout.write(`  ${r.naam}: ${Number(r.rijen).toLocaleString('nl-NL')} rijen, ${r.mb} MB\n`);
  }
  await orm.close();

  // The questions.
  const tokens: Record<Analist, string> = {
    REGIO: await benchToken(db, {
      rol: 'ANALIST',
      organisatie: REGIO,
      audience: 'ketenpoort',
      geldigheidSeconden: 4 * 3600,
    }),
    LANDELIJK: await benchToken(db, {
      rol: 'ANALIST',
      organisatie: LANDELIJK,
      audience: 'ketenpoort',
      geldigheidSeconden: 4 * 3600,
    }),
  };
  const k = await startServerKind({ autorisatie: true, audit: true }, db, 'analyse');
  const sqlClient = new Client({ connectionString: db.dbUrl });
  await sqlClient.connect();

  const api = async (v: Vraag): Promise<{ ms: number; body: Antwoord }> => {
    const t = performance.now();
    const r = await fetch(`http://127.0.0.1:${k.poort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[v.analist]}` },
      body: JSON.stringify({ query: QUERY, variables: { v: v.vraag } }),
    });
    const body = (await r.json()) as Antwoord;
    const duur = performance.now() - t;
    if (body.errors || !body.data) throw new Error(`${v.naam}: ${JSON.stringify(body).slice(0, 500)}`);
    return { ms: duur, body };
  };
  const sqlTekst = (v: Vraag): string =>
    v.sql.replace(/(\w+\.)?\$REGIO/g, (_, alias: string | undefined) =>
      v.analist === 'REGIO' ? `${alias ?? ''}vt_organisatie = '${REGIO}'` : 'true',
    );
  const sql = async (v: Vraag): Promise<{ ms: number; rijen: unknown[][] }> => {
    const t = performance.now();
    const r = await sqlClient.query({ text: sqlTekst(v), rowMode: 'array' });
    return { ms: performance.now() - t, rijen: r.rows as unknown[][] };
  };

  const herhalingen = getal('BENCH_HERHALINGEN', 30);
  const sqlHerhalingen = getal('BENCH_SQL_HERHALINGEN', 3);
  const warmup = getal('BENCH_WARMUP', 2);
  const apiMs: number[][] = VRAGEN.map(() => []);
  const sqlMs: number[][] = VRAGEN.map(() => []);
  const controle: {
    cellen: number;
    onderdrukt: number;
    apiTotaal: number | null;
    sqlTotaal: number;
    sqlRijen: number;
  }[] = [];
  const cpuVoor = await k.tellers();
  for (let ronde = -warmup; ronde < herhalingen; ronde++) {
    const t = performance.now();
    for (let i = 0; i < VRAGEN.length; i++) {
      const a = await api(VRAGEN[i]);
      if (ronde >= 0) apiMs[i].push(a.ms);
      if (ronde >= 0 && ronde < sqlHerhalingen) {
        const s = await sql(VRAGEN[i]);
        sqlMs[i].push(s.ms);
        if (ronde === 0) {
          const d = a.body.data!.analyse;
          const eind = d.totalen.find((x) => x.coordinaten.length === 0);
          controle[i] = {
            cellen: d.cellen.length,
            onderdrukt: d.onderdrukt,
            apiTotaal: eind?.aantal ?? null,
            sqlTotaal: s.rijen.reduce((x, r) => x + Number(r[(VRAGEN[i].vraag.dimensies as unknown[]).length]), 0),
            sqlRijen: s.rijen.length,
          };
        }
      }
    }
    process.stdout.write(
      `ronde ${ronde < 0 ? `warm-up ${ronde + warmup + 1}` : ronde + 1}: ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );
  }
  const cpuNa = await k.tellers();

  const rijen = VRAGEN.map((v, i) => ({
    vraag: v.naam,
    analist: v.analist,
    api: { p50: mediaan(apiMs[i]), p95: p(apiMs[i], 0.95), max: Math.max(...apiMs[i]) },
    sql: { p50: mediaan(sqlMs[i]), p95: p(sqlMs[i], 0.95), max: Math.max(...sqlMs[i]) },
    verhouding: mediaan(sqlMs[i]) / mediaan(apiMs[i]),
    ...controle[i],
  }));
  process.stdout.write(
    `\n${meldingen.toLocaleString('nl-NL')} meldingen; API ${herhalingen}×, SQL ${sqlHerhalingen}× per vraag\n\n` +
      `| vraag | analist | API p50 ms | API p95 ms | SQL p50 ms | SQL max ms | SQL/API | cellen | onderdrukt | eindtotaal API / SQL |\n|---|---|---|---|---|---|---|---|---|---|\n` +
      rijen
        .map(
          (r) =>
            `| ${r.vraag} | ${r.analist} | ${ms(r.api.p50)} | ${ms(r.api.p95)} | ${ms(r.sql.p50)} | ${ms(r.sql.max)} | ${r.verhouding.toFixed(0)}× | ${r.cellen} | ${r.onderdrukt} | ${r.apiTotaal ?? '.'} / ${r.sqlTotaal} |`,
        )
        .join('\n') +
      '\n',
  );
  const alleApi = apiMs.flat();
  const samenvatting = {
    meldingen,
    apiP50: mediaan(alleApi),
    apiP95: p(alleApi, 0.95),
    slechtsteP95: Math.max(...rijen.map((r) => r.api.p95)),
    vragenBovenDoel: rijen.filter((r) => r.api.p95 >= 100).map((r) => r.vraag),
    serverCpuMsPerVraag: (cpuNa.cpuMs - cpuVoor.cpuMs) / ((herhalingen + warmup) * VRAGEN.length),
    sqlApiVerhoudingMediaan: mediaan(rijen.map((r) => r.verhouding)),
  };
  process.stdout.write(`\n${JSON.stringify(samenvatting)}\n`);
  const uit = schrijfResultaten('analyse', {
    database: dbNaam,
    hergebruik: !!hergebruik,
    herhalingen,
    sqlHerhalingen,
    warmup,
    generator,
    verversingen,
    rollups,
    rijen,
    samenvatting,
    apiMs,
    sqlMs,
  });
  process.stdout.write(`resultaten: ${uit}\n`);
  await sqlClient.end();
  await k.stop();
  if (!bewaar) await db.opruimen();
}

main().catch((e: unknown) => {
  process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
  process.exit(1);
});
