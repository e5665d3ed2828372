import { mapSchema, MapperKind, pruneSchema } from '@graphql-tools/utils';
import {
  defaultFieldResolver,
  getNamedType,
  GraphQLError,
  isObjectType,
  type GraphQLFieldConfig,
  type GraphQLSchema,
} from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { and, deny, shield } from 'graphql-shield';

import type { Rol } from '../auth/rollen';
import type { Privacybeleid } from './beleid.types';
import { rijregels, type RijRegel } from './rijregels';
import { heeftRol, isGeauthenticeerd } from './toegangsregels';
import type { RequestContext } from '../lib/context';
import { geenToegang } from '../lib/errors';

const ROOTS = new Set(['Query', 'Mutation']);

/**
 * Which fields of the full schema an audience may see, per the policy. A field is kept only when
 * the policy grants it AND its type (if an object type) keeps at least one field for this audience:
 * computed to a fixed point, so no kept field can point at a pruned type.
 */
export function zichtbareVelden(volledig: GraphQLSchema, rol: Rol, beleid: Privacybeleid): Map<string, Set<string>> {
  const zichtbaar = new Map<string, Set<string>>();
  for (const type of Object.values(volledig.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const velden = new Set<string>();
    for (const veld of Object.keys(type.getFields())) {
      if (veldToegestaan(beleid, type.name, veld, rol)) velden.add(veld);
    }
    zichtbaar.set(type.name, velden);
  }
  let veranderd = true;
  while (veranderd) {
    veranderd = false;
    for (const [typeNaam, velden] of zichtbaar) {
      const type = volledig.getType(typeNaam);
      if (!isObjectType(type)) continue;
      for (const veld of [...velden]) {
        const doel = getNamedType(type.getFields()[veld].type);
        if (isObjectType(doel) && (zichtbaar.get(doel.name)?.size ?? 0) === 0) {
          velden.delete(veld);
          veranderd = true;
        }
      }
    }
  }
  return zichtbaar;
}

/** The policy's verdict on one field for one audience (deny when the policy is silent). */
export function veldToegestaan(beleid: Privacybeleid, typeNaam: string, veld: string, rol: Rol): boolean {
  if (ROOTS.has(typeNaam)) {
    const ops = beleid.operaties[typeNaam as 'Query' | 'Mutation'];
    return ops[veld]?.doelgroepen.includes(rol) ?? false;
  }
  const tb = beleid.typen[typeNaam];
  if (!tb) return false;
  const rollen = tb.velden[veld] ?? tb.velden['*'] ?? [];
  return rollen.includes(rol);
}

export interface SchemaLagen {
  /** graphql-shield on entry points and the row guard on objects. Off only in the benchmark's baseline. */
  autorisatie: boolean;
  onRijWeigering?: (typeNaam: string, ctx: RequestContext) => void;
}

/**
 * Builds one audience's schema from the full schema and the policy:
 * 1. prunes every field and type the audience may not see (introspection shows only what is left, and
 *    asking for anything else is a validation error at no runtime cost);
 * 2. wraps every field that returns a policy-guarded object type in a row guard that evaluates the
 *    type's row rule once per returned object (a denied object fails the field with FORBIDDEN);
 * 3. applies graphql-shield, deny by default, to the entry points (every Query and Mutation field).
 * Scalars are never wrapped: per-field shield costs 35-45% of throughput (reference/performance-security.md A1).
 */
export function bouwDoelgroepSchema(
  volledig: GraphQLSchema,
  rol: Rol,
  beleid: Privacybeleid,
  lagen: SchemaLagen,
): GraphQLSchema {
  const zichtbaar = zichtbareVelden(volledig, rol, beleid);
  let schema = mapSchema(volledig, {
    [MapperKind.OBJECT_TYPE]: (type) => ((zichtbaar.get(type.name)?.size ?? 0) > 0 ? type : null),
    [MapperKind.OBJECT_FIELD]: (cfg, veld, typeNaam) => {
      if (!zichtbaar.get(typeNaam)?.has(veld)) return null;
      if (!lagen.autorisatie) return cfg;
      const doel = getNamedType(cfg.type);
      if (!isObjectType(doel)) return cfg;
      const tb = beleid.typen[doel.name];
      if (!tb) throw new Error(`Het privacybeleid kent type ${doel.name} niet (veld ${typeNaam}.${veld})`);
      if (tb.rij === 'geenPersoonsgegevens') return cfg;
      return metRijbewaking(
        cfg as GraphQLFieldConfig<unknown, RequestContext>,
        doel.name,
        rijregels[tb.rij],
        lagen.onRijWeigering,
      );
    },
  });
  schema = pruneSchema(schema);
  if (!lagen.autorisatie) return schema;

  const regelboom: Record<string, Record<string, ReturnType<typeof and>>> = {};
  for (const root of ROOTS) {
    const type = root === 'Query' ? schema.getQueryType() : schema.getMutationType();
    if (!type) continue;
    regelboom[root] = {};
    for (const veld of Object.keys(type.getFields())) {
      const op = beleid.operaties[root as 'Query' | 'Mutation'][veld];
      if (op) regelboom[root][veld] = and(isGeauthenticeerd, heeftRol(op.doelgroepen));
    }
  }
  const generator = shield(regelboom, {
    fallbackRule: deny,
    fallbackError: () => geenToegang(),
    // Resolver errors (validation, not found) pass through with their own code; Apollo's formatError
    // masks anything that is not a deliberate GraphQLError, so no internal detail leaks.
    allowExternalErrors: true,
    debug: false,
  });
  // Only the entry points get shield's middleware; see the function comment for why not every field.
  const veldkaart = generator.generate(schema) as Record<string, unknown>;
  const ingangen: Record<string, unknown> = {};
  for (const root of ROOTS) if (veldkaart[root]) ingangen[root] = veldkaart[root];
  return applyMiddleware(schema, ingangen as never);
}

function isPromise(v: unknown): v is Promise<unknown> {
  return typeof (v as Promise<unknown> | null)?.then === 'function';
}

/** Wraps a field so every object it returns passes the row rule of its type. */
function metRijbewaking(
  cfg: GraphQLFieldConfig<unknown, RequestContext>,
  typeNaam: string,
  regel: RijRegel,
  onWeigering?: (typeNaam: string, ctx: RequestContext) => void,
): GraphQLFieldConfig<unknown, RequestContext> {
  const resolve = cfg.resolve ?? defaultFieldResolver;
  const controleer = (waarde: unknown, ctx: RequestContext): unknown => {
    if (waarde == null || waarde instanceof GraphQLError) return waarde;
    if (Array.isArray(waarde)) {
      for (const w of waarde) controleer(w, ctx);
      return waarde;
    }
    if (!regel(waarde as never, ctx.actor, ctx.clock.now())) {
      onWeigering?.(typeNaam, ctx);
      throw geenToegang();
    }
    return waarde;
  };
  return {
    ...cfg,
    // Once per field when the schema is built, not per request: the spread stays readable here.
    // eslint-disable-next-line no-restricted-syntax
    resolve(bron, args, ctx, info) {
      const r = resolve(bron, args, ctx, info);
      return isPromise(r) ? r.then((v) => controleer(v, ctx)) : controleer(r, ctx);
    },
  };
}
