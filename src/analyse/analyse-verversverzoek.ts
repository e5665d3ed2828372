import { randomUUID } from 'node:crypto';

import type { RequestContext } from '../lib/context';
import { procesFout } from '../lib/errors';
import type { JobDeps } from '../lib/job';
import { type AnalyseVerversverzoekView, VerversverzoekStatus } from './analyse.types';
import type { Verversing } from './rollup-verversing';

/**
 * An analyst's (or functional administrator's) request for fresh figures: a row in analyse_verversverzoek (migration
 * 38), worked off by the worker's job `analyse-verversverzoeken` within seconds (the API never waits on the queue).
 * - Idempotent: while a request waits, asking again returns that one (one waiting request at a time, a unique index).
 * - Rate-limited: a new request within MINIMALE_TUSSENTIJD_MS of the previous one is CONFLICT `VERVERSEN_TE_VAAK`,
 *   with the moment from which it may be asked again; nothing is recorded.
 * The rollups are the same for everyone, so the request is global; it holds no figures and no personal data.
 */
export const MINIMALE_TUSSENTIJD_MS = 60_000;

interface VerzoekRij {
  id: string;
  status: VerversverzoekStatus;
  aangevraagd_op: Date;
  voltooid_op: Date | null;
  plakken: number | null;
}

const alsView = (r: VerzoekRij): AnalyseVerversverzoekView => ({
  status: r.status,
  aangevraagdOp: new Date(r.aangevraagd_op),
  voltooidOp: r.voltooid_op ? new Date(r.voltooid_op) : null,
  plakken: r.plakken,
});

export const analyseVerversverzoekService = {
  /** Records a request (audited in the same transaction), or returns the waiting one; refuses one asked too soon. */
  async aanvragen(ctx: RequestContext): Promise<AnalyseVerversverzoekView> {
    const nu = ctx.clock.now();
    const rij = await ctx.em.fork().transactional(async (tx) => {
      const c = tx.getConnection();
      const t: unknown = tx.getTransactionContext();
      // Serialise requests, so two at once cannot both pass the rate limit.
      await c.execute(`select pg_advisory_xact_lock(hashtext('analyse-verversverzoek'))`, [], 'run', t);
      const [laatste] = await c.execute<VerzoekRij[]>(
        `select id, status, aangevraagd_op, voltooid_op, plakken from analyse_verversverzoek
          order by (status = 'WACHTEND') desc, aangevraagd_op desc limit 1`,
        [],
        'all',
        t,
      );
      if (laatste?.status === VerversverzoekStatus.WACHTEND) return laatste;
      if (laatste) {
        const vanaf = new Date(new Date(laatste.aangevraagd_op).getTime() + MINIMALE_TUSSENTIJD_MS);
        if (vanaf > nu) {
          throw procesFout(
            'VERVERSEN_TE_VAAK',
            `De rollups zijn zojuist op verzoek ververst; een nieuw verzoek kan vanaf ${vanaf.toISOString()}.`,
            { opnieuwVanaf: vanaf.toISOString() },
            'CONFLICT',
          );
        }
      }
      const nieuw: VerzoekRij = {
        id: randomUUID(),
        status: VerversverzoekStatus.WACHTEND,
        aangevraagd_op: nu,
        voltooid_op: null,
        plakken: null,
      };
      await c.execute(
        `insert into analyse_verversverzoek (id, aangevraagd_door, organisatie, aangevraagd_op, status) values (?, ?, ?, ?, 'WACHTEND')`,
        [nieuw.id, ctx.actor.sub, ctx.actor.organisatie.code, nu],
        'run',
        t,
      );
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'ANALYSE_VERVERSEN_AANVRAGEN',
        actie: 'E',
        vtOrganisatie: ctx.actor.organisatie.soort === 'VEILIG_THUIS' ? ctx.actor.organisatie.code : null,
        objectType: 'AnalyseVerversverzoek',
        objectId: nieuw.id,
      });
      return nieuw;
    });
    return alsView(rij);
  },
};

/** Whether a request waits (the worker's poll: it refreshes only then). */
export async function wachtVerversverzoek(deps: Pick<JobDeps, 'orm'>): Promise<boolean> {
  const [r] = await deps.orm.em
    .fork()
    .getConnection()
    .execute<{ n: number }[]>(`select count(*)::int as n from analyse_verversverzoek where status = 'WACHTEND'`);
  return (r?.n ?? 0) > 0;
}

/**
 * Marks the requests made before the refresh `begin` done, with the number of slices it recomputed (a request made
 * while it ran waits for the next one: its changes may have come after the claim).
 */
export async function voltooiVerversverzoeken(
  deps: Pick<JobDeps, 'orm' | 'clock'>,
  begin: Date,
  r: Verversing,
): Promise<void> {
  const plakken = Object.values(r.plakken).reduce<number>((n, p) => n + (typeof p === 'number' ? p : 0), 0);
  await deps.orm.em
    .fork()
    .getConnection()
    .execute(
      `update analyse_verversverzoek set status = 'KLAAR', voltooid_op = ?, plakken = ? where status = 'WACHTEND' and aangevraagd_op <= ?`,
      [deps.clock.now(), plakken, begin],
    );
}
