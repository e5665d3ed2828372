import { registerEnumType } from 'type-graphql';

import { VT_UITVOERING } from '../auth/rollen';
import { procesFout } from '../lib/errors';
import type { Werkstroom } from '../lib/werkstroom';

export enum AdviesStatus {
  OPEN = 'OPEN',
  AFGEROND = 'AFGEROND',
  OMGEZET_IN_MELDING = 'OMGEZET_IN_MELDING',
}
registerEnumType(AdviesStatus, { name: 'AdviesStatus' });

export type AdviesStap = 'REGISTREREN' | 'AFRONDEN' | 'OMZETTEN';

const S = AdviesStatus;

/**
 * The advies as a workflow: VT registers it, then closes it without a melding or turns it into one (also ambtshalve).
 * Both end the advies: a closed or converted advies takes no further step (ADVIES_NIET_OPEN).
 */
export const adviesProces: Werkstroom<AdviesStatus, AdviesStap> = {
  naam: 'advies',
  statussen: Object.values(AdviesStatus),
  stappen: {
    REGISTREREN: { van: [null], naar: S.OPEN, rollen: VT_UITVOERING, operatie: 'adviesRegistreren' },
    AFRONDEN: { van: [S.OPEN], naar: S.AFGEROND, rollen: VT_UITVOERING, operatie: 'adviesAfronden' },
    OMZETTEN: { van: [S.OPEN], naar: S.OMGEZET_IN_MELDING, rollen: VT_UITVOERING, operatie: 'adviesOmzettenInMelding' },
  },
  weiger: (huidig, stap) =>
    procesFout(
      'ADVIES_NIET_OPEN',
      stap === 'OMZETTEN'
        ? `Alleen een open advies kan een melding worden; dit advies is ${huidig}.`
        : `Dit advies is al ${huidig}.`,
    ),
};
