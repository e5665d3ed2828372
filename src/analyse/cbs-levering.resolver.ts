import type { GraphQLResolveInfo } from 'graphql';
import { TekstRegelScalar } from '../lib/tekst';
import { Arg, Ctx, Info, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { gelezenVelden } from '../lib/graphql/gelezen-velden';
import { cbsLeveringService, CbsLeveringView } from './cbs-levering.service';

/** The half-yearly CBS delivery, fetched by the privacy officer of a VT organisation. */
@Resolver(() => CbsLeveringView)
export class CbsLeveringResolver {
  @Query(() => CbsLeveringView, {
    description:
      'De CBS-levering van de eigen VT-organisatie over een afgelopen halfjaar (JJJJ-1 of JJJJ-2). Geaudit (NEN 7513: overdracht naar een ander systeem).',
  })
  cbsLevering(
    @Arg('halfjaar', () => TekstRegelScalar) halfjaar: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CbsLeveringView> {
    return cbsLeveringService.een(ctx, halfjaar, gelezenVelden(info));
  }

  @Query(() => [CbsLeveringView], { description: 'Alle CBS-leveringen van de eigen VT-organisatie, nieuwste eerst.' })
  cbsLeveringen(@Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<CbsLeveringView[]> {
    return cbsLeveringService.alle(ctx, gelezenVelden(info));
  }
}
