import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';

import type { Config } from '../config';
import type { RequestContext } from '../context';
import type { Logger } from '../logger';
import { introspectieUit, maakFoutopmaak } from './foutopmaak';
import { jitGateway } from './jit';
import { kostenPlugin, structuurRegel } from './limieten';

/** Directives per operation (fragments inlined); there is no setting for it. */
export const MAX_DIRECTIVES = 50;

/**
 * One Apollo Server for one audience's schema, with the query limits (limieten.ts) and the hardening of ARCHITECTURE.md §2
 * (foutopmaak.ts).
 */
export function maakApolloServer(
  schema: GraphQLSchema,
  config: Config,
  log: Logger,
  /** What the domain adds to every request, such as the audit trail's plugin (src/audit/audit.plugin.ts). */
  extraPlugins: readonly ApolloServerPlugin<RequestContext>[] = [],
  /** Charges an accepted operation's cost to its caller (a cost budget per token); throws to refuse it. */
  opKosten?: (kosten: number, ctx: RequestContext) => Promise<void>,
): ApolloServer<RequestContext> {
  const l = config.graphqlLimits;
  return new ApolloServer<RequestContext>({
    ...(config.graphqlUitvoering === 'jit' ? { gateway: jitGateway(schema) } : { schema }),
    // Production refuses introspection with a rule of its own (foutopmaak.ts), whose words do not name the software.
    introspection: true,
    hideSchemaDetailsFromClientErrors: config.isProduction,
    includeStacktraceInErrorResponses: !config.isProduction,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Token limit: enforced by graphql-js's parser, which stops at the limit (foutopmaak.ts names it and the count).
    parseOptions: { maxTokens: l.maxTokens },
    // Shutdown is orchestrated by the process (src/main.ts), not by 13 servers each on its own.
    stopOnTerminationSignals: false,
    formatError: maakFoutopmaak(log, { productie: config.isProduction, schema, maxTokens: l.maxTokens }),
    validationRules: [
      ...(config.isProduction ? [introspectieUit] : []),
      structuurRegel({ maxDepth: l.maxDepth, maxAliases: l.maxAliases, maxDirectives: MAX_DIRECTIVES }),
    ],
    // No cache hints: every answer is `Cache-Control: no-store` (src/app.ts). Apollo's cache-control plugin, on by
    // default, would still hook every resolved field (≈ 5 % of the server's CPU for a 1.312-cell analysis answer, bench/README.md).
    plugins: [
      kostenPlugin<RequestContext>(l, opKosten),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ...extraPlugins,
    ],
  });
}
