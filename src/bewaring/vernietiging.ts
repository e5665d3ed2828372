import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';

import { regelUitRij } from '../audit/audit-inhoud';
import { redactieDigest, restHash } from '../audit/audit-redactie';
import { Foutcode, procesFout } from '../lib/errors';

/** What a destruction removed (rows per table) and the digest over its audit redactions (for the tombstone). */
export interface Vernietiging {
  aantallen: Record<string, number>;
  digest: string;
  auditregels: number;
}

/**
 * Destroys the dossier of casus `casusId` for the approved review `bewaringId`, inside the caller's transaction and
 * region scope. The audit records that name the dossier are read here, the hash of what remains of each is computed
 * (src/audit/audit-redactie.ts, the one place the canonical form lives), and `vernietig_dossier` (migration 34) redacts
 * them and removes the personal data in one statement; it refuses when the records passed are not exactly those that
 * name the dossier, so no record can be missed. Invariant: nothing written after this in the same request may name
 * the casus or its persons (the caller audits the tombstone by the bewaring id only).
 */
export async function vernietigDossier(tx: EntityManager, bewaringId: string, casusId: string): Promise<Vernietiging> {
  const conn = tx.getConnection();
  const rijen = await conn.execute<Record<string, unknown>[]>(
    `select a.*, a.id::text as id_tekst from audit_gebeurtenis a, bewaring_dossier(?::uuid) d
      where a.object_id = any(d.objecten) or a.persoon_ids && d.personen order by a.id`,
    [casusId],
    'all',
    tx.getTransactionContext(),
  );
  const redacties = rijen.map((r) => {
    const auditId = r.id_tekst as string;
    return { auditId, restHash: restHash(auditId, regelUitRij(r)) };
  });
  let aantallen: Record<string, number>;
  try {
    const [uit] = await conn.execute<{ aantallen: Record<string, number> }[]>(
      `select vernietig_dossier(?::uuid, ?::bigint[], ?::text[]) as aantallen`,
      [
        bewaringId,
        `{${redacties.map((r) => r.auditId).join(',')}}`,
        `{${redacties.map((r) => r.restHash.toString('hex')).join(',')}}`,
      ],
      'all',
      tx.getTransactionContext(),
    );
    aantallen = uit?.aantallen ?? {};
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'P0B01') {
      throw procesFout('NIET_GOEDGEKEURD', 'Deze vernietiging is niet (meer) goedgekeurd.', {}, 'CONFLICT');
    }
    if (code === 'P0B02') {
      throw new GraphQLError('Het dossier werd tijdens de vernietiging gelezen of gewijzigd; probeer het opnieuw.', {
        extensions: { code: Foutcode.CONFLICT, reden: 'DOSSIER_GEWIJZIGD' },
      });
    }
    throw e;
  }
  return { aantallen, digest: redactieDigest(redacties), auditregels: redacties.length };
}
