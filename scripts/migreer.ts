/**
 * Applies pending migrations (`npm run db:migrate`): the deploy step before new API instances start. Runs under the
 * owner role (DATABASE_OWNER_URL; outside production DATABASE_URL will do), never under the API's login role.
 */
import 'reflect-metadata';

import { openDatabase } from '../src/lib/bootstrap';
import { loadConfig } from '../src/lib/config';
import { createLogger } from '../src/lib/logger';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, 'ketenpoort-migratie');
  const { orm, locatie } = await openDatabase(config, log, { migrate: true, alleenMigreren: true, loginRolControle: false });
  await orm.close();
  await locatie.stop();
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
