import type { JobDefinitie, Schema } from '../../lib/job';
import { afgelopenHalfjaar, bouwCbsLevering, type Opbouw, vtOrganisaties } from '../cbs-levering.service';
import { ANALYSE_WACHTRIJ, analyseVerversenJob } from './analyse-verversen.job';

/** How often the worker checks whether a delivery is due: the first run after a half year ends builds its files. */
export const CBS_LEVERING_INTERVAL_MS = 3_600_000;

/**
 * Builds the CBS delivery of the half year that ended last, one file per active VT organisation, where it is missing.
 * Idempotent: a file that exists is left alone, so every later run (and a job run twice) does nothing; one statement
 * per organisation when all are there. Before building it refreshes the rollups, so meldingen registered just before
 * the half year ended are in the file.
 */
export const cbsLeveringOpbouwenJob: JobDefinitie = {
  wachtrij: ANALYSE_WACHTRIJ,
  naam: 'cbs-levering-opbouwen',
  async verwerk(deps) {
    const halfjaar = afgelopenHalfjaar(deps);
    const em = deps.orm.em.fork();
    const organisaties = await vtOrganisaties(em);
    const bestaand = new Set(
      (
        await em
          .getConnection()
          .execute<{ vt_organisatie: string }[]>(`select vt_organisatie from cbs_levering where halfjaar = ?`, [
            halfjaar,
          ])
      ).map((r) => r.vt_organisatie),
    );
    const ontbrekend = organisaties.filter((o) => !bestaand.has(o));
    if (ontbrekend.length === 0) return { halfjaar, opgebouwd: 0 };
    await analyseVerversenJob.verwerk(deps, {});
    const uitkomst: Partial<Record<Opbouw, number>> = {};
    for (const organisatie of ontbrekend) {
      const u = await bouwCbsLevering(deps, organisatie, halfjaar);
      uitkomst[u] = (uitkomst[u] ?? 0) + 1;
    }
    deps.log.info({ halfjaar, ...uitkomst }, 'CBS-levering opgebouwd');
    return { halfjaar, opgebouwd: uitkomst.OPGEBOUWD ?? 0 };
  },
};

export const cbsLeveringSchema: Schema = {
  id: 'cbs-levering-periodiek',
  job: cbsLeveringOpbouwenJob,
  elkeMs: () => CBS_LEVERING_INTERVAL_MS,
};
