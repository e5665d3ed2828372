import {
  getNullableType,
  GraphQLError,
  isInputObjectType,
  isListType,
  Kind,
  typeFromAST,
  type ASTNode,
  type GraphQLFormattedError,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';

import { Foutcode } from '../errors';
import type { Logger } from '../logger';
import { corrigeerInvoerfout } from './invoerfouten';
import { tokenFout } from './limieten';

/**
 * What a client sees of an error. Every error that is not a deliberate, coded GraphQLError is masked; limit refusals
 * say which limit (src/lib/graphql/limieten.ts); and in production nothing a caller sent is echoed back, nor is any
 * part of the schema suggested:
 * - a variable that does not coerce is named with its type and the path of the bad value inside it, never the value
 *   (graphql-js quotes the whole submitted value: a BSN, an input object with names);
 * - a bad literal in the query text is named by its type only;
 * - "Did you mean …?" (field names, enum values) is removed;
 * - introspection is refused as "Introspectie staat uit." without naming the server software.
 */
export interface FoutopmaakOpties {
  productie: boolean;
  schema: GraphQLSchema;
  maxTokens: number;
}

const TOKENFOUT = /^Syntax Error: Document contains more that \d+ tokens/;
const VARIABELE = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" got invalid value /;
const SUGGESTIE = / ?Did you mean [^?]*\?/g;

export function maakFoutopmaak(log: Logger, o: FoutopmaakOpties) {
  return (ruw: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (ruw.extensions?.code === 'GRAPHQL_PARSE_FAILED' && TOKENFOUT.test(ruw.message)) {
      const f = tokenFout((error as GraphQLError).source?.body, o.maxTokens);
      return { message: f.message, extensions: f.extensions };
    }
    if (o.productie) {
      const veilig = variabeleZonderWaarde(ruw, error, o.schema) ?? literaalZonderWaarde(ruw, error);
      if (veilig) return veilig;
    }
    // Outside production, and for what the rules above do not cover: graphql-js's value quotes out, APQ errors coded.
    const formatted = corrigeerInvoerfout(ruw, error);
    const code = formatted.extensions?.code;
    if (code && code !== Foutcode.INTERNAL_SERVER_ERROR) {
      return o.productie ? { ...formatted, message: formatted.message.replace(SUGGESTIE, '') } : formatted;
    }
    const original = (error as { originalError?: Error }).originalError ?? (error as Error);
    log.error({ fout: original?.name, pad: formatted.path }, 'onverwachte fout');
    return {
      message: 'Er ging iets mis aan onze kant. Probeer het later opnieuw.',
      extensions: { code: Foutcode.INTERNAL_SERVER_ERROR },
      path: formatted.path,
    };
  };
}

/** `Variable "$x" got invalid value …`: the variable, its type and the path inside it; not the value. */
function variabeleZonderWaarde(
  formatted: GraphQLFormattedError,
  error: unknown,
  schema: GraphQLSchema,
): GraphQLFormattedError | undefined {
  const m = VARIABELE.exec(formatted.message);
  if (!m) return undefined;
  const naam = m[1];
  const definitie = ((error as GraphQLError).nodes ?? []).find(
    (n: ASTNode) => n.kind === Kind.VARIABLE_DEFINITION && n.variable.name.value === naam,
  );
  const varType =
    definitie?.kind === Kind.VARIABLE_DEFINITION
      ? (typeFromAST(schema, definitie.type) as GraphQLInputType | undefined)
      : undefined;
  const plek = varType ? padVan(formatted.message, naam, varType) : undefined;
  const typeNaam = String(plek ? getNullableType(plek.type) : varType ? getNullableType(varType) : 'onbekend');
  const reden = typeof formatted.extensions?.reden === 'string' ? formatted.extensions.reden : 'ONGELDIGE_VARIABELE';
  return {
    message: `Variabele $${naam} heeft een ongeldige waarde voor type ${typeNaam}${plek ? ` (bij ${plek.pad})` : ''}.`,
    locations: formatted.locations,
    extensions: { code: Foutcode.BAD_USER_INPUT, reden, variabele: naam, ...(plek ? { pad: plek.pad } : {}) },
  };
}

/**
 * The path graphql-js names after the value (` at "invoer.betrokkenen[0].persoon.bsn"`), only when every step is a
 * field or list of the variable's input type: the value before it is free text and may imitate one.
 */
function padVan(
  bericht: string,
  naam: string,
  varType: GraphQLInputType,
): { pad: string; type: GraphQLInputType } | undefined {
  const kandidaten = [...bericht.matchAll(/ at "([_0-9A-Za-z.[\]]+)"; /g)].map((x) => x[1]);
  for (const pad of kandidaten.reverse()) {
    if (!pad.startsWith(naam)) continue;
    const stappen = pad.slice(naam.length).match(/\.[_A-Za-z][_0-9A-Za-z]*|\[\d+\]/g) ?? [];
    if (stappen.join('') !== pad.slice(naam.length)) continue;
    let type: GraphQLInputType | undefined = varType;
    for (const stap of stappen) {
      const t: GraphQLInputType | undefined = type ? getNullableType(type) : undefined;
      if (stap.startsWith('[')) type = t && isListType(t) ? t.ofType : undefined;
      else type = t && isInputObjectType(t) ? t.getFields()[stap.slice(1)]?.type : undefined;
    }
    if (type) return { pad, type };
  }
  return undefined;
}

/** The kinds of a literal value in the query text. */
const WAARDEN: ReadonlySet<string> = new Set([
  Kind.INT,
  Kind.FLOAT,
  Kind.STRING,
  Kind.BOOLEAN,
  Kind.NULL,
  Kind.ENUM,
  Kind.LIST,
  Kind.OBJECT,
]);

/** Where graphql-js names the type in its messages about a literal (the literal itself is anywhere else). */
const TYPE_IN_BERICHT = [
  /^Expected value of type "([_A-Za-z0-9[\]!]+)", found /,
  /^(Int|Float|String|Boolean|ID) cannot represent /,
  /^Enum "([_A-Za-z][_0-9A-Za-z]*)" cannot represent /,
  / does not exist in "([_A-Za-z][_0-9A-Za-z]*)" enum\.(?: Did you mean [^?]*\?)?$/,
];

/**
 * A refused literal in the query text (its error points at the value): named by its type, not quoted. A scalar's own
 * coded refusal (with `reden`, written not to quote) stays as it is.
 */
function literaalZonderWaarde(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined {
  const knopen = (error as GraphQLError).nodes ?? [];
  if (formatted.extensions?.code !== 'GRAPHQL_VALIDATION_FAILED' || !knopen.some((k) => WAARDEN.has(k.kind))) {
    return undefined;
  }
  const eigen = typeof formatted.extensions?.reden === 'string';
  if (eigen && !TYPE_IN_BERICHT[0]?.test(formatted.message)) return formatted;
  const type = TYPE_IN_BERICHT.map((r) => r.exec(formatted.message)?.[1]).find(Boolean);
  return {
    message: type ? `Ongeldige waarde voor type ${type}.` : 'Ongeldige waarde in de query.',
    locations: formatted.locations,
    extensions: { ...formatted.extensions, reden: eigen ? formatted.extensions?.reden : 'ONGELDIGE_WAARDE' },
  };
}

/** Production: introspection refused, in words that do not name the server software. */
export const introspectieUit: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(
        new GraphQLError('Introspectie staat uit.', { nodes: node, extensions: { reden: 'INTROSPECTIE_UIT' } }),
      );
    }
  },
});
