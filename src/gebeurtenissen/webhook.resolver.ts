import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { idempotent, IdempotentieSleutel } from '../lib/idempotentie';
import { AfleverStatus, WebhookEndpointEntity } from './webhook.entity';
import { WebhookEndpointInvoer, WebhookEndpointWijziging } from './webhook.inputs';
import { webhookFeed } from './webhook.feed';
import { registratieHerhalen, webhookService } from './webhook.service';
import {
  GebeurtenisConnection,
  WebhookAfleveringConnection,
  WebhookEndpointMetGeheim,
  WebhookEndpointView,
} from './webhook.types';

@Resolver()
export class WebhookResolver {
  @Query(() => [WebhookEndpointView], { description: 'De webhook-endpoints van de eigen organisatie.' })
  webhookEndpoints(@Ctx() ctx: RequestContext): Promise<WebhookEndpointView[]> {
    return webhookService.lijst(ctx);
  }

  @Query(() => WebhookEndpointView, { description: 'Eén webhook-endpoint van de eigen organisatie.' })
  webhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<WebhookEndpointView> {
    return webhookService.lees(ctx, id);
  }

  @Query(() => WebhookAfleveringConnection, {
    description: 'Afleveringen aan de eigen endpoints, nieuwste eerst; met status DEAD: wat opgegeven is.',
  })
  webhookAfleveringen(
    @Arg('endpointId', () => ID, { nullable: true }) endpointId: string | undefined,
    @Arg('status', () => AfleverStatus, { nullable: true }) status: AfleverStatus | undefined,
    @Arg('eerste', () => Int, { defaultValue: 50 }) eerste: number,
    @Arg('na', () => String, { nullable: true }) na: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookAfleveringConnection> {
    return webhookFeed.afleveringen(
      ctx,
      { endpointId: endpointId ?? undefined, status: status ?? undefined },
      eerste,
      na ?? undefined,
    );
  }

  @Query(() => GebeurtenisConnection, {
    description:
      'Gebeurtenissen van de eigen organisatie na de cursor `na`, oudste eerst: om te herstellen wat een webhook miste. Bewaar endCursor en vraag later verder.',
  })
  gebeurtenissen(
    @Arg('na', () => String, { nullable: true }) na: string | undefined,
    @Arg('eerste', () => Int, { defaultValue: 50 }) eerste: number,
    @Ctx() ctx: RequestContext,
  ): Promise<GebeurtenisConnection> {
    return webhookFeed.gebeurtenissen(ctx, na ?? undefined, eerste);
  }

  @Mutation(() => WebhookEndpointMetGeheim, {
    description:
      'Registreert een endpoint. Het antwoord bevat het ondertekengeheim, eenmalig. Veilig te herhalen met een idempotentieSleutel: de herhaling geeft hetzelfde endpoint en geheim, zolang dat geheim niet geroteerd is.',
  })
  webhookEndpointRegistreren(
    @Arg('invoer', () => WebhookEndpointInvoer) invoer: WebhookEndpointInvoer,
    @IdempotentieSleutel() sleutel: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<WebhookEndpointMetGeheim> {
    return idempotent(
      ctx,
      info,
      sleutel,
      { invoer },
      {
        entiteit: WebhookEndpointEntity,
        maak: () => webhookService.registreer(ctx, invoer),
        lees: (id) => registratieHerhalen(ctx, id),
        id: (r) => r.endpoint.id,
      },
    );
  }

  @Mutation(() => WebhookEndpointView, { description: 'Wijzigt URL, omschrijving of actief.' })
  webhookEndpointWijzigen(
    @Arg('id', () => ID) id: string,
    @Arg('invoer', () => WebhookEndpointWijziging) invoer: WebhookEndpointWijziging,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookEndpointView> {
    return webhookService.wijzig(ctx, id, invoer);
  }

  @Mutation(() => ID, { description: 'Verwijdert een endpoint met zijn geheimen en afleveringen.' })
  webhookEndpointVerwijderen(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<string> {
    return webhookService.verwijder(ctx, id);
  }

  @Mutation(() => WebhookEndpointMetGeheim, {
    description:
      'Nieuw ondertekengeheim; het vorige blijft nog WEBHOOK_GEHEIM_OVERLAP_MS geldig (beide handtekeningen worden meegestuurd).',
  })
  webhookGeheimRoteren(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<WebhookEndpointMetGeheim> {
    return webhookService.roteer(ctx, id);
  }

  @Mutation(() => Int, {
    description:
      'Biedt de opgegeven afleveringen met status DEAD (of alle) van een eigen endpoint opnieuw aan. Geeft het aantal.',
  })
  webhookAfleveringenOpnieuw(
    @Arg('endpointId', () => ID) endpointId: string,
    @Arg('afleveringIds', () => [ID], { nullable: true }) afleveringIds: string[] | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<number> {
    return webhookFeed.opnieuwAanbieden(ctx, endpointId, afleveringIds ?? undefined);
  }
}
