import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';

/**
 * A Redis server of one test file's own, for tests that wipe, kill or pause Redis: the shared Redis on :6379 serves
 * other test runs at the same time and must never be flushed. No persistence, so a restart comes back empty, as a
 * Redis without AOF does after a crash.
 */
export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
export const heeftRedisServer = existsSync(REDIS_SERVER);
if (!heeftRedisServer) {
  process.stdout.write(
    `\nLET OP: ${REDIS_SERVER} ontbreekt; de tests met een eigen Redis (wissen, stoppen, herstarten) worden overgeslagen.\n`,
  );
}

export interface PriveRedis {
  url: string;
  /** Starts it again on the same port (empty: no persistence). */
  start(): Promise<void>;
  /** Kills it (SIGKILL: a crash, no goodbye to the clients). */
  stop(): Promise<void>;
  /** FLUSHALL: everything lost while the clients stay connected. */
  wis(): Promise<void>;
  /** SIGSTOP / SIGCONT: connections stay open but nothing answers (a hung server or a black-holed network). */
  pauzeer(): void;
  hervat(): void;
  /** Stops it for good and removes its directory. */
  opruimen(): Promise<void>;
}

async function vrijePoort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPriveRedis(): Promise<PriveRedis> {
  const port = await vrijePoort();
  const dir = mkdtempSync(join(tmpdir(), 'ketenpoort-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let proces: ChildProcess | undefined;

  const wachtTotPing = async (): Promise<void> => {
    const eind = Date.now() + 10_000;
    for (;;) {
      const c = new IORedis(url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
      });
      c.on('error', () => undefined);
      try {
        await c.connect();
        if ((await c.ping()) === 'PONG') return;
      } catch {
        // not up yet
      } finally {
        c.disconnect();
      }
      if (Date.now() > eind) throw new Error(`eigen Redis op ${port} start niet`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const start = async (): Promise<void> => {
    proces = spawn(
      REDIS_SERVER,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore' },
    );
    await wachtTotPing();
  };
  const stop = async (): Promise<void> => {
    const p = proces;
    proces = undefined;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const weg = new Promise<void>((resolve) => p.once('exit', () => resolve()));
    p.kill('SIGCONT');
    p.kill('SIGKILL');
    await weg;
  };
  await start();
  return {
    url,
    start,
    stop,
    wis: async () => {
      const c = new IORedis(url, { maxRetriesPerRequest: 1 });
      try {
        await c.flushall();
      } finally {
        c.disconnect();
      }
    },
    pauzeer: () => void proces?.kill('SIGSTOP'),
    hervat: () => void proces?.kill('SIGCONT'),
    opruimen: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
