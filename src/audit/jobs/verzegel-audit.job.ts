import type { JobDefinitie, Schema } from '../../lib/job';
import { maakCheckpoint } from '../audit-anker';
import { verzegel } from '../audit-keten';

/**
 * Links new audit records into the hash chain, then anchors the head outside the database: a signed checkpoint in
 * the checkpoint directory (and at the recipient, when configured) once per interval when the chain grew.
 * Idempotent: a second run finds nothing unsealed and no new head.
 */
export const verzegelAuditJob: JobDefinitie = {
  wachtrij: 'audit',
  naam: 'verzegel-audit',
  async verwerk({ orm, clock, log, config }) {
    let totaal = 0;
    for (;;) {
      const r = await verzegel(orm.em.getConnection(), 5000, clock.now());
      totaal += r.gezegeld;
      if (r.gezegeld > 0) log.info({ gezegeld: r.gezegeld, ketenKop: r.kop }, 'auditregels verzegeld');
      if (r.gezegeld < 5000) break;
    }
    const checkpoint = await maakCheckpoint(orm.em.getConnection(), config.auditAnker, clock.now(), log);
    return { gezegeld: totaal, checkpoint: checkpoint.geschreven?.volgnummer ?? null };
  },
};

export const verzegelAuditSchema: Schema = {
  id: 'verzegel-audit-periodiek',
  job: verzegelAuditJob,
  elkeMs: (config) => config.auditSealIntervalMs,
};
