import { Client } from 'pg';

import type { Logger } from './logger';

/** What a listener reports to its owner. */
export interface LuisterHandlers {
  /** A notification arrived on the channel (payload as sent by pg_notify). */
  onMelding(payload: string | undefined): void;
  /** LISTEN is in effect (again): notifications sent from now on arrive; anything before may have been missed. */
  onLuistert(): void;
  /** The connection is lost: notifications may be missed until onLuistert is called again. */
  onGestopt(): void;
}

/** Reconnect and liveness timing of a PgLuisteraar. */
export interface LuisterOpties {
  /** First retry delay after a lost connection; doubled per failure up to maxWachtMs, with jitter. */
  minWachtMs?: number;
  maxWachtMs?: number;
  /** A `select 1` at this interval detects a connection that died without a TCP reset. */
  hartslagMs?: number;
}

/**
 * A PostgreSQL LISTEN on one channel over a dedicated connection (not from a pool: LISTEN belongs to a session),
 * reconnecting with exponential backoff. Invariant: between onGestopt and the next onLuistert the owner must not
 * assume it hears every change; it is told the moment that holds again.
 */
export class PgLuisteraar {
  private client?: Client;
  private gestopt = false;
  private pogingen = 0;
  private herstelTimer?: NodeJS.Timeout;
  private hartslagTimer?: NodeJS.Timeout;
  private readonly minWachtMs: number;
  private readonly maxWachtMs: number;
  private readonly hartslagMs: number;

  constructor(
    private readonly url: string,
    private readonly kanaal: string,
    private readonly handlers: LuisterHandlers,
    private readonly log: Logger,
    opties: LuisterOpties = {},
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(kanaal)) throw new Error(`Onveilige kanaalnaam: ${kanaal}`);
    this.minWachtMs = opties.minWachtMs ?? 100;
    this.maxWachtMs = opties.maxWachtMs ?? 30_000;
    this.hartslagMs = opties.hartslagMs ?? 30_000;
  }

  /** Connects and listens; resolves after the first attempt, whether or not it succeeded (it keeps retrying). */
  async start(): Promise<void> {
    await this.verbind();
  }

  /**
   * A round trip on the listening connection. When it returns true, every notification of a transaction committed
   * before the call has been handed to onMelding: PostgreSQL sends pending notifications before the ReadyForQuery
   * that ends the query. False when not listening (then nothing can be promised).
   */
  async synchroniseer(): Promise<boolean> {
    const c = this.client;
    if (!c) return false;
    try {
      await c.query('select 1');
      return this.client === c;
    } catch {
      return false;
    }
  }

  /** Stops listening for good and closes the connection. */
  async stop(): Promise<void> {
    this.gestopt = true;
    clearTimeout(this.herstelTimer);
    clearInterval(this.hartslagTimer);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }

  private async verbind(): Promise<void> {
    if (this.gestopt) return;
    const client = new Client({
      connectionString: this.url,
      application_name: `ketenpoort-luisteraar:${this.kanaal}`,
      keepAlive: true,
      query_timeout: 10_000,
    });
    let verloren = false;
    const opVerlies = (reden: string): void => {
      if (verloren) return;
      verloren = true;
      clearInterval(this.hartslagTimer);
      if (this.client === client) this.client = undefined;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.gestopt) return;
      this.handlers.onGestopt();
      this.planHerstel(reden);
    };
    client.on('error', (e) => opVerlies(e.message));
    client.on('end', () => opVerlies('verbinding gesloten'));
    client.on('notification', (m) => {
      if (m.channel === this.kanaal) this.handlers.onMelding(m.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${this.kanaal}`);
    } catch (e) {
      opVerlies((e as Error).message);
      return;
    }
    if (this.gestopt || verloren) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.pogingen = 0;
    this.hartslagTimer = setInterval(() => {
      client.query('select 1').catch((e: unknown) => opVerlies(`hartslag: ${(e as Error).message}`));
    }, this.hartslagMs);
    this.hartslagTimer.unref();
    this.handlers.onLuistert();
  }

  private planHerstel(reden: string): void {
    this.pogingen += 1;
    const basis = Math.min(this.maxWachtMs, this.minWachtMs * 2 ** (this.pogingen - 1));
    const wacht = Math.round(basis / 2 + Math.random() * (basis / 2));
    this.log.warn(
      { kanaal: this.kanaal, reden, pogingen: this.pogingen, wachtMs: wacht },
      'LISTEN-verbinding verloren; opnieuw verbinden',
    );
    clearTimeout(this.herstelTimer);
    this.herstelTimer = setTimeout(() => void this.verbind(), wacht);
    this.herstelTimer.unref();
  }
}
