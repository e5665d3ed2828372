import { buildSchema, execute, parse, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { describe, expect, it } from 'vitest';

import { gelezenVelden } from '../../src/lib/graphql/gelezen-velden';

/**
 * gelezenVelden keeps the paths per operation and field (issue 14). What it keeps must never be another selection's
 * answer: not under @skip/@include with other variables, not for another concrete type at the same place, not for
 * and not after a caller changed the list it got. Each case runs twice with the same parsed document
 * (as Apollo's document store hands it out), through graphql-js and through graphql-jit (the production executor).
 */

const SDL = `
  interface Ding { id: ID! sub: Sub! }
  type Kind implements Ding { id: ID! sub: Sub! }
  type Ouder implements Ding { id: ID! sub: Sub! }
  type Sub { a: String b: String c: String }
  type Query { dingen: [Ding!]! sub: Sub! }
`;

type Uitvoerder = (schema: GraphQLSchema, doc: ReturnType<typeof parse>, variabelen?: Record<string, unknown>) => void;

const viaGraphqlJs: Uitvoerder = (schema, doc, variabelen) => {
  const r = execute({ schema, document: doc, variableValues: variabelen }) as { errors?: unknown };
  expect(r.errors).toBeUndefined();
};
const viaJit: Uitvoerder = (schema, doc, variabelen) => {
  const q = compileQuery(schema, doc);
  if (!isCompiledQuery(q)) throw new Error('compileQuery mislukte');
  const r = q.query(undefined, undefined, variabelen ?? {}) as { errors?: unknown };
  expect(r.errors).toBeUndefined();
};

/** A schema whose `sub` resolvers record what gelezenVelden returns, per parent type; the caller may spoil its copy. */
function maakSchema(gezien: string[][], bederf = false): GraphQLSchema {
  const schema = buildSchema(SDL);
  const sub = (_: unknown, __: unknown, ___: unknown, info: GraphQLResolveInfo) => {
    const velden = gelezenVelden(info);
    gezien.push([info.parentType.name, ...velden]);
    if (bederf) velden.push('bedorven');
    return { a: 'a', b: 'b', c: 'c' };
  };
  const kind = schema.getType('Kind') as unknown as { getFields(): Record<string, { resolve?: unknown }> };
  const ouder = schema.getType('Ouder') as unknown as { getFields(): Record<string, { resolve?: unknown }> };
  const query = schema.getQueryType() as unknown as { getFields(): Record<string, { resolve?: unknown }> };
  kind.getFields().sub.resolve = sub;
  ouder.getFields().sub.resolve = sub;
  query.getFields().sub.resolve = sub;
  query.getFields().dingen.resolve = () => [
    { __typename: 'Kind', id: '1' },
    { __typename: 'Ouder', id: '2' },
  ];
  (schema.getType('Ding') as unknown as { resolveType: (d: { __typename: string }) => string }).resolveType = (d) =>
    d.__typename;
  return schema;
}

describe.each([
  ['graphql-js', viaGraphqlJs],
  ['graphql-jit', viaJit],
])('gelezenVelden, per operatie bewaard (%s)', (_naam, voerUit) => {
  it('@include met andere variabelen geeft telkens de eigen selectie', () => {
    const gezien: string[][] = [];
    const schema = maakSchema(gezien);
    const doc = parse(`query($b: Boolean!) { sub { a b @include(if: $b) } }`);
    voerUit(schema, doc, { b: true });
    voerUit(schema, doc, { b: false });
    voerUit(schema, doc, { b: true });
    expect(gezien).toEqual([
      ['Query', 'a', 'b'],
      ['Query', 'a'],
      ['Query', 'a', 'b'],
    ]);
  });

  it('op dezelfde plaats onder een interface per concreet type de eigen selectie, ook de tweede keer', () => {
    const gezien: string[][] = [];
    const schema = maakSchema(gezien);
    const doc = parse(`{ dingen { id ... on Kind { sub { a } } ... on Ouder { sub { b c } } } }`);
    voerUit(schema, doc);
    voerUit(schema, doc);
    expect(gezien).toEqual([
      ['Kind', 'a'],
      ['Ouder', 'b', 'c'],
      ['Kind', 'a'],
      ['Ouder', 'b', 'c'],
    ]);
  });

  it('een veld dat per type met een ander veld wordt samengevoegd, telt per type de samengevoegde selectie', () => {
    const gezien: string[][] = [];
    const schema = maakSchema(gezien);
    // Under Kind, `sub { a }` is merged with `sub { c }`; under Ouder it stands alone: the first field node is the same.
    const doc = parse(`{ dingen { sub { a } ... on Kind { sub { c } } } }`);
    voerUit(schema, doc);
    voerUit(schema, doc);
    expect(gezien).toEqual([
      ['Kind', 'a', 'c'],
      ['Ouder', 'a'],
      ['Kind', 'a', 'c'],
      ['Ouder', 'a'],
    ]);
  });

  it('wat een aanroeper aan zijn lijst verandert, komt niet in de volgende', () => {
    const gezien: string[][] = [];
    const schema = maakSchema(gezien, true);
    const doc = parse(`{ sub { a c } }`);
    voerUit(schema, doc);
    voerUit(schema, doc);
    expect(gezien).toEqual([
      ['Query', 'a', 'c'],
      ['Query', 'a', 'c'],
    ]);
  });
});
