import type { Queue } from 'bullmq';

import type { Config } from './config';
import type { Schema } from './job';
import type { Logger } from './logger';
import { binnen } from './tijdslimiet';

/** The longest one queue command of a check may take: a healthy queue answers in milliseconds. */
export const WACHT_MS = 5000;

/** A periodic schedule and the queue it lives in. */
export interface BewaaktSchema {
  queue: Queue;
  schema: Schema;
}

/**
 * Keeps the worker's periodic schedules in the queue. BullMQ keeps a job scheduler only in its own store: a Redis that
 * restarts without persistence, fails over to a replica that lagged, evicts keys or is flushed comes back without
 * them, and with them stops every periodic job (webhook delivery, audit sealing, the termijn reconciler) until
 * someone restarts the worker. So the worker checks, when a connection becomes ready (a reconnect) and on a timer of
 * its own (a flush or eviction does not drop the connection), that each scheduler exists with its interval and that
 * its next job exists; what is missing is upserted (idempotent). A restored scheduler's first job runs at once, so
 * the reconciler rebuilds the termijn jobs straight after.
 *
 * Invariant: losing the queue's data delays periodic work by at most WACHTRIJ_SCHEMA_CONTROLE_MS (≤ 1 minute) plus
 * the time the queue is unreachable; no restart is needed.
 */
export class SchemaBewaker {
  private timer?: NodeJS.Timeout;
  private lopend: Promise<unknown> = Promise.resolve();
  private wachtend?: Promise<string[]>;
  private gestopt = false;
  private onbereikbaar = false;

  constructor(
    private readonly schemas: readonly BewaaktSchema[],
    private readonly config: Config,
    private readonly log: Logger,
  ) {}

  /** Registers the schedules (or, with the queue away, leaves that to the timer and the reconnect) and starts the timer. */
  async start(): Promise<void> {
    await this.controleer('start');
    this.timer = setInterval(() => void this.controleer('periodiek'), this.config.wachtrij.schemaControleMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a running check; later requests do nothing. */
  async stop(): Promise<void> {
    this.gestopt = true;
    clearInterval(this.timer);
    await this.lopend;
  }

  /**
   * Checks every schedule and restores what is missing; resolves to the restored schedule ids and never rejects.
   * One check runs at a time; requests during a check are served by one check after it.
   */
  controleer(reden: string): Promise<string[]> {
    if (this.gestopt) return Promise.resolve([]);
    if (this.wachtend) return this.wachtend;
    const run = this.lopend.then(() => {
      this.wachtend = undefined;
      return this.gestopt ? [] : this.eenKeer(reden);
    });
    this.wachtend = run;
    // Never let one failed check stop the chain (eenKeer does not reject; this keeps it so if it ever did).
    this.lopend = run.catch(() => []);
    return run;
  }

  private async eenKeer(reden: string): Promise<string[]> {
    // Commands on the worker's connections wait for a reconnect; the bound frees the check (a late upsert is harmless).
    const grens = WACHT_MS;
    const hersteld: string[] = [];
    let fout: string | undefined;
    for (const { queue, schema } of this.schemas) {
      const every = schema.elkeMs(this.config);
      try {
        // At start always upsert, as a deploy must: it also brings a changed interval or job template into the queue.
        if (reden !== 'start' && (await binnen(aanwezig(queue, schema.id, every), grens))) continue;
        await binnen(queue.upsertJobScheduler(schema.id, { every }, { name: schema.job.naam, data: {} }), grens);
        hersteld.push(schema.id);
      } catch (e) {
        // The queue is away (or too slow): the rest would wait just as long. The reconnect or the next check retries.
        fout = (e as Error).name;
        break;
      }
    }
    if (fout) {
      if (!this.onbereikbaar) {
        this.log.warn(
          { reden, fout },
          "periodieke schema's niet te controleren: wachtrij onbereikbaar; opnieuw bij herverbinding of de volgende controle",
        );
      }
      this.onbereikbaar = true;
    } else {
      this.onbereikbaar = false;
    }
    if (hersteld.length > 0) {
      if (reden === 'start') this.log.info({ schemas: hersteld }, "periodieke schema's geregistreerd");
      else this.log.warn({ reden, schemas: hersteld }, "periodieke schema's ontbraken in de wachtrij en zijn hersteld");
    }
    return hersteld;
  }
}

/**
 * Whether the scheduler exists with this interval and its next job is still to run. A next job that is gone, or
 * finished without a successor, means the queue lost part of its data: the scheduler would never fire again.
 */
async function aanwezig(queue: Queue, id: string, every: number): Promise<boolean> {
  const s = await queue.getJobScheduler(id);
  if (!s || Number(s.every) !== every || s.next === undefined || s.next === null) return false;
  const staat = await queue.getJobState(`repeat:${id}:${s.next}`);
  return staat !== 'unknown' && staat !== 'completed' && staat !== 'failed';
}
