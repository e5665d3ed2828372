import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a fill stands: begun and running (or interrupted), done, or failed (and so redone at the next start). */
export interface Vulstand {
  status: 'bezig' | 'klaar' | 'mislukt';
  /** When the fill began. */
  sinds: string;
  /** The last progress the fill reported (for the demo year: region, month, meldingen and adviezen so far). */
  voortgang?: Record<string, unknown>;
  /** When it finished. */
  klaar?: string;
  /** Why it failed (a message, no data). */
  fout?: string;
}

/**
 * Marks the filling of a fresh database (the demo data of `npm start`) as begun, its progress, and as done, in a file
 * beside the data (DATA_DIR). The fill runs while the API already answers (README, "Eerste start") and takes minutes;
 * it can be interrupted (Ctrl-C, a closed terminal), and the rows it wrote until then look like a finished database.
 * With this mark the next start knows the fill is unfinished and redoes it, and readiness (/readyz) can say how far it is,
 * from any API process.
 */
export class Vulmarkering {
  readonly pad: string;
  private sinds = new Date().toISOString();

  constructor(map: string, naam = 'demodata') {
    this.pad = join(map, `${naam}.status.json`);
  }

  /** The mark as written, or undefined when there is none (or it cannot be read). */
  lees(): Vulstand | undefined {
    try {
      const stand = JSON.parse(readFileSync(this.pad, 'utf8')) as Partial<Vulstand>;
      return stand.status === 'bezig' || stand.status === 'klaar' || stand.status === 'mislukt'
        ? (stand as Vulstand)
        : undefined;
    } catch {
      return undefined;
    }
  }

  /** True when a fill began and never finished (interrupted or failed). */
  onvoltooid(): boolean {
    const status = this.lees()?.status;
    return status === 'bezig' || status === 'mislukt';
  }

  begonnen(): void {
    this.sinds = new Date().toISOString();
    this.schrijf({ status: 'bezig', sinds: this.sinds });
  }

  voortgang(voortgang: Record<string, unknown>): void {
    this.schrijf({ status: 'bezig', sinds: this.sinds, voortgang });
  }

  voltooid(): void {
    this.schrijf({ status: 'klaar', sinds: this.sinds, klaar: new Date().toISOString() });
  }

  mislukt(fout: string): void {
    this.schrijf({ status: 'mislukt', sinds: this.sinds, fout });
  }

  private schrijf(stand: Vulstand): void {
    mkdirSync(join(this.pad, '..'), { recursive: true });
    // Written whole and renamed: an interrupted write never leaves half a file.
    writeFileSync(`${this.pad}.tmp`, `${JSON.stringify(stand)}\n`);
    renameSync(`${this.pad}.tmp`, this.pad);
  }
}
