import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { DatumScalar } from '../lib/scalars';
import { termijnOverzichtService } from './termijn-overzicht.service';
import { NotificatieView, TermijnOverzicht, VeiligheidsbeoordelingPrestatie } from './termijn.types';

@Resolver()
export class TermijnResolver {
  @Query(() => TermijnOverzicht, {
    description:
      'Open termijnen van de regio die overschreden zijn of binnen N werkdagen vervallen, per medewerker en per soort.',
  })
  termijnOverzicht(
    @Arg('binnenWerkdagen', () => Int, { defaultValue: 5 }) binnenWerkdagen: number,
    @Ctx() ctx: RequestContext,
  ): Promise<TermijnOverzicht> {
    return termijnOverzichtService.overzicht(ctx, binnenWerkdagen);
  }

  @Query(() => VeiligheidsbeoordelingPrestatie, {
    description:
      'Aandeel veiligheidsbeoordelingen binnen 5 werkdagen over de meldingen ontvangen van `van` tot en met `tot`.',
  })
  veiligheidsbeoordelingPrestatie(
    @Arg('van', () => DatumScalar) van: string,
    @Arg('tot', () => DatumScalar) tot: string,
    @Ctx() ctx: RequestContext,
  ): Promise<VeiligheidsbeoordelingPrestatie> {
    return termijnOverzichtService.prestatie(ctx, van, tot);
  }

  @Query(() => [NotificatieView], {
    description: 'Herinneringen aan mij; voor een teamleider ook de escalaties van de regio. Nieuwste eerst.',
  })
  notificaties(
    @Arg('alleenOngelezen', () => Boolean, { defaultValue: true }) alleenOngelezen: boolean,
    @Arg('eerste', () => Int, { defaultValue: 50 }) eerste: number,
    @Ctx() ctx: RequestContext,
  ): Promise<NotificatieView[]> {
    return termijnOverzichtService.notificaties(ctx, alleenOngelezen, eerste);
  }

  @Mutation(() => NotificatieView)
  notificatieGelezen(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<NotificatieView> {
    return termijnOverzichtService.notificatieGelezen(ctx, id);
  }
}
