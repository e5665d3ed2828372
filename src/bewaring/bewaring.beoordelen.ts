import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

import { auditSysteemwerk } from '../audit/systeem-audit';
import type { Clock } from '../lib/clock';
import { BEWAARJAREN, datumInNederland, plusJaren } from './bewaring.datum';
import { laadBewaring } from './bewaring.feiten';

/** Dossiers per run; a next run takes the rest. */
const PER_RONDE = 500;

/**
 * The review job's work: every closed casus whose retention date has passed, that is not on hold, not needed for a
 * measure and not postponed by an earlier review, becomes TE_BEOORDELEN (the privacy officer's list). Idempotent: a
 * dossier already offered, proposed or destroyed is left alone. Runs as the service role across regions (no caller);
 * each change is audited as system work.
 */
export async function bewaringBeoordelen(
  em: EntityManager,
  bron: { clock: Clock; jobId?: string },
): Promise<{ teBeoordelen: number }> {
  const nu = bron.clock.now();
  const vandaag = datumInNederland(nu);
  // The date is never before closing + 20 years: only those closings are candidates.
  const grens = plusJaren(vandaag, -BEWAARJAREN);
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const kandidaten = await conn.execute<{ id: string }[]>(
      `select c.id::text as id from casus c left join bewaring b on b.casus_id = c.id
        where c.gesloten_op is not null and (c.gesloten_op at time zone 'Europe/Amsterdam')::date <= ?::date
          and (b.id is null or (b.status = 'BEWAREN' and not b.legal_hold))
        order by c.gesloten_op, c.id limit ?`,
      [grens, PER_RONDE],
      'all',
      tx.getTransactionContext(),
    );
    const bewaringen = await laadBewaring(
      tx,
      kandidaten.map((k) => k.id),
      true,
    );
    let teBeoordelen = 0;
    for (const b of bewaringen.values()) {
      const datum = b.termijn.vernietigenOp;
      if (!b.termijn.vernietigbaar || !datum || datum > vandaag) continue;
      await conn.execute(
        `insert into bewaring (id, vt_organisatie, casus_id, status, gesloten_op, te_beoordelen_sinds)
         values (?, ?, ?, 'TE_BEOORDELEN', ?, ?)
         on conflict (casus_id) do update set status = 'TE_BEOORDELEN', te_beoordelen_sinds = excluded.te_beoordelen_sinds,
           versie = bewaring.versie + 1
         where bewaring.status = 'BEWAREN' and not bewaring.legal_hold`,
        [randomUUID(), b.vtOrganisatie, b.casusId, b.feiten.geslotenOp, nu],
        'run',
        tx.getTransactionContext(),
      );
      await auditSysteemwerk(tx, bron, 'bewaring-beoordelen', [
        {
          gebeurtenis: 'BEWARING_TE_BEOORDELEN',
          actie: 'U',
          vtOrganisatie: b.vtOrganisatie,
          objectType: 'Casus',
          objectId: b.casusId,
          velden: ['status'],
          grondslag: 'Bewaartermijn verstreken (Wmo 2015; DOMAIN.md §4.4)',
        },
      ]);
      teBeoordelen += 1;
    }
    return { teBeoordelen };
  });
}
