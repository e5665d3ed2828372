import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Connection, Transaction } from '@mikro-orm/core';

import type { AuditAnkerConfig } from '../lib/config';
import type { Logger } from '../lib/logger';
import { laadPubliekeSleutel, leesLaatsteCheckpoint, toetsAanCheckpoint } from './audit-anker';
import { aantalOngezegeld, BEGINPOSITIE, verifieerStap, type KetenBreuk } from './audit-keten';

/**
 * Verification runs: a privacy officer asks for a check of the hash chain (a row in audit_verificatie) and reads its
 * latest result; the worker walks the chain in bounded steps, keeping the position in the row, so a chain of any
 * length is verified without one long request, and a restart resumes where it stopped.
 */

/** A verification run as stored. */
export interface VerificatieRij {
  id: string;
  vt_organisatie: string;
  aangevraagd_door: string;
  aangevraagd_op: Date;
  status: 'WACHTEND' | 'BEZIG' | 'KLAAR';
  gecontroleerd: string;
  gestart_op: Date | null;
  voltooid_op: Date | null;
  intact: boolean | null;
  ongezegeld: string | null;
  kop_hash: Buffer | null;
  breuk_volgnummer: string | null;
  breuk_reden: string | null;
  breuk_audit_id: string | null;
  breuk_vt_organisatie: string | null;
  checkpoint_status: string | null;
  checkpoint_volgnummer: string | null;
  checkpoint_tijdstip: Date | null;
}

const KOLOMMEN = `id, vt_organisatie, aangevraagd_door, aangevraagd_op, status, gecontroleerd::text as gecontroleerd, gestart_op, voltooid_op,
  intact, ongezegeld::text as ongezegeld, kop_hash, breuk_volgnummer::text as breuk_volgnummer, breuk_reden,
  breuk_audit_id::text as breuk_audit_id, breuk_vt_organisatie, checkpoint_status,
  checkpoint_volgnummer::text as checkpoint_volgnummer, checkpoint_tijdstip`;

async function rijen<T>(conn: Connection, sql: string, params: unknown[], trx?: Transaction): Promise<T[]> {
  return (await conn.execute(sql, params, 'all', trx)) as T[];
}

/**
 * Records a request to verify the chain for `regio`, or returns the run of that region still open (one at a time per
 * region: asking again while it runs starts nothing new).
 */
export async function vraagVerificatieAan(
  conn: Connection,
  trx: Transaction,
  regio: string,
  door: string,
  nu: Date,
): Promise<{ rij: VerificatieRij; nieuw: boolean }> {
  // Serialise requests of one region, so two at once cannot both start a run.
  await conn.execute('select pg_advisory_xact_lock(75130003, hashtext(?))', [regio], 'run', trx);
  const [open] = await rijen<VerificatieRij>(
    conn,
    `select ${KOLOMMEN} from audit_verificatie where vt_organisatie = ? and status <> 'KLAAR' order by volgorde desc limit 1`,
    [regio],
    trx,
  );
  if (open) return { rij: open, nieuw: false };
  const [rij] = await rijen<VerificatieRij>(
    conn,
    `insert into audit_verificatie (id, vt_organisatie, aangevraagd_door, aangevraagd_op, status, positie_volgnummer, positie_hash)
     values (?, ?, ?, ?, 'WACHTEND', 0, ?) returning ${KOLOMMEN}`,
    [randomUUID(), regio, door, nu, BEGINPOSITIE.hash],
    trx,
  );
  if (!rij) throw new Error('audit_verificatie: insert gaf geen rij terug');
  return { rij, nieuw: true };
}

/** The latest run of a region (open or finished), if any. */
export async function laatsteVerificatie(conn: Connection, regio: string): Promise<VerificatieRij | undefined> {
  const [rij] = await rijen<VerificatieRij>(
    conn,
    `select ${KOLOMMEN} from audit_verificatie where vt_organisatie = ? order by volgorde desc limit 1`,
    [regio],
  );
  return rij;
}

/** Bounds of the worker's share of verification work per job run. */
export interface VerificatieBudget {
  /** Links verified per step (one transaction). */
  schakelsPerStap: number;
  /** Wall time after which no new step starts (one step always runs). */
  ms: number;
}

export const STANDAARD_BUDGET: VerificatieBudget = { schakelsPerStap: 20_000, ms: 2_000 };

/**
 * Advances open verification runs, oldest first, one bounded step (transaction) at a time until the budget is spent.
 * A run that reaches the end of the chain is judged against the latest checkpoint in the worker's checkpoint
 * directory. Returns the number of steps and of runs finished.
 */
export async function werkVerificatiesBij(
  conn: Connection,
  anker: AuditAnkerConfig,
  nu: Date,
  log: Logger,
  budget: VerificatieBudget = STANDAARD_BUDGET,
): Promise<{ stappen: number; voltooid: number }> {
  const einde = performance.now() + budget.ms;
  let stappen = 0;
  let voltooid = 0;
  // At least one step per run, more while the budget lasts.
  do {
    const uitkomst = await conn.transactional((trx) => stap(conn, trx, anker, nu, log, budget.schakelsPerStap));
    if (uitkomst === 'geen') break;
    stappen += 1;
    if (uitkomst === 'klaar') voltooid += 1;
  } while (performance.now() < einde);
  return { stappen, voltooid };
}

async function stap(
  conn: Connection,
  trx: Transaction,
  anker: AuditAnkerConfig,
  nu: Date,
  log: Logger,
  max: number,
): Promise<'geen' | 'bezig' | 'klaar'> {
  const [run] = await rijen<{ id: string; positie_volgnummer: string; positie_hash: Buffer; gecontroleerd: string }>(
    conn,
    `select id, positie_volgnummer::text as positie_volgnummer, positie_hash, gecontroleerd::text as gecontroleerd
       from audit_verificatie where status <> 'KLAAR' order by volgorde limit 1 for update skip locked`,
    [],
    trx,
  );
  if (!run) return 'geen';
  const r = await verifieerStap(conn, { volgnummer: BigInt(run.positie_volgnummer), hash: run.positie_hash }, max, trx);
  const gecontroleerd = (BigInt(run.gecontroleerd) + BigInt(r.gecontroleerd)).toString();
  if (!r.klaar) {
    await conn.execute(
      `update audit_verificatie set status = 'BEZIG', gestart_op = coalesce(gestart_op, ?), positie_volgnummer = ?, positie_hash = ?, gecontroleerd = ? where id = ?`,
      [nu, r.positie.volgnummer.toString(), r.positie.hash, gecontroleerd, run.id],
      'run',
      trx,
    );
    return 'bezig';
  }
  let breuk: KetenBreuk | undefined = r.breuk;
  let checkpoint: Awaited<ReturnType<typeof toetsAanCheckpoint>> | undefined;
  if (!breuk) {
    let publiek;
    try {
      publiek = laadPubliekeSleutel(anker);
    } catch {
      publiek = undefined;
    }
    checkpoint = await toetsAanCheckpoint(conn, r.positie, leesLaatsteCheckpoint(anker.map), publiek, trx);
    breuk = checkpoint.breuk;
  }
  const intact = !breuk && checkpoint?.status !== 'ONGELDIG' && checkpoint?.status !== 'ANDERE_DATABASE';
  await conn.execute(
    `update audit_verificatie set status = 'KLAAR', gestart_op = coalesce(gestart_op, ?), voltooid_op = ?, positie_volgnummer = ?, positie_hash = ?,
            gecontroleerd = ?, intact = ?, ongezegeld = ?, kop_hash = ?, breuk_volgnummer = ?, breuk_reden = ?, breuk_audit_id = ?,
            breuk_vt_organisatie = ?, checkpoint_status = ?, checkpoint_volgnummer = ?, checkpoint_tijdstip = ?
      where id = ?`,
    [
      nu,
      nu,
      r.positie.volgnummer.toString(),
      r.positie.hash,
      gecontroleerd,
      intact,
      breuk ? null : await aantalOngezegeld(conn, trx),
      r.positie.volgnummer > 0n ? r.positie.hash : null,
      breuk?.volgnummer ?? null,
      breuk?.reden ?? null,
      breuk?.auditId ? breuk.auditId : null,
      breuk?.vtOrganisatie ?? null,
      checkpoint?.status ?? null,
      checkpoint?.checkpoint?.volgnummer ?? null,
      checkpoint?.checkpoint?.tijdstip ?? null,
      run.id,
    ],
    'run',
    trx,
  );
  log.info(
    { verificatie: run.id, intact, gecontroleerd, breuk: breuk?.reden, checkpoint: checkpoint?.status },
    'auditketen gecontroleerd',
  );
  return 'klaar';
}
