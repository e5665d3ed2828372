import { Migration20261122000001_fundament } from './Migration20261122000001_fundament';
import { Migration20261122000002_rijbeveiliging } from './Migration20261122000002_rijbeveiliging';

/** Every migration, in order. Listed explicitly so the compiled server and the tests run the same set. */
export const migrations = [
  { name: 'Migration20261122000001_fundament', class: Migration20261122000001_fundament },
  { name: 'Migration20261122000002_rijbeveiliging', class: Migration20261122000002_rijbeveiliging },
];
