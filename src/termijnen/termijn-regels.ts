import type { Config } from '../lib/config';
import { Werkkalender, type Datum } from './kalender';
import { TermijnSoort } from './termijn.entity';

/**
 * The lengths of the termijnen, configurable where DOMAIN.md marks them INFERRED or regional practice differs.
 * Defaults: veiligheidsbeoordeling 5 working days (Uitvoeringsbesluit Wmo 2015 art. 4.1.7), onderzoek 10 weeks,
 * V&V 10 weeks (INFERRED from IGJ 2023), melder feedback 10 weeks, informing the reported person 5 working days
 * ("zo snel mogelijk", INFERRED; README), monitoring at 3 and 12 months and 18 months
 * where safety is not yet established.
 */
export type TermijnRegels = Config['termijnen'] & {
  /** The working-day calendar with the configured extra non-working days. */
  readonly kalender: Werkkalender;
};

export function termijnRegels(config: Config): TermijnRegels {
  return { ...config.termijnen, kalender: new Werkkalender(config.termijnen.vrijeDagen) };
}

/** The due day of a termijn that starts on `start`. */
export function vervaldatum(
  r: TermijnRegels,
  soort: TermijnSoort,
  start: Datum,
  opties: { acuut?: boolean } = {},
): Datum {
  const k = r.kalender;
  switch (soort) {
    case TermijnSoort.VEILIGHEIDSBEOORDELING:
      return opties.acuut ? start : k.plusWerkdagen(start, r.veiligheidsbeoordelingWerkdagen);
    case TermijnSoort.TERUGKOPPELING_UITKOMST:
      return k.plusWerkdagen(start, r.veiligheidsbeoordelingWerkdagen);
    case TermijnSoort.TERUGKOPPELING_MELDER_OVERNAME:
      return k.plusWeken(start, r.melderTerugkoppelingWeken);
    case TermijnSoort.BETROKKENE_INFORMEREN:
      return k.plusWerkdagen(start, r.betrokkeneInformerenWerkdagen);
    case TermijnSoort.ONDERZOEK:
      return k.plusWeken(start, r.onderzoekWeken);
    case TermijnSoort.VOORWAARDEN_EN_VERVOLG:
      return k.plusWeken(start, r.voorwaardenEnVervolgWeken);
    case TermijnSoort.MONITORING_3_MAANDEN:
      return k.plusMaanden(start, r.monitoringMaanden[0]);
    case TermijnSoort.MONITORING_12_MAANDEN:
      return k.plusMaanden(start, r.monitoringMaanden[1]);
    case TermijnSoort.MONITORING_18_MAANDEN:
      return k.plusMaanden(start, r.monitoringVerlengdMaanden);
    // After a tijdelijk huisverbod always all three (DOMAIN.md §2, VTGM-THV), counted from the day it was imposed.
    case TermijnSoort.THV_MONITORING_3_MAANDEN:
      return k.plusMaanden(start, r.monitoringMaanden[0]);
    case TermijnSoort.THV_MONITORING_12_MAANDEN:
      return k.plusMaanden(start, r.monitoringMaanden[1]);
    case TermijnSoort.THV_MONITORING_18_MAANDEN:
      return k.plusMaanden(start, r.monitoringVerlengdMaanden);
    case TermijnSoort.THV_ADVIES:
      return thvAdviesdag(r, start);
    case TermijnSoort.AWARE_BESLUIT:
      return k.plusWerkdagen(start, AWARE_BESLUIT_WERKDAGEN);
    case TermijnSoort.RECHTENVERZOEK_ANTWOORD:
      return k.plusMaanden(start, RECHTENVERZOEK_MAANDEN);
    case TermijnSoort.AWARE_EINDDATUM:
      // Due before the alarm's end date (werkdagenVoor), which only the Aware module knows: it passes the due day.
      throw new Error('vervaldatum: AWARE_EINDDATUM heeft een vervaldatum van de Aware-module nodig');
    case TermijnSoort.OVERDRACHT_REACTIE:
      // Its length depends on the kind of offer, which only the overdracht module knows: it always passes the due day.
      throw new Error('vervaldatum: OVERDRACHT_REACTIE heeft een vervaldatum van de overdrachtmodule nodig');
    case TermijnSoort.HWC_ONTVANGSTBEVESTIGING:
    case TermijnSoort.ZSM_ANTWOORD:
    case TermijnSoort.THV_VEILIGHEIDSPLAN:
      // Due at an exact moment the module computes (lesson start, answer hours): termijnService.open takes `tijdstip`.
      throw new Error(`vervaldatum: ${soort} vervalt op een tijdstip van de module`);
  }
}

/**
 * The Aware indication committee decides within ten working days of a submission (INFERRED: the committee meets every
 * week or two; README, Aware). The reminder to VT before an alarm's end date: ten working days before it, time
 * enough to ask the committee for an extension or to plan the collection of the alarm.
 */
export const AWARE_BESLUIT_WERKDAGEN = 10;
export const AWARE_EINDDATUM_WERKDAGEN = 10;

/**
 * A data subject's request is answered within one month of receipt; VT may extend that by two months where the
 * request is complex or many (AVG art. 12 lid 3): the extended termijn is due three months after receipt (src/rechten).
 */
export const RECHTENVERZOEK_MAANDEN = 1;
export const RECHTENVERZOEK_VERLENGING_MAANDEN = 2;

/** The n-th working day before `d` (d itself not counted). */
export function werkdagenVoor(r: TermijnRegels, d: Datum, n: number): Datum {
  const k = r.kalender;
  let dag = d;
  for (let over = n; over > 0;) {
    dag = k.plusDagen(dag, -1);
    if (k.isWerkdag(dag)) over -= 1;
  }
  return dag;
}

/** The day of a tijdelijk huisverbod on which VT's advice to the burgemeester is due (day 0: the day it was imposed). */
export const THV_ADVIES_DAG = 8;

/**
 * VT's advice on extending a tijdelijk huisverbod imposed on `opgelegd`: due on calendar day 8 (day 0 is the day of
 * imposition; the huisverbod itself runs 10 calendar days, Wet tijdelijk huisverbod art. 2), so the burgemeester has
 * two days to decide. When day 8 is not a working day, the last working day before it: the burgemeester's office
 * decides on working days, and advice on a Sunday for a decision on a Monday comes too late to read.
 */
export function thvAdviesdag(r: TermijnRegels, opgelegd: Datum): Datum {
  const k = r.kalender;
  let dag = k.plusDagen(opgelegd, THV_ADVIES_DAG);
  while (!k.isWerkdag(dag) && dag > opgelegd) dag = k.plusDagen(dag, -1);
  return dag;
}

/** When the reminder for a termijn due on `verval` goes out. */
export function herinneringOp(r: TermijnRegels, verval: Datum): Date {
  const k = r.kalender;
  let dag = verval;
  for (let n = 0; n < r.herinneringWerkdagen;) {
    dag = k.plusDagen(dag, -1);
    if (k.isWerkdag(dag)) n += 1;
  }
  return k.beginVanDag(dag);
}

/**
 * When the reminder goes out for a termijn due at an exact moment `tot` that started at `van`: TERMIJN_HERINNERING_MINUTEN
 * before it, but never in the first half of the termijn (a signal sent at 08:00 for 08:30 is reminded at 08:15, not at once).
 */
export function herinneringVoorTijdstip(r: TermijnRegels, van: Date, tot: Date): Date {
  const halverwege = van.getTime() + (tot.getTime() - van.getTime()) / 2;
  return new Date(Math.max(tot.getTime() - r.herinneringMinuten * 60_000, halverwege));
}
