import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';

import { isUuid, type RequestContext } from '../lib/context';
import { Foutcode, nietGevonden } from '../lib/errors';
import { epochMs, leesRijen } from '../lib/lezen';
import { grondslagPerRol } from './beleid';
import { type CasusToegang, LEEST_HELE_REGIO, toegangsgrond } from './casustoegang';

/**
 * Need-to-know in the services' SQL: the same rule as `toegangsgrond` (./casustoegang.ts, which the row rules check
 * again), as query conditions and lookups. Every service that returns or changes a casus' content adds
 * `casusToegangFilter` to its query, so an unassigned medewerker's rows are never loaded, not filtered afterwards.
 * It lives here, beside the predicate, rather than with the casus: meldingen, advies, overdrachten and HwC all read
 * content behind a casus, and meldingen sits below casussen. It names the `casus` and `noodtoegang` tables only in SQL.
 */

const TEAMCODE = /^[A-Za-z0-9_.-]{1,64}$/;

/** Whether the caller reads every casus of the region (teamleider, vertrouwensarts). */
export function leestHeleRegio(ctx: RequestContext): boolean {
  return LEEST_HELE_REGIO.includes(ctx.actor.rol);
}

/**
 * Whether the casus whose id is the SQL expression `casusId` is restricted (src/rechten): the body of the database
 * function `casus_is_beperkt`, written out. PostgreSQL does not inline a SQL function with a subquery, so each call
 * would start an executor of its own (and plan its body anew for every statement); written out, it is part of the
 * statement's plan, which a prepared read keeps (src/lib/lezen.ts).
 */
export function beperktSql(casusId: string): string {
  return `exists (select 1 from verwerkingsbeperking vb_ where vb_.casus_id = ${casusId} and vb_.opgeheven_op is null)`;
}

/**
 * The SQL condition on a casus row `c` that admits exactly the casussen the caller may read in full, with its
 * parameters in order. Only for a medewerker (the caller must check `leestHeleRegio` first); any other role gets a
 * condition that admits nothing. The time of a noodtoegang is the request's clock, never the database's `now()`.
 */
export function toegangVoorwaarde(ctx: RequestContext, c: string): { sql: string; params: unknown[] } {
  const { actor } = ctx;
  if (actor.rol !== 'VT_MEDEWERKER') return { sql: 'false', params: [] };
  const nu = ctx.clock.now();
  const teams = (actor.teams ?? []).filter((t) => TEAMCODE.test(t));
  // A restricted casus (src/rechten) opens to its behandelaar only: team and noodtoegang no longer count.
  return {
    sql:
      `(${c}.verantwoordelijke = ? or (not ${beperktSql(`${c}.id`)} and (${c}.team = any(?::text[]) or exists (select 1 from noodtoegang nt where nt.casus_id = ${c}.id` +
      ` and nt.medewerker = ? and nt.geopend_op <= ? and nt.verloopt_op > ? and nt.oordeel is distinct from 'NIET_GERECHTVAARDIGD'))))`,
    params: [actor.sub, `{${teams.join(',')}}`, actor.sub, nu, nu],
  };
}

/**
 * The condition for the roles that read the whole region (teamleider, vertrouwensarts): every casus except a
 * restricted one (src/rechten), on the row alias `a` reaching its casus through `kolom`.
 */
function nietBeperktSql(kolom: 'id' | 'casus_id' | 'melding_id', a: string): string {
  if (kolom === 'id') return `not ${beperktSql(`${a}.id`)}`;
  if (kolom === 'casus_id') return `not ${beperktSql(`${a}.casus_id`)}`;
  return `(${a}.melding_id is null or not exists (select 1 from melding tm where tm.id = ${a}.melding_id and ${beperktSql('tm.casus_id')}))`;
}

/**
 * A MikroORM filter that admits only rows whose casus the caller may read in full. `kolom` names how the row reaches
 * its casus: `id` (the casus itself), `casus_id`, or `melding_id` (an advies: no melding yet means no casus, and the
 * row stays open to the region). For the teamleider and the vertrouwensarts: every casus that is not restricted.
 */
export function casusToegangFilter(ctx: RequestContext, kolom: 'id' | 'casus_id' | 'melding_id'): object {
  if (leestHeleRegio(ctx)) return { [raw((a: string) => nietBeperktSql(kolom, a))]: [] };
  const { params } = toegangVoorwaarde(ctx, 'tc');
  // A raw fragment as key with an empty value is MikroORM's way to add a plain SQL condition (docs: raw queries).
  return { [raw((a: string) => casusToegangSql(ctx, kolom, a).sql, params)]: [] };
}

/**
 * The same condition as plain SQL on the row alias `a`, for reads that write their own statement: for the
 * teamleider and the vertrouwensarts, every casus that is not restricted.
 */
export function casusToegangSql(
  ctx: RequestContext,
  kolom: 'id' | 'casus_id' | 'melding_id',
  a: string,
): { sql: string; params: unknown[] } {
  if (leestHeleRegio(ctx)) return { sql: nietBeperktSql(kolom, a), params: [] };
  const v = toegangVoorwaarde(ctx, 'tc');
  const sql =
    kolom === 'id'
      ? toegangVoorwaarde(ctx, a).sql
      : kolom === 'casus_id'
        ? `exists (select 1 from casus tc where tc.id = ${a}.casus_id and ${v.sql})`
        : `(${a}.melding_id is null or exists (select 1 from melding tm join casus tc on tc.id = tm.casus_id where tm.id = ${a}.melding_id and ${v.sql}))`;
  return { sql, params: v.params };
}

/**
 * What the row rule needs per casus: behandelaar, team and the caller's own active noodtoegang (the one that lasts
 * longest). One query for all ids.
 */
export async function laadCasusToegang(
  tx: EntityManager,
  ctx: RequestContext,
  casusIds: readonly (string | null | undefined)[],
): Promise<Map<string, CasusToegang>> {
  const ids = [...new Set(casusIds.filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return new Map();
  const nu = ctx.clock.now();
  const rijen = await leesRijen<{
    id: string;
    verantwoordelijke: string | null;
    team: string | null;
    nood_id: string | null;
    nood_tot: Date | null;
    beperkt: boolean;
  }>(
    tx,
    `select c.id, c.verantwoordelijke, c.team, n.id as nood_id, n.verloopt_op as nood_tot, ${beperktSql('c.id')} as beperkt
       from casus c
       left join lateral (select nt.id, nt.verloopt_op from noodtoegang nt
                           where nt.casus_id = c.id and nt.medewerker = ? and nt.geopend_op <= ? and nt.verloopt_op > ?
                             and nt.oordeel is distinct from 'NIET_GERECHTVAARDIGD'
                           order by nt.verloopt_op desc limit 1) n on true
      where c.id = any(?::uuid[])`,
    [ctx.actor.sub, nu, nu, `{${ids.join(',')}}`],
  );
  return new Map(
    rijen.map((r) => [
      r.id,
      {
        behandelaar: r.verantwoordelijke,
        team: r.team,
        noodtoegang: r.nood_id ? { id: r.nood_id, medewerker: ctx.actor.sub, tot: new Date(r.nood_tot as Date) } : null,
        beperkt: r.beperkt,
      },
    ]),
  );
}

/**
 * The same data as `laadCasusToegang`, as a JSON column of a read statement: for the casus whose id is in
 * `casusIdKolom`, so a read needs no second query. Read it back with `casusToegangUitJson`.
 */
export function casusToegangJsonSql(ctx: RequestContext, casusIdKolom: string): { sql: string; params: unknown[] } {
  const nu = ctx.clock.now();
  return {
    sql: `(select json_build_object('behandelaar', tc.verantwoordelijke, 'team', tc.team, 'nood_id', n.id, 'nood_tot', ${epochMs('n.verloopt_op')}, 'beperkt', ${beperktSql('tc.id')})
       from casus tc
       left join lateral (select nt.id, nt.verloopt_op from noodtoegang nt
                           where nt.casus_id = tc.id and nt.medewerker = ? and nt.geopend_op <= ? and nt.verloopt_op > ?
                             and nt.oordeel is distinct from 'NIET_GERECHTVAARDIGD'
                           order by nt.verloopt_op desc limit 1) n on true
      where tc.id = ${casusIdKolom})`,
    params: [ctx.actor.sub, nu, nu],
  };
}

/** A column from `casusToegangJsonSql` as the need-to-know data of its casus (undefined: no casus). */
export function casusToegangUitJson(
  ctx: RequestContext,
  j: {
    behandelaar: string | null;
    team: string | null;
    nood_id: string | null;
    nood_tot: number | null;
    beperkt: boolean;
  } | null,
): CasusToegang | undefined {
  if (!j) return undefined;
  return {
    behandelaar: j.behandelaar,
    team: j.team,
    noodtoegang: j.nood_id ? { id: j.nood_id, medewerker: ctx.actor.sub, tot: new Date(j.nood_tot as number) } : null,
    beperkt: j.beperkt,
  };
}

/** Puts each view's need-to-know data on it (`casusToegang`), for the row rule and the audit flag. Returns the views. */
export async function markeerCasusToegang<T extends { casusId: string | null; casusToegang?: CasusToegang }>(
  tx: EntityManager,
  ctx: RequestContext,
  views: T[],
): Promise<T[]> {
  const toegang = await laadCasusToegang(
    tx,
    ctx,
    views.map((v) => v.casusId),
  );
  for (const v of views) v.casusToegang = v.casusId ? toegang.get(v.casusId) : undefined;
  return views;
}

/**
 * FORBIDDEN with `reden: NIET_TOEGEWEZEN`: the object exists in the caller's own region, but its casus is not theirs.
 * Within a region the existence of a casus is not secret (casusZoeken shows it and who is assigned); its content is.
 * Saying so, rather than NOT_FOUND, tells the worker what to do instead of suggesting a wrong id.
 */
export function nietToegewezen(wat: string): GraphQLError {
  return new GraphQLError(
    `${wat} hoort bij een casus waaraan u niet bent toegewezen. Vraag de teamleider om toewijzing (casusToewijzen), of open de casus bij acute nood met noodtoegangOpenen (met reden; de privacy officer beoordeelt elk gebruik).`,
    { extensions: { code: Foutcode.FORBIDDEN, reden: 'NIET_TOEGEWEZEN' } },
  );
}

/** The tables whose rows the refusal below may look up (never a name from the request). */
type Tabel = 'casus' | 'melding' | 'overdracht' | 'hwc_signaal' | 'advies' | 'huisverbod' | 'aware_aanvraag';

/**
 * The error after a lookup that carried `casusToegangFilter` found nothing: NIET_TOEGEWEZEN when the row exists in
 * the region, NOT_FOUND when it does not (another region's id is answered exactly like a non-existent one).
 */
export async function nietToegankelijk(
  tx: EntityManager,
  tabel: Tabel,
  id: string,
  regio: string,
  wat: string,
): Promise<GraphQLError> {
  if (!isUuid(id)) return nietGevonden(wat);
  const [r] = await tx
    .getConnection()
    .execute<{ n: number }[]>(
      `select count(*)::int as n from ${tabel} where id = ? and vt_organisatie = ?`,
      [id, regio],
      'all',
      tx.getTransactionContext(),
    );
  return r && r.n > 0 ? nietToegewezen(wat) : nietGevonden(wat);
}

/** The NEN 7513 fields of an access under noodtoegang (the shape of `AuditFeit`'s `noodprocedure` and `grondslag`). */
export interface NoodAuditVelden {
  noodprocedure?: boolean;
  grondslag?: string;
}

/**
 * The audit fields of an access under noodtoegang: the NEN 7513 flag and, as its ground, the noodtoegang. Empty for
 * an ordinary access (assigned, or teamleider and vertrouwensarts).
 */
export function noodAudit(ctx: RequestContext, toegang: CasusToegang | undefined): NoodAuditVelden {
  if (!toegang?.noodtoegang || toegangsgrond(toegang, ctx.actor, ctx.clock.now()) !== 'NOODTOEGANG') return {};
  return { noodprocedure: true, grondslag: noodGrondslag(ctx, toegang.noodtoegang.id) };
}

/** The legal basis of an access under noodtoegang: the role's basis, and which noodtoegang. */
export function noodGrondslag(ctx: RequestContext, noodtoegangId: string): string {
  return `${grondslagPerRol[ctx.actor.rol]}; noodtoegang ${noodtoegangId}`;
}
