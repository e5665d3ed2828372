import type { Module } from '../lib/module';
import { historieBeleid } from './historie.beleid';
import { HistorieImportEntity } from './historie.entity';
import { HistorieResolver } from './historie.resolver';

/** History and imports: a region's years of files loaded as casussen, each step on the date it happened. */
export const historieModule: Module = {
  naam: 'historie',
  entities: [HistorieImportEntity],
  resolvers: [HistorieResolver],
  beleid: historieBeleid,
};
