import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { expect } from 'vitest';

import type { TestApp } from './testapp';

/** The schema a token's role gets, as the server shows it through introspection. */
export async function schemaVan(app: TestApp, token: string): Promise<GraphQLSchema> {
  const r = await app.gql<IntrospectionQuery>(token, getIntrospectionQuery());
  expect(r.body.errors).toBeUndefined();
  return buildClientSchema(r.body.data!);
}

const heeftVerplichteArgumenten = (f: GraphQLField<unknown, unknown>): boolean =>
  f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined);

/**
 * Every field of `type` the role can ask for without arguments, object fields recursively up to `diepte` levels, each
 * object with its `__typename` (so a test can find the objects of a type anywhere in an answer).
 */
export function volledigeSelectie(type: GraphQLObjectType, diepte = 4): string {
  const delen = ['__typename'];
  for (const f of Object.values(type.getFields())) {
    if (heeftVerplichteArgumenten(f)) continue;
    const doel = getNamedType(f.type);
    if (isObjectType(doel)) {
      if (diepte > 0) delen.push(`${f.name} { ${volledigeSelectie(doel, diepte - 1)} }`);
    } else {
      delen.push(f.name);
    }
  }
  return delen.join(' ');
}

/** One way to call a root field: the document and its variables. */
export interface Aanroep {
  veld: string;
  query: string;
  variables: Record<string, unknown>;
}

/**
 * Calls of every query of a role's schema with everything it may select: a field taking an id is called with each of
 * `ids`, an enum argument with each of its values (one call each), other optional arguments are left out. Fields with
 * a required argument of another kind are skipped (returned in `overgeslagen`, so a test can insist there are none).
 */
export function alleLeesaanroepen(
  schema: GraphQLSchema,
  ids: readonly string[],
): { aanroepen: Aanroep[]; overgeslagen: string[] } {
  const aanroepen: Aanroep[] = [];
  const overgeslagen: string[] = [];
  const query = schema.getQueryType();
  for (const f of Object.values(query?.getFields() ?? {})) {
    if (f.name.startsWith('__')) continue;
    const doel = getNamedType(f.type);
    const selectie = isObjectType(doel) ? ` { ${volledigeSelectie(doel)} }` : '';
    let varianten: Record<string, unknown>[] = [{}];
    const parameters: { naam: string; type: string }[] = [];
    let kan = true;
    for (const a of f.args) {
      const t = getNamedType(a.type);
      const verplicht = isNonNullType(a.type) && a.defaultValue === undefined;
      if (t.name === 'ID' && verplicht) {
        parameters.push({ naam: a.name, type: String(a.type) });
        varianten = varianten.flatMap((v) => ids.map((id) => ({ ...v, [a.name]: id })));
      } else if (isEnumType(t) && !isNonNullType(a.type)) {
        parameters.push({ naam: a.name, type: String(a.type) });
        varianten = varianten.flatMap((v) => t.getValues().map((w) => ({ ...v, [a.name]: w.name })));
      } else if (verplicht) {
        kan = false;
      }
    }
    if (!kan) {
      overgeslagen.push(f.name);
      continue;
    }
    const kop = parameters.length ? `(${parameters.map((p) => `$${p.naam}: ${p.type}`).join(', ')})` : '';
    const args = parameters.length ? `(${parameters.map((p) => `${p.naam}: $${p.naam}`).join(', ')})` : '';
    const doc = `query${kop} { ${f.name}${args}${selectie} }`;
    for (const v of varianten) aanroepen.push({ veld: f.name, query: doc, variables: v });
  }
  return { aanroepen, overgeslagen };
}

/** Every object in an answer whose `__typename` is one of `typen`, wherever it sits. */
export function objectenVan(antwoord: unknown, typen: readonly string[]): Record<string, unknown>[] {
  const uit: Record<string, unknown>[] = [];
  const loop = (w: unknown): void => {
    if (Array.isArray(w)) w.forEach(loop);
    else if (w && typeof w === 'object') {
      const o = w as Record<string, unknown>;
      if (typen.includes(o.__typename as string)) uit.push(o);
      Object.values(o).forEach(loop);
    }
  };
  loop(antwoord);
  return uit;
}

/**
 * The field paths below `object` for which the answer holds a value (not null, not an empty list), sorted: what the
 * reader received of it. `__typename` is not data.
 */
export function ontvangenVelden(object: Record<string, unknown>): string[] {
  const paden = new Set<string>();
  const loop = (w: unknown, pad: string): void => {
    if (w == null || (Array.isArray(w) && w.length === 0)) return;
    if (Array.isArray(w)) {
      w.forEach((x) => loop(x, pad));
      return;
    }
    if (typeof w === 'object') {
      for (const [k, v] of Object.entries(w as Record<string, unknown>)) {
        if (k !== '__typename') loop(v, pad ? `${pad}.${k}` : k);
      }
      return;
    }
    paden.add(pad);
  };
  loop(object, '');
  return [...paden].sort();
}
