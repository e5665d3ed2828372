import { GraphQLError } from 'graphql';
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

/** The answer to any cursor that is not one this API made: BAD_USER_INPUT, reden and field code ONGELDIGE_CURSOR. */
export function ongeldigeCursor(): GraphQLError {
  const e = ongeldigeInvoer([
    { veld: 'na', code: 'ONGELDIGE_CURSOR', melding: 'De cursor is ongeldig; gebruik endCursor van de vorige pagina.' },
  ]);
  return new GraphQLError(e.message, { extensions: Object.assign({ ...e.extensions }, { reden: 'ONGELDIGE_CURSOR' }) });
}

/** No cursor this API makes is longer. */
const MAX_CURSOR = 1024;

/**
 * The text inside an opaque cursor: only canonical base64url of printable UTF-8 (encoding the text again gives the
 * cursor back), so garbage, other encodings, control characters and NUL never reach a query.
 */
export function cursorTekst(cursor: string): string {
  if (cursor.length > MAX_CURSOR) throw ongeldigeCursor();
  const tekst = Buffer.from(cursor, 'base64url').toString('utf8');
  // eslint-disable-next-line no-control-regex
  if (Buffer.from(tekst, 'utf8').toString('base64url') !== cursor || /[\u0000-\u001F\u007F-\u009F]/.test(tekst)) {
    throw ongeldigeCursor();
  }
  return tekst;
}

/** An instant in a cursor: exactly as `toISOString` wrote it, in years PostgreSQL and the data can hold (1900-9999). */
export function cursorTijdstip(t: string): Date {
  const d = new Date(t);
  if (!/^(19|[2-9][0-9])[0-9]{2}-/.test(t) || Number.isNaN(d.getTime()) || d.toISOString() !== t) {
    throw ongeldigeCursor();
  }
  return d;
}

const MAX_BIGINT = 9_223_372_036_854_775_807n;

/**
 * The position a cursor holds. A cursor whose id is not of the list's kind (`uuid`, or `getal` for a bigint key) is
 * refused like any other malformed cursor, before it reaches a query (where it would be a database error).
 */
export function leesCursor(cursor: string, idSoort: 'uuid' | 'getal' = 'uuid'): { tijdstip: Date; id: string } {
  const delen = cursorTekst(cursor).split('|');
  const [t, id] = delen;
  if (delen.length !== 2 || !t || !id) throw ongeldigeCursor();
  const idGoed = idSoort === 'uuid' ? isUuid(id) : /^[0-9]{1,19}$/.test(id) && BigInt(id) <= MAX_BIGINT;
  if (!idGoed) throw ongeldigeCursor();
  return { tijdstip: cursorTijdstip(t), id };
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

/**
 * An edge whose cursor is made when the answer asks for it: a page that selects only `node` (as most do) makes none
 * (issue 14: the cursors of a page were about a hundredth of its CPU). The cursor is a getter, so the default
 * resolver reads it like a property.
 */
class Rand<T extends { id: string }> {
  constructor(
    readonly node: T,
    private readonly tijdstip: (node: T) => Date,
  ) {}

  get cursor(): string {
    return maakCursor(this.tijdstip(this.node), this.node.id);
  }
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
    edges: pagina.map((node) => new Rand(node, tijdstip)),
    pageInfo: {
      hasNextPage: rijen.length > eerste,
      endCursor: laatste ? maakCursor(tijdstip(laatste), laatste.id) : null,
    },
  };
}
