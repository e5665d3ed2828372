import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { historieService } from './historie.service';
import { HistorieImportInvoer, HistorieImportResultaat, MAX_DOSSIERS } from './historie.types';

/** The history import of a region: a batch of dossiers, each loaded whole or not at all. */
@Resolver()
export class HistorieResolver {
  @Mutation(() => HistorieImportResultaat, {
    description: `Laadt dossiers uit een eerder systeem (1 tot ${MAX_DOSSIERS} per aanroep): elk dossier wordt één casus, met elke stap op de datum waarop hij plaatsvond. Per dossier alles of niets; opnieuw importeren verandert niets; verstreken termijnen worden historisch (geen herinneringen of escalaties).`,
  })
  historieImporteren(
    @Arg('invoer', () => HistorieImportInvoer) invoer: HistorieImportInvoer,
    @Ctx() ctx: RequestContext,
  ): Promise<HistorieImportResultaat> {
    return historieService.importeer(ctx, invoer.dossiers);
  }
}
