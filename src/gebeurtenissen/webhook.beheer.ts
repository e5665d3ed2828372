import { LockMode, type EntityManager } from '@mikro-orm/postgresql';

import { isUuid } from '../lib/context';
import { ongeldigeInvoer } from '../lib/errors';
import { WebhookEndpointEntity, WebhookUitschakelreden } from './webhook.entity';

/**
 * Webhook endpoints as functioneel beheer sees and governs them (issue 11, point 3). The owner of an endpoint is the
 * organisation it belongs to (`webhook_endpoint.organisatie`): its events arrive there and its own users manage it.
 * Ownership is never moved to another organisation (that would send one organisation's events to another's
 * receiver); beheer sees the endpoints, switches one off or on, and the endpoints follow their owner's state.
 * Secrets and deliveries stay with the owner. The callers scope and audit; these functions only change rows.
 */

/** The endpoints of these organisations, oldest first. */
export async function endpointsVanOrganisaties(
  em: EntityManager,
  organisaties: readonly string[],
): Promise<WebhookEndpointEntity[]> {
  if (organisaties.length === 0) return [];
  return em.find(
    WebhookEndpointEntity,
    { organisatie: { $in: [...organisaties] } },
    { orderBy: { aangemaaktOp: 'asc', id: 'asc' } },
  );
}

/** An endpoint by id, locked; null for a malformed or unknown id (the caller answers NOT_FOUND). */
export async function endpointVoorBeheer(tx: EntityManager, id: string): Promise<WebhookEndpointEntity | null> {
  if (!isUuid(id)) return null;
  return tx.findOne(WebhookEndpointEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

/**
 * Switches the owner's active endpoints off because the organisation was deactivated; returns their ids. Deliveries
 * already due wait (the dispatcher claims only active endpoints); the owner can fetch what it missed from its feed.
 */
export async function schakelUitBijDeactiveren(tx: EntityManager, organisatie: string, nu: Date): Promise<string[]> {
  const r = await tx.getConnection().execute<{ id: string }[]>(
    `update webhook_endpoint set actief = false, uitschakelreden = ?, uitgeschakeld_op = ?, gewijzigd_op = ?
      where organisatie = ? and actief returning id`,
    [WebhookUitschakelreden.ORGANISATIE_GEDEACTIVEERD, nu, nu, organisatie],
    'all',
    tx.getTransactionContext(),
  );
  return r.map((x) => x.id);
}

/** Switches exactly the endpoints that deactivation switched off back on (a fresh failure clock); returns their ids. */
export async function schakelInBijHeractiveren(tx: EntityManager, organisatie: string, nu: Date): Promise<string[]> {
  const r = await tx.getConnection().execute<{ id: string }[]>(
    `update webhook_endpoint set actief = true, uitschakelreden = null, uitgeschakeld_op = null, falend_sinds = null, gewijzigd_op = ?
      where organisatie = ? and not actief and uitschakelreden = ? returning id`,
    [nu, organisatie, WebhookUitschakelreden.ORGANISATIE_GEDEACTIVEERD],
    'all',
    tx.getTransactionContext(),
  );
  return r.map((x) => x.id);
}

/**
 * Beheer switches an endpoint off (reason BEHEER: the owner cannot switch it back on) or on (whatever switched it
 * off, except the owner's deactivation while it lasts). Returns whether anything changed.
 */
export async function zetDoorBeheer(
  tx: EntityManager,
  e: WebhookEndpointEntity,
  actief: boolean,
  eigenaarActief: boolean,
  nu: Date,
): Promise<boolean> {
  if (e.actief === actief) return false;
  if (actief && !eigenaarActief) {
    throw ongeldigeInvoer([
      {
        veld: 'actief',
        code: 'ORGANISATIE_NIET_ACTIEF',
        melding: 'De organisatie is gedeactiveerd; heractiveer haar eerst (haar endpoints gaan dan vanzelf weer aan).',
      },
    ]);
  }
  e.actief = actief;
  e.uitschakelreden = actief ? null : WebhookUitschakelreden.BEHEER;
  e.uitgeschakeldOp = actief ? null : nu;
  e.falendSinds = null;
  e.gewijzigdOp = nu;
  await tx.flush();
  return true;
}
