import { GraphQLScalarType } from 'graphql';

import { invoerFout, stringLiteral } from '../lib/scalars';
import { isGeldigBsn } from './bsn';

function parseBsn(value: unknown): string {
  if (typeof value !== 'string' || !isGeldigBsn(value)) {
    throw invoerFout('ONGELDIG_BSN', 'Geen geldig BSN: verwacht 9 cijfers die aan de 11-proef voldoen');
  }
  return value;
}

/** A burgerservicenummer; input is checked with the 11-proef. */
export const BsnScalar = new GraphQLScalarType({
  name: 'BSN',
  description: 'Burgerservicenummer: 9 cijfers die aan de 11-proef voldoen.',
  serialize: (v) => String(v),
  parseValue: parseBsn,
  parseLiteral: (ast) => parseBsn(stringLiteral(ast, 'BSN', 'ONGELDIG_BSN')),
});
