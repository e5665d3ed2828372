import type { Module } from '../lib/module';
import { gebeurtenissenBeleid } from './gebeurtenissen.beleid';
import { webhooksAfleverenJob, webhooksAfleverenSchema } from './jobs/webhooks-afleveren.job';
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
  jobs: [webhooksAfleverenJob],
  schemas: [webhooksAfleverenSchema],
  // Deliveries that waited while no worker ran go out at once.
  bijStart: [webhooksAfleverenJob],
};
