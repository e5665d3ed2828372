import { expect } from 'vitest';

import type { Rol } from '../../src/auth/rollen';
import type { TestApp } from './testapp';

/** One organisation of every partner role, linked to VT14 by `registreerPartners`: the partner side of a scenario. */
export const PARTNERS: Readonly<Record<string, { rol: Rol; soort: string }>> = {
  'WT-A': { rol: 'WIJKTEAM_MEDEWERKER', soort: 'WIJKTEAM' },
  'ZVH-A': { rol: 'ZVH_MEDEWERKER', soort: 'ZORG_EN_VEILIGHEIDSHUIS' },
  'GI-A': { rol: 'GI_JEUGDBESCHERMER', soort: 'GECERTIFICEERDE_INSTELLING' },
  'RVDK-A': { rol: 'RVDK_MEDEWERKER', soort: 'RAAD_VOOR_DE_KINDERBESCHERMING' },
  'GM-A': { rol: 'GEMEENTE_MEDEWERKER', soort: 'GEMEENTE' },
  'OOV-A': { rol: 'GEMEENTE_OOV_MEDEWERKER', soort: 'GEMEENTE' },
  'SCHOOL-A': { rol: 'SCHOOL_CONTACTPERSOON', soort: 'SCHOOL' },
  'OM-A': { rol: 'OM_ZSM_MEDEWERKER', soort: 'OPENBAAR_MINISTERIE' },
  'POL-A': { rol: 'POLITIE_MEDEWERKER', soort: 'POLITIE' },
  'AWARE-A': { rol: 'AWARE_INDICATIECOMMISSIE', soort: 'ZORG_EN_VEILIGHEIDSHUIS' },
};

/** Registers every organisation of PARTNERS. */
export async function registreerPartners(app: TestApp): Promise<void> {
  for (const [code, p] of Object.entries(PARTNERS)) await app.partner(code, p.soort);
}

/** A token of the organisation's partner role, for one fixed worker of it. */
export function partnerToken(app: TestApp, org: string): Promise<string> {
  return app.token(PARTNERS[org].rol, org, { sub: `${org.toLowerCase()}-1` });
}

/** Runs an operation that must succeed and returns its data. */
export async function okAntwoord<T = Record<string, unknown>>(
  app: TestApp,
  token: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const r = await app.gql<T>(token, query, variables);
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return r.body.data!;
}
