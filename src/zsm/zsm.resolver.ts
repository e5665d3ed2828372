import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { gelezenVelden } from '../lib/graphql/gelezen-velden';
import { idempotent, IdempotentieSleutel } from '../lib/idempotentie';
import { ZsmVerzoekEntity } from './zsm.entity';
import { zsmLezen } from './zsm.lezen';
import { zsmService } from './zsm.service';
import { ZsmAntwoordInvoer, ZsmVerzoekConnection, ZsmVerzoekInvoer, ZsmVerzoekView } from './zsm.types';

@Resolver(() => ZsmVerzoekView)
export class ZsmResolver {
  @Query(() => ZsmVerzoekConnection, {
    description:
      'ZSM-verzoeken, vroegste antwoordtermijn eerst. VT: aan de eigen regio. OM/politie: van de eigen organisatie.',
  })
  zsmVerzoeken(
    @Arg('eerste', () => Int, { defaultValue: 20, description: 'Aantal per pagina, 1 tot en met 100.' }) eerste: number,
    @Arg('na', () => String, { nullable: true }) na: string | undefined,
    @Arg('alleenOnbeantwoord', () => Boolean, { defaultValue: false }) alleenOnbeantwoord: boolean,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ZsmVerzoekConnection> {
    return zsmLezen.lijst(ctx, eerste, na ?? undefined, alleenOnbeantwoord, gelezenVelden(info, ['edges', 'node']));
  }

  @Query(() => ZsmVerzoekView, { description: 'Eén ZSM-verzoek met het antwoord.' })
  zsmVerzoek(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ZsmVerzoekView> {
    return zsmLezen.lees(ctx, id, gelezenVelden(info));
  }

  @Mutation(() => ZsmVerzoekView, {
    description:
      'De ZSM-tafel vraagt VT om informatie over personen tijdens de inverzekeringstelling van een verdachte. Veilig te herhalen met een idempotentieSleutel.',
  })
  zsmVerzoekIndienen(
    @Arg('invoer', () => ZsmVerzoekInvoer) invoer: ZsmVerzoekInvoer,
    @IdempotentieSleutel() sleutel: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ZsmVerzoekView> {
    const velden = gelezenVelden(info);
    return idempotent(
      ctx,
      info,
      sleutel,
      { invoer },
      {
        entiteit: ZsmVerzoekEntity,
        maak: () => zsmService.indienen(ctx, invoer, velden),
        lees: (id) => zsmLezen.lees(ctx, id, velden),
        id: (v) => v.id,
      },
    );
  }

  @Mutation(() => ZsmVerzoekView, {
    description:
      'VT beantwoordt een ZSM-verzoek met de afgesproken gegevensset; onbekende personen worden "niet bekend".',
  })
  zsmVerzoekBeantwoorden(
    @Arg('invoer', () => ZsmAntwoordInvoer) invoer: ZsmAntwoordInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ZsmVerzoekView> {
    return zsmService.beantwoorden(ctx, invoer, gelezenVelden(info));
  }
}
