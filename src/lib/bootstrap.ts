import type { MikroORM } from '@mikro-orm/postgresql';

import { migrations } from '../../migrations';
import { entities } from '../modules';
import { synchroniseerVtRegios } from '../organisaties/vt-regios';
import type { Config } from './config';
import { initOrm, ormOptions, provideDatabase, type DatabaseLocation } from './database';
import type { Logger } from './logger';

/** Opens the database (embedded when unconfigured), applies pending migrations and syncs the VT regions. */
export async function openDatabase(
  config: Config,
  log: Logger,
  opts: { migrate?: boolean; poolMax?: number } = {},
): Promise<{ orm: MikroORM; locatie: DatabaseLocation }> {
  const locatie = await provideDatabase(config, log);
  const orm = await initOrm(ormOptions(locatie.appUrl, entities as never, migrations, opts.poolMax ? { pool: { min: 0, max: opts.poolMax } } : {}));
  if (opts.migrate ?? true) {
    const toegepast = await orm.getMigrator().up();
    if (toegepast.length) log.info({ migraties: toegepast.map((m) => m.name) }, 'migraties toegepast');
    await synchroniseerVtRegios(orm.em.fork());
  }
  return { orm, locatie };
}
