import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Event types for partner systems (Standard Webhooks `type`). Dotted, lower case, stable: partners switch on them.
 * An event names what happened and to which object; the content is fetched through GraphQL under the partner's policy.
 */
export const GebeurtenisType = {
  OVERDRACHT_AANGEBODEN: 'overdracht.aangeboden',
  OVERDRACHT_HERINNERING: 'overdracht.herinnering',
  OVERDRACHT_VERLOPEN: 'overdracht.verlopen',
  OVERDRACHT_INGETROKKEN: 'overdracht.ingetrokken',
  OVERDRACHT_BEEINDIGD: 'overdracht.beeindigd',
  VERZOEK_TOT_ONDERZOEK_GEDAAN: 'verzoek-tot-onderzoek.gedaan',
  MONITORING_INPUT_GEVRAAGD: 'monitoring.input-gevraagd',
  HWC_SIGNAAL: 'handle-with-care.signaal',
  HWC_INGETROKKEN: 'handle-with-care.ingetrokken',
  ZSM_VERZOEK_BEANTWOORD: 'zsm.verzoek-beantwoord',
  WEBHOOK_ENDPOINT_UITGESCHAKELD: 'webhook.endpoint-uitgeschakeld',
} as const;
export type GebeurtenisType = (typeof GebeurtenisType)[keyof typeof GebeurtenisType];

export interface NieuweGebeurtenis {
  /** The partner organisation (code) the event is for. */
  ontvanger: string;
  type: GebeurtenisType;
  objectType: string;
  objectId: string;
  /** The VT organisation the object belongs to, if any. */
  vtOrganisatie: string | null;
  op: Date;
}

/**
 * Writes an event to the outbox inside the caller's transaction: it exists if and only if the change commits.
 * The worker delivers it to the recipient's webhook endpoints (aflevering.ts); the recipient can also read it from
 * the `gebeurtenissen` feed.
 * Returns the event id (the Standard Webhooks `webhook-id`, stable across redeliveries).
 */
export async function schrijfGebeurtenis(tx: EntityManager, g: NieuweGebeurtenis): Promise<string> {
  const id = crypto.randomUUID();
  // One writer per recipient at a time, until commit: the recipient's events then become visible in volgnummer
  // order, so a partner reading the feed after cursor N can never later find a committed event below N (without
  // the lock, a transaction that drew N-1 could commit after one that drew N). Events for one partner organisation
  // are few (tens a day); the lock is held from here to the commit only.
  await tx
    .getConnection()
    .execute(`select pg_advisory_xact_lock(hashtextextended('gebeurtenis:' || ?, 0))`, [g.ontvanger], 'run', tx.getTransactionContext());
  await tx
    .getConnection()
    .execute(
      `insert into gebeurtenis (id, ontvanger, type, object_type, object_id, vt_organisatie, aangemaakt_op) values (?, ?, ?, ?, ?, ?, ?)`,
      [id, g.ontvanger, g.type, g.objectType, g.objectId, g.vtOrganisatie, g.op],
      'run',
      tx.getTransactionContext(),
    );
  return id;
}
