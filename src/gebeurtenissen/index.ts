import type { Module } from '../lib/module';
import { gebeurtenissenBeleid } from './gebeurtenissen.beleid';
import { WebhookAfleveringEntity, WebhookEndpointEntity, WebhookGeheimEntity } from './webhook.entity';
import { WebhookResolver } from './webhook.resolver';

/**
 * Events for partner organisations: the outbox (outbox.ts), webhook endpoints with Standard Webhooks signatures,
 * delivery by the worker (aflevering.ts, jobs/) and the event feed for recovery.
 */
export const gebeurtenissenModule: Module = {
  naam: 'gebeurtenissen',
  entities: [WebhookEndpointEntity, WebhookGeheimEntity, WebhookAfleveringEntity],
  resolvers: [WebhookResolver],
  beleid: gebeurtenissenBeleid,
};
