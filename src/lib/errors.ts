import { GraphQLError } from 'graphql';

/**
 * Stable error codes (extensions.code). Clients may branch on these; never rename one.
 * Messages are Dutch and say what the caller can do about it.
 */
export const Foutcode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  AUDIT_UNAVAILABLE: 'AUDIT_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type Foutcode = (typeof Foutcode)[keyof typeof Foutcode];

/** One problem with one input field; `code` is stable (e.g. ONGELDIG_BSN). */
export interface VeldFout {
  veld: string;
  code: string;
  melding: string;
}

/** Bad input: nothing was changed. Carries every field problem found, not just the first. */
export function ongeldigeInvoer(fouten: VeldFout[]): GraphQLError {
  const eerste = fouten[0];
  const samenvatting =
    fouten.length === 1 && eerste
      ? `${eerste.veld}: ${eerste.melding}`
      : `${fouten.length} invoerfouten; zie extensions.fouten`;
  return new GraphQLError(`Ongeldige invoer. ${samenvatting}`, {
    extensions: { code: Foutcode.BAD_USER_INPUT, fouten },
  });
}

export function nietGevonden(wat: string): GraphQLError {
  return new GraphQLError(`${wat} bestaat niet of is voor u niet zichtbaar.`, {
    extensions: { code: Foutcode.NOT_FOUND },
  });
}

export function geenToegang(reden = 'U heeft geen toegang tot deze gegevens of handeling.'): GraphQLError {
  return new GraphQLError(reden, { extensions: { code: Foutcode.FORBIDDEN } });
}

export function nietGeauthenticeerd(reden: string): GraphQLError {
  return new GraphQLError(`Niet geauthenticeerd: ${reden}`, { extensions: { code: Foutcode.UNAUTHENTICATED } });
}

/**
 * A refused process step, with a stable code in extensions.reden (extensions.code stays BAD_USER_INPUT, or CONFLICT
 * where the step was already taken by someone else): the object is in a state where the step does not apply.
 */
export function procesFout(
  reden: string,
  bericht: string,
  extra: Record<string, unknown> = {},
  code: 'BAD_USER_INPUT' | 'CONFLICT' = Foutcode.BAD_USER_INPUT,
): GraphQLError {
  return new GraphQLError(bericht, { extensions: { code, reden, ...extra } });
}
