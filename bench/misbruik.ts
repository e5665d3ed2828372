/**
 * Benchmark (issue 15, abuse resistance): the latency of a legitimate list query (bench/geneste-lezing.ts's QUERY,
 * 20 meldingen × 3 betrokkenen) alone, and while a second client attacks, in one run:
 *   1. large bodies (2 MB) without a token;
 *   2. deep and aliased queries (refused by the depth, alias and cost limits);
 *   3. queries at the highest accepted cost (150 meldingen with every sub-list, just under GRAPHQL_MAX_COST).
 * Target: under each attack the legitimate p99 stays within 2× of its p99 alone.
 *
 *   npm run bench:misbruik    (BENCH_SECONDS=15 BENCH_LEGIT_RATE=15 BENCH_LEGIT_CONNECTIONS=2 BENCH_AANVAL_CONNECTIONS=10)
 *
 * The server runs in a child process (bench/server-kind.ts, production configuration), the legitimate load
 * (autocannon, a fixed rate, spread over ten team leaders' tokens) in this process, each attack (autocannon, as fast
 * as it can, a token of its own) in a process of its own.
 * Twice: without rate limits (what the server's own refusals hold) and with the default rate limits, the two clients
 * behind a trusted proxy each with their own address (X-Forwarded-For), counted in PostgreSQL.
 */
import 'reflect-metadata';

import { fork } from 'node:child_process';
import { connect } from 'node:net';

import { benchDatabase, benchToken, getal, schrijfResultaten, type AutocannonResultaat } from './gedeeld';
import { QUERY, zaaiMeldingen } from './geneste-lezing';
import { startServerKind, type ServerKind } from './server-kind';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<
  AutocannonResultaat & {
    '2xx': number;
    '4xx': number;
    '5xx': number;
    requests: { average: number; total: number; sent: number };
  }
>;

const NODE = `id ontvangenOp kanaal omschrijving melder { naam telefoon }
  betrokkenen { id rollen persoon { id bsn voornamen achternaam adres { straat postcode } } }`;

/** 100 + 50 meldingen × (1 + melder + an assumed 10 betrokkenen × 3) = 4800 of the 5000 allowed. */
const DUURSTE = `{ a: meldingen(eerste: 100) { edges { node { ${NODE} } } } b: meldingen(eerste: 50) { edges { node { ${NODE} } } } }`;
/** Sixteen aliases of a deep page: over the alias limit (15) and the cost limit. */
const ALIASSEN = `{ ${Array.from(
  { length: 16 },
  (_, i) => `a${i}: meldingen(eerste: 100) { edges { node { betrokkenen { persoon { adres { straat } } } } } }`,
).join(' ')} }`;
/** Thirty levels deep. */
const DIEP = `{ ${'a { '.repeat(30)}b${' }'.repeat(30)} }`;

type Aanval = 'grote bodies zonder token' | 'diepe en gealiaste queries' | 'maximale toegestane kosten';

interface AanvalOpdracht {
  poort: number;
  aanval: Aanval;
  token: string;
  seconden: number;
  verbindingen: number;
  adres: string;
}

interface AanvalUitkomst {
  verzoeken: number;
  perSeconde: number;
  '2xx': number;
  '4xx': number;
  '5xx': number;
  fouten: number;
}

// ---------------------------------------------------------------- the attacker (a child process)

async function aanvaller(o: AanvalOpdracht): Promise<void> {
  if (o.aanval === 'grote bodies zonder token') {
    process.send?.({ gestart: true });
    process.send?.({ uitkomst: await groteBodies(o) });
    return;
  }
  const basis = { 'content-type': 'application/json', 'x-forwarded-for': o.adres };
  const metToken = { ...basis, authorization: `Bearer ${o.token}` };
  const verzoeken: { method: string; headers: Record<string, string>; body: string }[] =
    o.aanval === 'diepe en gealiaste queries'
      ? [ALIASSEN, DIEP].map((q) => ({ method: 'POST', headers: metToken, body: JSON.stringify({ query: q }) }))
      : [{ method: 'POST', headers: metToken, body: JSON.stringify({ query: DUURSTE }) }];
  process.send?.({ gestart: true });
  const r = await autocannon({
    url: `http://127.0.0.1:${o.poort}/graphql`,
    connections: o.verbindingen,
    duration: o.seconden,
    requests: verzoeken,
  });
  const uit: AanvalUitkomst = {
    verzoeken: r.requests.total,
    perSeconde: r.requests.average,
    '2xx': r['2xx'],
    '4xx': r['4xx'],
    '5xx': r['5xx'],
    fouten: r.errors,
  };
  process.send?.({ uitkomst: uit });
}

/**
 * Large bodies without a token, on plain sockets: each connection sends the headers and a 2 MB body and reads the
 * status line, the server may answer (and close) before the body is through. autocannon cannot do this one: a server
 * that answers early and closes made it resend the 2 MB to every new connection without end (4,6 GB, past its
 * duration). The body is one buffer for all connections.
 */
async function groteBodies(o: AanvalOpdracht): Promise<AanvalUitkomst> {
  const body = Buffer.from(
    JSON.stringify({ query: '{ ik { rol } }', variables: { x: 'y'.repeat(2 * 1024 * 1024 - 100) } }),
  );
  const kop = Buffer.from(
    `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Forwarded-For: ${o.adres}\r\n` +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
  );
  const telling = { verzoeken: 0, '2xx': 0, '4xx': 0, '5xx': 0, fouten: 0 };
  const einde = Date.now() + o.seconden * 1000;
  const een = (): Promise<void> =>
    new Promise((klaar) => {
      let antwoord = '';
      const s = connect(o.poort, '127.0.0.1', () => {
        s.write(kop);
        s.write(body);
      });
      s.setTimeout(10_000, () => s.destroy());
      s.on('data', (d: Buffer) => {
        if (antwoord.length < 16) antwoord += d.toString('latin1', 0, 16);
      });
      s.on('error', () => {});
      s.on('close', () => {
        const m = /^HTTP\/1\.1 ([245])\d\d/.exec(antwoord);
        if (m) {
          telling.verzoeken += 1;
          telling[`${m[1]}xx` as '2xx' | '4xx' | '5xx'] += 1;
        } else telling.fouten += 1;
        klaar();
      });
    });
  await Promise.all(
    Array.from({ length: o.verbindingen }, async () => {
      while (Date.now() < einde) await een();
    }),
  );
  return { ...telling, perSeconde: telling.verzoeken / o.seconden };
}

function startAanval(o: AanvalOpdracht): { gestart: Promise<void>; klaar: Promise<AanvalUitkomst> } {
  const kind = fork(__filename, ['--aanval', JSON.stringify(o)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let gestart!: () => void;
  const g = new Promise<void>((r) => (gestart = r));
  const klaar = new Promise<AanvalUitkomst>((resolve, reject) => {
    kind.on('message', (m: { gestart?: boolean; uitkomst?: AanvalUitkomst }) => {
      if (m.gestart) gestart();
      if (m.uitkomst) resolve(m.uitkomst);
    });
    kind.once('exit', (c) => (c ? reject(new Error(`aanvaller stopte met ${c}`)) : undefined));
  });
  return { gestart: g, klaar };
}

// ---------------------------------------------------------------- the parent

interface Meting {
  p50: number;
  p99: number;
  verzoeken: number;
  non2xx: number;
  serverCpuMsPerS: number;
}

/** The legitimate load: a fixed rate, spread over the tokens (users) in turn, from one address (an office). */
async function legitiem(k: ServerKind, tokens: readonly string[], seconden: number): Promise<Meting> {
  const voor = await k.tellers();
  const r = await autocannon({
    url: `http://127.0.0.1:${k.poort}/graphql`,
    connections: getal('BENCH_LEGIT_CONNECTIONS', 2),
    overallRate: getal('BENCH_LEGIT_RATE', 15),
    duration: seconden,
    requests: tokens.map((t) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t}`, 'x-forwarded-for': '10.0.0.1' },
      body: JSON.stringify({ query: QUERY }),
    })),
  });
  const na = await k.tellers();
  return {
    p50: r.latency.p50,
    p99: r.latency.p99,
    verzoeken: r.requests.total,
    non2xx: r.non2xx + r.errors + r.timeouts,
    serverCpuMsPerS: (na.cpuMs - voor.cpuMs) / seconden,
  };
}

async function controleer(poort: number, token: string, query: string, verwacht: number): Promise<void> {
  const r = await fetch(`http://127.0.0.1:${poort}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await r.json()) as { errors?: unknown };
  if (r.status !== verwacht || (verwacht === 200 && body.errors)) {
    throw new Error(`verwacht ${verwacht}, kreeg ${r.status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
}

const VARIANTEN: { naam: string; extra: Record<string, string> }[] = [
  { naam: 'zonder verzoeklimieten', extra: {} },
  {
    naam: 'met de standaard verzoeklimieten (per token 1200 verzoeken en 100.000 kostenpunten per minuut, per adres 6000 verzoeken)',
    extra: {
      VERZOEKLIMIET_TOKEN_PER_MINUUT: '1200',
      VERZOEKLIMIET_ADRES_PER_MINUUT: '6000',
      VERZOEKLIMIET_KOSTEN_PER_MINUUT: '100000',
      VERTROUWDE_PROXIES: 'loopback',
    },
  },
];

async function main(): Promise<void> {
  const db = await benchDatabase('misbruik');
  process.stdout.write(`PostgreSQL: ${db.herkomst}\nzaaien: 200 meldingen × 3 betrokkenen in VT14 ...\n`);
  await zaaiMeldingen(db.dbUrl, 200);
  // Team leaders read the whole region: the list query returns 20 meldingen, the costly one 150, with betrokkenen.
  const teamleider = (sub: string): Promise<string> =>
    benchToken(db, {
      rol: 'VT_TEAMLEIDER',
      organisatie: 'VT14',
      sub,
      audience: 'ketenpoort',
      geldigheidSeconden: 3600,
    });
  // Ten users share the legitimate load (each within its own limits); each attack has a caller of its own.
  const legit: string[] = [];
  for (let i = 0; i < 10; i++) legit.push(await teamleider(`bench-gebruiker-${i}`));
  const seconden = getal('BENCH_SECONDS', 15);
  const verbindingen = getal('BENCH_AANVAL_CONNECTIONS', 10);
  const aanvallen: Aanval[] = ['grote bodies zonder token', 'diepe en gealiaste queries', 'maximale toegestane kosten'];
  const uitkomsten: Record<string, unknown>[] = [];
  let tabel = '';

  for (const variant of VARIANTEN) {
    const k = await startServerKind({ autorisatie: true, audit: true }, db, 'misbruik', variant.extra);
    try {
      const proef = await teamleider(`bench-proef-${variant.naam.length}`);
      await controleer(k.poort, legit[0], QUERY, 200);
      await controleer(k.poort, proef, DUURSTE, 200);
      await controleer(k.poort, proef, ALIASSEN, 400);
      await legitiem(k, legit, getal('BENCH_WARMUP', 3));
      const alleen = await legitiem(k, legit, seconden);
      process.stdout.write(
        `\n${variant.naam}\nalleen: p50 ${alleen.p50} ms, p99 ${alleen.p99} ms (${alleen.verzoeken} verzoeken, ${alleen.non2xx} niet-2xx, server ${alleen.serverCpuMsPerS.toFixed(0)} ms CPU/s)\n`,
      );
      tabel += `\n**${variant.naam}**\n\n| aanval | legitiem p50 ms | legitiem p99 ms | p99 / alleen | legitiem niet-2xx | aanvalsverzoeken/s (2xx / 4xx / fout) | server-CPU ms/s |\n|---|---|---|---|---|---|---|\n`;
      tabel += `| geen (alleen) | ${alleen.p50} | ${alleen.p99} | 1,0 | ${alleen.non2xx} | – | ${alleen.serverCpuMsPerS.toFixed(0)} |\n`;
      for (const aanval of aanvallen) {
        const a = startAanval({
          poort: k.poort,
          aanval,
          token: await teamleider(`bench-aanvaller-${uitkomsten.length}`),
          seconden: seconden + 2,
          verbindingen,
          adres: '10.0.0.66',
        });
        await a.gestart;
        // Let the attack reach full speed before measuring.
        await new Promise((r) => setTimeout(r, 1000));
        const m = await legitiem(k, legit, seconden);
        const u = await a.klaar;
        const factor = m.p99 / alleen.p99;
        process.stdout.write(
          `${aanval}: p50 ${m.p50} ms, p99 ${m.p99} ms (${factor.toFixed(2)}× alleen; ${m.non2xx} niet-2xx); aanval ${u.perSeconde.toFixed(0)}/s (2xx ${u['2xx']}, 4xx ${u['4xx']}, 5xx ${u['5xx']}, fouten ${u.fouten}); server ${m.serverCpuMsPerS.toFixed(0)} ms CPU/s\n`,
        );
        tabel += `| ${aanval} | ${m.p50} | ${m.p99} | ${factor.toFixed(1).replace('.', ',')} | ${m.non2xx} | ${u.perSeconde.toFixed(0)} (${u['2xx']} / ${u['4xx']} / ${u.fouten}) | ${m.serverCpuMsPerS.toFixed(0)} |\n`;
        uitkomsten.push({ variant: variant.naam, aanval, alleen, onderAanval: m, aanvaller: u, factor });
      }
    } finally {
      await k.stop();
    }
  }
  process.stdout.write(`${tabel}\n`);
  const uit = schrijfResultaten('misbruik', {
    seconden,
    legitiemeSnelheid: getal('BENCH_LEGIT_RATE', 15),
    aanvalsverbindingen: verbindingen,
    uitkomsten,
  });
  process.stdout.write(`resultaten: ${uit}\n`);
  await db.opruimen();
}

if (process.argv[2] === '--aanval') {
  aanvaller(JSON.parse(process.argv[3]) as AanvalOpdracht).then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
      process.exit(1);
    },
  );
} else if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
    process.exit(1);
  });
}
