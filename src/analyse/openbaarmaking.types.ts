/**
 * The contract between the analyst API (src/analyse/analyse.service.ts) and statistical disclosure control
 * (src/analyse/openbaarmaking.ts). The API computes raw cells from the rollups; disclosure control decides what is
 * published. Nothing raw leaves the server: every answer passes `beschermTabel`.
 */

/** One cell of a table: its coordinates (dimension name → value) and the raw values of the measures. */
export interface RuweCel {
  /** e.g. { periode: '2025-H1', regio: 'VT14', aardGeweld: 'KINDERMISHANDELING' }. */
  readonly coordinaten: Readonly<Record<string, string>>;
  /** The count the cell is about (meldingen, adviezen, ...): decides suppression of the whole cell. */
  readonly aantal: number;
  /** Other measures of the cell (medians, percentiles, shares), reported only when the cell is not suppressed. */
  readonly afgeleid?: Readonly<Record<string, number | null>>;
}

export type OnderdrukkingsReden =
  /** The count is below the threshold (primary suppression). */
  | 'KLEINE_CEL'
  /** Suppressed so that no total or margin reveals another suppressed cell (secondary suppression). */
  | 'AFLEIDBAAR_UIT_TOTAAL'
  /** Suppressed because another query that differs by one category would reveal a small cell by difference. */
  | 'AFLEIDBAAR_UIT_VERSCHIL';

export interface GepubliceerdeCel {
  readonly coordinaten: Readonly<Record<string, string>>;
  /** Rounded to a multiple of the rounding base; null when suppressed. */
  readonly aantal: number | null;
  readonly afgeleid: Readonly<Record<string, number | null>>;
  readonly onderdrukt: boolean;
  readonly reden: OnderdrukkingsReden | null;
}

export interface Beschermingsopties {
  /** Counts are published as multiples of this (CBS: 5). */
  readonly afronding: number;
  /** Cells with a raw count under this (but above 0) are suppressed (primary). */
  readonly drempel: number;
  /** The dimensions over which margins (totals) are published or derivable: secondary suppression follows them. */
  readonly dimensies: readonly string[];
  /**
   * Optional, against differencing: the raw cells of the complement of a filtered query (the same query over the
   * excluded values of the filtered dimension or period, aggregated over that dimension). A published cell or total
   * whose complement counterpart (same coordinates) is under the threshold is suppressed (AFLEIDBAAR_UIT_VERSCHIL),
   * because filtered and unfiltered answer would differ by exactly that small count. See openbaarmaking.ts.
   */
  readonly complement?: readonly RuweCel[];
  /**
   * Optional, the same for several filters at once: one list of raw cells per complement query (one per filtered
   * dimension, one for the period range). Prefer this over concatenating them into `complement`.
   */
  readonly complementen?: readonly (readonly RuweCel[])[];
}

/** A table as published: the cells, the margins (totals per dimension value and the grand total), and why. */
export interface BeschermdeTabel {
  readonly cellen: readonly GepubliceerdeCel[];
  /** Totals over one dimension each (coordinates without that dimension) and the grand total (empty coordinates). */
  readonly totalen: readonly GepubliceerdeCel[];
  readonly onderdrukt: number;
}
