import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { gelezenVelden } from '../lib/graphql/gelezen-velden';
import { noodtoegangService } from './noodtoegang.service';
import {
  NoodtoegangBeoordelenInvoer,
  NoodtoegangConnection,
  NoodtoegangFilter,
  NoodtoegangGebruikView,
  NoodtoegangView,
} from './noodtoegang.types';
import { TekstScalar } from '../lib/tekst';

@Resolver(() => NoodtoegangView)
export class NoodtoegangResolver {
  @Mutation(() => NoodtoegangView, {
    description:
      'Opent bij acute nood een casus waaraan u niet bent toegewezen, met reden, voor NOODTOEGANG_MINUTEN. Alles wat u ermee doet, wordt gelogd als noodprocedure; de privacy officer beoordeelt elk gebruik.',
  })
  noodtoegangOpenen(
    @Arg('casusId', () => ID) casusId: string,
    @Arg('reden', () => TekstScalar) reden: string,
    @Ctx() ctx: RequestContext,
  ): Promise<NoodtoegangView> {
    return noodtoegangService.openen(ctx, casusId, reden);
  }

  @Query(() => NoodtoegangConnection, {
    description:
      'De beoordelingswachtrij van de regio: te beoordelen eerst, dan nieuwste eerst. Elke inzage wordt gelogd.',
  })
  noodtoegangen(
    @Arg('filter', () => NoodtoegangFilter, { nullable: true }) filter: NoodtoegangFilter | undefined,
    @Arg('eerste', () => Int, { defaultValue: 20, description: 'Aantal per pagina, 1 tot en met 100.' }) eerste: number,
    @Arg('na', () => String, { nullable: true }) na: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<NoodtoegangConnection> {
    return noodtoegangService.lijst(ctx, filter ?? {}, eerste, na ?? undefined, gelezenVelden(info, ['edges', 'node']));
  }

  @Query(() => [NoodtoegangGebruikView], {
    description:
      'Noodtoegang per medewerker van de regio: aantal, beoordeeld als (niet) gerechtvaardigd, nog te beoordelen.',
  })
  noodtoegangGebruik(@Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<NoodtoegangGebruikView[]> {
    return noodtoegangService.gebruik(ctx, gelezenVelden(info));
  }

  @Mutation(() => NoodtoegangView, {
    description:
      'De privacy officer beoordeelt een noodtoegang en sluit hem; een onterechte toegang die nog loopt, eindigt meteen.',
  })
  noodtoegangBeoordelen(
    @Arg('invoer', () => NoodtoegangBeoordelenInvoer) invoer: NoodtoegangBeoordelenInvoer,
    @Ctx() ctx: RequestContext,
  ): Promise<NoodtoegangView> {
    return noodtoegangService.beoordelen(ctx, invoer);
  }
}
