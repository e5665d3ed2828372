import type { EntityManager } from '@mikro-orm/postgresql';

import type { Clock } from '../lib/clock';
import { type AuditActor, type AuditFeit, AuditRegistratie } from './audit-registratie';

/** The worker in the audit trail: a system, never a person, and no role of a GraphQL audience. */
export const SYSTEEM_GEBRUIKER = 'systeem:worker';
export const SYSTEEM_ROL = 'SYSTEEM';

/**
 * A change the worker made on its own. The basis is stated per change (there is no caller's audience to derive it
 * from). `organisatie` is on whose behalf the system acted: the VT organisation that owns the object (the default),
 * or, for an object no VT organisation owns (a partner's webhook endpoint), its owner.
 */
export interface SysteemFeit extends AuditFeit {
  grondslag: string;
  organisatie?: string;
}

/**
 * Audits work the worker does without a caller: an offer that expires (a partner loses access), an escalation, a
 * reminder that notifies someone, an endpoint it disables. Written in the caller's transaction, so the change and its
 * record commit together or not at all (and then the job is retried). The record names gebruiker `systeem:worker`
 * (soort SYSTEEM, rol SYSTEEM), toegangspunt `worker` and as verzoek-id the job (`<job>/<BullMQ id>`), which leads
 * to the job's log lines.
 */
export async function auditSysteemwerk(
  tx: EntityManager,
  bron: { clock: Clock; jobId?: string },
  job: string,
  feiten: readonly SysteemFeit[],
): Promise<void> {
  const verzoekId = bron.jobId ? `${job}/${bron.jobId}` : job;
  for (const feit of feiten) {
    const actor: AuditActor = {
      sub: SYSTEEM_GEBRUIKER,
      soort: 'SYSTEEM',
      naam: 'Ketenpoort-worker',
      rol: SYSTEEM_ROL,
      organisatie: { code: feit.organisatie ?? feit.vtOrganisatie ?? 'KETENPOORT' },
    };
    const { organisatie: _o, ...rest } = feit;
    await new AuditRegistratie(
      { actor, toegangspunt: 'worker', verzoekId, grondslag: feit.grondslag, noodprocedure: false },
      bron.clock,
      tx,
    ).inTransactie(tx, rest);
  }
}
