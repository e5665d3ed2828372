import type { EntityManager } from '@mikro-orm/postgresql';

import { GebeurtenisType, schrijfGebeurtenis } from '../gebeurtenissen/outbox';
import { ongeldigeInvoer, type VeldFout } from '../lib/errors';
import { TermijnEntity, TermijnSoort, TermijnStatus } from '../termijnen/termijn.entity';
import type { OverdrachtEntity } from './overdracht.entity';
import { IntrekkingReden, OverdrachtStatus, SYSTEEMREDENEN, type Uitvoerder } from './overdracht.model';
import { neemStap } from './overdracht.stappen';

/**
 * Withdrawing an offer, shared by VT's `overdrachtIntrekken` (overdracht-aanbod.service.ts) and the system's
 * withdrawals when a casus closes or the partner organisation is deactivated (overdracht-einde.service.ts).
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
    fouten.push({
      veld: 'reden',
      code: 'SYSTEEMREDEN',
      melding: `${reden} zet Ketenpoort zelf (bij afsluiten of deactiveren); kies een andere reden.`,
    });
  }
  if (reden === IntrekkingReden.ANDERS && !toelichting?.trim()) {
    fouten.push({
      veld: 'toelichting',
      code: 'LEEG',
      melding: 'Licht bij ANDERS toe waarom de overdracht wordt ingetrokken (alleen Veilig Thuis ziet dit).',
    });
  }
  if (toelichting && toelichting.length > MAX_TOELICHTING) {
    fouten.push({
      veld: 'toelichting',
      code: 'TE_LANG',
      melding: `De toelichting is ten hoogste ${MAX_TOELICHTING} tekens.`,
    });
  }
  if (fouten.length) throw ongeldigeInvoer(fouten);
}

/** Closes the partner's response termijn of an overdracht: met (the partner answered) or cancelled (withdrawn). */
export async function sluitReactietermijn(
  tx: EntityManager,
  o: OverdrachtEntity,
  nu: Date,
  status: TermijnStatus.VOLDAAN | TermijnStatus.GEANNULEERD,
): Promise<void> {
  for (const t of await tx.find(TermijnEntity, {
    overdrachtId: o.id,
    soort: TermijnSoort.OVERDRACHT_REACTIE,
    status: TermijnStatus.OPEN,
  })) {
    t.status = status;
    t.afgehandeldOp = nu;
  }
}

/**
 * Withdraws one offer, by VT or by the system (a step of the table, refused if it does not apply): INGETROKKEN, its
 * termijn cancelled, the partner told. The partner sees `reden`; `toelichting` is VT's and stays with VT.
 */
export async function trekIn(
  tx: EntityManager,
  o: OverdrachtEntity,
  door: Extract<Uitvoerder, 'VT' | 'SYSTEEM'>,
  nu: Date,
  reden: IntrekkingReden,
  toelichting: string | null = null,
): Promise<void> {
  neemStap(o, OverdrachtStatus.INGETROKKEN, door, nu);
  o.intrekkingReden = reden;
  o.intrekkingToelichting = toelichting?.trim() || null;
  await sluitReactietermijn(tx, o, nu, TermijnStatus.GEANNULEERD);
  await schrijfGebeurtenis(tx, {
    ontvanger: o.ontvanger,
    type: GebeurtenisType.OVERDRACHT_INGETROKKEN,
    objectType: 'Overdracht',
    objectId: o.id,
    vtOrganisatie: o.vtOrganisatie,
    casusId: o.casusId,
    op: nu,
  });
}
