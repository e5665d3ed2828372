import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Connection, Transaction } from '@mikro-orm/core';
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';

import type { AuditAnkerConfig } from '../lib/config';
import type { Logger } from '../lib/logger';
import { vergelijkMetCheckpoint, type KetenBreuk, type KetenPositie } from './audit-keten';

/**
 * Anchors the audit chain outside the database: a checkpoint is the chain's head (volgnummer, hash, time, number of
 * links) signed as a JWS with a key the database never sees, written to a directory the operator keeps (one file per
 * checkpoint, never rewritten, plus `laatste.jws`) and optionally POSTed to a recipient. Whoever can rewrite the
 * database (cut off the tail with its seals, or re-seal the chain after changing a record) cannot produce a checkpoint
 * that matches, so `audit:verifieer` and the verification job detect it.
 */

/** The signed content of a checkpoint. */
export interface Checkpoint {
  /** Sequence number of the head link (a decimal string: bigint). */
  volgnummer: string;
  /** Chain hash of that link (hex). */
  hash: string;
  /** Audit record id of that link. */
  auditId: string;
  /** Number of links in the chain (1..volgnummer). */
  aantal: string;
  tijdstip: string;
  /** current_database() when written: a checkpoint of another installation is recognised as such. */
  database: string;
}

/** Media type of the JWS header `typ`: a JWS of another kind is never accepted as a checkpoint. */
const TYP = 'ketenpoort-audit-checkpoint+jws';
export const LAATSTE = 'laatste.jws';

/** A loaded signing key and the algorithm it implies. */
export interface CheckpointSleutel {
  privateKey: KeyObject;
  publicKey: KeyObject;
  alg: 'EdDSA' | 'ES256';
}

function algVan(key: KeyObject): 'EdDSA' | 'ES256' {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new Error(
    `checkpointsleutel: alleen Ed25519 (EdDSA) of P-256 (ES256), niet ${key.asymmetricKeyType ?? 'onbekend'}`,
  );
}

const sleutels = new Map<string, CheckpointSleutel>();

/**
 * Loads the signing key (cached per path). Outside production a missing key file is generated (Ed25519, mode 0600),
 * like the development issuer's key; in production a missing or unreadable key stops the caller.
 */
export function laadCheckpointSleutel(cfg: AuditAnkerConfig, log?: Logger): CheckpointSleutel {
  const bekend = sleutels.get(cfg.sleutelPad);
  if (bekend) return bekend;
  let pem: string;
  try {
    pem = readFileSync(cfg.sleutelPad, 'utf8');
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT' || !cfg.sleutelAanmaken) {
      throw new Error(
        `AUDIT_CHECKPOINT_SLEUTEL: ${cfg.sleutelPad} is niet leesbaar (${(e as { code?: string }).code ?? 'fout'})`,
      );
    }
    mkdirSync(dirname(cfg.sleutelPad), { recursive: true });
    const nieuw = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      writeFileSync(cfg.sleutelPad, nieuw, { flag: 'wx', mode: 0o600 });
      log?.info({ pad: cfg.sleutelPad }, 'checkpointsleutel voor ontwikkeling aangemaakt');
    } catch {
      // Another process created it first; use theirs so both sign with the same key.
    }
    pem = readFileSync(cfg.sleutelPad, 'utf8');
  }
  const privateKey = createPrivateKey(pem);
  const sleutel = { privateKey, publicKey: createPublicKey(privateKey), alg: algVan(privateKey) };
  sleutels.set(cfg.sleutelPad, sleutel);
  return sleutel;
}

/**
 * The key `audit:verifieer` checks signatures with: the configured public key, else the one derived from the private
 * key file (never generated here: without a key there can be no valid checkpoint).
 */
export function laadPubliekeSleutel(cfg: AuditAnkerConfig): KeyObject {
  if (cfg.publiekeSleutelPad) return createPublicKey(readFileSync(cfg.publiekeSleutelPad, 'utf8'));
  return createPublicKey(createPrivateKey(readFileSync(cfg.sleutelPad, 'utf8')));
}

/** Signs a checkpoint as a compact JWS. */
export async function tekenCheckpoint(sleutel: CheckpointSleutel, cp: Checkpoint): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(cp)))
    .setProtectedHeader({ alg: sleutel.alg, typ: TYP })
    .sign(sleutel.privateKey);
}

/** Thrown when a checkpoint's signature or form is not acceptable. */
export class CheckpointOngeldig extends Error {
  override readonly name = 'CheckpointOngeldig';
}

/** Verifies a checkpoint JWS with the public key and returns its content; CheckpointOngeldig otherwise. */
export async function controleerCheckpoint(jws: string, publiek: KeyObject): Promise<Checkpoint> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw new CheckpointOngeldig('het checkpoint is geen JWS');
  }
  if (header.typ !== TYP) {
    throw new CheckpointOngeldig(`het checkpoint heeft typ ${String(header.typ)}, verwacht ${TYP}`);
  }
  const alg = algVan(publiek);
  try {
    const { payload } = await compactVerify(jws, publiek, { algorithms: [alg] });
    const cp = JSON.parse(new TextDecoder().decode(payload)) as Checkpoint;
    if (!/^\d+$/.test(cp.volgnummer) || !/^[0-9a-f]{64}$/.test(cp.hash) || Number.isNaN(Date.parse(cp.tijdstip))) {
      throw new CheckpointOngeldig('het checkpoint mist volgnummer, hash of tijdstip');
    }
    return cp;
  } catch (e) {
    if (e instanceof CheckpointOngeldig) throw e;
    throw new CheckpointOngeldig(
      `de handtekening van het checkpoint klopt niet met de publieke sleutel (${(e as Error).name})`,
    );
  }
}

/** Reads `laatste.jws` from the directory; undefined when there is none yet. */
export function leesLaatsteCheckpoint(map: string): string | undefined {
  try {
    return readFileSync(join(map, LAATSTE), 'utf8').trim();
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** File name of a checkpoint: sorted by volgnummer. */
export function checkpointBestand(volgnummer: string): string {
  return `checkpoint-${volgnummer.padStart(16, '0')}.jws`;
}

/**
 * Writes a checkpoint: its own file (created, never overwritten: `wx`) and then `laatste.jws` replaced atomically
 * (write to a temporary name, rename). Returns false when this volgnummer already had a checkpoint.
 */
export function bewaarCheckpoint(map: string, cp: Checkpoint, jws: string): boolean {
  mkdirSync(map, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(join(map, checkpointBestand(cp.volgnummer)), `${jws}\n`, { flag: 'wx', mode: 0o640 });
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST') return false;
    throw e;
  }
  const tijdelijk = join(map, `.${LAATSTE}.${process.pid}`);
  writeFileSync(tijdelijk, `${jws}\n`, { mode: 0o640 });
  renameSync(tijdelijk, join(map, LAATSTE));
  return true;
}

type Rij = Record<string, unknown>;

/** The chain head as sealed (committed seals only), or undefined for an empty chain. */
export async function ketenKop(
  conn: Connection,
  trx?: Transaction,
): Promise<{ volgnummer: string; hash: string; auditId: string; database: string } | undefined> {
  const [kop] = (await conn.execute(
    `select z.volgnummer::text as volgnummer, encode(z.hash, 'hex') as hash, z.audit_id::text as audit_id, current_database() as database
       from audit_zegel z order by z.volgnummer desc limit 1`,
    [],
    'all',
    trx,
  )) as Rij[];
  return kop
    ? {
        volgnummer: String(kop.volgnummer),
        hash: String(kop.hash),
        auditId: String(kop.audit_id),
        database: String(kop.database),
      }
    : undefined;
}

/** Whether the chain still holds the checkpoint's link: the same hash at its volgnummer. */
async function bevatCheckpoint(conn: Connection, trx: Transaction, cp: Checkpoint): Promise<boolean> {
  const [zegel] = (await conn.execute(
    `select encode(hash, 'hex') as hash from audit_zegel where volgnummer = ?`,
    [cp.volgnummer],
    'all',
    trx,
  )) as Rij[];
  return zegel?.hash === cp.hash;
}

/** What one checkpoint run did. */
export interface CheckpointResultaat {
  geschreven?: Checkpoint;
  /** Volgnummer of the latest checkpoint the chain no longer matches (nothing was written). */
  geweigerd?: string;
  verzonden?: string;
  verzendFout?: string;
}

/** Per process and recipient: the last checkpoint it acknowledged, and when to try again after a failure. */
const ontvangers = new Map<string, { verzonden: string; volgendePoging: number }>();

/**
 * After sealing: writes a checkpoint of the head when the chain grew since the latest one and the interval has
 * passed (or there is none), then makes sure the recipient has the latest (a failure is logged and retried on a
 * later run, at most once per interval). Runs in the worker only.
 */
export async function maakCheckpoint(
  conn: Connection,
  cfg: AuditAnkerConfig,
  nu: Date,
  log: Logger,
): Promise<CheckpointResultaat> {
  // One writer at a time (several workers may share the directory): `laatste.jws` only ever moves forward.
  return conn.transactional(async (trx) => {
    const [lock] = (await conn.execute(
      'select pg_try_advisory_xact_lock(?) as ok',
      [CHECKPOINT_LOCK],
      'all',
      trx,
    )) as Rij[];
    if (!lock?.ok) return {};
    return checkpointOnderSlot(conn, trx, cfg, nu, log);
  });
}

/** Advisory lock key of the checkpoint writer. */
const CHECKPOINT_LOCK = 75130002;

async function checkpointOnderSlot(
  conn: Connection,
  trx: Transaction,
  cfg: AuditAnkerConfig,
  nu: Date,
  log: Logger,
): Promise<CheckpointResultaat> {
  const sleutel = laadCheckpointSleutel(cfg, log);
  const resultaat: CheckpointResultaat = {};
  const kop = await ketenKop(conn, trx);
  let laatste = leesLaatsteCheckpoint(cfg.map);
  let vorige: Checkpoint | undefined;
  if (laatste) {
    try {
      vorige = await controleerCheckpoint(laatste, sleutel.publicKey);
    } catch (e) {
      // Not ours (another key, or changed): say so loudly and write a fresh one; the old file stays for inspection.
      log.error({ map: cfg.map, fout: (e as Error).message }, 'laatste audit-checkpoint is ongeldig');
    }
  }
  if (vorige && kop && !(await bevatCheckpoint(conn, trx, vorige))) {
    // A new checkpoint must extend the previous one. Otherwise a chain cut off and grown again (or re-sealed) would
    // be signed as if all were well, and the latest checkpoint would no longer expose it.
    resultaat.geweigerd = vorige.volgnummer;
    log.error(
      { volgnummer: vorige.volgnummer, map: cfg.map },
      'auditketen past niet meer bij het laatste checkpoint: geen nieuw checkpoint; draai npm run audit:verifieer',
    );
    return resultaat;
  }
  const gegroeid = kop && (!vorige || BigInt(kop.volgnummer) > BigInt(vorige.volgnummer));
  const tijd = !vorige || nu.getTime() - Date.parse(vorige.tijdstip) >= cfg.intervalMs;
  if (kop && gegroeid && tijd) {
    const cp: Checkpoint = {
      volgnummer: kop.volgnummer,
      hash: kop.hash,
      auditId: kop.auditId,
      aantal: kop.volgnummer,
      tijdstip: nu.toISOString(),
      database: kop.database,
    };
    const jws = await tekenCheckpoint(sleutel, cp);
    if (bewaarCheckpoint(cfg.map, cp, jws)) {
      resultaat.geschreven = cp;
      laatste = jws;
      vorige = cp;
      log.info({ volgnummer: cp.volgnummer, hash: cp.hash }, 'audit-checkpoint geschreven');
    }
  }
  const ontvanger = cfg.url
    ? (ontvangers.get(`${cfg.url} ${cfg.map}`) ?? { verzonden: '', volgendePoging: 0 })
    : undefined;
  if (cfg.url && ontvanger) ontvangers.set(`${cfg.url} ${cfg.map}`, ontvanger);
  if (
    cfg.url &&
    ontvanger &&
    laatste &&
    vorige &&
    ontvanger.verzonden !== laatste &&
    nu.getTime() >= ontvanger.volgendePoging
  ) {
    try {
      const res = await fetch(cfg.url, {
        method: 'POST',
        headers: { 'content-type': 'application/jose' },
        body: laatste,
        redirect: 'error',
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      ontvanger.verzonden = laatste;
      resultaat.verzonden = vorige.volgnummer;
    } catch (e) {
      ontvanger.volgendePoging = nu.getTime() + Math.max(cfg.intervalMs, 5000);
      resultaat.verzendFout = (e as Error).message;
      log.warn(
        { volgnummer: vorige.volgnummer, fout: (e as Error).message },
        'audit-checkpoint niet afgeleverd bij de ontvanger; later opnieuw',
      );
    }
  }
  return resultaat;
}

/** How the chain relates to the latest checkpoint. */
export type CheckpointStatus =
  'OVEREENKOMST' | 'ONTBREEKT' | 'ONGELDIG' | 'ANDERE_DATABASE' | 'KETEN_INGEKORT' | 'KETEN_HERSCHREVEN';

/** The judgement of a verified chain against a checkpoint. */
export interface CheckpointOordeel {
  status: CheckpointStatus;
  checkpoint?: Checkpoint;
  /** Set for KETEN_INGEKORT and KETEN_HERSCHREVEN. */
  breuk?: KetenBreuk;
  melding: string;
}

/**
 * Judges an intact chain (its verified head) against a checkpoint JWS: the signature must verify with the public
 * key, the checkpoint must be of this database, and the chain must contain its volgnummer with the same hash.
 */
export async function toetsAanCheckpoint(
  conn: Connection,
  kop: KetenPositie,
  jws: string | undefined,
  publiek: KeyObject | undefined,
  trx?: Transaction,
): Promise<CheckpointOordeel> {
  if (!jws) return { status: 'ONTBREEKT', melding: 'er is nog geen checkpoint' };
  if (!publiek) return { status: 'ONGELDIG', melding: 'geen publieke sleutel om het checkpoint mee te controleren' };
  let cp: Checkpoint;
  try {
    cp = await controleerCheckpoint(jws, publiek);
  } catch (e) {
    return { status: 'ONGELDIG', melding: (e as Error).message };
  }
  const [db] = (await conn.execute('select current_database() as naam', [], 'all', trx)) as Rij[];
  if (cp.database !== db?.naam) {
    return {
      status: 'ANDERE_DATABASE',
      checkpoint: cp,
      melding: `het checkpoint is van database ${cp.database}, niet van ${String(db?.naam)}`,
    };
  }
  const breuk = await vergelijkMetCheckpoint(conn, kop, cp, trx);
  if (breuk) {
    return {
      status: breuk.reden as 'KETEN_INGEKORT' | 'KETEN_HERSCHREVEN',
      checkpoint: cp,
      breuk,
      melding: breuk.toelichting,
    };
  }
  return {
    status: 'OVEREENKOMST',
    checkpoint: cp,
    melding: `de keten bevat zegel ${cp.volgnummer} van het checkpoint van ${cp.tijdstip} met dezelfde hash`,
  };
}
