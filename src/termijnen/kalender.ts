import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, addWeeks, format, isWeekend, parseISO } from 'date-fns';
import Holidays from 'date-holidays';

/**
 * The Dutch working-day calendar for statutory termijnen.
 *
 * A `Datum` is a calendar day in Europe/Amsterdam as 'YYYY-MM-DD'. Termijnen are counted in days, never in
 * hours: a melding received on Monday 23:30 has the same veiligheidsbeoordeling deadline as one received at 08:00.
 * A termijn "due on day D" is met until the end of D in Amsterdam (`eindeVanDag(D)`, exclusive).
 *
 * Holidays come from date-holidays (country NL). By default the non-working days are the ones the Algemene
 * termijnenwet art. 3 names: Saturdays, Sundays, Nieuwjaarsdag, Tweede Paasdag, Koningsdag, Hemelvaartsdag,
 * Tweede Pinksterdag, both Kerstdagen and 5 mei (Bevrijdingsdag, every year). Goede Vrijdag is a working day
 * unless configured (`TERMIJN_VRIJE_DAGEN=bevrijdingsdag,goede-vrijdag`); a VT organisation whose CAO
 * gives it off may add it, or drop Bevrijdingsdag.
 */
export type Datum = string;

export const TIJDZONE = 'Europe/Amsterdam';

/** Optional non-working days beyond date-holidays' NL "public" holidays, by configuration name. */
export const EXTRA_VRIJE_DAGEN = {
  bevrijdingsdag: { regel: '05-05', naam: 'Bevrijdingsdag' },
  'goede-vrijdag': { regel: 'easter -2', naam: 'Goede Vrijdag' },
} as const;
export type ExtraVrijeDag = keyof typeof EXTRA_VRIJE_DAGEN;

const DATUM = /^(\d{4})-(\d{2})-(\d{2})$/;

export class Werkkalender {
  private readonly feestdagen = new Holidays('NL');
  private readonly perJaar = new Map<number, Map<Datum, string>>();
  private readonly extraRegels: ReadonlySet<string>;

  constructor(extra: readonly ExtraVrijeDag[] = ['bevrijdingsdag']) {
    this.extraRegels = new Set(extra.map((e) => EXTRA_VRIJE_DAGEN[e].regel));
  }

  /** The calendar day in Amsterdam on which an instant falls. */
  lokaleDatum(t: Date): Datum {
    return format(new TZDate(t.getTime(), TIJDZONE), 'yyyy-MM-dd');
  }

  /** The name of the holiday on `d`, if it is one that counts as non-working. */
  feestdag(d: Datum): string | undefined {
    return this.feestdagenVan(jaar(d)).get(d);
  }

  isWerkdag(d: Datum): boolean {
    return !isWeekend(parseISO(controleer(d))) && this.feestdag(d) === undefined;
  }

  /** The n-th working day after `d` (d itself not counted); n = 0 gives `d`. */
  plusWerkdagen(d: Datum, n: number): Datum {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`aantal werkdagen moet een geheel getal ≥ 0 zijn, niet ${n}`);
    }
    let dag = parseISO(controleer(d));
    let over = n;
    while (over > 0) {
      dag = addDays(dag, 1);
      if (this.isWerkdag(format(dag, 'yyyy-MM-dd'))) over -= 1;
    }
    return format(dag, 'yyyy-MM-dd');
  }

  /** Working days in (van, tot]: how many working days a termijn took. Negative when tot < van. */
  werkdagenTussen(van: Datum, tot: Datum): number {
    if (tot < van) return -this.werkdagenTussen(tot, van);
    let n = 0;
    for (
      let dag = addDays(parseISO(controleer(van)), 1);
      format(dag, 'yyyy-MM-dd') <= controleer(tot);
      dag = addDays(dag, 1)
    ) {
      if (this.isWerkdag(format(dag, 'yyyy-MM-dd'))) n += 1;
    }
    return n;
  }

  /** The holidays of a year that fall on a weekday (the days a working-day count must skip besides weekends), in order. */
  vrijeWerkdagen(j: number): [Datum, string][] {
    return [...this.feestdagenVan(j)].filter(([d]) => !isWeekend(parseISO(d))).sort(([a], [b]) => (a < b ? -1 : 1));
  }

  /** Calendar months: 31 August + 3 months is 30 November (the end of a shorter month, never spilling over). */
  plusMaanden(d: Datum, n: number): Datum {
    return format(addMonths(parseISO(controleer(d)), n), 'yyyy-MM-dd');
  }

  plusWeken(d: Datum, n: number): Datum {
    return format(addWeeks(parseISO(controleer(d)), n), 'yyyy-MM-dd');
  }

  plusDagen(d: Datum, n: number): Datum {
    return format(addDays(parseISO(controleer(d)), n), 'yyyy-MM-dd');
  }

  /** 00:00 in Amsterdam on `d`. */
  beginVanDag(d: Datum): Date {
    const [, j, m, dg] = DATUM.exec(controleer(d)) as RegExpExecArray;
    return new Date(new TZDate(Number(j), Number(m) - 1, Number(dg), 0, 0, 0, TIJDZONE).getTime());
  }

  /** The first instant after day `d` in Amsterdam: a termijn due on `d` is overdue from here on. */
  eindeVanDag(d: Datum): Date {
    return this.beginVanDag(this.plusDagen(d, 1));
  }

  private feestdagenVan(j: number): Map<Datum, string> {
    let m = this.perJaar.get(j);
    if (!m) {
      m = new Map();
      for (const h of this.feestdagen.getHolidays(j)) {
        const telt = h.type === 'public' || this.extraRegels.has(h.rule);
        // Pasen and Pinksteren are Sundays already; keep them named anyway.
        if (telt) m.set(h.date.slice(0, 10), h.name);
      }
      this.perJaar.set(j, m);
    }
    return m;
  }
}

function controleer(d: Datum): Datum {
  if (!DATUM.test(d) || Number.isNaN(parseISO(d).getTime())) {
    throw new RangeError(`geen geldige datum (JJJJ-MM-DD): ${d}`);
  }
  return d;
}

function jaar(d: Datum): number {
  return Number(controleer(d).slice(0, 4));
}
