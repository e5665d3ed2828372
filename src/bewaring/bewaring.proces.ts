import { registerEnumType } from 'type-graphql';

import { Rol } from '../auth/rollen';
import { procesFout } from '../lib/errors';
import type { Werkstroom } from '../lib/werkstroom';

/** Where a dossier stands in retention. A dossier without a bewaring row is BEWAREN. */
export enum BewaringStatus {
  BEWAREN = 'BEWAREN',
  /** The review job found the date passed: the privacy officer reviews it. */
  TE_BEOORDELEN = 'TE_BEOORDELEN',
  /** One person proposed destruction; another approves it (four eyes). */
  VOORGESTELD = 'VOORGESTELD',
  /** Destroyed: what remains is the tombstone. */
  VERNIETIGD = 'VERNIETIGD',
}
registerEnumType(BewaringStatus, {
  name: 'BewaringStatus',
  description: 'Stand van een dossier in de bewaring: BEWAREN, TE_BEOORDELEN, VOORGESTELD, VERNIETIGD.',
});

export type BewaringStap =
  | 'LEGAL_HOLD_ZETTEN'
  | 'LEGAL_HOLD_OPHEFFEN'
  | 'MAATREGEL_EINDE'
  | 'VOORSTELLEN'
  | 'VROEGTIJDIG_VOORSTELLEN'
  | 'AFWIJZEN'
  | 'GOEDKEUREN';

const S = BewaringStatus;
const PO = [Rol.PRIVACY_OFFICER];
/** The second pair of eyes: another privacy officer or the teamleider of the region. */
const TWEEDE = [Rol.PRIVACY_OFFICER, Rol.VT_TEAMLEIDER];

/**
 * Retention as a workflow. The review job moves a due dossier from BEWAREN to TE_BEOORDELEN (no mutation: the worker
 * does it, src/bewaring/jobs). The privacy officer proposes destruction with reasons, or keeps the file (AFWIJZEN, back
 * to BEWAREN until a later date); an early destruction on request (parents, young people from 12) is proposed from
 * BEWAREN through the same path. Another person approves, and the approval destroys. The end of the child-protection
 * measure that held a file is recorded by the privacy officer or the teamleider (MAATREGEL_EINDE, no state change). A legal hold can be set and
 * lifted in every state before destruction and blocks approval. A step outside the table is BAD_USER_INPUT with
 * `reden: OVERGANG_NIET_TOEGESTAAN`.
 */
export const bewaringProces: Werkstroom<BewaringStatus, BewaringStap> = {
  naam: 'bewaring',
  statussen: Object.values(BewaringStatus),
  stappen: {
    LEGAL_HOLD_ZETTEN: { van: [S.BEWAREN, S.TE_BEOORDELEN, S.VOORGESTELD], rollen: PO, operatie: 'legalHoldZetten' },
    LEGAL_HOLD_OPHEFFEN: {
      van: [S.BEWAREN, S.TE_BEOORDELEN, S.VOORGESTELD],
      rollen: PO,
      operatie: 'legalHoldOpheffen',
    },
    // The end of the measure that held the file: recorded while the file is kept (a running measure keeps it BEWAREN).
    MAATREGEL_EINDE: { van: [S.BEWAREN], rollen: TWEEDE, operatie: 'maatregelEindeVastleggen' },
    VOORSTELLEN: { van: [S.TE_BEOORDELEN], naar: S.VOORGESTELD, rollen: PO, operatie: 'vernietigingVoorstellen' },
    VROEGTIJDIG_VOORSTELLEN: {
      van: [S.BEWAREN, S.TE_BEOORDELEN],
      naar: S.VOORGESTELD,
      rollen: PO,
      operatie: 'vernietigingVoorstellen',
    },
    AFWIJZEN: { van: [S.TE_BEOORDELEN, S.VOORGESTELD], naar: S.BEWAREN, rollen: PO, operatie: 'vernietigingAfwijzen' },
    GOEDKEUREN: { van: [S.VOORGESTELD], naar: S.VERNIETIGD, rollen: TWEEDE, operatie: 'vernietigingGoedkeuren' },
  },
  weiger: (huidig, stap) =>
    procesFout(
      'OVERGANG_NIET_TOEGESTAAN',
      huidig === S.VERNIETIGD
        ? 'Dit dossier is al vernietigd.'
        : `De stap ${stap} kan niet in de stand ${huidig ?? 'BEWAREN'}: ${
            stap === 'VOORSTELLEN'
              ? 'een dossier wordt pas voorgesteld voor vernietiging als de beoordelingsjob het heeft aangeboden (of op verzoek, vroegtijdig).'
              : 'kijk naar de stand van de bewaring.'
          }`,
      { huidig: huidig ?? S.BEWAREN, stap },
    ),
};
