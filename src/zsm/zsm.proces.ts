import { registerEnumType } from 'type-graphql';

import { Rol, VT_UITVOERING } from '../auth/rollen';
import { procesFout } from '../lib/errors';
import type { Werkstroom } from '../lib/werkstroom';

export enum ZsmVerzoekStatus {
  OPEN = 'OPEN',
  BEANTWOORD = 'BEANTWOORD',
  /** The deadline passed without an answer: escalated to the VT teamleider. */
  NIET_BEANTWOORD_BINNEN_TERMIJN = 'NIET_BEANTWOORD_BINNEN_TERMIJN',
}
registerEnumType(ZsmVerzoekStatus, { name: 'ZsmVerzoekStatus' });

export type ZsmStap = 'INDIENEN' | 'BEANTWOORDEN';

/** What the state of a request follows from: VT's answer, else the clock against the answer deadline. */
export function zsmStatus(v: { beantwoordOp?: Date | null; antwoordVoor: Date }, nu: Date): ZsmVerzoekStatus {
  if (v.beantwoordOp) return ZsmVerzoekStatus.BEANTWOORD;
  return nu >= v.antwoordVoor ? ZsmVerzoekStatus.NIET_BEANTWOORD_BINNEN_TERMIJN : ZsmVerzoekStatus.OPEN;
}

const S = ZsmVerzoekStatus;

/**
 * A ZSM information request as a workflow (DOMAIN.md §5, §9.4): a justice partner asks, VT answers once, also after
 * the deadline passed (late is better than never during the detention). A second answer is refused: an addition goes
 * through the contact person (CONFLICT, AL_BEANTWOORD).
 */
export const zsmProces: Werkstroom<ZsmVerzoekStatus, ZsmStap> = {
  naam: 'zsm',
  statussen: Object.values(ZsmVerzoekStatus),
  stappen: {
    INDIENEN: {
      van: [null],
      naar: S.OPEN,
      rollen: [Rol.OM_ZSM_MEDEWERKER, Rol.POLITIE_MEDEWERKER],
      operatie: 'zsmVerzoekIndienen',
    },
    BEANTWOORDEN: {
      van: [S.OPEN, S.NIET_BEANTWOORD_BINNEN_TERMIJN],
      naar: S.BEANTWOORD,
      rollen: VT_UITVOERING,
      operatie: 'zsmVerzoekBeantwoorden',
    },
  },
  weiger: (huidig, stap) =>
    stap === 'BEANTWOORDEN'
      ? procesFout(
          'AL_BEANTWOORD',
          'Dit verzoek is al beantwoord; een aanvulling gaat via de contactpersoon.',
          {},
          'CONFLICT',
        )
      : procesFout(
          'ZSM_STAP_NIET_TOEGESTAAN',
          `Een verzoek in stand ${huidig ?? 'NIEUW'} kan niet ${stap.toLowerCase()}.`,
        ),
};
