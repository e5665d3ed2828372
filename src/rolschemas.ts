import type { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { GraphQLSchema } from 'graphql';

import { auditPlugin } from './audit/audit.plugin';
import { alleRollen, type Rol } from './auth/rollen';
import { bouwDoelgroepSchema } from './beleid/doelgroep-schema';
import type { Config } from './lib/config';
import type { RequestContext } from './lib/context';
import { maakApolloServer } from './lib/graphql/apollo';
import { metriekPlugin } from './lib/graphql/metriek-plugin';
import type { Logger } from './lib/logger';
import { privacybeleid } from './modules';

/** What every audience's server shares: the full schema, the layers, and how a request becomes a context. */
export interface RolserverOpties {
  volledig: GraphQLSchema;
  config: Config;
  log: Logger;
  autorisatie: boolean;
  audit: boolean;
  opKosten?: (kosten: number, ctx: RequestContext) => Promise<void>;
  context: (req: Request) => RequestContext;
}

interface Rolserver {
  schema: GraphQLSchema;
  server: ApolloServer<RequestContext>;
  handler: RequestHandler;
}

/**
 * The GraphQL servers of the audiences (ARCHITECTURE.md §2): per role its schema pruned from the full one by the
 * privacy policy, an Apollo Server on it, and the handler of /graphql for that role. One role's costs ≈ 0.1 s, all
 * of them seconds; a start need not wait for them (issue 18, point 5). `voor(rol)` builds a role's server on its first
 * request; `bouwAlle()` builds every one, in turn, yielding between roles so that requests go first. The API builds
 * them all before it listens (`createApi`, the tests) or right after (`npm start`, src/main.ts).
 */
export class Rolservers {
  /** The schema of every role built so far (every role after `bouwAlle()`). */
  readonly schemas = new Map<Rol, GraphQLSchema>();
  private readonly servers = new Map<Rol, Promise<Rolserver>>();
  private gestopt = false;
  /** Requests in progress: building the rest waits for them. */
  private lopend = 0;

  constructor(private readonly opties: RolserverOpties) {}

  /** The server of one role, built on first use. */
  voor(rol: Rol): Promise<Rolserver> {
    let server = this.servers.get(rol);
    if (!server) {
      server = this.bouw(rol);
      this.servers.set(rol, server);
    }
    return server;
  }

  /** Handles a request of `rol` on its server, built first if need be. */
  verwerk(rol: Rol, req: Request, res: Response, next: NextFunction): void {
    this.lopend += 1;
    res.once('close', () => (this.lopend -= 1));
    this.voor(rol).then(({ handler }) => handler(req, res, next), next);
  }

  /**
   * Builds every role's server (those already built are kept); rejects with the first role that cannot be built.
   * Requests go first: a role is built only when none is in progress (a build holds the event loop ≈ 0.1 s).
   */
  async bouwAlle(): Promise<void> {
    for (const rol of alleRollen) {
      while (this.lopend > 0 && !this.gestopt) await new Promise((r) => setTimeout(r, 10));
      if (this.gestopt) return;
      await this.voor(rol);
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Stops every server built (waiting for one being built). */
  async stop(): Promise<void> {
    this.gestopt = true;
    const gebouwd = await Promise.allSettled([...this.servers.values()]);
    await Promise.all(gebouwd.flatMap((r) => (r.status === 'fulfilled' ? [r.value.server.stop()] : [])));
  }

  private async bouw(rol: Rol): Promise<Rolserver> {
    const { volledig, config, log, autorisatie, audit, opKosten, context } = this.opties;
    const schema = bouwDoelgroepSchema(volledig, rol, privacybeleid, {
      autorisatie,
      onRijWeigering: (type, ctx) =>
        ctx.log.warn(
          { type, rol: ctx.actor.rol, verzoekId: ctx.verzoekId },
          'rijregel weigerde een object dat de service teruggaf',
        ),
    });
    const plugins: ApolloServerPlugin<RequestContext>[] = [
      metriekPlugin<RequestContext>(rol),
      ...(audit ? [auditPlugin] : []),
    ];
    const server = maakApolloServer(schema, config, log, plugins, opKosten);
    await server.start();
    this.schemas.set(rol, schema);
    const handler = expressMiddleware(server, { context: async ({ req }) => context(req) });
    return { schema, server, handler };
  }
}
