import { Field, ObjectType } from 'type-graphql';

import { isUuid } from '../context';
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

/**
 * The position a cursor holds. A cursor whose id is not of the list's kind (`uuid`, or `getal` for a bigint key) is
 * refused like any other malformed cursor, before it reaches a query (where it would be a database error).
 */
export function leesCursor(cursor: string, idSoort: 'uuid' | 'getal' = 'uuid'): { tijdstip: Date; id: string } {
  const [t, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const tijdstip = new Date(t ?? '');
  const idGoed = idSoort === 'uuid' ? isUuid(id ?? '') : /^[0-9]{1,19}$/.test(id ?? '');
  if (!id || !idGoed || Number.isNaN(tijdstip.getTime())) {
    throw ongeldigeInvoer([
      {
        veld: 'na',
        code: 'ONGELDIGE_CURSOR',
        melding: 'De cursor is ongeldig; gebruik endCursor van de vorige pagina.',
      },
    ]);
  }
  return { tijdstip, id };
}

export function controleerPaginagrootte(eerste: number): void {
  if (!Number.isInteger(eerste) || eerste < 1 || eerste > MAX_PAGINA) {
    throw ongeldigeInvoer([
      {
        veld: 'eerste',
        code: 'ONGELDIGE_PAGINAGROOTTE',
        melding: `Vraag 1 tot en met ${MAX_PAGINA} resultaten per pagina.`,
      },
    ]);
  }
}

/** The filter for the page after cursor `na` on a keyset ordered by (`veld` desc, id desc). */
export function naCursor(veld: string, na: string | undefined): Record<string, unknown> {
  if (!na) return {};
  const c = leesCursor(na);
  return { $or: [{ [veld]: { $lt: c.tijdstip } }, { [veld]: c.tijdstip, id: { $lt: c.id } }] };
}

/**
 * The same keyset condition in SQL, on `tijdstipKolom` and `idKolom` of the query's table: an empty condition
 * (`true`) without a cursor. The values are parameters, never text from the cursor.
 */
export function naCursorSql(
  tijdstipKolom: string,
  idKolom: string,
  na: string | undefined,
): { sql: string; params: unknown[] } {
  if (!na) return { sql: 'true', params: [] };
  const c = leesCursor(na);
  return { sql: `(${tijdstipKolom}, ${idKolom}) < (?, ?::uuid)`, params: [c.tijdstip, c.id] };
}

/** A connection from up to `eerste + 1` rows (the extra row only says there is a next page). */
export function alsConnection<T extends { id: string }>(
  rijen: readonly T[],
  eerste: number,
  tijdstip: (node: T) => Date,
): { edges: { cursor: string; node: T }[]; pageInfo: PageInfo } {
  const pagina = rijen.slice(0, eerste);
  const laatste = pagina[pagina.length - 1];
  return {
    edges: pagina.map((node) => ({ cursor: maakCursor(tijdstip(node), node.id), node })),
    pageInfo: {
      hasNextPage: rijen.length > eerste,
      endCursor: laatste ? maakCursor(tijdstip(laatste), laatste.id) : null,
    },
  };
}
