import { LockMode, type EntityManager } from '@mikro-orm/postgresql';

import { GebeurtenisType, schrijfGebeurtenis } from '../gebeurtenissen/outbox';
import { ongeldigeInvoer, type VeldFout } from '../lib/errors';
import { TermijnEntity, TermijnSoort, TermijnStatus } from '../termijnen/termijn.entity';
import { OverdrachtEntity } from './overdracht.entity';
import { IntrekkingReden, OPEN_AANBOD, OverdrachtStatus, SYSTEEMREDENEN } from './overdracht.model';

/**
 * Withdrawing an offer, shared by VT's `overdrachtIntrekken`, the deactivation of an organisation and the closing of a
 * casus (`trekOpenAanbodIn`, wired in src/modules.ts as a reaction to casus.afsluiten.ts). Kept free of the overdracht
 * service so that each can call it.
 */

/** The longest explanation VT may keep with a withdrawal. */
const MAX_TOELICHTING = 2000;

/**
 * Checks VT's choice: a code VT may choose (not one the system sets), and an explanation for ANDERS. The explanation
 * is for VT's own file; the partner never sees it.
 */
export function controleerIntrekking(reden: IntrekkingReden, toelichting: string | null): void {
  const fouten: VeldFout[] = [];
  if (SYSTEEMREDENEN.includes(reden)) {
    fouten.push({ veld: 'reden', code: 'SYSTEEMREDEN', melding: `${reden} zet Ketenpoort zelf (bij afsluiten of deactiveren); kies een andere reden.` });
  }
  if (reden === IntrekkingReden.ANDERS && !toelichting?.trim()) {
    fouten.push({ veld: 'toelichting', code: 'LEEG', melding: 'Licht bij ANDERS toe waarom de overdracht wordt ingetrokken (alleen Veilig Thuis ziet dit).' });
  }
  if (toelichting && toelichting.length > MAX_TOELICHTING) {
    fouten.push({ veld: 'toelichting', code: 'TE_LANG', melding: `De toelichting is ten hoogste ${MAX_TOELICHTING} tekens.` });
  }
  if (fouten.length) throw ongeldigeInvoer(fouten);
}

/** Closes the partner's response termijn of an overdracht: met (the partner answered) or cancelled (withdrawn). */
export async function sluitReactietermijn(tx: EntityManager, o: OverdrachtEntity, nu: Date, status: TermijnStatus.VOLDAAN | TermijnStatus.GEANNULEERD): Promise<void> {
  for (const t of await tx.find(TermijnEntity, { overdrachtId: o.id, soort: TermijnSoort.OVERDRACHT_REACTIE, status: TermijnStatus.OPEN })) {
    t.status = status;
    t.afgehandeldOp = nu;
  }
}

/**
 * Withdraws one offer (the caller has checked the step): INGETROKKEN, its termijn cancelled, the partner told. The
 * partner sees `reden`; `toelichting` is VT's and stays with VT.
 */
export async function trekIn(tx: EntityManager, o: OverdrachtEntity, nu: Date, reden: IntrekkingReden, toelichting: string | null = null): Promise<void> {
  o.status = OverdrachtStatus.INGETROKKEN;
  o.beeindigdOp = nu;
  o.intrekkingReden = reden;
  o.intrekkingToelichting = toelichting?.trim() || null;
  await sluitReactietermijn(tx, o, nu, TermijnStatus.GEANNULEERD);
  await schrijfGebeurtenis(tx, { ontvanger: o.ontvanger, type: GebeurtenisType.OVERDRACHT_INGETROKKEN, objectType: 'Overdracht', objectId: o.id, vtOrganisatie: o.vtOrganisatie, op: nu });
}

/**
 * A closed casus withdraws every offer still open: otherwise the partner could still accept it and so see the
 * household's data after VT has closed the casus. The partner hears CASUS_AFGESLOTEN; VT's afsluitreden stays with VT.
 */
export async function trekOpenAanbodIn(tx: EntityManager, casusId: string, nu: Date): Promise<number> {
  const open = await tx.find(OverdrachtEntity, { casusId, status: { $in: [...OPEN_AANBOD] } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  for (const o of open) await trekIn(tx, o, nu, IntrekkingReden.CASUS_AFGESLOTEN);
  return open.length;
}
