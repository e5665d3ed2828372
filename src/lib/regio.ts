import type { EntityManager } from '@mikro-orm/postgresql';

import { escapeLiteral } from 'pg';

import type { ContextMetAanroeper, RequestContext } from './context';
import { leesInEenRonde, leesRijen, lezerVan, stappenInEenRonde, type Lezer, voorbereideStatements } from './lezen';
import { metBeginSql } from './transactie-begin';

/** Whose rows row-level security admits: a VT organisation's case rows and/or the rows addressed to a partner. */
export interface KetenScope {
  vtOrganisatie?: string;
  partner?: string;
}

/**
 * Inside a transaction: switch to the database role ketenpoort_app and set the scope, so PostgreSQL's row-level
 * security admits exactly those rows (case tables: `ketenpoort.vt_organisatie`; gateway tables: that, or
 * `ketenpoort.partner_organisatie`). The one place the settings are written; the helpers below use it.
 */
export async function zetKetenScope(tx: EntityManager, scope: KetenScope): Promise<void> {
  await leesRijen(
    tx,
    `select set_config('role', 'ketenpoort_app', true), set_config('ketenpoort.vt_organisatie', ?, true), set_config('ketenpoort.partner_organisatie', ?, true)`,
    [scope.vtOrganisatie ?? '', scope.partner ?? ''],
  );
}

/** `zetKetenScope`'s statement with its values as literals, to travel with BEGIN (simple protocol, no parameters). */
function scopeAlsLiteraal(scope: KetenScope): string {
  return `select set_config('role', 'ketenpoort_app', true), set_config('ketenpoort.vt_organisatie', ${escapeLiteral(scope.vtOrganisatie ?? '')}, true), set_config('ketenpoort.partner_organisatie', ${escapeLiteral(scope.partner ?? '')}, true)`;
}

/**
 * Runs `werk` in a transaction within `scope`. The scope travels with the transaction's BEGIN, in one round trip
 * (src/lib/transactie-begin.ts); inside a transaction that was already open (a savepoint), it is set on its own.
 * Invariant: `partner` is always the caller's own verified organisation, never a value from the request.
 */
export async function inKetenScope<T>(
  ctx: RequestContext,
  scope: KetenScope,
  werk: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  return metBeginSql(scopeAlsLiteraal(scope), (vooraf) =>
    ctx.em.transactional(async (tx) => {
      if (!vooraf.gebruikt) await zetKetenScope(tx, scope);
      // A later transaction in this async context is not this scope's.
      vooraf.gebruikt = true;
      return werk(tx);
    }),
  );
}

/**
 * Runs `werk` with the case rows of `regio` only.
 * Invariant: every service access to case tables (persoon, melding, melder, betrokkene, ...) goes through a scope;
 * the services also filter by region, so neither layer alone decides.
 */
export function inRegio<T>(ctx: RequestContext, regio: string, werk: (tx: EntityManager) => Promise<T>): Promise<T> {
  return inKetenScope(ctx, { vtOrganisatie: regio }, werk);
}

/**
 * Runs `werk` with the gateway rows addressed to the caller's organisation. Case tables stay closed (no VT setting);
 * a service that must read or change VT rows for a verified step of this partner widens the scope in the same
 * transaction (`ookVtRegio`).
 */
export function alsPartner<T>(ctx: ContextMetAanroeper, werk: (tx: EntityManager) => Promise<T>): Promise<T> {
  return inKetenScope(ctx, { partner: ctx.actor.organisatie.code }, werk);
}

/** Inside `alsPartner`: also admit the case rows of one VT organisation (after the service verified why). */
export async function ookVtRegio(tx: EntityManager, regio: string): Promise<void> {
  await leesRijen(tx, `select set_config('ketenpoort.vt_organisatie', ?, true)`, [regio]);
}

/**
 * A read that is one statement, within `scope`, in one round trip (`leesInEenRonde`: the scope and the statement in one
 * implicit transaction) instead of three (BEGIN with the scope, the statement, COMMIT). `werk` gets a `Lezer` it may call
 * once: a second statement would run in a transaction of its own, with another snapshot, so it is refused. Inside an
 * open transaction (whose writes the read must see) or without prepared statements (a pooler in transaction mode) the
 * read runs in a scoped transaction, as every other read does.
 */
export async function leesInScope<T>(
  ctx: RequestContext,
  scope: KetenScope,
  werk: (lees: Lezer) => Promise<T>,
): Promise<T> {
  if (!voorbereideStatements() || ctx.em.getTransactionContext()) {
    return inKetenScope(ctx, scope, (tx) => werk(lezerVan(tx)));
  }
  let gelezen = false;
  const knex = ctx.em.getConnection().getKnex();
  const vooraf = scopeAlsLiteraal(scope);
  return werk(<R>(sql: string, params: readonly unknown[]) => {
    if (gelezen) throw new Error('leesInScope: één statement per lezing');
    gelezen = true;
    return leesInEenRonde<R>(knex, vooraf, sql, params);
  });
}

/** One read of `leesInScopes`: a statement (`?` parameters) and the scope it runs in. */
export interface ScopeLezing {
  readonly scope: KetenScope;
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * Reads that each need their own scope, in one round trip (`stappenInEenRonde`): each read's scope is set just before it,
 * within one implicit transaction, so row-level security admits for each read exactly its own scope, as `zetKetenScope`
 * between the statements of a transaction does (a partner's own rows first, then the content of one region). Each read
 * has its own snapshot, as in a transaction at READ COMMITTED. Inside an open transaction or without prepared statements:
 * a scoped transaction, the scope set before each read. Returns the rows of each read, in order.
 */
export async function leesInScopes(ctx: RequestContext, lezingen: readonly ScopeLezing[]): Promise<unknown[][]> {
  if (!voorbereideStatements() || ctx.em.getTransactionContext()) {
    return inKetenScope(ctx, lezingen[0].scope, async (tx) => {
      const rijen: unknown[][] = [];
      for (const [i, l] of lezingen.entries()) {
        if (i > 0) await zetKetenScope(tx, l.scope);
        rijen.push(await leesRijen(tx, l.sql, l.params));
      }
      return rijen;
    });
  }
  return stappenInEenRonde(
    ctx.em.getConnection().getKnex(),
    lezingen.map((l) => ({ vooraf: scopeAlsLiteraal(l.scope), sql: l.sql, params: l.params })),
  );
}
