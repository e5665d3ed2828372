/**
 * Benchmark: police meldingen intake in batches of 100 (politieMeldingenAanleveren), through HTTP and GraphQL
 * with the full stack (production configuration, authorization, audit, casus classification, termijnen).
 *
 *   npm run bench:politie        (BENCH_BATCHES=40 BENCH_PARALLEL=1,2,4 BENCH_BATCHGROOTTE=100)
 *
 * For each level of parallelism: fresh batches (every melding NIEUW) and then the same batches again
 * (every melding BESTAAND: the idempotent resubmission). Reports meldingen per second and batch latency.
 * The API runs in this process; the load generator only builds JSON and waits, so the server has the cores.
 */
import 'reflect-metadata';

import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';

import { migrations } from '../migrations';
import { createApi } from '../src/app';
import { systemClock } from '../src/lib/clock';
import { initOrm, ormOptions } from '../src/lib/database';
import { createLogger } from '../src/lib/logger';
import { verbindWachtrij } from '../src/lib/queue';
import { entities } from '../src/modules';
import { synchroniseerVtRegios } from '../src/organisaties/vt-regios';
import { benchDatabase, benchToken, getal, productieConfig, schrijfResultaten } from './gedeeld';

const AANLEVEREN = `mutation P($invoer: PolitieBatchInvoer!) { politieMeldingenAanleveren(invoer: $invoer) { status } }`;

/** Deterministic valid BSNs (11-proef) from a counter. */
function bsn(n: number): string {
  for (let i = n; ; i += 1_000_003) {
    const basis = String(100_000_000 + ((i * 7919) % 800_000_000)).slice(0, 8);
    let som = 0;
    for (let j = 0; j < 8; j++) som += (9 - j) * Number(basis[j]);
    if (som % 11 <= 9) return `${basis}${som % 11}`;
  }
}

function batch(nummer: number, grootte: number): unknown[] {
  return Array.from({ length: grootte }, (_, i) => {
    const n = nummer * grootte + i;
    return {
      politieReferentie: `BENCH-${nummer}-${i}`,
      vtRegio: 'VT14',
      ontvangenOp: new Date(Date.now() - 3600_000).toISOString(),
      aardGeweld: n % 3 === 0 ? ['KINDERMISHANDELING', 'EX_PARTNERGEWELD'] : ['EX_PARTNERGEWELD'],
      duurGeweld: 'ONBEKEND',
      omschrijving: `Zorgmelding ${n}: ${'incident in de woning, kinderen aanwezig. '.repeat(6)}`,
      melder: {
        anonimiteit: 'OPEN',
        naam: 'Agent Bench',
        telefoon: '0900-8844',
        functie: 'wijkagent',
        werkgever: 'Politie',
      },
      betrokkenen: [
        { rollen: ['SLACHTOFFER'], persoon: { bsn: bsn(2 * n + 1), voornamen: 'Eva', achternaam: `Bench-${n}` } },
        // Every tenth melding concerns a household met before: a vervolgmelding.
        {
          rollen: ['PLEGER'],
          persoon: {
            bsn: bsn(n % 10 === 9 ? 2 * (n - 9) + 2 : 2 * n + 2),
            voornamen: 'Bram',
            achternaam: `Bench-${n}`,
          },
        },
      ],
    };
  });
}

interface Meting {
  parallel: number;
  soort: 'nieuw' | 'opnieuw';
  meldingen: number;
  seconden: number;
  meldingenPerSeconde: number;
  batchP50Ms: number;
  batchP99Ms: number;
}

const percentiel = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function main(): Promise<void> {
  const db = await benchDatabase('politie');
  const config = await productieConfig(db.dbUrl, db.dataDir);
  const orm = await initOrm(ormOptions(db.dbUrl, entities as never, migrations));
  await orm.getMigrator().up();
  await synchroniseerVtRegios(orm.em.fork());
  await orm.em
    .getConnection()
    .execute(
      `insert into organisatie (code, naam, soort, regio_codes) values ('POLITIE-BENCH', 'Politie (bench)', 'POLITIE', '{VT14}')`,
    );
  const wachtrij = verbindWachtrij({ queueDatabaseUrl: db.queueUrl, prefix: 'bench-politie' });
  const api = await createApi({
    config,
    orm,
    log: createLogger('silent', 'bench'),
    clock: systemClock,
    wachtrij: wachtrij.maakQueue('audit'),
  });
  const server: Server = await new Promise((r) => {
    const s = api.app.listen(0, '127.0.0.1', () => r(s));
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
  const token = await benchToken(db, {
    rol: 'POLITIE_MEDEWERKER',
    organisatie: 'POLITIE-BENCH',
    audience: 'ketenpoort',
    geldigheidSeconden: 7200,
    soort: 'SYSTEEM',
  } as never);
  const grootte = getal('BENCH_BATCHGROOTTE', 100);
  const aantal = getal('BENCH_BATCHES', 40);
  const niveaus = (process.env.BENCH_PARALLEL ?? '1,2,4').split(',').map(Number);
  process.stdout.write(`PostgreSQL: ${db.herkomst}; ${aantal} batches van ${grootte} per niveau\n`);

  const stuur = async (b: unknown[], verwacht: string): Promise<number> => {
    const t0 = performance.now();
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: AANLEVEREN, variables: { invoer: { meldingen: b } } }),
    });
    const body = (await r.json()) as { data?: { politieMeldingenAanleveren: { status: string }[] }; errors?: unknown };
    if (body.errors || !body.data || body.data.politieMeldingenAanleveren.some((x) => x.status !== verwacht)) {
      throw new Error(`batch mislukt: ${JSON.stringify(body).slice(0, 300)}`);
    }
    return performance.now() - t0;
  };

  // Warm-up: one batch, not counted.
  await stuur(batch(999_999, grootte), 'NIEUW');
  const metingen: Meting[] = [];
  let volgnummer = 0;
  for (const parallel of niveaus) {
    const batches = Array.from({ length: aantal }, () => batch(volgnummer++, grootte));
    for (const soort of ['nieuw', 'opnieuw'] as const) {
      const duur: number[] = [];
      let volgende = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          while (volgende < batches.length) {
            const b = batches[volgende++];
            duur.push(await stuur(b, soort === 'nieuw' ? 'NIEUW' : 'BESTAAND'));
          }
        }),
      );
      const seconden = (performance.now() - t0) / 1000;
      const m: Meting = {
        parallel,
        soort,
        meldingen: aantal * grootte,
        seconden,
        meldingenPerSeconde: (aantal * grootte) / seconden,
        batchP50Ms: percentiel(duur, 50),
        batchP99Ms: percentiel(duur, 99),
      };
      metingen.push(m);
      process.stdout.write(
        `parallel ${parallel} ${soort.padEnd(7)} ${m.meldingenPerSeconde.toFixed(0).padStart(5)} meldingen/s  batch p50 ${m.batchP50Ms.toFixed(0)} ms  p99 ${m.batchP99Ms.toFixed(0)} ms\n`,
      );
    }
  }
  const [telling] = await orm.em
    .getConnection()
    .execute<{ meldingen: string; casussen: string; termijnen: string; vervolg: string }[]>(
      `select (select count(*) from melding)::text as meldingen, (select count(*) from casus)::text as casussen,
            (select count(*) from termijn)::text as termijnen, (select count(*) from melding where eerdere_betrokkenheid like 'VERVOLG%')::text as vervolg`,
    );
  process.stdout.write(
    `\n| parallel | soort | meldingen/s | batch p50 ms | batch p99 ms |\n|---|---|---|---|---|\n` +
      metingen
        .map(
          (m) =>
            `| ${m.parallel} | ${m.soort} | ${m.meldingenPerSeconde.toFixed(0)} | ${m.batchP50Ms.toFixed(0)} | ${m.batchP99Ms.toFixed(0)} |`,
        )
        .join('\n') +
      `\n\nin de database: ${telling.meldingen} meldingen, ${telling.casussen} casussen, ${telling.termijnen} termijnen, ${telling.vervolg} vervolgmeldingen\n`,
  );
  const uit = schrijfResultaten('politie-batch', { batchgrootte: grootte, batches: aantal, metingen, telling });
  process.stdout.write(`resultaten: ${uit}\n`);
  server.closeAllConnections();
  server.close();
  await api.stop();
  await wachtrij.sluit();
  await orm.close();
  await db.opruimen();
}

main().catch((e: unknown) => {
  process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
  process.exit(1);
});
