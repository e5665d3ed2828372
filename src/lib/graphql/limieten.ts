import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import {
  getNamedType,
  getVariableValues,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  Lexer,
  Source,
  TokenKind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/**
 * The query limits: depth, aliases, directives, tokens and cost. A refusal says which limit, its value and the
 * query's: `extensions.reden` (below), `limiet`, `waarde`, and a Dutch message naming them. None of these numbers is a
 * secret: they are the installation's documented settings, and a client that hits one must be able to fix its query.
 */
export const LimietReden = {
  QUERY_TE_DIEP: 'QUERY_TE_DIEP',
  TE_VEEL_ALIASSEN: 'TE_VEEL_ALIASSEN',
  TE_VEEL_DIRECTIVES: 'TE_VEEL_DIRECTIVES',
  TE_VEEL_TOKENS: 'TE_VEEL_TOKENS',
  QUERY_TE_DUUR: 'QUERY_TE_DUUR',
} as const;
export type LimietReden = (typeof LimietReden)[keyof typeof LimietReden];

/** The page size argument of every paginated list (src/lib/graphql/paginering.ts). */
const PAGINA_ARGUMENT = 'eerste';

/** Kept cost counts per document (distinct operation and variables), and the longest variables kept (characters). */
const KOSTEN_PER_DOCUMENT = 64;
const MAX_SLEUTEL = 2_000;

/** Field evaluations the cost count may take (fragments spread over and over multiply them); beyond: refused. */
const MAX_KNOPEN = 10_000;

export interface QueryLimieten {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  /** The assumed length of a list without a page size argument. */
  lijstSchatting: number;
}

export function limietFout(
  reden: LimietReden,
  limiet: number,
  waarde: number | null,
  bericht: string,
  extra: { code?: string; http?: boolean } = {},
): GraphQLError {
  return new GraphQLError(bericht, {
    extensions: {
      ...(extra.code ? { code: extra.code } : {}),
      reden,
      limiet,
      waarde,
      // Apollo takes the HTTP status from here (and leaves it out of the answer).
      ...(extra.http ? { http: { status: 400, headers: new HeaderMap() } } : {}),
    },
  });
}

/** Whether a field is part of introspection, which has its own depth (and is off in production). */
const isIntrospectie = (naam: string): boolean => naam === '__schema' || naam === '__type';

interface Structuur {
  /** Field levels below the selection set (1: only scalars or leaves directly in it). */
  diepte: number;
  aliassen: number;
  directives: number;
}

/**
 * Depth, aliases and directives of a selection set with its fragments inlined, as the server would execute it: a
 * fragment spread twice counts twice. Each fragment is summarised once (memo), so nested spreads cost linear time
 * however often they multiply; a fragment cycle (refused by graphql-js's own rule) counts as empty.
 */
function structuur(
  context: ValidationContext,
  set: SelectionSetNode,
  memo: Map<string, Structuur>,
  bezig: Set<string>,
): Structuur {
  const uit: Structuur = { diepte: 0, aliassen: 0, directives: 0 };
  const voegToe = (onder: Structuur, extraDiepte: number): void => {
    uit.diepte = Math.max(uit.diepte, onder.diepte + extraDiepte);
    uit.aliassen += onder.aliassen;
    uit.directives += onder.directives;
  };
  for (const s of set.selections) {
    uit.directives += s.directives?.length ?? 0;
    if (s.kind === Kind.FIELD) {
      if (isIntrospectie(s.name.value)) continue;
      if (s.alias && s.alias.value !== s.name.value) uit.aliassen += 1;
      voegToe(
        s.selectionSet ? structuur(context, s.selectionSet, memo, bezig) : { diepte: 0, aliassen: 0, directives: 0 },
        1,
      );
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      voegToe(structuur(context, s.selectionSet, memo, bezig), 0);
    } else {
      const naam = s.name.value;
      let samenvatting = memo.get(naam);
      if (!samenvatting) {
        const fragment: FragmentDefinitionNode | null | undefined = context.getFragment(naam);
        if (!fragment || bezig.has(naam)) continue;
        bezig.add(naam);
        const binnen = structuur(context, fragment.selectionSet, memo, bezig);
        bezig.delete(naam);
        samenvatting = { ...binnen, directives: binnen.directives + (fragment.directives?.length ?? 0) };
        memo.set(naam, samenvatting);
      }
      voegToe(samenvatting, 0);
    }
  }
  return uit;
}

/** Depth, aliases and directives per operation, as one validation rule (one walk). */
export function structuurRegel(l: Pick<QueryLimieten, 'maxDepth' | 'maxAliases' | 'maxDirectives'>): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const memo = new Map<string, Structuur>();
    return {
      OperationDefinition(op: OperationDefinitionNode) {
        const s = structuur(context, op.selectionSet, memo, new Set());
        const { diepte, aliassen } = s;
        const directives = s.directives + (op.directives?.length ?? 0);
        if (diepte > l.maxDepth) {
          context.reportError(
            limietFout(
              LimietReden.QUERY_TE_DIEP,
              l.maxDepth,
              diepte,
              `De query is ${diepte} niveaus diep; de grens is ${l.maxDepth}.`,
            ),
          );
        }
        if (aliassen > l.maxAliases) {
          context.reportError(
            limietFout(
              LimietReden.TE_VEEL_ALIASSEN,
              l.maxAliases,
              aliassen,
              `De query heeft ${aliassen} aliassen; de grens is ${l.maxAliases}.`,
            ),
          );
        }
        if (directives > l.maxDirectives) {
          context.reportError(
            limietFout(
              LimietReden.TE_VEEL_DIRECTIVES,
              l.maxDirectives,
              directives,
              `De query heeft ${directives} directives; de grens is ${l.maxDirectives}.`,
            ),
          );
        }
        return false;
      },
    };
  };
}

/** Whether a type is a Relay connection (its items under `edges`, paging under `pageInfo`). */
function isConnection(type: GraphQLCompositeType | undefined): boolean {
  if (!type || !isObjectType(type)) return false;
  const velden = type.getFields();
  return 'edges' in velden && 'pageInfo' in velden;
}

/**
 * The cost of a field: the number of objects it can return. Scalars cost nothing (the token limit bounds them); an
 * object costs 1 plus what is below it; a field with a page size multiplies that by the page size, any other list by
 * `lijstSchatting`. A connection's wrapper objects (the connection, its edges and pageInfo) cost nothing of their own:
 * what counts is its nodes, page size times.
 */
export function kostenSchatter(lijstSchatting: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    // Introspection reads the static schema, never data (and is off in production).
    if (field.name.startsWith('__') || type.name.startsWith('__')) return 0;
    const doel = getNamedType(field.type);
    if (!isCompositeType(doel)) return 0;
    if (isConnection(type)) {
      if (field.name === 'edges') return childComplexity;
      if (field.name === 'pageInfo') return 0;
    }
    const pagina = args[PAGINA_ARGUMENT] as unknown;
    const factor =
      typeof pagina === 'number' && Number.isFinite(pagina)
        ? Math.max(1, Math.floor(pagina))
        : isListType(getNullableType(field.type))
          ? lijstSchatting
          : 1;
    return factor * ((isConnection(doel) ? 0 : 1) + childComplexity);
  };
}

/**
 * The cost limit as an Apollo plugin: after validation, with the request's variables (a page size is usually one), so
 * `meldingen(eerste: $n)` counts n. Invalid variables are left to execution, which refuses them with its own error.
 */
export function kostenPlugin<C extends BaseContext>(
  l: Pick<QueryLimieten, 'maxCost' | 'lijstSchatting'>,
  /** Called with the cost of every accepted operation (a cost budget per caller); may throw to refuse it. */
  opKosten?: (kosten: number, context: C) => Promise<void>,
): ApolloServerPlugin<C> {
  const schatter = kostenSchatter(l.lijstSchatting);
  // The cost of a document with the same operation and variables is the same every time: counted once. Apollo keeps one
  // DocumentNode per query text (its document store), so the cache lives as long as the document; per document at most
  // KOSTEN_PER_DOCUMENT variable sets, and only small ones (a large mutation input is not worth keeping).
  const kostenCache = new WeakMap<object, Map<string, number | null>>();
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: async ({ request, document, schema, operation, contextValue }) => {
          // Invalid variables: left to execution, which refuses them (src/lib/graphql/foutopmaak.ts keeps their values
          // out of the message).
          const sleutel = `${request.operationName ?? ''}\u0000${JSON.stringify(request.variables ?? {})}`;
          const perDocument = kostenCache.get(document);
          const bekend = perDocument?.get(sleutel);
          if (bekend === null) return;
          if (bekend !== undefined) {
            if (opKosten) await opKosten(bekend, contextValue);
            return;
          }
          const onthoud = (k: number | null): void => {
            if (sleutel.length > MAX_SLEUTEL) return;
            const m = perDocument ?? new Map<string, number | null>();
            if (!perDocument) kostenCache.set(document, m);
            if (m.size < KOSTEN_PER_DOCUMENT) m.set(sleutel, k);
          };
          if (getVariableValues(schema, operation?.variableDefinitions ?? [], request.variables ?? {}).errors) {
            onthoud(null);
            return;
          }
          let kosten: number;
          try {
            kosten = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              operationName: request.operationName ?? undefined,
              estimators: [schatter],
              maxQueryNodes: MAX_KNOPEN,
            });
          } catch {
            // Over MAX_KNOPEN field evaluations (fragments spread many times over): too large to count, so refused.
            throw limietFout(
              LimietReden.QUERY_TE_DUUR,
              l.maxCost,
              null,
              `De query is te groot om door te rekenen (meer dan ${MAX_KNOPEN} velden met de fragmenten uitgeschreven); de kostengrens is ${l.maxCost}.`,
              { code: 'GRAPHQL_VALIDATION_FAILED', http: true },
            );
          }
          if (kosten > l.maxCost) {
            // Not kept: a refused query is refused by counting again (and rarely repeated).
            throw limietFout(
              LimietReden.QUERY_TE_DUUR,
              l.maxCost,
              kosten,
              `De query kost ${kosten} punten (objecten, lijsten maal hun paginagrootte); de grens is ${l.maxCost}.`,
              { code: 'GRAPHQL_VALIDATION_FAILED', http: true },
            );
          }
          onthoud(kosten);
          if (opKosten) await opKosten(kosten, contextValue);
        },
      }),
  };
}

/** Tokens in a document, counting at most `tot` (a refused document is not lexed to its end). */
export function telTokens(tekst: string, tot: number): number {
  const lexer = new Lexer(new Source(tekst));
  let n = 0;
  try {
    while (n <= tot && lexer.advance().kind !== TokenKind.EOF) n += 1;
  } catch {
    // A syntax error further on: what was counted stands.
  }
  return n;
}

/** The refusal of a document over the token limit (graphql-js stops parsing at the limit). */
export function tokenFout(tekst: string | undefined, maxTokens: number): GraphQLError {
  const plafond = maxTokens * 10;
  const n = tekst === undefined ? maxTokens + 1 : telTokens(tekst, plafond);
  const bericht =
    n > plafond
      ? `Het document heeft meer dan ${plafond} tokens; de grens is ${maxTokens}.`
      : `Het document heeft ${n} tokens; de grens is ${maxTokens}.`;
  return limietFout(LimietReden.TE_VEEL_TOKENS, maxTokens, n, bericht, { code: 'GRAPHQL_PARSE_FAILED' });
}
