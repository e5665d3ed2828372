/**
 * Applies pending migrations (`npm run db:migrate`): the deploy step before new API instances start. Runs under the
 * owner role (DATABASE_OWNER_URL; outside production DATABASE_URL will do), never under the API's login role.
 */
import 'reflect-metadata';

import { migreerDatabase } from '../src/bootstrap';
import { loadConfig } from '../src/lib/config';
import { createLogger } from '../src/lib/logger';

async function main(): Promise<void> {
  const config = loadConfig();
  await migreerDatabase(config, createLogger(config.logLevel, 'ketenpoort-migratie'));
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
