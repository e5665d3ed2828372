/**
 * Benchmark: termijnbewaking with many open termijnen. Measures the reconciler (afstemmenJob, the job the worker
 * runs at start and every TERMIJN_AFSTEMMEN_INTERVAL_MS) and what its delayed jobs cost in Redis.
 *
 *   npm run bench:termijnen        (BENCH_TERMIJNEN=100000, REDIS_URL=redis://127.0.0.1:6379)
 *
 * Setup: a fresh database, migrations, N open termijnen inserted with SQL in one transaction (26 VT regions, every
 * TermijnSoort, ≈ 2.5 termijnen per casus). The queue uses a prefix of its own, whose keys are deleted at the end.
 *
 *   A  "alles binnen horizon": horizon 400 days, every termijn due within it, so each gets its reminder and its
 *      escalation job. First run (time, jobs, Redis memory), second run (must add nothing), then every key under
 *      the prefix deleted (Redis lost) and a third run that must restore the same jobs.
 *   B  "realistische spreiding": the default 48 h horizon, termijnen due spread over their real lengths (days for
 *      the veiligheidsbeoordeling, months for monitoring), so only the near future is queued.
 *
 * The reconciler is called as the worker calls it: afstemmenJob.verwerk with real JobDeps. The only instrument is
 * a timer around the queue's addBulk, to split its time between PostgreSQL and the queue.
 * Without Redis it runs on BullMQ's PostgreSQL backend (or with BENCH_WACHTRIJ=postgres) and skips the memory part.
 */
import 'reflect-metadata';

import { performance } from 'node:perf_hooks';
import type { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';

import { migrations } from '../migrations';
import { systemClock } from '../src/lib/clock';
import type { Config } from '../src/lib/config';
import { initOrm, ormOptions } from '../src/lib/database';
import type { JobDeps } from '../src/lib/job';
import { createLogger } from '../src/lib/logger';
import { verbindWachtrij } from '../src/lib/queue';
import { entities, termijnActies } from '../src/modules';
import { vtRegios, synchroniseerVtRegios } from '../src/organisaties/vt-regios';
import { AFSTEM_PAGINA_SQL, afstemmenJob } from '../src/termijnen/jobs/termijn-bewaking.job';
import { TERMIJN_WACHTRIJ } from '../src/termijnen/termijn.service';
import { benchDatabase, getal, poortOpen, productieConfig, schrijfResultaten } from './gedeeld';

const DAG_MS = 24 * 3600_000;

/** Share of the open termijnen per soort (percent, cumulative) and the soort's length in days. */
const SOORTEN: readonly [soort: string, totPercent: number, lengteDagen: number][] = [
  ['VEILIGHEIDSBEOORDELING', 3, 7],
  ['TERUGKOPPELING_UITKOMST', 6, 7],
  ['TERUGKOPPELING_MELDER_OVERNAME', 14, 70],
  ['ONDERZOEK', 22, 70],
  ['VOORWAARDEN_EN_VERVOLG', 32, 70],
  ['MONITORING_3_MAANDEN', 52, 91],
  ['MONITORING_12_MAANDEN', 82, 365],
  ['MONITORING_18_MAANDEN', 100, 548],
];

/**
 * Inserts n open termijnen (the casussen exist already). Due day per scenario:
 *  A: 4 to 363 days ahead (within a 400-day horizon, reminder in the future);
 *  B: 0 days to the soort's full length ahead, as in a standing caseload.
 * Due days are working days (a weekend day moves to Monday); the reminder is the start of the working day before,
 * the escalation the start of the day after (Europe/Amsterdam), as termijnService.open computes them.
 */
async function voegTermijnenIn(c: Client, n: number, casussen: number, scenario: 'A' | 'B'): Promise<void> {
  const soorten = SOORTEN.map(([s, tot, len]) => `('${s}', ${tot}, ${len})`).join(', ');
  const ruw = scenario === 'A' ? `current_date + 4 + (h2 % 360)::int` : `current_date + (h2 % (s.lengte + 1))::int`;
  await c.query(
    `with s(soort, tot, lengte) as (values ${soorten}),
     g as (select i, mod(hashint4(i)::bigint + 2147483648, 100) as p, mod(hashint4(-1 - i)::bigint + 2147483648, 100000) as h2,
                  i % $2::int as k from generate_series(0, $1::int - 1) i),
     d as (select g.i, g.k, s.soort, s.lengte, ${ruw} as ruw
             from g cross join lateral (select * from s where g.p < s.tot order by s.tot limit 1) s),
     v as (select d.*, ruw + case extract(isodow from ruw)::int when 6 then 2 when 7 then 1 else 0 end as verval from d)
     insert into termijn (id, vt_organisatie, casus_id, melding_id, dienst_id, soort, startdatum, vervaldatum, vervalt_op, herinner_op, status, verantwoordelijke)
     select gen_random_uuid(), 'VT' || lpad((k % 26 + 1)::text, 2, '0'), md5('bench-casus-' || k)::uuid, null, null, soort,
            verval - lengte, verval, (verval + 1)::timestamp at time zone 'Europe/Amsterdam',
            (verval - case extract(isodow from verval)::int when 1 then 3 else 1 end)::timestamp at time zone 'Europe/Amsterdam',
            'OPEN', 'mw-' || (i % 500)
       from v`,
    [n, casussen],
  );
}

/** Fresh data: casussen per region (row-level security: one insert per region with its setting), then the termijnen. */
async function zaaien(
  dbUrl: string,
  n: number,
  scenario: 'A' | 'B',
): Promise<{ casussen: number; perSoort: Record<string, number> }> {
  const casussen = Math.ceil(n / 2.5);
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  try {
    await c.query('begin');
    await c.query('truncate notificatie, monitoring_input, termijn');
    const [{ aantal }] = (await c.query<{ aantal: string }>('select count(*)::text as aantal from casus')).rows;
    if (Number(aantal) !== casussen) {
      for (const [idx, regio] of vtRegios.map((r) => r.code).entries()) {
        if (regio !== `VT${String(idx + 1).padStart(2, '0')}`) throw new Error(`onverwachte regiocode ${regio}`);
        await c.query(`select set_config('ketenpoort.vt_organisatie', $1, true)`, [regio]);
        await c.query(
          `insert into casus (id, vt_organisatie, fase, verantwoordelijke, geopend_op)
           select md5('bench-casus-' || k)::uuid, $1, 'MONITORING', 'mw-' || (k % 500), now() - interval '90 days'
             from generate_series(0, $2::int - 1) k where k % 26 = $3`,
          [regio, casussen, idx],
        );
      }
    }
    await voegTermijnenIn(c, n, casussen, scenario);
    await c.query('commit');
    await c.query('analyze casus');
    await c.query('analyze termijn');
    const perSoort = Object.fromEntries(
      (
        await c.query<{ soort: string; n: number }>(
          `select soort, count(*)::int as n from termijn group by soort order by soort`,
        )
      ).rows.map((r) => [r.soort, r.n]),
    );
    return { casussen, perSoort };
  } catch (e) {
    await c.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
}

interface Geheugen {
  usedMemory: number;
  sleutels: number;
  /** Sum of MEMORY USAGE over every key under the prefix, by kind of key. */
  bytesPerSoort: Record<string, number>;
  bytes: number;
}

interface Meting {
  stap: string;
  horizonDagen: number;
  openTermijnen: number;
  /** What the reconciler returned: termijnen it read within the horizon and jobs it offered to the queue. */
  afgestemdeTermijnen: number;
  jobsAangeboden: number;
  /** Jobs in the queue (delayed + waiting) before and after: what was really added. */
  jobsVoor: number;
  jobsNa: number;
  seconden: number;
  addBulkSeconden: number;
  addBulkAanroepen: number;
  usPerOpenTermijn: number;
  geheugenVoor?: Geheugen;
  geheugenNa?: Geheugen;
}

const fmt = (x: number, d = 0): string =>
  x.toLocaleString('nl-NL', { minimumFractionDigits: d, maximumFractionDigits: d });

async function main(): Promise<void> {
  const n = getal('BENCH_TERMIJNEN', 100_000);
  const redisUrl =
    process.env.BENCH_WACHTRIJ === 'postgres'
      ? undefined
      : (process.env.REDIS_URL ?? ((await poortOpen(6379)) ? 'redis://127.0.0.1:6379' : undefined));
  const db = await benchDatabase('termijnen');
  const prefix = `bench-termijnen-${Date.now().toString(36)}`;
  const wachtrij = verbindWachtrij({ redisUrl, queueDatabaseUrl: db.queueUrl, prefix });
  const redis = redisUrl ? new IORedis(redisUrl, { maxRetriesPerRequest: null }) : undefined;
  const orm = await initOrm(ormOptions(db.dbUrl, entities as never, migrations));
  const queue: Queue = wachtrij.maakQueue(TERMIJN_WACHTRIJ);
  const metingen: Meting[] = [];
  const plannen: Record<string, string> = {};

  // The queue's time: a timer around addBulk (the reconciler's only queue call).
  let addBulkMs = 0;
  let addBulkAanroepen = 0;
  const addBulk = queue.addBulk.bind(queue);
  queue.addBulk = async (jobs) => {
    const t0 = performance.now();
    try {
      return await addBulk(jobs);
    } finally {
      addBulkMs += performance.now() - t0;
      addBulkAanroepen += 1;
    }
  };

  const sleutelsOnderPrefix = async (): Promise<string[]> => {
    if (!redis) return [];
    const uit: string[] = [];
    let cursor = '0';
    do {
      const [volgende, sl] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
      cursor = volgende;
      uit.push(...sl);
    } while (cursor !== '0');
    return uit;
  };
  const wis = async (): Promise<void> => {
    if (!redis) {
      await queue.obliterate({ force: true });
      return;
    }
    const sl = await sleutelsOnderPrefix();
    for (let i = 0; i < sl.length; i += 5000) await redis.unlink(...sl.slice(i, i + 5000));
  };
  const geheugen = async (): Promise<Geheugen | undefined> => {
    if (!redis) return undefined;
    const info = await redis.info('memory');
    const usedMemory = Number(/^used_memory:(\d+)/m.exec(info)?.[1]);
    const sl = await sleutelsOnderPrefix();
    const bytesPerSoort: Record<string, number> = {};
    for (let i = 0; i < sl.length; i += 5000) {
      const deel = sl.slice(i, i + 5000);
      const p = redis.pipeline();
      for (const k of deel) p.memory('USAGE', k, 'SAMPLES', 0);
      const r = (await p.exec()) ?? [];
      deel.forEach((k, j) => {
        const rest = k.slice(prefix.length + TERMIJN_WACHTRIJ.length + 2);
        const soort = /^[he]-[0-9a-f-]{36}$/.test(rest)
          ? 'jobhash'
          : /^[he]-[0-9a-f-]{36}:/.test(rest)
            ? 'job-bijsleutel'
            : rest;
        bytesPerSoort[soort] = (bytesPerSoort[soort] ?? 0) + Number(r[j]?.[1] ?? 0);
      });
    }
    return {
      usedMemory,
      sleutels: sl.length,
      bytesPerSoort,
      bytes: Object.values(bytesPerSoort).reduce((a, b) => a + b, 0),
    };
  };
  const inWachtrij = async (): Promise<number> => {
    const c = await queue.getJobCounts('delayed', 'waiting', 'prioritized', 'active');
    return (c.delayed ?? 0) + (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.active ?? 0);
  };

  const depsVoor = (config: Config): JobDeps => ({
    termijnActies,
    orm,
    clock: systemClock,
    log: createLogger('silent', 'bench'),
    config,
    queue: (naam) => {
      if (naam !== TERMIJN_WACHTRIJ) throw new Error(`Onbekende wachtrij ${naam}`);
      return queue;
    },
  });

  /** One reconciler run as the worker does it, with its figures. */
  const afstemmen = async (stap: string, config: Config, metGeheugen: boolean): Promise<Meting> => {
    const geheugenVoor = metGeheugen ? await geheugen() : undefined;
    const jobsVoor = await inWachtrij();
    addBulkMs = 0;
    addBulkAanroepen = 0;
    const t0 = performance.now();
    const r = (await afstemmenJob.verwerk(depsVoor(config), {})) as {
      termijnen: number;
      bekeken: number;
      jobs: number;
    };
    const ms = performance.now() - t0;
    const m: Meting = {
      stap,
      horizonDagen: config.termijnen.planhorizonMs / DAG_MS,
      openTermijnen: n,
      afgestemdeTermijnen: r.termijnen,
      jobsAangeboden: r.bekeken,
      jobsVoor,
      jobsNa: await inWachtrij(),
      seconden: ms / 1000,
      addBulkSeconden: addBulkMs / 1000,
      addBulkAanroepen,
      usPerOpenTermijn: (ms * 1000) / n,
      geheugenVoor,
      geheugenNa: metGeheugen ? await geheugen() : undefined,
    };
    metingen.push(m);
    const mem =
      m.geheugenVoor && m.geheugenNa
        ? `  Redis ${m.geheugenNa.usedMemory >= m.geheugenVoor.usedMemory ? '+' : ''}${fmt((m.geheugenNa.usedMemory - m.geheugenVoor.usedMemory) / 1048576, 1)} MiB`
        : '';
    process.stdout.write(
      `${stap.padEnd(26)} ${fmt(m.seconden, 2).padStart(7)} s  ${fmt(m.usPerOpenTermijn, 1).padStart(6)} µs/termijn  aangeboden ${fmt(m.jobsAangeboden)}  toegevoegd ${fmt(m.jobsNa - m.jobsVoor)}${mem}\n`,
    );
    return m;
  };

  /** EXPLAIN ANALYZE of the reconciler's first page (its query text, copied for diagnosis only). */
  const plan = async (naam: string, horizonMs: number): Promise<void> => {
    const grens = new Date(Date.now() + horizonMs);
    const r = await orm.em
      .getConnection()
      .execute<{ 'QUERY PLAN': string }[]>(`explain (analyze, buffers) ${AFSTEM_PAGINA_SQL}`, [
        grens,
        new Date(0),
        '00000000-0000-0000-0000-000000000000',
      ]);
    plannen[naam] = r.map((x) => x['QUERY PLAN']).join('\n');
  };

  try {
    await orm.getMigrator().up();
    await synchroniseerVtRegios(orm.em.fork());
    const configA = await productieConfig(db.dbUrl, db.dataDir, {
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      TERMIJN_PLANHORIZON_MS: String(400 * DAG_MS),
    });
    const configB = await productieConfig(db.dbUrl, db.dataDir, redisUrl ? { REDIS_URL: redisUrl } : {});
    const redisVersie = redis ? /^redis_version:(.+)$/m.exec(await redis.info('server'))?.[1]?.trim() : undefined;
    process.stdout.write(
      `PostgreSQL: ${db.herkomst}; wachtrij: ${wachtrij.soort === 'redis' ? `Redis ${redisVersie} (${new URL(redisUrl as string).host})` : 'BullMQ PostgreSQL-backend (geen Redis: geheugen niet gemeten)'}; prefix ${prefix}; ${fmt(n)} open termijnen\n`,
    );
    await queue.waitUntilReady();
    await inWachtrij();

    // Scenario A: everything within the horizon.
    let t0 = performance.now();
    const zaadA = await zaaien(db.dbUrl, n, 'A');
    const zaaiSecondenA = (performance.now() - t0) / 1000;
    process.stdout.write(
      `A: ${fmt(n)} termijnen en ${fmt(zaadA.casussen)} casussen ingevoegd in ${fmt(zaaiSecondenA, 1)} s\n`,
    );
    await plan('A', configA.termijnen.planhorizonMs);
    const a1 = await afstemmen('A eerste afstemming', configA, true);
    const a2 = await afstemmen('A tweede afstemming', configA, true);
    const voorWissen = redis ? await geheugen() : undefined;
    await wis();
    const a3 = await afstemmen('A herstel na wissen', configA, true);

    // Scenario B: the default horizon, termijnen spread over their real lengths.
    await wis();
    t0 = performance.now();
    const zaadB = await zaaien(db.dbUrl, n, 'B');
    const zaaiSecondenB = (performance.now() - t0) / 1000;
    const [binnen] = await orm.em.getConnection().execute<{ h: number; e: number; vervalt12m: number }[]>(
      `select count(*) filter (where herinner_op <= now() + ?::interval)::int as h, count(*) filter (where vervalt_op <= now() + ?::interval)::int as e,
              count(*) filter (where vervalt_op <= now() + interval '12 months')::int as vervalt12m from termijn where status = 'OPEN'`,
      [`${configB.termijnen.planhorizonMs} milliseconds`, `${configB.termijnen.planhorizonMs} milliseconds`],
    );
    process.stdout.write(
      `B: ${fmt(n)} termijnen opnieuw ingevoegd in ${fmt(zaaiSecondenB, 1)} s; binnen 48 u: ${fmt(binnen.h)} herinneringen, ${fmt(binnen.e)} escalaties; ${fmt(binnen.vervalt12m)} vervallen binnen 12 maanden\n`,
    );
    await plan('B', configB.termijnen.planhorizonMs);
    const b1 = await afstemmen('B eerste afstemming', configB, true);
    const b2 = await afstemmen('B periodieke afstemming', configB, true);

    const delta = (m: Meting): number | undefined =>
      m.geheugenVoor && m.geheugenNa ? m.geheugenNa.usedMemory - m.geheugenVoor.usedMemory : undefined;
    const toegevoegd = (m: Meting): number => m.jobsNa - m.jobsVoor;
    const rij = (m: Meting): string => {
      const d = delta(m);
      const t = toegevoegd(m);
      return `| ${m.stap} | ${fmt(m.horizonDagen)} d | ${fmt(m.afgestemdeTermijnen)} | ${fmt(m.jobsAangeboden)} | ${fmt(t)} | ${fmt(m.jobsNa)} | ${fmt(m.seconden, 2)} | ${fmt(m.addBulkSeconden, 2)} | ${fmt(m.usPerOpenTermijn, 1)} | ${d === undefined ? '–' : fmt(d / 1048576, 1)} | ${d === undefined || t <= 0 ? '–' : fmt(d / n, 0)} | ${d === undefined || t <= 0 ? '–' : fmt(d / t, 0)} |`;
    };
    process.stdout.write(
      `\n| stap | horizon | termijnen binnen horizon | jobs aangeboden | jobs toegevoegd | jobs in wachtrij | tijd s | waarvan addBulk s | µs per open termijn | Redis used_memory Δ MiB | bytes per open termijn | bytes per job |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n` +
        [a1, a2, a3, b1, b2].map(rij).join('\n') +
        '\n',
    );
    const perSoortJob = a1.geheugenNa ? a1.geheugenNa.bytesPerSoort : undefined;
    if (a1.geheugenNa && perSoortJob) {
      const jobs = a1.jobsNa;
      process.stdout.write(
        `\nMEMORY USAGE na A (som over ${fmt(a1.geheugenNa.sleutels)} sleutels onder de prefix): ${fmt(a1.geheugenNa.bytes / 1048576, 1)} MiB = ${fmt(a1.geheugenNa.bytes / jobs)} bytes per job; ` +
          Object.entries(perSoortJob)
            .sort((x, y) => y[1] - x[1])
            .map(([k, v]) => `${k} ${fmt(v / 1048576, 2)} MiB`)
            .join(', ') +
          '\n',
      );
    }
    const controles = {
      tweedeVoegtNietsToe: toegevoegd(a2) === 0,
      herstelGelijkAanEerste: a3.jobsNa === a1.jobsNa && toegevoegd(a3) === toegevoegd(a1),
      herstelGeheugenGelijk:
        a3.geheugenNa && a1.geheugenNa ? a3.geheugenNa.sleutels === a1.geheugenNa.sleutels : undefined,
      periodiekeBVoegtNietsToe: toegevoegd(b2) === 0,
    };
    process.stdout.write(`\ncontroles: ${JSON.stringify(controles)}\n`);
    // The plans in full go to the JSON; here the access path and the time of the reconciler's first page.
    for (const [k, v] of Object.entries(plannen)) {
      const regels = v.split('\n');
      const pad = regels
        .filter((r) => /Scan.* on termijn |Sort Key/.test(r))
        .map((r) => r.trim().replace(/\s+\(cost.*$/, ''));
      process.stdout.write(
        `plan eerste pagina ${k}: ${pad.join('; ')}; ${regels.find((r) => r.startsWith('Execution Time')) ?? ''}\n`,
      );
    }
    const uit = schrijfResultaten('termijnen', {
      openTermijnen: n,
      postgres: db.herkomst,
      wachtrij: wachtrij.soort,
      redis: redisUrl ? { url: new URL(redisUrl).host, versie: redisVersie } : null,
      prefix,
      zaad: { A: { ...zaadA, seconden: zaaiSecondenA }, B: { ...zaadB, seconden: zaaiSecondenB, binnen48u: binnen } },
      metingen,
      geheugenVoorWissen: voorWissen,
      controles,
      plannen,
    });
    process.stdout.write(`resultaten: ${uit}\n`);
  } finally {
    await wis().catch(() => undefined);
    const over = await sleutelsOnderPrefix().catch(() => []);
    if (over.length) process.stderr.write(`let op: ${over.length} sleutels onder ${prefix} bleven staan\n`);
    await queue.close();
    await wachtrij.sluit();
    await redis?.quit();
    await orm.close();
    await db.opruimen();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
  process.exit(1);
});
