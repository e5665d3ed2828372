import type { GraphQLResolveInfo } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, ID, Info, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { gelezenVelden } from '../lib/graphql/gelezen-velden';
import { idempotent, IdempotentieSleutel } from '../lib/idempotentie';
import { TekstRegelScalar } from '../lib/tekst';
import { maakAfschrift } from './afschrift';
import { correctieService } from './rechten.correctie';
import { RechtenverzoekEntity } from './rechten.entity';
import { rechtenService } from './rechten.service';
import {
  GegevensCorrigerenInvoer,
  GegevenscorrectieView,
  RechtenverzoekAfhandelenInvoer,
  RechtenverzoekBesluitInvoer,
  RechtenverzoekInvoer,
  RechtenverzoekVerlengenInvoer,
  RechtenverzoekView,
} from './rechten.types';

@Resolver(() => RechtenverzoekView)
export class RechtenResolver {
  @Query(() => [RechtenverzoekView], {
    description: 'Verzoeken van betrokkenen van de eigen regio, laatst geregistreerd eerst (hooguit 200).',
  })
  rechtenverzoeken(
    @Arg('casusId', () => ID, { nullable: true }) casusId: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RechtenverzoekView[]> {
    return rechtenService.lijst(ctx, casusId ?? undefined, gelezenVelden(info));
  }

  @Query(() => RechtenverzoekView, { description: 'Eén verzoek van een betrokkene.' })
  rechtenverzoek(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RechtenverzoekView> {
    return rechtenService.lees(ctx, id, gelezenVelden(info));
  }

  @Query(() => GraphQLJSONObject, {
    description:
      'Het afschrift van een toegekend verzoek om afschrift, als gestructureerd document (JSON). Het leesbare document: GET /afschrift/{verzoekId} met hetzelfde token.',
  })
  afschrift(@Arg('verzoekId', () => ID) verzoekId: string, @Ctx() ctx: RequestContext): Promise<object> {
    return maakAfschrift(ctx, verzoekId, 'JSON');
  }

  @Query(() => [GegevenscorrectieView], {
    description: 'De geschiedenis van verbeteringen en zienswijzen op een persoon of melding, oudste eerst.',
  })
  gegevenscorrecties(
    @Arg('objectId', () => ID, { description: 'Een persoon of een melding.' }) objectId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<GegevenscorrectieView[]> {
    return correctieService.historie(ctx, objectId);
  }

  @Mutation(() => RechtenverzoekView, {
    description:
      'Registreert een verzoek van een betrokkene of melder; de antwoordtermijn (één maand) gaat lopen. Veilig te herhalen met een idempotentieSleutel.',
  })
  rechtenverzoekRegistreren(
    @Arg('invoer', () => RechtenverzoekInvoer) invoer: RechtenverzoekInvoer,
    @IdempotentieSleutel() sleutel: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RechtenverzoekView> {
    const velden = gelezenVelden(info);
    return idempotent(
      ctx,
      info,
      sleutel,
      { invoer },
      {
        entiteit: RechtenverzoekEntity,
        maak: () => rechtenService.registreren(ctx, invoer, velden),
        lees: (id) => rechtenService.lees(ctx, id, velden),
        id: (v) => v.id,
      },
    );
  }

  @Mutation(() => RechtenverzoekView, {
    description: 'Verlengt de antwoordtermijn met twee maanden (één keer, met reden).',
  })
  rechtenverzoekVerlengen(
    @Arg('invoer', () => RechtenverzoekVerlengenInvoer) invoer: RechtenverzoekVerlengenInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RechtenverzoekView> {
    return rechtenService.verlengen(ctx, invoer, gelezenVelden(info));
  }

  @Mutation(() => RechtenverzoekView, {
    description:
      'Besluit op het verzoek, met motivering. Toekenning van beperking of bezwaar beperkt de verwerking van de casus meteen.',
  })
  rechtenverzoekBesluiten(
    @Arg('invoer', () => RechtenverzoekBesluitInvoer) invoer: RechtenverzoekBesluitInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RechtenverzoekView> {
    return rechtenService.besluiten(ctx, invoer, gelezenVelden(info));
  }

  @Mutation(() => RechtenverzoekView, { description: 'Sluit het verzoek af met wat er is gedaan.' })
  rechtenverzoekAfhandelen(
    @Arg('invoer', () => RechtenverzoekAfhandelenInvoer) invoer: RechtenverzoekAfhandelenInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RechtenverzoekView> {
    return rechtenService.afhandelen(ctx, invoer, gelezenVelden(info));
  }

  @Mutation(() => RechtenverzoekView, {
    description: 'Voert een toegekende verbetering of zienswijze uit; het origineel blijft in de geschiedenis.',
  })
  gegevensCorrigeren(
    @Arg('invoer', () => GegevensCorrigerenInvoer) invoer: GegevensCorrigerenInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RechtenverzoekView> {
    return correctieService.corrigeren(ctx, invoer, gelezenVelden(info));
  }

  @Mutation(() => RechtenverzoekView, {
    description: 'Heft de beperking van de verwerking op die dit verzoek instelde.',
  })
  verwerkingsbeperkingOpheffen(
    @Arg('verzoekId', () => ID) verzoekId: string,
    @Arg('reden', () => TekstRegelScalar) reden: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RechtenverzoekView> {
    return rechtenService.beperkingOpheffen(ctx, verzoekId, reden, gelezenVelden(info));
  }
}
