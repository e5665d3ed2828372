import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { gelezenVelden } from '../lib/graphql/gelezen-velden';
import { idempotent, IdempotentieSleutel } from '../lib/idempotentie';
import { HwcSignaalEntity } from './hwc.entity';
import { hwcLezen } from './hwc.lezen';
import { hwcService } from './hwc.service';
import { HwcOntvangstbevestigingView, HwcSignaalConnection, HwcSignaalInvoer, HwcSignaalView } from './hwc.types';
import { TekstScalar } from '../lib/tekst';

@Resolver(() => HwcSignaalView)
export class HwcResolver {
  @Query(() => HwcSignaalConnection, {
    description:
      'Handle with Care-signalen, vroegste lesstart eerst. VT: die van de eigen regio. School: de eigen signalen zolang de inzage loopt.',
  })
  hwcSignalen(
    @Arg('eerste', () => Int, { defaultValue: 20, description: 'Aantal per pagina, 1 tot en met 100.' }) eerste: number,
    @Arg('na', () => String, { nullable: true }) na: string | undefined,
    @Arg('alleenOnbevestigd', () => Boolean, {
      defaultValue: false,
      description: 'Alleen signalen die niet bevestigd en niet ingetrokken zijn.',
    })
    alleenOnbevestigd: boolean,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HwcSignaalConnection> {
    return hwcLezen.lijst(ctx, eerste, na ?? undefined, alleenOnbevestigd, gelezenVelden(info, ['edges', 'node']));
  }

  @Mutation(() => HwcSignaalView, {
    description:
      'Stuurt een Handle with Care-signaal aan de school van een kind; hetzelfde signaal opnieuw geeft het bestaande. Veilig te herhalen met een idempotentieSleutel.',
  })
  hwcSignaalVersturen(
    @Arg('invoer', () => HwcSignaalInvoer) invoer: HwcSignaalInvoer,
    @IdempotentieSleutel() sleutel: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HwcSignaalView> {
    const velden = gelezenVelden(info);
    return idempotent(
      ctx,
      info,
      sleutel,
      { invoer },
      {
        entiteit: HwcSignaalEntity,
        maak: () => hwcService.versturen(ctx, invoer, velden),
        lees: (id) => hwcLezen.lees(ctx, id, velden),
        id: (s) => s.id,
      },
    );
  }

  @Mutation(() => HwcSignaalView, { description: 'Trekt een signaal in; de school ziet het daarna niet meer.' })
  hwcSignaalIntrekken(
    @Arg('signaalId', () => ID) signaalId: string,
    @Arg('reden', () => TekstScalar) reden: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HwcSignaalView> {
    return hwcService.intrekken(ctx, signaalId, reden, gelezenVelden(info));
  }

  @Mutation(() => HwcOntvangstbevestigingView, {
    description: 'De school bevestigt dat zij het signaal ontving. Nogmaals bevestigen geeft de eerste bevestiging.',
  })
  hwcOntvangstBevestigen(
    @Arg('signaalId', () => ID) signaalId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<HwcOntvangstbevestigingView> {
    return hwcService.bevestigen(ctx, signaalId);
  }
}
