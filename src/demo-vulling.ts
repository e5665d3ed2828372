import type { Logger } from './lib/logger';
import type { Vulmarkering, Vulstand } from './lib/vulmarkering';

/** What a fill gets from the start: a signal to stop at the next step, and where to report progress. */
export interface VulOpties {
  signaal: AbortSignal;
  voortgang(stand: Record<string, unknown>): void;
}

/** The error a fill throws when it stops on the signal. */
export class VullingAfgebroken extends Error {
  constructor() {
    super('het vullen is afgebroken');
    this.name = 'VullingAfgebroken';
  }
}

/**
 * The demo fill of `npm start`, run in the background while the API already answers (issue 18, point 5): it is marked
 * begun, reports its progress and is marked done in a file beside the data (src/lib/vulmarkering.ts), which /readyz
 * reads; stopping the server stops the fill at its next step and leaves it marked unfinished, so the next start redoes
 * it on an emptied embedded database.
 */
export class AchtergrondVulling {
  private readonly afbreken = new AbortController();
  private lopend?: Promise<void>;

  constructor(
    private readonly markering: Vulmarkering,
    private readonly log: Logger,
  ) {}

  /** Starts the fill; `daarna` runs once it is done (not when it fails or is stopped). */
  start(vul: (opties: VulOpties) => Promise<unknown>, daarna: () => void): void {
    this.markering.begonnen();
    const begonnen = Date.now();
    this.lopend = vul({ signaal: this.afbreken.signal, voortgang: (v) => this.markering.voortgang(v) }).then(
      () => {
        this.markering.voltooid();
        this.log.info({ duurMs: Date.now() - begonnen }, 'demodata: gereed');
        daarna();
      },
      (e: unknown) => {
        if (this.afbreken.signal.aborted) return;
        const fout = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        this.markering.mislukt(fout);
        this.log.error(
          { fout },
          'demodata: het vullen is mislukt; de API draait door, de volgende start vult de embedded database opnieuw',
        );
      },
    );
  }

  /** Where the fill stands, for readiness. */
  stand(): Vulstand | undefined {
    return this.markering.lees();
  }

  /**
   * Stops the fill at its next step and waits for it (at most `wachtMs`: a step that hangs is left behind, the process
   * is ending). Returns true when the fill was done.
   */
  async stop(wachtMs = 5_000): Promise<boolean> {
    if (!this.lopend) return true;
    this.afbreken.abort();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.lopend, new Promise<void>((r) => (timer = setTimeout(r, wachtMs)))]);
    clearTimeout(timer);
    return this.markering.lees()?.status === 'klaar';
  }
}
