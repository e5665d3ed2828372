import { validate, type ValidationError } from 'class-validator';

import { ongeldigeInvoer, type VeldFout } from '../errors';

/** class-validator constraint names mapped to this API's stable field error codes. */
const CODES: Record<string, string> = {
  maxLength: 'TE_LANG',
  minLength: 'TE_KORT',
  isEmail: 'ONGELDIG_EMAILADRES',
  matches: 'ONGELDIG_FORMAAT',
  arrayMinSize: 'TE_WEINIG',
  arrayMaxSize: 'TE_VEEL',
  arrayUnique: 'DUBBELE_WAARDE',
};

function verzamel(fouten: ValidationError[], prefix: string, uit: VeldFout[]): void {
  for (const f of fouten) {
    const veld = prefix
      ? /^\d+$/.test(f.property)
        ? `${prefix}[${f.property}]`
        : `${prefix}.${f.property}`
      : f.property;
    for (const [constraint, message] of Object.entries(f.constraints ?? {})) {
      uit.push({ veld, code: CODES[constraint] ?? 'ONGELDIG', melding: message });
    }
    if (f.children?.length) verzamel(f.children, veld, uit);
  }
}

/**
 * type-graphql's validateFn: runs class-validator on input objects and turns every failure into one
 * BAD_USER_INPUT error listing all field problems. Runs before the resolver, so nothing is changed.
 */
export async function valideerInvoer(argValue: unknown): Promise<void> {
  if (argValue === null || typeof argValue !== 'object') return;
  const lijst: unknown[] = Array.isArray(argValue) ? argValue : [argValue];
  const fouten: VeldFout[] = [];
  for (const waarde of lijst) {
    if (waarde && typeof waarde === 'object' && waarde.constructor !== Object) {
      verzamel(
        await validate(waarde, { forbidUnknownValues: false, validationError: { target: false, value: false } }),
        '',
        fouten,
      );
    }
  }
  if (fouten.length > 0) throw ongeldigeInvoer(fouten);
}
