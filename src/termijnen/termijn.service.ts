import type { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';

import type { RequestContext } from '../lib/context';
import { binnen } from '../lib/tijdslimiet';
import type { Datum } from './kalender';
import { herinneringOp, herinneringVoorTijdstip, type TermijnRegels, vervaldatum } from './termijn-regels';
import { NotificatieEntity, NotificatieSoort, TermijnEntity, type TermijnSoort, TermijnStatus } from './termijn.entity';

declare module '../lib/context' {
  interface RequestContext {
    /** Termijn lengths and the working-day calendar, from the configuration. */
    readonly termijnRegels: TermijnRegels;
    /** Schedules termijn jobs after commit; absent where no queue is wired (the reconciler then does it). */
    readonly termijnPlanner?: TermijnPlanner;
  }
}

export const TERMIJN_WACHTRIJ = 'termijnen';
export const HERINNER_JOB = 'termijn-herinneren';
export const ESCALEER_JOB = 'termijn-escaleren';

/** Job ids are derived from the termijn id, so adding the same job twice is a no-op in BullMQ. */
export const herinnerJobId = (termijnId: string): string => `h-${termijnId}`;
export const escaleerJobId = (termijnId: string): string => `e-${termijnId}`;

/** The object outside the casus process a termijn on an exact moment belongs to (one termijn per object). */
export type TermijnObject = { hwcSignaalId: string } | { zsmVerzoekId: string } | { huisverbodId: string };

export type NieuweTermijn = {
  vtOrganisatie: string;
  meldingId?: string | null;
  dienstId?: string | null;
  overdrachtId?: string | null;
  /** The tijdelijk huisverbod a THV_* termijn belongs to (it has several; see src/huisverbod). */
  huisverbodId?: string | null;
  /** The Aware application an AWARE_* termijn belongs to (src/aware). */
  awareAanvraagId?: string | null;
  /** The data subject's request a RECHTENVERZOEK_ANTWOORD termijn belongs to (src/rechten). */
  rechtenverzoekId?: string | null;
  soort: TermijnSoort;
  verantwoordelijke: string | null;
} & (
  | {
      casusId: string;
      start: Datum;
      acuut?: boolean;
      /** A due day that overrides the computed one (e.g. feedback on the day of a late assessment). */
      vervaldatum?: Datum;
    }
  | {
      /** A HwC signal has a casus; a ZSM request has none. */
      casusId: string | null;
      object: TermijnObject;
      /** Due at an exact moment (`tot`), not at the end of a working day: overdue from `tot` on. */
      tijdstip: { van: Date; tot: Date };
    }
);

/**
 * Opens, meets and cancels termijnen inside the caller's transaction. The rows are the truth; scheduling
 * the worker's jobs happens after commit (`TermijnPlanner`) and again, from these rows, in the reconciler.
 */
export const termijnService = {
  open(tx: EntityManager, regels: TermijnRegels, t: NieuweTermijn): TermijnEntity {
    const k = regels.kalender;
    let moment: Pick<TermijnEntity, 'startdatum' | 'vervaldatum' | 'vervaltOp' | 'herinnerOp'>;
    if ('tijdstip' in t) {
      const { van, tot } = t.tijdstip;
      // The due day is the day of the last on-time instant (a deadline at 00:00 belongs to the day before).
      moment = {
        startdatum: k.lokaleDatum(van),
        vervaldatum: k.lokaleDatum(new Date(tot.getTime() - 1)),
        vervaltOp: tot,
        herinnerOp: herinneringVoorTijdstip(regels, van, tot),
      };
    } else {
      const verval = t.vervaldatum ?? vervaldatum(regels, t.soort, t.start, { acuut: t.acuut });
      moment = {
        startdatum: t.start,
        vervaldatum: verval,
        vervaltOp: k.eindeVanDag(verval),
        herinnerOp: herinneringOp(regels, verval),
      };
    }
    const object = 'object' in t ? t.object : undefined;
    return tx.create(TermijnEntity, {
      vtOrganisatie: t.vtOrganisatie,
      casusId: t.casusId,
      meldingId: t.meldingId ?? null,
      dienstId: t.dienstId ?? null,
      overdrachtId: t.overdrachtId ?? null,
      hwcSignaalId: object && 'hwcSignaalId' in object ? object.hwcSignaalId : null,
      zsmVerzoekId: object && 'zsmVerzoekId' in object ? object.zsmVerzoekId : null,
      huisverbodId: object && 'huisverbodId' in object ? object.huisverbodId : (t.huisverbodId ?? null),
      awareAanvraagId: t.awareAanvraagId ?? null,
      rechtenverzoekId: t.rechtenverzoekId ?? null,
      soort: t.soort,
      ...moment,
      status: TermijnStatus.OPEN,
      verantwoordelijke: t.verantwoordelijke,
      historisch: false,
    });
  },

  /**
   * Closes the open termijn of a HwC signal or ZSM request: met (acknowledged, answered) or cancelled (withdrawn).
   * Returns it, or undefined when there was none open (already closed, or a signal from before termijnen).
   */
  async sluitVoor(
    tx: EntityManager,
    object: TermijnObject,
    status: TermijnStatus.VOLDAAN | TermijnStatus.GEANNULEERD,
    nu: Date,
  ): Promise<TermijnEntity | undefined> {
    const t = await tx.findOne(TermijnEntity, { ...object, status: TermijnStatus.OPEN });
    if (!t) return undefined;
    t.status = status;
    t.afgehandeldOp = nu;
    return t;
  },

  /** When the termijnen of these HwC signals or ZSM requests escalated, by object id (absent: not escalated). */
  async escalatiesVoor(
    tx: EntityManager,
    veld: 'hwcSignaalId' | 'zsmVerzoekId',
    ids: readonly string[],
  ): Promise<Map<string, Date>> {
    if (ids.length === 0) return new Map();
    const termijnen = await tx.find(TermijnEntity, { [veld]: { $in: [...ids] } });
    const escalaties = await tx.find(NotificatieEntity, {
      termijnId: { $in: termijnen.map((t) => t.id) },
      soort: NotificatieSoort.ESCALATIE,
    });
    const op = new Map(escalaties.map((n) => [n.termijnId, n.aangemaaktOp]));
    const uit = new Map<string, Date>();
    for (const t of termijnen) {
      const e = op.get(t.id);
      if (e) uit.set(t[veld] as string, e);
    }
    return uit;
  },

  /** Marks the open termijnen matching `waar` as met. Returns them (empty when there was none). */
  async voldoe(
    tx: EntityManager,
    waar: { casusId: string; soort: TermijnSoort | TermijnSoort[]; meldingId?: string; dienstId?: string },
    nu: Date,
  ): Promise<TermijnEntity[]> {
    const open = await tx.find(TermijnEntity, {
      casusId: waar.casusId,
      soort: Array.isArray(waar.soort) ? { $in: waar.soort } : waar.soort,
      status: TermijnStatus.OPEN,
      ...(waar.meldingId ? { meldingId: waar.meldingId } : {}),
      ...(waar.dienstId ? { dienstId: waar.dienstId } : {}),
    });
    for (const t of open) {
      t.status = TermijnStatus.VOLDAAN;
      t.afgehandeldOp = nu;
    }
    return open;
  },

  /** Cancels the casus's open termijnen (of the given kinds, or all: closing the casus, which withdraws open offers first). */
  async annuleerAlle(tx: EntityManager, casusId: string, nu: Date, soorten?: TermijnSoort[]): Promise<number> {
    const open = await tx.find(TermijnEntity, {
      casusId,
      status: TermijnStatus.OPEN,
      ...(soorten ? { soort: { $in: soorten } } : {}),
    });
    for (const t of open) {
      t.status = TermijnStatus.GEANNULEERD;
      t.afgehandeldOp = nu;
    }
    return open.length;
  },
};

/** What the planner needs of a termijn. */
export interface TePlannen {
  id: string;
  herinnerOp: Date;
  vervaltOp: Date;
}

/** Notifications already written, whose jobs are not needed any more. */
export interface Overslaan {
  herinnering?: ReadonlySet<string>;
  escalatie?: ReadonlySet<string>;
}

/** What the reconciler repaired, by what it found: no job, a failed job (attempts spent), a completed job. */
export interface Herstel {
  ontbrak: number;
  mislukt: number;
  voltooid: number;
}

type BulkJob = Parameters<Queue['addBulk']>[0][number];

/** Job states in which a job will still run (or runs now, or waits between attempts): left alone. */
const ZAL_NOG_LOPEN = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

/**
 * Puts a termijn's reminder and escalation jobs on the queue. Idempotent (job ids from the termijn id). Every job is
 * retried with backoff (`herhaling`), so a passing database error costs a delay, not the notification.
 * Only jobs due within the horizon are added: the reconciler adds the rest as they come near, so Redis holds
 * the near future only, whatever the number of open termijnen.
 */
export class TermijnPlanner {
  constructor(
    private readonly queue: Queue,
    private readonly horizonMs: number,
    private readonly herhaling: Pick<NonNullable<BulkJob['opts']>, 'attempts' | 'backoff'> = {},
  ) {}

  private jobs(termijnen: readonly TePlannen[], nu: Date, overslaan: Overslaan): BulkJob[] {
    const grens = nu.getTime() + this.horizonMs;
    const jobs: BulkJob[] = [];
    const job = (name: string, jobId: string, termijnId: string, op: Date): BulkJob => ({
      name,
      data: { termijnId },
      opts: { jobId, delay: Math.max(0, op.getTime() - nu.getTime()), ...this.herhaling },
    });
    for (const t of termijnen) {
      if (t.herinnerOp.getTime() <= grens && !overslaan.herinnering?.has(t.id)) {
        jobs.push(job(HERINNER_JOB, herinnerJobId(t.id), t.id, t.herinnerOp));
      }
      if (t.vervaltOp.getTime() <= grens && !overslaan.escalatie?.has(t.id)) {
        jobs.push(job(ESCALEER_JOB, escaleerJobId(t.id), t.id, t.vervaltOp));
      }
    }
    return jobs;
  }

  /** Adds the jobs (an id already on the queue, in whatever state, makes its add a no-op). Returns how many were offered. */
  async plan(termijnen: readonly TePlannen[], nu: Date, overslaan: Overslaan = {}): Promise<number> {
    const jobs = this.jobs(termijnen, nu, overslaan);
    for (let i = 0; i < jobs.length; i += 1000) await this.queue.addBulk(jobs.slice(i, i + 1000));
    return jobs.length;
  }

  /**
   * The reconciler's repair, for open termijnen whose notification is not written (`overslaan` names those that are):
   * looks up each job's state by id. Missing: added. Failed (its attempts spent) or completed (it ran too early by a
   * clock disagreement, or wrote nothing): removed and added again, because BullMQ silently ignores an add under an
   * id still held by a failed or completed job, and would keep it so for days. Waiting, delayed (also between
   * attempts) or active: left alone. Returns how many jobs it looked up and what it found and replaced.
   */
  async herstel(
    termijnen: readonly TePlannen[],
    nu: Date,
    overslaan: Overslaan = {},
  ): Promise<Herstel & { bekeken: number }> {
    const jobs = this.jobs(termijnen, nu, overslaan);
    const uit = { bekeken: jobs.length, ontbrak: 0, mislukt: 0, voltooid: 0 };
    // Lookups in slices: concurrent commands are pipelined on one Redis connection, and bounded for the PostgreSQL backend.
    for (let i = 0; i < jobs.length; i += 500) {
      const deel = jobs.slice(i, i + 500);
      const staten = await Promise.all(deel.map((j) => this.queue.getJobState(j.opts!.jobId!)));
      const weg: string[] = [];
      const erbij: BulkJob[] = [];
      deel.forEach((j, k) => {
        const staat = staten[k];
        if (ZAL_NOG_LOPEN.has(staat)) return;
        if (staat === 'failed') uit.mislukt += 1;
        else if (staat === 'completed') uit.voltooid += 1;
        else uit.ontbrak += 1;
        if (staat === 'failed' || staat === 'completed') weg.push(j.opts!.jobId!);
        erbij.push(j);
      });
      await Promise.all(weg.map((id) => this.queue.remove(id)));
      if (erbij.length > 0) await this.queue.addBulk(erbij);
    }
    return uit;
  }
}

/**
 * Schedules new termijnen after commit, bounded by WACHTRIJ_PLAN_TIMEOUT_MS. Never throws: the change is committed
 * and the caller must get its answer; whatever was not scheduled (the queue away or slow) the reconciler schedules
 * from the termijn rows on its next run.
 */
export async function planNaCommit(ctx: RequestContext, nieuw: readonly TePlannen[]): Promise<void> {
  if (!ctx.termijnPlanner || nieuw.length === 0) return;
  try {
    await binnen(ctx.termijnPlanner.plan(nieuw, ctx.clock.now()), ctx.config.wachtrij.planTimeoutMs);
  } catch (e) {
    ctx.log.warn(
      { fout: (e as Error).name, termijnen: nieuw.length },
      'termijnjobs niet ingepland (wachtrij onbereikbaar of traag); de afstemming doet het later',
    );
  }
}

/**
 * When the termijn of the HwC signal or ZSM request in `idKolom` escalated, as epoch milliseconds in a read statement
 * (null: not escalated): the SQL form of `termijnService.escalatiesVoor`, for reads that build views from rows.
 */
export function escalatieSql(kolom: 'hwc_signaal_id' | 'zsm_verzoek_id', idKolom: string): string {
  return `(select (extract(epoch from max(n.aangemaakt_op)) * 1000)::float8 from termijn et join notificatie n on n.termijn_id = et.id
            where et.${kolom} = ${idKolom} and n.soort = 'ESCALATIE')`;
}
