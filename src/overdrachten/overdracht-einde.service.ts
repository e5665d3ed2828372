import { LockMode, type EntityManager } from '@mikro-orm/postgresql';

import { auditSysteemwerk } from '../audit/systeem-audit';
import { GebeurtenisType, schrijfGebeurtenis } from '../gebeurtenissen/outbox';
import type { JobDeps } from '../lib/job';
import { zetKetenScope } from '../lib/regio';
import { pgArrayLiteral } from '../lib/sql';
import { type TermijnEntity, TermijnStatus } from '../termijnen/termijn.entity';
import { ESCALEER_JOB } from '../termijnen/termijn.service';
import { OverdrachtEntity } from './overdracht.entity';
import { trekIn } from './overdracht.intrekken';
import { IntrekkingReden, LOPEND, OPEN_AANBOD, OverdrachtStatus } from './overdracht.model';
import { neemStap } from './overdracht.stappen';

/**
 * How an overdracht ends without VT or the partner choosing it: the offer expires unanswered, the casus is closed, the
 * partner organisation is deactivated. Each is a step of the system in the table (neemStap), so an end that does not
 * apply is refused like any other step.
 */

/**
 * The partner's response deadline passed unanswered (the worker's escalation of the OVERDRACHT_REACTIE termijn): the
 * offer expires, the partner is told and loses access, the termijn closes; the casus is back in VT's queue and the
 * teamleider has the escalation row. The caller has set the region's scope.
 */
export async function laatVerlopen(
  deps: JobDeps,
  tx: EntityManager,
  o: OverdrachtEntity,
  termijn: TermijnEntity,
  nu: Date,
): Promise<void> {
  neemStap(o, OverdrachtStatus.VERLOPEN, 'SYSTEEM', nu);
  await tx.flush();
  await tx
    .getConnection()
    .execute(
      `update termijn set status = ?, afgehandeld_op = ? where id = ? and status = 'OPEN'`,
      [TermijnStatus.GEANNULEERD, nu, termijn.id],
      'run',
      tx.getTransactionContext(),
    );
  await schrijfGebeurtenis(tx, {
    ontvanger: o.ontvanger,
    type: GebeurtenisType.OVERDRACHT_VERLOPEN,
    objectType: 'Overdracht',
    objectId: o.id,
    vtOrganisatie: o.vtOrganisatie,
    casusId: o.casusId,
    op: nu,
  });
  // The partner loses access to these persons' data: recorded like VT's own steps on an overdracht.
  await auditSysteemwerk(tx, deps, ESCALEER_JOB, [
    {
      gebeurtenis: 'OVERDRACHT_VERLOPEN',
      actie: 'U',
      vtOrganisatie: o.vtOrganisatie,
      objectType: 'Overdracht',
      objectId: o.id,
      persoonIds: o.persoonIds,
      velden: ['status', 'beeindigdOp'],
      grondslag: `Overdracht ${o.id} (${o.grondslag}): reactietermijn verstreken`,
    },
  ]);
  deps.log.info(
    { overdrachtId: o.id, regio: o.vtOrganisatie, ontvanger: o.ontvanger },
    'overdracht verlopen: terug naar Veilig Thuis',
  );
}

/**
 * A closed casus withdraws every offer still open: otherwise the partner could still accept it and so see the
 * household's data after VT has closed the casus. The partner hears CASUS_AFGESLOTEN; VT's afsluitreden stays with VT.
 * Wired in src/modules.ts as a reaction to casus.afsluiten.ts, in the closing transaction.
 */
export async function trekOpenAanbodIn(tx: EntityManager, casusId: string, nu: Date): Promise<number> {
  const open = await tx.find(
    OverdrachtEntity,
    { casusId, status: { $in: [...OPEN_AANBOD] } },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  for (const o of open) await trekIn(tx, o, 'SYSTEEM', nu, IntrekkingReden.CASUS_AFGESLOTEN);
  return open.length;
}

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
export async function trekOverdrachtenAanOrganisatieIn(
  tx: EntityManager,
  organisatie: string,
  nu: Date,
): Promise<OverdrachtEntity[]> {
  await zetKetenScope(tx, { partner: organisatie });
  const lopend = await tx.find(
    OverdrachtEntity,
    { ontvanger: organisatie, status: { $in: [...OPEN_AANBOD, ...LOPEND] } },
    { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { aangebodenOp: 'asc', id: 'asc' } },
  );
  for (const o of lopend) await trekIn(tx, o, 'SYSTEEM', nu, IntrekkingReden.ORGANISATIE_GEDEACTIVEERD);
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
