import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { gelezenVelden } from '../lib/graphql/gelezen-velden';
import { idempotent, IdempotentieSleutel } from '../lib/idempotentie';
import { awareBesluitNemen } from './aware.besluit';
import { AwareAanvraagEntity } from './aware.entity';
import { awareLezen } from './aware.lezen';
import { awareService } from './aware.service';
import {
  AwareAanvraagConnection,
  AwareAanvraagInvoer,
  AwareAanvraagView,
  AwareBeeindigenInvoer,
  AwareBesluitInvoer,
  AwareInstallatieInvoer,
  AwareVerlengenInvoer,
} from './aware.types';

@Resolver(() => AwareAanvraagView)
export class AwareResolver {
  @Query(() => AwareAanvraagConnection, {
    description:
      'Aanvragen voor een AWARE-alarm, laatst aangevraagd eerst. VT: van de eigen regio (toegewezen casussen). Indicatiecommissie: die bij haar zijn ingediend.',
  })
  awareAanvragen(
    @Arg('eerste', () => Int, { defaultValue: 20, description: 'Aantal per pagina, 1 tot en met 100.' }) eerste: number,
    @Arg('na', () => String, { nullable: true }) na: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AwareAanvraagConnection> {
    return awareLezen.lijst(ctx, eerste, na ?? undefined, gelezenVelden(info, ['edges', 'node']));
  }

  @Query(() => AwareAanvraagView, { description: 'Eén aanvraag voor een AWARE-alarm.' })
  awareAanvraag(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AwareAanvraagView> {
    return awareLezen.lees(ctx, id, gelezenVelden(info));
  }

  @Mutation(() => AwareAanvraagView, {
    description:
      'VT maakt een aanvraag voor een AWARE-alarm voor een slachtoffer van de casus (nog niet zichtbaar voor de commissie). Veilig te herhalen met een idempotentieSleutel.',
  })
  awareAanvraagRegistreren(
    @Arg('invoer', () => AwareAanvraagInvoer) invoer: AwareAanvraagInvoer,
    @IdempotentieSleutel() sleutel: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AwareAanvraagView> {
    const velden = gelezenVelden(info);
    return idempotent(
      ctx,
      info,
      sleutel,
      { invoer },
      {
        entiteit: AwareAanvraagEntity,
        maak: () => awareService.aanmaken(ctx, invoer, velden),
        lees: (id) => awareLezen.lees(ctx, id, velden),
        id: (v) => v.id,
      },
    );
  }

  @Mutation(() => AwareAanvraagView, {
    description: 'VT dient de aanvraag in bij de indicatiecommissie; de besluittermijn (10 werkdagen) gaat lopen.',
  })
  awareAanvraagVoorleggen(
    @Arg('aanvraagId', () => ID) aanvraagId: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AwareAanvraagView> {
    return awareService.indienen(ctx, aanvraagId, gelezenVelden(info));
  }

  @Mutation(() => AwareAanvraagView, {
    description:
      'De indicatiecommissie kent de aanvraag toe (met een periode in maanden) of wijst haar af, gemotiveerd.',
  })
  awareBesluitNemen(
    @Arg('invoer', () => AwareBesluitInvoer) invoer: AwareBesluitInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AwareAanvraagView> {
    return awareBesluitNemen(ctx, invoer, gelezenVelden(info));
  }

  @Mutation(() => AwareAanvraagView, {
    description:
      'VT legt de installatie van het alarm vast; de einddatum volgt uit de periode en de herinnering gaat lopen.',
  })
  awareInstallatieVastleggen(
    @Arg('invoer', () => AwareInstallatieInvoer) invoer: AwareInstallatieInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AwareAanvraagView> {
    return awareService.installatieVastleggen(ctx, invoer, gelezenVelden(info));
  }

  @Mutation(() => AwareAanvraagView, {
    description: 'VT legt een verlenging van het alarm vast (een nieuwe einddatum).',
  })
  awareVerlengen(
    @Arg('invoer', () => AwareVerlengenInvoer) invoer: AwareVerlengenInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AwareAanvraagView> {
    return awareService.verlengen(ctx, invoer, gelezenVelden(info));
  }

  @Mutation(() => AwareAanvraagView, { description: 'VT beëindigt het alarm; de commissie hoort dat het stopte.' })
  awareBeeindigen(
    @Arg('invoer', () => AwareBeeindigenInvoer) invoer: AwareBeeindigenInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AwareAanvraagView> {
    return awareService.beeindigen(ctx, invoer, gelezenVelden(info));
  }
}
