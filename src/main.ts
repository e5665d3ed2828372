import 'reflect-metadata';

import type { MikroORM } from '@mikro-orm/postgresql';
import { fork, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { TERMIJN_WACHTRIJ, TermijnPlanner } from './termijnen/termijn.service';
import { aantalApiProcessen, isApiWerker, merkProces, startApiProcessen, verlaatPrimair } from './api-processen';
import { createApi } from './app';
import { openDatabase } from './bootstrap';
import { type Clock, systemClock } from './lib/clock';
import { ConfigError, loadConfig, type Config } from './lib/config';
import { jobHerhaling } from './lib/job';
import { createLogger, type Logger } from './lib/logger';
import { verbindWachtrij } from './lib/queue';
import { stopOpSignaal } from './worker';

/** Fills a fresh database before the API serves; the demo start (demo/start.ts) passes one, production none. */
export type DemoLader = (orm: MikroORM, clock: Clock, log: Logger, config: Config) => Promise<unknown>;

/**
 * The API process. Without configuration (development) it starts an embedded PostgreSQL, applies the
 * migrations, loads demo data when given a loader (`npm start`: demo/start.ts) and also starts the worker as a
 * second process, so one command gives a working system. `node dist/src/main.js` is the production entry: no demo.
 * With API_PROCESSEN > 1 (the default on a machine with more cores) this process is the primary: it
 * does that one-time work, then forks the API processes (src/api-processen.ts), which run this same function as workers
 * and only serve.
 */
export async function startApi(laadDemoData?: DemoLader): Promise<void> {
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
  const { orm, locatie } = await openDatabase(config, log, { migrate: !werker });
  if (config.loadDemoData && !werker && laadDemoData) await laadDemoData(orm, clock, log, config);
  else if (config.loadDemoData && !werker) {
    log.info('demodata: niet geladen; de demostart (npm start, demo/start.ts) laadt ze');
  }
  let worker: ChildProcess | undefined;
  if (config.startWorker && !werker) {
    worker = fork(require.resolve('./worker'), [], {
      env: {
        ...process.env,
        DATABASE_URL: locatie.appUrl,
        QUEUE_DATABASE_URL: locatie.queueUrl,
        START_WORKER: 'false',
        DEMO_DATA: 'false',
      },
      stdio: 'inherit',
    });
  }
  const stopWorker = async (): Promise<void> => {
    if (worker && worker.exitCode === null) {
      const klaar = new Promise<void>((resolve) => worker?.once('exit', () => resolve()));
      worker.kill('SIGTERM');
      await klaar;
    }
  };
  if (processen > 1) {
    // The primary serves nothing itself: the API processes get the database it settled on, and none of the one-time work.
    await orm.close();
    const groep = startApiProcessen(
      processen,
      {
        DATABASE_URL: locatie.appUrl,
        QUEUE_DATABASE_URL: locatie.queueUrl,
        START_WORKER: 'false',
        DEMO_DATA: 'false',
        ...(config.isProduction ? {} : { ONTWIKKEL_ISSUER: String(config.devIssuerEnabled) }),
      },
      log,
    );
    const { port } = await groep.gereed;
    log.info(
      {
        graphql: `http://${config.host}:${port}/graphql`,
        apiProcessen: processen,
        embeddedPostgres: locatie.embedded,
        ontwikkelIssuer: config.devIssuerEnabled,
      },
      'Ketenpoort API gestart',
    );
    toonBanner(config, port, locatie.embedded);
    await stopOpSignaal(log, config, async () => {
      await groep.stop();
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
  const api = await createApi({ config, orm, log, clock, wachtrij, termijnPlanner });

  const server: Server = await new Promise((resolve) => {
    const s = api.app.listen(config.port, config.host, () => resolve(s));
  });
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  if (werker) merkProces(server);
  log.info(
    {
      graphql: `http://${config.host}:${port}/graphql`,
      wachtrij: verbinding.soort,
      embeddedPostgres: locatie.embedded,
      ontwikkelIssuer: config.devIssuerEnabled,
    },
    werker ? 'API-proces gestart' : 'Ketenpoort API gestart',
  );
  if (!werker) toonBanner(config, port, locatie.embedded);

  await stopOpSignaal(log, config, async () => {
    // Stop accepting connections; in-flight requests finish, idle keep-alive sockets are closed.
    const gesloten = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await gesloten;
    await api.stop();
    await stopWorker();
    await wachtrij.close();
    await termijnQueue.close();
    await verbinding.sluit();
    await orm.close();
    await locatie.stop();
  });
  verlaatPrimair();
}

/** What a developer sees after `npm start`. */
function toonBanner(config: Config, port: number, embedded: boolean): void {
  if (config.devIssuerEnabled) {
    // Loud on purpose: whoever can read DATA_DIR can act as anyone here. The API also logs this at warn level.
    process.stdout.write(
      `\nKetenpoort draait: GraphQL op http://${config.host}:${port}/graphql\n` +
        `!! DE ONTWIKKEL-ISSUER STAAT AAN${embedded ? ' (embedded database zonder DATABASE_URL)' : ' (ONTWIKKEL_ISSUER=true)'}: tokens voor elke rol en organisatie,\n` +
        `!! ondertekend met de sleutel in ${config.dataDir}. Alleen voor ontwikkeling en demo, nooit op echte gegevens.\n` +
        `Token voor een VT-medewerker van Gooi en Vechtstreek:  npm run token -- VT_MEDEWERKER VT14\n\n`,
    );
  } else if (!config.isProduction) {
    process.stdout.write(
      `\nKetenpoort draait: GraphQL op http://${config.host}:${port}/graphql (ontwikkel-issuer uit; tokens van geregistreerde issuers)\n\n`,
    );
  }
}

/** Starts the API; when it cannot start, says why and ends the process. */
export function start(laadDemoData?: DemoLader): void {
  startApi(laadDemoData).catch((e: unknown) => {
    process.stderr.write(
      `Ketenpoort kon niet starten: ${e instanceof ConfigError ? e.message : String((e as Error)?.stack ?? e)}\n`,
    );
    process.exit(1);
  });
}

if (require.main === module) start();
