// Tracing first, when configured: it must patch pg, ioredis and graphql before they are loaded.
import './lib/telemetrie-start';
import 'reflect-metadata';

import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue, Worker } from 'bullmq';

import { laadCheckpointSleutel } from './audit/audit-anker';
import { bijStart, jobs, schemas, vervallenSchemas, wachtrijen } from './jobs';
import { DatabaseGeweigerd, openDatabase } from './bootstrap';
import { systemClock, type Clock } from './lib/clock';
import { ConfigError, loadConfig, type Config } from './lib/config';
import { withDatabase } from './lib/database';
import { jobHerhaling, type JobDeps } from './lib/job';
import { createLogger, type Logger } from './lib/logger';
import { startMetriekServer, verzamelUit, volgJobs, volgPool, volgWachtrijen } from './lib/metrieken';
import { meldStartfout } from './lib/startfout';
import { binnen } from './lib/tijdslimiet';
import { verbindWachtrij, type WachtrijVerbinding } from './lib/queue';
import { SchemaBewaker, WACHT_MS } from './lib/schema-bewaker';
import { termijnActies } from './modules';
import { domeinRegister } from './bewaking/domein-metrieken';

export interface WorkerHandle {
  workers: Worker[];
  queues: Queue[];
  stop(): Promise<void>;
}

/**
 * Starts a BullMQ worker per queue and registers the schedules, which a SchemaBewaker keeps in the queue from then on
 * (after a reconnect and on its own timer). Used by the worker process and by tests.
 * Invariants: handlers reload from PostgreSQL; a job payload is never the only copy of anything; every job is
 * retried with backoff (jobHerhaling), so handlers are idempotent.
 */
export async function startWorkers(
  basis: Omit<JobDeps, 'queue' | 'termijnActies'>,
  verbinding: WachtrijVerbinding,
  opts: { schedules?: boolean } = {},
): Promise<WorkerHandle> {
  // Default options reach every job added through these queues, the schedulers' jobs included.
  const queues = wachtrijen.map((naam) =>
    verbinding.maakQueue(naam, { defaultJobOptions: jobHerhaling(basis.config) }),
  );
  const deps: JobDeps = {
    ...basis,
    // What the modules contribute to their jobs, from src/modules.ts (the job files cannot import the modules above them).
    termijnActies,
    queue: (naam) => {
      const q = queues[wachtrijen.indexOf(naam)];
      if (!q) throw new Error(`Onbekende wachtrij ${naam}`);
      return q;
    },
  };
  const workers = wachtrijen.map((naam) =>
    verbinding.maakWorker(
      naam,
      async (job) => {
        const def = jobs.find((j) => j.wachtrij === naam && j.naam === job.name);
        if (!def) throw new Error(`Onbekende job ${naam}/${job.name}`);
        return def.verwerk({ ...deps, jobId: job.id }, job.data as never);
      },
      {
        concurrency: 4,
        removeOnComplete: { age: 3600, count: 1000 },
        removeOnFail: { age: 7 * 24 * 3600 },
        // The jobs of a worker that died are taken over by another one after the lock expired (README, "Schalen").
        lockDuration: basis.config.wachtrij.jobSlotMs,
        stalledInterval: basis.config.wachtrij.jobSlotMs,
      },
    ),
  );
  // A queue re-emits its connection's errors (each reconnect attempt); without a listener BullMQ prints them to stderr.
  for (const q of queues) q.on('error', (err) => deps.log.debug({ fout: err.name }, 'wachtrijverbinding: fout'));
  for (const w of workers) {
    // Error codes only: a database error message can quote row values.
    w.on('failed', (job, err) =>
      deps.log.warn(
        {
          job: job?.name,
          id: job?.id,
          poging: job?.attemptsMade,
          pogingen: job?.opts.attempts,
          fout: err.name,
          code: (err as { code?: string }).code,
        },
        'job mislukt',
      ),
    );
    w.on('error', (err) => deps.log.error({ fout: err.name, melding: err.message }, 'worker-fout'));
  }
  // Job outcomes and queue depths for /metrics (src/lib/metrieken.ts).
  volgJobs(workers);
  const stopWachtrijMetriek = volgWachtrijen(queues);
  let bewaker: SchemaBewaker | undefined;
  let afmelden = (): void => undefined;
  let stoppend = false;
  if (opts.schedules ?? true) {
    bewaker = new SchemaBewaker(
      schemas.map((s) => ({ queue: deps.queue(s.job.wachtrij), schema: s })),
      deps.config,
      deps.log,
    );
    await bewaker.start();
    const b = bewaker;
    afmelden = verbinding.bijVerbonden(() => void b.controleer('herverbonden'));
    // Schedules of earlier versions go, in the background and bounded: Redis may be down at start, and a stale
    // schedule only leaves a job on a queue no worker reads.
    for (const v of vervallenSchemas) {
      const q = verbinding.maakQueue(v.wachtrij);
      void binnen(q.removeJobScheduler(v.id), 5000)
        .catch((e: Error) =>
          // Cut off by a stop (the queue closes under it) is no fault: the next start removes it.
          stoppend
            ? deps.log.debug({ schema: v.id, fout: e.name }, 'vervallen schema niet verwijderd (worker stopt)')
            : deps.log.warn({ schema: v.id, fout: e.name }, 'vervallen schema niet verwijderd'),
        )
        .finally(() => void binnen(q.close(), 5000).catch(() => undefined));
    }
    // Jobs that must run once at start (the reconciler: a worker that starts after Redis was lost restores the schedule).
    // With the queue away they wait for nobody: the restored schedules' first jobs run at once when it is back.
    for (const j of bijStart) {
      try {
        await binnen(deps.queue(j.wachtrij).add(j.naam, {}, { jobId: `${j.naam}-start-${Date.now()}` }), WACHT_MS);
      } catch (e) {
        deps.log.warn(
          { job: j.naam, fout: (e as Error).name },
          "startjobs niet in de wachtrij gezet; de herstelde schema's doen het",
        );
        break;
      }
    }
  }
  return {
    workers,
    queues,
    stop: async () => {
      stoppend = true;
      stopWachtrijMetriek();
      afmelden();
      await bewaker?.stop();
      // close() lets running jobs finish before it resolves.
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(queues.map((q) => q.close()));
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(78);
  }
  const log: Logger = createLogger(config.logLevel, 'ketenpoort-worker');
  const clock: Clock = systemClock;
  // The key that signs the audit checkpoints: in production a missing or unreadable key stops the worker here.
  laadCheckpointSleutel(config.auditAnker, log);
  const { orm, locatie } = await openDatabase(config, log, { migrate: false, poolMax: 5 });
  const verbinding = verbindWachtrij({
    redisUrl: config.redisUrl,
    queueDatabaseUrl: locatie.queueUrl ?? withDatabase(locatie.appUrl, 'ketenpoort_wachtrij'),
  });
  const handle = await startWorkers({ orm, clock, log, config }, verbinding);
  const m = config.metrieken;
  volgPool('app', orm);
  const metrieken =
    m.poort === undefined
      ? undefined
      : await startMetriekServer({
          ...m,
          poort: m.poort,
          log,
          verzamel: verzamelUit(domeinRegister(orm, clock, m.cacheMs)),
        });
  log.info({ wachtrij: verbinding.soort, wachtrijen }, 'worker gestart');
  await stopOpSignaal(log, config, async () => {
    await metrieken?.stop();
    await handle.stop();
    await verbinding.sluit();
    await orm.close();
    await locatie.stop();
  });
}

/**
 * Graceful shutdown on SIGTERM/SIGINT: finish what is running, then exit; force after the timeout. A repeated signal
 * (Ctrl-C reaches every process of the terminal's group, and npm passes it on once more) does not cut the stop short.
 * A forked process whose parent went away (its IPC channel closed) stops too, instead of running on as an orphan.
 */
export function stopOpSignaal(log: Logger, config: Config, stop: () => Promise<void>): Promise<void> {
  return new Promise((resolveStop) => {
    let bezig = false;
    const ouderWeg = (): void => handler('disconnect');
    const resolve = (): void => {
      // A 'disconnect' listener holds the IPC channel, and with it the process, open.
      process.off('disconnect', ouderWeg);
      resolveStop();
    };
    const handler = (signaal: string): void => {
      if (bezig) {
        log.debug({ signaal }, 'afsluiten loopt al');
        return;
      }
      bezig = true;
      log.info({ signaal }, 'afsluiten: lopend werk wordt afgemaakt');
      const forceer = setTimeout(() => {
        log.error('afsluiten duurde te lang; geforceerd gestopt');
        process.exit(1);
      }, config.shutdownTimeoutMs);
      forceer.unref();
      stop().then(
        () => {
          log.info('afgesloten');
          resolve();
        },
        (e: unknown) => {
          log.error({ fout: (e as Error).name }, 'fout bij afsluiten');
          process.exitCode = 1;
          resolve();
        },
      );
    };
    process.on('SIGTERM', () => handler('SIGTERM'));
    process.on('SIGINT', () => handler('SIGINT'));
    if (process.send) process.once('disconnect', ouderWeg);
  });
}

if (require.main === module) {
  main().catch((e: unknown) => {
    meldStartfout('De worker', e, (f) => f instanceof ConfigError || f instanceof DatabaseGeweigerd);
    process.exit(1);
  });
}

export type { MikroORM };
