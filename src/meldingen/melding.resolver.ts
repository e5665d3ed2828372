import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { gelezenVelden } from '../lib/graphql/gelezen-velden';
import { idempotent, IdempotentieSleutel } from '../lib/idempotentie';
import { MeldingEntity } from './melding.entity';
import { MeldingInvoer } from './melding.inputs';
import { meldingService } from './melding.service';
import { MeldingConnection, MeldingView } from './melding.types';

@Resolver(() => MeldingView)
export class MeldingResolver {
  @Query(() => MeldingView, { description: 'Eén melding van de eigen VT-regio.' })
  melding(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<MeldingView> {
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

  @Mutation(() => MeldingView, { description: 'Registreert een melding voor de eigen VT-regio. Veilig te herhalen met een idempotentieSleutel.' })
  meldingRegistreren(
    @Arg('invoer', () => MeldingInvoer) invoer: MeldingInvoer,
    @IdempotentieSleutel() sleutel: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MeldingView> {
    const velden = gelezenVelden(info);
    return idempotent(ctx, info, sleutel, { invoer }, {
      entiteit: MeldingEntity,
      maak: () => meldingService.registreer(ctx, invoer, velden),
      lees: (id) => meldingService.lees(ctx, id, velden),
      id: (m) => m.id,
    });
  }
}
