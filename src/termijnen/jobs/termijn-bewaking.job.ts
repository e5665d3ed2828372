import { auditSysteemwerk } from '../../audit/systeem-audit';
import { isUuid } from '../../lib/context';
import { jobHerhaling, type JobDefinitie, type Schema } from '../../lib/job';
import { NotificatieSoort, TermijnEntity, TermijnStatus } from '../termijn.entity';
import { ESCALEER_JOB, HERINNER_JOB, type Herstel, TERMIJN_WACHTRIJ, TermijnPlanner } from '../termijn.service';

type Payload = { termijnId: string };

/** The basis of the worker's reminders and escalations in the audit trail. */
const TERMIJN_GRONDSLAG = 'Wmo 2015 art. 4.1.1: bewaking van de wettelijke termijnen van Veilig Thuis';

/**
 * Writes one notification for a termijn, at most once: the row is unique per (termijn, soort), so a job that
 * runs twice (BullMQ delivers at least once; the reconciler may re-add a finished job) inserts nothing the second time.
 * Under retries the same holds: everything the notification brings (its audit record, the termijn actions) is in
 * its transaction, so a failed attempt leaves nothing and a later attempt finds either nothing or the notification.
 * Returns what happened, for the job's result and the tests.
 */
async function notificeer(
  deps: Parameters<JobDefinitie['verwerk']>[0],
  termijnId: string,
  soort: NotificatieSoort,
): Promise<string> {
  if (!isUuid(termijnId)) return 'ongeldig-id';
  const em = deps.orm.em.fork();
  const t = await em.findOne(TermijnEntity, { id: termijnId });
  if (!t) return 'onbekend';
  if (t.status !== TermijnStatus.OPEN) return 'niet-open';
  // Imported history: a termijn that had ended before it was loaded is never reminded or escalated.
  if (t.historisch) return 'historisch';
  const nu = deps.clock.now();
  const moment = soort === NotificatieSoort.HERINNERING ? t.herinnerOp : t.vervaltOp;
  // Early (a clock disagreement): the reconciler re-adds it later; nothing is written now.
  if (nu < moment) return 'te-vroeg';
  // Every module's actions, injected by the worker (src/modules.ts collects them; this module cannot import those above it).
  const acties = deps.termijnActies.filter((a) => a.soorten.includes(t.soort) && a.bij.includes(soort));
  const r = await em.transactional(async (tx) => {
    const nieuw = await tx.getConnection().execute<{ id: string }[]>(
      `insert into notificatie (id, vt_organisatie, termijn_id, soort, ontvanger, ontvanger_rol, aangemaakt_op)
       values (?, ?, ?, ?, ?, ?, ?) on conflict (termijn_id, soort) do nothing returning id`,
      [
        crypto.randomUUID(),
        t.vtOrganisatie,
        t.id,
        soort,
        soort === NotificatieSoort.HERINNERING ? t.verantwoordelijke : null,
        soort === NotificatieSoort.HERINNERING && t.verantwoordelijke ? 'VT_MEDEWERKER' : 'VT_TEAMLEIDER',
        nu,
      ],
      'all',
      tx.getTransactionContext(),
    );
    if (nieuw.length > 0) {
      // The notification, its audit record and what other modules attach to this kind of termijn commit together, once.
      await auditSysteemwerk(tx, deps, soort === NotificatieSoort.HERINNERING ? HERINNER_JOB : ESCALEER_JOB, [
        {
          gebeurtenis: soort === NotificatieSoort.HERINNERING ? 'TERMIJN_HERINNEREN' : 'TERMIJN_ESCALEREN',
          actie: 'C',
          vtOrganisatie: t.vtOrganisatie,
          objectType: 'Termijn',
          objectId: t.id,
          velden: ['notificatie'],
          grondslag: TERMIJN_GRONDSLAG,
        },
      ]);
      for (const a of acties) await a.uitvoeren(deps, tx, t, soort);
    }
    return nieuw;
  });
  if (r.length === 0) return 'al-verstuurd';
  deps.log.info(
    { termijnId: t.id, soort, termijnSoort: t.soort, regio: t.vtOrganisatie },
    soort === NotificatieSoort.ESCALATIE ? 'termijn overschreden: geëscaleerd' : 'herinnering termijn',
  );
  return 'verstuurd';
}

export const herinnerJob: JobDefinitie<Payload> = {
  wachtrij: TERMIJN_WACHTRIJ,
  naam: HERINNER_JOB,
  verwerk: (deps, { termijnId }) => notificeer(deps, termijnId, NotificatieSoort.HERINNERING),
};

export const escaleerJob: JobDefinitie<Payload> = {
  wachtrij: TERMIJN_WACHTRIJ,
  naam: ESCALEER_JOB,
  verwerk: (deps, { termijnId }) => notificeer(deps, termijnId, NotificatieSoort.ESCALATIE),
};

/**
 * One page of the reconciler: open termijnen whose reminder or escalation falls before the horizon (?1), after the
 * keyset (?2 moment, ?3 id), with whether each notification was already written. Exported for the benchmark's plan.
 */
export const AFSTEM_PAGINA_SQL = `select t.id, least(t.herinner_op, t.vervalt_op) as moment, t.herinner_op, t.vervalt_op,
       exists (select 1 from notificatie n where n.termijn_id = t.id and n.soort = 'HERINNERING') as herinnerd,
       exists (select 1 from notificatie n where n.termijn_id = t.id and n.soort = 'ESCALATIE') as geescaleerd
  from termijn t
 where t.status = 'OPEN' and not t.historisch and least(t.herinner_op, t.vervalt_op) <= ?
   and (least(t.herinner_op, t.vervalt_op), t.id) > (?, ?::uuid)
 order by least(t.herinner_op, t.vervalt_op), t.id limit 5000`;

/**
 * The reconciler: rebuilds and repairs the queue's schedule from PostgreSQL. For every open termijn whose reminder or
 * escalation is due within the planning horizon and not yet written, it makes sure a job will run: a missing job is
 * added, a failed or completed one replaced (TermijnPlanner.herstel). Runs at worker start, when its schedule is
 * restored, and periodically, so a Redis that lost its data or a job that failed loses no termijn. What it repaired
 * is counted and logged: `ontbrak` is also the normal arrival of termijnen within the horizon; `mislukt` and
 * `voltooid` mean a job did not do its work.
 */
export const afstemmenJob: JobDefinitie = {
  wachtrij: TERMIJN_WACHTRIJ,
  naam: 'termijnen-afstemmen',
  async verwerk(deps) {
    const nu = deps.clock.now();
    const planner = new TermijnPlanner(
      deps.queue(TERMIJN_WACHTRIJ),
      deps.config.termijnen.planhorizonMs,
      jobHerhaling(deps.config),
    );
    const grens = new Date(nu.getTime() + deps.config.termijnen.planhorizonMs);
    const conn = deps.orm.em.getConnection();
    // Keyset pages on (the earlier of reminder and due moment, id): an index range scan (termijn_open_planning_idx).
    let naMoment = new Date(0);
    let naId = '00000000-0000-0000-0000-000000000000';
    let termijnen = 0;
    let bekeken = 0;
    const hersteld: Herstel = { ontbrak: 0, mislukt: 0, voltooid: 0 };
    for (;;) {
      const rijen = await conn.execute<
        { id: string; moment: Date; herinner_op: Date; vervalt_op: Date; herinnerd: boolean; geescaleerd: boolean }[]
      >(AFSTEM_PAGINA_SQL, [grens, naMoment, naId]);
      if (rijen.length === 0) break;
      naMoment = new Date(rijen[rijen.length - 1].moment);
      naId = rijen[rijen.length - 1].id;
      termijnen += rijen.length;
      const r = await planner.herstel(
        rijen.map((r) => ({ id: r.id, herinnerOp: new Date(r.herinner_op), vervaltOp: new Date(r.vervalt_op) })),
        nu,
        {
          herinnering: new Set(rijen.filter((r) => r.herinnerd).map((r) => r.id)),
          escalatie: new Set(rijen.filter((r) => r.geescaleerd).map((r) => r.id)),
        },
      );
      bekeken += r.bekeken;
      hersteld.ontbrak += r.ontbrak;
      hersteld.mislukt += r.mislukt;
      hersteld.voltooid += r.voltooid;
    }
    const jobs = hersteld.ontbrak + hersteld.mislukt + hersteld.voltooid;
    if (hersteld.mislukt + hersteld.voltooid > 0) {
      deps.log.warn(
        { termijnen, hersteld },
        'termijnjobs hersteld: mislukte of voltooide jobs zonder notificatie vervangen',
      );
    } else if (jobs > 0) deps.log.info({ termijnen, hersteld }, 'termijnen afgestemd');
    // bekeken: jobs looked up (due within the horizon, notification not written); jobs: added or replaced.
    return { termijnen, bekeken, jobs, hersteld };
  },
};

export const afstemmenSchema: Schema = {
  id: 'termijnen-afstemmen-periodiek',
  job: afstemmenJob,
  elkeMs: (config) => config.termijnen.afstemmenIntervalMs,
};
