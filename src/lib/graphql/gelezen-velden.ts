import {
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';

/**
 * The field paths a request selects below the current field (fragments and aliases resolved),
 * e.g. ['betrokkenen.persoon.bsn', 'omschrijving']. Recorded in the audit trail as "fields returned".
 * `onder` descends first, e.g. ['edges', 'node'] for a connection.
 *
 * The paths depend only on the operation's text, the position of the field in it and, through @skip and @include, on
 * variables. Apollo's document store hands out the same parsed operation for the same query text, so the paths are
 * kept per operation and field (a WeakMap: they go with the operation) and a repeated query does not walk its
 * selection again (issue 14: about a twentieth of a page's CPU). An operation with @skip or @include anywhere is
 * computed afresh every time. Callers get a copy.
 */
export function gelezenVelden(info: GraphQLResolveInfo, onder: readonly string[] = []): string[] {
  const perPositie = bewaardVoor(info);
  if (!perPositie) return bereken(info, onder);
  const sleutel = `${positie(info)}#${onder.join('.')}`;
  let paden = perPositie.get(sleutel);
  if (!paden) {
    paden = bereken(info, onder);
    perPositie.set(sleutel, paden);
  }
  return [...paden];
}

function bereken(info: GraphQLResolveInfo, onder: readonly string[]): string[] {
  const boom = parseResolveInfo(info) as ResolveTree | null;
  if (!boom) return [];
  let knopen: ResolveTree[] = [boom];
  for (const stap of onder) {
    knopen = knopen.flatMap((k) => kinderen(k).filter((c) => c.name === stap));
  }
  const paden = new Set<string>();
  const loop = (k: ResolveTree, prefix: string): void => {
    const kids = kinderen(k);
    if (kids.length === 0) {
      if (prefix) paden.add(prefix);
      return;
    }
    for (const c of kids) {
      if (c.name === '__typename') continue;
      loop(c, prefix ? `${prefix}.${c.name}` : c.name);
    }
  };
  for (const k of knopen) loop(k, '');
  return [...paden].sort();
}

function kinderen(k: ResolveTree): ResolveTree[] {
  return Object.values(k.fieldsByTypeName).flatMap((velden) => Object.values(velden));
}

/**
 * Per schema (each role has its own) and operation: the paths per field, or null where @skip or @include make them
 * depend on variables.
 */
const bewaard = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, Map<string, string[]> | null>>();

function bewaardVoor(info: GraphQLResolveInfo): Map<string, string[]> | null {
  let perOperatie = bewaard.get(info.schema);
  if (!perOperatie) {
    perOperatie = new WeakMap();
    bewaard.set(info.schema, perOperatie);
  }
  let b = perOperatie.get(info.operation);
  if (b === undefined) {
    const fragmenten = Object.values(info.fragments).map((f) => f.selectionSet);
    b = [info.operation.selectionSet, ...fragmenten].some(heeftVoorwaarde) ? null : new Map();
    perOperatie.set(info.operation, b);
  }
  return b;
}

function heeftVoorwaarde(set: SelectionSetNode | undefined): boolean {
  if (!set) return false;
  return set.selections.some(
    (s) =>
      (s.directives ?? []).some((d) => d.name.value === 'skip' || d.name.value === 'include') ||
      (s.kind !== Kind.FRAGMENT_SPREAD && heeftVoorwaarde(s.selectionSet)),
  );
}

/** A number per field node of a parsed document, for the key of a position (WeakMap: it goes with the document). */
const knoopNummers = new WeakMap<FieldNode, number>();
let volgendNummer = 0;

/**
 * Which selection the field has: the field nodes merged into it (by identity; one node is merged with others under one
 * concrete type and not under another) on its parent type. The same nodes on the same type select the same paths,
 * wherever a fragment places them.
 */
function positie(info: GraphQLResolveInfo): string {
  const knopen = info.fieldNodes.map((n) => {
    let k = knoopNummers.get(n);
    if (k === undefined) {
      volgendNummer += 1;
      k = volgendNummer;
      knoopNummers.set(n, k);
    }
    return k;
  });
  return `${info.parentType.name}:${knopen.join(',')}`;
}
