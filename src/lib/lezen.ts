import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

import { type EntityManager, type EntityMetadata, type Knex, ReferenceKind } from '@mikro-orm/postgresql';
import { escapeLiteral } from 'pg';

/**
 * Helpers for reads that build views from rows instead of managed entities (issue 14: creating, tracking and
 * change-set checking entities was most of a read's CPU). A read selects the rows it needs, related rows as JSON,
 * and turns each row into the plain shape of its entity with `entiteitVorm`, so the views' existing `van` functions
 * build the answer: one rule for what a view shows, whichever path loaded the data. Nothing here is managed, so a read
 * transaction has nothing to flush.
 */

/** A timestamp column as epoch milliseconds (pg's date parsing is off under MikroORM; see `alsDatum`). */
export function epochMs(kolom: string): string {
  return `(extract(epoch from ${kolom}) * 1000)::float8`;
}

/** A nullable timestamp column read with `epochMs`, as a Date. */
export function alsDatum(ms: number | null): Date | null {
  return ms == null ? null : new Date(ms);
}

type Omzetting = readonly [kolom: string, eigenschap: string, soort: 'tijdstip' | 'bigint' | 'waarde'];
const omzettingen = new WeakMap<EntityMetadata, readonly Omzetting[]>();

function omzettingVan(meta: EntityMetadata): readonly Omzetting[] {
  let o = omzettingen.get(meta);
  if (!o) {
    o = meta.props
      .filter((p) => p.kind === ReferenceKind.SCALAR && p.fieldNames?.length === 1)
      .map((p): Omzetting => {
        const kolomtype = (p.columnTypes?.[0] ?? '').toLowerCase();
        const soort =
          p.runtimeType === 'Date' ? 'tijdstip' : kolomtype === 'bigint' || kolomtype === 'int8' ? 'bigint' : 'waarde';
        return [p.fieldNames[0], p.name, soort];
      });
    omzettingen.set(meta, o);
  }
  return o;
}

/**
 * A row of `entiteit`'s table, as JSON from `to_jsonb(alias)` (column names; timestamps as ISO text), in the shape a
 * hydrated entity has: property names, timestamps as Date, bigint as text, dates (`date` columns) as YYYY-MM-DD,
 * absent values null. Not an entity: not managed, no collections or references.
 */
export function entiteitVorm<T extends object>(
  tx: EntityManager,
  entiteit: new (...args: never[]) => T,
  rij: Record<string, unknown>,
): T {
  const uit: Record<string, unknown> = {};
  for (const [kolom, eigenschap, soort] of omzettingVan(tx.getMetadata().get(entiteit.name))) {
    const w = rij[kolom];
    uit[eigenschap] =
      w == null
        ? null
        : soort === 'tijdstip'
          ? new Date(w as string)
          : soort === 'bigint'
            ? `${w as number | string}`
            : w;
  }
  return uit as T;
}

/** `entiteitVorm` for a JSON array of rows (null: none). */
export function entiteitenVorm<T extends object>(
  tx: EntityManager,
  entiteit: new (...args: never[]) => T,
  rijen: unknown,
): T[] {
  return ((rijen as Record<string, unknown>[] | null) ?? []).map((r) => entiteitVorm(tx, entiteit, r));
}

/**
 * Whether reads run as named prepared statements (set once at start from DATABASE_VOORBEREIDE_STATEMENTS). Off for a
 * connection pooler in transaction mode that does not carry prepared statements between clients (PgBouncer < 1.21).
 */
let voorbereid = true;
export function zetVoorbereideStatements(aan: boolean): void {
  voorbereid = aan;
}
export function voorbereideStatements(): boolean {
  return voorbereid;
}

/** Runs one read statement (`?` parameters) and returns its rows: `leesRijen` in a transaction, or `leesInEenRonde`. */
export type Lezer = <R>(sql: string, params: readonly unknown[]) => Promise<R[]>;

/** The `Lezer` of a transaction. */
export function lezerVan(tx: EntityManager): Lezer {
  return (sql, params) => leesRijen(tx, sql, params);
}

/** A ceiling per connection: the read texts are a fixed set, so reaching it means a value ended up in a text. */
const MAX_STATEMENTS_PER_VERBINDING = 500;

interface PgVerbinding {
  query(c: { name?: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[] }>;
  connection?: { parsedStatements?: Record<string, string> };
}

const hashes = new Map<string, string>();
/**
 * The name of a statement text on a connection: `kp_` for protocol prepared statements, `kpl_` for SQL ones
 * (`leesInEenRonde`), each a namespace of its own. The hash of a text is computed once.
 */
function statementNaam(tekst: string, voorvoegsel: 'kp' | 'kpl' = 'kp'): string {
  let h = hashes.get(tekst);
  if (!h) {
    h = createHash('sha1').update(tekst).digest('hex').slice(0, 20);
    if (hashes.size < 10 * MAX_STATEMENTS_PER_VERBINDING) hashes.set(tekst, h);
  }
  return `${voorvoegsel}_${h}`;
}

/** What the reads use of knex's client for the pool (knex's own methods, not in its public types). */
interface KnexPool<V> {
  acquireConnection(): Promise<V>;
  releaseConnection(v: V): Promise<unknown>;
  positionBindings(sql: string): string;
}

/**
 * Runs a read statement (`?` parameters) inside the transaction `tx` and returns its rows. It goes to the
 * transaction's own `pg` connection as a named prepared statement: PostgreSQL parses it once per connection and, after
 * a few runs, reuses its plan (planning the read with its row-level-security policies and need-to-know subqueries cost
 * as much as running it, issue 14). The values are bound as parameters, never inlined: MikroORM's `execute()` would
 * quote each into the SQL text, which costs CPU here and makes every text (and plan) a new one in PostgreSQL. Outside a
 * transaction, or with prepared statements off, it goes to knex with bound parameters.
 */
export async function leesRijen<R>(tx: EntityManager, sql: string, params: readonly unknown[]): Promise<R[]> {
  const trx = tx.getTransactionContext<Knex.Transaction>();
  if (trx && voorbereid) {
    // A transaction's client hands out its own connection (no release: the transaction ends it).
    const client = trx.client as unknown as Omit<KnexPool<PgVerbinding>, 'releaseConnection'>;
    const verbinding = await client.acquireConnection();
    const tekst = client.positionBindings(sql);
    const bekend = verbinding.connection?.parsedStatements;
    const naam = statementNaam(tekst);
    const vol =
      bekend !== undefined && !(naam in bekend) && Object.keys(bekend).length >= MAX_STATEMENTS_PER_VERBINDING;
    const res = await verbinding.query({ name: vol ? undefined : naam, text: tekst, values: params });
    return res.rows as R[];
  }
  const res: { rows: R[] } = await (trx ?? tx.getConnection().getKnex()).raw(sql, params as never[]);
  return res.rows;
}

/** pg's own conversion of a parameter value to its text form (dates, arrays, JSON, buffers), as the protocol sends it. */
const pgUtils = createRequire(require.resolve('pg'))('./utils') as {
  prepareValue: (w: unknown) => string | Buffer | null;
};

/** A parameter value as an SQL literal, in the text form pg would have sent it in (the simple protocol has none). */
function alsLiteraal(w: unknown): string {
  const v = pgUtils.prepareValue(w);
  if (v === null || v === undefined) return 'null';
  return escapeLiteral(Buffer.isBuffer(v) ? `\\x${v.toString('hex')}` : v);
}

/** Per `pg` connection: the statements prepared on it with SQL `PREPARE` (a namespace of their own, `kpl_`). */
const sqlVoorbereid = new WeakMap<object, Set<string>>();

/**
 * One read in one round trip: `vooraf` (complete SQL, literals only: the scope of row-level security, lib/regio.ts) and
 * the read `sql` (`?` parameters) go as one simple-protocol query. PostgreSQL runs the statements of one such query in
 * one implicit transaction, so `set_config(…, true)` in `vooraf` holds for the read and ends with it, as in a
 * transaction of its own, and a failure rolls it all back and leaves the connection idle. The read runs as an SQL
 * prepared statement (`PREPARE` on the connection the first time, in a query of its own; then only `EXECUTE`), so its
 * plan is kept as with `leesRijen`; its values travel as literals in pg's own text form, and PostgreSQL infers their
 * types as it does for unspecified protocol parameters. Against BEGIN with the scope, the read and COMMIT (three round
 * trips, and MikroORM's transaction around them) this is one (issue 14). Behind a pooler in transaction mode, where a
 * prepared statement need not be on the next query's server connection, the pool falls back to preparing, running and
 * dropping the read in its one query (no kept plan, still one round trip). Returns the rows of the read.
 */
export async function leesInEenRonde<R>(
  knex: Knex,
  vooraf: string,
  sql: string,
  params: readonly unknown[],
): Promise<R[]> {
  const [rijen] = await stappenInEenRonde(knex, [{ vooraf, sql, params }]);
  return rijen as R[];
}

/** One step of `stappenInEenRonde`: complete SQL with literals only (`vooraf`), then a read with `?` parameters. */
export interface LeesStap {
  readonly vooraf: string;
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * Several reads in one round trip, each after its own `vooraf` (a scope that differs per read: lib/regio.ts,
 * `leesInScopes`), as `leesInEenRonde` does for one: one simple-protocol query, one implicit transaction (each read with
 * its own snapshot, as in a transaction at READ COMMITTED), every read an SQL prepared statement. Returns the rows of
 * each read, in order.
 */
export async function stappenInEenRonde(knex: Knex, stappen: readonly LeesStap[]): Promise<unknown[][]> {
  const client = knex.client as unknown as KnexPool<PgEenRonde>;
  const verbinding = await client.acquireConnection();
  try {
    const uitvoeren = (n: string, params: readonly unknown[]) =>
      `execute ${n}${params.length ? `(${params.map(alsLiteraal).join(', ')})` : ''}`;
    const teksten = stappen.map((s) => {
      const tekst = client.positionBindings(s.sql);
      return { tekst, naam: statementNaam(tekst, 'kpl'), ...s };
    });
    let bekend = sqlVoorbereid.get(verbinding);
    if (!bekend) {
      bekend = new Set();
      sqlVoorbereid.set(verbinding, bekend);
    }
    let res: PgResultaat | PgResultaat[];
    let eenmaal = eenmaligePools.has(knex);
    /** The statements to drop after the reads (none where they are kept). */
    const opruimen: string[] = [];
    if (eenmaal) {
      res = await eenmalig(verbinding, teksten, uitvoeren);
    } else {
      // At the ceiling (a value ended up in a text): what is not kept yet is prepared, run and dropped.
      const houden = bekend.size < MAX_STATEMENTS_PER_VERBINDING;
      for (const t of teksten) {
        if (bekend.has(t.naam) || opruimen.includes(t.naam)) continue;
        // In a query of its own, once per connection: PostgreSQL keeps the source text of the query that prepared a
        // statement (pg_prepared_statements), and that text must hold no request's values. Already there (42P05):
        // prepared before this process knew of it.
        await verbinding.query(`prepare ${t.naam} as ${t.tekst}`).catch((e: unknown) => {
          if ((e as { code?: string }).code !== '42P05') throw e;
        });
        if (houden) bekend.add(t.naam);
        else opruimen.push(t.naam);
      }
      try {
        res = await verbinding.query(
          [
            ...teksten.map((t) => `${t.vooraf}; ${uitvoeren(t.naam, t.params)}`),
            ...opruimen.map((n) => `deallocate ${n}`),
          ].join('; '),
        );
      } catch (e) {
        if ((e as { code?: string }).code !== '26000') throw e;
        // A statement is not on the server connection this query reached: a pooler in transaction mode sends each
        // query where it likes (DATABASE_VOORBEREIDE_STATEMENTS=true behind PgBouncer 1.21+, which carries protocol
        // prepared statements but not SQL ones). From now on this pool prepares in the read's own transaction.
        for (const t of teksten) bekend.delete(t.naam);
        eenmaligePools.add(knex);
        eenmaal = true;
        res = await eenmalig(verbinding, teksten, uitvoeren);
      }
    }
    // One result per statement: per step its vooraf and its read (eenmalig: vooraf, prepare, read, deallocate), then
    // the deallocations of reads not kept. A vooraf of more than one statement would shift them: refused.
    const resultaten = Array.isArray(res) ? res : [res];
    const [perStap, lezing] = eenmaal ? [4, 2] : [2, 1];
    if (resultaten.length !== perStap * stappen.length + (eenmaal ? 0 : opruimen.length)) {
      throw new Error('stappenInEenRonde: elke vooraf is één statement');
    }
    return stappen.map((_, i) => resultaten[i * perStap + lezing].rows);
  } finally {
    await client.releaseConnection(verbinding);
  }
}

/** Pools whose SQL prepared statements do not stay on the connection (see `leesInEenRonde`). */
const eenmaligePools = new WeakSet<object>();

/**
 * The read prepared, run and dropped in its own transaction, under a name used once (a statement left behind by a
 * failed read can never be in another's way): correct behind any pooler, without a kept plan.
 */
function eenmalig(
  verbinding: PgEenRonde,
  teksten: readonly (LeesStap & { tekst: string; naam: string })[],
  uitvoeren: (n: string, params: readonly unknown[]) => string,
): Promise<PgResultaat | PgResultaat[]> {
  const delen = teksten.map((t) => {
    const eenmaal = `${t.naam}_${randomBytes(6).toString('hex')}`;
    return `${t.vooraf}; prepare ${eenmaal} as ${t.tekst}; ${uitvoeren(eenmaal, t.params)}; deallocate ${eenmaal}`;
  });
  return verbinding.query(delen.join('; '));
}

interface PgResultaat {
  command: string;
  rows: unknown[];
}

interface PgEenRonde {
  query(tekst: string): Promise<PgResultaat | PgResultaat[]>;
}

/**
 * Runs a statement (`?` parameters) outside any transaction, on a connection of `knex`'s pool, as a named prepared
 * statement (parsed and planned once per connection, as `leesRijen` does in a transaction): for a statement with a
 * fixed text that runs often, such as the audit bundle's INSERT. With prepared statements off, an unnamed one.
 */
export async function voerUitVoorbereid(knex: Knex, sql: string, params: readonly unknown[]): Promise<void> {
  if (!voorbereid) {
    await knex.raw(sql, params as never[]);
    return;
  }
  const client = knex.client as unknown as KnexPool<PgVerbinding>;
  const verbinding = await client.acquireConnection();
  try {
    const tekst = client.positionBindings(sql);
    await verbinding.query({ name: statementNaam(tekst), text: tekst, values: params });
  } finally {
    await client.releaseConnection(verbinding);
  }
}
