import type { Connection, Transaction } from '@mikro-orm/core';

import { GENESIS, inhoudHash, ketenHash, regelUitRij } from './audit-inhoud';

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
    const [kop] = await rijen<{ volgnummer: string; hash: Buffer; audit_id: string }>(conn, 
      // Order by the bigint column itself: `order by volgnummer` would sort the ::text alias ('9' > '22').
      'select z.volgnummer::text as volgnummer, z.hash, z.audit_id::text as audit_id from audit_zegel z order by z.volgnummer desc limit 1',
      [],
      trx,
    );
    const vanaf = kop ? BigInt(kop.audit_id) - BigInt(INHAALVENSTER) : 0n;
    const gevonden = await rijen(conn, 
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
  | 'AUDITREGEL_GEWIJZIGD';

export interface KetenBreuk {
  volgnummer: string;
  auditId: string;
  reden: BreukReden;
  toelichting: string;
}

export interface KetenRapport {
  intact: boolean;
  gecontroleerd: number;
  ongezegeld: number;
  kop?: { volgnummer: string; hash: string };
  eersteBreuk?: KetenBreuk;
}

/**
 * Walks the whole chain from the genesis and reports the first broken link: a missing or altered
 * seal, a deleted record, or a record whose columns no longer match the hash it was sealed with.
 * Records not yet sealed are counted, not judged.
 */
export async function verifieer(conn: Connection, batch = 5000): Promise<KetenRapport> {
  let verwacht = 1n;
  let vorige: Buffer = GENESIS;
  let gecontroleerd = 0;
  for (;;) {
    const gevonden = await rijen(conn, 
      `select z.volgnummer::text as z_volgnummer, z.audit_id::text as z_audit_id, z.vorige_hash as z_vorige, z.hash as z_hash,
              a.*, a.id::text as id_tekst
         from audit_zegel z left join audit_gebeurtenis a on a.id = z.audit_id
        where z.volgnummer >= ? order by z.volgnummer limit ?`,
      [verwacht.toString(), batch],
    );
    if (gevonden.length === 0) break;
    for (const r of gevonden) {
      const volgnummer = BigInt(r.z_volgnummer as string);
      const auditId = r.z_audit_id as string;
      const breuk = (reden: BreukReden, toelichting: string): KetenRapport => ({
        intact: false,
        gecontroleerd,
        ongezegeld: 0,
        eersteBreuk: { volgnummer: volgnummer.toString(), auditId, reden, toelichting },
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
      const herberekend = inhoudHash(regelUitRij(r));
      if (!herberekend.equals(r.inhoud_hash as Buffer)) {
        return breuk('AUDITREGEL_GEWIJZIGD', `de inhoud van auditregel ${auditId} is na registratie gewijzigd`);
      }
      if (!ketenHash(vorige, BigInt(auditId), herberekend).equals(r.z_hash as Buffer)) {
        return breuk('ZEGEL_GEWIJZIGD', `de hash van zegel ${volgnummer} klopt niet`);
      }
      vorige = r.z_hash as Buffer;
      verwacht += 1n;
      gecontroleerd += 1;
    }
  }
  const [ongezegeld] = await rijen<{ n: string }>(conn, 
    'select count(*)::text as n from audit_gebeurtenis a where not exists (select 1 from audit_zegel z where z.audit_id = a.id)',
  );
  return {
    intact: true,
    gecontroleerd,
    ongezegeld: Number(ongezegeld?.n ?? 0),
    kop: gecontroleerd > 0 ? { volgnummer: (verwacht - 1n).toString(), hash: vorige.toString('hex') } : undefined,
  };
}
