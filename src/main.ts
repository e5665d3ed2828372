// Tracing first, when configured: it must patch pg, ioredis and graphql before they are loaded.
import './lib/telemetrie-start';
import 'reflect-metadata';

import type { MikroORM } from '@mikro-orm/postgresql';
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { TERMIJN_WACHTRIJ, TermijnPlanner } from './termijnen/termijn.service';
import {
  aantalApiProcessen,
  apiProcesOmgeving,
  isApiWerker,
  merkProces,
  startApiProcessen,
  verlaatPrimair,
  VULMARKERING_ENV,
  wachtOpDatabase,
} from './api-processen';
import { createApi } from './app';
import { bouwSjabloonAchteraf, DatabaseGeweigerd, openDatabase } from './bootstrap';
import { type Clock, systemClock } from './lib/clock';
import { ConfigError, loadConfig, type Config } from './lib/config';
import type { DatabaseLocation } from './lib/database';
import { jobHerhaling } from './lib/job';
import { stopKind } from './lib/kindproces';
import { startMetriekServer, verzamelUit, type MetriekServer } from './lib/metrieken';
import { createLogger, type Logger } from './lib/logger';
import { verbindWachtrij } from './lib/queue';
import { controleerPoortVrij, meldStartfout, StartFout, verklaarPoortfout } from './lib/startfout';
import { Vulmarkering } from './lib/vulmarkering';
import { AchtergrondVulling, type VulOpties } from './demo-vulling';
import { stopOpSignaal } from './worker';

/**
 * Fills a fresh database while the API already serves; the demo start (demo/start.ts) passes one, production none. It
 * stops at its next step when `opties.signaal` is aborted, and reports progress through `opties.voortgang`.
 */
export type DemoLader = (
  orm: MikroORM,
  clock: Clock,
  log: Logger,
  config: Config,
  opties?: VulOpties,
) => Promise<unknown>;

/** How long after listening the rest of the roles' schemas are built, and the cluster template (issue 18, point 5). */
const ROLSCHEMAS_UITSTEL_MS = 1_000;
const SJABLOON_UITSTEL_MS = 3_000;

/**
 * The API process. Without configuration (development) it starts an embedded PostgreSQL, applies the
 * migrations, loads demo data when given a loader (`npm start`: demo/start.ts) and also starts the worker as a
 * second process, so one command gives a working system. `node dist/src/main.js` is the production entry: no demo.
 * With API_PROCESSEN > 1 (the default on a machine with more cores) this process is the primary: it
 * does that one-time work, then forks the API processes (src/api-processen.ts), which run this same function as workers
 * and only serve.
 */
export async function startApi(laadDemoData?: DemoLader): Promise<void> {
  // A forked API process has loaded its code by now; the primary tells it the database once that is ready.
  await wachtOpDatabase();
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(78);
  }
  const log = createLogger(config.logLevel, 'ketenpoort-api');
  const clock = systemClock;
  const werker = isApiWerker();
  const processen = werker ? 1 : aantalApiProcessen();
  // Before minutes of database and demo work: a port that is taken is reported now (API processes share the primary's).
  if (!werker) await controleerPoortVrij(config.host, config.port);
  const demo = config.loadDemoData && !werker && laadDemoData ? new Vulmarkering(config.dataDir) : undefined;
  const demoOpnieuw = demo?.onvoltooid() ?? false;
  if (demoOpnieuw && config.databaseUrl) {
    throw new StartFout(
      `De demodata in DATABASE_URL zijn onvolledig: een eerdere start werd onderbroken tijdens het laden (${demo?.pad}). Maak die database leeg en start opnieuw.`,
    );
  }
  if (demoOpnieuw) {
    log.warn(
      'demodata: een eerdere eerste start werd onderbroken; de embedded database wordt leeggemaakt en opnieuw gevuld',
    );
  }
  // The API processes are forked now, not after the database: they load their code (seconds) while the primary starts
  // PostgreSQL and migrates, and wait for its URLs (issue 18, point 5). `npm start` forked them even earlier, before
  // this process loaded its modules (src/vroege-start.ts): then these are those.
  const groep =
    processen > 1
      ? startApiProcessen(processen, apiProcesOmgeving(config, demo !== undefined), log, { wachtOpDatabase: true })
      : undefined;
  // An API process is stopped by its primary (SIGTERM), not by the terminal's Ctrl-C on its own (wachtOpDatabase).
  const afbreken = bijSignaalTijdensStart(
    () => demo !== undefined && demo.onvoltooid(),
    werker ? ['SIGTERM'] : ['SIGINT', 'SIGTERM'],
  );
  const databaseBegin = Date.now();
  const geefDatabase = (l: Pick<DatabaseLocation, 'appUrl' | 'queueUrl'>): void =>
    groep?.database({ DATABASE_URL: l.appUrl, QUEUE_DATABASE_URL: l.queueUrl });
  const { orm, locatie } = await openDatabase(config, log, {
    migrate: !werker,
    leegEmbedded: demoOpnieuw,
    // A complete embedded database goes to the API processes before this process's own ORM and checks.
    schemaGereed: groep ? geefDatabase : undefined,
  });
  const databaseMs = Date.now() - databaseBegin;
  afbreken();
  if (config.loadDemoData && !werker && !laadDemoData) {
    log.info('demodata: niet geladen; de demostart (npm start, demo/start.ts) laadt ze');
  }
  let worker: ChildProcess | undefined;
  const startWorker = (): void => {
    if (!config.startWorker || werker) return;
    worker = fork(require.resolve('./worker'), [], {
      env: {
        ...process.env,
        DATABASE_URL: locatie.appUrl,
        QUEUE_DATABASE_URL: locatie.queueUrl,
        START_WORKER: 'false',
        DEMO_DATA: 'false',
        // The API's metrics port is taken on this machine: the worker child of a development start serves none.
        METRICS_POORT: '',
      },
      stdio: 'inherit',
    });
  };
  const stopWorker = async (): Promise<void> => {
    if (worker) await stopKind(worker);
  };
  /*
   * The demo year takes minutes; the API answers from the start (issue 18, point 5) and /readyz says how far the fill
   * is. The worker starts once the year is in: the simulation moves its own clock, and termijnen it plans must not fire
   * on the way.
   */
  const vulling = demo && laadDemoData ? new AchtergrondVulling(demo, log) : undefined;
  const beginVulling = (): void => {
    if (vulling && laadDemoData) vulling.start((opties) => laadDemoData(orm, clock, log, config, opties), startWorker);
    else startWorker();
  };
  const stopVulling = async (): Promise<void> => {
    if (vulling && !(await vulling.stop())) {
      process.stderr.write(
        '\nKetenpoort: gestopt terwijl de demodata werden geladen; de volgende start laadt ze opnieuw.\n',
      );
    }
  };
  // A new DATA_DIR next time is a copy of a migrated cluster (src/lib/pg-sjabloon.ts): built now when there is none,
  // after the API listens.
  let sjabloonBouw: ReturnType<typeof bouwSjabloonAchteraf>;
  let sjabloonTimer: NodeJS.Timeout | undefined;
  const beginSjabloon = (): void => {
    if (!locatie.embedded || werker) return;
    // A little later: the first requests of a new user go first on a machine with few cores.
    sjabloonTimer = setTimeout(() => (sjabloonBouw = bouwSjabloonAchteraf(config, log)), SJABLOON_UITSTEL_MS);
    sjabloonTimer.unref();
  };
  const stopSjabloon = async (): Promise<void> => {
    clearTimeout(sjabloonTimer);
    await sjabloonBouw?.stop();
  };
  const demodataStand = vulling
    ? () => vulling.stand()
    : werker && process.env[VULMARKERING_ENV] === '1'
      ? (() => {
          const m = new Vulmarkering(config.dataDir);
          return () => m.lees();
        })()
      : undefined;
  if (groep) {
    // The primary serves nothing itself: the API processes get the database it settled on, and none of the one-time
    // work. It keeps its connection only while it fills the demo data.
    if (!vulling) await orm.close();
    geefDatabase(locatie);
    const { port } = await groep.gereed;
    // Metrics are per process; several API processes behind one port cannot each be scraped (README, "Bedrijfsvoering").
    if (config.metrieken.poort !== undefined) {
      log.warn(
        'METRICS_POORT geldt alleen met API_PROCESSEN=1 (één proces per container): geen /metrics in deze stand',
      );
    }
    log.info(
      {
        graphql: `http://${config.host}:${port}/graphql`,
        apiProcessen: processen,
        embeddedPostgres: locatie.embedded,
        ontwikkelIssuer: config.devIssuerEnabled,
        ...opstartTijden(databaseMs),
      },
      'Ketenpoort API gestart',
    );
    toonBanner(config, port, locatie.embedded, vulling !== undefined);
    beginVulling();
    beginSjabloon();
    await stopOpSignaal(log, config, async () => {
      await groep.stop();
      await stopVulling();
      await stopSjabloon();
      if (vulling) await orm.close();
      await stopWorker();
      await locatie.stop();
    });
    return;
  }
  const verbinding = verbindWachtrij({ redisUrl: config.redisUrl, queueDatabaseUrl: locatie.queueUrl });
  // The API only produces, and never waits on the queue: connections that fail fast while it is away (README, "De worker").
  const producentOpties = { commandoTimeoutMs: config.wachtrij.planTimeoutMs };
  const wachtrij = verbinding.maakProducent('audit', producentOpties);
  const termijnQueue = verbinding.maakProducent(TERMIJN_WACHTRIJ, producentOpties);
  const termijnPlanner = new TermijnPlanner(termijnQueue, config.termijnen.planhorizonMs, jobHerhaling(config));
  // The roles' schemas are built once the server listens (src/rolschemas.ts): a first request builds its own first.
  const api = await createApi({
    config,
    orm,
    log,
    clock,
    wachtrij,
    termijnPlanner,
    demodata: demodataStand,
    rolschemas: 'achteraf',
  });

  const server: Server = createServer(api.app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) => reject(verklaarPoortfout(e, config.host, config.port) ?? e));
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (e) {
    await Promise.allSettled([api.stop(), stopWorker(), wachtrij.close(), termijnQueue.close(), verbinding.sluit()]);
    await orm.close();
    await locatie.stop();
    throw e;
  }
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  if (werker) merkProces(server);
  const metrieken = werker ? undefined : await startMetrieken(config, log);
  log.info(
    {
      graphql: `http://${config.host}:${port}/graphql`,
      wachtrij: verbinding.soort,
      embeddedPostgres: locatie.embedded,
      ontwikkelIssuer: config.devIssuerEnabled,
      ...opstartTijden(databaseMs),
    },
    werker ? 'API-proces gestart' : 'Ketenpoort API gestart',
  );
  if (!werker) toonBanner(config, port, locatie.embedded, vulling !== undefined);
  // The other roles' schemas a moment later: the first request builds its own first (src/rolschemas.ts).
  setTimeout(() => {
    const begin = Date.now();
    api.rolschemasOpbouwen().then(
      () => log.info({ duurMs: Date.now() - begin }, 'rolschemas gebouwd'),
      (e: unknown) =>
        log.error({ fout: e instanceof Error ? e.message : String(e) }, 'een rolschema is niet te bouwen'),
    );
  }, ROLSCHEMAS_UITSTEL_MS).unref();
  beginVulling();
  beginSjabloon();

  await stopOpSignaal(log, config, async () => {
    // Stop accepting connections; in-flight requests finish, idle keep-alive sockets are closed.
    const gesloten = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await gesloten;
    await metrieken?.stop();
    await api.stop();
    await stopVulling();
    await stopSjabloon();
    await stopWorker();
    await wachtrij.close();
    await termijnQueue.close();
    await verbinding.sluit();
    await orm.close();
    await locatie.stop();
  });
  verlaatPrimair();
}

/**
 * Where a start's seconds went, for the log line that says it listens: since the process began (Node's own start
 * included), of which opening the database (the embedded server, migrations, checks).
 */
function opstartTijden(databaseMs: number): { opstartMs: number; databaseMs: number } {
  return { opstartMs: Math.round(process.uptime() * 1000), databaseMs };
}

/** The metrics server on METRICS_POORT (src/lib/metrieken.ts), when one is configured. */
async function startMetrieken(config: Config, log: Logger): Promise<MetriekServer | undefined> {
  const m = config.metrieken;
  if (m.poort === undefined) return undefined;
  try {
    return await startMetriekServer({ ...m, poort: m.poort, log, verzamel: verzamelUit() });
  } catch (e) {
    throw verklaarPoortfout(e, m.host, m.poort, 'METRICS_POORT') ?? e;
  }
}

/** What a developer sees after `npm start`. */
function toonBanner(config: Config, port: number, embedded: boolean, vult: boolean): void {
  const demodata = vult
    ? `De demodata (een jaar van Gooi en Vechtstreek) worden nu geladen, een paar minuten; de API antwoordt al.\n` +
      `Hoe ver: http://${config.host}:${port}/readyz (demodata.voortgang).\n`
    : '';
  if (config.devIssuerEnabled) {
    // Loud on purpose: whoever can read DATA_DIR can act as anyone here. The API also logs this at warn level.
    process.stdout.write(
      `\nKetenpoort draait: GraphQL op http://${config.host}:${port}/graphql\n` +
        `!! DE ONTWIKKEL-ISSUER STAAT AAN${embedded ? ' (embedded database zonder DATABASE_URL)' : ' (ONTWIKKEL_ISSUER=true)'}: tokens voor elke rol en organisatie,\n` +
        `!! ondertekend met de sleutel in ${config.dataDir}. Alleen voor ontwikkeling en demo, nooit op echte gegevens.\n` +
        `Token voor een VT-medewerker van Gooi en Vechtstreek:  npm run token -- VT_MEDEWERKER VT14\n` +
        `${demodata}\n`,
    );
  } else if (!config.isProduction) {
    process.stdout.write(
      `\nKetenpoort draait: GraphQL op http://${config.host}:${port}/graphql (ontwikkel-issuer uit; tokens van geregistreerde issuers)\n\n`,
    );
  }
}

/**
 * Until the API serves, Ctrl-C or SIGTERM end the process at once (the embedded PostgreSQL stops when its parent goes),
 * saying whether the demo data were left unfinished. Returns the function that removes this handler.
 */
function bijSignaalTijdensStart(
  demoOnvoltooid: () => boolean,
  signalen: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
): () => void {
  const handler = (signaal: NodeJS.Signals): void => {
    process.stderr.write(
      `\nKetenpoort: starten afgebroken (${signaal})${demoOnvoltooid() ? '; de demodata zijn niet af en worden bij de volgende start opnieuw geladen' : ''}.\n`,
    );
    process.exit(130);
  };
  for (const s of signalen) process.on(s, handler);
  return () => {
    for (const s of signalen) process.off(s, handler);
  };
}

/** Starts the API; when it cannot start, says why in one line (no stack trace for a known cause) and ends the process. */
export function start(laadDemoData?: DemoLader): void {
  startApi(laadDemoData).catch((e: unknown) => {
    meldStartfout('Ketenpoort', e, (f) => f instanceof ConfigError || f instanceof DatabaseGeweigerd);
    process.exit(1);
  });
}

if (require.main === module) start();
