import { registerEnumType } from 'type-graphql';

import { Rol, VT_UITVOERING } from '../auth/rollen';
import { procesFout } from '../lib/errors';
import type { Werkstroom } from '../lib/werkstroom';

/** The states of an Aware application (DOMAIN.md §9.1 `AwareCase`; README, Aware). */
export enum AwareStatus {
  /** VT drafted it; the committee does not see it yet. */
  AANGEVRAAGD = 'AANGEVRAAGD',
  IN_BEHANDELING_COMMISSIE = 'IN_BEHANDELING_COMMISSIE',
  TOEGEKEND = 'TOEGEKEND',
  AFGEWEZEN = 'AFGEWEZEN',
  /** The alarm is installed and runs until the end date. */
  ACTIEF = 'ACTIEF',
  VERLENGD = 'VERLENGD',
  BEEINDIGD = 'BEEINDIGD',
}
registerEnumType(AwareStatus, { name: 'AwareStatus', description: 'Stand van een aanvraag voor een AWARE-alarm.' });

export type AwareStap =
  'AANVRAGEN' | 'INDIENEN' | 'TOEKENNEN' | 'AFWIJZEN' | 'INSTALLEREN' | 'VERLENGEN' | 'BEEINDIGEN';

const S = AwareStatus;
const COMMISSIE = [Rol.AWARE_INDICATIECOMMISSIE];

/**
 * An Aware application as a workflow. VT drafts it for a victim of its casus and submits it to the indication
 * committee; the committee grants it (for a period in months) or refuses it, with reasons; VT records the installation
 * of the alarm, an extension before the end date, and the end (also of a granted alarm never installed). A step
 * outside the table is BAD_USER_INPUT with `reden: OVERGANG_NIET_TOEGESTAAN` and the states in which it is allowed.
 */
export const awareProces: Werkstroom<AwareStatus, AwareStap> = {
  naam: 'aware',
  statussen: Object.values(AwareStatus),
  stappen: {
    AANVRAGEN: { van: [null], naar: S.AANGEVRAAGD, rollen: VT_UITVOERING, operatie: 'awareAanvraagRegistreren' },
    INDIENEN: {
      van: [S.AANGEVRAAGD],
      naar: S.IN_BEHANDELING_COMMISSIE,
      rollen: VT_UITVOERING,
      operatie: 'awareAanvraagVoorleggen',
    },
    TOEKENNEN: {
      van: [S.IN_BEHANDELING_COMMISSIE],
      naar: S.TOEGEKEND,
      rollen: COMMISSIE,
      operatie: 'awareBesluitNemen',
    },
    AFWIJZEN: {
      van: [S.IN_BEHANDELING_COMMISSIE],
      naar: S.AFGEWEZEN,
      rollen: COMMISSIE,
      operatie: 'awareBesluitNemen',
    },
    INSTALLEREN: { van: [S.TOEGEKEND], naar: S.ACTIEF, rollen: VT_UITVOERING, operatie: 'awareInstallatieVastleggen' },
    VERLENGEN: { van: [S.ACTIEF, S.VERLENGD], naar: S.VERLENGD, rollen: VT_UITVOERING, operatie: 'awareVerlengen' },
    BEEINDIGEN: {
      van: [S.TOEGEKEND, S.ACTIEF, S.VERLENGD],
      naar: S.BEEINDIGD,
      rollen: VT_UITVOERING,
      operatie: 'awareBeeindigen',
    },
  },
  weiger: (huidig, stap) =>
    procesFout(
      'OVERGANG_NIET_TOEGESTAAN',
      `Een Aware-aanvraag in stand ${huidig ?? 'NIEUW'} kan niet ${STAPWOORD[stap]}.`,
      {
        stap,
        toegestaan: awareProces.stappen[stap].van.filter((s) => s !== null),
      },
    ),
};

const STAPWOORD: Record<AwareStap, string> = {
  AANVRAGEN: 'worden aangemaakt',
  INDIENEN: 'worden ingediend (dat is al gebeurd)',
  TOEKENNEN: 'worden toegekend (alleen een ingediende aanvraag krijgt een besluit)',
  AFWIJZEN: 'worden afgewezen (alleen een ingediende aanvraag krijgt een besluit)',
  INSTALLEREN: 'worden geïnstalleerd (alleen na toekenning, één keer)',
  VERLENGEN: 'worden verlengd (alleen een geïnstalleerd alarm)',
  BEEINDIGEN: 'worden beëindigd (alleen een toegekend of lopend alarm)',
};
