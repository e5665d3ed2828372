// Tracing first, when configured (as in src/main.ts): it must patch pg before it is loaded.
import './lib/telemetrie-start';

import cluster from 'node:cluster';
import { join, resolve } from 'node:path';

import { aantalApiProcessen, apiProcesOmgeving, startApiProcessenVroeg } from './api-processen';
import { loadConfig, type Config } from './lib/config';
import { startEmbeddedPostgresVroeg } from './lib/embedded-postgres';
import { createLogger } from './lib/logger';
import { embeddedPgSjabloon, sjabloonData } from './lib/pg-sjabloon';

/**
 * The first import of `npm start` (demo/start.ts), issue 18 point 5: loading the application's modules takes seconds,
 * and until now PostgreSQL and the API processes only started after it. This module loads only node builtins and the
 * few small modules below, and then:
 * - without a DATABASE_URL and outside production, begins the embedded PostgreSQL (a copy of the cluster template,
 *   the existing DATA_DIR, or initdb), which src/main.ts gets when it opens the database (startEmbeddedPostgres with
 *   the same folder and port: started once; a folder in use or a port taken is reported there, as before);
 * - with several API processes, forks them now, so that they load their code while this process loads its own
 *   (startApiProcessen then takes these).
 * A configuration that does not validate starts nothing here: src/main.ts reports it. API processes (cluster workers,
 * forked from this same script) start nothing either.
 */
function begin(config: Config, metDemoLader: boolean): Promise<void> {
  const log = createLogger(config.logLevel, 'ketenpoort-api');
  const processen = aantalApiProcessen();
  if (processen > 1) {
    startApiProcessenVroeg(processen, apiProcesOmgeving(config, metDemoLader && config.loadDemoData), log);
  }
  if (config.databaseUrl || config.isProduction) return Promise.resolve();
  // As src/bootstrap.ts's openDatabase (embeddedSjabloon): the template of this code, when it is complete.
  const sjabloon = embeddedPgSjabloon(config.embeddedPgSjabloon, config, join(__dirname, '..', 'migrations'));
  return startEmbeddedPostgresVroeg(resolve(config.dataDir, 'postgres'), config.embeddedPgPort, log, {
    sjabloon: sjabloon && sjabloonData(sjabloon),
  });
}

/** The configuration, or undefined when it does not validate: src/main.ts, which reads the same, reports that. */
function geldigeConfig(): Config | undefined {
  try {
    const config = loadConfig();
    aantalApiProcessen();
    return config;
  } catch {
    return undefined;
  }
}

/**
 * Begins what it can (see above; `metDemoLader`: the start passes src/main.ts a demo loader) and resolves once the embedded PostgreSQL's child process runs: loading modules
 * blocks the event loop, so demo/start.ts loads the application only then (the port check and the copy of the
 * template are asynchronous, and would otherwise wait for all of it). At once in an API process, or when there is
 * nothing to begin.
 */
export function vroegeStart(metDemoLader: boolean): Promise<void> {
  if (cluster.isWorker) return Promise.resolve();
  const config = geldigeConfig();
  try {
    return config ? begin(config, metDemoLader) : Promise.resolve();
  } catch {
    // Only a head start: the start proper does the same again, and says what fails.
    return Promise.resolve();
  }
}
