import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Marks the filling of a fresh database (the demo data of `npm start`) as begun and as done, in a file beside the data
 * (DATA_DIR). A fill that takes minutes can be interrupted (Ctrl-C, a closed terminal); the rows it wrote until then
 * look like a finished database. With this mark the next start knows the fill is unfinished and redoes it.
 */
export class Vulmarkering {
  readonly pad: string;

  constructor(map: string, naam = 'demodata') {
    this.pad = join(map, `${naam}.status.json`);
  }

  /** True when a fill began and never finished. */
  onvoltooid(): boolean {
    try {
      return (JSON.parse(readFileSync(this.pad, 'utf8')) as { status?: string }).status === 'bezig';
    } catch {
      return false;
    }
  }

  begonnen(): void {
    this.schrijf('bezig');
  }

  voltooid(): void {
    this.schrijf('klaar');
  }

  private schrijf(status: 'bezig' | 'klaar'): void {
    mkdirSync(join(this.pad, '..'), { recursive: true });
    // Written whole and renamed: an interrupted write never leaves half a file.
    writeFileSync(`${this.pad}.tmp`, `${JSON.stringify({ status, sinds: new Date().toISOString() })}\n`);
    renameSync(`${this.pad}.tmp`, this.pad);
  }
}
