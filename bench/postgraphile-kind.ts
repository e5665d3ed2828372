/**
 * PostGraphile 4 as a reference server for benchmarks, in a child process of its own (the load generator stays in the
 * parent): the floor of "GraphQL compiled to one SQL statement, with row-level security via settings". It verifies no
 * token, knows no need-to-know, writes no audit record and has no query limits: a floor, not an equivalent.
 *
 *   const k = await startPostgraphileKind(dbUrl, { role: 'ketenpoort_app', 'ketenpoort.vt_organisatie': 'VT14' });
 *   const t = await k.tellers(); ... await k.stop();
 *
 * The tellers are those of bench/server-kind.ts (statements through `pg`, which PostGraphile uses too, and CPU time).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';

import type { ServerKind, Tellers } from './server-kind';

/**
 * A PostGraphile server on `dbUrl` (schema `public`, default inflection, no mutations) with `pgSettings` set per
 * request (PostGraphile runs each request in a transaction with `set_config`). Call in a process of its own.
 */
export async function postgraphileServer(dbUrl: string, pgSettings: Record<string, string>): Promise<Server> {
  // PostGraphile 4 wants graphql 15; npm put copies of it beside Ketenpoort's graphql 16, and graphql-parse-resolve-info
  // (shared with Ketenpoort) would load 16: one process, one graphql, or its type checks fail ("Unexpected input type").
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('node:module') as { _resolveFilename: (req: string, ...rest: unknown[]) => string };
  const graphql15 = require.resolve('graphql', { paths: [require.resolve('postgraphile')] });
  const origineel = Module._resolveFilename;
  Module._resolveFilename = function (verzoek: string, ...rest: unknown[]) {
    if (verzoek === 'graphql') return graphql15;
    if (verzoek.startsWith('graphql/')) {
      return origineel.call(this, join(dirname(graphql15), verzoek.slice('graphql/'.length)), ...rest);
    }
    return origineel.call(this, verzoek, ...rest);
  };
  // A caller that imported Ketenpoort's modules loaded it already against graphql 16: load it afresh.
  for (const pad of Object.keys(require.cache)) {
    if (pad.includes('/node_modules/graphql-parse-resolve-info/')) delete require.cache[pad];
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { postgraphile } = require('postgraphile') as {
    postgraphile: (db: string, schema: string, o: Record<string, unknown>) => Parameters<typeof createServer>[1];
  };
  const middleware = postgraphile(dbUrl, 'public', {
    disableDefaultMutations: true,
    graphiql: false,
    disableQueryLog: true,
    pgSettings,
    retryOnInitFail: false,
  });
  const server = createServer(middleware);
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

/** Starts `postgraphileServer` in a child process, with the tellers of `startServerKind`. */
export async function startPostgraphileKind(dbUrl: string, pgSettings: Record<string, string>): Promise<ServerKind> {
  const proces: ChildProcess = fork(__filename, ['--postgraphile', dbUrl, JSON.stringify(pgSettings)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const poort = await new Promise<number>((resolve, reject) => {
    proces.once('message', (m: { poort: number }) => resolve(m.poort));
    proces.once('exit', (c) => reject(new Error(`postgraphile stopte met ${c}`)));
  });
  return {
    poort,
    tellers: () =>
      new Promise<Tellers>((resolve) => {
        proces.once('message', (m: { statements: number; cpuMs: number }) => resolve({ ...m, machineMs: null }));
        proces.send({ vraag: 'tellers' });
      }),
    stop: async () => {
      const weg = new Promise((r) => proces.once('exit', r));
      proces.kill('SIGTERM');
      await weg;
    },
  };
}

async function kind(dbUrl: string, pgSettings: Record<string, string>): Promise<void> {
  let statements = 0;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as { Client: { prototype: { query: (...a: unknown[]) => unknown } } };
  const origineel = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    statements += 1;
    return origineel.apply(this, args);
  };
  const server = await postgraphileServer(dbUrl, pgSettings);
  process.on('message', (m: { vraag: string }) => {
    if (m.vraag === 'tellers') {
      const cpu = process.cpuUsage();
      process.send?.({ statements, cpuMs: (cpu.user + cpu.system) / 1000 });
    }
  });
  process.once('SIGTERM', () => process.exit(0));
  process.send?.({ poort: (server.address() as { port: number }).port });
}

if (process.argv[2] === '--postgraphile') {
  void kind(process.argv[3], JSON.parse(process.argv[4]) as Record<string, string>);
}
