import 'reflect-metadata';

import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { GraphQLSchema } from 'graphql';

import { AuditRegistratie } from './audit/audit-registratie';
import type { Actor } from './auth/actor';
import { devJwks } from './auth/dev-issuer';
import { alleRollen, isRol, type Rol } from './auth/rollen';
import { TokenGeweigerd, TokenVerifier } from './auth/token-verifier';
import type { Privacybeleid } from './beleid/beleid.types';
import { veldToegestaan } from './beleid/doelgroep-schema';
import type { Clock } from './lib/clock';
import type { Config } from './lib/config';
import type { RequestContext } from './lib/context';
import { Foutcode } from './lib/errors';
import { databaseStaat } from './lib/gereedheid';
import type { Vulstand } from './lib/vulmarkering';
import { bouwVolledigSchema } from './lib/graphql/volledig-schema';
import type { Logger } from './lib/logger';
import { zetVoorbereideStatements } from './lib/lezen';
import { httpMetriek, volgPool } from './lib/metrieken';
import { markeerVerzoek, spoorVelden } from './lib/spoor';
import { binnen } from './lib/tijdslimiet';
import {
  limietMiddleware,
  maakLimiet,
  openLimietOpslag,
  sluitLimietOpslag,
  TE_VEEL_VERZOEKEN,
  verbruik,
} from './lib/verzoeklimiet';
import { termijnRegels } from './termijnen/termijn-regels';
import type { TermijnPlanner } from './termijnen/termijn.service';
import { isMelderHeader, melderActor } from './melders/melder-authenticatie';
import { afschriftRoute } from './rechten/afschrift.route';
import { privacybeleid, resolvers } from './modules';
import { OrganisatieRegister } from './organisaties/organisatie.register';
import { Rolservers } from './rolschemas';

/** The authorization and audit layers. Both on, always, except in the benchmark's baseline run. */
export interface Lagen {
  autorisatie: boolean;
  audit: boolean;
}

export interface ApiDeps {
  config: Config;
  orm: MikroORM;
  log: Logger;
  clock: Clock;
  /** Any queue of the installation (a producer that fails fast): /readyz reports whether the queue backend answers. */
  wachtrij: Queue;
  lagen?: Lagen;
  /** Schedules termijn jobs right after a change commits (the reconciler is the safety net). */
  termijnPlanner?: TermijnPlanner;
  /** Where the demo fill of `npm start` stands (src/demo-vulling.ts); /readyz reports it. Absent in production. */
  demodata?: () => Vulstand | undefined;
  /**
   * `direct` (the default): every role's schema is built before createApi returns. `achteraf`: none is; a request
   * builds its role's first, and `rolschemasOpbouwen()` the rest once the server listens (`npm start`, issue 18 point 5).
   */
  rolschemas?: 'direct' | 'achteraf';
}

export interface Api {
  app: express.Express;
  /** The schema of every role (with `rolschemas: 'achteraf'`: of every role built so far). */
  schemas: ReadonlyMap<Rol, GraphQLSchema>;
  /** Builds the schemas and servers of the roles not built yet (src/rolschemas.ts). */
  rolschemasOpbouwen(): Promise<void>;
  stop(): Promise<void>;
}

type AuthedRequest = Request & { actor?: Actor; verzoekId?: string };

/** Failed melder accesses (`Authorization: Melder ...`) per address per minute before every further one is refused. */
export const MELDER_POGINGEN_PER_MINUUT = 20;

/** The request body limit (README, "Misbruik"), and the larger one for roles that may call a batch operation. */
export const BODY_LIMIET = 512 * 1024;
export const BODY_LIMIET_GROOT = 2 * 1024 * 1024;
/** Operations whose input may need BODY_LIMIET_GROOT: the police batch (up to 100 meldingen). */
const GROTE_OPERATIES = ['politieMeldingenAanleveren'];

const alsGrootte = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${Math.round(bytes / 1024)} kB`;

/** Whether a request carries a body (one that a refusal before the body parser leaves unread). */
const heeftBody = (req: Request): boolean =>
  !!req.headers['transfer-encoding'] || (req.headers['content-length'] ?? '0') !== '0';

/**
 * The roles that read person data: those to which any field the policy lists under `persoonsgegevens` is visible.
 * An issuer's minimum assurance level (acr) applies to them only.
 */
export function rollenMetPersoonsgegevens(beleid: Privacybeleid): ReadonlySet<Rol> {
  return new Set(
    alleRollen.filter((rol) =>
      Object.entries(beleid.typen).some(([type, tb]) =>
        (tb.persoonsgegevens ?? []).some((veld) => veldToegestaan(beleid, type, veld, rol)),
      ),
    ),
  );
}

/**
 * Refusals worth an operator's attention (logged at warn): a validly signed token from a misconfigured identity
 * provider or one overstepping its bindings, or a token of the development issuer where it is off.
 */
const LUID_GEWEIGERD = new Set([
  'TOKEN_UIT_DE_TOEKOMST',
  'TOKEN_TE_OUD',
  'CLAIM_ONTBREEKT',
  'CLAIMS_ONGELDIG',
  'CLIENT_NIET_TOEGESTAAN',
  'ORGANISATIE_NIET_TOEGESTAAN',
  'ORGANISATIE_GEDEACTIVEERD',
  'ROL_ONBEKEND',
  'ROL_NIET_TOEGESTAAN',
  'BETROUWBAARHEID_TE_LAAG',
  'ONTWIKKEL_ISSUER_UIT',
]);

/** Builds the token verifier on the trust register, with the development issuer only where it is enabled. */
async function maakVerifier(
  config: Config,
  orm: MikroORM,
  log: Logger,
  clock: Clock,
): Promise<{ verifier: TokenVerifier; register: OrganisatieRegister }> {
  const register = new OrganisatieRegister(orm.em, log, { databaseUrl: orm.config.getClientUrl() });
  await register.start();
  const ontwikkel = config.devIssuerEnabled && !config.isProduction;
  if (ontwikkel) {
    log.warn(
      { dataDir: config.dataDir },
      'ONTWIKKEL-ISSUER STAAT AAN: wie DATA_DIR kan lezen, maakt tokens voor elke rol en organisatie (npm run token). Nooit op echte gegevens.',
    );
  }
  const gegevens = await register.huidige();
  const bruikbaar = [...gegevens.issuers.values()].filter((i) => i.actief && i.bindingen.size > 0);
  if (bruikbaar.length === 0 && !ontwikkel) {
    log.warn(
      'geen actieve issuer met bindingen geregistreerd: elk token wordt geweigerd. Registreer de eerste met de onboarding-CLI (README, "Identity providers").',
    );
  }
  const verifier = new TokenVerifier({
    bron: register,
    clock,
    standaardAudience: config.oidcAudience,
    rollenMetPersoonsgegevens: rollenMetPersoonsgegevens(privacybeleid),
    // Handed over whenever the configuration says "on"; the verifier itself still refuses it in production.
    ontwikkelIssuer: config.devIssuerEnabled ? { jwks: await devJwks(config.dataDir) } : undefined,
    isProductie: config.isProduction,
  });
  return { verifier, register };
}

/**
 * Builds the HTTP API: one Apollo Server per audience (role), each serving only that audience's
 * pruned schema, behind one /graphql route chosen by the verified token.
 */
export async function createApi(deps: ApiDeps): Promise<Api> {
  const { config, orm, log, clock } = deps;
  const lagen = deps.lagen ?? { autorisatie: true, audit: true };
  const regels = termijnRegels(config);
  zetVoorbereideStatements(config.voorbereideStatements);
  const { verifier, register } = await maakVerifier(config, orm, log, clock);

  const { tokenPerMinuut, adresPerMinuut, kostenPerMinuut } = config.verzoeklimiet;
  // No store (and no connection to one) when every limit is off.
  const limietOpslag = openLimietOpslag(
    tokenPerMinuut > 0 || adresPerMinuut > 0 || kostenPerMinuut > 0
      ? { redisUrl: config.redisUrl, databaseUrl: orm.config.getClientUrl() }
      : {},
    log,
  );
  const adresLimiet = maakLimiet(limietOpslag, 'adres', adresPerMinuut);
  const tokenLimiet = maakLimiet(limietOpslag, 'token', tokenPerMinuut);
  const kostenLimiet = maakLimiet(limietOpslag, 'kosten', kostenPerMinuut);
  // Failed melder accesses per address; always on, in memory of this instance (a limit per instance is enough here).
  const melderPogingen = new RateLimiterMemory({ keyPrefix: 'melderpoging', points: 1_000_000, duration: 60 });
  const sleutelVan = (actor: Actor): string => `${actor.issuer}|${actor.sub}`;
  // The cost of every accepted query is charged to its caller: a budget of objects per minute, not only of requests.
  const opKosten = kostenLimiet
    ? (kosten: number, ctx: RequestContext) =>
        verbruik(kostenLimiet, 'KOSTEN_PER_TOKEN', sleutelVan(ctx.actor), kosten, log)
    : undefined;

  /** The request context of a verified caller: the same for GraphQL and for the download routes. */
  const maakContext = (req: AuthedRequest): RequestContext => {
    const actor = req.actor as Actor;
    const verzoekId = req.verzoekId as string;
    const em = orm.em.fork();
    return {
      em,
      actor,
      clock,
      verzoekId,
      log: log.child({ verzoekId, ...spoorVelden() }),
      termijnRegels: regels,
      config,
      termijnPlanner: deps.termijnPlanner,
      idempotentieHeader: req.header('idempotency-key'),
      audit: new AuditRegistratie(
        {
          actor,
          toegangspunt: req.socket.remoteAddress ?? 'onbekend',
          verzoekId,
          grondslag: privacybeleid.grondslag[actor.rol],
          noodprocedure: false,
        },
        clock,
        em,
        config.auditBundelsInVlucht,
      ),
    };
  };

  const volledig = await bouwVolledigSchema(resolvers);
  const rolservers = new Rolservers({
    volledig,
    config,
    log,
    autorisatie: lagen.autorisatie,
    audit: lagen.audit,
    opKosten,
    context: (req) => maakContext(req as AuthedRequest),
  });
  if ((deps.rolschemas ?? 'direct') === 'direct') await rolservers.bouwAlle();

  // The roles whose schema has a batch operation get the larger body; everyone else the documented 512 kB.
  const mutaties = volledig.getMutationType()?.getFields() ?? {};
  const rollenMetGroteBody = new Set(
    alleRollen.filter((rol) =>
      GROTE_OPERATIES.some((op) => mutaties[op] && veldToegestaan(privacybeleid, 'Mutation', op, rol)),
    ),
  );
  const bodyKlein = express.json({ limit: BODY_LIMIET });
  const bodyGroot = express.json({ limit: BODY_LIMIET_GROOT });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // The client address (req.ip) for the address limit: X-Forwarded-For only from these proxies.
  app.set('trust proxy', config.vertrouwdeProxies);
  app.use(httpMetriek);
  const stopPoolMetriek = volgPool('app', orm);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /*
   * Ready means: send this instance traffic. Without PostgreSQL nothing works (503). Without the queue the API still
   * serves and accepts work (scheduling after commit is bounded and the reconciler makes up for it), and the queue is
   * shared by every instance: failing readiness on it would take all of them out of the load balancer and turn a delay
   * of background work into an outage. So a queue that is away is reported (`wachtrij: onbereikbaar`, status
   * `beperkt`) for monitoring and alerting, with 200. A busy database (every pool connection in use, the server
   * answering on a connection of its own) is `druk`, also with 200: under load every instance's pool is busy, and
   * failing them all would turn load into an outage (src/lib/gereedheid.ts).
   */
  app.get('/readyz', async (_req, res) => {
    const [db, queue] = await Promise.all([
      databaseStaat(orm, orm.config.getClientUrl(), 2000),
      binnen(deps.wachtrij.getJobCounts('waiting'), Math.min(2000, config.wachtrij.planTimeoutMs * 2)).then(
        () => 'ok',
        () => 'onbereikbaar',
      ),
    ]);
    // The demo year loads while the API answers (`npm start`): serving, but not yet with all its data.
    const demodata = deps.demodata?.();
    const vult = demodata !== undefined && demodata.status !== 'klaar';
    const status =
      db === 'onbereikbaar' ? 'niet gereed' : queue !== 'ok' || vult ? 'beperkt' : db === 'druk' ? 'druk' : 'ok';
    res
      .status(db === 'onbereikbaar' ? 503 : 200)
      .json({ status, postgresql: db, wachtrij: queue, ...(demodata ? { demodata } : {}) });
  });

  // The afschrift of a granted request as a document to hand over (src/rechten/afschrift.route.ts).
  app.get(
    '/afschrift/:verzoekId',
    limietMiddleware(adresLimiet, 'PER_ADRES', (req) => req.ip, log),
    afschriftRoute({
      log,
      // A melder's access is never a privacy officer's: no token caller, refused like any other role.
      verifieer: (authorization) =>
        isMelderHeader(authorization) ? Promise.resolve(undefined) : verifier.verify(authorization),
      context: (req, actor) => maakContext(Object.assign(req, { actor })),
    }),
  );

  app.use('/graphql', (req: AuthedRequest, res: Response, next: NextFunction) => {
    const id = req.header('x-request-id');
    req.verzoekId = id && /^[A-Za-z0-9._-]{1,64}$/.test(id) ? id : randomUUID();
    markeerVerzoek(req.verzoekId);
    res.setHeader('X-Request-Id', req.verzoekId);
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  /*
   * The order is the point (issue 15): the address limit, then the token (from the header alone), then the caller's
   * limit, and only then the body is read and parsed. A request without a valid token costs a header and a signature
   * check, never 2 MB of JSON.
   */
  app.use(
    '/graphql',
    limietMiddleware(adresLimiet, 'PER_ADRES', (req) => req.ip, log),
  );
  app.use('/graphql', async (req: AuthedRequest, res: Response, next: NextFunction) => {
    try {
      const authorization = req.header('authorization');
      if (isMelderHeader(authorization)) {
        // A melder's own access (src/melders). Failed attempts per address are limited: guessing is pointless
        // (256 random bits), but a flood of lookups is not free.
        const pogingen = await melderPogingen.get(req.ip ?? '');
        if ((pogingen?.consumedPoints ?? 0) >= MELDER_POGINGEN_PER_MINUUT) {
          const seconden = Math.max(1, Math.ceil(pogingen!.msBeforeNext / 1000));
          log.warn({ verzoekId: req.verzoekId }, 'te veel ongeldige melderstoegangen van één adres');
          if (heeftBody(req)) res.setHeader('Connection', 'close');
          res
            .status(429)
            .setHeader('Retry-After', String(seconden))
            .json({
              errors: [
                {
                  message: `Te veel ongeldige melderstoegangen van dit adres. Probeer het over ${seconden} s opnieuw.`,
                  extensions: {
                    code: TE_VEEL_VERZOEKEN,
                    reden: 'MELDERTOEGANG_POGINGEN',
                    limiet: MELDER_POGINGEN_PER_MINUUT,
                    retryAfter: seconden,
                  },
                },
              ],
            });
          return;
        }
        try {
          req.actor = await melderActor(orm.em, clock, authorization as string);
        } catch (e) {
          if (e instanceof TokenGeweigerd) await melderPogingen.penalty(req.ip ?? '', 1);
          throw e;
        }
      } else {
        req.actor = await verifier.verify(authorization);
      }
      next();
    } catch (e) {
      if (!(e instanceof TokenGeweigerd)) {
        next(e);
        return;
      }
      // Codes only (issuer, claimed organisation and role): never the token.
      log[LUID_GEWEIGERD.has(e.reden) ? 'warn' : 'info'](
        { verzoekId: req.verzoekId, reden: e.reden, ...e.details },
        `token geweigerd: ${e.message}`,
      );
      // The body is not read: close the connection rather than drain it.
      if (heeftBody(req)) res.setHeader('Connection', 'close');
      res
        .status(401)
        .setHeader('WWW-Authenticate', `Bearer error="invalid_token"`)
        .json({
          errors: [
            {
              message: `Niet geauthenticeerd: ${e.message}`,
              extensions: { code: Foutcode.UNAUTHENTICATED, reden: e.reden },
            },
          ],
        });
    }
  });
  app.use(
    '/graphql',
    limietMiddleware(tokenLimiet, 'PER_TOKEN', (req: AuthedRequest) => req.actor && sleutelVan(req.actor), log),
  );
  app.use('/graphql', (req: AuthedRequest, res: Response, next: NextFunction) => {
    (rollenMetGroteBody.has((req.actor as Actor).rol) ? bodyGroot : bodyKlein)(req, res, next);
  });
  app.use('/graphql', (req: AuthedRequest, res: Response, next: NextFunction) => {
    const rol = (req.actor as Actor).rol;
    if (!isRol(rol)) {
      res.status(403).json({
        errors: [{ message: 'Deze rol heeft geen toegang tot de API.', extensions: { code: Foutcode.FORBIDDEN } }],
      });
      return;
    }
    rolservers.verwerk(rol, req, res, next);
  });
  // Body-parser and unexpected errors: a coded JSON answer, never a stack trace.
  app.use(
    (
      err: Error & { status?: number; type?: string; limit?: number },
      req: AuthedRequest,
      res: Response,
      _next: NextFunction,
    ) => {
      const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
      if (status === 500) log.error({ verzoekId: req.verzoekId, fout: err.name }, 'onverwachte fout in HTTP-laag');
      // The rest of a body over the limit is not read: close the connection rather than drain it.
      if (status === 413) res.setHeader('Connection', 'close');
      const code =
        status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 500 ? Foutcode.INTERNAL_SERVER_ERROR : 'BAD_REQUEST';
      const limiet = status === 413 ? (err.limit ?? BODY_LIMIET) : undefined;
      const message =
        limiet !== undefined
          ? `Het verzoek is te groot: de grens is ${alsGrootte(limiet)}.`
          : status === 500
            ? 'Er ging iets mis aan onze kant.'
            : 'Ongeldig verzoek.';
      res.status(status).json({ errors: [{ message, extensions: { code, ...(limiet ? { limiet } : {}) } }] });
    },
  );

  return {
    app,
    schemas: rolservers.schemas,
    rolschemasOpbouwen: () => rolservers.bouwAlle(),
    stop: async () => {
      stopPoolMetriek();
      await rolservers.stop();
      await register.stop();
      await sluitLimietOpslag(limietOpslag);
    },
  };
}
