import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { type Connection, type EventArgs, type EventSubscriber, wrap } from '@mikro-orm/core';
import { GraphQLError, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { Arg } from 'type-graphql';

import type { ContextMetAanroeper, RequestContext } from './context';
import { ongeldigeInvoer } from './errors';

/**
 * Idempotent creates (IETF draft-ietf-httpapi-idempotency-key-header, applied to GraphQL). A create mutation takes an
 * idempotency key, as the argument `idempotentieSleutel` or as the HTTP header `Idempotency-Key`:
 * - the first request with a key creates the object and, in the SAME transaction, a row in `idempotentie_sleutel`
 *   (organisation, caller, key → operation, hash of the input, object id). They commit together or not at all, so a
 *   crash between "created" and "key recorded" cannot happen;
 * - a retry with the same key and the same input returns that object, re-read through the normal read path (row
 *   rules, field policy and the read audit apply as to any read; no response is stored, so no personal data either);
 * - the same key with another operation or other input is CONFLICT `IDEMPOTENTIE_SLEUTEL_HERGEBRUIKT`; nothing changes;
 * - two requests with one key at the same time: the table's primary key makes the second one's insert wait for the
 *   first transaction; when that commits, the second one rolls back its own work and answers with the first one's
 *   object (or the conflict, if its input differed). There is no "in progress" state to expire or get stuck;
 * - keys are scoped per organisation and caller (issuer + subject), kept IDEMPOTENTIE_BEWAAR_UREN and then removed.
 *
 * The key row is written by an ORM subscriber (`IdempotentieBinder`) when the object's entity is inserted: services
 * need no change, and every create uses this the same way (`idempotent(...)` in its resolver).
 */

/** Name of the GraphQL argument on every create mutation. */
export const IDEMPOTENTIE_ARGUMENT = 'idempotentieSleutel';

/** 16 to 128 characters, letters, digits and `.` `_` `:` `-`: a UUID or ULID fits; a BSN or a name does not. */
export const SLEUTEL_PATROON = /^[A-Za-z0-9._:-]{16,128}$/;

/** Stable reasons (extensions.reden for CONFLICT, fouten[].code for BAD_USER_INPUT). */
export const IdempotentieFout = {
  HERGEBRUIKT: 'IDEMPOTENTIE_SLEUTEL_HERGEBRUIKT',
  ONGELDIG: 'ONGELDIGE_IDEMPOTENTIE_SLEUTEL',
  DUBBELZINNIG: 'IDEMPOTENTIE_SLEUTEL_DUBBELZINNIG',
  TEGENSTRIJDIG: 'IDEMPOTENTIE_SLEUTEL_TEGENSTRIJDIG',
} as const;

const ARGUMENT_UITLEG =
  'Idempotentiesleutel, nieuw per verzoek (16 tot 128 tekens: letters, cijfers en . _ : -; bijvoorbeeld een UUID). ' +
  'Hetzelfde verzoek opnieuw met dezelfde sleutel (na een time-out) geeft het eerder aangemaakte object en maakt niets nieuws; ' +
  'dezelfde sleutel met andere invoer of voor een andere operatie geeft CONFLICT (IDEMPOTENTIE_SLEUTEL_HERGEBRUIKT). ' +
  'Geldt per aanroeper en organisatie, IDEMPOTENTIE_BEWAAR_UREN lang (standaard 24 uur). Kan ook als HTTP-header Idempotency-Key, als het document alleen dit veld aanroept.';

/** The `idempotentieSleutel` argument, declared the same way on every create mutation. */
export function IdempotentieSleutel(): ReturnType<typeof Arg> {
  return Arg(IDEMPOTENTIE_ARGUMENT, () => String, { nullable: true, description: ARGUMENT_UITLEG });
}

/** What a resolver tells `idempotent` about its create. */
export interface IdempotenteAanmaak<T> {
  /** The entity class of the object the create makes: its insert writes the key row, in the same transaction. */
  readonly entiteit: abstract new (...args: never[]) => object;
  /** The create itself (the service call). */
  maak(): Promise<T>;
  /** The normal read path for an object made earlier with this key. */
  lees(id: string): Promise<T>;
  /** The id of the object in the create's result. */
  id(resultaat: T): string;
}

interface Claim {
  readonly organisatie: string;
  readonly aanroeper: string;
  readonly sleutel: string;
  readonly operatie: string;
  readonly hash: string;
  readonly aangemaaktOp: Date;
  readonly verlooptOp: Date;
  readonly entiteit: IdempotenteAanmaak<unknown>['entiteit'];
  /** The transaction that wrote the key row, and the object it names (a service may retry in a new transaction). */
  binding?: { trx: unknown; id: string };
}

interface SleutelRij {
  operatie: string;
  invoer_hash: string;
  object_id: string;
  verloopt_op: Date;
}

/** The key claim of the create running in this async context (set only around `maak`). */
const lopendeClaim = new AsyncLocalStorage<Claim>();

/**
 * Runs a create under an idempotency key, if the request carries one (argument or header); without a key it is just
 * the create. `invoer` is every argument of the mutation except the key: its hash decides "same request".
 */
export async function idempotent<T>(
  ctx: ContextMetAanroeper,
  info: GraphQLResolveInfo,
  argument: string | null | undefined,
  invoer: Record<string, unknown>,
  aanmaak: IdempotenteAanmaak<T>,
): Promise<T> {
  const sleutel = kiesSleutel(ctx, info, argument);
  if (sleutel === undefined) return aanmaak.maak();
  const nu = ctx.clock.now();
  const claim: Claim = {
    organisatie: ctx.actor.organisatie.code,
    aanroeper: `${ctx.actor.issuer}#${ctx.actor.sub}`,
    sleutel,
    operatie: info.fieldName,
    hash: invoerHash(info.fieldName, invoer),
    aangemaaktOp: nu,
    verlooptOp: new Date(nu.getTime() + ctx.config.idempotentie.bewaarUren * 3600_000),
    entiteit: aanmaak.entiteit,
  };
  const eerder = await zoek(ctx, claim);
  if (eerder) return herhaal(ctx, claim, eerder, aanmaak);

  let resultaat: T;
  try {
    resultaat = await lopendeClaim.run(claim, () => aanmaak.maak());
  } catch (fout) {
    // A concurrent request with this key may have committed first (our insert of the key row then failed, or the
    // service refused a duplicate): its object is the answer to this request too.
    const winnaar = await zoek(ctx, claim);
    if (winnaar) return herhaal(ctx, claim, winnaar, aanmaak);
    throw fout;
  }
  const id = aanmaak.id(resultaat);
  if (claim.binding?.id === id) return resultaat;
  // The create made nothing new (it returned an existing object, as Handle with Care does for the same child, school
  // and day): record the key now, so a retry gets this object and other input with this key is a conflict.
  const rij = await bindAchteraf(ctx, claim, id);
  return rij.object_id === id && rij.invoer_hash === claim.hash && rij.operatie === claim.operatie
    ? resultaat
    : herhaal(ctx, claim, rij, aanmaak);
}

/** The key of this field: the argument, or the header when the document calls exactly one field. */
function kiesSleutel(
  ctx: RequestContext,
  info: GraphQLResolveInfo,
  argument: string | null | undefined,
): string | undefined {
  const header = ctx.idempotentieHeader;
  let sleutel = argument ?? undefined;
  if (header !== undefined) {
    // RFC 8941 sf-string ("..."), as the draft specifies; a bare token is accepted too.
    const waarde = /^"(.*)"$/.exec(header.trim())?.[1] ?? header.trim();
    if (aantalVelden(info.operation.selectionSet, info) !== 1) {
      throw ongeldigeInvoer([
        {
          veld: 'Idempotency-Key',
          code: IdempotentieFout.DUBBELZINNIG,
          melding:
            'De header Idempotency-Key geldt voor één aanmaakverzoek, maar dit document roept meerdere velden aan. Geef elk aanmaakveld zijn eigen idempotentieSleutel-argument.',
        },
      ]);
    }
    if (sleutel !== undefined && sleutel !== waarde) {
      throw ongeldigeInvoer([
        {
          veld: IDEMPOTENTIE_ARGUMENT,
          code: IdempotentieFout.TEGENSTRIJDIG,
          melding:
            'Het argument idempotentieSleutel en de header Idempotency-Key verschillen; geef er één, of twee keer dezelfde.',
        },
      ]);
    }
    sleutel = waarde;
  }
  if (sleutel !== undefined && !SLEUTEL_PATROON.test(sleutel)) {
    throw ongeldigeInvoer([
      {
        veld: argument != null ? IDEMPOTENTIE_ARGUMENT : 'Idempotency-Key',
        code: IdempotentieFout.ONGELDIG,
        melding:
          'Een idempotentiesleutel heeft 16 tot 128 tekens: letters, cijfers, punt, liggend streepje, dubbele punt of streepje. Gebruik bijvoorbeeld een nieuwe UUID per verzoek.',
      },
    ]);
  }
  return sleutel;
}

/** Root fields of the operation, fragments included (`__typename` does not count). */
function aantalVelden(set: SelectionSetNode, info: GraphQLResolveInfo): number {
  let n = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) n += s.name.value === '__typename' ? 0 : 1;
    else if (s.kind === Kind.INLINE_FRAGMENT) n += aantalVelden(s.selectionSet, info);
    else {
      const f = info.fragments[s.name.value];
      n += f ? aantalVelden(f.selectionSet, info) : 1;
    }
  }
  return n;
}

/** The live key row of this caller and key, if any; an expired one is removed and counts as absent. */
async function zoek(ctx: RequestContext, c: Claim): Promise<SleutelRij | undefined> {
  const conn = ctx.em.getConnection();
  const [rij] = await conn.execute<SleutelRij[]>(
    `select operatie, invoer_hash, object_id, verloopt_op from idempotentie_sleutel where organisatie = ? and aanroeper = ? and sleutel = ?`,
    [c.organisatie, c.aanroeper, c.sleutel],
  );
  if (!rij) return undefined;
  if (new Date(rij.verloopt_op) > c.aangemaaktOp) return rij;
  await conn.execute(
    `delete from idempotentie_sleutel where organisatie = ? and aanroeper = ? and sleutel = ? and verloopt_op <= ?`,
    [c.organisatie, c.aanroeper, c.sleutel, c.aangemaaktOp],
    'run',
  );
  return undefined;
}

/** A retry: the first object through the read path, or a conflict when the key was used for something else. */
async function herhaal<T>(ctx: RequestContext, c: Claim, rij: SleutelRij, aanmaak: IdempotenteAanmaak<T>): Promise<T> {
  if (rij.operatie !== c.operatie || rij.invoer_hash !== c.hash) {
    throw new GraphQLError(
      'Deze idempotentiesleutel is al gebruikt voor een ander verzoek (een andere operatie of andere invoer); er is niets gewijzigd. Gebruik een nieuwe sleutel voor elk nieuw verzoek en herhaal een verzoek alleen met precies dezelfde invoer.',
      { extensions: { code: 'CONFLICT', reden: IdempotentieFout.HERGEBRUIKT } },
    );
  }
  ctx.log.info(
    { operatie: c.operatie, objectId: rij.object_id },
    'herhaald verzoek met dezelfde idempotentiesleutel: het eerste resultaat',
  );
  return aanmaak.lees(rij.object_id);
}

/** Records the key for an object the create did not insert itself; returns the row that holds the key now. */
async function bindAchteraf(ctx: RequestContext, c: Claim, id: string): Promise<SleutelRij> {
  for (;;) {
    const [rij] = await ctx.em.getConnection().execute<SleutelRij[]>(
      `insert into idempotentie_sleutel (organisatie, aanroeper, sleutel, operatie, invoer_hash, object_id, aangemaakt_op, verloopt_op)
       values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (organisatie, aanroeper, sleutel) do nothing
       returning operatie, invoer_hash, object_id, verloopt_op`,
      [c.organisatie, c.aanroeper, c.sleutel, c.operatie, c.hash, id, c.aangemaaktOp, c.verlooptOp],
    );
    // Taken: by a live row (returned), or by an expired one (`zoek` removed it; try again).
    const bestaand = rij ?? (await zoek(ctx, c));
    if (bestaand) return bestaand;
  }
}

/**
 * Writes the key row when the claimed entity is inserted, inside the flush and so inside the create's transaction.
 * A second request with the same key blocks here on the primary key until the first one's transaction ends.
 */
export class IdempotentieBinder implements EventSubscriber {
  async afterCreate(args: EventArgs<object>): Promise<void> {
    const c = lopendeClaim.getStore();
    if (!c || !(args.entity instanceof c.entiteit)) return;
    // The driver's transaction handle (opaque here): identity is all that is compared.
    const trx: unknown = args.em.getTransactionContext();
    // Invariant: the key row and the object commit together. A create outside an explicit transaction would break it.
    if (!trx) throw new Error('idempotente aanmaak buiten een transactie');
    if (c.binding?.trx === trx) return;
    const id = String(wrap(args.entity, true).getPrimaryKey());
    await args.em
      .getConnection()
      .execute(
        `insert into idempotentie_sleutel (organisatie, aanroeper, sleutel, operatie, invoer_hash, object_id, aangemaakt_op, verloopt_op) values (?, ?, ?, ?, ?, ?, ?, ?)`,
        [c.organisatie, c.aanroeper, c.sleutel, c.operatie, c.hash, id, c.aangemaaktOp, c.verlooptOp],
        'run',
        trx,
      );
    c.binding = { trx, id };
  }
}

/**
 * SHA-256 of the operation and its input in canonical form (keys sorted; absent and null alike; instants as ISO
 * strings), so the same request in other JSON spelling is the same request. Only the hash is stored: the input holds
 * personal data.
 */
export function invoerHash(operatie: string, invoer: Record<string, unknown>): string {
  return createHash('sha256')
    .update(JSON.stringify([operatie, canoniek(invoer)]))
    .digest('hex');
}

function canoniek(w: unknown): unknown {
  if (w === null || w === undefined) return null;
  if (w instanceof Date) return w.toISOString();
  if (Array.isArray(w)) return w.map(canoniek);
  if (typeof w === 'object') {
    const uit: Record<string, unknown> = {};
    for (const k of Object.keys(w).sort()) {
      const v = (w as Record<string, unknown>)[k];
      if (v !== undefined && v !== null) uit[k] = canoniek(v);
    }
    return uit;
  }
  return w;
}

/** Removes expired keys in batches; returns how many. Used by the worker's periodic job. */
export async function ruimVerlopenSleutelsOp(conn: Connection, nu: Date, batch = 10_000): Promise<number> {
  let totaal = 0;
  for (;;) {
    const r = (await conn.execute(
      `with weg as (delete from idempotentie_sleutel where ctid = any(array(select ctid from idempotentie_sleutel where verloopt_op <= ? limit ?)) returning 1)
       select count(*)::int as n from weg`,
      [nu, batch],
    )) as { n: number }[];
    const n = r[0]?.n ?? 0;
    totaal += n;
    if (n < batch) return totaal;
  }
}
