import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';

import { binnen } from './tijdslimiet';

/**
 * PostgreSQL for /readyz: `ok`, `druk` (busy: every connection of the pool is in use or clients wait for one, and the
 * server answers on a connection of its own) or `onbereikbaar` (down: it cannot be reached). Busy is not down: a
 * readiness probe that failed on a busy pool would take every loaded instance out of the load balancer at once, and
 * the load would then land on none.
 */
export type DatabaseStaat = 'ok' | 'druk' | 'onbereikbaar';

/** The pool's counters (tarn, under MikroORM's knex), or undefined once the ORM is closed. */
export interface PoolTellers {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/** The ORM's connection pool (also read by the metrics, src/lib/metrieken.ts). */
export function poolVan(orm: MikroORM): PoolTellers | undefined {
  try {
    return (orm.em.getConnection().getKnex().client as { pool?: PoolTellers }).pool;
  } catch {
    return undefined;
  }
}

function isDruk(pool: PoolTellers | undefined): boolean {
  return !!pool && (pool.numPendingAcquires() > 0 || (pool.numFree() === 0 && pool.numUsed() >= pool.max));
}

/** One `select 1` on a connection of its own, outside the pool: does the server answer at all? */
async function losseProbe(url: string, ms: number): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: ms, query_timeout: ms });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** The state of PostgreSQL as this instance sees it, within about `ms`. */
export async function databaseStaat(orm: MikroORM, url: string, ms = 2000): Promise<DatabaseStaat> {
  const pool = poolVan(orm);
  if (!pool) return 'onbereikbaar';
  if (!isDruk(pool)) {
    try {
      await binnen(orm.em.getConnection().execute('select 1'), ms);
      return 'ok';
    } catch {
      // A timeout while the pool filled up in the meantime is busy, not down: ask the server directly below.
      if (!isDruk(poolVan(orm))) return 'onbereikbaar';
    }
  }
  return (await losseProbe(url, ms)) ? 'druk' : 'onbereikbaar';
}
