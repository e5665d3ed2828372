import { createHash } from 'node:crypto';

import { type AuditRegel, canoniek } from './audit-inhoud';

/**
 * Redaction of audit records by a destruction (src/bewaring, migration 34). A destroyed dossier's audit records stay in
 * the chain (who did what, when, on which basis), but lose the object id, the person ids and the ids in the grondslag
 * that named the dossier. Their `inhoud_hash` (which the chain links) is kept, so the chain itself is unchanged and every signed checkpoint
 * still matches; what the verifier can no longer recompute is covered instead by:
 * - per record, `rest_hash` in audit_redactie: the hash of what remains (this function), so editing a redacted record
 *   later is still detected;
 * - per destruction, the tombstone audit record (gebeurtenis DOSSIER_VERNIETIGD, object = the bewaring) carrying
 *   `redactie:<digest>` among its velden: a digest over every redaction row of that destruction, inside the tombstone's
 *   own hashed content, so a redaction row added, removed or altered afterwards is detected too.
 */

/** The event of the tombstone record; its velden carry the digest as `REDACTIE_VELD_PREFIX + hex`. */
export const VERNIETIGING_GEBEURTENIS = 'DOSSIER_VERNIETIGD';
export const REDACTIE_VELD_PREFIX = 'redactie:';

/** An id inside a text (the grondslag names a handover or a noodtoegang by id); PostgreSQL regex syntax too. */
export const UUID_PATROON = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/**
 * The record as it is after redaction: no object id, no person ids, no id in the grondslag (migration 34 does the
 * same in SQL), everything else as registered.
 */
export function geredigeerd(r: AuditRegel): AuditRegel {
  return Object.assign(
    { ...r },
    {
      objectId: null,
      persoonIds: [],
      grondslag: r.grondslag.replace(new RegExp(UUID_PATROON, 'g'), 'vernietigd'),
    },
  );
}

/** The hash of what remains of record `auditId` after redaction (bound to its id, so it cannot be moved). */
export function restHash(auditId: string, r: AuditRegel): Buffer {
  return createHash('sha256')
    .update(`redactie\u0000${auditId}\u0000`)
    .update(canoniek(geredigeerd(r)))
    .digest();
}

/** The digest over one destruction's redaction rows, in audit id order. */
export function redactieDigest(rijen: readonly { auditId: string; restHash: Buffer }[]): string {
  const h = createHash('sha256');
  for (const r of [...rijen].sort((a, b) => (BigInt(a.auditId) < BigInt(b.auditId) ? -1 : 1))) {
    h.update(`${r.auditId}:${r.restHash.toString('hex')}\n`);
  }
  return h.digest('hex');
}
