import data from './data/gemeenten.json';

/*
 * The gemeente of an address, from the CBS list with the VT region that serves each gemeente. It belongs with the
 * organisations and regions: meldingen record it on a new melding (analyse counts by that column), beheer checks a
 * gemeente's CBS code against it; neither needs analyse for it. tsc emits the imported JSON to dist/ (resolveJsonModule).
 */

/** Code for a melding whose gemeente is not known (no address, or a woonplaats not in data/gemeenten.json). */
export const GEMEENTE_ONBEKEND = 'ONBEKEND';

const woonplaatsen: Readonly<Record<string, string>> = data.woonplaatsen;
/** The CBS gemeente codes in the data file, with the VT region that serves them. */
export const gemeenten: Readonly<Record<string, { gemeente: string; vtRegio: string }>> = data.gemeenten;

/** The CBS gemeente code (GMnnnn) of a woonplaats, or null when unknown. */
export function gemeenteVanWoonplaats(woonplaats: string | null | undefined): string | null {
  if (!woonplaats) return null;
  const sleutel = woonplaats.trim().toLowerCase().replace(/\s+/g, ' ');
  return Object.hasOwn(woonplaatsen, sleutel) ? woonplaatsen[sleutel] : null;
}

/** The woonplaats → gemeente pairs, for SQL (the migration's backfill). */
export function woonplaatsParen(): [string, string][] {
  return Object.entries(woonplaatsen);
}

/**
 * The gemeente of a new melding: that of the woonplaats of the first betrokkene with an address (DOMAIN.md §3.3: CBS
 * counts per gemeente); null when none is known.
 */
export function gemeenteVanBetrokkenen(
  betrokkenen: readonly { persoon: { adres?: { woonplaats?: string | null } | null } }[],
): string | null {
  return gemeenteVanWoonplaats(betrokkenen.find((b) => b.persoon.adres?.woonplaats)?.persoon.adres?.woonplaats);
}
