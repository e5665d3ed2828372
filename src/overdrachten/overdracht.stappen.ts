import { GraphQLError } from 'graphql';

import { procesFout } from '../casussen/casus.stap';
import {
  BEEINDIGD,
  OPEN_AANBOD,
  OVERDRACHT_STAPPEN,
  type OverdrachtStap,
  OverdrachtStatus,
  type Uitvoerder,
} from './overdracht.model';

/**
 * The one way an overdracht changes state: VT withdrawing, the partner's answers, the worker's expiry, the system's
 * withdrawals when a casus closes or an organisation is deactivated. Each is checked against the table in
 * overdracht.model.ts, so nothing outside the table can happen, whoever asks. (Creating an offer is not a step: it
 * starts as AANGEBODEN.)
 */

/** What a step needs of an overdracht: an OverdrachtEntity, or anything shaped like one (the table's test). */
export interface StapOnderwerp {
  status: OverdrachtStatus;
  readonly reagerenVoor: Date;
  beeindigdOp?: Date | null;
}

/**
 * The step from `van` to `naar` for this actor. All three must match: the same target can be reached by different
 * actors from different states (VT withdraws an open or accepted offer, the system also a running one), and a lookup
 * on state and target alone returned another actor's step.
 */
export function zoekStap(van: OverdrachtStatus, naar: OverdrachtStatus, door: Uitvoerder): OverdrachtStap | undefined {
  return OVERDRACHT_STAPPEN.find((s) => s.door === door && s.naar === naar && s.van.includes(van));
}

/** Where this actor can go from `van`: named in a refusal, so the caller sees what would be allowed. */
export function toegestaneStappen(van: OverdrachtStatus, door: Uitvoerder): OverdrachtStatus[] {
  return OVERDRACHT_STAPPEN.filter((s) => s.door === door && s.van.includes(van)).map((s) => s.naar);
}

function alBeslist(o: StapOnderwerp): GraphQLError {
  return new GraphQLError(`Over dit aanbod is al beslist: het is ${o.status}.`, {
    extensions: { code: 'CONFLICT', reden: 'AL_BESLIST', status: o.status },
  });
}

function stapNietToegestaan(o: StapOnderwerp, naar: OverdrachtStatus, door: Uitvoerder): GraphQLError {
  const mogelijk = toegestaneStappen(o.status, door);
  return procesFout(
    'STAP_NIET_TOEGESTAAN',
    `Een overdracht met status ${o.status} kan niet naar ${naar}. ${mogelijk.length ? `Toegestaan: ${mogelijk.join(', ')}.` : 'Er is geen stap meer mogelijk.'}`,
    { van: o.status, naar, toegestaan: mogelijk },
  );
}

/**
 * Takes one step: checks it against the table, then sets the new status (and, for an end state, when it ended). A
 * step not in the table is refused with reden STAP_NIET_TOEGESTAAN; the partner's accept or decline of an offer that
 * is no longer open with AL_BESLIST (CONFLICT: of two users answering at once, the second). The partner's step on an
 * open offer after its deadline is refused with VERLOPEN even before the worker ran. The caller holds the row lock
 * and records what else the step changes.
 */
export function neemStap(o: StapOnderwerp, naar: OverdrachtStatus, door: Uitvoerder, nu: Date): OverdrachtStap {
  const stap = zoekStap(o.status, naar, door);
  if (!stap) {
    if (
      door === 'PARTNER' &&
      (naar === OverdrachtStatus.GEACCEPTEERD || naar === OverdrachtStatus.AFGEWEZEN) &&
      !OPEN_AANBOD.includes(o.status)
    ) {
      throw alBeslist(o);
    }
    throw stapNietToegestaan(o, naar, door);
  }
  if (door === 'PARTNER' && OPEN_AANBOD.includes(o.status) && nu >= o.reagerenVoor) {
    throw procesFout(
      'VERLOPEN',
      `De reactietermijn is verstreken (${o.reagerenVoor.toISOString()}); het aanbod is teruggegaan naar Veilig Thuis.`,
    );
  }
  o.status = naar;
  if (BEEINDIGD.includes(naar)) o.beeindigdOp = nu;
  return stap;
}
