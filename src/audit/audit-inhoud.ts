import { createHash } from 'node:crypto';

/** NEN 7513 action: create, read, update, delete, execute. */
export type AuditActie = 'C' | 'R' | 'U' | 'D' | 'E';

/** One audit record as stored (without its database id). */
export interface AuditRegel {
  tijdstip: Date;
  gebeurtenis: string;
  actie: AuditActie;
  gebruiker: string;
  gebruikerNaam: string | null;
  actorSoort: string;
  rol: string;
  organisatie: string;
  namens: string | null;
  toegangspunt: string;
  verzoekId: string;
  grondslag: string;
  noodprocedure: boolean;
  /** The VT organisation that owns the object read or changed (scopes the privacy officer's view). */
  vtOrganisatie: string | null;
  objectType: string;
  objectId: string | null;
  persoonIds: string[];
  velden: string[];
}

/**
 * The canonical form of a record: a JSON array in fixed column order. The hash over it is computed at
 * insert (inhoud_hash) and again at verification; they must be byte-identical, so this function is the
 * only place the form is defined.
 */
export function canoniek(r: AuditRegel): string {
  return JSON.stringify([
    r.tijdstip.toISOString(),
    r.gebeurtenis,
    r.actie,
    r.gebruiker,
    r.gebruikerNaam,
    r.actorSoort,
    r.rol,
    r.organisatie,
    r.namens,
    r.toegangspunt,
    r.verzoekId,
    r.grondslag,
    r.noodprocedure,
    r.vtOrganisatie,
    r.objectType,
    r.objectId,
    r.persoonIds.map((p) => p.toLowerCase()),
    r.velden,
  ]);
}

export function inhoudHash(r: AuditRegel): Buffer {
  return createHash('sha256').update(canoniek(r)).digest();
}

/** Link i of the chain: H(previous link ‖ audit id ‖ content hash). */
export function ketenHash(vorige: Buffer, auditId: bigint, inhoud: Buffer): Buffer {
  const id = Buffer.alloc(8);
  id.writeBigInt64BE(auditId);
  return createHash('sha256').update(vorige).update(id).update(inhoud).digest();
}

/** The anchor before the first link. */
export const GENESIS = Buffer.alloc(32, 0);

const KOLOMMEN =
  'tijdstip, gebeurtenis, actie, gebruiker, gebruiker_naam, actor_soort, rol, organisatie, namens, toegangspunt, verzoek_id, grondslag, noodprocedure, vt_organisatie, object_type, object_id, persoon_ids, velden, inhoud_hash';

/**
 * Each record travels as its canonical form (the JSON array the hash is computed over) with the hash appended;
 * PostgreSQL takes the columns from it. The values are the canonical ones by construction: what is stored is what
 * was hashed. Parsed as jsonb, once: `->>` on `json` parses the record's text again for every column it takes, which
 * made this statement cost about twice the database CPU (1,9 against 0,9 ms for 20 records; issue 14, bench/README.md).
 */
const INSERT = `insert into audit_gebeurtenis (${KOLOMMEN})
select (r->>0)::timestamptz, r->>1, r->>2, r->>3, r->>4, r->>5, r->>6, r->>7, r->>8, r->>9, r->>10, r->>11,
       (r->>12)::boolean, r->>13, r->>14, r->>15,
       array(select jsonb_array_elements_text(r->16))::uuid[], array(select jsonb_array_elements_text(r->17)),
       decode(r->>18, 'hex')
  from jsonb_array_elements(?::jsonb) with ordinality as t(r, n) order by n`;

/**
 * One INSERT with one parameter for a batch of records: the whole audit cost of a request is one statement, and
 * building it costs one canonical form and one hash per record (no per-value parameters to bind and encode).
 */
export function insertStatement(regels: readonly AuditRegel[]): { sql: string; params: unknown[] } {
  const rijen = regels.map((r) => {
    const c = canoniek(r);
    const hash = createHash('sha256').update(c).digest('hex');
    return `${c.slice(0, -1)},"${hash}"]`;
  });
  return { sql: INSERT, params: [`[${rijen.join(',')}]`] };
}

/** Maps a database row back to the record form (for verification and queries). */
export function regelUitRij(row: Record<string, unknown>): AuditRegel {
  return {
    tijdstip: row.tijdstip instanceof Date ? row.tijdstip : new Date(String(row.tijdstip)),
    gebeurtenis: String(row.gebeurtenis),
    actie: String(row.actie) as AuditActie,
    gebruiker: String(row.gebruiker),
    gebruikerNaam: (row.gebruiker_naam as string | null) ?? null,
    actorSoort: String(row.actor_soort),
    rol: String(row.rol),
    organisatie: String(row.organisatie),
    namens: (row.namens as string | null) ?? null,
    toegangspunt: String(row.toegangspunt),
    verzoekId: String(row.verzoek_id),
    grondslag: String(row.grondslag),
    noodprocedure: Boolean(row.noodprocedure),
    vtOrganisatie: (row.vt_organisatie as string | null) ?? null,
    objectType: String(row.object_type),
    objectId: (row.object_id as string | null) ?? null,
    persoonIds: pgArray(row.persoon_ids),
    velden: pgArray(row.velden),
  };
}

function pgArray(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') {
    const inner = v.replace(/^\{|\}$/g, '');
    return inner === '' ? [] : inner.split(',').map((s) => s.replace(/^"|"$/g, ''));
  }
  return [];
}
