/** Applies pending migrations (`npm run db:migrate`): the deploy step before new API instances start. */
import 'reflect-metadata';

import { openDatabase } from '../src/lib/bootstrap';
import { loadConfig } from '../src/lib/config';
import { createLogger } from '../src/lib/logger';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, 'ketenpoort-migratie');
  const { orm, locatie } = await openDatabase(config, log, { migrate: true });
  await orm.close();
  await locatie.stop();
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
