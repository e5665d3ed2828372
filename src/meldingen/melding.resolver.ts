import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { gelezenVelden } from '../lib/graphql/gelezen-velden';
import { meldingService } from './melding.service';
import { MeldingConnection, MeldingView } from './melding.types';

@Resolver(() => MeldingView)
export class MeldingResolver {
  @Query(() => MeldingView, { description: 'Eén melding van de eigen VT-regio.' })
  melding(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MeldingView> {
    return meldingService.lees(ctx, id, gelezenVelden(info));
  }

  @Query(() => MeldingConnection, { description: 'Meldingen van de eigen VT-regio, nieuwste eerst.' })
  meldingen(
    @Arg('eerste', () => Int, { defaultValue: 20, description: 'Aantal per pagina, 1 tot en met 100.' }) eerste: number,
    @Arg('na', () => String, { nullable: true, description: 'endCursor van de vorige pagina.' }) na: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MeldingConnection> {
    return meldingService.lijst(ctx, eerste, na ?? undefined, gelezenVelden(info, ['edges', 'node']));
  }
}
