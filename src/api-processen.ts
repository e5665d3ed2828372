import cluster, { type Worker } from 'node:cluster';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';

import { ConfigError, type Config } from './lib/config';
import type { Logger } from './lib/logger';

/**
 * The API as several processes on one machine (Node's `cluster`): one Node process executes JavaScript on one core, and
 * a read is CPU-bound in the API (issue 14), so a second process is what uses the second core. The primary does the
 * one-time work (migrations, demo data, the worker child), then forks the API processes, which share the port (the
 * primary hands out connections round-robin) and only serve; it restarts one that dies.
 *
 * `API_PROCESSEN`: a number ≥ 1, or `auto` (the default): one per core the process may use (`os.availableParallelism`)
 * but one, which is left to PostgreSQL, the worker and the primary where they share the machine. On two cores that is
 * one process: a second gave 4-18 % more reads a second (bench/README.md, leespad: `ketenpoort-2`) and cost 3 s of the
 * first start, three processes loading their code on two cores (bench/README.md, "Eerste start"). With 1 there is no
 * primary: the process serves itself, as before.
 */

/** Set in the environment of a forked API process: it serves and does none of the one-time work. */
const WERKER_VLAG = 'KETENPOORT_API_WERKER';
/**
 * Set in the environment of an API process forked before the primary has its database: it loads its code meanwhile,
 * then asks for the database (DATABASE_VRAAG) and waits for the answer (DATABASE_BERICHT) before it opens it.
 */
const WACHT_VLAG = 'KETENPOORT_WACHT_OP_DATABASE';
const DATABASE_VRAAG = 'ketenpoort:database?';
const DATABASE_BERICHT = 'ketenpoort:database';

/** The fill's mark, passed by the primary to the API processes so that their /readyz can say how far the fill is. */
export const VULMARKERING_ENV = 'KETENPOORT_VULMARKERING';

/**
 * What the primary adds to the environment of its API processes: demo data and worker off (its own one-time work), the
 * fill's mark when it fills the demo data (`vult`), and outside production the development issuer as it decided.
 */
export function apiProcesOmgeving(config: Config, vult: boolean): Record<string, string> {
  return {
    START_WORKER: 'false',
    DEMO_DATA: 'false',
    ...(vult ? { [VULMARKERING_ENV]: '1' } : {}),
    ...(config.isProduction ? {} : { ONTWIKKEL_ISSUER: String(config.devIssuerEnabled) }),
  };
}

/** Response header naming the API process that answered (its cluster number, 1..n; not the pid), in multi-process mode. */
export const PROCES_HEADER = 'x-ketenpoort-proces';

/** The number of API processes the configuration asks for. */
export function aantalApiProcessen(
  env: NodeJS.ProcessEnv = process.env,
  kernen: number = availableParallelism(),
): number {
  const waarde = (env.API_PROCESSEN ?? '').trim();
  if (waarde === '' || waarde === 'auto') return Math.max(1, kernen - 1);
  const n = Number(waarde);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new ConfigError(
      `Invalid configuration:\n  API_PROCESSEN: een geheel getal van 1 tot 256, of "auto" (kreeg ${JSON.stringify(waarde)})`,
    );
  }
  return n;
}

/** True in a process forked by startApiProcessen: it must not migrate, load demo data or start the worker. */
export function isApiWerker(): boolean {
  return cluster.isWorker && process.env[WERKER_VLAG] === '1';
}

/** Our cluster number (1..n) in a forked API process; undefined in a single process. */
export function apiProcesNummer(): number | undefined {
  return isApiWerker() ? cluster.worker?.id : undefined;
}

/**
 * In an API process forked before its database was known (issue 18, point 5: the processes load their code while the
 * primary starts PostgreSQL and migrates): waits for the primary to say which database to use, and takes it into the
 * environment. Returns at once anywhere else. Ends the process when the primary goes away first (its start failed).
 */
export async function wachtOpDatabase(): Promise<void> {
  if (!isApiWerker()) return;
  /*
   * Ctrl-C reaches every process of the terminal's group. The primary then stops the API processes (SIGTERM); one that
   * is still starting must not die of the SIGINT first, or the primary would take it for a crash and replace it. Once it
   * serves, its own handler (stopOpSignaal) also shuts it down on SIGINT.
   */
  process.on('SIGINT', () => undefined);
  if (process.env[WACHT_VLAG] !== '1') return;
  const primairWeg = (): void => process.exit(1);
  process.once('disconnect', primairWeg);
  const env = await new Promise<Record<string, string>>((resolve) => {
    const opBericht = (m: { type?: string; env?: Record<string, string> }): void => {
      if (m?.type !== DATABASE_BERICHT || !m.env) return;
      process.off('message', opBericht);
      resolve(m.env);
    };
    process.on('message', opBericht);
    process.send?.({ type: DATABASE_VRAAG });
  });
  process.off('disconnect', primairWeg);
  Object.assign(process.env, env);
  delete process.env[WACHT_VLAG];
}

export interface ApiProcessen {
  /**
   * Tells the processes (those waiting and those forked later) which database to use: the environment the primary
   * settled on. Only with `wachtOpDatabase`.
   */
  database(env: Record<string, string>): void;
  /** The pids of the API processes now running. */
  pids(): number[];
  /**
   * Resolves when the first process listens (the address is the same for all of them): from then on the primary hands
   * it connections, while the others may still be loading (issue 18, point 5).
   */
  gereed: Promise<{ port: number }>;
  /** SIGTERM to every process (each finishes its in-flight requests), resolved when all have exited. */
  stop(): Promise<void>;
}

/** API processes forked at the very start (startApiProcessenVroeg), until startApiProcessen claims them. */
let vroeg: { aantal: number; env: string; groep: ApiProcessen } | undefined;

/**
 * Forks the API processes at the very start of the primary, before it loads the application's modules (issue 18,
 * point 5): they load theirs meanwhile, and wait for the database (`wachtOpDatabase`). startApiProcessen with the same
 * number and environment then returns this group instead of forking again; with others it stops it and forks anew.
 */
export function startApiProcessenVroeg(aantal: number, env: Record<string, string>, log: Logger): void {
  vroeg = { aantal, env: JSON.stringify(env), groep: forkApiProcessen(aantal, env, log, { wachtOpDatabase: true }) };
}

/**
 * Forks `aantal` API processes of this same script with `env` added (demo data and worker off, and the database URLs the
 * primary settled on; with `wachtOpDatabase` those follow through `database()`). A process that exits unexpectedly is
 * replaced, with a growing pause when they keep dying at once (a broken configuration must not fork in a tight loop).
 * The processes forked early for the same (startApiProcessenVroeg) when there are.
 */
export function startApiProcessen(
  aantal: number,
  env: Record<string, string>,
  log: Logger,
  opties: { wachtOpDatabase?: boolean } = {},
): ApiProcessen {
  const eerder = vroeg;
  vroeg = undefined;
  if (eerder) {
    if (opties.wachtOpDatabase && eerder.aantal === aantal && eerder.env === JSON.stringify(env)) return eerder.groep;
    void eerder.groep.stop();
  }
  return forkApiProcessen(aantal, env, log, opties);
}

function forkApiProcessen(
  aantal: number,
  env: Record<string, string>,
  log: Logger,
  opties: { wachtOpDatabase?: boolean },
): ApiProcessen {
  let databaseEnv: Record<string, string> | undefined = opties.wachtOpDatabase ? undefined : {};
  const vragers = new Set<Worker>();
  const antwoord = (): void => {
    if (!databaseEnv) return;
    for (const w of vragers) if (w.isConnected()) w.send({ type: DATABASE_BERICHT, env: databaseEnv });
    vragers.clear();
  };
  const levend = new Set<Worker>();
  let stoppen = false;
  let snelleDoden = 0;
  let eersteLuister: ((p: { port: number }) => void) | undefined;
  let gestart = 0;
  const gereed = new Promise<{ port: number }>((resolve) => (eersteLuister = resolve));

  const fork = (): void => {
    const w = cluster.fork({ ...env, ...(databaseEnv ?? { [WACHT_VLAG]: '1' }), [WERKER_VLAG]: '1' });
    const begon = Date.now();
    levend.add(w);
    w.on('message', (m: { type?: string }) => {
      if (m?.type !== DATABASE_VRAAG) return;
      vragers.add(w);
      antwoord();
    });
    w.once('listening', (adres) => {
      gestart += 1;
      log.info({ apiProces: w.id, procesPid: w.process.pid }, 'API-proces luistert');
      if (gestart === 1) eersteLuister?.({ port: adres.port });
    });
    w.once('exit', (code, signaal) => {
      levend.delete(w);
      if (stoppen) return;
      snelleDoden = Date.now() - begon < 5_000 ? snelleDoden + 1 : 0;
      const pauze = Math.min(30_000, snelleDoden === 0 ? 0 : 250 * 2 ** Math.min(snelleDoden, 7));
      log.error(
        { apiProces: w.id, procesPid: w.process.pid, code, signaal, herstartNaMs: pauze },
        'API-proces gestopt; wordt vervangen',
      );
      setTimeout(() => {
        if (!stoppen) fork();
      }, pauze).unref();
    });
  };
  for (let i = 0; i < aantal; i++) fork();

  return {
    database: (env) => {
      databaseEnv = env;
      antwoord();
    },
    pids: () => [...levend].map((w) => w.process.pid).filter((p): p is number => p !== undefined),
    gereed,
    stop: async () => {
      stoppen = true;
      await Promise.all(
        [...levend].map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.isDead()) return resolve();
              w.once('exit', () => resolve());
              w.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

/** Names the answering process in every response (a header set before the app runs), so a client or test can tell them apart. */
export function merkProces(server: Server): void {
  const nummer = String(apiProcesNummer() ?? 0);
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) =>
    res.setHeader(PROCES_HEADER, nummer),
  );
}

/** After an API process has shut down: let go of the primary (its IPC channel would keep the process alive). */
export function verlaatPrimair(): void {
  if (isApiWerker()) cluster.worker?.disconnect();
}
