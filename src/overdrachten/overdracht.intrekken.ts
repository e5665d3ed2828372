import { LockMode, type EntityManager } from '@mikro-orm/postgresql';

import { GebeurtenisType, schrijfGebeurtenis } from '../gebeurtenissen/outbox';
import { TermijnEntity, TermijnSoort, TermijnStatus } from '../termijnen/termijn.entity';
import { OverdrachtEntity } from './overdracht.entity';
import { OPEN_AANBOD, OverdrachtStatus } from './overdracht.model';

/**
 * Withdrawing an offer, shared by VT's `overdrachtIntrekken` and the closing of a casus (casus.service.ts), which has
 * no business importing the overdracht service. Kept free of that service so both can call it.
 */

/** Closes the partner's response termijn of an overdracht: met (the partner answered) or cancelled (withdrawn). */
export async function sluitReactietermijn(tx: EntityManager, o: OverdrachtEntity, nu: Date, status: TermijnStatus.VOLDAAN | TermijnStatus.GEANNULEERD): Promise<void> {
  for (const t of await tx.find(TermijnEntity, { overdrachtId: o.id, soort: TermijnSoort.OVERDRACHT_REACTIE, status: TermijnStatus.OPEN })) {
    t.status = status;
    t.afgehandeldOp = nu;
  }
}

/** Withdraws one offer (the caller has checked the step): INGETROKKEN, its termijn cancelled, the partner told. */
export async function trekIn(tx: EntityManager, o: OverdrachtEntity, nu: Date, reden: string): Promise<void> {
  o.status = OverdrachtStatus.INGETROKKEN;
  o.beeindigdOp = nu;
  o.beeindigingReden = reden;
  await sluitReactietermijn(tx, o, nu, TermijnStatus.GEANNULEERD);
  await schrijfGebeurtenis(tx, { ontvanger: o.ontvanger, type: GebeurtenisType.OVERDRACHT_INGETROKKEN, objectType: 'Overdracht', objectId: o.id, vtOrganisatie: o.vtOrganisatie, op: nu });
}

/**
 * A closed casus withdraws every offer still open: otherwise the partner could still accept it and so see the
 * household's data after VT has closed the casus. The reason the partner sees is fixed; VT's afsluitreden stays with VT.
 */
export async function trekOpenAanbodIn(tx: EntityManager, casusId: string, nu: Date): Promise<number> {
  const open = await tx.find(OverdrachtEntity, { casusId, status: { $in: [...OPEN_AANBOD] } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  for (const o of open) await trekIn(tx, o, nu, 'De casus is door Veilig Thuis afgesloten.');
  return open.length;
}
