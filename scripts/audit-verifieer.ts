/**
 * Verifies the audit trail's hash chain (`npm run audit:verifieer`): seals pending records, walks the
 * chain and reports the first broken link. Exit 0 when intact, 3 when broken.
 */
import 'reflect-metadata';

import { verifieer, verzegel } from '../src/audit/audit-keten';
import { openDatabase } from '../src/lib/bootstrap';
import { loadConfig } from '../src/lib/config';
import { createLogger } from '../src/lib/logger';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'ketenpoort-audit');
  const { orm, locatie } = await openDatabase(config, log, { migrate: false });
  try {
    const conn = orm.em.getConnection();
    if (!process.argv.includes('--zonder-verzegelen')) await verzegel(conn, 1_000_000);
    const rapport = await verifieer(conn);
    process.stdout.write(`${JSON.stringify(rapport, null, 2)}\n`);
    process.exitCode = rapport.intact ? 0 : 3;
  } finally {
    await orm.close();
    await locatie.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
