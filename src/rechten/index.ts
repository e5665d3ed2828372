import type { Module } from '../lib/module';
import { rechtenBeleid } from './rechten.beleid';
import { GegevenscorrectieEntity, RechtenverzoekEntity, VerwerkingsbeperkingEntity } from './rechten.entity';
import { RechtenResolver } from './rechten.resolver';

/**
 * Rechten van betrokkenen (DOMAIN.md §4.3): requests as a process with their answer termijn, the afschrift (JSON and a
 * readable HTML document), aanvullen and verbeteren with history, beperking and bezwaar that restrict the casus.
 * Destruction (a granted verwijdering) goes through the retention path of src/bewaring.
 */
export const rechtenModule: Module = {
  naam: 'rechten',
  entities: [RechtenverzoekEntity, GegevenscorrectieEntity, VerwerkingsbeperkingEntity],
  resolvers: [RechtenResolver],
  beleid: rechtenBeleid,
};
