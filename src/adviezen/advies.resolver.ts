import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { gelezenVelden } from '../lib/graphql/gelezen-velden';
import { idempotent, IdempotentieSleutel } from '../lib/idempotentie';
import { MeldingEntity } from '../meldingen/melding.entity';
import { MeldingInvoer } from '../meldingen/melding.inputs';
import { meldingService } from '../meldingen/melding.service';
import { MeldingView } from '../meldingen/melding.types';
import { AdviesEntity } from './advies.entity';
import { adviesService } from './advies.service';
import { AdviesConnection, AdviesInvoer, AdviesView } from './advies.types';

@Resolver(() => AdviesView)
export class AdviesResolver {
  @Query(() => AdviesView, { description: 'Eén advies van de eigen VT-regio.' })
  advies(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AdviesView> {
    return adviesService.lees(ctx, id, gelezenVelden(info));
  }

  @Query(() => AdviesConnection, { description: 'Adviezen van de eigen VT-regio, nieuwste eerst.' })
  adviezen(
    @Arg('eerste', () => Int, { defaultValue: 20 }) eerste: number,
    @Arg('na', () => String, { nullable: true }) na: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AdviesConnection> {
    return adviesService.lijst(ctx, eerste, na ?? undefined, gelezenVelden(info, ['edges', 'node']));
  }

  @Mutation(() => AdviesView, {
    description: 'Registreert een adviesvraag. Veilig te herhalen met een idempotentieSleutel.',
  })
  adviesRegistreren(
    @Arg('invoer', () => AdviesInvoer) invoer: AdviesInvoer,
    @IdempotentieSleutel() sleutel: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AdviesView> {
    return idempotent(
      ctx,
      info,
      sleutel,
      { invoer },
      {
        entiteit: AdviesEntity,
        maak: () => adviesService.registreer(ctx, invoer),
        lees: (id) => adviesService.lees(ctx, id, gelezenVelden(info)),
        id: (a) => a.id,
      },
    );
  }

  @Mutation(() => AdviesView, { description: 'Rondt een advies af zonder melding.' })
  adviesAfronden(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<AdviesView> {
    return adviesService.afronden(ctx, id);
  }

  @Mutation(() => MeldingView, {
    description:
      'Zet een open advies om in een melding; ambtshalve: VT meldt zelf. Veilig te herhalen met een idempotentieSleutel.',
  })
  adviesOmzettenInMelding(
    @Arg('adviesId', () => ID) adviesId: string,
    @Arg('melding', () => MeldingInvoer) melding: MeldingInvoer,
    @Arg('ambtshalve', () => Boolean, { defaultValue: false }) ambtshalve: boolean,
    @IdempotentieSleutel() sleutel: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MeldingView> {
    const velden = gelezenVelden(info);
    return idempotent(
      ctx,
      info,
      sleutel,
      { adviesId, melding, ambtshalve },
      {
        entiteit: MeldingEntity,
        maak: () => adviesService.omzetten(ctx, adviesId, melding, ambtshalve, velden),
        lees: (id) => meldingService.lees(ctx, id, velden),
        id: (m) => m.id,
      },
    );
  }
}
