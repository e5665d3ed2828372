import { Field, ObjectType } from 'type-graphql';

import { ongeldigeInvoer } from '../errors';

/** Relay-style page information. */
@ObjectType('PageInfo', { description: 'Paginering met cursors (Relay-stijl).' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export const MAX_PAGINA = 100;

/** A keyset cursor over (tijdstip, id), opaque to clients. */
export function maakCursor(tijdstip: Date, id: string): string {
  return Buffer.from(`${tijdstip.toISOString()}|${id}`).toString('base64url');
}

export function leesCursor(cursor: string): { tijdstip: Date; id: string } {
  const [t, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const tijdstip = new Date(t ?? '');
  if (!id || Number.isNaN(tijdstip.getTime())) {
    throw ongeldigeInvoer([{ veld: 'na', code: 'ONGELDIGE_CURSOR', melding: 'De cursor is ongeldig; gebruik endCursor van de vorige pagina.' }]);
  }
  return { tijdstip, id };
}

export function controleerPaginagrootte(eerste: number): void {
  if (!Number.isInteger(eerste) || eerste < 1 || eerste > MAX_PAGINA) {
    throw ongeldigeInvoer([{ veld: 'eerste', code: 'ONGELDIGE_PAGINAGROOTTE', melding: `Vraag 1 tot en met ${MAX_PAGINA} resultaten per pagina.` }]);
  }
}
