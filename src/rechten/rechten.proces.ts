import { registerEnumType } from 'type-graphql';

import { Rol } from '../auth/rollen';
import { procesFout } from '../lib/errors';
import type { Werkstroom } from '../lib/werkstroom';

/** The rights of DOMAIN.md §4.3 a person can invoke. */
export enum RechtenverzoekSoort {
  AFSCHRIFT = 'AFSCHRIFT',
  AANVULLEN = 'AANVULLEN',
  VERBETEREN = 'VERBETEREN',
  VERWIJDERING = 'VERWIJDERING',
  BEPERKING = 'BEPERKING',
  BEZWAAR = 'BEZWAAR',
}
registerEnumType(RechtenverzoekSoort, {
  name: 'RechtenverzoekSoort',
  description: 'Het recht dat een betrokkene of melder inroept (AVG art. 15-21).',
});

export enum RechtenverzoekStatus {
  ONTVANGEN = 'ONTVANGEN',
  /** The answer termijn was extended by two months (AVG art. 12 lid 3), with a reason. */
  VERLENGD = 'VERLENGD',
  TOEGEKEND = 'TOEGEKEND',
  /** Refused, with reasons: VT may refuse where the law requires it to keep processing. */
  AFGEWEZEN = 'AFGEWEZEN',
  AFGEHANDELD = 'AFGEHANDELD',
}
registerEnumType(RechtenverzoekStatus, { name: 'RechtenverzoekStatus', description: 'Stand van een rechtenverzoek.' });

export type RechtenStap = 'REGISTREREN' | 'VERLENGEN' | 'TOEKENNEN' | 'AFWIJZEN' | 'UITVOEREN' | 'AFHANDELEN';

const S = RechtenverzoekStatus;
const PO = [Rol.PRIVACY_OFFICER];

/**
 * A data subject's request as a workflow, all steps by the privacy officer of the region: register (the answer
 * termijn opens), extend once (before the decision), grant or refuse with reasons (the termijn is met), carry out a
 * granted correction or supplement (stays TOEGEKEND), close with what was done. A step outside the table is
 * BAD_USER_INPUT with `reden: OVERGANG_NIET_TOEGESTAAN`.
 */
export const rechtenProces: Werkstroom<RechtenverzoekStatus, RechtenStap> = {
  naam: 'rechtenverzoek',
  statussen: Object.values(RechtenverzoekStatus),
  stappen: {
    REGISTREREN: { van: [null], naar: S.ONTVANGEN, rollen: PO, operatie: 'rechtenverzoekRegistreren' },
    VERLENGEN: { van: [S.ONTVANGEN], naar: S.VERLENGD, rollen: PO, operatie: 'rechtenverzoekVerlengen' },
    TOEKENNEN: { van: [S.ONTVANGEN, S.VERLENGD], naar: S.TOEGEKEND, rollen: PO, operatie: 'rechtenverzoekBesluiten' },
    AFWIJZEN: { van: [S.ONTVANGEN, S.VERLENGD], naar: S.AFGEWEZEN, rollen: PO, operatie: 'rechtenverzoekBesluiten' },
    UITVOEREN: { van: [S.TOEGEKEND], rollen: PO, operatie: 'gegevensCorrigeren' },
    AFHANDELEN: {
      van: [S.TOEGEKEND, S.AFGEWEZEN],
      naar: S.AFGEHANDELD,
      rollen: PO,
      operatie: 'rechtenverzoekAfhandelen',
    },
  },
  weiger: (huidig, stap) =>
    procesFout(
      'OVERGANG_NIET_TOEGESTAAN',
      `Een rechtenverzoek in stand ${huidig ?? 'NIEUW'} kan niet ${STAPWOORD[stap]}.`,
      {
        stap,
        toegestaan: rechtenProces.stappen[stap].van.filter((s) => s !== null),
      },
    ),
};

const STAPWOORD: Record<RechtenStap, string> = {
  REGISTREREN: 'worden geregistreerd',
  VERLENGEN: 'worden verlengd (één keer, vóór het besluit)',
  TOEKENNEN: 'worden toegekend (er is al besloten)',
  AFWIJZEN: 'worden afgewezen (er is al besloten)',
  UITVOEREN: 'worden uitgevoerd (alleen een toegekend verzoek)',
  AFHANDELEN: 'worden afgehandeld (eerst besluiten; afgehandeld is afgehandeld)',
};
