import type { JobDefinitie, Schema } from '../../lib/job';
import { verzegel } from '../audit-keten';

/**
 * Links new audit records into the hash chain. Idempotent: a second run finds nothing unsealed.
 * The chain head is logged each run, so a copy of it lives outside the database (detects truncation).
 */
export const verzegelAuditJob: JobDefinitie = {
  wachtrij: 'audit',
  naam: 'verzegel-audit',
  async verwerk({ orm, clock, log }) {
    let totaal = 0;
    for (;;) {
      const r = await verzegel(orm.em.getConnection(), 5000, clock.now());
      totaal += r.gezegeld;
      if (r.gezegeld > 0) log.info({ gezegeld: r.gezegeld, ketenKop: r.kop }, 'auditregels verzegeld');
      if (r.gezegeld < 5000) break;
    }
    return { gezegeld: totaal };
  },
};

export const verzegelAuditSchema: Schema = {
  id: 'verzegel-audit-periodiek',
  job: verzegelAuditJob,
  elkeMs: (config) => config.auditSealIntervalMs,
};
