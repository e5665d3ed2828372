import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';

import { TijdstipScalar } from '../scalars';
import { valideerInvoer } from './validatie';

/**
 * The full schema, as the code declares it: every type and field of every audience. It is never
 * served as is; each audience gets a pruned copy (src/beleid/doelgroep-schema.ts). schema.graphql is its print.
 */
export async function bouwVolledigSchema(resolvers: readonly Function[]): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: resolvers as unknown as NonEmptyArray<Function>,
    scalarsMap: [{ type: Date, scalar: TijdstipScalar }],
    validateFn: (waarde) => valideerInvoer(waarde),
    emitSchemaFile: false,
  });
}

/** The stable text form of a schema (sorted, so diffs show real changes only). */
export function printStabiel(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
