import { registerEnumType } from 'type-graphql';

import { Rol, VT_UITVOERING } from '../auth/rollen';
import { nietGevonden, procesFout } from '../lib/errors';
import type { Werkstroom } from '../lib/werkstroom';

export enum HwcSignaalStatus {
  /** Sent; the school has not acknowledged yet and lessons have not started. */
  VERSTUURD = 'VERSTUURD',
  BEVESTIGD = 'BEVESTIGD',
  /** Lessons started and the school has not acknowledged: escalated to the teamleider. */
  NIET_BEVESTIGD_VOOR_LESSTART = 'NIET_BEVESTIGD_VOOR_LESSTART',
  INGETROKKEN = 'INGETROKKEN',
}
registerEnumType(HwcSignaalStatus, {
  name: 'HwcSignaalStatus',
  description: 'Stand van een Handle with Care-signaal.',
});

export type HwcStap = 'VERSTUREN' | 'BEVESTIGEN' | 'INTREKKEN';

/** What the state of a signal follows from: withdrawal goes first, then the school's acknowledgement, then the clock. */
export function hwcStatus(
  s: { ingetrokkenOp?: Date | null; bevestigdOp?: Date | null; leverenVoor: Date },
  nu: Date,
): HwcSignaalStatus {
  if (s.ingetrokkenOp) return HwcSignaalStatus.INGETROKKEN;
  if (s.bevestigdOp) return HwcSignaalStatus.BEVESTIGD;
  return nu >= s.leverenVoor ? HwcSignaalStatus.NIET_BEVESTIGD_VOOR_LESSTART : HwcSignaalStatus.VERSTUURD;
}

const S = HwcSignaalStatus;
const VOOR_BEVESTIGING = [S.VERSTUURD, S.NIET_BEVESTIGD_VOOR_LESSTART];

/**
 * Handle with Care as a workflow (DOMAIN.md §4.6). VT sends, the school acknowledges (also after lesson start, while
 * its access lasts), VT may withdraw at any time. Acknowledging again and withdrawing again are repeats that change
 * nothing. A withdrawn signal the school never acknowledged does not exist for the school (NOT_FOUND): it must not
 * learn that VT took it back.
 */
export const hwcProces: Werkstroom<HwcSignaalStatus, HwcStap> = {
  naam: 'hwc',
  statussen: Object.values(HwcSignaalStatus),
  stappen: {
    VERSTUREN: { van: [null], naar: S.VERSTUURD, rollen: VT_UITVOERING, operatie: 'hwcSignaalVersturen' },
    BEVESTIGEN: {
      van: [...VOOR_BEVESTIGING, S.BEVESTIGD],
      naar: S.BEVESTIGD,
      rollen: [Rol.SCHOOL_CONTACTPERSOON],
      operatie: 'hwcOntvangstBevestigen',
    },
    INTREKKEN: {
      van: [...VOOR_BEVESTIGING, S.BEVESTIGD, S.INGETROKKEN],
      naar: S.INGETROKKEN,
      rollen: VT_UITVOERING,
      operatie: 'hwcSignaalIntrekken',
    },
  },
  weiger: (huidig, stap) =>
    stap === 'BEVESTIGEN'
      ? nietGevonden('Het signaal')
      : procesFout(
          'HWC_STAP_NIET_TOEGESTAAN',
          `Een signaal in stand ${huidig ?? 'NIEUW'} kan niet ${stap.toLowerCase()}.`,
        ),
};
