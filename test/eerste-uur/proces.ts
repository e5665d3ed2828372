import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** A free TCP port on 127.0.0.1 (for the API or the embedded PostgreSQL). */
export function vrijePoort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Where the starts of these tests keep their cluster template (src/lib/pg-sjabloon.ts): one for all of them, keyed by
 * the code like any, and not in node_modules (which may be shared by several checkouts).
 */
export const TEST_SJABLOONMAP = join(tmpdir(), 'ketenpoort-test-pg-sjabloon');

/** The environment of a newcomer's `npm start`: no DATABASE_URL, Redis or test settings from this run. */
export function schoneOmgeving(extra: Record<string, string>): NodeJS.ProcessEnv {
  const weg = ['DATABASE_URL', 'DATABASE_OWNER_URL', 'QUEUE_DATABASE_URL', 'REDIS_URL', 'NODE_ENV', 'ONTWIKKEL_ISSUER'];
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !weg.includes(k) && !k.startsWith('VITEST'))),
    LOG_LEVEL: 'info',
    API_PROCESSEN: '1',
    EMBEDDED_PG_SJABLOON: TEST_SJABLOONMAP,
    ...extra,
  };
}

export interface Proces {
  kind: ChildProcess;
  uitvoer(): string;
  /** Waits until the output contains `tekst`; fails with the output when the process ends or the time is up. */
  wachtOp(tekst: string | RegExp, ms?: number): Promise<void>;
  /** Resolves with the exit code (or the signal) and how long it took after this call. */
  einde(ms?: number): Promise<{ code: number | null; signaal: NodeJS.Signals | null; duurMs: number }>;
  /** Sends `signaal` to the whole process group, as a terminal does on Ctrl-C. */
  signaalAanGroep(signaal: NodeJS.Signals): void;
}

/** Starts `node <args>` in a process group of its own (so the test can play the terminal). */
export function startProces(args: string[], env: NodeJS.ProcessEnv): Proces {
  const kind = spawn(process.execPath, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let uit = '';
  kind.stdout?.on('data', (d: Buffer) => (uit += d.toString()));
  kind.stderr?.on('data', (d: Buffer) => (uit += d.toString()));
  const klaar = new Promise<{ code: number | null; signaal: NodeJS.Signals | null }>((resolve) =>
    kind.once('exit', (code, signaal) => resolve({ code, signaal })),
  );
  return {
    kind,
    uitvoer: () => uit,
    wachtOp: async (tekst, ms = 60_000) => {
      const eind = Date.now() + ms;
      const past = () => (typeof tekst === 'string' ? uit.includes(tekst) : tekst.test(uit));
      while (!past()) {
        if (kind.exitCode !== null || kind.signalCode !== null || Date.now() > eind) {
          throw new Error(`wachtte op ${String(tekst)}, maar:\n${uit.slice(-4000)}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    einde: async (ms = 30_000) => {
      const begin = Date.now();
      const time = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`niet gestopt binnen ${ms} ms:\n${uit.slice(-4000)}`)), ms).unref(),
      );
      const r = await Promise.race([klaar, time]);
      return { ...r, duurMs: Date.now() - begin };
    },
    signaalAanGroep: (signaal) => process.kill(-(kind.pid as number), signaal),
  };
}

/** A DATA_DIR and TMPDIR of one test (as root, the embedded data go to TMPDIR; see src/lib/embedded-postgres.ts). */
export function testMappen(): { dataDir: string; tmp: string } {
  const tmp = mkdtempSync(join(tmpdir(), 'kp-eerste-uur-'));
  chmodSync(tmp, 0o755); // as root, PostgreSQL runs as the OS user postgres and must reach the data in it
  return { dataDir: join(tmp, 'data'), tmp };
}
