import { ruimVerlopenSleutelsOp } from '../idempotentie';
import type { JobDefinitie, Schema } from '../job';

/**
 * Removes idempotency keys older than IDEMPOTENTIE_BEWAAR_UREN. Idempotent: a second run finds nothing expired. A key
 * the job has not reached yet is already treated as absent by the API (src/lib/idempotentie.ts), so a late or lost run
 * only leaves rows a little longer; it never makes a key live longer.
 */
export const idempotentieOpruimenJob: JobDefinitie = {
  wachtrij: 'onderhoud',
  naam: 'idempotentie-opruimen',
  async verwerk({ orm, clock, log }) {
    const verwijderd = await ruimVerlopenSleutelsOp(orm.em.getConnection(), clock.now());
    if (verwijderd > 0) log.info({ verwijderd }, 'verlopen idempotentiesleutels verwijderd');
    return { verwijderd };
  },
};

export const idempotentieOpruimenSchema: Schema = {
  id: 'idempotentie-opruimen-periodiek',
  job: idempotentieOpruimenJob,
  elkeMs: (config) => config.idempotentie.opruimIntervalMs,
};
