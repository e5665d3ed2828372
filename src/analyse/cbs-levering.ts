import { createHash } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';

import type { Config } from '../lib/config';
import { ongeldigeInvoer } from '../lib/errors';
import { plan, ruweCellen, segmenten, sql } from './analyse.service';
import { SLEUTEL } from './analyse.bronnen';
import { AnalyseDimensie as D, AnalyseMaat as M, Periodeindeling } from './analyse.types';

/**
 * The half-yearly delivery to CBS (DOMAIN.md §3.3, §9.3 "CBS delivery"): per VT organisation and half year one CSV
 * file with the exact counts behind the CBS tables of the Beleidsinformatie Veilig Thuis. Built from the same rollups
 * and the same whitelisted SQL as the analyst API (analyse.service.ts), so every count is the analyst's count before
 * rounding and suppression: CBS applies its own disclosure control when it publishes. Aggregates only: no person, no
 * name, no BSN, no id of a melding or casus; a category that does not occur has no row (its count is 0).
 */

/** `2026-1` (January–June) or `2026-2` (July–December). */
export const HALFJAAR = /^(\d{4})-([12])$/;

/** The column header of the file (README, "CBS-levering"). */
export const CBS_KOP = ['halfjaar', 'vt_organisatie', 'onderwerp', 'indeling', 'categorie', 'aantal'] as const;

/** One block of the file: a CBS subject (a count of the rollups), in total or by one or two dimensions. */
interface Blok {
  readonly onderwerp: string;
  readonly maat: M;
  readonly indeling: readonly D[];
}

const per = (onderwerp: string, maat: M, ...indelingen: (readonly D[])[]): Blok[] =>
  indelingen.map((indeling) => ({ onderwerp, maat, indeling }));

/**
 * What the file holds, in this order (CBS tables in brackets, DOMAIN.md §3.3). A melding with two kinds of violence
 * counts under both in AARD_GEWELD (as CBS 84850), so the TOTAAL row is the number of meldingen.
 */
export const CBS_BLOKKEN: readonly Blok[] = [
  // 84848/84849: reporter; 84850: aard; 84852: assessment outcome and taxatie; 85361: earlier involvement.
  ...per(
    'ONTVANGEN_MELDINGEN',
    M.MELDINGEN,
    [],
    [D.HOEDANIGHEID_MELDER],
    [D.ORGANISATIE_MELDER],
    [D.AARD_GEWELD],
    [D.VB_UITKOMST],
    [D.TAXATIE],
    [D.EERDERE_BETROKKENHEID],
    [D.GEMEENTE],
  ),
  ...per(
    'GESTARTE_ADVIEZEN',
    M.ADVIEZEN,
    [],
    [D.HOEDANIGHEID_MELDER],
    [D.ORGANISATIE_MELDER],
    [D.AARD_GEWELD],
    [D.GEMEENTE],
  ),
  // 84850: cases and completed services.
  ...per('CASUSSEN_MET_MELDING', M.CASUSSEN, [], [D.AARD_GEWELD]),
  ...per('AFGERONDE_DIENSTEN', M.AFGERONDE_DIENSTEN, [D.DIENST]),
  ...per('AFGERONDE_ONDERZOEKEN', M.AFGERONDE_ONDERZOEKEN, [], [D.AARD_GEWELD]),
  ...per('AFGERONDE_ONDERZOEKEN_NIET_VOORTIJDIG', M.AFGERONDE_ONDERZOEKEN_NIET_VOORTIJDIG, []),
  ...per('AFGERONDE_VV', M.AFGERONDE_VV, [], [D.AARD_GEWELD]),
  // 84853: outcome per aard of the completed investigations.
  ...per('ONDERZOEKSUITKOMSTEN', M.ONDERZOEKSUITKOMSTEN, [D.AARD_GEWELD, D.ONDERZOEK_UITKOMST]),
];

/** The months of a half year, as the analyst API's period (`vanaf`, `totEnMet`). */
export function maandenVan(halfjaar: string): { vanaf: string; totEnMet: string } {
  const m = HALFJAAR.exec(halfjaar);
  if (!m) {
    throw ongeldigeInvoer([
      { veld: 'halfjaar', code: 'ONGELDIG_HALFJAAR', melding: 'Gebruik JJJJ-1 of JJJJ-2, bijvoorbeeld 2026-1.' },
    ]);
  }
  return m[2] === '1'
    ? { vanaf: `${m[1]}-01`, totEnMet: `${m[1]}-06` }
    : { vanaf: `${m[1]}-07`, totEnMet: `${m[1]}-12` };
}

/** The last half year that has ended on `dag` (a local date, JJJJ-MM-DD): on 10 March 2026 that is 2025-2. */
export function laatsteAfgelopenHalfjaar(dag: string): string {
  const jaar = Number(dag.slice(0, 4));
  return Number(dag.slice(5, 7)) >= 7 ? `${jaar}-1` : `${jaar - 1}-2`;
}

/** Whether the half year has ended on `dag`. */
export function isAfgelopen(halfjaar: string, dag: string): boolean {
  const { totEnMet } = maandenVan(halfjaar);
  return dag.slice(0, 7) > totEnMet;
}

const veld = (s: string): string => (/[;"\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The exact counts of one VT organisation in one half year, as the file's rows (without header), in a fixed order:
 * blocks as CBS_BLOKKEN, categories sorted. Runs as `ketenpoort_analist` (the rollups only) in the caller's
 * transaction; the same plan and SQL as the analyst API, without disclosure control.
 */
export async function cbsRegels(
  tx: EntityManager,
  config: Pick<Config, 'analyse'>,
  organisatie: string,
  halfjaar: string,
): Promise<string[][]> {
  const periode = maandenVan(halfjaar);
  const c = tx.getConnection();
  const ctx: unknown = tx.getTransactionContext();
  await c.execute(
    `select set_config('statement_timeout', ?, true), set_config('role', 'ketenpoort_analist', true)`,
    [String(config.analyse.statementTimeoutMs * 10)],
    'run',
    ctx,
  );
  const regels: string[][] = [];
  for (const blok of CBS_BLOKKEN) {
    const p = plan({
      maten: [blok.maat],
      dimensies: [...blok.indeling],
      filters: [],
      periode,
      periodeindeling: Periodeindeling.HALFJAAR,
    });
    const vraag = sql(p, { kolom: 'vt_organisatie', waarde: organisatie });
    const alle = await c.execute<Record<string, string | number | null>[]>(
      vraag.tellingen.tekst,
      vraag.tellingen.params,
      'all',
      ctx,
    );
    const cellen = ruweCellen(segmenten(p, alle).rijen, p.dimensies);
    const indeling = blok.indeling.length ? blok.indeling.join('*') : 'TOTAAL';
    const rijen = cellen.map((cel) => {
      const categorie = blok.indeling.length
        ? blok.indeling.map((d) => cel.coordinaten[SLEUTEL[d]]).join('*')
        : 'TOTAAL';
      return [halfjaar, organisatie, blok.onderwerp, indeling, categorie, String(cel.aantal)];
    });
    rijen.sort((a, b) => a[4].localeCompare(b[4]));
    regels.push(...rijen);
  }
  return regels;
}

/** The file: header and rows as CSV (semicolon, UTF-8, LF), with its SHA-256. The same counts give the same bytes. */
export function cbsBestand(regels: readonly (readonly string[])[]): { inhoud: string; sha256: string } {
  const inhoud = `${[CBS_KOP, ...regels].map((r) => r.map(veld).join(';')).join('\n')}\n`;
  return { inhoud, sha256: createHash('sha256').update(inhoud, 'utf8').digest('hex') };
}
