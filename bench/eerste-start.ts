/**
 * Issue 18, point 5: the time from `npm start` to its first GraphQL answer on the embedded default, for the starts a
 * newcomer makes, rounds alternated:
 * - `koud`: a fresh DATA_DIR and an empty template cache, as right after `npm ci` (initdb and every migration; the
 *   cluster template is built after the API listens);
 * - `sjabloon`: a fresh DATA_DIR with the template in the cache (a copy instead of initdb and migrations);
 * - `tweede start`: the DATA_DIR of an earlier round again;
 * each with the demo (`npm start`: the demo year fills in the background) and, for the fresh ones, without
 * (DEMO_DATA=false). With BENCH_VERGELIJK=<other checkout>/dist/demo/start.js the same cold start of that code too.
 * Optionally (BENCH_TOT_GEREED=1) also until the demo year is in.
 *
 *   npm run bench:eerste-start            # RONDES=3 by default
 *
 * Each phase is read from the server's own log (its timestamps), the first answer is a VT medewerker's
 * `meldingen(eerste: 5)` with a token from the development issuer, sent as soon as the banner is printed. The load
 * average is noted per round: the figures mean little without it on a shared machine.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { signDevToken } from '../src/auth/dev-issuer';
import { getal, mediaan, schrijfResultaten } from './gedeeld';

const ROOT = join(__dirname, '..', '..');
const RONDES = getal('RONDES', 3);
const TOT_GEREED = process.env.BENCH_TOT_GEREED === '1';
const VERGELIJK = process.env.BENCH_VERGELIJK;

function vrijePoort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Variant {
  naam: string;
  demo: boolean;
  cache: 'leeg' | 'warm';
  /** Start on the DATA_DIR the round before left (of the variant named). */
  datamapVan?: string;
  start?: string;
}

const VARIANTEN: Variant[] = [
  { naam: 'npm start, koud (na installatie)', demo: true, cache: 'leeg' },
  { naam: 'npm start, sjabloon', demo: true, cache: 'warm' },
  { naam: 'zonder demodata, koud', demo: false, cache: 'leeg' },
  { naam: 'zonder demodata, sjabloon', demo: false, cache: 'warm' },
  { naam: 'tweede start (zelfde DATA_DIR)', demo: false, cache: 'warm', datamapVan: 'zonder demodata, sjabloon' },
  ...(VERGELIJK
    ? [
        { naam: 'vorige code: npm start, koud', demo: true, cache: 'leeg' as const, start: VERGELIJK },
        { naam: 'vorige code: zonder demodata, koud', demo: false, cache: 'leeg' as const, start: VERGELIJK },
      ]
    : []),
];

interface Ronde {
  variant: string;
  load1: number;
  postgresMs?: number;
  cluster?: string;
  migratiesMs?: number;
  apiMs?: number;
  eersteAntwoordMs: number;
  meldingenInAntwoord: number;
  sjabloonGebouwdMs?: number;
  demodataGereedMs?: number;
}

const tijdelijk = (voorvoegsel: string): string => {
  const m = mkdtempSync(join(tmpdir(), voorvoegsel));
  chmodSync(m, 0o755); // as root, PostgreSQL runs as the OS user postgres and must reach what is in it
  return m;
};

/** One start; resolves once it answered (and, with `totSjabloon`, once it built its template), then stops it. */
async function ronde(
  variant: Variant,
  dataDir: string,
  cache: string,
  opties: { totSjabloon?: boolean } = {},
): Promise<Ronde> {
  const port = await vrijePoort();
  const weg = ['DATABASE_URL', 'DATABASE_OWNER_URL', 'QUEUE_DATABASE_URL', 'REDIS_URL', 'NODE_ENV', 'ONTWIKKEL_ISSUER'];
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !weg.includes(k))),
    DATA_DIR: dataDir,
    TMPDIR: join(dataDir, '..'),
    PORT: String(port),
    EMBEDDED_PG_PORT: String(await vrijePoort()),
    EMBEDDED_PG_SJABLOON: cache,
    LOG_LEVEL: 'info',
    ...(variant.demo ? {} : { DEMO_DATA: 'false' }),
  };
  const load1 = loadavg()[0];
  const begin = Date.now();
  const kind = spawn(process.execPath, [variant.start ?? join(ROOT, 'dist', 'demo', 'start.js')], {
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
    if (opties.totSjabloon) await wacht('"msg":"embedded PostgreSQL: sjabloon gebouwd', 300_000);
    let demodataGereedMs: number | undefined;
    if (TOT_GEREED && variant.demo) {
      await wacht('"msg":"demodata: gereed"', 900_000);
      demodataGereedMs = Date.now() - begin;
    }
    const regel = (msg: string): string | undefined => uit.split('\n').find((l) => l.includes(`"msg":"${msg}`));
    const op = (msg: string): number | undefined => {
      const tijd = /"time":"([^"]+)"/.exec(regel(msg) ?? '')?.[1];
      return tijd ? new Date(tijd).getTime() - begin : undefined;
    };
    return {
      variant: variant.naam,
      load1: Math.round(load1 * 10) / 10,
      postgresMs: op('embedded PostgreSQL gestart'),
      cluster: /"cluster":"([^"]+)"/.exec(regel('embedded PostgreSQL gestart') ?? '')?.[1],
      migratiesMs: op('migraties toegepast'),
      apiMs: op('Ketenpoort API gestart'),
      eersteAntwoordMs,
      meldingenInAntwoord: meldingen,
      sjabloonGebouwdMs: op('embedded PostgreSQL: sjabloon gebouwd'),
      demodataGereedMs,
    };
  } finally {
    process.kill(-(kind.pid as number), 'SIGINT');
    await new Promise((r) => kind.once('exit', r));
  }
}

async function main(): Promise<void> {
  const opruimen: string[] = [];
  const warm = tijdelijk('kp-bench-sjabloon-');
  opruimen.push(warm);
  try {
    // The warm cache: one start that builds the template (not counted).
    const opwarm = tijdelijk('kp-bench-start-');
    opruimen.push(opwarm);
    await ronde(VARIANTEN[3], join(opwarm, 'data'), warm, { totSjabloon: true });
    const rondes: Ronde[] = [];
    for (let i = 0; i < RONDES; i++) {
      const datamappen = new Map<string, string>();
      for (const variant of VARIANTEN) {
        let dataDir = variant.datamapVan ? datamappen.get(variant.datamapVan) : undefined;
        if (!dataDir) {
          const tmp = tijdelijk('kp-bench-start-');
          opruimen.push(tmp);
          dataDir = join(tmp, 'data');
        }
        const cache = variant.cache === 'warm' ? warm : tijdelijk('kp-bench-sjabloon-');
        if (cache !== warm) opruimen.push(cache);
        const r = await ronde(variant, dataDir, cache);
        datamappen.set(variant.naam, dataDir);
        process.stdout.write(`${JSON.stringify(r)}\n`);
        rondes.push(r);
      }
    }
    const samenvatting = VARIANTEN.map(({ naam }) => {
      const rs = rondes.filter((r) => r.variant === naam);
      const m = (f: (r: Ronde) => number | undefined): number | undefined => {
        const xs = rs.map(f).filter((x): x is number => x !== undefined);
        return xs.length ? mediaan(xs) : undefined;
      };
      return {
        variant: naam,
        load1: m((r) => r.load1),
        postgresMs: m((r) => r.postgresMs),
        migratiesMs: m((r) => r.migratiesMs),
        apiMs: m((r) => r.apiMs),
        eersteAntwoordMs: m((r) => r.eersteAntwoordMs),
        demodataGereedMs: m((r) => r.demodataGereedMs),
      };
    });
    console.table(samenvatting);
    process.stdout.write(`${schrijfResultaten('eerste-start', { rondes, samenvatting })}\n`);
  } finally {
    for (const m of opruimen) rmSync(m, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
