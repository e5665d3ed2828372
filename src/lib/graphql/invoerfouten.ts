import type { GraphQLFormattedError } from 'graphql';

/**
 * Two corrections to errors that graphql-js and Apollo word themselves, applied in formatError (apollo.ts):
 * 1. a refused variable is not quoted back: graphql-js puts the whole value in its message ("Variable "$i" got invalid
 *    value { achternaam: "…" } at …"), and the value may hold names; the path and the reason stay;
 * 2. Apollo's uncoded request errors of automatic persisted queries get a code and a reason, instead of being masked
 *    as INTERNAL_SERVER_ERROR.
 */
export function corrigeerInvoerfout(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const apq = APQ_FOUTEN[formatted.message];
  // Apollo fills in INTERNAL_SERVER_ERROR for an error without a code; the error itself has none.
  if (apq && (error as { extensions?: { code?: unknown } } | undefined)?.extensions?.code === undefined) {
    return { message: apq.melding, extensions: { code: 'BAD_REQUEST', reden: apq.reden } };
  }
  const eigen = (error as { originalError?: { message?: unknown } } | undefined)?.originalError?.message;
  if (typeof eigen !== 'string' || !formatted.message.endsWith(`; ${eigen}`)) return formatted;
  const kop = formatted.message.slice(0, -eigen.length - 2);
  const reden = zonderWaarde(eigen);
  const variabele = /^Variable "(\$\w+)" got invalid value /.exec(kop);
  if (variabele) {
    const pad = / at "([^"]*)"$/.exec(kop);
    return {
      ...formatted,
      message: `Variable "${variabele[1]}" got invalid value${pad ? ` at "${pad[1]}"` : ''}; ${reden}`,
    };
  }
  const literal = /^Expected value of type "([^"]+)", found /.exec(kop);
  if (literal) return { ...formatted, message: `Expected value of type "${literal[1]}"; ${reden}` };
  return formatted;
}

/** graphql-js's own scalar messages end in the refused value ("Int cannot represent non-integer value: …"). */
function zonderWaarde(melding: string): string {
  const m = /^((?:Int|Float|String|Boolean|ID) cannot represent [^:]*): /.exec(melding);
  return m ? `${m[1]}.` : melding;
}

/** Apollo's messages for automatic persisted queries that it sends without extensions.code. */
const APQ_FOUTEN: Record<string, { reden: string; melding: string }> = {
  'provided sha does not match query': {
    reden: 'PERSISTED_QUERY_HASH_ONJUIST',
    melding: 'De sha256Hash van persistedQuery hoort niet bij de meegestuurde query.',
  },
  'Unsupported persisted query version': {
    reden: 'PERSISTED_QUERY_VERSIE_ONBEKEND',
    melding: 'Deze versie van persistedQuery wordt niet ondersteund; gebruik versie 1.',
  },
};
