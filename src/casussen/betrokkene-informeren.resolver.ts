import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { gelezenVelden } from '../lib/graphql/gelezen-velden';
import { betrokkeneInformerenService } from './betrokkene-informeren';
import { BetrokkeneInformerenInvoer, BetrokkeneInformeringView } from './betrokkene-informeren.types';

/** Informing the reported person(s) of a melding: record it, and read what was recorded. */
@Resolver(() => BetrokkeneInformeringView)
export class BetrokkeneInformerenResolver {
  @Mutation(() => BetrokkeneInformeringView, {
    description:
      'Legt vast dat de betrokkene(n) over de melding zijn geïnformeerd (voldoet aan de termijn BETROKKENE_INFORMEREN), dat het informeren met een wettelijke reden is uitgesteld tot een nieuwe datum (de termijn loopt door tot die datum), of dat het met een wettelijke reden achterwege blijft (sluit de termijn).',
  })
  betrokkeneInformerenVastleggen(
    @Arg('invoer', () => BetrokkeneInformerenInvoer) invoer: BetrokkeneInformerenInvoer,
    @Ctx() ctx: RequestContext,
  ): Promise<BetrokkeneInformeringView> {
    return betrokkeneInformerenService.vastleggen(ctx, invoer);
  }

  @Query(() => [BetrokkeneInformeringView], {
    description: 'Wat VT over het informeren van de betrokkene(n) van deze melding vastlegde, oudste eerst.',
  })
  betrokkeneInformering(
    @Arg('meldingId', () => ID) meldingId: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<BetrokkeneInformeringView[]> {
    return betrokkeneInformerenService.lees(ctx, meldingId, gelezenVelden(info));
  }
}
