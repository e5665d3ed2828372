/**
 * Verifies the audit trail's hash chain (`npm run audit:verifieer`): seals pending records, walks the chain, reports
 * the first broken link, and checks the chain against the latest signed checkpoint (kept outside the database), so a
 * tail cut off together with its seals, or a chain re-sealed after a change, is found too.
 *
 * Options: --zonder-verzegelen (verify only), --checkpoint <file> (another checkpoint than `laatste.jws` in
 * AUDIT_CHECKPOINT_MAP), --zonder-checkpoint (the chain only).
 * Exit: 0 intact and matching the checkpoint; 3 a broken link; 4 the chain does not match the checkpoint (cut off or
 * re-sealed); 5 no usable checkpoint (missing while the chain has links, bad signature, other database); 1 error.
 */
import 'reflect-metadata';

import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';

import {
  laadPubliekeSleutel,
  leesLaatsteCheckpoint,
  toetsAanCheckpoint,
  type CheckpointOordeel,
} from '../src/audit/audit-anker';
import { verifieer, verzegel } from '../src/audit/audit-keten';
import { openDatabase } from '../src/bootstrap';
import { loadConfig } from '../src/lib/config';
import { createLogger } from '../src/lib/logger';

function optie(naam: string): string | undefined {
  const i = process.argv.indexOf(naam);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'ketenpoort-audit');
  const { orm, locatie } = await openDatabase(config, log, {
    migrate: false,
    loginRolControle: false,
    wachtrij: false,
  });
  try {
    const conn = orm.em.getConnection();
    if (!process.argv.includes('--zonder-verzegelen')) await verzegel(conn, 1_000_000);
    const rapport = await verifieer(conn);
    let checkpoint: (CheckpointOordeel & { bestand?: string }) | undefined;
    if (rapport.intact && !process.argv.includes('--zonder-checkpoint')) {
      const bestand = optie('--checkpoint');
      const jws = bestand ? readFileSync(bestand, 'utf8').trim() : leesLaatsteCheckpoint(config.auditAnker.map);
      let publiek: KeyObject | undefined;
      try {
        publiek = laadPubliekeSleutel(config.auditAnker);
      } catch {
        publiek = undefined;
      }
      const kop = {
        volgnummer: BigInt(rapport.kop?.volgnummer ?? '0'),
        hash: Buffer.from(rapport.kop?.hash ?? '', 'hex'),
      };
      checkpoint = {
        ...(await toetsAanCheckpoint(conn, kop, jws, publiek)),
        bestand: bestand ?? `${config.auditAnker.map}/laatste.jws`,
      };
    }
    const uit = {
      ...rapport,
      ...(checkpoint?.breuk ? { intact: false, eersteBreuk: checkpoint.breuk } : {}),
      checkpoint,
    };
    process.stdout.write(`${JSON.stringify(uit, null, 2)}\n`);
    process.exitCode = exitCode(rapport.intact, rapport.gecontroleerd, checkpoint);
  } finally {
    await orm.close();
    await locatie.stop();
  }
}

function exitCode(intact: boolean, schakels: number, checkpoint: CheckpointOordeel | undefined): number {
  if (!intact) return 3;
  if (!checkpoint) return 0;
  switch (checkpoint.status) {
    case 'OVEREENKOMST':
      return 0;
    case 'KETEN_INGEKORT':
    case 'KETEN_HERSCHREVEN':
      return 4;
    case 'ONTBREEKT':
      // An empty chain has nothing to anchor yet.
      return schakels === 0 ? 0 : 5;
    default:
      return 5;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
