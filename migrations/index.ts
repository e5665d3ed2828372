import { Migration20261122000001_fundament } from './Migration20261122000001_fundament';

/** Every migration, in order. Listed explicitly so the compiled server and the tests run the same set. */
export const migrations = [{ name: 'Migration20261122000001_fundament', class: Migration20261122000001_fundament }];
