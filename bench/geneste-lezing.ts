/**
 * Benchmark: a nested read as a VT medewerker (20 meldingen × 3 betrokkenen with persons and addresses,
 * ~400 fields), with and without the authorization and audit layers, in one run.
 *
 *   npm run bench                      (BENCH_CONNECTIONS=10 BENCH_SECONDS=10 BENCH_ROUNDS=3 BENCH_WARMUP=3)
 *   BENCH_PROFIEL=/tmp/prof npm run bench   also writes a V8 CPU profile per server variant
 *
 * The servers run in child processes (bench/server-kind.ts, production configuration), the load generator
 * (autocannon) in this process, alternating the variants A, B, A, B so drift on a noisy machine hits both. SQL statements per
 * request are counted in each server by wrapping pg's Client.prototype.query.
 */
import 'reflect-metadata';

import { migrations } from '../migrations';
import { AuditRegistratie } from '../src/audit/audit-registratie';
import type { Actor } from '../src/auth/actor';
import { systemClock } from '../src/lib/clock';
import { loadConfig } from '../src/lib/config';
import type { RequestContext } from '../src/lib/context';
import { initOrm, ormOptions } from '../src/lib/database';
import { createLogger } from '../src/lib/logger';
import {
  AardGeweld,
  Anonimiteit,
  BetrokkeneRol,
  DuurGeweld,
  HoedanigheidMelder,
  Kanaal,
  OrganisatieMelder,
} from '../src/meldingen/cbs-categorieen';
import type { MeldingInvoer } from '../src/meldingen/melding.inputs';
import { entities } from '../src/modules';
import { belast, benchDatabase, benchToken, getal, mediaan, schrijfResultaten } from './gedeeld';
import { type ServerKind, startServerKind } from './server-kind';
import { termijnRegels } from '../src/termijnen/termijn-regels';
import { synchroniseerVtRegios } from '../src/organisaties/vt-regios';
import { casusIntakeService } from '../src/casussen/casus.intake';

export const QUERY = `{ meldingen(eerste: 20) { edges { cursor node { id ontvangenOp kanaal aardGeweld duurGeweld omschrijving hoedanigheidMelder organisatieMelder
  melder { anonimiteit naam telefoon functie werkgever }
  betrokkenen { id rollen persoon { id bsn voornamen achternaam geboortedatum adres { straat huisnummer postcode woonplaats } } } } }
  pageInfo { hasNextPage endCursor } } }`;

const VARIANTEN = { met: { autorisatie: true, audit: true }, zonder: { autorisatie: false, audit: false } } as const;
type Variant = keyof typeof VARIANTEN;

// ---------------------------------------------------------------- parent

/** Registers `aantal` meldingen of 3 betrokkenen each in VT14, by the actor `bench-zaaier` (their behandelaar). */
export async function zaaiMeldingen(dbUrl: string, aantal: number): Promise<void> {
  const orm = await initOrm(ormOptions(dbUrl, entities as never, migrations));
  await orm.getMigrator().up();
  await synchroniseerVtRegios(orm.em.fork());
  const log = createLogger('silent', 'bench');
  const config = loadConfig({});
  const actor: Actor = {
    sub: 'bench-zaaier',
    soort: 'SYSTEEM',
    rol: 'VT_MEDEWERKER',
    organisatie: { code: 'VT14', naam: 'VT14', soort: 'VEILIG_THUIS', regioCodes: ['VT14'] },
    issuer: 'bench',
  };
  for (let i = 0; i < aantal; i++) {
    const em = orm.em.fork();
    const ctx: RequestContext = {
      em,
      actor,
      clock: systemClock,
      verzoekId: `zaai-${i}`,
      log,
      termijnRegels: termijnRegels(config),
      config,
      audit: new AuditRegistratie(
        { actor, toegangspunt: 'bench', verzoekId: `zaai-${i}`, grondslag: 'benchmark', noodprocedure: false },
        systemClock,
        em,
      ),
    };
    const adres = { straat: 'Kerkstraat', huisnummer: String(i + 1), postcode: '1211 AB', woonplaats: 'Hilversum' };
    const invoer = {
      ontvangenOp: new Date(Date.now() - (i + 1) * 3600_000),
      kanaal: Kanaal.POLITIEKOPPELING,
      aardGeweld: [AardGeweld.KINDERMISHANDELING, AardGeweld.EX_PARTNERGEWELD],
      duurGeweld: DuurGeweld.EEN_TOT_ZES_MAANDEN,
      omschrijving: `Benchmarkmelding ${i}: ${'fictieve situatie. '.repeat(20)}`,
      hoedanigheidMelder: HoedanigheidMelder.BEROEPSMATIG,
      organisatieMelder: OrganisatieMelder.POLITIE,
      melder: {
        anonimiteit: Anonimiteit.OPEN,
        toestemmingBekendmaking: true,
        naam: 'Wijkagent',
        telefoon: '+31 35 000 0000',
        functie: 'wijkagent',
        werkgever: 'Politie',
      },
      betrokkenen: [
        {
          rollen: [BetrokkeneRol.SLACHTOFFER],
          persoon: { voornamen: 'Anna', achternaam: `Bench-${i}`, geboortedatum: '1988-04-12', adres },
        },
        {
          rollen: [BetrokkeneRol.PLEGER],
          persoon: { voornamen: 'Bram', achternaam: `Bench-${i}`, geboortedatum: '1985-09-30', adres },
        },
        {
          rollen: [BetrokkeneRol.KIND],
          persoon: { voornamen: 'Cas', achternaam: `Bench-${i}`, geboortedatum: '2016-01-20', adres },
        },
      ],
    } as unknown as MeldingInvoer;
    await casusIntakeService.registreer(ctx, invoer, ['id']);
  }
  await orm.close();
}

async function main(): Promise<void> {
  const db = await benchDatabase('lezing');
  const { dbUrl, dataDir } = db;
  process.stdout.write(`PostgreSQL: ${db.herkomst}\nzaaien: 200 meldingen × 3 betrokkenen in VT14 ...\n`);
  await zaaiMeldingen(dbUrl, 200);

  // The seeding actor is the behandelaar of every casus it registered: need-to-know lets it read them all.
  const token = await benchToken(
    { dbUrl, dataDir },
    {
      rol: 'VT_MEDEWERKER',
      organisatie: 'VT14',
      sub: 'bench-zaaier',
      audience: 'ketenpoort',
      geldigheidSeconden: 3600,
    },
  );
  const kinderen: Record<Variant, ServerKind> = {
    met: await startServerKind(VARIANTEN.met, db, 'met'),
    zonder: await startServerKind(VARIANTEN.zonder, db, 'zonder'),
  };

  // Sanity: both variants answer the query fully and without errors.
  for (const v of ['met', 'zonder'] as Variant[]) {
    const r = await fetch(`http://127.0.0.1:${kinderen[v].poort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY }),
    });
    const body = (await r.json()) as {
      data?: { meldingen: { edges: { node: { betrokkenen: unknown[] } }[] } };
      errors?: unknown;
    };
    if (r.status !== 200 || body.errors || body.data?.meldingen.edges.length !== 20) {
      throw new Error(`variant ${v} antwoordt niet goed: ${JSON.stringify(body).slice(0, 300)}`);
    }
  }

  const rondes = getal('BENCH_ROUNDS', 3);
  const seconden = getal('BENCH_SECONDS', 10);
  type Rij = {
    rps: number;
    p50: number;
    p99: number;
    statementsPerVerzoek: number;
    serverCpuMsPerVerzoek: number;
    machineCpuMsPerVerzoek: number | null;
  };
  const resultaten: Record<Variant, Rij[]> = { met: [], zonder: [] };
  for (let ronde = 0; ronde < rondes; ronde++) {
    for (const v of ['met', 'zonder'] as Variant[]) {
      await belast(kinderen[v].poort, token, QUERY, getal('BENCH_WARMUP', 3));
      const voor = await kinderen[v].tellers();
      const r = await belast(kinderen[v].poort, token, QUERY, seconden);
      const na = await kinderen[v].tellers();
      if (r.non2xx || r.errors || r.timeouts) {
        throw new Error(`variant ${v}: ${r.non2xx} non-2xx, ${r.errors} fouten, ${r.timeouts} timeouts`);
      }
      const n = r.requests.total;
      const rij: Rij = {
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        statementsPerVerzoek: (na.statements - voor.statements) / n,
        serverCpuMsPerVerzoek: (na.cpuMs - voor.cpuMs) / n,
        machineCpuMsPerVerzoek:
          na.machineMs !== null && voor.machineMs !== null ? (na.machineMs - voor.machineMs) / n : null,
      };
      resultaten[v].push(rij);
      process.stdout.write(
        `ronde ${ronde + 1} ${v.padEnd(6)} ${rij.rps.toFixed(0).padStart(6)} req/s  p50 ${rij.p50} ms  p99 ${rij.p99} ms  ${rij.statementsPerVerzoek.toFixed(2)} SQL/verzoek  ` +
          `server ${rij.serverCpuMsPerVerzoek.toFixed(1)} ms CPU/verzoek  machine ${rij.machineCpuMsPerVerzoek?.toFixed(1) ?? '–'} ms CPU/verzoek\n`,
      );
    }
  }
  // Per round, the pair measured back to back: the ratio of each pair, then the median over the rounds.
  const perRonde = resultaten.met.map((m, i) => ({
    doorvoer: 1 - m.rps / resultaten.zonder[i].rps,
    serverCpu: m.serverCpuMsPerVerzoek / resultaten.zonder[i].serverCpuMsPerVerzoek - 1,
    machineCpu:
      m.machineCpuMsPerVerzoek !== null && resultaten.zonder[i].machineCpuMsPerVerzoek !== null
        ? m.machineCpuMsPerVerzoek / resultaten.zonder[i].machineCpuMsPerVerzoek - 1
        : null,
  }));
  const kostenPerRonde = {
    doorvoer: mediaan(perRonde.map((x) => x.doorvoer)),
    serverCpu: mediaan(perRonde.map((x) => x.serverCpu)),
    machineCpu: perRonde.every((x) => x.machineCpu !== null)
      ? mediaan(perRonde.map((x) => x.machineCpu as number))
      : null,
  };
  const samenvatting = Object.fromEntries(
    (['met', 'zonder'] as Variant[]).map((v) => [
      v,
      {
        rps: mediaan(resultaten[v].map((x) => x.rps)),
        p50: mediaan(resultaten[v].map((x) => x.p50)),
        p99: mediaan(resultaten[v].map((x) => x.p99)),
        statementsPerVerzoek: mediaan(resultaten[v].map((x) => x.statementsPerVerzoek)),
        serverCpuMsPerVerzoek: mediaan(resultaten[v].map((x) => x.serverCpuMsPerVerzoek)),
        machineCpuMsPerVerzoek: resultaten[v].every((x) => x.machineCpuMsPerVerzoek !== null)
          ? mediaan(resultaten[v].map((x) => x.machineCpuMsPerVerzoek as number))
          : null,
      },
    ]),
  ) as Record<Variant, Rij>;
  const rij = (naam: string, x: Rij): string =>
    `| ${naam} | ${x.rps.toFixed(0)} | ${x.p50} | ${x.p99} | ${x.statementsPerVerzoek.toFixed(2)} | ${x.serverCpuMsPerVerzoek.toFixed(1)} | ${x.machineCpuMsPerVerzoek?.toFixed(1) ?? '–'} |\n`;
  const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
  process.stdout.write(
    `\n| variant | req/s (mediaan) | p50 ms | p99 ms | SQL-statements/verzoek | server-CPU ms/verzoek | machine-CPU ms/verzoek |\n|---|---|---|---|---|---|---|\n` +
      rij('met autorisatie + audit', samenvatting.met) +
      rij('zonder', samenvatting.zonder) +
      `\nkosten van de lagen (mediaan over de rondes van het paar per ronde): doorvoer ${pct(kostenPerRonde.doorvoer)}, ` +
      `server-CPU per verzoek +${pct(kostenPerRonde.serverCpu)}, machine-CPU per verzoek +${pct(kostenPerRonde.machineCpu)} (doel: ≤ 15% doorvoer)\n` +
      `per ronde: ${perRonde.map((x) => `doorvoer ${pct(x.doorvoer)} / server-CPU +${pct(x.serverCpu)} / machine-CPU +${pct(x.machineCpu)}`).join('; ')}\n`,
  );
  const uit = schrijfResultaten('geneste-lezing', {
    verbindingen: getal('BENCH_CONNECTIONS', 10),
    seconden,
    rondes,
    resultaten,
    samenvatting,
    perRonde,
    kostenLagen: kostenPerRonde,
  });
  process.stdout.write(`resultaten: ${uit}\n`);

  for (const k of Object.values(kinderen)) await k.stop();
  await db.opruimen();
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
    process.exit(1);
  });
}
