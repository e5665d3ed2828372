import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';

/**
 * The field paths a request selects below the current field (fragments and aliases resolved),
 * e.g. ['betrokkenen.persoon.bsn', 'omschrijving']. Recorded in the audit trail as "fields returned".
 * `onder` descends first, e.g. ['edges', 'node'] for a connection.
 */
export function gelezenVelden(info: GraphQLResolveInfo, onder: readonly string[] = []): string[] {
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
