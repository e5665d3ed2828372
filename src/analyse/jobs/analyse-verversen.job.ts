import type { JobDefinitie, JobDeps, Schema } from '../../lib/job';
import { termijnRegels } from '../../termijnen/termijn-regels';
import { ROLLUPS } from '../rollups';

export const ANALYSE_WACHTRIJ = 'analyse';

/**
 * Refreshes every rollup concurrently (readers keep the previous contents meanwhile), analyzes it, and records when and how long
 * in analyse_verversing. Idempotent: a second run refreshes again and overwrites the record. Two workers do not
 * refresh the same view at once: each view is taken under a transaction-scoped advisory lock, and a worker that
 * does not get it skips that view (the other is refreshing it).
 * `ververst_op` is the moment the refresh started: the rollup holds everything committed before it.
 */
/** The first year of the working-day calendar in the database: Veilig Thuis exists since 1 January 2015. */
const EERSTE_JAAR = 2015;

/**
 * Makes `analyse_feestdag` the configured termijn calendar's holidays on weekdays (TERMIJN_VRIJE_DAGEN), from 2015 to
 * next year, so `analyse_werkdagen` counts as the termijnen do (migration 12). Changes nothing when they agree.
 * Returns how many days were added and removed.
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
    return { erbij: erbij.length, eraf: eraf.length };
  });
}

export const analyseVerversenJob: JobDefinitie = {
  wachtrij: ANALYSE_WACHTRIJ,
  naam: 'analyse-verversen',
  async verwerk(deps) {
    const feestdagen = await synchroniseerFeestdagen(deps);
    if (feestdagen.erbij || feestdagen.eraf) deps.log.info(feestdagen, 'analyse: werkdagenkalender bijgewerkt');
    const ververst: Record<string, number> = {};
    const overgeslagen: string[] = [];
    for (const naam of ROLLUPS) {
      const begin = deps.clock.now();
      const t0 = performance.now();
      const gelukt = await deps.orm.em.fork().transactional(async (tx) => {
        const c = tx.getConnection();
        const [slot] = await c.execute<{ ok: boolean }[]>(
          `select pg_try_advisory_xact_lock(hashtext('analyse-verversen'), hashtext(?)) as ok`,
          [naam],
          'all',
          tx.getTransactionContext(),
        );
        if (!slot?.ok) return false;
        // The view name comes from the constant list above, never from input.
        await c.execute(`refresh materialized view concurrently ${naam}`, [], 'run', tx.getTransactionContext());
        // A refresh leaves the view without planner statistics; the questions and the rollups built from this one
        // are planned on them. Counted in duur_ms.
        await c.execute(`analyze ${naam}`, [], 'run', tx.getTransactionContext());
        const duurMs = Math.round(performance.now() - t0);
        await c.execute(
          `insert into analyse_verversing (naam, ververst_op, duur_ms) values (?, ?, ?)
           on conflict (naam) do update set ververst_op = excluded.ververst_op, duur_ms = excluded.duur_ms`,
          [naam, begin, duurMs],
          'run',
          tx.getTransactionContext(),
        );
        ververst[naam] = duurMs;
        return true;
      });
      if (!gelukt) overgeslagen.push(naam);
    }
    deps.log.info({ ververst, overgeslagen }, 'analyse: rollups ververst');
    return { ververst, overgeslagen };
  },
};

export const analyseVerversenSchema: Schema = {
  id: 'analyse-verversen-periodiek',
  job: analyseVerversenJob,
  elkeMs: (config) => config.analyse.verversIntervalMs,
};
