import { type EntityManager, type EntityMetadata, type Knex, ReferenceKind } from '@mikro-orm/postgresql';

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
 * Runs a read statement (`?` parameters) inside the transaction `tx` and returns its rows. It goes to knex directly,
 * with the values bound as parameters: MikroORM's `execute()` would first inline every value into the SQL text
 * (quoting and escaping each, then knex parses the text again), which was a measurable part of a read's CPU.
 */
export async function leesRijen<R>(tx: EntityManager, sql: string, params: readonly unknown[]): Promise<R[]> {
  const trx = tx.getTransactionContext<Knex.Transaction>();
  const res = await (trx ?? tx.getConnection().getKnex()).raw<{ rows: R[] }>(sql, params as never[]);
  return res.rows;
}
