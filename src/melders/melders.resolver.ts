import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { IdempotentieSleutel, idempotent } from '../lib/idempotentie';
import { MeldingAanvullingEntity, MelderToegangEntity } from './melder-toegang.entity';
import { melderToegangService } from './melder-toegang.service';
import { melderService } from './melder.service';
import {
  MeldingAanvullenInvoer,
  MeldingAanvullingView,
  MelderToegangView,
  MijnMeldingView,
  TerugkoppelingView,
} from './melders.types';

@Resolver()
export class MeldersResolver {
  // ---------------------------------------------------------------- VT

  @Mutation(() => MelderToegangView, {
    description:
      'Geeft de melder van een melding een eigen toegang (het geheim staat eenmalig in het antwoord). Veilig te herhalen ' +
      'met een idempotentieSleutel; de herhaling toont het geheim niet opnieuw.',
  })
  melderToegangUitgeven(
    @Arg('meldingId', () => ID) meldingId: string,
    @Arg('geldigDagen', () => Int, { nullable: true, description: 'Geldigheid in dagen (1–365, standaard 120).' })
    geldigDagen: number | undefined,
    @IdempotentieSleutel() sleutel: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MelderToegangView> {
    return idempotent(
      ctx,
      info,
      sleutel,
      { meldingId, geldigDagen: geldigDagen ?? null },
      {
        entiteit: MelderToegangEntity,
        maak: () => melderToegangService.uitgeven(ctx, meldingId, geldigDagen ?? null),
        lees: (id) => melderToegangService.lees(ctx, id),
        id: (t) => t.id,
      },
    );
  }

  @Mutation(() => MelderToegangView, {
    description: 'Trekt een melderstoegang in; direct van kracht. Nogmaals intrekken verandert niets.',
  })
  melderToegangIntrekken(
    @Arg('toegangId', () => ID) toegangId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<MelderToegangView> {
    return melderToegangService.intrekken(ctx, toegangId);
  }

  @Query(() => [MeldingAanvullingView], { description: 'Wat de melder aan de melding toevoegde of verbeterde.' })
  melderAanvullingen(
    @Arg('meldingId', () => ID) meldingId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<MeldingAanvullingView[]> {
    return melderToegangService.aanvullingen(ctx, meldingId);
  }

  // ---------------------------------------------------------------- the melder

  @Query(() => MijnMeldingView, { description: 'De eigen melding, zoals gedaan, met de eigen aanvullingen.' })
  mijnMelding(@Ctx() ctx: RequestContext): Promise<MijnMeldingView> {
    return melderService.mijnMelding(ctx);
  }

  @Query(() => TerugkoppelingView, {
    description: 'Welke stappen Veilig Thuis zette, en na 10 weken welke partner het overnam.',
  })
  mijnTerugkoppeling(@Ctx() ctx: RequestContext): Promise<TerugkoppelingView> {
    return melderService.terugkoppeling(ctx);
  }

  @Mutation(() => MeldingAanvullingView, {
    description:
      'Vult de eigen melding aan of verbetert die. Het origineel blijft bewaard. Veilig te herhalen met een idempotentieSleutel.',
  })
  aanvullingToevoegen(
    @Arg('invoer', () => MeldingAanvullenInvoer) invoer: MeldingAanvullenInvoer,
    @IdempotentieSleutel() sleutel: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MeldingAanvullingView> {
    return idempotent(
      ctx,
      info,
      sleutel,
      { invoer },
      {
        entiteit: MeldingAanvullingEntity,
        maak: () => melderService.aanvullen(ctx, invoer),
        lees: (id) => melderService.aanvulling(ctx, id),
        id: (a) => a.id,
      },
    );
  }
}
