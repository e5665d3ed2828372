/**
 * Benchmark: the partner inbox of a wijkteam (issue 4): throughput and p50/p99 at fixed concurrency of
 *   - OPEN: the open offers, 20 per page, minimal offer only (no personal data);
 *   - LOPEND: the running handovers, 20 per page, each with its content (persons with contact data, agreements),
 *     every one audited with the persons shown.
 *
 *   npm run bench:inbox            (BENCH_CONNECTIONS=10 BENCH_SECONDS=10 BENCH_ROUNDS=3 BENCH_WARMUP=3 BENCH_OVERDRACHTEN=200)
 *   BENCH_VARIANTEN=ketenpoort npm run bench:inbox     (without PostGraphile beside it)
 *   BENCH_POSTVAKKEN=LOPEND npm run bench:inbox       (one page only)
 *
 * Side by side with PostGraphile 4 on the same database (QUERIES_POSTGRAPHILE below), alternated within each round.
 *
 * The server runs in a child process in the production configuration with every layer on (bench/server-kind.ts);
 * the data are made through the services: meldingen, assessments, offers and acceptances.
 */
import 'reflect-metadata';

import { migrations } from '../migrations';
import { AuditRegistratie } from '../src/audit/audit-registratie';
import type { Actor } from '../src/auth/actor';
import { casusBeoordelingService } from '../src/casussen/casus.beoordeling';
import { casusIntakeService } from '../src/casussen/casus.intake';
import { Taxatie, VeiligheidsbeoordelingUitkomst } from '../src/casussen/proces';
import { FixedClock } from '../src/lib/clock';
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
import { synchroniseerVtRegios } from '../src/organisaties/vt-regios';
import { OverdrachtGrondslag, OverdrachtSoort } from '../src/overdrachten/overdracht.model';
import { overdrachtService } from '../src/overdrachten/overdracht.service';
import { termijnRegels } from '../src/termijnen/termijn-regels';
import { achtergrondRegios, belast, benchDatabase, benchToken, getal, mediaan, schrijfResultaten } from './gedeeld';
import { startPostgraphileKind } from './postgraphile-kind';
import { startServerKind, type ServerKind } from './server-kind';

const QUERIES = {
  OPEN: `{ overdrachtInbox(filter: OPEN, eerste: 20) { edges { cursor node { id soort status reagerenVoor aantalPersonen woonplaatsen } } pageInfo { hasNextPage endCursor } } }`,
  LOPEND: `{ overdrachtInbox(filter: LOPEND, eerste: 20) { edges { cursor node { id soort status besluitOp contactOp
    inhoud { toelichting vtContactpersoon personen { id rollen voornamen achternaam geboortedatum straat huisnummer postcode woonplaats telefoon email }
      veiligheidsafspraken { omschrijving partijen overeengekomenOp } } } } pageInfo { hasNextPage endCursor } } }`,
} as const;
type Soort = keyof typeof QUERIES;

/**
 * The same pages in PostGraphile 4 on the same database (bench/postgraphile-kind.ts), with RLS through the partner's
 * and the VT region's settings. What Ketenpoort's inbox computes (the inbox filter, the number of persons and their
 * towns, the handed-over persons and agreements) PostGraphile gets from SQL functions made for this bench: a root
 * field `inboxOverdrachten(filter)` and computed columns, the way PostGraphile is extended. Its answer lacks the persons'
 * roles, the mark that an offer was seen and the audit of each read.
 */
const QUERIES_POSTGRAPHILE: Record<Soort, string> = {
  OPEN: `{ inboxOverdrachten(filter: "OPEN", first: 20) { edges { cursor node { id soort status reagerenVoor aantalPersonen woonplaatsen } } pageInfo { hasNextPage endCursor } } }`,
  LOPEND: `{ inboxOverdrachten(filter: "LOPEND", first: 20) { edges { cursor node { id soort status besluitOp contactOp toelichting
    personen { nodes { id voornamen achternaam geboortedatum straat huisnummer postcode woonplaats telefoon email } }
    afspraken { nodes { omschrijving partijen overeengekomenOp } } } } pageInfo { hasNextPage endCursor } } }`,
};

/** The SQL functions PostGraphile's variant reads through (only in the bench's database). */
const POSTGRAPHILE_FUNCTIES = `
  create function inbox_overdrachten(filter text) returns setof overdracht language sql stable as $$
    select * from overdracht
     where ontvanger = current_setting('ketenpoort.partner_organisatie', true)
       and status = any(case filter when 'OPEN' then array['AANGEBODEN', 'ONTVANGEN']
                                    else array['GEACCEPTEERD', 'CONTACT_BEVESTIGD'] end)
     order by aangeboden_op desc, id desc $$;
  create function overdracht_aantal_personen(o overdracht) returns int language sql stable as $$
    select cardinality(o.persoon_ids) $$;
  create function overdracht_woonplaatsen(o overdracht) returns text[] language sql stable as $$
    select array(select distinct p.woonplaats from persoon p where p.id = any(o.persoon_ids) and p.woonplaats is not null) $$;
  create function overdracht_personen(o overdracht) returns setof persoon language sql stable as $$
    select p.* from persoon p
     where p.id = any(o.persoon_ids) and o.status in ('GEACCEPTEERD', 'CONTACT_BEVESTIGD') $$;
  create function overdracht_afspraken(o overdracht) returns setof veiligheidsafspraak language sql stable as $$
    select a.* from veiligheidsafspraak a
     where a.casus_id = o.casus_id and o.met_veiligheidsafspraken and o.status in ('GEACCEPTEERD', 'CONTACT_BEVESTIGD') $$;
  grant execute on function inbox_overdrachten(text), overdracht_aantal_personen(overdracht), overdracht_woonplaatsen(overdracht),
    overdracht_personen(overdracht), overdracht_afspraken(overdracht) to ketenpoort_app;`;

type Variant = 'ketenpoort' | 'postgraphile';

const VT: Actor = {
  sub: 'bench-vt',
  soort: 'PERSOON',
  rol: 'VT_MEDEWERKER',
  organisatie: { code: 'VT14', naam: 'VT14', soort: 'VEILIG_THUIS', regioCodes: ['VT14'] },
  issuer: 'bench',
};
const WT: Actor = {
  sub: 'bench-wt',
  soort: 'PERSOON',
  rol: 'WIJKTEAM_MEDEWERKER',
  organisatie: { code: 'WT-BENCH', naam: 'Wijkteam', soort: 'WIJKTEAM', regioCodes: ['VT14'] },
  issuer: 'bench',
};

/** Makes `aantal` handovers to WT-BENCH through the services: half accepted (LOPEND), half still open (OPEN). */
async function zaai(dbUrl: string, aantal: number): Promise<void> {
  const orm = await initOrm(ormOptions(dbUrl, entities as never, migrations));
  await orm.getMigrator().up();
  await synchroniseerVtRegios(orm.em.fork());
  await orm.em
    .getConnection()
    .execute(
      `insert into organisatie (code, naam, soort, regio_codes, actief) values ('WT-BENCH', 'Wijkteam (bench)', 'WIJKTEAM', '{VT14}', true)`,
    );
  const log = createLogger('silent', 'bench');
  const config = loadConfig({});
  const regels = termijnRegels(config);
  const clock = new FixedClock(new Date());
  const ctx = (actor: Actor, i: number): RequestContext => {
    const em = orm.em.fork();
    return {
      em,
      actor,
      clock,
      verzoekId: `zaai-${i}`,
      log,
      termijnRegels: regels,
      config,
      audit: new AuditRegistratie(
        { actor, toegangspunt: 'bench', verzoekId: `zaai-${i}`, grondslag: 'benchmark', noodprocedure: false },
        clock,
        em,
      ),
    };
  };
  for (let i = 0; i < aantal; i++) {
    const adres = { straat: 'Kerkstraat', huisnummer: String(i + 1), postcode: '1211 AB', woonplaats: 'Hilversum' };
    const invoer = {
      ontvangenOp: new Date(Date.now() - 3600_000),
      kanaal: Kanaal.TELEFOON,
      aardGeweld: [AardGeweld.KINDERMISHANDELING],
      duurGeweld: DuurGeweld.EEN_TOT_ZES_MAANDEN,
      omschrijving: `Benchmarkmelding ${i}.`,
      hoedanigheidMelder: HoedanigheidMelder.BEROEPSMATIG,
      organisatieMelder: OrganisatieMelder.ONDERWIJS,
      melder: {
        anonimiteit: Anonimiteit.OPEN,
        toestemmingBekendmaking: true,
        naam: 'Leerkracht',
        telefoon: '+31 35 000 0000',
      },
      betrokkenen: [
        {
          rollen: [BetrokkeneRol.SLACHTOFFER, BetrokkeneRol.KIND],
          persoon: { voornamen: 'Cas', achternaam: `Bench-${i}`, geboortedatum: '2016-01-20', adres },
        },
        {
          rollen: [BetrokkeneRol.PLEGER],
          persoon: {
            voornamen: 'Bram',
            achternaam: `Bench-${i}`,
            geboortedatum: '1985-09-30',
            adres,
            telefoon: '+31 6 12345678',
          },
        },
        {
          rollen: [BetrokkeneRol.HUISGENOOT],
          persoon: { voornamen: 'Anna', achternaam: `Bench-${i}`, geboortedatum: '1988-04-12', adres },
        },
      ],
    } as unknown as MeldingInvoer;
    const m = await casusIntakeService.registreer(ctx(VT, i), invoer, ['id']);
    const b = await casusBeoordelingService.veiligheidsbeoordelingVastleggen(
      ctx(VT, i),
      {
        meldingId: m.id,
        taxatie: Taxatie.STRUCTURELE_ONVEILIGHEID,
        uitkomst: VeiligheidsbeoordelingUitkomst.OVERDRACHT,
        toelichting: 'Overdracht aan het wijkteam.',
      },
      ['id'],
    );
    const o = await overdrachtService.aanbieden(
      ctx(VT, i),
      {
        casusId: b.casus.id,
        soort: OverdrachtSoort.WARME_OVERDRACHT,
        ontvanger: 'WT-BENCH',
        persoonIds: b.casus.persoonIds,
        metVeiligheidsafspraken: true,
        toelichting: 'Context en afspraken over het veiligheids- en herstelplan. '.repeat(5),
        grondslag: OverdrachtGrondslag.WMO_OVERDRACHT,
      },
      ['id'],
    );
    if (i % 2 === 0) await overdrachtService.accepteren(ctx(WT, i), o.id, ['id']);
  }
  await orm.close();
}

async function main(): Promise<void> {
  const db = await benchDatabase('inbox');
  const aantal = getal('BENCH_OVERDRACHTEN', 200);
  process.stdout.write(
    `PostgreSQL: ${db.herkomst}\nzaaien: ${aantal} overdrachten aan één wijkteam (de helft geaccepteerd) ...\n`,
  );
  const t0 = Date.now();
  await zaai(db.dbUrl, aantal);
  // The rest of the country beside VT14, then ANALYZE, as for the page of meldingen (gedeeld.ts).
  await achtergrondRegios(db.dbUrl, 'VT14', getal('BENCH_ACHTERGROND', 2));
  process.stdout.write(`gezaaid in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  const token = await benchToken(db, {
    rol: 'WIJKTEAM_MEDEWERKER',
    organisatie: 'WT-BENCH',
    audience: 'ketenpoort',
    geldigheidSeconden: 3600,
  });
  const { Client } = await import('pg');
  const c = new Client({ connectionString: db.dbUrl });
  await c.connect();
  await c.query(POSTGRAPHILE_FUNCTIES);
  await c.end();
  const gekozen = (process.env.BENCH_VARIANTEN?.split(',') ?? ['ketenpoort', 'postgraphile']) as Variant[];
  // BENCH_POSTVAKKEN=LOPEND: one page only (a profile of it, say).
  const postvakken = (process.env.BENCH_POSTVAKKEN?.split(',') ?? Object.keys(QUERIES)) as Soort[];
  const kinderen = {} as Record<Variant, ServerKind>;
  for (const v of gekozen) {
    kinderen[v] =
      v === 'postgraphile'
        ? await startPostgraphileKind(db.dbUrl, {
            role: 'ketenpoort_app',
            'ketenpoort.vt_organisatie': 'VT14',
            'ketenpoort.partner_organisatie': 'WT-BENCH',
          })
        : await startServerKind({ autorisatie: true, audit: true }, db, 'inbox');
  }
  const query = (v: Variant, soort: Soort): string => (v === 'postgraphile' ? QUERIES_POSTGRAPHILE : QUERIES)[soort];

  // Sanity: every variant answers each page with 20 handovers (LOPEND: with their 3 persons), without errors.
  for (const v of gekozen) {
    for (const soort of postvakken) {
      const r = await fetch(`http://127.0.0.1:${kinderen[v].poort}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: query(v, soort) }),
      });
      const body = (await r.json()) as {
        data?: Record<
          string,
          { edges: { node: { inhoud?: { personen: unknown[] }; personen?: { nodes: unknown[] } } }[] }
        >;
        errors?: unknown;
      };
      const edges = body.data ? Object.values(body.data)[0].edges : [];
      const personen = (n: (typeof edges)[number]['node']): number =>
        (n.inhoud?.personen ?? n.personen?.nodes ?? []).length;
      if (body.errors || edges.length !== 20 || (soort === 'LOPEND' && edges.some((e) => personen(e.node) !== 3))) {
        throw new Error(`${v} ${soort} antwoordt niet goed: ${JSON.stringify(body).slice(0, 300)}`);
      }
    }
  }

  const rondes = getal('BENCH_ROUNDS', 3);
  const seconden = getal('BENCH_SECONDS', 10);
  type Rij = { rps: number; p50: number; p99: number; statementsPerVerzoek: number; serverCpuMsPerVerzoek: number };
  const paren = gekozen.flatMap((v) => postvakken.map((s) => `${v} ${s}`));
  const resultaten = Object.fromEntries(paren.map((p) => [p, [] as Rij[]])) as Record<string, Rij[]>;
  for (let ronde = 0; ronde < rondes; ronde++) {
    // Alternated within each round: A OPEN, A LOPEND, B OPEN, B LOPEND, ...
    for (const paar of paren) {
      const [v, soort] = paar.split(' ') as [Variant, Soort];
      const k = kinderen[v];
      await belast(k.poort, token, query(v, soort), getal('BENCH_WARMUP', 3));
      const voor = await k.tellers();
      const r = await belast(k.poort, token, query(v, soort), seconden);
      const na = await k.tellers();
      if (r.non2xx || r.errors || r.timeouts) {
        throw new Error(`${paar}: ${r.non2xx} non-2xx, ${r.errors} fouten, ${r.timeouts} timeouts`);
      }
      const rij = {
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        statementsPerVerzoek: (na.statements - voor.statements) / r.requests.total,
        serverCpuMsPerVerzoek: (na.cpuMs - voor.cpuMs) / r.requests.total,
      };
      resultaten[paar].push(rij);
      process.stdout.write(
        `ronde ${ronde + 1} ${paar.padEnd(19)} ${rij.rps.toFixed(0).padStart(5)} req/s  p50 ${rij.p50} ms  p99 ${rij.p99} ms  ${rij.statementsPerVerzoek.toFixed(1)} SQL/verzoek  ${rij.serverCpuMsPerVerzoek.toFixed(1)} ms CPU/verzoek\n`,
      );
    }
  }
  const samenvatting = Object.fromEntries(
    paren.map((s) => [
      s,
      {
        rps: mediaan(resultaten[s].map((x) => x.rps)),
        p50: mediaan(resultaten[s].map((x) => x.p50)),
        p99: mediaan(resultaten[s].map((x) => x.p99)),
        statementsPerVerzoek: mediaan(resultaten[s].map((x) => x.statementsPerVerzoek)),
        serverCpuMsPerVerzoek: mediaan(resultaten[s].map((x) => x.serverCpuMsPerVerzoek)),
      },
    ]),
  ) as Record<string, Rij>;
  process.stdout.write(
    `\n| variant en postvak | req/s (mediaan) | p50 ms | p99 ms | SQL-statements/verzoek | server-CPU ms/verzoek |\n|---|---|---|---|---|---|\n` +
      paren
        .map(
          (s) =>
            `| ${s} | ${samenvatting[s].rps.toFixed(0)} | ${samenvatting[s].p50} | ${samenvatting[s].p99} | ${samenvatting[s].statementsPerVerzoek.toFixed(1)} | ${samenvatting[s].serverCpuMsPerVerzoek.toFixed(1)} |`,
        )
        .join('\n') +
      '\n',
  );
  const uit = schrijfResultaten('partner-inbox', {
    verbindingen: getal('BENCH_CONNECTIONS', 10),
    seconden,
    rondes,
    aantal,
    resultaten,
    samenvatting,
  });
  process.stdout.write(`resultaten: ${uit}\n`);
  for (const k of Object.values(kinderen)) await k.stop();
  await db.opruimen();
}

main().catch((e: unknown) => {
  process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
  process.exit(1);
});
