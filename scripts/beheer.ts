/**
 * Functioneel beheer from the command line (`npm run beheer -- <opdracht> ...`), for the first administrator of a
 * fresh production database: register the national beheer organisation, its identity provider and the binding with
 * role FUNCTIONEEL_BEHEERDER; everything after that goes through the API. Uses the same services and validation as
 * the API, audits every change (actor SYSTEEM, gebruiker cli:<os user>, toegangspunt cli), prints refusals with the
 * same codes, and exits non-zero on any error.
 */
import 'reflect-metadata';

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { GraphQLError } from 'graphql';

import type { Actor } from '../src/auth/actor';
import type { RequestContext } from '../src/lib/context';
import type { IssuerInvoer } from '../src/beheer/issuer-beheer.service';

/**
 * The services and infrastructure, loaded only once the call is valid: `--help` and a wrong call answer at once
 * instead of after loading the whole service graph.
 */
async function laad() {
  const [audit, beleid, bootstrap, clock, config, logger, issuers, organisaties, deactiveren, termijnen] =
    await Promise.all([
      import('../src/audit/audit-registratie'),
      import('../src/beleid/beleid'),
      import('../src/bootstrap'),
      import('../src/lib/clock'),
      import('../src/lib/config'),
      import('../src/lib/logger'),
      import('../src/beheer/issuer-beheer.service'),
      import('../src/beheer/organisatie-beheer.service'),
      import('../src/beheer/organisatie.deactiveren'),
      import('../src/termijnen/termijn-regels'),
    ]);
  return {
    AuditRegistratie: audit.AuditRegistratie,
    grondslagPerRol: beleid.grondslagPerRol,
    openDatabase: bootstrap.openDatabase,
    systemClock: clock.systemClock,
    loadConfig: config.loadConfig,
    createLogger: logger.createLogger,
    issuerBeheerService: issuers.issuerBeheerService,
    organisatieBeheerService: organisaties.organisatieBeheerService,
    organisatieDeactiverenService: deactiveren.organisatieDeactiverenService,
    termijnRegels: termijnen.termijnRegels,
  };
}
type Diensten = Awaited<ReturnType<typeof laad>>;

const HULP = `Gebruik: npm run beheer -- <opdracht> [opties]

Functioneel beheer voor de eerste beheerder van een nieuwe productiedatabase (DATABASE_URL; migraties eerst met
npm run db:migrate). Daarna gaat alles via de API (rol FUNCTIONEEL_BEHEERDER). Elke wijziging komt in het auditspoor
(gebruiker cli:<gebruikersnaam>, toegangspunt cli). Uitvoer: JSON op stdout; fouten met hun code op stderr, exitcode 1
(ongeldige aanroep: 2).

Opdrachten:
  lijst [--soort S] [--regio VTnn] [--zoek tekst] [--actief true|false]    organisaties
  issuers                                                                   vertrouwde identity providers
  organisatie-registreren --code C --naam N --soort S [--regio VTnn]... [--brin 12AB] [--schoolvakantieregio noord|midden|zuid] [--cbs-code GMnnnn]
  organisatie-wijzigen --code C [--naam N] [--regio VTnn]... [--brin B] [--schoolvakantieregio R] [--cbs-code GMnnnn]
  organisatie-deactiveren --code C       toegang meteen beëindigd; overdrachten ingetrokken, endpoints uit
  organisatie-heractiveren --code C
  issuer-registreren --issuer URL --naam N (--jwks-uri URL | --jwks JSON | --jwks-bestand PAD)
                     [--audience A] [--claim-rol NAAM] [--claim-organisatie NAAM] [--claim-teams NAAM]
                     [--rolwaarde WAARDE=ROL]... [--client ID]... [--acr WAARDE=NIVEAU]...
                     [--min-betrouwbaarheid LAAG|SUBSTANTIEEL|HOOG] [--max-token-leeftijd SECONDEN]
  issuer-wijzigen --issuer URL [dezelfde opties]
  issuer-deactiveren --issuer URL / issuer-heractiveren --issuer URL
  issuer-binden --issuer URL --organisatie C --rol ROL [--rol ROL]... [--extern-id ID]
  issuer-ontbinden --issuer URL --organisatie C

Eerste beheerder, bijvoorbeeld:
  npm run beheer -- organisatie-registreren --code LANDELIJK-BEHEER --naam "Landelijk functioneel beheer" --soort LANDELIJK
  npm run beheer -- issuer-registreren --issuer https://login.example.nl --naam "Landelijke IdP" --jwks-uri https://login.example.nl/jwks
  npm run beheer -- issuer-binden --issuer https://login.example.nl --organisatie LANDELIJK-BEHEER --rol FUNCTIONEEL_BEHEERDER
`;

const OPTIES = {
  help: { type: 'boolean', short: 'h' },
  code: { type: 'string' },
  naam: { type: 'string' },
  soort: { type: 'string' },
  regio: { type: 'string', multiple: true },
  brin: { type: 'string' },
  schoolvakantieregio: { type: 'string' },
  'cbs-code': { type: 'string' },
  zoek: { type: 'string' },
  actief: { type: 'string' },
  issuer: { type: 'string' },
  'jwks-uri': { type: 'string' },
  jwks: { type: 'string' },
  'jwks-bestand': { type: 'string' },
  audience: { type: 'string' },
  'claim-rol': { type: 'string' },
  'claim-organisatie': { type: 'string' },
  'claim-teams': { type: 'string' },
  rolwaarde: { type: 'string', multiple: true },
  client: { type: 'string', multiple: true },
  acr: { type: 'string', multiple: true },
  'min-betrouwbaarheid': { type: 'string' },
  'max-token-leeftijd': { type: 'string' },
  organisatie: { type: 'string' },
  rol: { type: 'string', multiple: true },
  'extern-id': { type: 'string' },
} as const;

const OPDRACHTEN = [
  'lijst',
  'issuers',
  'organisatie-registreren',
  'organisatie-wijzigen',
  'organisatie-deactiveren',
  'organisatie-heractiveren',
  'issuer-registreren',
  'issuer-wijzigen',
  'issuer-deactiveren',
  'issuer-heractiveren',
  'issuer-binden',
  'issuer-ontbinden',
];

type Waarden = ReturnType<typeof parseArgs<{ options: typeof OPTIES; allowPositionals: true }>>['values'];

/** A mistake in the call itself (exit 2), as opposed to a refusal by the service (exit 1). */
class Aanroepfout extends Error {}

function verplicht(w: Waarden, naam: keyof Waarden): string {
  const v = w[naam];
  if (typeof v !== 'string' || v === '') throw new Aanroepfout(`--${naam} is verplicht voor deze opdracht.`);
  return v;
}

/** WAARDE=X pairs (the value may itself contain '=': the last '=' splits). */
function paren(lijst: readonly string[] | undefined, optie: string): [string, string][] {
  return (lijst ?? []).map((p) => {
    const i = p.lastIndexOf('=');
    if (i <= 0 || i === p.length - 1) throw new Aanroepfout(`--${optie} verwacht WAARDE=X, kreeg "${p}".`);
    return [p.slice(0, i), p.slice(i + 1)];
  });
}

/** The issuer settings given on the command line; absent options stay absent (a change keeps them). */
function issuerInvoer(w: Waarden): IssuerInvoer {
  const invoer: IssuerInvoer = {};
  if (w.naam !== undefined) invoer.naam = w.naam;
  if (w['jwks-uri'] !== undefined) invoer.jwksUri = w['jwks-uri'] || null;
  if (w.jwks !== undefined && w['jwks-bestand'] !== undefined) {
    throw new Aanroepfout('Geef --jwks of --jwks-bestand, niet beide.');
  }
  if (w.jwks !== undefined) invoer.jwks = w.jwks || null;
  if (w['jwks-bestand'] !== undefined) invoer.jwks = readFileSync(w['jwks-bestand'], 'utf8');
  // Switching between a JWKS URL and inline keys: giving one clears the other.
  if (invoer.jwksUri && invoer.jwks === undefined) invoer.jwks = null;
  if (invoer.jwks && invoer.jwksUri === undefined) invoer.jwksUri = null;
  if (w.audience !== undefined) invoer.audience = w.audience || null;
  if (w['claim-rol'] !== undefined || w['claim-organisatie'] !== undefined || w['claim-teams'] !== undefined) {
    invoer.claims = {
      rol: w['claim-rol'] || null,
      organisatie: w['claim-organisatie'] || null,
      teams: w['claim-teams'] || null,
    };
  }
  if (w.rolwaarde) invoer.rolWaarden = paren(w.rolwaarde, 'rolwaarde').map(([waarde, rol]) => ({ waarde, rol }));
  if (w.client) invoer.toegestaneClients = w.client;
  if (w.acr) invoer.acrNiveaus = paren(w.acr, 'acr').map(([acr, niveau]) => ({ acr, niveau }));
  if (w['min-betrouwbaarheid'] !== undefined) invoer.minBetrouwbaarheid = w['min-betrouwbaarheid'] || null;
  if (w['max-token-leeftijd'] !== undefined) {
    const s = w['max-token-leeftijd'];
    if (s !== '' && !/^\d+$/.test(s)) throw new Aanroepfout('--max-token-leeftijd verwacht een aantal seconden.');
    invoer.maxTokenLeeftijdS = s === '' ? null : Number(s);
  }
  return invoer;
}

function organisatieVelden(w: Waarden): {
  regioCodes?: string[];
  brin?: string | null;
  schoolvakantieregio?: string | null;
  cbsCode?: string | null;
} {
  return {
    ...(w.regio ? { regioCodes: w.regio.flatMap((r) => r.split(',')).filter(Boolean) } : {}),
    ...(w.brin !== undefined ? { brin: w.brin || null } : {}),
    ...(w.schoolvakantieregio !== undefined ? { schoolvakantieregio: w.schoolvakantieregio || null } : {}),
    ...(w['cbs-code'] !== undefined ? { cbsCode: w['cbs-code'] || null } : {}),
  };
}

/** Runs one command with the services of the API. */
async function voerUit(opdracht: string, w: Waarden, ctx: RequestContext, d: Diensten): Promise<unknown> {
  const { organisatieBeheerService, issuerBeheerService, organisatieDeactiverenService } = d;
  switch (opdracht) {
    case 'lijst': {
      const actief = w.actief === undefined ? undefined : w.actief === 'true';
      const uit: unknown[] = [];
      let na: string | undefined;
      for (;;) {
        const p = await organisatieBeheerService.lijst(
          ctx,
          { soort: w.soort?.toUpperCase(), regio: w.regio?.[0], zoek: w.zoek, actief },
          100,
          na,
        );
        uit.push(...p.edges.map((e) => e.node));
        if (!p.pageInfo.hasNextPage) return uit;
        na = p.pageInfo.endCursor ?? undefined;
      }
    }
    case 'issuers': {
      const uit: unknown[] = [];
      let na: string | undefined;
      for (;;) {
        const p = await issuerBeheerService.lijst(ctx, 100, na);
        uit.push(...p.edges.map((e) => e.node));
        if (!p.pageInfo.hasNextPage) return uit;
        na = p.pageInfo.endCursor ?? undefined;
      }
    }
    case 'organisatie-registreren':
      return organisatieBeheerService.registreer(ctx, {
        code: verplicht(w, 'code'),
        naam: verplicht(w, 'naam'),
        soort: verplicht(w, 'soort').toUpperCase(),
        ...organisatieVelden(w),
      });
    case 'organisatie-wijzigen':
      return organisatieBeheerService.wijzig(ctx, verplicht(w, 'code'), {
        ...(w.naam !== undefined ? { naam: w.naam } : {}),
        ...organisatieVelden(w),
      });
    case 'organisatie-deactiveren':
      return organisatieDeactiverenService.deactiveer(ctx, verplicht(w, 'code'));
    case 'organisatie-heractiveren':
      return organisatieDeactiverenService.heractiveer(ctx, verplicht(w, 'code'));
    case 'issuer-registreren':
      return issuerBeheerService.registreer(ctx, verplicht(w, 'issuer'), issuerInvoer(w));
    case 'issuer-wijzigen':
      return issuerBeheerService.wijzig(ctx, verplicht(w, 'issuer'), issuerInvoer(w));
    case 'issuer-deactiveren':
      return issuerBeheerService.zetActief(ctx, verplicht(w, 'issuer'), false);
    case 'issuer-heractiveren':
      return issuerBeheerService.zetActief(ctx, verplicht(w, 'issuer'), true);
    case 'issuer-binden':
      return issuerBeheerService.bind(ctx, verplicht(w, 'issuer'), {
        organisatie: verplicht(w, 'organisatie'),
        externId: w['extern-id'] ?? null,
        rollen: w.rol ?? [],
      });
    case 'issuer-ontbinden':
      return issuerBeheerService.ontbind(ctx, verplicht(w, 'issuer'), verplicht(w, 'organisatie'));
    default:
      throw new Aanroepfout(`Onbekende opdracht "${opdracht}". Zie npm run beheer -- --help.`);
  }
}

/** The OS user, for the audit trail; containers without a passwd entry fall back to $USER. */
function gebruiker(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? 'onbekend';
  }
}

/** A refusal as a person reads it: code, reason and every field problem with its code. */
function meldFout(e: GraphQLError): string {
  const x = e.extensions as {
    code?: string;
    reden?: string;
    fouten?: { veld: string; code: string; melding: string }[];
  };
  const regels = [`Geweigerd (${[x.code, x.reden].filter(Boolean).join(', ')}): ${e.message}`];
  for (const f of x.fouten ?? []) regels.push(`  ${f.veld}: ${f.code} — ${f.melding}`);
  return `${regels.join('\n')}\n`;
}

async function main(): Promise<number> {
  let args: { values: Waarden; positionals: string[] };
  try {
    args = parseArgs({ options: OPTIES, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${HULP}`);
    return 2;
  }
  const [opdracht, ...rest] = args.positionals;
  if (args.values.help || !opdracht) {
    process.stdout.write(HULP);
    return args.values.help ? 0 : 2;
  }
  if (rest.length) {
    process.stderr.write(`Onverwacht argument: ${rest.join(' ')}. Opties beginnen met --.\n`);
    return 2;
  }
  if (!OPDRACHTEN.includes(opdracht)) {
    process.stderr.write(`Onbekende opdracht "${opdracht}". Zie npm run beheer -- --help.\n`);
    return 2;
  }
  const d = await laad();
  const { loadConfig, createLogger, openDatabase, systemClock, AuditRegistratie, grondslagPerRol, termijnRegels } = d;
  const config = loadConfig();
  if (!config.databaseUrl) {
    process.stderr.write(
      'Zet DATABASE_URL: de beheer-CLI werkt op een echte database, niet op de ingebouwde ontwikkeldatabase.\n',
    );
    return 2;
  }
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'ketenpoort-beheer');
  const { orm, locatie } = await openDatabase(config, log, { migrate: false, poolMax: 2, wachtrij: false });
  try {
    const openstaand = await orm.getMigrator().getPendingMigrations();
    if (openstaand.length) {
      process.stderr.write(`De database mist ${openstaand.length} migratie(s); voer eerst npm run db:migrate uit.\n`);
      return 1;
    }
    const organisatie = {
      code: 'KETENPOORT',
      naam: 'Ketenpoort (beheer-CLI)',
      soort: 'LANDELIJK' as const,
      regioCodes: [],
    };
    const actor: Actor = {
      sub: `cli:${gebruiker()}`,
      soort: 'SYSTEEM',
      rol: 'FUNCTIONEEL_BEHEERDER',
      organisatie,
      issuer: 'cli',
    };
    const em = orm.em.fork();
    const verzoekId = `cli-${randomUUID()}`;
    const ctx: RequestContext = {
      em,
      actor,
      clock: systemClock,
      verzoekId,
      log,
      termijnRegels: termijnRegels(config),
      config,
      audit: new AuditRegistratie(
        {
          actor,
          toegangspunt: 'cli',
          verzoekId,
          grondslag: grondslagPerRol.FUNCTIONEEL_BEHEERDER,
          noodprocedure: false,
        },
        systemClock,
        em,
      ),
    };
    try {
      const uitkomst = await voerUit(opdracht, args.values, ctx, d);
      await ctx.audit.vastleggen();
      // beheerRegios is the row rule's input, not part of the answer.
      process.stdout.write(
        `${JSON.stringify(uitkomst, (k, v: unknown) => (k === 'beheerRegios' ? undefined : v), 2)}\n`,
      );
      return 0;
    } catch (e) {
      if (e instanceof Aanroepfout) {
        process.stderr.write(`${e.message}\n`);
        return 2;
      }
      if (e instanceof GraphQLError && typeof e.extensions?.code === 'string') {
        process.stderr.write(meldFout(e));
        return 1;
      }
      throw e;
    }
  } finally {
    await orm.close();
    await locatie.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 1;
  },
);
