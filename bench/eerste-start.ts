/**
 * Issue 18, point 5: the time from `npm start` to its first GraphQL answer on a cold embedded default (a fresh
 * DATA_DIR: initdb, the embedded PostgreSQL, every migration, the demo start), against the same start without demo
 * data (DEMO_DATA=false), rounds alternated. Optionally (BENCH_TOT_GEREED=1) also until the demo year is in.
 *
 *   npm run bench:eerste-start            # RONDES=3 by default
 *
 * Each phase is read from the server's own log (its timestamps), the first answer is a VT medewerker's
 * `meldingen(eerste: 5)` with a token from the development issuer, sent as soon as the banner is printed.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { signDevToken } from '../src/auth/dev-issuer';
import { getal, mediaan, schrijfResultaten } from './gedeeld';

const ROOT = join(__dirname, '..', '..');
const RONDES = getal('RONDES', 3);
const TOT_GEREED = process.env.BENCH_TOT_GEREED === '1';

function vrijePoort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Ronde {
  variant: 'npm start (demo)' | 'zonder demodata';
  postgresMs?: number;
  migratiesMs?: number;
  apiMs?: number;
  eersteAntwoordMs: number;
  meldingenInAntwoord: number;
  demodataGereedMs?: number;
}

async function ronde(variant: Ronde['variant']): Promise<Ronde> {
  const tmp = mkdtempSync(join(tmpdir(), 'kp-bench-start-'));
  chmodSync(tmp, 0o755);
  const dataDir = join(tmp, 'data');
  const port = await vrijePoort();
  const weg = ['DATABASE_URL', 'DATABASE_OWNER_URL', 'QUEUE_DATABASE_URL', 'REDIS_URL', 'NODE_ENV', 'ONTWIKKEL_ISSUER'];
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !weg.includes(k))),
    DATA_DIR: dataDir,
    TMPDIR: tmp,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(await vrijePoort()),
    LOG_LEVEL: 'info',
    ...(variant === 'zonder demodata' ? { DEMO_DATA: 'false' } : {}),
  };
  const begin = Date.now();
  const kind = spawn(process.execPath, [join(ROOT, 'dist', 'demo', 'start.js')], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let uit = '';
  kind.stdout.on('data', (d: Buffer) => (uit += d.toString()));
  kind.stderr.on('data', (d: Buffer) => (uit += d.toString()));
  const wacht = async (tekst: string, ms: number): Promise<void> => {
    const eind = Date.now() + ms;
    while (!uit.includes(tekst)) {
      if (kind.exitCode !== null || Date.now() > eind) throw new Error(`wachtte op ${tekst}:\n${uit.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    await wacht('Ketenpoort draait', 120_000);
    const token = await signDevToken(dataDir, {
      rol: 'VT_MEDEWERKER',
      organisatie: 'VT14',
      audience: process.env.OIDC_AUDIENCE ?? 'ketenpoort',
    });
    let meldingen = -1;
    while (meldingen < 0) {
      const r = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ meldingen(eerste: 5) { edges { node { id } } } }' }),
      }).catch(() => undefined);
      const body = (await r?.json().catch(() => undefined)) as
        { data?: { meldingen?: { edges: unknown[] } } } | undefined;
      if (body?.data?.meldingen) meldingen = body.data.meldingen.edges.length;
      else await new Promise((r) => setTimeout(r, 20));
    }
    const eersteAntwoordMs = Date.now() - begin;
    let demodataGereedMs: number | undefined;
    if (TOT_GEREED && variant === 'npm start (demo)') {
      await wacht('"msg":"demodata: gereed"', 900_000);
      demodataGereedMs = Date.now() - begin;
    }
    const op = (msg: string): number | undefined => {
      const regel = uit.split('\n').find((l) => l.includes(`"msg":"${msg}"`));
      const tijd = regel && /"time":"([^"]+)"/.exec(regel)?.[1];
      return tijd ? new Date(tijd).getTime() - begin : undefined;
    };
    return {
      variant,
      postgresMs: op('embedded PostgreSQL gestart'),
      migratiesMs: op('migraties toegepast'),
      apiMs: op('Ketenpoort API gestart'),
      eersteAntwoordMs,
      meldingenInAntwoord: meldingen,
      demodataGereedMs,
    };
  } finally {
    process.kill(-(kind.pid as number), 'SIGINT');
    await new Promise((r) => kind.once('exit', r));
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rondes: Ronde[] = [];
  for (let i = 0; i < RONDES; i++) {
    for (const variant of ['npm start (demo)', 'zonder demodata'] as const) {
      const r = await ronde(variant);
      process.stdout.write(`${JSON.stringify(r)}\n`);
      rondes.push(r);
    }
  }
  const samenvatting = (['npm start (demo)', 'zonder demodata'] as const).map((variant) => {
    const rs = rondes.filter((r) => r.variant === variant);
    const m = (f: (r: Ronde) => number | undefined): number | undefined => {
      const xs = rs.map(f).filter((x): x is number => x !== undefined);
      return xs.length ? mediaan(xs) : undefined;
    };
    return {
      variant,
      postgresMs: m((r) => r.postgresMs),
      migratiesMs: m((r) => r.migratiesMs),
      apiMs: m((r) => r.apiMs),
      eersteAntwoordMs: m((r) => r.eersteAntwoordMs),
      demodataGereedMs: m((r) => r.demodataGereedMs),
    };
  });
  console.table(samenvatting);
  process.stdout.write(`${schrijfResultaten('eerste-start', { rondes, samenvatting })}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
