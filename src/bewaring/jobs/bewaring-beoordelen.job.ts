import type { JobDefinitie, Schema } from '../../lib/job';
import { bewaringBeoordelen } from '../bewaring.beoordelen';

/** Offers the dossiers whose retention date passed for review (TE_BEOORDELEN). Idempotent. */
export const bewaringBeoordelenJob: JobDefinitie = {
  wachtrij: 'onderhoud',
  naam: 'bewaring-beoordelen',
  async verwerk({ orm, clock, log, jobId }) {
    const uit = await bewaringBeoordelen(orm.em.fork(), { clock, jobId });
    if (uit.teBeoordelen > 0) log.info(uit, 'dossiers aangeboden voor beoordeling van de bewaartermijn');
    return uit;
  },
};

/** Once every six hours: a date passes once a day, and a run that lags loses nothing. */
export const bewaringBeoordelenSchema: Schema = {
  id: 'bewaring-beoordelen-periodiek',
  job: bewaringBeoordelenJob,
  elkeMs: () => 6 * 3_600_000,
};
