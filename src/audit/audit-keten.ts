import type { Connection, Transaction } from '@mikro-orm/core';

import { GENESIS, inhoudHash, ketenHash, regelUitRij } from './audit-inhoud';
import { REDACTIE_VELD_PREFIX, redactieDigest, restHash, VERNIETIGING_GEBEURTENIS } from './audit-redactie';

type Rij = Record<string, unknown>;

/** Typed wrapper: the core Connection's execute() is untyped. */
async function rijen<T = Rij>(conn: Connection, sql: string, params: unknown[] = [], trx?: Transaction): Promise<T[]> {
  return (await conn.execute(sql, params, 'all', trx)) as T[];
}

/** Advisory lock key of the sealer: one sealer at a time, wherever it runs. */
const ZEGEL_LOCK = 75130001;
/** How far behind the newest seal a late-committing record may still be found and sealed. */
const INHAALVENSTER = 100_000;

export interface ZegelResultaat {
  gezegeld: number;
  kop?: { volgnummer: string; hash: string };
}

/**
 * Links unsealed audit records into the hash chain, in id order. Runs in the worker (periodically)
 * and before verification; cheap when there is nothing to do. Records are never changed: a seal is a
 * new row in audit_zegel.
 */
export async function verzegel(conn: Connection, max = 5000, nu = new Date()): Promise<ZegelResultaat> {
  return conn.transactional(async (trx) => {
    const [lock] = await rijen<{ ok: boolean }>(conn, 'select pg_try_advisory_xact_lock(?) as ok', [ZEGEL_LOCK], trx);
    if (!lock?.ok) return { gezegeld: 0 };
    const [kop] = await rijen<{ volgnummer: string; hash: Buffer; audit_id: string }>(
      conn,
      // Order by the bigint column itself: `order by volgnummer` would sort the ::text alias ('9' > '22').
      'select z.volgnummer::text as volgnummer, z.hash, z.audit_id::text as audit_id from audit_zegel z order by z.volgnummer desc limit 1',
      [],
      trx,
    );
    const vanaf = kop ? BigInt(kop.audit_id) - BigInt(INHAALVENSTER) : 0n;
    const gevonden = await rijen(
      conn,
      `select a.* , a.id::text as id_tekst from audit_gebeurtenis a
        where a.id > ? and not exists (select 1 from audit_zegel z where z.audit_id = a.id)
        order by a.id limit ?`,
      [vanaf.toString(), max],
      trx,
    );
    if (gevonden.length === 0) {
      return { gezegeld: 0, kop: kop ? { volgnummer: kop.volgnummer, hash: kop.hash.toString('hex') } : undefined };
    }
    let volgnummer = kop ? BigInt(kop.volgnummer) : 0n;
    let vorige: Buffer = kop ? kop.hash : GENESIS;
    const params: unknown[] = [];
    const values: string[] = [];
    for (const r of gevonden) {
      const id = BigInt(r.id_tekst as string);
      // The chain covers the stored inhoud_hash; verification recomputes it from the columns.
      const inhoud = r.inhoud_hash as Buffer;
      const hash = ketenHash(vorige, id, inhoud);
      volgnummer += 1n;
      values.push('(?, ?, ?, ?, ?)');
      params.push(volgnummer.toString(), id.toString(), vorige, hash, nu);
      vorige = hash;
    }
    await conn.execute(
      `insert into audit_zegel (volgnummer, audit_id, vorige_hash, hash, gezegeld_op) values ${values.join(', ')}`,
      params,
      'run',
      trx,
    );
    return { gezegeld: gevonden.length, kop: { volgnummer: volgnummer.toString(), hash: vorige.toString('hex') } };
  });
}

export type BreukReden =
  | 'ZEGEL_ONTBREEKT'
  | 'ZEGEL_GEWIJZIGD'
  | 'AUDITREGEL_VERWIJDERD'
  | 'AUDITREGEL_GEWIJZIGD'
  /** The chain ends before the volgnummer of the latest signed checkpoint: its tail was cut off with its seals. */
  | 'KETEN_INGEKORT'
  /** The link at the checkpoint's volgnummer has another hash than was signed: the chain was re-sealed. */
  | 'KETEN_HERSCHREVEN'
  /** The redaction rows of a destruction no longer match the digest its tombstone record carries. */
  | 'REDACTIE_GEWIJZIGD';

export interface KetenBreuk {
  volgnummer: string;
  auditId: string;
  reden: BreukReden;
  toelichting: string;
  /** Owning VT organisation of the broken record, when it still exists (decides who may see its id). */
  vtOrganisatie?: string | null;
}

export interface KetenRapport {
  intact: boolean;
  gecontroleerd: number;
  ongezegeld: number;
  kop?: { volgnummer: string; hash: string };
  eersteBreuk?: KetenBreuk;
}

/** Where a walk stands: the last verified link (0 and the genesis before the first). */
export interface KetenPositie {
  volgnummer: bigint;
  hash: Buffer;
}

export const BEGINPOSITIE: KetenPositie = { volgnummer: 0n, hash: GENESIS };

/** The outcome of one bounded step of a walk. */
export interface KetenStap {
  positie: KetenPositie;
  /** Links verified in this step. */
  gecontroleerd: number;
  /** True when the step reached the end of the chain (as sealed now) or a break. */
  klaar: boolean;
  breuk?: KetenBreuk;
}

/**
 * Verifies at most `max` links after `positie`: a missing or altered seal, a deleted record, or a record whose
 * columns no longer match the hash it was sealed with ends the walk with a break. Resumable: a verification of a
 * large chain is a sequence of such steps (the worker's job keeps the position in audit_verificatie).
 */
export async function verifieerStap(
  conn: Connection,
  positie: KetenPositie,
  max: number,
  trx?: Transaction,
): Promise<KetenStap> {
  let verwacht = positie.volgnummer + 1n;
  let vorige = positie.hash;
  let gecontroleerd = 0;
  const gevonden = await rijen(
    conn,
    `select z.volgnummer::text as z_volgnummer, z.audit_id::text as z_audit_id, z.vorige_hash as z_vorige, z.hash as z_hash,
            a.*, a.id::text as id_tekst, r.rest_hash as r_rest_hash
       from audit_zegel z left join audit_gebeurtenis a on a.id = z.audit_id
       left join audit_redactie r on r.audit_id = z.audit_id
      where z.volgnummer >= ? order by z.volgnummer limit ?`,
    [verwacht.toString(), max],
    trx,
  );
  for (const r of gevonden) {
    const volgnummer = BigInt(r.z_volgnummer as string);
    const auditId = r.z_audit_id as string;
    const breuk = (reden: BreukReden, toelichting: string): KetenStap => ({
      positie: { volgnummer: verwacht - 1n, hash: vorige },
      gecontroleerd,
      klaar: true,
      breuk: {
        volgnummer: volgnummer.toString(),
        auditId,
        reden,
        toelichting,
        vtOrganisatie: (r.vt_organisatie as string | null) ?? null,
      },
    });
    if (volgnummer !== verwacht) {
      return breuk('ZEGEL_ONTBREEKT', `zegel ${verwacht} ontbreekt (volgende gevonden: ${volgnummer})`);
    }
    if (!(r.z_vorige as Buffer).equals(vorige)) {
      return breuk('ZEGEL_GEWIJZIGD', 'vorige_hash sluit niet aan op de voorgaande schakel');
    }
    if (r.id_tekst == null) {
      return breuk('AUDITREGEL_VERWIJDERD', `auditregel ${auditId} is verwijderd`);
    }
    const regel = regelUitRij(r);
    const opgeslagen = r.inhoud_hash as Buffer;
    // A record redacted by a destruction (audit-redactie.ts) is judged by the hash of what remains; the chain links
    // its original content hash.
    const rest = r.r_rest_hash as Buffer | null;
    const klopt = rest ? restHash(auditId, regel).equals(rest) : inhoudHash(regel).equals(opgeslagen);
    if (!klopt) {
      return breuk('AUDITREGEL_GEWIJZIGD', `de inhoud van auditregel ${auditId} is na registratie gewijzigd`);
    }
    if (regel.gebeurtenis === VERNIETIGING_GEBEURTENIS && regel.objectId) {
      const verwacht = regel.velden.find((v) => v.startsWith(REDACTIE_VELD_PREFIX))?.slice(REDACTIE_VELD_PREFIX.length);
      const redacties = await rijen<{ audit_id: string; rest_hash: Buffer }>(
        conn,
        'select audit_id::text as audit_id, rest_hash from audit_redactie where bewaring_id = ?::uuid',
        [regel.objectId],
        trx,
      );
      const digest = redactieDigest(redacties.map((x) => ({ auditId: x.audit_id, restHash: x.rest_hash })));
      if (digest !== verwacht) {
        return breuk('REDACTIE_GEWIJZIGD', `de redacties van vernietiging ${regel.objectId} zijn gewijzigd`);
      }
    }
    if (!ketenHash(vorige, BigInt(auditId), opgeslagen).equals(r.z_hash as Buffer)) {
      return breuk('ZEGEL_GEWIJZIGD', `de hash van zegel ${volgnummer} klopt niet`);
    }
    vorige = r.z_hash as Buffer;
    verwacht += 1n;
    gecontroleerd += 1;
  }
  return { positie: { volgnummer: verwacht - 1n, hash: vorige }, gecontroleerd, klaar: gevonden.length < max };
}

/** Audit records not yet linked into the chain. */
export async function aantalOngezegeld(conn: Connection, trx?: Transaction): Promise<number> {
  const [ongezegeld] = await rijen<{ n: string }>(
    conn,
    'select count(*)::text as n from audit_gebeurtenis a where not exists (select 1 from audit_zegel z where z.audit_id = a.id)',
    [],
    trx,
  );
  return Number(ongezegeld?.n ?? 0);
}

/**
 * Walks the whole chain from the genesis and reports the first broken link. Records not yet sealed are counted,
 * not judged. For the command line and tests; the privacy officer's check runs in bounded steps in the worker.
 */
export async function verifieer(conn: Connection, batch = 5000): Promise<KetenRapport> {
  let positie = BEGINPOSITIE;
  let gecontroleerd = 0;
  for (;;) {
    const stap = await verifieerStap(conn, positie, batch);
    gecontroleerd += stap.gecontroleerd;
    positie = stap.positie;
    if (stap.breuk) return { intact: false, gecontroleerd, ongezegeld: 0, eersteBreuk: stap.breuk };
    if (stap.klaar) break;
  }
  return {
    intact: true,
    gecontroleerd,
    ongezegeld: await aantalOngezegeld(conn),
    kop:
      gecontroleerd > 0 ? { volgnummer: positie.volgnummer.toString(), hash: positie.hash.toString('hex') } : undefined,
  };
}

/**
 * Compares a verified chain (its head after an intact walk) with a signed checkpoint: the chain must contain the
 * checkpoint's volgnummer with the same hash. Undefined when it does; otherwise the break to report.
 */
export async function vergelijkMetCheckpoint(
  conn: Connection,
  kop: KetenPositie,
  checkpoint: { volgnummer: string; hash: string; tijdstip: string },
  trx?: Transaction,
): Promise<KetenBreuk | undefined> {
  const doel = BigInt(checkpoint.volgnummer);
  if (kop.volgnummer < doel) {
    return {
      volgnummer: checkpoint.volgnummer,
      auditId: '',
      reden: 'KETEN_INGEKORT',
      toelichting: `de keten eindigt bij zegel ${kop.volgnummer}, maar het checkpoint van ${checkpoint.tijdstip} noemt zegel ${checkpoint.volgnummer}`,
      vtOrganisatie: null,
    };
  }
  const [zegel] = await rijen<{ hash: Buffer; audit_id: string; vt_organisatie: string | null }>(
    conn,
    'select z.hash, z.audit_id::text as audit_id, a.vt_organisatie from audit_zegel z left join audit_gebeurtenis a on a.id = z.audit_id where z.volgnummer = ?',
    [checkpoint.volgnummer],
    trx,
  );
  if (!zegel || zegel.hash.toString('hex') !== checkpoint.hash) {
    return {
      volgnummer: checkpoint.volgnummer,
      auditId: zegel?.audit_id ?? '',
      reden: 'KETEN_HERSCHREVEN',
      toelichting: `zegel ${checkpoint.volgnummer} heeft een andere hash dan het getekende checkpoint van ${checkpoint.tijdstip}: de keten is opnieuw verzegeld`,
      vtOrganisatie: zegel?.vt_organisatie ?? null,
    };
  }
  return undefined;
}
