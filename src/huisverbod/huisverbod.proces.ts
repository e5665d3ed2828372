import { registerEnumType } from 'type-graphql';

import { Rol, VT_UITVOERING } from '../auth/rollen';
import { procesFout } from '../lib/errors';
import type { Werkstroom } from '../lib/werkstroom';

/**
 * The states of a tijdelijk huisverbod (DOMAIN.md §9.2: OPGELEGD → (VERLENGD) → AFGELOPEN / INGETROKKEN), with
 * GEADVISEERD between imposition and the burgemeester's decision: VT advised, the burgemeester has not extended yet.
 */
export enum HuisverbodStatus {
  OPGELEGD = 'OPGELEGD',
  GEADVISEERD = 'GEADVISEERD',
  VERLENGD = 'VERLENGD',
  /** The end (10 days, or the end of the extension) has passed: a matter of the clock, nobody sets it. */
  AFGELOPEN = 'AFGELOPEN',
  INGETROKKEN = 'INGETROKKEN',
}
registerEnumType(HuisverbodStatus, {
  name: 'HuisverbodStatus',
  description: 'Stand van een tijdelijk huisverbod; AFGELOPEN volgt uit de klok (het einde is voorbij).',
});

export type HuisverbodStap = 'REGISTREREN' | 'BIJWERKEN' | 'ADVISEREN' | 'VERLENGEN' | 'INTREKKEN' | 'MONITOREN';

/** What the state follows from: withdrawal first, then the clock against the current end, then extension and advice. */
export function huisverbodStatus(
  h: { ingetrokkenOp?: Date | null; verlengdTot?: Date | null; geadviseerdOp?: Date | null; opgelegdTot: Date },
  nu: Date,
): HuisverbodStatus {
  if (h.ingetrokkenOp) return HuisverbodStatus.INGETROKKEN;
  if (nu >= (h.verlengdTot ?? h.opgelegdTot)) return HuisverbodStatus.AFGELOPEN;
  if (h.verlengdTot) return HuisverbodStatus.VERLENGD;
  if (h.geadviseerdOp) return HuisverbodStatus.GEADVISEERD;
  return HuisverbodStatus.OPGELEGD;
}

const S = HuisverbodStatus;
const LOPEND = [S.OPGELEGD, S.GEADVISEERD, S.VERLENGD];
/** The burgemeester decides; VT records a decision it received on paper when the gemeente does not use Ketenpoort. */
const BURGEMEESTER_OF_VT = [Rol.GEMEENTE_OOV_MEDEWERKER, ...VT_UITVOERING];

/**
 * A tijdelijk huisverbod as a workflow (DOMAIN.md §2, §9.2; Wet tijdelijk huisverbod). VT registers the huisverbod the
 * burgemeester imposed (the police report it), records its work while it runs (conversations with the person removed
 * and those who stay, information from third parties, the veiligheidsplan; the plan also after the end), advises the
 * burgemeester once before the decision, and records the monitoring contacts after the end. The burgemeester extends
 * once (to at most 28 days after imposition) or withdraws. A step outside the table is BAD_USER_INPUT with
 * `reden: OVERGANG_NIET_TOEGESTAAN` and the states in which it is allowed.
 */
export const huisverbodProces: Werkstroom<HuisverbodStatus, HuisverbodStap> = {
  naam: 'huisverbod',
  statussen: Object.values(HuisverbodStatus),
  stappen: {
    REGISTREREN: { van: [null], naar: S.OPGELEGD, rollen: VT_UITVOERING, operatie: 'huisverbodRegistreren' },
    BIJWERKEN: { van: [...LOPEND, S.AFGELOPEN], rollen: VT_UITVOERING, operatie: 'huisverbodBijwerken' },
    ADVISEREN: { van: [S.OPGELEGD], naar: S.GEADVISEERD, rollen: VT_UITVOERING, operatie: 'huisverbodAdviseren' },
    VERLENGEN: {
      van: [S.OPGELEGD, S.GEADVISEERD],
      naar: S.VERLENGD,
      rollen: BURGEMEESTER_OF_VT,
      operatie: 'huisverbodVerlengen',
    },
    INTREKKEN: { van: LOPEND, naar: S.INGETROKKEN, rollen: BURGEMEESTER_OF_VT, operatie: 'huisverbodIntrekken' },
    MONITOREN: {
      van: [S.AFGELOPEN, S.INGETROKKEN],
      rollen: VT_UITVOERING,
      operatie: 'huisverbodMonitoringcontactVastleggen',
    },
  },
  weiger: (huidig, stap) =>
    procesFout(
      'OVERGANG_NIET_TOEGESTAAN',
      `Een huisverbod in stand ${huidig ?? 'NIEUW'} kan niet ${STAPWOORD[stap]}.`,
      { stap, toegestaan: huisverbodProces.stappen[stap].van.filter((s) => s !== null) },
    ),
};

const STAPWOORD: Record<HuisverbodStap, string> = {
  REGISTREREN: 'worden geregistreerd',
  BIJWERKEN: 'worden bijgewerkt',
  ADVISEREN: 'worden geadviseerd (er is al geadviseerd, of het huisverbod loopt niet meer)',
  VERLENGEN: 'worden verlengd (het wordt één keer verlengd, en alleen zolang het loopt)',
  INTREKKEN: 'worden ingetrokken (het loopt niet meer)',
  MONITOREN: 'een monitoringcontact krijgen (dat volgt na het einde)',
};
