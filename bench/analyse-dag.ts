/**
 * Benchmark: a day's changes at national scale, refreshed incrementally (issue 18.6).
 *
 *   npm run bench:analyse-dag        (BENCH_MELDINGEN=10000000 BENCH_DAG_MELDINGEN=360 BENCH_DAG=2025-12-16)
 *   BENCH_BEWAAR=1 ... / BENCH_HERGEBRUIK=<db> ...   keep / reuse the generated database (as bench/analyse.ts)
 *
 * In one run:
 * 1. Generates the data (bench/analyse-generator.ts, which marks every rollup family dirty: its load bypasses the
 *    triggers) or reuses a database, and runs the full refresh the generator leaves due (`analyse-verversen` with
 *    `volledig`).
 * 2. Writes a day's changes as the services would, through the triggers of migration 38, each kind in its own
 *    transaction: BENCH_DAG_MELDINGEN new meldingen on BENCH_DAG (sampled from that month, so spread over the regions as
 *    real ones are) with a new casus, a veiligheidsbeoordeling and its termijn each; 1,1 adviezen per melding; a
 *    dienst ending that day per 8 meldingen (diensten that ended elsewhen, moved to the day: their old month changes
 *    too); and back-dated corrections in older months: a gemeente or eerdere betrokkenheid corrected for 1 in 9,
 *    a veiligheidsbeoordeling's taxatie for 1 in 18 of the day's number, anywhere in the ten years.
 * 3. The incremental refresh (the worker's job, as it runs every 15 minutes or on an analyst's request), timed; then
 *    the same job with nothing changed; then a full recompute of every rollup (`volledig`), timed.
 * 4. Checks that the incremental refresh left every rollup exactly as the full recompute does (row count and an
 *    order-independent hash of the rows): the run fails otherwise.
 */
import 'reflect-metadata';

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { migrations } from '../migrations';
import { analyseVerversenJob } from '../src/analyse/jobs/analyse-verversen.job';
import type { Verversing } from '../src/analyse/rollup-verversing';
import { ROLLUPS } from '../src/analyse/rollups';
import { systemClock } from '../src/lib/clock';
import { ensureDatabase, initOrm, ormOptions, withDatabase } from '../src/lib/database';
import type { JobDeps } from '../src/lib/job';
import { createLogger } from '../src/lib/logger';
import { entities, termijnActies } from '../src/modules';
import { synchroniseerVtRegios } from '../src/organisaties/vt-regios';
import { genereerAnalyseData, type GeneratorResultaat } from './analyse-generator';
import { benchDatabase, getal, productieConfig, schrijfResultaten } from './gedeeld';

/** The day's changes, each kind one transaction (statement-level triggers mark the slices in it). */
function wijzigingen(dag: string, n: number): { naam: string; sql: string[] }[] {
  const maand = `date_trunc('month', '${dag}'::date)`;
  const dagBegin = `('${dag}'::date::timestamp at time zone 'Europe/Amsterdam')`;
  const steekproef = (tabel: string, aantal: number, seed: number): string =>
    `select * from ${tabel} where ontvangen_op >= (${maand}::timestamp at time zone 'Europe/Amsterdam')
       and ontvangen_op < ((${maand} + interval '1 month')::timestamp at time zone 'Europe/Amsterdam')
     order by hashtextextended(id::text, ${seed}) limit ${aantal}`;
  const ouder = (aantal: number, seed: number): string =>
    `select id from melding order by hashtextextended(id::text, ${seed}) limit ${aantal}`;
  return [
    {
      naam: `${n} meldingen met casus, beoordeling en termijn`,
      sql: [
        `create temporary table dag_melding on commit drop as
           select gen_random_uuid() as id, gen_random_uuid() as casus_id, m.id as bron,
                  ${dagBegin} + interval '8 hours' + (row_number() over (order by m.id)) * interval '90 seconds' as ts,
                  m.vt_organisatie, m.kanaal, m.aard_geweld, m.duur_geweld, m.omschrijving, m.hoedanigheid_melder, m.organisatie_melder,
                  m.eerdere_betrokkenheid, m.acuut, m.gemeente
             from (${steekproef('melding', n, 1)}) m`,
        `insert into casus (id, vt_organisatie, fase, geopend_op) select casus_id, vt_organisatie, 'VEILIGHEIDSBEOORDELING', ts from dag_melding`,
        `insert into melding (id, vt_organisatie, ontvangen_op, kanaal, aard_geweld, duur_geweld, omschrijving, hoedanigheid_melder,
           organisatie_melder, geregistreerd_door, geregistreerd_op, casus_id, eerdere_betrokkenheid, acuut, gemeente)
         select d.id, d.vt_organisatie, d.ts, d.kanaal, d.aard_geweld, d.duur_geweld, d.omschrijving, d.hoedanigheid_melder,
           d.organisatie_melder, 'bench-dag', d.ts + interval '10 minutes', d.casus_id, d.eerdere_betrokkenheid, d.acuut, d.gemeente
           from dag_melding d`,
        `insert into veiligheidsbeoordeling (melding_id, vt_organisatie, casus_id, taxatie, uitkomst, vervolg, toelichting, beoordeeld_op, beoordeeld_door, binnen_termijn)
         select d.id, d.vt_organisatie, d.casus_id, v.taxatie, v.uitkomst, v.vervolg, v.toelichting, d.ts + (v.beoordeeld_op - b.ontvangen_op), 'bench-dag', v.binnen_termijn
           from dag_melding d join veiligheidsbeoordeling v on v.melding_id = d.bron join melding b on b.id = d.bron`,
        `insert into termijn (id, vt_organisatie, casus_id, melding_id, soort, startdatum, vervaldatum, vervalt_op, herinner_op, status, afgehandeld_op)
         select gen_random_uuid(), d.vt_organisatie, d.casus_id, d.id, 'VEILIGHEIDSBEOORDELING', d.ts::date, d.ts::date + 7,
                d.ts + interval '7 days', d.ts + interval '6 days', 'OPEN', null
           from dag_melding d`,
      ],
    },
    {
      naam: `${Math.round(n * 1.1)} adviezen`,
      sql: [
        `insert into advies (id, vt_organisatie, ontvangen_op, kanaal, hoedanigheid_adviesvrager, organisatie_adviesvrager, aard_geweld, omschrijving,
           client_anoniem, status, geregistreerd_door, geregistreerd_op, afgerond_op, gemeente)
         select gen_random_uuid(), a.vt_organisatie, ${dagBegin} + interval '8 hours' + (row_number() over (order by a.id)) * interval '80 seconds',
           a.kanaal, a.hoedanigheid_adviesvrager, a.organisatie_adviesvrager, a.aard_geweld, a.omschrijving, a.client_anoniem, a.status,
           'bench-dag', ${dagBegin} + interval '9 hours', ${dagBegin} + interval '10 hours', a.gemeente
           from (${steekproef('advies', Math.round(n * 1.1), 2)}) a`,
      ],
    },
    {
      naam: `${Math.round(n / 8)} diensten beëindigd op de dag`,
      sql: [
        `update dienst set beeindigd_op = ${dagBegin} + interval '14 hours'
          where id in (select id from dienst where beeindigd_op is not null and beeindigd_op < ${dagBegin} and soort in ('ONDERZOEK', 'VOORWAARDEN_EN_VERVOLG')
                        order by hashtextextended(id::text, 3) limit ${Math.round(n / 8)})`,
      ],
    },
    {
      naam: `${Math.round(n / 9)} meldingen in oudere maanden gecorrigeerd`,
      sql: [
        `update melding set eerdere_betrokkenheid = case when eerdere_betrokkenheid = 'EERSTE_MELDING' then 'HERMELDING' else 'EERSTE_MELDING' end
          where id in (${ouder(Math.round(n / 9), 4)})`,
      ],
    },
    {
      naam: `${Math.round(n / 18)} beoordelingen in oudere maanden gecorrigeerd`,
      sql: [
        `update veiligheidsbeoordeling set taxatie = case when taxatie = 'GEEN_ONVEILIGHEID' then 'STRUCTURELE_ONVEILIGHEID' else 'GEEN_ONVEILIGHEID' end
          where melding_id in (${ouder(Math.round(n / 18), 5)})`,
      ],
    },
  ];
}

/** Row count and an order-independent hash of every rollup. */
async function vingerafdruk(deps: JobDeps): Promise<Record<string, string>> {
  const c = deps.orm.em.fork().getConnection();
  const uit: Record<string, string> = {};
  for (const naam of ROLLUPS) {
    const [r] = await c.execute<{ n: string; h: string }[]>(
      `select count(*)::text as n, coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)::text as h from ${naam} t`,
    );
    uit[naam] = `${r.n}:${r.h}`;
  }
  return uit;
}

async function main(): Promise<void> {
  const n = getal('BENCH_MELDINGEN', 10_000_000);
  const perDag = getal('BENCH_DAG_MELDINGEN', 360);
  const dag = process.env.BENCH_DAG ?? '2025-12-16';
  const hergebruik = process.env.BENCH_HERGEBRUIK;
  const bewaar = process.env.BENCH_BEWAAR === '1' || !!hergebruik;
  let db: { herkomst: string; dbUrl: string; queueUrl: string; dataDir: string; opruimen(): Promise<void> };
  if (hergebruik) {
    const server = process.env.DATABASE_URL
      ? withDatabase(process.env.DATABASE_URL, 'postgres')
      : 'postgres://postgres@127.0.0.1:5432/postgres';
    await ensureDatabase(server, `${hergebruik}_q`);
    db = {
      herkomst: new URL(server).host,
      dbUrl: withDatabase(server, hergebruik),
      queueUrl: withDatabase(server, `${hergebruik}_q`),
      dataDir: mkdtempSync(join(tmpdir(), 'ketenpoort-bench-')),
      opruimen: async () => {},
    };
  } else {
    db = await benchDatabase('analysedag');
  }
  const dbNaam = new URL(db.dbUrl).pathname.slice(1);
  process.stdout.write(`PostgreSQL: ${db.herkomst}, database ${dbNaam}${bewaar ? ' (blijft bestaan)' : ''}\n`);
  const orm = await initOrm(ormOptions(db.dbUrl, entities as never, migrations));
  await orm.getMigrator().up();
  await synchroniseerVtRegios(orm.em.fork());

  let generator: GeneratorResultaat | null = null;
  if (!hergebruik) {
    process.stdout.write(`genereren: ${n.toLocaleString('nl-NL')} meldingen ...\n`);
    generator = await genereerAnalyseData(db.dbUrl, {
      meldingen: n,
      chunk: getal('BENCH_CHUNK', 500_000),
      fkTijdensLaden: process.env.BENCH_GEN_FK === '1',
      termijnen: process.env.BENCH_GEN_TERMIJNEN === '1',
    });
    process.stdout.write(
      `gegenereerd: ${generator.totaalRijen.toLocaleString('nl-NL')} rijen in ${generator.seconden.toFixed(0)} s\n`,
    );
  }
  const [{ meldingen }] = await orm.em
    .getConnection()
    .execute<{ meldingen: string }[]>(`select count(*) as meldingen from melding`);
  process.stdout.write(`${Number(meldingen).toLocaleString('nl-NL')} meldingen in de database\n`);

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
  const ververs = async (soort: string, volledig: boolean): Promise<{ seconden: number; r: Verversing }> => {
    const t = performance.now();
    const r = (await analyseVerversenJob.verwerk(deps, volledig ? { volledig: 1 } : {})) as Verversing;
    const seconden = (performance.now() - t) / 1000;
    if (r.overgeslagen.length) throw new Error(`verversen sloeg over: ${r.overgeslagen.join(', ')}`);
    const traag = Object.entries(r.ververst)
      .filter(([, ms]) => ms >= 50)
      .map(([k, ms]) => `${k.replace('analyse_', '')} ${(ms / 1000).toFixed(2)} s`)
      .join(', ');
    process.stdout.write(
      `verversen (${soort}): ${seconden.toFixed(2)} s  plakken ${JSON.stringify(r.plakken)}  ${traag}\n`,
    );
    return { seconden, r };
  };

  // Whatever is due before the day (after generation: everything, as one full recompute).
  const voorbereiding = await ververs('wat openstond (na het laden: volledig)', false);

  const c = orm.em.getConnection();
  const stappen: { naam: string; seconden: number; rijen: number }[] = [];
  for (const w of wijzigingen(dag, perDag)) {
    const t = performance.now();
    let rijen = 0;
    await orm.em.fork().transactional(async (tx) => {
      for (const s of w.sql) {
        const r = await tx.getConnection().execute(s, [], 'run', tx.getTransactionContext());
        rijen += (r as { affectedRows?: number }).affectedRows ?? 0;
      }
    });
    stappen.push({ naam: w.naam, seconden: (performance.now() - t) / 1000, rijen });
    process.stdout.write(`wijziging: ${w.naam} (${rijen} rijen, ${((performance.now() - t) / 1000).toFixed(2)} s)\n`);
  }
  const [vuil] = await c.execute<{ n: string; families: string }[]>(
    `select count(*) as n, string_agg(distinct familie, ',') as families from analyse_vuil`,
  );
  process.stdout.write(`vuile plakken in het logboek: ${vuil.n} (${vuil.families})\n`);

  const incrementeel = await ververs('incrementeel, de dag', false);
  const naIncrementeel = await vingerafdruk(deps);
  const leeg = await ververs('incrementeel, niets gewijzigd', false);
  const volledig = await ververs('volledig', true);
  const naVolledig = await vingerafdruk(deps);
  const verschil = ROLLUPS.filter((r) => naIncrementeel[r] !== naVolledig[r]);
  process.stdout.write(
    verschil.length
      ? `VERSCHIL tussen incrementeel en volledig in ${verschil.join(', ')}\n`
      : `incrementeel = volledig in alle ${ROLLUPS.length} rollups (aantal rijen en hash)\n`,
  );
  process.stdout.write(
    `incrementeel ${incrementeel.seconden.toFixed(2)} s, volledig ${volledig.seconden.toFixed(1)} s: ${(volledig.seconden / incrementeel.seconden).toFixed(0)}× sneller\n`,
  );
  const uit = schrijfResultaten('analyse-dag', {
    database: dbNaam,
    meldingen: Number(meldingen),
    dag,
    perDag,
    generator,
    voorbereiding,
    stappen,
    vuilePlakken: Number(vuil.n),
    incrementeel,
    leeg,
    volledig,
    gelijk: verschil.length === 0,
    verschil,
  });
  process.stdout.write(`resultaten: ${uit}\n`);
  await orm.close();
  if (!bewaar) await db.opruimen();
  if (verschil.length) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
