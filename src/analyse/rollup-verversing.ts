import type { EntityManager } from '@mikro-orm/postgresql';

import type { JobDeps } from '../lib/job';
import { PLAK, ROLLUP_SQL } from './rollup-sql';
import { FAMILIENAMEN, type Familie, ROLLUPS, type RollupNaam } from './rollups';

/** What one refresh did: per rollup its time, the slices recomputed per family, and whether it ran at all. */
export interface Verversing {
  /** Per rollup the milliseconds spent on it (0 when nothing of its family was dirty). */
  ververst: Record<string, number>;
  /** Rollups not refreshed because another worker was refreshing (the whole batch is skipped). */
  overgeslagen: string[];
  /** Per family: the number of slices recomputed, or 'volledig' for a recompute of every month. */
  plakken: Partial<Record<Familie, number | 'volledig'>>;
}

/** The advisory lock of the refresh: one batch at a time over every worker. */
const SLOT = `hashtext('analyse-verversen')`;
/** analyse_stand's key: up to when termijnen have been counted as decided by the passing of their due moment. */
const TERMIJNEN_BESLIST_TOT = 'termijnen_beslist_tot';

/**
 * Brings the rollups up to date with everything committed before it started, as one transaction (one batch): readers
 * see either the rollups before or after it, never some slices or some rollups of a family done and others not.
 *
 * 1. Takes the refresh lock (`pg_try_advisory_xact_lock`); a second worker skips the whole batch.
 * 2. Marks the TERMIJN slices whose open termijnen passed their due moment since the last refresh: the only change to
 *    a rollup that no row change announces (analyse_termijn counts an open termijn as decided once `vervalt_op` is
 *    past `nu`).
 * 3. Claims the dirty slices it can see (`delete from analyse_vuil … returning`): slices marked by transactions that
 *    commit later stay for the next run; writers never wait for this one (the log has no unique key).
 * 4. Per family: a full recompute (delete all, insert all) when the family is marked whole or `volledig` is asked;
 *    otherwise delete the dirty slices' rows and insert them again from the source rows of those slices only.
 * 5. ANALYZE for rollups recomputed whole or never analysed (a slice changes a small part of a table; autovacuum's
 *    analyse follows as for any table).
 * 6. Records in analyse_verversing, for every rollup, `ververst_op` = `begin`: every rollup now holds everything
 *    committed before the claim, whether or not it had dirty slices.
 *
 * Runs as ketenpoort_ververser (it reads every region's source rows through its select policy, owns the rollups).
 */
export async function verversRollups(
  deps: Pick<JobDeps, 'orm' | 'clock'>,
  opties: { volledig?: boolean } = {},
): Promise<Verversing> {
  const begin = deps.clock.now();
  return deps.orm.em.fork().transactional(async (tx) => {
    const uit = (sql: string, params: unknown[] = []) =>
      tx.getConnection().execute(sql, params, 'run', tx.getTransactionContext());
    const rijen = <T>(sql: string, params: unknown[] = []) =>
      tx.getConnection().execute<T[]>(sql, params, 'all', tx.getTransactionContext());
    const [slot] = await rijen<{ ok: boolean }>(`select pg_try_advisory_xact_lock(${SLOT}) as ok`);
    if (!slot?.ok) return { ververst: {}, overgeslagen: [...ROLLUPS], plakken: {} };
    await uit(`set local role ketenpoort_ververser`);

    await markeerVerlopenTermijnen(tx, begin);
    const geclaimd = await rijen<{ familie: Familie; maand: string | null; vt_organisatie: string | null }>(
      `delete from analyse_vuil returning familie, maand::text as maand, vt_organisatie`,
    );
    const volledig = new Set<Familie>(opties.volledig ? FAMILIENAMEN : []);
    for (const r of geclaimd) if (r.maand === null) volledig.add(r.familie);
    const plakken = new Map<string, { familie: Familie; maand: string; vt: string }>();
    for (const r of geclaimd) {
      if (r.maand === null || volledig.has(r.familie)) continue;
      plakken.set(`${r.familie}|${r.maand}|${r.vt_organisatie}`, {
        familie: r.familie,
        maand: r.maand,
        vt: r.vt_organisatie!,
      });
    }
    await uit(`create temporary table if not exists analyse_plak (
        familie text not null, maand date not null, vt_organisatie text not null, van timestamptz not null, tot timestamptz not null
      ) on commit drop`);
    if (plakken.size) {
      await uit(
        `insert into ${PLAK} (familie, maand, vt_organisatie, van, tot)
         select x->>'f', (x->>'m')::date, x->>'v', ((x->>'m')::date)::timestamp at time zone 'Europe/Amsterdam',
                (((x->>'m')::date) + interval '1 month')::timestamp at time zone 'Europe/Amsterdam'
           from jsonb_array_elements(?::jsonb) x`,
        [JSON.stringify([...plakken.values()].map((p) => ({ f: p.familie, m: p.maand, v: p.vt })))],
      );
      await uit(`analyze ${PLAK}`);
    }
    /**
     * A slice is a few hundred to a few thousand source rows, found by index; the planner cannot know that (a range
     * joined to an outer row gets a default estimate ten times too high) and would hash-join every veiligheids-
     * beoordeling of the ten years instead (2,7 s instead of 0,2 s for 86 slices at 1M). So for slice statements
     * only nested loops and no JIT; full recomputes keep the defaults. Transaction-local.
     */
    let plakPlanner: boolean | null = null;
    const planner = async (plakken: boolean): Promise<void> => {
      if (plakPlanner === plakken) return;
      const waarde = plakken ? 'off' : 'default';
      for (const instelling of ['enable_hashjoin', 'enable_mergejoin', 'jit']) {
        await uit(`set local ${instelling} to ${waarde}`);
      }
      plakPlanner = plakken;
    };
    const perFamilie = new Map<Familie, number>();
    for (const p of plakken.values()) perFamilie.set(p.familie, (perFamilie.get(p.familie) ?? 0) + 1);

    const ververst: Record<string, number> = {};
    const teAnalyseren: RollupNaam[] = [];
    const params = { nu: begin };
    // In ROLLUPS order: the narrow copies of analyse_melding are computed from it after it.
    for (const naam of ROLLUPS) {
      const def = ROLLUP_SQL[naam];
      const t0 = performance.now();
      // Rollup names come from the constant list, never from input.
      if (volledig.has(def.familie)) {
        await planner(false);
        await uit(`delete from ${naam}`);
        await uit(
          `insert into ${naam} ${def.vul(false)}`,
          (def.parameters ?? []).map((p) => params[p]),
        );
        teAnalyseren.push(naam);
      } else if (perFamilie.get(def.familie)) {
        await planner(true);
        await uit(
          `delete from ${naam} r using ${PLAK} p where p.familie = ? and r.maand = p.maand and r.vt_organisatie = p.vt_organisatie`,
          [def.familie],
        );
        await uit(
          `insert into ${naam} ${def.vul(true)}`,
          (def.parameters ?? []).map((p) => params[p]),
        );
      }
      ververst[naam] = Math.round(performance.now() - t0);
    }
    // A rollup that has never been analysed (a new database) gets planner statistics now; the questions need them.
    const zonder = await rijen<{ naam: string }>(
      `select relname as naam from pg_stat_user_tables
        where relname in (select jsonb_array_elements_text(?::jsonb)) and last_analyze is null and last_autoanalyze is null`,
      [JSON.stringify(ROLLUPS)],
    );
    for (const r of zonder) if (!teAnalyseren.includes(r.naam as RollupNaam)) teAnalyseren.push(r.naam as RollupNaam);
    for (const naam of teAnalyseren) {
      const t0 = performance.now();
      await uit(`analyze ${naam}`);
      ververst[naam] += Math.round(performance.now() - t0);
    }
    await uit(`reset role`);
    await uit(
      `insert into analyse_verversing (naam, ververst_op, duur_ms)
       select x->>'naam', ?, (x->>'ms')::int from jsonb_array_elements(?::jsonb) x
       on conflict (naam) do update set ververst_op = excluded.ververst_op, duur_ms = excluded.duur_ms`,
      [begin, JSON.stringify(Object.entries(ververst).map(([naam, ms]) => ({ naam, ms })))],
    );
    const samenvatting: Verversing['plakken'] = {};
    for (const f of FAMILIENAMEN) {
      if (volledig.has(f)) samenvatting[f] = 'volledig';
      else if (perFamilie.get(f)) samenvatting[f] = perFamilie.get(f);
    }
    return { ververst, overgeslagen: [], plakken: samenvatting };
  });
}

/**
 * Marks the TERMIJN slices of open termijnen (neither met nor cancelled) whose due moment lies between the last refresh's
 * moment and `nu` (either way round: a clock set back undoes it), and moves the mark to `nu`. The first time (no mark
 * yet) the whole family is marked.
 */
async function markeerVerlopenTermijnen(tx: EntityManager, nu: Date): Promise<void> {
  const c = tx.getConnection();
  const ctx: unknown = tx.getTransactionContext();
  const [stand] = await c.execute<{ tot: Date }[]>(
    `select tot from analyse_stand where sleutel = ?`,
    [TERMIJNEN_BESLIST_TOT],
    'all',
    ctx,
  );
  if (!stand) {
    await c.execute(`insert into analyse_vuil (familie) values ('TERMIJN')`, [], 'run', ctx);
  } else {
    await c.execute(
      `insert into analyse_vuil (familie, maand, vt_organisatie)
       select distinct 'TERMIJN', date_trunc('month', t.vervaldatum::timestamp)::date, t.vt_organisatie
         from termijn t
        where t.status = 'OPEN'
          and t.vervalt_op > least(?::timestamptz, ?::timestamptz) and t.vervalt_op <= greatest(?::timestamptz, ?::timestamptz)`,
      [stand.tot, nu, stand.tot, nu],
      'run',
      ctx,
    );
  }
  await c.execute(
    `insert into analyse_stand (sleutel, tot) values (?, ?) on conflict (sleutel) do update set tot = excluded.tot`,
    [TERMIJNEN_BESLIST_TOT, nu],
    'run',
    ctx,
  );
}
