/**
 * Benchmark for issue 14, "the read path": the same page of 20 meldingen with melder, betrokkenen, persons and
 * addresses, on the same database with the same data, in one run with the rounds alternated, served by
 *   - ketenpoort:      Ketenpoort in production configuration, every guard on (token, shield, row rules, audit), one process;
 *   - ketenpoort-entiteiten: guards on, the reference read path with managed entities (LEESPAD=entiteiten);
 *   - ketenpoort-kaal: the same without authorization and audit (`lagen` off: token, per-role schema, region and RLS stay);
 *   - ketenpoort-graphqljs: guards on, executed by graphql-js's interpreter instead of graphql-jit (GRAPHQL_UITVOERING);
 *   - ketenpoort-bundel-2: guards on, two audit INSERTs in flight at a time (AUDIT_BUNDELS_IN_VLUCHT=2; the default is 1);
 *   - ketenpoort-semispace-64: guards on, Node's young generation at 64 MB a semi-space (Node 20's default is at most
 *     16): fewer scavenges for the garbage of a 37 KB answer;
 *   - ketenpoort-2:    guards on, two API processes (src/api-processen.ts, node:cluster), as API_PROCESSEN=2 runs it;
 *   - apollo:          a bare Apollo Server 5 on express with plain `pg` resolvers on the same tables (no token, no guards);
 *   - postgraphile:    PostGraphile 4 on the same database (RLS via pgSettings: role ketenpoort_app and the region);
 *   - sql:             one SQL statement building the response JSON in a plain http handler (no GraphQL).
 *
 *   npm run bench:leespad     (BENCH_CONNECTIONS=10 BENCH_SECONDS=8 BENCH_ROUNDS=3 BENCH_WARMUP=2 BENCH_VARIANTEN=a,b,...)
 *
 * The database: 200 meldingen in VT14 (the page's region), and `BENCH_ACHTERGROND` (2) copies of them in each of the other
 * 25 regions, then ANALYZE (gedeeld.ts, `achtergrondRegios`: a database of 200 meldingen is planned like no real one).
 *
 * Every server runs in a child process of this script (`--server <variant>`), so its CPU is its own: the bench reads
 * utime + stime of the child and its children (the cluster's API processes) from /proc around each measurement.
 * Statements per request: each server process wraps pg's Client.prototype.query (PostGraphile uses the same `pg`) and
 * writes its count to a file of its own every 100 ms; the bench sums them (pg_stat_statements is not loaded here).
 */
import 'reflect-metadata';

import cluster from 'node:cluster';
import { fork, execFileSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { migrations } from '../migrations';
import { AuditRegistratie } from '../src/audit/audit-registratie';
import type { Actor } from '../src/auth/actor';
import { casusIntakeService } from '../src/casussen/casus.intake';
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
import { synchroniseerVtRegios } from '../src/organisaties/vt-regios';
import { termijnRegels } from '../src/termijnen/termijn-regels';
import {
  achtergrondRegios,
  BENCH_ISSUER,
  belast,
  benchDatabase,
  benchToken,
  getal,
  mediaan,
  productieConfig,
  schrijfResultaten,
} from './gedeeld';
import { postgraphileServer } from './postgraphile-kind';

const VELDEN_MELDING = `id ontvangenOp kanaal aardGeweld duurGeweld omschrijving hoedanigheidMelder organisatieMelder`;
const VELDEN_PERSOON = `id bsn voornamen achternaam geboortedatum`;

/** The query of bench/geneste-lezing.ts, for Ketenpoort and the bare Apollo. */
const QUERY = `{ meldingen(eerste: 20) { edges { cursor node { ${VELDEN_MELDING}
  melder { anonimiteit naam telefoon functie werkgever }
  betrokkenen { id rollen persoon { ${VELDEN_PERSOON} adres { straat huisnummer postcode woonplaats } } } } }
  pageInfo { hasNextPage endCursor } } }`;

/** The same fields in PostGraphile's generated schema (address columns are flat on persoon there). */
const QUERY_POSTGRAPHILE = `{ allMeldings(first: 20, orderBy: [ONTVANGEN_OP_DESC, ID_DESC]) { edges { cursor node { ${VELDEN_MELDING}
  melderByMeldingId { anonimiteit naam telefoon functie werkgever }
  betrokkenesByMeldingId(orderBy: VOLGORDE_ASC) { nodes { id rollen persoonByPersoonId { ${VELDEN_PERSOON} straat huisnummer postcode woonplaats } } } } }
  pageInfo { hasNextPage endCursor } } }`;

const VARIANTEN = [
  'ketenpoort',
  'ketenpoort-entiteiten',
  'ketenpoort-kaal',
  'ketenpoort-graphqljs',
  'ketenpoort-bundel-2',
  'ketenpoort-semispace-64',
  'ketenpoort-zonder-audit',
  'ketenpoort-zonder-autorisatie',
  'ketenpoort-2',
  'apollo',
  'postgraphile',
  'sql',
] as const;
type Variant = (typeof VARIANTEN)[number];

interface KetenpoortVariant {
  lagen: { autorisatie: boolean; audit: boolean };
  processen?: number;
  leespad?: 'sql' | 'entiteiten';
  graphqlUitvoering?: 'jit' | 'graphql-js';
  auditBundelsInVlucht?: number;
  /** Node options of the server process (and of its cluster's API processes, which inherit them). */
  nodeOpties?: string[];
}

const ALLE_LAGEN = { autorisatie: true, audit: true };

/** How each Ketenpoort variant differs from the production configuration. */
const KETENPOORT_VARIANTEN: Partial<Record<Variant, KetenpoortVariant>> = {
  ketenpoort: { lagen: ALLE_LAGEN },
  'ketenpoort-entiteiten': { lagen: ALLE_LAGEN, leespad: 'entiteiten' },
  'ketenpoort-kaal': { lagen: { autorisatie: false, audit: false } },
  'ketenpoort-graphqljs': { lagen: ALLE_LAGEN, graphqlUitvoering: 'graphql-js' },
  'ketenpoort-bundel-2': { lagen: ALLE_LAGEN, auditBundelsInVlucht: 2 },
  'ketenpoort-semispace-64': { lagen: ALLE_LAGEN, nodeOpties: ['--max-semi-space-size=64'] },
  'ketenpoort-zonder-audit': { lagen: { autorisatie: true, audit: false } },
  'ketenpoort-zonder-autorisatie': { lagen: { autorisatie: false, audit: true } },
  'ketenpoort-2': { lagen: ALLE_LAGEN, processen: 2 },
};

// ---------------------------------------------------------------- servers (child processes)

/** Counts pg statements of this process into `<dir>/<pid>` (read by the bench between rounds). */
function telStatements(dir: string): void {
  let statements = 0;
  // Wall-clock time from sending each statement to its answer (the database's work plus the round trip and waiting).
  let databaseMs = 0;
  // With BENCH_SQL: the same time per kind of statement (its first 40 characters), written beside the file at exit.
  const perSoort = new Map<string, { n: number; ms: number }>();
  const klaar = (begin: bigint, soort?: string): void => {
    const ms = Number(process.hrtime.bigint() - begin) / 1e6;
    databaseMs += ms;
    if (soort !== undefined) {
      const t = perSoort.get(soort) ?? { n: 0, ms: 0 };
      t.n += 1;
      t.ms += ms;
      perSoort.set(soort, t);
    }
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as { Client: { prototype: { query: (...a: unknown[]) => unknown } } };
  const origineel = pg.Client.prototype.query;
  // BENCH_SQL=<file>: also write the text and parameters of the first 200 statements (to read what a request sends).
  const sqlBestand = process.env.BENCH_SQL;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    statements += 1;
    if (sqlBestand && statements <= 200) {
      const [q, p] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
      const tekst = typeof q === 'string' ? q : q?.text;
      appendFileSync(
        sqlBestand,
        `-- ${process.pid} #${statements}\n${tekst}\n-- ${JSON.stringify(p ?? (q as { values?: unknown[] })?.values ?? [])}\n`,
      );
    }
    const begin = process.hrtime.bigint();
    const q0 = args[0] as string | { text?: string } | undefined;
    const soort = sqlBestand
      ? (typeof q0 === 'string' ? q0 : (q0?.text ?? '')).replace(/\s+/g, ' ').slice(0, 40)
      : undefined;
    const terug = args.length - 1;
    if (typeof args[terug] === 'function') {
      const cb = args[terug] as (...a: unknown[]) => unknown;
      args[terug] = (...a: unknown[]) => {
        klaar(begin, soort);
        return cb(...a);
      };
      return origineel.apply(this, args);
    }
    const uit = origineel.apply(this, args);
    if (uit && typeof (uit as Promise<unknown>).then === 'function') {
      (uit as Promise<unknown>).then(
        () => klaar(begin, soort),
        () => klaar(begin, soort),
      );
    }
    return uit;
  };
  if (sqlBestand) {
    process.on('exit', () =>
      writeFileSync(
        `${sqlBestand}.${process.pid}.tijden`,
        [...perSoort]
          .sort((a, b) => b[1].ms - a[1].ms)
          .map(([k, t]) => `${t.n}\t${t.ms.toFixed(0)} ms\t${(t.ms / t.n).toFixed(2)} ms/st\t${k}`)
          .join('\n'),
      ),
    );
  }
  let geschreven = -1;
  setInterval(() => {
    if (statements !== geschreven) {
      geschreven = statements;
      writeFileSync(join(dir, String(process.pid)), `${statements} ${databaseMs}`);
    }
  }, 100).unref();
}

function luister(handler: Parameters<typeof createServer>[1] | Server): Promise<Server> {
  const server = handler instanceof Object && 'listen' in handler ? handler : createServer(handler);
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

const cursor = (id: string): string => Buffer.from(id).toString('base64');

/** Page of 20 meldingen as the bare Apollo and the SQL floor order them (newest first). */
const MELDINGEN_SQL = `select m.id, m.ontvangen_op, m.kanaal, m.aard_geweld, m.duur_geweld, m.omschrijving, m.hoedanigheid_melder, m.organisatie_melder,
    md.anonimiteit, md.naam, md.telefoon, md.functie, md.werkgever
  from melding m left join melder md on md.melding_id = m.id
  where m.vt_organisatie = $1 order by m.ontvangen_op desc, m.id desc limit 21`;

async function serverKetenpoort(
  dbUrl: string,
  queueUrl: string,
  dataDir: string,
  v: KetenpoortVariant,
): Promise<Server | null> {
  const processen = v.processen ?? 1;
  const lagen = v.lagen;
  if (processen > 1 && cluster.isPrimary) {
    // The primary only hands out connections, as in src/api-processen.ts.
    for (let i = 0; i < processen; i++) cluster.fork();
    return new Promise((r) =>
      cluster.once('listening', (_w, a) => r({ address: () => ({ port: a.port }) } as unknown as Server)),
    );
  }
  const { createApi } = await import('../src/app');
  const { verbindWachtrij } = await import('../src/lib/queue');
  const basis = await productieConfig(dbUrl, dataDir);
  const config = {
    ...basis,
    leespad: v.leespad ?? basis.leespad,
    graphqlUitvoering: v.graphqlUitvoering ?? basis.graphqlUitvoering,
    auditBundelsInVlucht: v.auditBundelsInVlucht ?? basis.auditBundelsInVlucht,
  };
  const orm = await initOrm(ormOptions(dbUrl, entities as never, migrations));
  const wachtrij = verbindWachtrij({ queueDatabaseUrl: queueUrl, prefix: `bench-leespad` });
  const api = await createApi({
    config,
    orm,
    log: createLogger('silent', 'bench'),
    clock: systemClock,
    wachtrij: wachtrij.maakQueue('audit'),
    lagen,
  });
  const server = await new Promise<Server>((r) => {
    const s = api.app.listen(0, '127.0.0.1', () => r(s));
  });
  return cluster.isWorker ? null : server;
}

async function serverApollo(dbUrl: string): Promise<Server> {
  const { ApolloServer } = await import('@apollo/server');
  const { expressMiddleware } = await import('@as-integrations/express5');
  const express = (await import('express')).default;
  const { Pool } = await import('pg');
  const pool = new Pool({ connectionString: dbUrl, max: 10 });
  type Rij = Record<string, unknown>;
  const typeDefs = `
    type Melder { anonimiteit: String naam: String telefoon: String functie: String werkgever: String }
    type Adres { straat: String huisnummer: String postcode: String woonplaats: String }
    type Persoon { id: ID! bsn: String voornamen: String achternaam: String geboortedatum: String adres: Adres }
    type Betrokkene { id: ID! rollen: [String!]! persoon: Persoon! }
    type Melding { id: ID! ontvangenOp: String! kanaal: String! aardGeweld: [String!]! duurGeweld: String omschrijving: String
      hoedanigheidMelder: String organisatieMelder: String melder: Melder betrokkenen: [Betrokkene!]! }
    type MeldingEdge { cursor: String! node: Melding! }
    type PageInfo { hasNextPage: Boolean! endCursor: String }
    type MeldingConnection { edges: [MeldingEdge!]! pageInfo: PageInfo! }
    type Query { meldingen(eerste: Int = 20): MeldingConnection! }`;
  const resolvers = {
    Query: {
      // Two statements: the page with its melder, then every betrokkene with its person for the page.
      meldingen: async (_: unknown, a: { eerste: number }) => {
        const { rows } = await pool.query<Rij>(MELDINGEN_SQL.replace('limit 21', `limit ${a.eerste + 1}`), ['VT14']);
        const pagina = rows.slice(0, a.eerste);
        const { rows: betrokkenen } = await pool.query<Rij>(
          `select b.id, b.melding_id, b.rollen, p.id as persoon_id, p.bsn, p.voornamen, p.achternaam, p.geboortedatum::text, p.straat, p.huisnummer, p.postcode, p.woonplaats
             from betrokkene b join persoon p on p.id = b.persoon_id where b.melding_id = any($1) order by b.volgorde`,
          [pagina.map((m) => m.id)],
        );
        const perMelding = new Map<unknown, Rij[]>();
        for (const b of betrokkenen) perMelding.set(b.melding_id, [...(perMelding.get(b.melding_id) ?? []), b]);
        return {
          edges: pagina.map((m) => ({
            cursor: cursor(m.id as string),
            node: {
              ...m,
              ontvangenOp: (m.ontvangen_op as Date).toISOString(),
              aardGeweld: m.aard_geweld,
              duurGeweld: m.duur_geweld,
              hoedanigheidMelder: m.hoedanigheid_melder,
              organisatieMelder: m.organisatie_melder,
              melder: {
                anonimiteit: m.anonimiteit,
                naam: m.naam,
                telefoon: m.telefoon,
                functie: m.functie,
                werkgever: m.werkgever,
              },
              betrokkenen: (perMelding.get(m.id) ?? []).map((b) => ({
                id: b.id,
                rollen: b.rollen,
                persoon: {
                  id: b.persoon_id,
                  bsn: b.bsn,
                  voornamen: b.voornamen,
                  achternaam: b.achternaam,
                  geboortedatum: b.geboortedatum,
                  adres: b,
                },
              })),
            },
          })),
          pageInfo: {
            hasNextPage: rows.length > a.eerste,
            endCursor: pagina.length ? cursor(pagina[pagina.length - 1].id as string) : null,
          },
        };
      },
    },
  };
  const apollo = new ApolloServer({ typeDefs, resolvers });
  await apollo.start();
  const app = express();
  app.use('/graphql', express.json(), expressMiddleware(apollo));
  return luister(createServer(app));
}

function serverPostgraphile(dbUrl: string): Promise<Server> {
  // As Ketenpoort's RLS scope: the app role and the VT region (per transaction, set by PostGraphile with set_config).
  return postgraphileServer(dbUrl, {
    role: 'ketenpoort_app',
    'ketenpoort.vt_organisatie': 'VT14',
    'ketenpoort.partner_organisatie': '',
  });
}

async function serverSql(dbUrl: string): Promise<Server> {
  const { Pool } = await import('pg');
  const pool = new Pool({ connectionString: dbUrl, max: 10 });
  // One statement: the whole response as JSON, built by PostgreSQL. No RLS (it would take a transaction and set_config):
  // the region is a plain where clause.
  const sql = `with pagina as (${MELDINGEN_SQL.replace('limit 21', 'limit 20')})
    select json_build_object('data', json_build_object('meldingen', json_build_object(
      'edges', coalesce((select json_agg(json_build_object('cursor', encode(convert_to(pg.id::text, 'utf8'), 'base64'), 'node', json_build_object(
          'id', pg.id, 'ontvangenOp', pg.ontvangen_op, 'kanaal', pg.kanaal, 'aardGeweld', pg.aard_geweld, 'duurGeweld', pg.duur_geweld,
          'omschrijving', pg.omschrijving, 'hoedanigheidMelder', pg.hoedanigheid_melder, 'organisatieMelder', pg.organisatie_melder,
          'melder', json_build_object('anonimiteit', pg.anonimiteit, 'naam', pg.naam, 'telefoon', pg.telefoon, 'functie', pg.functie, 'werkgever', pg.werkgever),
          'betrokkenen', coalesce((select json_agg(json_build_object('id', b.id, 'rollen', b.rollen, 'persoon', json_build_object(
              'id', p.id, 'bsn', p.bsn, 'voornamen', p.voornamen, 'achternaam', p.achternaam, 'geboortedatum', p.geboortedatum,
              'adres', json_build_object('straat', p.straat, 'huisnummer', p.huisnummer, 'postcode', p.postcode, 'woonplaats', p.woonplaats))) order by b.volgorde)
            from betrokkene b join persoon p on p.id = b.persoon_id where b.melding_id = pg.id), '[]'))) order by pg.ontvangen_op desc, pg.id desc) from pagina pg), '[]'),
      'pageInfo', json_build_object('hasNextPage', (select count(*) from melding where vt_organisatie = $1) > 20, 'endCursor', null)))) ::text as antwoord`;
  return luister((req, res) => {
    req.resume();
    req.on('end', () => {
      pool.query<{ antwoord: string }>(sql, ['VT14']).then(
        (r) => res.writeHead(200, { 'content-type': 'application/json' }).end(r.rows[0].antwoord),
        (e: Error) => res.writeHead(500).end(e.message),
      );
    });
  });
}

async function server(
  variant: Variant,
  dbUrl: string,
  queueUrl: string,
  dataDir: string,
  tellerDir: string,
): Promise<void> {
  telStatements(tellerDir);
  // An orderly exit on SIGTERM, so that --cpu-prof (BENCH_PROFIEL) writes its profile.
  process.once('SIGTERM', () => process.exit(0));
  let s: Server | null;
  const ketenpoort = KETENPOORT_VARIANTEN[variant];
  if (ketenpoort) {
    s = await serverKetenpoort(dbUrl, queueUrl, dataDir, ketenpoort);
  } else if (variant === 'apollo') s = await serverApollo(dbUrl);
  else if (variant === 'postgraphile') s = await serverPostgraphile(dbUrl);
  else s = await serverSql(dbUrl);
  if (s) process.send?.({ poort: (s.address() as { port: number }).port });
}

// ---------------------------------------------------------------- bench (parent)

async function zaaiMeldingen(dbUrl: string, aantal: number): Promise<void> {
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

interface Kind {
  proces: ChildProcess;
  poort: number;
}

function startKind(
  variant: Variant,
  db: { dbUrl: string; queueUrl: string; dataDir: string },
  tellerDir: string,
): Promise<Kind> {
  const profiel = process.env.BENCH_PROFIEL
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${process.env.BENCH_PROFIEL}`,
        `--cpu-prof-name=leespad-${variant}-${Date.now()}.cpuprofile`,
      ]
    : [];
  const proces = fork(__filename, ['--server', variant, db.dbUrl, db.queueUrl, db.dataDir, tellerDir], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...profiel, ...(KETENPOORT_VARIANTEN[variant]?.nodeOpties ?? [])],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return new Promise((resolve, reject) => {
    proces.once('message', (m: { poort: number }) => resolve({ proces, poort: m.poort }));
    proces.once('exit', (c) => reject(new Error(`server ${variant} stopte met ${c}`)));
  });
}

/** The pid and every descendant (the cluster's API processes). */
function boom(pid: number): number[] {
  let kinderen: number[] = [];
  try {
    kinderen = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    // no children
  }
  return [pid, ...kinderen.flatMap(boom)];
}

/** utime + stime in ms of a process tree (/proc/<pid>/stat fields 14 and 15, USER_HZ = 100). */
function cpuMs(pids: number[]): number {
  let som = 0;
  for (const pid of pids) {
    try {
      const velden = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      som += (Number(velden[11]) + Number(velden[12])) * 10;
    } catch {
      // gone
    }
  }
  return som;
}

/** CPU ms of every PostgreSQL process on this machine (the server's backends, whichever variant they serve). */
function postgresCpuMs(): number {
  const pids: number[] = [];
  for (const naam of readdirSync('/proc')) {
    if (!/^\d+$/.test(naam)) continue;
    try {
      if (readFileSync(`/proc/${naam}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(naam));
    } catch {
      // gone
    }
  }
  // Backends that ended during the measurement count too: the postmaster's cutime + cstime hold its reaped children.
  let som = cpuMs(pids);
  for (const pid of pids) {
    try {
      const velden = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      som += (Number(velden[13]) + Number(velden[14])) * 10;
    } catch {
      // gone
    }
  }
  return som;
}

/** Busy and total CPU ms of the whole machine (/proc/stat: every core; idle and iowait are not busy). */
function machineCpuMs(): { bezig: number; totaal: number } {
  const velden = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const totaal = velden.slice(0, 8).reduce((a, b) => a + b, 0) * 10;
  const rust = (velden[3] + velden[4]) * 10;
  return { bezig: totaal - rust, totaal };
}

/** Statements and database milliseconds of a process tree, from the servers' counter files. */
function statements(tellerDir: string, pids: number[]): { n: number; ms: number } {
  const bestanden = new Set(readdirSync(tellerDir));
  const som = { n: 0, ms: 0 };
  for (const pid of pids) {
    if (!bestanden.has(String(pid))) continue;
    const [n, ms] = readFileSync(join(tellerDir, String(pid)), 'utf8')
      .split(' ')
      .map(Number);
    som.n += n;
    som.ms += ms || 0;
  }
  return som;
}

async function main(): Promise<void> {
  const gekozen = (process.env.BENCH_VARIANTEN?.split(',') ?? VARIANTEN) as Variant[];
  // BENCH_DATABASE=<url>: a database an earlier run left seeded (it is kept); else a fresh one, seeded and dropped.
  const hergebruik = process.env.BENCH_DATABASE;
  const db = hergebruik
    ? {
        herkomst: new URL(hergebruik).host,
        dbUrl: hergebruik,
        queueUrl: `${hergebruik}_q`,
        dataDir: mkdtempSync(join(tmpdir(), 'ketenpoort-bench-')),
        opruimen: async () => undefined,
      }
    : await benchDatabase('leespad');
  if (hergebruik) {
    const { Client } = await import('pg');
    const c = new Client({ connectionString: hergebruik });
    await c.connect();
    await c.query(`delete from issuer_binding where issuer = $1`, [BENCH_ISSUER]);
    await c.query(`delete from issuer where issuer = $1`, [BENCH_ISSUER]);
    await c.end();
  } else {
    process.stdout.write(`PostgreSQL: ${db.herkomst}\nzaaien: 200 meldingen × 3 betrokkenen in VT14 ...\n`);
    await zaaiMeldingen(db.dbUrl, 200);
    const kopieen = getal('BENCH_ACHTERGROND', 2);
    process.stdout.write(`achtergrond: ${kopieen} kopie(ën) in elk van de andere 25 regio's, dan ANALYZE ...\n`);
    await achtergrondRegios(db.dbUrl, 'VT14', kopieen);
  }
  const token = await benchToken(db, {
    rol: 'VT_MEDEWERKER',
    organisatie: 'VT14',
    sub: 'bench-zaaier',
    audience: 'ketenpoort',
    geldigheidSeconden: 3600,
  });
  const tellerDir = mkdtempSync(join(tmpdir(), 'leespad-tellers-'));
  const kinderen = {} as Record<Variant, Kind>;
  for (const v of gekozen) kinderen[v] = await startKind(v, db, tellerDir);
  const query = (v: Variant): string => (v === 'postgraphile' ? QUERY_POSTGRAPHILE : QUERY);

  // Sanity: every variant answers with 20 meldingen of 3 betrokkenen each, without errors.
  for (const v of gekozen) {
    const r = await fetch(`http://127.0.0.1:${kinderen[v].poort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: query(v) }),
    });
    const tekst = await r.text();
    const body = JSON.parse(tekst) as {
      data?: Record<string, { edges: { node: Record<string, unknown> }[] }>;
      errors?: unknown;
    };
    const edges = body.data ? Object.values(body.data)[0].edges : [];
    const betrokkenen = (n: Record<string, unknown>): unknown[] =>
      (n.betrokkenen as unknown[]) ?? (n.betrokkenesByMeldingId as { nodes: unknown[] }).nodes;
    if (r.status !== 200 || body.errors || edges.length !== 20 || edges.some((e) => betrokkenen(e.node).length !== 3)) {
      throw new Error(`variant ${v} antwoordt niet goed: ${tekst.slice(0, 400)}`);
    }
    process.stdout.write(`${v}: ${tekst.length} bytes per antwoord\n`);
  }

  const rondes = getal('BENCH_ROUNDS', 3);
  const seconden = getal('BENCH_SECONDS', 8);
  type Rij = {
    rps: number;
    p50: number;
    p99: number;
    statementsPerVerzoek: number;
    serverCpuMsPerVerzoek: number;
    databaseMsPerVerzoek: number;
    /** CPU of all PostgreSQL processes per request (this machine's server). */
    postgresCpuMsPerVerzoek: number;
    /** Share of the machine's CPU (all cores) that was busy during the measurement: near 1, the machine is the limit. */
    machineBezig: number;
  };
  const resultaten = Object.fromEntries(gekozen.map((v) => [v, [] as Rij[]])) as Record<Variant, Rij[]>;
  for (let ronde = 0; ronde < rondes; ronde++) {
    for (const v of gekozen) {
      const k = kinderen[v];
      await belast(k.poort, token, query(v), getal('BENCH_WARMUP', 2));
      await new Promise((r) => setTimeout(r, 250));
      const pids = boom(k.proces.pid!);
      const voor = { cpu: cpuMs(pids), st: statements(tellerDir, pids), pg: postgresCpuMs(), m: machineCpuMs() };
      const r = await belast(k.poort, token, query(v), seconden);
      await new Promise((r) => setTimeout(r, 250)); // the counters are written every 100 ms
      const na = { cpu: cpuMs(pids), st: statements(tellerDir, pids), pg: postgresCpuMs(), m: machineCpuMs() };
      if (r.non2xx || r.errors || r.timeouts) {
        throw new Error(`variant ${v}: ${r.non2xx} non-2xx, ${r.errors} fouten, ${r.timeouts} timeouts`);
      }
      const n = r.requests.total;
      const rij: Rij = {
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        statementsPerVerzoek: (na.st.n - voor.st.n) / n,
        serverCpuMsPerVerzoek: (na.cpu - voor.cpu) / n,
        databaseMsPerVerzoek: (na.st.ms - voor.st.ms) / n,
        postgresCpuMsPerVerzoek: (na.pg - voor.pg) / n,
        machineBezig: (na.m.bezig - voor.m.bezig) / Math.max(1, na.m.totaal - voor.m.totaal),
      };
      resultaten[v].push(rij);
      process.stdout.write(
        `ronde ${ronde + 1} ${v.padEnd(16)} ${rij.rps.toFixed(0).padStart(6)} req/s  p50 ${rij.p50} ms  p99 ${rij.p99} ms  ${rij.statementsPerVerzoek.toFixed(2)} SQL/verzoek  ${rij.serverCpuMsPerVerzoek.toFixed(2)} ms CPU/verzoek  ${rij.databaseMsPerVerzoek.toFixed(1)} ms database/verzoek  PG ${rij.postgresCpuMsPerVerzoek.toFixed(2)} ms CPU/verzoek  machine ${(rij.machineBezig * 100).toFixed(0)} % bezig\n`,
      );
    }
  }
  const samenvatting = Object.fromEntries(
    gekozen.map((v) => [
      v,
      {
        rps: mediaan(resultaten[v].map((x) => x.rps)),
        p50: mediaan(resultaten[v].map((x) => x.p50)),
        p99: mediaan(resultaten[v].map((x) => x.p99)),
        statementsPerVerzoek: mediaan(resultaten[v].map((x) => x.statementsPerVerzoek)),
        serverCpuMsPerVerzoek: mediaan(resultaten[v].map((x) => x.serverCpuMsPerVerzoek)),
        databaseMsPerVerzoek: mediaan(resultaten[v].map((x) => x.databaseMsPerVerzoek)),
        postgresCpuMsPerVerzoek: mediaan(resultaten[v].map((x) => x.postgresCpuMsPerVerzoek)),
        machineBezig: mediaan(resultaten[v].map((x) => x.machineBezig)),
      },
    ]),
  ) as Record<Variant, Rij>;
  process.stdout.write(
    `\n| variant | req/s | p50 ms | p99 ms | server-CPU ms/verzoek | statements/verzoek | database ms/verzoek | PostgreSQL-CPU ms/verzoek | machine bezig |\n|---|---|---|---|---|---|---|---|---|\n` +
      gekozen
        .map(
          (v) =>
            `| ${v} | ${samenvatting[v].rps.toFixed(0)} | ${samenvatting[v].p50} | ${samenvatting[v].p99} | ${samenvatting[v].serverCpuMsPerVerzoek.toFixed(2)} | ${samenvatting[v].statementsPerVerzoek.toFixed(2)} | ${samenvatting[v].databaseMsPerVerzoek.toFixed(1)} | ${samenvatting[v].postgresCpuMsPerVerzoek.toFixed(2)} | ${(samenvatting[v].machineBezig * 100).toFixed(0)} % |`,
        )
        .join('\n') +
      '\n',
  );
  if (samenvatting.ketenpoort && samenvatting['ketenpoort-kaal']) {
    const perRonde = resultaten.ketenpoort.map((m, i) => 1 - m.rps / resultaten['ketenpoort-kaal'][i].rps);
    process.stdout.write(
      `kosten van autorisatie + audit (doorvoer, per ronde het paar, mediaan): ${(mediaan(perRonde) * 100).toFixed(1)} % (${perRonde.map((x) => (x * 100).toFixed(1)).join(' / ')})\n`,
    );
  }
  if (samenvatting.ketenpoort && samenvatting['ketenpoort-2']) {
    process.stdout.write(
      `tweede API-proces: ×${(samenvatting['ketenpoort-2'].rps / samenvatting.ketenpoort.rps).toFixed(2)} doorvoer\n`,
    );
  }
  const uit = schrijfResultaten('leespad', {
    verbindingen: getal('BENCH_CONNECTIONS', 10),
    seconden,
    rondes,
    resultaten,
    samenvatting,
  });
  process.stdout.write(`resultaten: ${uit}\n`);
  for (const k of Object.values(kinderen)) {
    const weg = new Promise((r) => k.proces.once('exit', r));
    k.proces.kill('SIGTERM');
    await weg;
  }
  await db.opruimen();
}

if (process.argv[2] === '--server') {
  void server(process.argv[3] as Variant, process.argv[4], process.argv[5], process.argv[6], process.argv[7]).catch(
    (e: unknown) => {
      process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
      process.exit(1);
    },
  );
} else {
  main().catch((e: unknown) => {
    process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
    process.exit(1);
  });
}
