import { getNamedType, isAbstractType, isObjectType, type GraphQLSchema } from 'graphql';

import type { Privacybeleid } from './beleid.types';
import { rijregels } from './rijregels';

/**
 * Walks a schema against the policy and lists every gap: an operation without a rule, an object type
 * without a row rule, a field the policy does not mention, an abstract type the row guard cannot check.
 * The rule-coverage test asserts this list is empty for the full schema.
 */
export function regelgaten(schema: GraphQLSchema, beleid: Privacybeleid): string[] {
  const gaten: string[] = [];
  for (const root of ['Query', 'Mutation'] as const) {
    const type = root === 'Query' ? schema.getQueryType() : schema.getMutationType();
    for (const veld of Object.keys(type?.getFields() ?? {})) {
      const op = beleid.operaties[root][veld];
      if (!op) gaten.push(`${root}.${veld}: geen regel`);
      else if (op.doelgroepen.length === 0) gaten.push(`${root}.${veld}: regel zonder doelgroep`);
    }
    for (const veld of Object.keys(beleid.operaties[root])) {
      if (!type?.getFields()[veld]) gaten.push(`${root}.${veld}: regel voor een operatie die niet bestaat`);
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isAbstractType(type)) {
      gaten.push(`${type.name}: interfaces en unions worden door de rijbewaking nog niet ondersteund`);
      continue;
    }
    if (!isObjectType(type) || type.name === 'Query' || type.name === 'Mutation') continue;
    const tb = beleid.typen[type.name];
    if (!tb) {
      gaten.push(`${type.name}: geen typebeleid (rijregel en velden)`);
      continue;
    }
    if (!(tb.rij in rijregels)) gaten.push(`${type.name}: onbekende rijregel ${tb.rij}`);
    for (const [veld, def] of Object.entries(type.getFields())) {
      if (!tb.velden[veld] && !tb.velden['*']) gaten.push(`${type.name}.${veld}: niet in het beleid`);
      if (isAbstractType(getNamedType(def.type))) gaten.push(`${type.name}.${veld}: abstract type`);
    }
    for (const veld of [...Object.keys(tb.velden), ...(tb.persoonsgegevens ?? []), ...Object.keys(tb.tekst ?? {})]) {
      if (veld !== '*' && !type.getFields()[veld]) {
        gaten.push(`${type.name}.${veld}: beleid voor een veld dat niet bestaat`);
      }
    }
    for (const [veld, bron] of Object.entries(tb.tekst ?? {})) {
      if (bron === 'VT_INTERN' && !tb.persoonsgegevens?.includes(veld)) {
        gaten.push(`${type.name}.${veld}: interne vrije tekst van VT hoort in persoonsgegevens`);
      }
    }
  }
  for (const naam of Object.keys(beleid.typen)) {
    if (!schema.getType(naam)) gaten.push(`${naam}: beleid voor een type dat niet bestaat`);
  }
  return gaten;
}
