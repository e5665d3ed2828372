import { TZDate } from '@date-fns/tz';

import { TIJDZONE, type Datum, type Werkkalender } from '../termijnen/kalender';
import data from './data/schoolvakanties.json';

/** The three Dutch school-holiday regions (Rijksoverheid). */
export type Vakantieregio = 'noord' | 'midden' | 'zuid';
export const VAKANTIEREGIOS: readonly Vakantieregio[] = ['noord', 'midden', 'zuid'];

interface Vakantie {
  naam: string;
  van: Datum;
  tot: Datum;
}

const vakanties = data.vakanties as Record<Vakantieregio, Vakantie[]>;
const standaardRegio = data.regioPerVtOrganisatie as Record<string, Vakantieregio>;

/**
 * School days for Handle with Care: a school day is a working day of the Werkkalender (no weekend, no public holiday)
 * that is not in a school holiday of the school's holiday region (src/hwc/data/schoolvakanties.json).
 * Outside the years the data file covers, only weekends and public holidays count: a signal is then due
 * rather too early than too late.
 */
export class Schoolkalender {
  private readonly uur: number;
  private readonly minuut: number;

  constructor(
    private readonly werk: Werkkalender,
    lesstart: string,
    private readonly overschrijving: Readonly<Record<string, Vakantieregio>> = {},
  ) {
    const [u, m] = lesstart.split(':').map(Number);
    this.uur = u;
    this.minuut = m;
  }

  /** The holiday region of a school: its own setting, else the configured or default region of the VT organisation. */
  regioVoor(vtOrganisatie: string, schoolRegio?: string | null): Vakantieregio {
    if (schoolRegio && (VAKANTIEREGIOS as readonly string[]).includes(schoolRegio)) return schoolRegio as Vakantieregio;
    return this.overschrijving[vtOrganisatie] ?? standaardRegio[vtOrganisatie] ?? 'midden';
  }

  /** The school holiday `d` falls in for `regio`, if any. */
  vakantie(d: Datum, regio: Vakantieregio): string | undefined {
    return vakanties[regio].find((v) => v.van <= d && d <= v.tot)?.naam;
  }

  isSchooldag(d: Datum, regio: Vakantieregio): boolean {
    return this.werk.isWerkdag(d) && this.vakantie(d, regio) === undefined;
  }

  /** The start of lessons on day `d` (Europe/Amsterdam). */
  lesstartOp(d: Datum): Date {
    const [j, m, dg] = d.split('-').map(Number);
    return new Date(new TZDate(j, m - 1, dg, this.uur, this.minuut, 0, TIJDZONE).getTime());
  }

  /**
   * When a signal created at `nu` must be at the school: the start of lessons on the next school day. Before lessons
   * start on a school day that is the same day (07:00 → 08:30 today); from lesson start on, the next school day.
   */
  leverenVoor(nu: Date, regio: Vakantieregio): Date {
    const vandaag = this.werk.lokaleDatum(nu);
    if (this.isSchooldag(vandaag, regio) && nu < this.lesstartOp(vandaag)) return this.lesstartOp(vandaag);
    return this.lesstartOp(this.volgendeSchooldag(vandaag, regio));
  }

  /** The n-th school day after `d` (d not counted). */
  plusSchooldagen(d: Datum, n: number, regio: Vakantieregio): Datum {
    let dag = d;
    for (let i = 0; i < n; i++) dag = this.volgendeSchooldag(dag, regio);
    return dag;
  }

  private volgendeSchooldag(d: Datum, regio: Vakantieregio): Datum {
    let dag = d;
    // A summer holiday plus weekends is under 60 days; 400 guards against a broken data file.
    for (let i = 0; i < 400; i++) {
      dag = this.werk.plusDagen(dag, 1);
      if (this.isSchooldag(dag, regio)) return dag;
    }
    throw new Error(`Geen schooldag gevonden na ${d} in regio ${regio}; controleer schoolvakanties.json`);
  }
}
