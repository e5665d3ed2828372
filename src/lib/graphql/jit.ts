import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import {
  GraphQLError,
  getOperationAST,
  getNullableType,
  getVariableValues,
  isEnumType,
  isInputObjectType,
  isListType,
  typeFromAST,
  type GraphQLInputType,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * Compiled execution (graphql-jit) behind Apollo Server, through Apollo's executor interface for gateways: Apollo
 * still parses, validates (with the query limits), runs every plugin and formats the errors; only the execution of a
 * validated operation is a function compiled once per document and operation (issue 14: graphql-js's interpretation
 * of the 37 KB page was about a tenth of a read's CPU).
 *
 * Compiled functions are kept per parsed document: Apollo's document store gives the same `DocumentNode` for the same
 * query text, and evicts it by size; the compiled function goes with it (a WeakMap). A distinct text costs one
 * compilation, after its parse and validation, within the token, depth, alias and cost limits (limieten.ts).
 */
type GatewayInterface = ApolloServerOptionsWithGateway<never>['gateway'];
type GatewayExecutor = Awaited<ReturnType<GatewayInterface['load']>>['executor'];

export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  const gecompileerd = new WeakMap<DocumentNode, Map<string, CompiledQuery>>();

  const executor: GatewayExecutor = async (rc) => {
    const document = rc.document;
    const naam = rc.operationName ?? '';
    let perOperatie = gecompileerd.get(document);
    if (!perOperatie) {
      perOperatie = new Map();
      gecompileerd.set(document, perOperatie);
    }
    let q = perOperatie.get(naam);
    if (!q) {
      const c = compileQuery(schema, document, rc.operationName ?? undefined);
      if (!isCompiledQuery(c)) return metFouten(c) as never;
      q = c;
      perOperatie.set(naam, q);
    }
    // Variables are coerced by graphql-js first: its messages name the type and the path of a wrong value, which the
    // error formatting (foutopmaak.ts) turns into BAD_USER_INPUT without echoing the value, and it fills in the
    // defaults of non-null input fields, which graphql-jit 0.8.9 refuses as missing ("Field value.acuut of required
    // type Boolean! was not provided"). graphql-jit then coerces once more what graphql-js made of them, written back
    // as input (enums by name); every scalar's parseValue accepts its own output (scalars.ts, tekst.ts, bsn.scalar.ts).
    const variabelen: Record<string, unknown> = {};
    const operatie = getOperationAST(document, rc.operationName ?? undefined);
    if (operatie?.variableDefinitions?.length) {
      const gecontroleerd = getVariableValues(schema, operatie.variableDefinitions, rc.request.variables ?? {}, {
        maxErrors: 50,
      });
      if (gecontroleerd.errors) return { errors: gecontroleerd.errors } as never;
      for (const def of operatie.variableDefinitions) {
        const naamVar = def.variable.name.value;
        if (!(naamVar in gecontroleerd.coerced)) continue;
        variabelen[naamVar] = alsInvoer(
          typeFromAST(schema, def.type) as GraphQLInputType,
          gecontroleerd.coerced[naamVar],
        );
      }
    }
    return metFouten(await q.query(undefined, rc.context, variabelen)) as never;
  };
  return {
    async load() {
      return { schema, executor };
    },
    onSchemaLoadOrUpdate(terug) {
      terug({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}

/** A coerced value written back as a client would send it: an enum by its name, the rest as it is. */
function alsInvoer(type: GraphQLInputType, waarde: unknown): unknown {
  if (waarde === null || waarde === undefined) return waarde;
  const t = getNullableType(type);
  if (isListType(t)) return Array.isArray(waarde) ? waarde.map((w) => alsInvoer(t.ofType, w)) : waarde;
  if (isEnumType(t)) return t.serialize(waarde);
  if (isInputObjectType(t)) {
    const velden = t.getFields();
    const uit: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(waarde as Record<string, unknown>)) {
      uit[k] = velden[k] ? alsInvoer(velden[k].type, v) : v;
    }
    return uit;
  }
  return waarde;
}

/**
 * graphql-jit's errors are its own subclass of GraphQLError without `extensions` when the cause has none (graphql-js
 * always gives an object, and Apollo reads `extensions.code`): each becomes a graphql-js error as `locatedError`
 * makes it, with the cause's message, extensions and stack, its path and its locations.
 */
function metFouten(r: ExecutionResult): ExecutionResult {
  if (!r.errors?.length) return r;
  return {
    ...r,
    errors: r.errors.map((e) => {
      const fout = new GraphQLError(e.message, {
        path: e.path,
        originalError: e.originalError ?? undefined,
        extensions: e.extensions ?? undefined,
      });
      if (e.locations) Object.assign(fout, { locations: e.locations });
      return fout;
    }),
  };
}
