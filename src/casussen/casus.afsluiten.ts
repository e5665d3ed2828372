import type { EntityManager } from '@mikro-orm/postgresql';

import { termijnService } from '../termijnen/termijn.service';
import type { CasusEntity } from './casus.entity';
import { vtRegisterBijAfsluiten } from './vt-register';

/**
 * Closing a casus (the step to AFGESLOTEN in the transition table): the closing time and reason, what other modules
 * must undo in the same transaction, and every termijn of the casus cancelled.
 *
 * Modules above casussen react to a closing without casussen importing them (overdrachten withdraws every offer still
 * open, so that a partner cannot accept it after VT closed the casus). The composition root (src/modules.ts) sets the
 * reactions once; closing a casus before that is a bug and fails loudly rather than leave an offer open.
 */

/** What a module does, inside the closing transaction, when a casus closes. */
export type BijAfsluiten = (tx: EntityManager, casusId: string, nu: Date) => Promise<unknown>;

let reacties: readonly BijAfsluiten[] | undefined;

/** Sets the modules' reactions to a closing; called once by the composition root (src/modules.ts). */
export function stelAfsluitreactiesIn(r: readonly BijAfsluiten[]): void {
  reacties = r;
}

/**
 * Closes the casus inside the caller's transaction; its fase is already AFGESLOTEN. The closing time is set before
 * anything queries (a check constraint ties it to the fase, and a query may auto-flush).
 */
export async function sluitAf(
  tx: EntityManager,
  casus: CasusEntity,
  afsluitreden: string | null,
  nu: Date,
): Promise<void> {
  casus.geslotenOp = nu;
  casus.afsluitreden = afsluitreden;
  if (!reacties) throw new Error('afsluitreacties van de modules zijn niet ingesteld (src/modules.ts)');
  for (const r of reacties) await r(tx, casus.id, nu);
  await termijnService.annuleerAlle(tx, casus.id, nu);
  await vtRegisterBijAfsluiten(tx, casus.id);
}
