/**
 * Benchmark: the Handle with Care morning burst (issue 4). After a night of police call-outs VT sends N signals
 * (`hwcSignaalVersturen`) at "07:00"; each must reach its school before lessons start at 08:30. Measured from the
 * creation of a signal (the mutation's answer) to its acknowledged delivery (the receiver's 2xx) at a local receiver.
 *
 *   npm run bench:hwc      (BENCH_SIGNALEN=2000 BENCH_SCHOLEN=200 BENCH_PARALLEL=10 BENCH_TIMEOUT_S=900)
 *
 * - Seed: a fresh database, the migrations, N children in N/4 households (one melding each, through casusIntakeService as
 *   the other benchmarks do), S schools (soort SCHOOL, regio VT14) each with one webhook endpoint registered through
 *   webhookService (a non-production context with WEBHOOK_PRIVE_ADRESSEN_TOESTAAN, so http://127.0.0.1 is allowed;
 *   the secret is the one the service returns, sealed in the database with WEBHOOK_GEHEIM_SLEUTEL as in production).
 * - Run: the API in a child process (bench/server-kind.ts, production configuration), the real worker
 *   (`startWorkers` as src/worker.ts, every schedule, production configuration but for the webhook address policy,
 *   which must let it reach the local receiver) in a second child process, on BullMQ
 *   with Redis at REDIS_URL or 127.0.0.1:6379 if it answers, else its PostgreSQL backend (BENCH_WACHTRIJ=postgres forces
 *   it). WEBHOOK_AFLEVER_INTERVAL_MS is the configuration's default unless set in the environment.
 * - The receiver is a node:http server in this process: it verifies every signature with `standardwebhooks`, records
 *   the arrival per webhook-id and answers 204.
 * The clock is real time: "07:00" is nominal, the burst runs whenever the bench does.
 */
import 'reflect-metadata';

import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import IORedis from 'ioredis';
import { Webhook } from 'standardwebhooks';

import { migrations } from '../migrations';
import { AuditRegistratie } from '../src/audit/audit-registratie';
import type { Actor } from '../src/auth/actor';
import { casusIntakeService } from '../src/casussen/casus.intake';
import { WEBHOOK_WACHTRIJ } from '../src/gebeurtenissen/jobs/webhooks-afleveren.job';
import { webhookService } from '../src/gebeurtenissen/webhook.service';
import { FixedClock, systemClock } from '../src/lib/clock';
import { loadConfig } from '../src/lib/config';
import type { RequestContext } from '../src/lib/context';
import { initOrm, ormOptions } from '../src/lib/database';
import { createLogger } from '../src/lib/logger';
import { verbindWachtrij } from '../src/lib/queue';
import {
  AardGeweld,
  Anonimiteit,
  BetrokkeneRol,
  DuurGeweld,
  HoedanigheidMelder,
  Kanaal,
  OrganisatieMelder,
} from '../src/meldingen/cbs-categorieen';
import type { MeldingInvoer } from '../src/meldingen/melding.inputs';
import { entities } from '../src/modules';
import { synchroniseerVtRegios } from '../src/organisaties/vt-regios';
import { termijnRegels } from '../src/termijnen/termijn-regels';
import { startWorkers } from '../src/worker';
import { benchDatabase, benchToken, getal, poortOpen, productieConfig, schrijfResultaten } from './gedeeld';
import { startServerKind } from './server-kind';

const KINDEREN_PER_GEZIN = 4;
const VERSTUUR = `mutation V($invoer: HwcSignaalInvoer!) { hwcSignaalVersturen(invoer: $invoer) { id school gebeurtenisId leverenVoor } }`;

const VT: Actor = {
  sub: 'bench-vt',
  soort: 'PERSOON',
  rol: 'VT_MEDEWERKER',
  organisatie: { code: 'VT14', naam: 'VT14', soort: 'VEILIG_THUIS', regioCodes: ['VT14'] },
  issuer: 'bench',
};
const schoolActor = (code: string): Actor => ({
  sub: `bench-${code.toLowerCase()}`,
  soort: 'PERSOON',
  rol: 'SCHOOL_CONTACTPERSOON',
  organisatie: { code, naam: code, soort: 'SCHOOL', regioCodes: ['VT14'] },
  issuer: 'bench',
});
const schoolCode = (i: number): string => `SCHOOL-BENCH-${String(i + 1).padStart(3, '0')}`;

interface Kind {
  casusId: string;
  persoonId: string;
}

/** Runs `werk` over 0..n-1 with at most `parallel` at a time. */
async function pool(n: number, parallel: number, werk: (i: number) => Promise<void>): Promise<void> {
  let volgende = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, n) }, async () => {
      while (volgende < n) await werk(volgende++);
    }),
  );
}

/**
 * Households with KINDEREN_PER_GEZIN children and a parent (one melding each, so each child is a member of the casus),
 * the schools and one webhook endpoint per school through webhookService. Returns the children and each school's secret.
 */
async function zaai(
  dbUrl: string,
  kinderen: number,
  scholen: number,
  ontvangerUrl: string,
  geheimSleutel: string,
): Promise<{ kinderen: Kind[]; geheimen: Map<string, string> }> {
  const orm = await initOrm(ormOptions(dbUrl, entities as never, migrations));
  await orm.getMigrator().up();
  await synchroniseerVtRegios(orm.em.fork());
  const conn = orm.em.getConnection();
  for (let i = 0; i < scholen; i++) {
    await conn.execute(
      `insert into organisatie (code, naam, soort, regio_codes, actief) values (?, ?, 'SCHOOL', '{VT14}', true)`,
      [schoolCode(i), `Basisschool ${i + 1} (bench)`],
    );
  }
  const log = createLogger('silent', 'bench');
  // Not the production configuration: with the development setting webhookService allows http://127.0.0.1. The
  // master key is the worker's.
  const config = loadConfig({ WEBHOOK_GEHEIM_SLEUTEL: geheimSleutel, WEBHOOK_PRIVE_ADRESSEN_TOESTAAN: 'true' });
  const regels = termijnRegels(config);
  const clock = new FixedClock(new Date());
  const ctx = (actor: Actor, i: number): RequestContext => {
    const em = orm.em.fork();
    return {
      em,
      actor,
      clock,
      verzoekId: `zaai-${i}`,
      log,
      termijnRegels: regels,
      config,
      audit: new AuditRegistratie(
        { actor, toegangspunt: 'bench', verzoekId: `zaai-${i}`, grondslag: 'benchmark', noodprocedure: false },
        clock,
        em,
      ),
    };
  };

  const geheimen = new Map<string, string>();
  for (let i = 0; i < scholen; i++) {
    const code = schoolCode(i);
    const r = await webhookService.registreer(ctx(schoolActor(code), i), {
      url: `${ontvangerUrl}/${code}`,
      omschrijving: 'bench-ontvanger',
    });
    geheimen.set(code, r.geheim);
  }

  const gezinnen = Math.ceil(kinderen / KINDEREN_PER_GEZIN);
  const uit: Kind[][] = Array.from({ length: gezinnen }, (): Kind[] => []);
  await pool(gezinnen, 4, async (g) => {
    const adres = { straat: 'Schoolstraat', huisnummer: String(g + 1), postcode: '1211 AB', woonplaats: 'Hilversum' };
    const aantal = Math.min(KINDEREN_PER_GEZIN, kinderen - g * KINDEREN_PER_GEZIN);
    const invoer = {
      ontvangenOp: new Date(Date.now() - 6 * 3600_000),
      kanaal: Kanaal.TELEFOON,
      aardGeweld: [AardGeweld.EX_PARTNERGEWELD],
      duurGeweld: DuurGeweld.ONBEKEND,
      omschrijving: `Politie-inzet in de nacht, kinderen aanwezig (gezin ${g}).`,
      hoedanigheidMelder: HoedanigheidMelder.BEROEPSMATIG,
      organisatieMelder: OrganisatieMelder.POLITIE,
      melder: {
        anonimiteit: Anonimiteit.OPEN,
        toestemmingBekendmaking: true,
        naam: 'Agent Bench',
        telefoon: '0900-8844',
      },
      betrokkenen: [
        {
          rollen: [BetrokkeneRol.PLEGER],
          persoon: { voornamen: 'Bram', achternaam: `Gezin-${g}`, geboortedatum: '1985-09-30', adres },
        },
        ...Array.from({ length: aantal }, (_, k) => ({
          rollen: [BetrokkeneRol.KIND],
          persoon: {
            voornamen: ['Sara', 'Daan', 'Noor', 'Milan'][k % 4],
            achternaam: `Gezin-${g}`,
            geboortedatum: `${2013 + k}-0${(g % 9) + 1}-1${k}`,
            adres,
          },
        })),
      ],
    } as unknown as MeldingInvoer;
    const m = await casusIntakeService.registreer(ctx(VT, g), invoer, ['id', 'casusId', 'betrokkenen']);
    if (!m.casusId) throw new Error(`melding ${g} zonder casus`);
    const kids = m.betrokkenen.filter((b) => b.rollen.includes(BetrokkeneRol.KIND));
    if (kids.length !== aantal) throw new Error(`melding ${g}: ${kids.length} kinderen in plaats van ${aantal}`);
    uit[g] = kids.map((b) => ({ casusId: m.casusId as string, persoonId: b.persoon.id }));
  });
  await orm.close();
  return { kinderen: uit.flat(), geheimen };
}

interface Aankomst {
  webhookId: string;
  objectId: string;
  school: string;
  ms: number;
}

interface Ontvanger {
  url: string;
  aankomsten: Map<string, Aankomst>;
  /** Requests whose signature or timestamp did not verify. */
  handtekeningFouten: number;
  /** Requests with a webhook-id seen before. */
  dubbel: number;
  verzoeken: number;
  geheimen: Map<string, string>;
  server: Server;
}

/** The schools' receiver: one URL per school (/hwc/<code>), verified with the school's secret, 204 on success. */
async function startOntvanger(): Promise<Ontvanger> {
  const o = {
    aankomsten: new Map(),
    handtekeningFouten: 0,
    dubbel: 0,
    verzoeken: 0,
    geheimen: new Map(),
  } as unknown as Ontvanger;
  o.server = createServer((req, res) => {
    const delen: Buffer[] = [];
    req.on('data', (d: Buffer) => delen.push(d));
    req.on('end', () => {
      const ms = Date.now();
      o.verzoeken++;
      const school = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
      const body = Buffer.concat(delen).toString('utf8');
      const geheim = o.geheimen.get(school);
      let bericht: { data: { id: string; objectId: string } };
      try {
        if (!geheim) throw new Error('onbekende school');
        bericht = new Webhook(geheim).verify(body, req.headers as Record<string, string>) as typeof bericht;
      } catch {
        o.handtekeningFouten++;
        res.statusCode = 401;
        res.end();
        return;
      }
      const id = String(req.headers['webhook-id']);
      if (o.aankomsten.has(id)) o.dubbel++;
      else o.aankomsten.set(id, { webhookId: id, objectId: bericht.data.objectId, school, ms });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => o.server.listen(0, '127.0.0.1', r));
  o.url = `http://127.0.0.1:${(o.server.address() as AddressInfo).port}/hwc`;
  return o;
}

interface Ronde {
  start: number;
  eind: number;
  uitgewaaierd: number;
  pogingen: number;
  afgeleverd: number;
  mislukt: number;
}

interface WorkerKind {
  soort: string;
  rondes: Ronde[];
  tellers(): Promise<{ statements: number; cpuMs: number }>;
  stop(): Promise<void>;
}

async function startWorkerKind(args: {
  dbUrl: string;
  queueUrl: string;
  dataDir: string;
  redisUrl?: string;
  prefix: string;
  sleutel: string;
}): Promise<WorkerKind> {
  const proces: ChildProcess = fork(__filename, ['--worker', JSON.stringify(args)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const rondes: Ronde[] = [];
  const soort = await new Promise<string>((resolve, reject) => {
    proces.on('message', (m: { klaar?: string; ronde?: Ronde }) => {
      if (m.klaar) resolve(m.klaar);
      if (m.ronde) rondes.push(m.ronde);
    });
    proces.once('exit', (c) => reject(new Error(`worker stopte met ${c}`)));
  });
  return {
    soort,
    rondes,
    tellers: () =>
      new Promise((resolve) => {
        const h = (m: { statements?: number; cpuMs?: number }): void => {
          if (m.statements === undefined) return;
          proces.off('message', h);
          resolve(m as { statements: number; cpuMs: number });
        };
        proces.on('message', h);
        proces.send({ vraag: 'tellers' });
      }),
    stop: async () => {
      const weg = new Promise((r) => proces.once('exit', r));
      proces.send({ vraag: 'stop' });
      await weg;
    },
  };
}

/** The worker process: as src/worker.ts (startWorkers with every schedule), production configuration, counting its SQL. */
async function workerKind(args: {
  dbUrl: string;
  queueUrl: string;
  dataDir: string;
  redisUrl?: string;
  prefix: string;
  sleutel: string;
}): Promise<void> {
  let statements = 0;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as { Client: { prototype: { query: (...a: unknown[]) => unknown } } };
  const origineel = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...a: unknown[]) {
    statements += 1;
    return origineel.apply(this, a);
  };
  const extra: Record<string, string> = { WEBHOOK_GEHEIM_SLEUTEL: args.sleutel };
  if (args.redisUrl) extra.REDIS_URL = args.redisUrl;
  if (process.env.WEBHOOK_AFLEVER_INTERVAL_MS) {
    extra.WEBHOOK_AFLEVER_INTERVAL_MS = process.env.WEBHOOK_AFLEVER_INTERVAL_MS;
  }
  const productie = await productieConfig(args.dbUrl, args.dataDir, extra);
  // The production configuration, except where the receiver is: plain http on a port of 127.0.0.1, which production
  // refuses at every delivery (and whose setting it refuses at start). Set on the loaded configuration, for this
  // measurement only; the delivery still resolves, checks and pins the address as in production.
  const config: typeof productie = {
    ...productie,
    webhooks: {
      ...productie.webhooks,
      httpsVereist: false,
      alleenStandaardpoort: false,
      priveAdressenToegestaan: true,
    },
  };
  const log = createLogger('warn', 'bench-worker');
  const orm = await initOrm(ormOptions(args.dbUrl, entities as never, migrations, { pool: { min: 0, max: 5 } }));
  const verbinding = verbindWachtrij({
    redisUrl: config.redisUrl,
    queueDatabaseUrl: args.queueUrl,
    prefix: args.prefix,
  });
  const handle = await startWorkers({ orm, clock: systemClock, log, config }, verbinding);
  const w = handle.workers.find((x) => x.name === WEBHOOK_WACHTRIJ);
  w?.on('completed', (job, rv: Record<string, number>) => {
    process.send?.({ ronde: { start: job.processedOn ?? 0, eind: job.finishedOn ?? Date.now(), ...rv } });
  });
  process.on('message', (m: { vraag: string }) => {
    if (m.vraag === 'tellers') {
      const cpu = process.cpuUsage();
      process.send?.({ statements, cpuMs: (cpu.user + cpu.system) / 1000 });
    }
    if (m.vraag === 'stop') {
      void handle
        .stop()
        .then(() => verbinding.sluit())
        .then(() => orm.close())
        .then(() => process.exit(0));
    }
  });
  process.send?.({ klaar: `${verbinding.soort} (interval ${config.webhooks.afleverIntervalMs} ms)` });
}

const percentiel = (gesorteerd: number[], p: number): number =>
  gesorteerd[Math.min(gesorteerd.length - 1, Math.max(0, Math.ceil((p / 100) * gesorteerd.length) - 1))];
const s = (ms: number, d = 1): string => (ms / 1000).toFixed(d);
const wacht = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const n = getal('BENCH_SIGNALEN', 2000);
  const scholen = getal('BENCH_SCHOLEN', 200);
  const parallel = getal('BENCH_PARALLEL', 10);
  const timeoutMs = getal('BENCH_TIMEOUT_S', 900) * 1000;
  const redisUrl =
    process.env.BENCH_WACHTRIJ === 'postgres'
      ? undefined
      : (process.env.REDIS_URL ?? ((await poortOpen(6379)) ? 'redis://127.0.0.1:6379' : undefined));
  const prefix = `bench-hwc-${Date.now().toString(36)}`;
  const sleutel = randomBytes(32).toString('base64');

  const db = await benchDatabase('hwc');
  const ontvanger = await startOntvanger();
  process.stdout.write(
    `PostgreSQL: ${db.herkomst}; ${n} signalen aan ${scholen} scholen, ${parallel} tegelijk\nzaaien ...\n`,
  );
  const t0 = Date.now();
  const zaad = await zaai(db.dbUrl, n, scholen, ontvanger.url, sleutel);
  ontvanger.geheimen = zaad.geheimen;
  process.stdout.write(
    `gezaaid in ${s(Date.now() - t0)} s: ${zaad.kinderen.length} kinderen in ${Math.ceil(n / KINDEREN_PER_GEZIN)} gezinnen, ${scholen} scholen met een endpoint\n`,
  );

  const k = await startServerKind({ autorisatie: true, audit: true }, db, 'hwc');
  const worker = await startWorkerKind({
    dbUrl: db.dbUrl,
    queueUrl: db.queueUrl,
    dataDir: db.dataDir,
    redisUrl,
    prefix,
    sleutel,
  });
  process.stdout.write(`API: kindproces op poort ${k.poort}; worker: kindproces, wachtrij ${worker.soort}\n`);
  // The worker's start-up runs (reconciler, first dispatcher run) settle before the burst.
  await wacht(3000);

  // As the worker who registered (and so is behandelaar of) the casussen: need-to-know.
  const token = await benchToken(db, {
    rol: 'VT_MEDEWERKER',
    organisatie: 'VT14',
    sub: VT.sub,
    audience: 'ketenpoort',
    geldigheidSeconden: 7200,
  });
  const url = `http://127.0.0.1:${k.poort}/graphql`;
  // The night's call-outs: incident date yesterday (Europe/Amsterdam), never in the future.
  const incidentdatum = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' }).format(
    new Date(Date.now() - 24 * 3600_000),
  );
  interface Gemaakt {
    signaalId: string;
    gebeurtenisId: string;
    school: string;
    leverenVoor: string;
    verzondenMs: number;
    gemaaktMs: number;
  }
  const gemaakt: Gemaakt[] = [];
  const fouten: string[] = [];

  const voorServer = await k.tellers();
  const voorWorker = await worker.tellers();
  const burstStart = Date.now();
  await pool(n, parallel, async (i) => {
    const kind = zaad.kinderen[i];
    const school = schoolCode(i % scholen);
    const verzondenMs = Date.now();
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: VERSTUUR,
        variables: {
          invoer: {
            casusId: kind.casusId,
            persoonId: kind.persoonId,
            school,
            incidentdatum,
            grondslag: 'Convenant Handle with Care Gooi en Vechtstreek',
          },
        },
      }),
    });
    const body = (await r.json()) as {
      data?: { hwcSignaalVersturen: { id: string; school: string; gebeurtenisId: string; leverenVoor: string } };
      errors?: unknown;
    };
    const gemaaktMs = Date.now();
    const v = body.data?.hwcSignaalVersturen;
    if (body.errors || !v) {
      fouten.push(JSON.stringify(body).slice(0, 300));
      return;
    }
    gemaakt.push({
      signaalId: v.id,
      gebeurtenisId: v.gebeurtenisId,
      school: v.school,
      leverenVoor: v.leverenVoor,
      verzondenMs,
      gemaaktMs,
    });
  });
  const burstEind = Date.now();
  const naServer = await k.tellers();
  const burstMs = burstEind - burstStart;
  process.stdout.write(
    `burst: ${gemaakt.length} signalen gemaakt in ${s(burstMs)} s (${((gemaakt.length / burstMs) * 1000).toFixed(1)}/s), ${fouten.length} fouten\n`,
  );
  if (fouten.length) process.stdout.write(`eerste fout: ${fouten[0]}\n`);

  // Wait for every delivery (or the timeout), with progress every 5 s.
  const verwacht = new Set(gemaakt.map((g) => g.gebeurtenisId));
  const binnen = (): number => [...verwacht].filter((id) => ontvanger.aankomsten.has(id)).length;
  let laatsteMelding = Date.now();
  while (binnen() < verwacht.size && Date.now() - burstStart < timeoutMs) {
    await wacht(100);
    if (Date.now() - laatsteMelding >= 5000) {
      laatsteMelding = Date.now();
      process.stdout.write(`  t+${s(Date.now() - burstStart, 0)} s: ${binnen()}/${verwacht.size} afgeleverd\n`);
    }
  }
  // A little longer, to catch duplicates of deliveries that were just acknowledged.
  await wacht(2000);
  const naWorker = await worker.tellers();
  const eindMs = Date.now();

  // The latencies: creation (the mutation's answer at the client) to arrival at the receiver (which then answers 204).
  const perSignaal = gemaakt
    .map((g) => ({ ...g, aankomst: ontvanger.aankomsten.get(g.gebeurtenisId) }))
    .filter((g) => g.aankomst)
    .map((g) => ({
      ...g,
      latentieMs: (g.aankomst as Aankomst).ms - g.gemaaktMs,
      verkeerdeSchool:
        (g.aankomst as Aankomst).school !== g.school || (g.aankomst as Aankomst).objectId !== g.signaalId,
    }));
  const lat = perSignaal.map((g) => g.latentieMs).sort((a, b) => a - b);
  const aankomsten = perSignaal.map((g) => (g.aankomst as Aankomst).ms).sort((a, b) => a - b);
  const eersteAankomst = aankomsten[0];
  const laatsteAankomst = aankomsten[aankomsten.length - 1];
  const perSeconde = new Map<number, number>();
  for (const a of aankomsten) {
    perSeconde.set(Math.floor((a - burstStart) / 1000), (perSeconde.get(Math.floor((a - burstStart) / 1000)) ?? 0) + 1);
  }

  // The database's view: status and attempts of the deliveries, event creation to afgeleverd_op.
  const { Client } = await import('pg');
  const c = new Client({ connectionString: db.dbUrl });
  await c.connect();
  const { rows: status } = await c.query<{ status: string; aantal: string; max_pogingen: number }>(
    `select status, count(*)::text as aantal, max(pogingen) as max_pogingen from webhook_aflevering group by status order by status`,
  );
  const { rows: dbLat } = await c.query<{ p50: number; p95: number; p99: number; max: number }>(
    `select percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.95) within group (order by ms) as p95,
            percentile_cont(0.99) within group (order by ms) as p99, max(ms) as max
       from (select extract(epoch from (a.afgeleverd_op - g.aangemaakt_op)) * 1000 as ms
               from webhook_aflevering a join gebeurtenis g on g.id = a.gebeurtenis_id where a.status = 'DELIVERED' and g.type = 'handle-with-care.signaal') x`,
  );
  await c.end();

  const leverenVoor = [...new Set(gemaakt.map((g) => g.leverenVoor))];
  const statementsPerSignaal = (naServer.statements - voorServer.statements) / Math.max(1, gemaakt.length);
  const serverCpuMsPerSignaal = (naServer.cpuMs - voorServer.cpuMs) / Math.max(1, gemaakt.length);
  const machineCpuMsPerSignaal =
    naServer.machineMs !== null && voorServer.machineMs !== null
      ? (naServer.machineMs - voorServer.machineMs) / Math.max(1, gemaakt.length)
      : null;
  const workerStatementsPerAflevering = (naWorker.statements - voorWorker.statements) / Math.max(1, perSignaal.length);
  const rondes = worker.rondes.filter((r) => r.eind >= burstStart && r.start <= eindMs);

  const samenvatting = {
    signalen: n,
    gemaakt: gemaakt.length,
    fouten: fouten.length,
    afgeleverd: perSignaal.length,
    burstS: burstMs / 1000,
    signalenPerSeconde: (gemaakt.length / burstMs) * 1000,
    latentieMs: lat.length
      ? {
          p50: percentiel(lat, 50),
          p95: percentiel(lat, 95),
          p99: percentiel(lat, 99),
          max: lat[lat.length - 1],
          min: lat[0],
        }
      : null,
    latentieDatabaseMs: dbLat[0]
      ? {
          p50: Math.round(dbLat[0].p50),
          p95: Math.round(dbLat[0].p95),
          p99: Math.round(dbLat[0].p99),
          max: Math.round(dbLat[0].max),
        }
      : null,
    eersteAfleveringNaStartS: eersteAankomst ? (eersteAankomst - burstStart) / 1000 : null,
    laatsteAfleveringNaStartS: laatsteAankomst ? (laatsteAankomst - burstStart) / 1000 : null,
    laatsteAfleveringNaEindeBurstS: laatsteAankomst ? (laatsteAankomst - burstEind) / 1000 : null,
    afleveringenPerSeconde:
      aankomsten.length > 1 ? (aankomsten.length / (laatsteAankomst - eersteAankomst)) * 1000 : null,
    piekAfleveringenPerSeconde: Math.max(0, ...perSeconde.values()),
    handtekeningFouten: ontvanger.handtekeningFouten,
    dubbel: ontvanger.dubbel,
    verkeerdAfgeleverd: perSignaal.filter((g) => g.verkeerdeSchool).length,
    ontvangerVerzoeken: ontvanger.verzoeken,
    afleverStatus: status.map((r) => ({ status: r.status, aantal: Number(r.aantal), maxPogingen: r.max_pogingen })),
    statementsPerSignaal,
    serverCpuMsPerSignaal,
    machineCpuMsPerSignaal,
    workerStatementsPerAflevering,
    workerCpuS: (naWorker.cpuMs - voorWorker.cpuMs) / 1000,
    leverenVoor,
    margeTot0830S: laatsteAankomst ? 90 * 60 - (laatsteAankomst - burstStart) / 1000 : null,
  };

  process.stdout.write(
    `\ndispatcher-rondes (webhooks-afleveren) tijdens de meting, t = seconden na de start van de burst:\n| start t | duur s | uitgewaaierd | pogingen | afgeleverd | mislukt |\n|---|---|---|---|---|---|\n` +
      rondes
        .map(
          (r) =>
            `| ${s(r.start - burstStart)} | ${s(r.eind - r.start, 2)} | ${r.uitgewaaierd} | ${r.pogingen} | ${r.afgeleverd} | ${r.mislukt} |`,
        )
        .join('\n') +
      `\n\n| maat | waarde |\n|---|---|\n` +
      [
        ['wachtrij', worker.soort],
        ['signalen gemaakt / fouten', `${gemaakt.length} / ${fouten.length}`],
        ['burst: duur, signalen/s', `${s(burstMs)} s, ${samenvatting.signalenPerSeconde.toFixed(1)}/s`],
        ['SQL-statements / signaal (API)', statementsPerSignaal.toFixed(1)],
        ['server-CPU ms / signaal', serverCpuMsPerSignaal.toFixed(1)],
        ['afgeleverd', `${perSignaal.length} van ${gemaakt.length}`],
        [
          'latentie p50 / p95 / p99 / max (aanmaak → ontvanger)',
          samenvatting.latentieMs
            ? `${s(samenvatting.latentieMs.p50, 2)} / ${s(samenvatting.latentieMs.p95, 2)} / ${s(samenvatting.latentieMs.p99, 2)} / ${s(samenvatting.latentieMs.max, 2)} s`
            : '–',
        ],
        [
          'latentie in de database p50 / p95 / p99 / max (gebeurtenis → afgeleverd_op)',
          samenvatting.latentieDatabaseMs
            ? `${s(samenvatting.latentieDatabaseMs.p50, 2)} / ${s(samenvatting.latentieDatabaseMs.p95, 2)} / ${s(samenvatting.latentieDatabaseMs.p99, 2)} / ${s(samenvatting.latentieDatabaseMs.max, 2)} s`
            : '–',
        ],
        [
          'laatste aflevering na start burst / na einde burst',
          `${samenvatting.laatsteAfleveringNaStartS?.toFixed(1)} s / ${samenvatting.laatsteAfleveringNaEindeBurstS?.toFixed(1)} s`,
        ],
        [
          'afleveringen/s (eerste tot laatste) / piek per seconde',
          `${samenvatting.afleveringenPerSeconde?.toFixed(1)} / ${samenvatting.piekAfleveringenPerSeconde}`,
        ],
        [
          'handtekeningfouten / dubbel / verkeerde school',
          `${ontvanger.handtekeningFouten} / ${ontvanger.dubbel} / ${samenvatting.verkeerdAfgeleverd}`,
        ],
        [
          'webhook_aflevering',
          status.map((r) => `${r.status} ${r.aantal} (max ${r.max_pogingen} pogingen)`).join(', '),
        ],
        [
          'worker: SQL / aflevering, CPU s',
          `${workerStatementsPerAflevering.toFixed(1)}, ${samenvatting.workerCpuS.toFixed(1)}`,
        ],
        ['leverenVoor', leverenVoor.join(', ')],
        [
          'marge tot 08:30 bij start om 07:00',
          samenvatting.margeTot0830S !== null ? `${(samenvatting.margeTot0830S / 60).toFixed(1)} min` : '–',
        ],
      ]
        .map(([a, b]) => `| ${a} | ${b} |`)
        .join('\n') +
      '\n',
  );
  const uit = schrijfResultaten('hwc-burst', {
    signalen: n,
    scholen,
    parallel,
    kinderenPerGezin: KINDEREN_PER_GEZIN,
    wachtrij: worker.soort,
    postgresql: db.herkomst,
    samenvatting,
    rondes: rondes.map((r) => ({ ...r, startS: (r.start - burstStart) / 1000, duurS: (r.eind - r.start) / 1000 })),
    afleveringenPerSeconde: Object.fromEntries([...perSeconde.entries()].sort((a, b) => a[0] - b[0])),
    eersteFouten: fouten.slice(0, 5),
  });
  process.stdout.write(`resultaten: ${uit}\n`);

  await worker.stop();
  await k.stop();
  ontvanger.server.closeAllConnections();
  ontvanger.server.close();
  if (redisUrl) {
    const redis = new IORedis(redisUrl, { maxRetriesPerRequest: null });
    let cursor = '0';
    do {
      const [volgende, sleutels] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = volgende;
      if (sleutels.length) await redis.unlink(...sleutels);
    } while (cursor !== '0');
    await redis.quit();
  }
  await db.opruimen();
  if (gemaakt.length < n || perSignaal.length < gemaakt.length || ontvanger.handtekeningFouten || ontvanger.dubbel) {
    process.exitCode = 2;
  }
}

if (process.argv[2] === '--worker') {
  void workerKind(JSON.parse(process.argv[3]) as Parameters<typeof workerKind>[0]);
} else {
  main().catch((e: unknown) => {
    process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
    process.exit(1);
  });
}
