/**
 * Chaos test (issue 12): a driver of some thousands of mutations through GraphQL over HTTP while the API, the worker and
 * Redis are killed with SIGKILL at random moments and restarted; afterwards it counts what was acknowledged against
 * what is stored, open termijnen against scheduled jobs, notifications per (termijn, soort), webhook deliveries per
 * event id and endpoint, and the audit chain.
 *
 *   npm run bench:chaos      (BENCH_MUTATIES=3000 BENCH_KILLS=3 BENCH_DUUR_S=180 BENCH_PARALLEL=6 BENCH_NAWACHT_S=90)
 *   BENCH_LAATSTE=redis npm run bench:chaos      (the last kill is Redis's: the worker is not restarted after it)
 *
 * - PostgreSQL: a fresh database of its own (bench/gedeeld.ts), dropped at the end (BENCH_BEWAAR=1 keeps it).
 * - Redis: a PRIVATE redis-server on a free port without persistence (`--save '' --appendonly no`), so a kill loses
 *   everything in it, as a failover or eviction would. Never the shared one.
 * - API: `node dist/src/main.js` (START_WORKER=false), worker: `node dist/src/worker.js`, both child processes with
 *   short intervals; tokens from the bench issuer (`benchToken`). Not the production configuration: production
 *   refuses webhook endpoints on 127.0.0.1, where the receiver is.
 * - The driver retries a mutation after a failure or time-out with the same idempotency key until it gets an answer;
 *   a state transition without a key (veiligheidsbeoordeling, overdracht accepteren) that answers an error on a retry
 *   is resolved by reading the state it meant to reach.
 */
import 'reflect-metadata';

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as netServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';

import { migrations } from '../migrations';
import { verifieer, verzegel } from '../src/audit/audit-keten';
import { schemas, wachtrijen } from '../src/jobs';
import { initOrm, ormOptions } from '../src/lib/database';
import { entities } from '../src/modules';
import { synchroniseerVtRegios } from '../src/organisaties/vt-regios';
import { escaleerJobId, herinnerJobId, TERMIJN_WACHTRIJ } from '../src/termijnen/termijn.service';
import { benchDatabase, benchToken, getal, schrijfResultaten } from './gedeeld';

const wacht = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
const log = (s: string): void =>
  void process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${s}\n`);
const PREFIX = 'ketenpoort';
const DAG = 24 * 3600_000;

async function vrijePoort(): Promise<number> {
  return new Promise((resolve) => {
    const s = netServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** A child process that can be killed with SIGKILL and started again with the same command. */
class Kind {
  proces?: ChildProcess;
  starts = 0;
  kills = 0;
  constructor(
    readonly naam: string,
    private readonly cmd: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}
  start(): void {
    this.starts++;
    const p = spawn(this.cmd, this.args, { env: this.env, stdio: ['ignore', 'ignore', 'pipe'] });
    p.stderr?.on('data', (d: Buffer) => {
      const s = d.toString().trim();
      if (s && process.env.BENCH_VERBOSE) log(`${this.naam} stderr: ${s.slice(0, 400)}`);
    });
    this.proces = p;
  }
  async kill(): Promise<void> {
    const p = this.proces;
    if (!p || p.exitCode !== null) return;
    const weg = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await weg;
    this.kills++;
  }
  async stop(): Promise<void> {
    const p = this.proces;
    if (!p || p.exitCode !== null) return;
    const weg = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await Promise.race([weg, wacht(15000).then(() => p.kill('SIGKILL'))]);
  }
}

/** Receiver of webhooks: counts arrivals per (endpoint, webhook-id) and verifies signatures with the endpoint's secret. */
function startOntvanger(): Promise<{
  url: string;
  geheimen: Map<string, string>;
  aankomsten: Map<string, number>;
  ongeverifieerd: { ep: string; body: string; headers: Record<string, string> }[];
  handtekeningFouten: number;
  verzoeken: number;
  sluit(): void;
}> {
  const o = {
    url: '',
    geheimen: new Map<string, string>(),
    aankomsten: new Map<string, number>(),
    ongeverifieerd: [] as { ep: string; body: string; headers: Record<string, string> }[],
    handtekeningFouten: 0,
    verzoeken: 0,
    sluit: () => undefined as void,
  };
  const server = createServer((req, res) => {
    const delen: Buffer[] = [];
    req.on('data', (d: Buffer) => delen.push(d));
    req.on('end', () => {
      o.verzoeken++;
      const ep = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
      const body = Buffer.concat(delen).toString('utf8');
      const headers = req.headers as Record<string, string>;
      const geheim = o.geheimen.get(ep);
      if (geheim) {
        try {
          new Webhook(geheim).verify(body, headers);
        } catch {
          o.handtekeningFouten++;
          res.statusCode = 401;
          res.end();
          return;
        }
      } else o.ongeverifieerd.push({ ep, body, headers });
      const sleutel = `${ep}|${headers['webhook-id']}`;
      o.aankomsten.set(sleutel, (o.aankomsten.get(sleutel) ?? 0) + 1);
      res.statusCode = 204;
      res.end();
    });
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () => {
      o.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ep`;
      o.sluit = () => {
        server.closeAllConnections();
        server.close();
      };
      r(o);
    }),
  );
}

interface GqlFout {
  message: string;
  extensions?: { code?: string; reden?: string };
}

/** Driver figures per operation. */
interface Teller {
  gestart: number;
  bevestigd: number;
  /** Acknowledged only through reading the state after an error answer on a retry. */
  viaToestand: number;
  fouten: number;
  pogingen: number;
  herhaald: number;
}

async function main(): Promise<void> {
  const N = getal('BENCH_MUTATIES', 3000);
  const kills = getal('BENCH_KILLS', 3);
  const duurS = getal('BENCH_DUUR_S', 180);
  const parallel = getal('BENCH_PARALLEL', 6);
  const nawachtS = getal('BENCH_NAWACHT_S', 90);
  const timeoutMs = getal('BENCH_TIMEOUT_MS', 8000);
  const redisPauzeMs = getal('BENCH_REDIS_PAUZE_MS', 2000);
  const afstemMs = getal('TERMIJN_AFSTEMMEN_INTERVAL_MS', 10000);
  const horizonMs = getal('TERMIJN_PLANHORIZON_MS', 14 * DAG);

  const db = await benchDatabase('chaos');
  log(`PostgreSQL ${db.herkomst}, database ${new URL(db.dbUrl).pathname.slice(1)}`);
  // Migrations, regions and partner organisations before any process starts.
  const orm = await initOrm(ormOptions(db.dbUrl, entities as never, migrations));
  await orm.getMigrator().up();
  await synchroniseerVtRegios(orm.em.fork());
  const pg = new Client({ connectionString: db.dbUrl });
  await pg.connect();
  for (const [code, soort] of [
    ['WT-CHAOS', 'WIJKTEAM'],
    ['SCHOOL-CHAOS', 'SCHOOL'],
  ]) {
    await pg.query(
      `insert into organisatie (code, naam, soort, regio_codes, actief) values ($1, $1, $2, '{VT14}', true) on conflict do nothing`,
      [code, soort],
    );
  }

  const ontvanger = await startOntvanger();
  const redisPoort = await vrijePoort();
  const apiPoort = await vrijePoort();
  const redisUrl = `redis://127.0.0.1:${redisPoort}`;
  const sleutel = randomBytes(32).toString('base64');
  const dist = join(__dirname, '..', 'src');
  const gemeen: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    DATABASE_URL: db.dbUrl,
    REDIS_URL: redisUrl,
    DATA_DIR: db.dataDir,
    LOG_LEVEL: process.env.BENCH_VERBOSE ? 'warn' : 'error',
    DEMO_DATA: 'false',
    START_WORKER: 'false',
    WEBHOOK_GEHEIM_SLEUTEL: sleutel,
    WEBHOOK_PRIVE_ADRESSEN_TOESTAAN: 'true',
    WEBHOOK_AFLEVER_INTERVAL_MS: process.env.WEBHOOK_AFLEVER_INTERVAL_MS ?? '1000',
    WEBHOOK_TIMEOUT_MS: '2000',
    WEBHOOK_CLAIM_MS: '5000',
    WEBHOOK_BACKOFF_BASIS_MS: '1000',
    WEBHOOK_BACKOFF_MAX_MS: '5000',
    WEBHOOK_MAX_POGINGEN: '20',
    AUDIT_SEAL_INTERVAL_MS: process.env.AUDIT_SEAL_INTERVAL_MS ?? '2000',
    TERMIJN_AFSTEMMEN_INTERVAL_MS: String(afstemMs),
    TERMIJN_PLANHORIZON_MS: String(horizonMs),
    KETENPARTNER_BEWAKING_INTERVAL_MS: '5000',
    SHUTDOWN_TIMEOUT_MS: '5000',
  };
  const redis = new Kind(
    'redis',
    '/usr/bin/redis-server',
    ['--port', String(redisPoort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { PATH: process.env.PATH },
  );
  const api = new Kind('api', process.execPath, [join(dist, 'main.js')], {
    ...gemeen,
    PORT: String(apiPoort),
    HOST: '127.0.0.1',
  });
  const worker = new Kind('worker', process.execPath, [join(dist, 'worker.js')], gemeen);
  redis.start();
  await wacht(500);
  api.start();
  worker.start();
  const graphql = `http://127.0.0.1:${apiPoort}/graphql`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${apiPoort}/healthz`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) break;
    if (i > 120) throw new Error('API kwam niet op');
    await wacht(500);
  }
  log(
    `redis :${redisPoort} (privé, zonder persistentie), API :${apiPoort}, worker gestart; ontvanger ${ontvanger.url}`,
  );

  const opts = { audience: 'ketenpoort', geldigheidSeconden: 7200 } as const;
  const tVt = await benchToken(db, { ...opts, rol: 'VT_MEDEWERKER', organisatie: 'VT14', sub: 'chaos-vt' });
  const tWt = await benchToken(db, { ...opts, rol: 'WIJKTEAM_MEDEWERKER', organisatie: 'WT-CHAOS', sub: 'chaos-wt' });
  const tSchool = await benchToken(db, {
    ...opts,
    rol: 'SCHOOL_CONTACTPERSOON',
    organisatie: 'SCHOOL-CHAOS',
    sub: 'chaos-school',
  });

  const tellers = new Map<string, Teller>();
  const teller = (op: string): Teller => {
    let t = tellers.get(op);
    if (!t) tellers.set(op, (t = { gestart: 0, bevestigd: 0, viaToestand: 0, fouten: 0, pogingen: 0, herhaald: 0 }));
    return t;
  };
  const eersteFouten: string[] = [];
  let gestart = 0;
  let klaar = false;
  const bevestigd = {
    melding: new Set<string>(),
    advies: new Set<string>(),
    overdracht: new Set<string>(),
    geaccepteerd: new Set<string>(),
    hwc: new Set<string>(),
    endpoint: new Set<string>(),
    vb: new Set<string>(),
  };
  const latenties: number[] = [];

  /**
   * One mutation until it has an answer: a network error, a time-out or a 5xx is retried with the same variables (and
   * so the same idempotency key). An error answer after an ambiguous attempt is resolved with `toestand` when given.
   */
  async function muteer<T>(
    op: string,
    token: string,
    query: string,
    variables: Record<string, unknown>,
    toestand?: () => Promise<T | null>,
  ): Promise<T | null> {
    const t = teller(op);
    t.gestart++;
    gestart++;
    let onzeker = false;
    const begin = Date.now();
    for (let poging = 1; ; poging++) {
      t.pogingen++;
      if (poging === 2) t.herhaald++;
      if (Date.now() - begin > 10 * 60_000) {
        t.fouten++;
        eersteFouten.push(`${op}: na 10 minuten geen antwoord`);
        return null;
      }
      let body: { data?: Record<string, T>; errors?: GqlFout[] } | undefined;
      try {
        const r = await fetch(graphql, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (r.status >= 500 && r.status !== 500) throw new Error(`HTTP ${r.status}`);
        body = (await r.json()) as typeof body;
      } catch {
        onzeker = true;
        await wacht(300 + Math.random() * 700);
        continue;
      }
      const fout = body?.errors?.[0];
      if (!fout && body?.data) {
        t.bevestigd++;
        latenties.push(Date.now() - begin);
        return Object.values(body.data)[0];
      }
      const code = fout?.extensions?.code;
      if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
        // The server's own failure (e.g. its database or queue went away mid-request): unknown outcome, retry.
        onzeker = true;
        await wacht(300 + Math.random() * 700);
        continue;
      }
      if (onzeker && toestand) {
        const v = await toestand();
        if (v !== null) {
          t.bevestigd++;
          t.viaToestand++;
          latenties.push(Date.now() - begin);
          return v;
        }
      }
      t.fouten++;
      if (eersteFouten.length < 20) {
        eersteFouten.push(
          `${op}${onzeker ? ' (na onzekere poging)' : ''}: ${code} ${fout?.extensions?.reden ?? ''} ${fout?.message ?? ''}`.slice(
            0,
            300,
          ),
        );
      }
      return null;
    }
  }

  const sleutelVoor = (): string => `chaos-${randomUUID()}`;
  let endpointNr = 0;
  async function endpoint(token: string, org: string): Promise<void> {
    const ep = `${org}-${++endpointNr}`;
    const v = await muteer<{ endpoint: { id: string }; geheim: string }>(
      'webhookEndpointRegistreren',
      token,
      `mutation($i: WebhookEndpointInvoer!, $k: String) { webhookEndpointRegistreren(invoer: $i, idempotentieSleutel: $k) { endpoint { id } geheim } }`,
      { i: { url: `${ontvanger.url}/${ep}`, omschrijving: `chaos ${ep}` }, k: sleutelVoor() },
    );
    if (v) {
      bevestigd.endpoint.add(v.endpoint.id);
      ontvanger.geheimen.set(ep, v.geheim);
    }
  }

  const incidentdatum = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' }).format(
    new Date(Date.now() - DAG),
  );
  /** One household: a melding, and depending on chance an assessment, an offer and its acceptance, a HwC signal, an advies. */
  async function eenheid(nr: number): Promise<void> {
    const merk = `chaos-${nr}`;
    const ontvangenOp = new Date(Date.now() - Math.random() * 10 * DAG - 60_000).toISOString();
    const adres = { straat: 'Chaosstraat', huisnummer: String(nr + 1), postcode: '1211 AB', woonplaats: 'Hilversum' };
    const m = await muteer<{
      id: string;
      casusId: string;
      betrokkenen: { rollen: string[]; persoon: { id: string } }[];
    }>(
      'meldingRegistreren',
      tVt,
      `mutation($i: MeldingInvoer!, $k: String) { meldingRegistreren(invoer: $i, idempotentieSleutel: $k) { id casusId betrokkenen { rollen persoon { id } } } }`,
      {
        k: sleutelVoor(),
        i: {
          ontvangenOp,
          kanaal: 'TELEFOON',
          aardGeweld: ['KINDERMISHANDELING'],
          duurGeweld: 'EEN_TOT_ZES_MAANDEN',
          omschrijving: `Leerkracht ziet blauwe plekken bij een leerling (${merk}).`,
          hoedanigheidMelder: 'BEROEPSMATIG',
          organisatieMelder: 'ONDERWIJS',
          melder: {
            anonimiteit: 'OPEN',
            toestemmingBekendmaking: true,
            naam: 'J. de Leraar',
            telefoon: '+31 35 123 4567',
          },
          betrokkenen: [
            {
              rollen: ['KIND', 'SLACHTOFFER'],
              persoon: { voornamen: 'Sara', achternaam: `Chaos-${nr}`, geboortedatum: '2017-05-04', adres },
            },
            {
              rollen: ['PLEGER'],
              persoon: { voornamen: 'Peter', achternaam: `Chaos-${nr}`, geboortedatum: '1984-11-23', adres },
            },
          ],
        },
      },
    );
    if (!m) return;
    bevestigd.melding.add(m.id);
    const kind = m.betrokkenen.find((b) => b.rollen.includes('KIND'))?.persoon.id;
    if (gestart < N && Math.random() < 0.5) {
      const vb = await muteer(
        'veiligheidsbeoordelingVastleggen',
        tVt,
        `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
        {
          i: {
            meldingId: m.id,
            taxatie: 'STRUCTURELE_ONVEILIGHEID',
            uitkomst: 'OVERDRACHT',
            toelichting: `Beoordeeld (${merk}).`,
          },
        },
        async () =>
          (await pg.query(`select 1 from veiligheidsbeoordeling where melding_id = $1`, [m.id])).rowCount ? {} : null,
      );
      if (vb) {
        bevestigd.vb.add(m.id);
        if (gestart < N) {
          const o = await muteer<{ id: string }>(
            'overdrachtAanbieden',
            tVt,
            `mutation($i: OverdrachtAanbiedenInvoer!, $k: String) { overdrachtAanbieden(invoer: $i, idempotentieSleutel: $k) { id } }`,
            {
              k: sleutelVoor(),
              i: {
                casusId: m.casusId,
                soort: 'WARME_OVERDRACHT',
                ontvanger: 'WT-CHAOS',
                persoonIds: m.betrokkenen.map((b) => b.persoon.id),
                metVeiligheidsafspraken: true,
                toelichting: `Wijkteam schrijft het veiligheidsplan met het gezin (${merk}).`,
                grondslag: 'WMO_OVERDRACHT',
              },
            },
          );
          if (o) {
            bevestigd.overdracht.add(o.id);
            if (gestart < N && Math.random() < 0.6) {
              const a = await muteer(
                'overdrachtAccepteren',
                tWt,
                `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { status } }`,
                { id: o.id },
                async () =>
                  (
                    await pg.query(
                      `select 1 from overdracht where id = $1 and status <> 'AANGEBODEN' and besluit_door = 'chaos-wt'`,
                      [o.id],
                    )
                  ).rowCount
                    ? {}
                    : null,
              );
              if (a) bevestigd.geaccepteerd.add(o.id);
            }
          }
        }
      }
    }
    if (kind && gestart < N && Math.random() < 0.5) {
      const h = await muteer<{ id: string }>(
        'hwcSignaalVersturen',
        tVt,
        `mutation($i: HwcSignaalInvoer!, $k: String) { hwcSignaalVersturen(invoer: $i, idempotentieSleutel: $k) { id } }`,
        {
          k: sleutelVoor(),
          i: {
            casusId: m.casusId,
            persoonId: kind,
            school: 'SCHOOL-CHAOS',
            incidentdatum,
            grondslag: `Convenant Handle with Care (${merk})`,
          },
        },
      );
      if (h) bevestigd.hwc.add(h.id);
    }
    if (gestart < N && Math.random() < 0.4) {
      const a = await muteer<{ id: string }>(
        'adviesRegistreren',
        tVt,
        `mutation($i: AdviesInvoer!, $k: String) { adviesRegistreren(invoer: $i, idempotentieSleutel: $k) { id } }`,
        {
          k: sleutelVoor(),
          i: {
            ontvangenOp,
            kanaal: 'TELEFOON',
            hoedanigheidAdviesvrager: 'BEROEPSMATIG',
            organisatieAdviesvrager: 'KINDEROPVANG',
            aardGeweld: ['KINDERMISHANDELING'],
            omschrijving: `Twijfel over signalen bij een peuter (${merk}).`,
          },
        },
      );
      if (a) bevestigd.advies.add(a.id);
    }
    if (nr % 150 === 75 && endpointNr < 8) {
      await endpoint(nr % 300 === 75 ? tWt : tSchool, nr % 300 === 75 ? 'WT-CHAOS' : 'SCHOOL-CHAOS');
    }
  }

  // The chaos: K kills of each, in random order at random moments within BENCH_DUUR_S (not in the first 5 s).
  const doelen = [
    ...Array<string>(kills).fill('api'),
    ...Array<string>(kills).fill('worker'),
    ...Array<string>(kills).fill('redis'),
  ].sort(() => Math.random() - 0.5);
  // BENCH_LAATSTE=redis|api|worker: that target is killed last (redis last: nothing restarts the worker afterwards).
  const laatste = process.env.BENCH_LAATSTE;
  if (laatste && doelen.includes(laatste)) doelen.push(...doelen.splice(doelen.lastIndexOf(laatste), 1));
  const momenten = doelen.map(() => 5000 + Math.random() * (duurS * 1000 - 5000)).sort((a, b) => a - b);
  const gebeurd: { t: number; doel: string; opnieuwNaMs: number }[] = [];
  const chaosStart = Date.now();
  const chaos = (async () => {
    for (let i = 0; i < doelen.length; i++) {
      await wacht(Math.max(0, chaosStart + momenten[i] - Date.now()));
      const doel = doelen[i];
      const k = doel === 'api' ? api : doel === 'worker' ? worker : redis;
      const tk = Date.now();
      await k.kill();
      if (doel === 'redis') await wacht(redisPauzeMs);
      k.start();
      gebeurd.push({ t: (tk - chaosStart) / 1000, doel, opnieuwNaMs: Date.now() - tk });
      log(`kill -9 ${doel} (${i + 1}/${doelen.length}); ${gestart} mutaties gestart`);
    }
  })();

  // The driver.
  await endpoint(tWt, 'WT-CHAOS');
  await endpoint(tSchool, 'SCHOOL-CHAOS');
  let nr = 0;
  const voortgang = setInterval(() => log(`${gestart}/${N} mutaties gestart`), 15000);
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (gestart < N) await eenheid(nr++);
    }),
  );
  klaar = true;
  const driverS = (Date.now() - chaosStart) / 1000;
  log(`driver klaar: ${gestart} mutaties in ${driverS.toFixed(1)} s; wacht op de laatste kills`);
  await chaos;
  clearInterval(voortgang);
  const chaosEind = Date.now();

  // Settle: wait until the worker has caught up (every due termijn notified, every delivery done), at most BENCH_NAWACHT_S,
  // and at least two reconciler intervals so it ran after the last kill.
  const achterstand = async (): Promise<{ openAfleveringen: number; nietUitgewaaierd: number; teLaat: number }> => {
    const r = await pg.query<{ a: string; g: string; t: string }>(
      `select (select count(*) from webhook_aflevering where status in ('PENDING','FAILED'))::text as a,
              (select count(*) from gebeurtenis g where uitgewaaierd_op is null and exists (select 1 from webhook_endpoint e where e.organisatie = g.ontvanger and e.actief))::text as g,
              (select count(*) from termijn t where t.status = 'OPEN' and (
                  (t.herinner_op <= now() and not exists (select 1 from notificatie n where n.termijn_id = t.id and n.soort = 'HERINNERING'))
               or (t.vervalt_op <= now() and not exists (select 1 from notificatie n where n.termijn_id = t.id and n.soort = 'ESCALATIE'))))::text as t`,
    );
    return {
      openAfleveringen: Number(r.rows[0].a),
      nietUitgewaaierd: Number(r.rows[0].g),
      teLaat: Number(r.rows[0].t),
    };
  };
  const minNawacht = Math.min(nawachtS * 1000, 2 * afstemMs + 5000);
  for (;;) {
    const a = await achterstand();
    const verstreken = Date.now() - chaosEind;
    if (
      (a.openAfleveringen + a.nietUitgewaaierd + a.teLaat === 0 && verstreken >= minNawacht) ||
      verstreken >= nawachtS * 1000
    ) {
      log(`nawacht ${(verstreken / 1000).toFixed(0)} s: ${JSON.stringify(a)}`);
      break;
    }
    await wacht(2000);
  }
  await wacht(2000);

  // ---- Counting ----
  const q = async (sql: string, p: unknown[] = []): Promise<Record<string, string>[]> =>
    (await pg.query(sql, p)).rows as Record<string, string>[];
  const nietOpgeslagen = async (tabel: string, ids: Set<string>): Promise<number> =>
    Number(
      (
        await q(
          `select count(*)::text as n from unnest($1::uuid[]) i where not exists (select 1 from ${tabel} x where x.id = i)`,
          [[...ids]],
        )
      )[0].n,
    );
  const dubbelMerk = async (tabel: string, kolom: string): Promise<{ rijen: number; dubbel: number }> => {
    const r = await q(
      `select count(*)::text as rijen, coalesce(sum(n - 1), 0)::text as dubbel from (select substring(${kolom} from '\\((chaos-[0-9]+)\\)') m, count(*) n from ${tabel} where ${kolom} like '%(chaos-%' group by 1) x`,
    );
    return { rijen: Number(r[0].rijen), dubbel: Number(r[0].dubbel) };
  };
  const opslag = {
    melding: {
      bevestigd: bevestigd.melding.size,
      verloren: await nietOpgeslagen('melding', bevestigd.melding),
      ...(await dubbelMerk('melding', 'omschrijving')),
    },
    advies: {
      bevestigd: bevestigd.advies.size,
      verloren: await nietOpgeslagen('advies', bevestigd.advies),
      ...(await dubbelMerk('advies', 'omschrijving')),
    },
    overdracht: {
      bevestigd: bevestigd.overdracht.size,
      verloren: await nietOpgeslagen('overdracht', bevestigd.overdracht),
      ...(await dubbelMerk('overdracht', 'toelichting')),
    },
    hwcSignaal: {
      bevestigd: bevestigd.hwc.size,
      verloren: await nietOpgeslagen('hwc_signaal', bevestigd.hwc),
      ...(await dubbelMerk('hwc_signaal', 'grondslag')),
    },
    webhookEndpoint: {
      bevestigd: bevestigd.endpoint.size,
      verloren: await nietOpgeslagen('webhook_endpoint', bevestigd.endpoint),
      rijen: Number((await q(`select count(*)::text n from webhook_endpoint`))[0].n),
      dubbel: 0,
    },
    veiligheidsbeoordeling: {
      bevestigd: bevestigd.vb.size,
      verloren: Number(
        (
          await q(
            `select count(*)::text n from unnest($1::uuid[]) i where not exists (select 1 from veiligheidsbeoordeling v where v.melding_id = i)`,
            [[...bevestigd.vb]],
          )
        )[0].n,
      ),
      rijen: Number((await q(`select count(*)::text n from veiligheidsbeoordeling`))[0].n),
      dubbel: Number(
        (
          await q(
            `select coalesce(sum(n-1),0)::text n from (select count(*) n from veiligheidsbeoordeling group by melding_id) x`,
          )
        )[0].n,
      ),
    },
    geaccepteerd: {
      bevestigd: bevestigd.geaccepteerd.size,
      verloren: Number(
        (
          await q(
            `select count(*)::text n from unnest($1::uuid[]) i where not exists (select 1 from overdracht o where o.id = i and o.besluit_door = 'chaos-wt' and o.status <> 'AANGEBODEN')`,
            [[...bevestigd.geaccepteerd]],
          )
        )[0].n,
      ),
      rijen: Number((await q(`select count(*)::text n from overdracht where besluit_door = 'chaos-wt'`))[0].n),
      dubbel: 0,
    },
  };
  // Stored endpoints of the driver that a retry did not see as its own: more rows than acknowledged keys.
  opslag.webhookEndpoint.dubbel = Math.max(
    0,
    opslag.webhookEndpoint.rijen -
      Number((await q(`select count(distinct omschrijving)::text n from webhook_endpoint`))[0].n),
  );

  // Termijnen against jobs: every open termijn whose reminder or escalation is due within the horizon and not yet
  // written must have its job waiting in BullMQ (delayed, waiting, prioritized or active).
  const conn = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const tq = new Queue(TERMIJN_WACHTRIJ, { connection: conn, prefix: PREFIX });
  const open = await q(
    `select t.id, t.herinner_op <= now() + ($1 || ' milliseconds')::interval as h_binnen, t.vervalt_op <= now() + ($1 || ' milliseconds')::interval as e_binnen,
            exists (select 1 from notificatie n where n.termijn_id = t.id and n.soort = 'HERINNERING') as herinnerd,
            exists (select 1 from notificatie n where n.termijn_id = t.id and n.soort = 'ESCALATIE') as geescaleerd
       from termijn t where t.status = 'OPEN'`,
    [String(horizonMs)],
  );
  const termijnen = {
    open: open.length,
    jobsNodig: 0,
    jobsAanwezig: 0,
    jobsOntbrekend: 0,
    jobsMislukt: 0,
    jobsVoltooidZonderNotificatie: 0,
    voorbeeldOntbrekend: [] as string[],
  };
  for (const t of open) {
    const nodig: string[] = [];
    if (t.h_binnen && !t.herinnerd) nodig.push(herinnerJobId(t.id));
    if (t.e_binnen && !t.geescaleerd) nodig.push(escaleerJobId(t.id));
    for (const id of nodig) {
      termijnen.jobsNodig++;
      const job = await tq.getJob(id);
      const staat = job ? await job.getState() : 'ontbreekt';
      if (['delayed', 'waiting', 'prioritized', 'active', 'waiting-children'].includes(staat)) termijnen.jobsAanwezig++;
      else {
        if (staat === 'failed') termijnen.jobsMislukt++;
        else if (staat === 'completed') termijnen.jobsVoltooidZonderNotificatie++;
        else termijnen.jobsOntbrekend++;
        if (termijnen.voorbeeldOntbrekend.length < 5) termijnen.voorbeeldOntbrekend.push(`${id}: ${staat}`);
      }
    }
  }
  const teLaatNietGenotificeerd = (await achterstand()).teLaat;
  const notificaties = await q(
    `select count(*)::text as n, coalesce(sum(case when k > 1 then k - 1 else 0 end), 0)::text as dubbel from (select count(*) k from notificatie group by termijn_id, soort) x`,
  );
  const schedules: Record<string, string[]> = {};
  for (const naam of wachtrijen) {
    const wq = new Queue(naam, { connection: conn, prefix: PREFIX });
    schedules[naam] = (await wq.getJobSchedulers(0, -1)).map((s) => s.key);
    await wq.close();
  }
  const verwachteSchedules = schemas.map((s) => s.id);
  const ontbrekendeSchedules = verwachteSchedules.filter((id) => !Object.values(schedules).flat().includes(id));
  await tq.close();
  await conn.quit();

  // Webhooks: the late-verified arrivals, then per (endpoint, event) delivered never, once, more than once.
  for (const a of ontvanger.ongeverifieerd) {
    const g = ontvanger.geheimen.get(a.ep);
    try {
      if (!g) throw new Error('geen geheim');
      new Webhook(g).verify(a.body, a.headers);
    } catch {
      ontvanger.handtekeningFouten++;
      ontvanger.aankomsten.delete(`${a.ep}|${a.headers['webhook-id']}`);
    }
  }
  const epNaam = new Map<string, string>(
    (await q(`select id::text, url from webhook_endpoint`)).map((r) => [
      r.id,
      decodeURIComponent(r.url.split('/').pop() ?? ''),
    ]),
  );
  const afleveringen = await q(
    `select gebeurtenis_id::text as g, endpoint_id::text as e, status, pogingen from webhook_aflevering`,
  );
  const webhooks = {
    afleveringen: afleveringen.length,
    perStatus: {} as Record<string, number>,
    ontvangen: 0,
    nooitOntvangen: 0,
    meerdereKeren: 0,
    extraAankomsten: 0,
    onbekendOntvangen: 0,
    gebeurtenissen: 0,
    nietUitgewaaierd: 0,
    dubbeleGebeurtenissen: 0,
  };
  const verwacht = new Set<string>();
  for (const a of afleveringen) {
    webhooks.perStatus[a.status] = (webhooks.perStatus[a.status] ?? 0) + 1;
    const k = `${epNaam.get(a.e)}|${a.g}`;
    verwacht.add(k);
    const n = ontvanger.aankomsten.get(k) ?? 0;
    if (n === 0) webhooks.nooitOntvangen++;
    else webhooks.ontvangen++;
    if (n > 1) {
      webhooks.meerdereKeren++;
      webhooks.extraAankomsten += n - 1;
    }
  }
  webhooks.onbekendOntvangen = [...ontvanger.aankomsten.keys()].filter((k) => !verwacht.has(k)).length;
  const gb = await q(
    `select count(*)::text n, count(*) filter (where uitgewaaierd_op is null and exists (select 1 from webhook_endpoint e where e.organisatie = g.ontvanger and e.actief))::text nu
       from gebeurtenis g`,
  );
  webhooks.gebeurtenissen = Number(gb[0].n);
  webhooks.nietUitgewaaierd = Number(gb[0].nu);
  webhooks.dubbeleGebeurtenissen = Number(
    (
      await q(
        `select coalesce(sum(n-1),0)::text n from (select count(*) n from gebeurtenis where type in ('overdracht.aangeboden','handle-with-care.signaal') group by type, object_id) x`,
      )
    )[0].n,
  );

  // The audit chain, as `npm run audit:verifieer` does: seal what is pending, then walk the chain.
  const c = orm.em.getConnection();
  await verzegel(c, 1_000_000);
  const audit = await verifieer(c);

  const verlorenTotaal = Object.values(opslag).reduce((s, o) => s + o.verloren, 0);
  const dubbelTotaal =
    Object.values(opslag).reduce((s, o) => s + o.dubbel, 0) +
    Number(notificaties[0].dubbel) +
    webhooks.dubbeleGebeurtenissen;
  latenties.sort((a, b) => a - b);
  const samenvatting = {
    mutaties: {
      gestart,
      bevestigd: [...tellers.values()].reduce((s, t) => s + t.bevestigd, 0),
      fouten: [...tellers.values()].reduce((s, t) => s + t.fouten, 0),
      herhaald: [...tellers.values()].reduce((s, t) => s + t.herhaald, 0),
    },
    perOperatie: Object.fromEntries(tellers),
    antwoordtijdMs: latenties.length
      ? {
          p50: latenties[Math.floor(latenties.length / 2)],
          p99: latenties[Math.floor(latenties.length * 0.99)],
          max: latenties[latenties.length - 1],
        }
      : null,
    driverS,
    kills: gebeurd,
    laatsteKill: gebeurd[gebeurd.length - 1]?.doel,
    opslag,
    verlorenTotaal,
    dubbelTotaal,
    termijnen: { ...termijnen, dueZonderNotificatie: teLaatNietGenotificeerd },
    notificaties: { aantal: Number(notificaties[0].n), dubbelPerTermijnSoort: Number(notificaties[0].dubbel) },
    schedules: { verwacht: verwachteSchedules, ontbrekend: ontbrekendeSchedules, aanwezig: schedules },
    webhooks: { ...webhooks, handtekeningFouten: ontvanger.handtekeningFouten, verzoeken: ontvanger.verzoeken },
    audit,
  };

  const regel = (a: string, b: unknown): string => `| ${a} | ${String(b)} |`;
  process.stdout.write(
    [
      '',
      `| maat | waarde |`,
      `|---|---|`,
      regel(
        'mutaties gestart / bevestigd / fout / met herhaling',
        `${gestart} / ${samenvatting.mutaties.bevestigd} / ${samenvatting.mutaties.fouten} / ${samenvatting.mutaties.herhaald}`,
      ),
      regel(
        'antwoordtijd incl. herhalingen p50 / p99 / max ms',
        samenvatting.antwoordtijdMs
          ? `${samenvatting.antwoordtijdMs.p50} / ${samenvatting.antwoordtijdMs.p99} / ${samenvatting.antwoordtijdMs.max}`
          : '–',
      ),
      regel(
        'kills (api / worker / redis), volgorde',
        `${api.kills} / ${worker.kills} / ${redis.kills}: ${gebeurd.map((g) => `${g.doel}@${g.t.toFixed(0)}s`).join(', ')}`,
      ),
      ...Object.entries(opslag).map(([k, o]) =>
        regel(`${k}: bevestigd / verloren / dubbel`, `${o.bevestigd} / ${o.verloren} / ${o.dubbel}`),
      ),
      regel(
        'open termijnen / jobs nodig (binnen horizon, nog niet genotificeerd)',
        `${termijnen.open} / ${termijnen.jobsNodig}`,
      ),
      regel(
        'jobs aanwezig / ontbrekend / failed / completed zonder notificatie',
        `${termijnen.jobsAanwezig} / ${termijnen.jobsOntbrekend} / ${termijnen.jobsMislukt} / ${termijnen.jobsVoltooidZonderNotificatie}`,
      ),
      regel('vervallen herinnering of escalatie zonder notificatie', teLaatNietGenotificeerd),
      regel(
        'notificaties / dubbel per (termijn, soort)',
        `${samenvatting.notificaties.aantal} / ${samenvatting.notificaties.dubbelPerTermijnSoort}`,
      ),
      regel(
        'periodieke schedules ontbrekend aan het eind',
        ontbrekendeSchedules.length ? ontbrekendeSchedules.join(', ') : 'geen',
      ),
      regel(
        'gebeurtenissen / niet uitgewaaierd / dubbel per object',
        `${webhooks.gebeurtenissen} / ${webhooks.nietUitgewaaierd} / ${webhooks.dubbeleGebeurtenissen}`,
      ),
      regel('afleveringen (gebeurtenis × endpoint) per status', JSON.stringify(webhooks.perStatus)),
      regel(
        'ontvangen / nooit ontvangen / meer dan eens (extra) / onbekend',
        `${webhooks.ontvangen} / ${webhooks.nooitOntvangen} / ${webhooks.meerdereKeren} (${webhooks.extraAankomsten}) / ${webhooks.onbekendOntvangen}`,
      ),
      regel('handtekeningfouten', ontvanger.handtekeningFouten),
      regel(
        'auditketen',
        `${audit.intact ? 'intact' : 'GEBROKEN'}, ${audit.gecontroleerd} records, ${audit.ongezegeld} ongezegeld${audit.eersteBreuk ? `, breuk: ${JSON.stringify(audit.eersteBreuk)}` : ''}`,
      ),
      regel('**verloren / dubbel in effect**', `**${verlorenTotaal} / ${dubbelTotaal}**`),
      '',
    ].join('\n'),
  );
  if (eersteFouten.length) process.stdout.write(`eerste fouten:\n${eersteFouten.slice(0, 10).join('\n')}\n`);
  const uit = schrijfResultaten('chaos', {
    instellingen: {
      N,
      kills,
      duurS,
      parallel,
      nawachtS,
      timeoutMs,
      redisPauzeMs,
      afstemMs,
      horizonMs,
      aflevIntervalMs: gemeen.WEBHOOK_AFLEVER_INTERVAL_MS,
    },
    samenvatting,
    eersteFouten,
  });
  log(`resultaten: ${uit}`);

  await api.stop();
  await worker.stop();
  await redis.kill();
  ontvanger.sluit();
  await pg.end();
  await orm.close();
  if (process.env.BENCH_BEWAAR) log(`database bewaard: ${db.dbUrl}`);
  else await db.opruimen();
  void klaar;
  // An error answer is a finding too: the driver retries until it has an answer, so every request should end acknowledged.
  const schoon =
    samenvatting.mutaties.fouten === 0 &&
    verlorenTotaal === 0 &&
    dubbelTotaal === 0 &&
    audit.intact &&
    termijnen.jobsOntbrekend + termijnen.jobsMislukt + termijnen.jobsVoltooidZonderNotificatie === 0 &&
    teLaatNietGenotificeerd === 0 &&
    webhooks.nooitOntvangen === 0 &&
    webhooks.nietUitgewaaierd === 0;
  process.exitCode = schoon ? 0 : 2;
}

main().catch((e: unknown) => {
  process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
  process.exit(1);
});
