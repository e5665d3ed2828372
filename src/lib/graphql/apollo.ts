import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';

import type { Config } from '../config';
import type { RequestContext } from '../context';
import { Foutcode } from '../errors';
import type { Logger } from '../logger';
import { corrigeerInvoerfout } from './invoerfouten';

/** Masks every error that is not a deliberate, coded GraphQLError: no internals reach a client. */
function formatError(log: Logger) {
  return (ruw: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const formatted = corrigeerInvoerfout(ruw, error);
    const code = formatted.extensions?.code;
    if (code === 'GRAPHQL_PARSE_FAILED' && /contains more that \d+ tokens/.test(formatted.message)) {
      // Do not reveal the configured limit (armor's exposeLimits: false, applied to graphql-js's own check).
      return { ...formatted, message: 'Syntax Error: het document is te groot.' };
    }
    if (code && code !== Foutcode.INTERNAL_SERVER_ERROR) return formatted;
    const original = (error as { originalError?: Error }).originalError ?? (error as Error);
    log.error({ fout: original?.name, pad: formatted.path }, 'onverwachte fout');
    return {
      message: 'Er ging iets mis aan onze kant. Probeer het later opnieuw.',
      extensions: { code: Foutcode.INTERNAL_SERVER_ERROR },
      path: formatted.path,
    };
  };
}

/** One Apollo Server for one audience's schema, with the query limits and hardening of ARCHITECTURE.md §2. */
export function maakApolloServer(
  schema: GraphQLSchema,
  config: Config,
  log: Logger,
  /** What the domain adds to every request, such as the audit trail's plugin (src/audit/audit.plugin.ts). */
  extraPlugins: readonly ApolloServerPlugin<RequestContext>[] = [],
): ApolloServer<RequestContext> {
  const l = config.graphqlLimits;
  const armor = new ApolloArmor({
    maxDepth: { n: l.maxDepth, flattenFragments: true, exposeLimits: false },
    maxAliases: { n: l.maxAliases, exposeLimits: false },
    // Token limit: enforced by graphql-js's parser (parseOptions below), which fails with a 400 parse
    // error; armor's plugin for it throws inside an Apollo request hook and so answers 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: 50, exposeLimits: false },
    costLimit: { maxCost: l.maxCost, flattenFragments: true, exposeLimits: false },
    blockFieldSuggestion: { enabled: config.isProduction },
  });
  const bescherming = armor.protect();
  return new ApolloServer<RequestContext>({
    schema,
    introspection: !config.isProduction,
    hideSchemaDetailsFromClientErrors: config.isProduction,
    includeStacktraceInErrorResponses: !config.isProduction,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: l.maxTokens },
    // Shutdown is orchestrated by the process (src/main.ts), not by 13 servers each on its own.
    stopOnTerminationSignals: false,
    formatError: formatError(log),
    validationRules: [...bescherming.validationRules],
    // No cache hints: every answer is `Cache-Control: no-store` (src/app.ts). Apollo's cache-control plugin, on by
    // default, would still hook every resolved field (≈ 5 % of the server's CPU for a 1.312-cell analysis answer, bench/README.md).
    plugins: [
      ...bescherming.plugins,
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ...extraPlugins,
    ],
  });
}
