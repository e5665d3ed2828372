import type { EntityManager } from '@mikro-orm/postgresql';

import data from './data/gemeenten.json';

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
 * Records the gemeente of a new melding: the woonplaats of the first betrokkene with an address (DOMAIN.md §3.3:
 * CBS counts per gemeente). Runs in the registering transaction; the melding row must be flushed.
 */
export async function legGemeenteVast(
  tx: EntityManager,
  meldingId: string,
  betrokkenen: readonly { persoon: { adres?: { woonplaats?: string | null } | null } }[],
): Promise<void> {
  const woonplaats = betrokkenen.find((b) => b.persoon.adres?.woonplaats)?.persoon.adres?.woonplaats;
  const gemeente = gemeenteVanWoonplaats(woonplaats);
  if (!gemeente) return;
  await tx.getConnection().execute(`update melding set gemeente = ? where id = ?`, [gemeente, meldingId], 'run', tx.getTransactionContext());
}
