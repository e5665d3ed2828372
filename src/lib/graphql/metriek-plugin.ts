import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';

import { meetGraphql } from '../metrieken';

/**
 * The label of an operation: its type and root field (`query.meldingen`, `mutation.overdrachtAccepteren`). Not the
 * client's operation name, which is free text of unbounded variety: a root field exists in the schema (the operation
 * passed validation), so the set of labels is bounded by the schema. Several root fields are `meerdere`.
 */
export function operatieLabel(operatie: OperationDefinitionNode | undefined): string {
  if (!operatie) return 'ongeldig';
  const velden = new Set<string>();
  for (const s of operatie.selectionSet.selections) {
    if (s.kind !== Kind.FIELD) return `${operatie.operation}.meerdere`;
    velden.add(s.name.value.startsWith('__') ? 'introspectie' : s.name.value);
  }
  if (velden.size > 1) velden.delete('introspectie');
  return `${operatie.operation}.${velden.size === 1 ? [...velden][0] : 'meerdere'}`;
}

/**
 * Measures every request of one audience's server: its duration per operation and role, and the code of every error
 * in its answer (src/lib/metrieken.ts). An operation that fails parsing or validation is `ongeldig`.
 */
export function metriekPlugin<C extends object>(rol: string): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const begin = process.hrtime.bigint();
      let operatie = 'ongeldig';
      return {
        async didResolveOperation({ operation }) {
          operatie = operatieLabel(operation);
        },
        async willSendResponse({ response, errors }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const fouten = body?.errors ?? errors ?? [];
          meetGraphql(
            operatie,
            rol,
            Number(process.hrtime.bigint() - begin) / 1e9,
            fouten.map((f) => f.extensions?.code),
          );
        },
      };
    },
  };
}
