/** The simulation's agenda: events in time order, each run on the simulation clock. */

export interface Gebeurtenis {
  op: number;
  volg: number;
  doe: () => Promise<void>;
}

/** A min-heap on (time, order of scheduling). What would happen after `tot` is not planned: it is the work still to do. */
export class Agenda {
  private heap: Gebeurtenis[] = [];
  private volg = 0;
  /** The time of the event being handled: nothing is planned before it (time does not run backwards). */
  private nu = -Infinity;
  constructor(private readonly tot: Date) {}
  plan(op: Date, doe: () => Promise<void>): void {
    if (op.getTime() > this.tot.getTime()) return;
    const g = { op: Math.max(op.getTime(), this.nu), volg: this.volg++, doe };
    const h = this.heap;
    h.push(g);
    for (let i = h.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!Agenda.voor(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  volgende(): Gebeurtenis | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0];
    this.nu = top.op;
    const laatste = h.pop() as Gebeurtenis;
    if (h.length) {
      h[0] = laatste;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && Agenda.voor(h[l], h[m])) m = l;
        if (r < h.length && Agenda.voor(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
  private static voor(a: Gebeurtenis, b: Gebeurtenis): boolean {
    return a.op < b.op || (a.op === b.op && a.volg < b.volg);
  }
}
