import { GraphQLError } from 'graphql';
import { rule } from 'graphql-shield';

import type { Rol } from '../auth/rollen';
import type { RequestContext } from '../lib/context';

/**
 * graphql-shield rules for entry points (queries and mutations). They read only the verified actor,
 * never parent or args, so `contextual` caching is safe (graphql-shield#349 concerns rules that do).
 */
export const isGeauthenticeerd = rule({ cache: 'contextual' })((_p, _a, ctx: RequestContext) =>
  ctx.actor ? true : new GraphQLError('Niet geauthenticeerd', { extensions: { code: 'UNAUTHENTICATED' } }),
);

type Regel = ReturnType<ReturnType<typeof rule>>;

const rolRegels = new Map<string, Regel>();

/** `heeftRol(...)`: the actor acts in one of these roles. One rule instance per role set. */
export function heeftRol(rollen: readonly Rol[]): Regel {
  const key = [...rollen].sort().join(',');
  let r = rolRegels.get(key);
  if (!r) {
    const toegestaan = new Set<string>(rollen);
    r = rule(`heeftRol(${key})`, { cache: 'contextual' })((_p, _a, ctx: RequestContext) =>
      toegestaan.has(ctx.actor.rol),
    );
    rolRegels.set(key, r);
  }
  return r;
}
