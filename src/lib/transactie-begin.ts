import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';

/**
 * Statements that ride along with a transaction's BEGIN in one round trip. The row-level-security scope of a request
 * (src/lib/regio.ts) is set at the start of every transaction; sent as its own statement it was one round trip of the
 * five a read took (issue 14). knex (under MikroORM) sends BEGIN itself, with no way to add to it, so its PostgreSQL
 * transaction's `begin` is extended here: when the async context holds a `Vooraf` that is not yet used, BEGIN and its
 * statements go as one simple-protocol query, and the holder is marked used. A nested transaction (a savepoint) or
 * one with an isolation level or read-only mode does not begin this way; the caller checks `gebruikt` and sends its
 * statements itself.
 *
 * The statements must be complete SQL with their values escaped as literals (`pg`'s `escapeLiteral`): the simple
 * protocol has no parameters.
 */
export interface Vooraf {
  readonly sql: string;
  gebruikt: boolean;
}

const opslag = new AsyncLocalStorage<Vooraf>();

interface KnexPgTransactie {
  isolationLevel?: string;
  readOnly?: boolean;
  query(conn: unknown, sql: string): Promise<unknown>;
}

let aangepast = false;
function pasBeginAan(): void {
  if (aangepast) return;
  aangepast = true;
  // The knex MikroORM uses (a dependency of @mikro-orm/knex, resolved from there).
  const vanMikro = createRequire(require.resolve('@mikro-orm/knex'));
  const Transactie = vanMikro('knex/lib/dialects/postgres/execution/pg-transaction.js') as {
    prototype: { begin(this: KnexPgTransactie, conn: unknown): Promise<unknown> };
  };
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the transaction as `this` below
  const origineel = Transactie.prototype.begin;
  Transactie.prototype.begin = function (this: KnexPgTransactie, conn: unknown) {
    const v = opslag.getStore();
    if (v && !v.gebruikt && !this.isolationLevel && !this.readOnly) {
      v.gebruikt = true;
      return this.query(conn, `BEGIN; ${v.sql}`);
    }
    return origineel.call(this, conn);
  };
}

/** Runs `werk`; the first transaction it begins sends `sql` with its BEGIN (see `Vooraf`). */
export function metBeginSql<T>(sql: string, werk: (vooraf: Vooraf) => Promise<T>): Promise<T> {
  pasBeginAan();
  const vooraf: Vooraf = { sql, gebruikt: false };
  return opslag.run(vooraf, () => werk(vooraf));
}
