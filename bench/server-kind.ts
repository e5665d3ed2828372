/**
 * An API server in a child process, for benchmarks: the production configuration on a given database, the load
 * generator stays in the parent so the server has its own event loop. The child counts its SQL statements
 * (a wrapper on pg's Client.prototype.query) and reports them with its CPU time on request.
 *
 *   const k = await startServerKind({ autorisatie: true, audit: true }, db, 'met');
 *   const t = await k.tellers(); ... await k.stop();
 */
import 'reflect-metadata';

import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';

import { migrations } from '../migrations';
import { createApi, type Lagen } from '../src/app';
import { systemClock } from '../src/lib/clock';
import { initOrm, ormOptions } from '../src/lib/database';
import { createLogger } from '../src/lib/logger';
import { verbindWachtrij } from '../src/lib/queue';
import { entities } from '../src/modules';
import { productieConfig } from './gedeeld';

export interface Tellers {
  statements: number;
  /** CPU time of the server process so far (user + system). */
  cpuMs: number;
  /** Busy CPU time of the whole machine so far (/proc/stat: everything but idle and iowait), if Linux. */
  machineMs: number | null;
}

export interface ServerKind {
  poort: number;
  tellers(): Promise<Tellers>;
  stop(): Promise<void>;
}

function machineBezet(): number | null {
  try {
    const velden = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = velden;
    return ((user + nice + system + irq + softirq + steal) * 1000) / 100; // USER_HZ = 100
  } catch {
    return null;
  }
}

/** Starts a server child. `naam` names its CPU profile when BENCH_PROFIEL=<dir> is set. */
export async function startServerKind(
  lagen: Lagen,
  db: { dbUrl: string; queueUrl: string; dataDir: string },
  naam: string,
  /** Extra settings on top of the production configuration (bench/misbruik.ts: rate limits). */
  extra: Record<string, string> = {},
): Promise<ServerKind> {
  const profiel = process.env.BENCH_PROFIEL
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFIEL}`, `--cpu-prof-name=${naam}.cpuprofile`]
    : [];
  const proces: ChildProcess = fork(
    __filename,
    ['--server', JSON.stringify(lagen), db.dbUrl, db.queueUrl, db.dataDir, naam, JSON.stringify(extra)],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [...process.execArgv, ...profiel],
      // As deployed: the configuration says production, and so does the process environment, which libraries read
      // at load time (graphql-js drops its development checks in every instanceOf).
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  const poort = await new Promise<number>((resolve, reject) => {
    proces.once('message', (m: { poort: number }) => resolve(m.poort));
    proces.once('exit', (c) => reject(new Error(`server ${naam} stopte met ${c}`)));
  });
  return {
    poort,
    tellers: () =>
      new Promise((resolve) => {
        proces.once('message', (m: { statements: number; cpuMs: number }) =>
          resolve({ ...m, machineMs: machineBezet() }),
        );
        proces.send({ vraag: 'tellers' });
      }),
    stop: async () => {
      const weg = new Promise((r) => proces.once('exit', r));
      proces.send({ vraag: 'stop' });
      await weg;
    },
  };
}

async function serverKind(
  lagen: Lagen,
  dbUrl: string,
  queueUrl: string,
  dataDir: string,
  naam: string,
  extra: Record<string, string>,
): Promise<void> {
  let statements = 0;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as { Client: { prototype: { query: (...a: unknown[]) => unknown } } };
  const origineel = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    statements += 1;
    return origineel.apply(this, args);
  };
  const config = await productieConfig(dbUrl, dataDir, extra);
  const log = createLogger('silent', 'bench');
  const orm = await initOrm(ormOptions(dbUrl, entities as never, migrations));
  const wachtrij = verbindWachtrij({ queueDatabaseUrl: queueUrl, prefix: `bench-${naam}` });
  const api = await createApi({ config, orm, log, clock: systemClock, wachtrij: wachtrij.maakQueue('audit'), lagen });
  const server: Server = await new Promise((r) => {
    const s = api.app.listen(0, '127.0.0.1', () => r(s));
  });
  process.on('message', (m: { vraag: string }) => {
    if (m.vraag === 'tellers') {
      const cpu = process.cpuUsage();
      process.send?.({ statements, cpuMs: (cpu.user + cpu.system) / 1000 });
    }
    if (m.vraag === 'stop') {
      server.close();
      server.closeAllConnections();
      void api
        .stop()
        .then(() => orm.close())
        .then(() => process.exit(0));
    }
  });
  process.send?.({ poort: (server.address() as { port: number }).port });
}

if (process.argv[2] === '--server') {
  void serverKind(
    JSON.parse(process.argv[3]) as Lagen,
    process.argv[4],
    process.argv[5],
    process.argv[6],
    process.argv[7],
    JSON.parse(process.argv[8] ?? '{}') as Record<string, string>,
  );
}
