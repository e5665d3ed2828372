import { LockMode, type EntityManager } from '@mikro-orm/postgresql';

import { zetKetenScope } from '../lib/regio';
import { pgArrayLiteral } from '../lib/sql';
import { OverdrachtEntity } from './overdracht.entity';
import { trekIn } from './overdracht.intrekken';
import { IntrekkingReden, LOPEND, OPEN_AANBOD } from './overdracht.model';

/**
 * A deactivated partner organisation can no longer act, so nothing may stay with it (issue 11, point 3): every offer
 * still open (it could otherwise accept after a reactivation) and every handover it had accepted and was running
 * (the household would be left without care) is withdrawn with the coded reason, as closing a casus withdraws its
 * offers. Each goes back to VT like an expired offer: the teamleider of the region gets an escalation on the
 * overdracht's response termijn (`notificaties`), so no case waits on an organisation that is gone. Reactivating the
 * organisation restores none of them.
 *
 * Runs inside the deactivation's transaction and switches it to ketenpoort_app with the addressed-partner scope (RLS
 * admits exactly the rows addressed to this organisation, of every region): the caller must have made its other
 * changes first. An offer made at the same moment by a VT worker who still read the organisation as active escapes
 * this query; it expires at its response deadline like any unanswered offer, with the same escalation.
 */
export async function trekOverdrachtenAanOrganisatieIn(tx: EntityManager, organisatie: string, nu: Date): Promise<OverdrachtEntity[]> {
  await zetKetenScope(tx, { partner: organisatie });
  const lopend = await tx.find(
    OverdrachtEntity,
    { ontvanger: organisatie, status: { $in: [...OPEN_AANBOD, ...LOPEND] } },
    { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { aangebodenOp: 'asc', id: 'asc' } },
  );
  for (const o of lopend) await trekIn(tx, o, nu, IntrekkingReden.ORGANISATIE_GEDEACTIVEERD);
  await tx.flush();
  if (lopend.length) {
    await tx.getConnection().execute(
      `insert into notificatie (id, vt_organisatie, termijn_id, soort, ontvanger, ontvanger_rol, aangemaakt_op)
       select gen_random_uuid(), t.vt_organisatie, t.id, 'ESCALATIE', null, 'VT_TEAMLEIDER', ?
         from termijn t where t.overdracht_id = any(?::uuid[]) and t.soort = 'OVERDRACHT_REACTIE'
       on conflict (termijn_id, soort) do nothing`,
      [nu, pgArrayLiteral(lopend.map((o) => o.id))],
      'run',
      tx.getTransactionContext(),
    );
  }
  return lopend;
}
