import type { JobDefinitie, JobDeps, Schema } from '../../lib/job';
import { termijnRegels } from '../../termijnen/termijn-regels';
import { voltooiVerversverzoeken } from '../analyse-verversverzoek';
import { verversRollups } from '../rollup-verversing';

export const ANALYSE_WACHTRIJ = 'analyse';

/** The first year of the working-day calendar in the database: Veilig Thuis exists since 1 January 2015. */
const EERSTE_JAAR = 2015;

/**
 * How far before a holiday a melding's working days to its veiligheidsbeoordeling can change with it: the histogram
 * stops at 31 working days ("31 or more"), about 45 calendar days plus holidays; 100 days leaves room to spare.
 */
const FEESTDAG_BEREIK_DAGEN = 100;

/**
 * Makes `analyse_feestdag` the configured termijn calendar's holidays on weekdays (TERMIJN_VRIJE_DAGEN), from 2015 to
 * next year, so `analyse_werkdagen` counts as the termijnen do (migration 12). Changes nothing when they agree.
 * Marks the MELDING slices a changed day can affect (months of receipt up to FEESTDAG_BEREIK_DAGEN before it, every
 * region) dirty in the same transaction. Returns how many days were added and removed.
 */
export async function synchroniseerFeestdagen(
  deps: Pick<JobDeps, 'orm' | 'config' | 'clock'>,
): Promise<{ erbij: number; eraf: number }> {
  const kalender = termijnRegels(deps.config).kalender;
  const tot = deps.clock.now().getUTCFullYear() + 1;
  const dagen: [string, string][] = [];
  for (let jaar = EERSTE_JAAR; jaar <= tot; jaar++) dagen.push(...kalender.vrijeWerkdagen(jaar));
  return deps.orm.em.fork().transactional(async (tx) => {
    const c = tx.getConnection();
    const ctx: unknown = tx.getTransactionContext();
    // One worker at a time; the refresh of the rollups reads the result.
    await c.execute(`select pg_advisory_xact_lock(hashtext('analyse-feestdagen'))`, [], 'all', ctx);
    const lijst = JSON.stringify(dagen.map(([datum, naam]) => ({ datum, naam })));
    const eraf = await c.execute<{ datum: string }[]>(
      `delete from analyse_feestdag where datum not in (select (x->>'datum')::date from jsonb_array_elements(?::jsonb) x) returning datum`,
      [lijst],
      'all',
      ctx,
    );
    const erbij = await c.execute<{ datum: string }[]>(
      `insert into analyse_feestdag (datum, naam) select (x->>'datum')::date, x->>'naam' from jsonb_array_elements(?::jsonb) x
       on conflict (datum) do nothing returning datum`,
      [lijst],
      'all',
      ctx,
    );
    const gewijzigd = [...erbij, ...eraf].map((r) => r.datum);
    if (gewijzigd.length) {
      await c.execute(
        `insert into analyse_vuil (familie, maand, vt_organisatie)
         select distinct 'MELDING', m::date, o.code
           from jsonb_array_elements_text(?::jsonb) d(datum)
          cross join lateral generate_series(date_trunc('month', d.datum::date - ${FEESTDAG_BEREIK_DAGEN}), date_trunc('month', d.datum::date), interval '1 month') m
          cross join organisatie o where o.soort = 'VEILIG_THUIS'`,
        [JSON.stringify(gewijzigd)],
        'run',
        ctx,
      );
    }
    return { erbij: erbij.length, eraf: eraf.length };
  });
}

/**
 * Brings the rollups up to date incrementally: the dirty slices (month, region) of each family, in one transaction
 * (src/analyse/rollup-verversing.ts), then marks the analysts' waiting refresh requests done. `volledig: 1`
 * recomputes every rollup whole (after a bulk load that bypassed the triggers). Idempotent: a second run finds no
 * dirty slices and only records the moment. Two workers at once: one refreshes, the other skips the batch.
 * `ververst_op` is the moment the refresh started: the rollups hold everything committed before it.
 */
export const analyseVerversenJob: JobDefinitie<{ volledig?: number }> = {
  wachtrij: ANALYSE_WACHTRIJ,
  naam: 'analyse-verversen',
  async verwerk(deps, payload) {
    const feestdagen = await synchroniseerFeestdagen(deps);
    if (feestdagen.erbij || feestdagen.eraf) deps.log.info(feestdagen, 'analyse: werkdagenkalender bijgewerkt');
    const begin = deps.clock.now();
    const r = await verversRollups(deps, { volledig: payload.volledig === 1 });
    if (!r.overgeslagen.length) await voltooiVerversverzoeken(deps, begin, r);
    deps.log.info(r, 'analyse: rollups ververst');
    return r;
  },
};

export const analyseVerversenSchema: Schema = {
  id: 'analyse-verversen-periodiek',
  job: analyseVerversenJob,
  elkeMs: (config) => config.analyse.verversIntervalMs,
};
