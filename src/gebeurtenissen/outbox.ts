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
  HUISVERBOD_ADVIES: 'huisverbod.advies',
  HUISVERBOD_VERLENGD: 'huisverbod.verlengd',
  HUISVERBOD_INGETROKKEN: 'huisverbod.ingetrokken',
  AWARE_AANVRAAG_VOORGELEGD: 'aware.aanvraag-voorgelegd',
  AWARE_BESLUIT_HERINNERING: 'aware.besluit-herinnering',
  AWARE_BEEINDIGD: 'aware.beeindigd',
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
  /**
   * The casus the event is about (null: none, e.g. an endpoint notice or a ZSM answer). Required, so no writer forgets
   * it: while the casus' processing is restricted (src/rechten) no event is written for it, and the feed and the
   * delivery hold back those written before.
   */
  casusId: string | null;
  op: Date;
}

/**
 * Writes an event to the outbox inside the caller's transaction: it exists if and only if the change commits.
 * The worker delivers it to the recipient's webhook endpoints (aflevering.ts); the recipient can also read it from
 * the `gebeurtenissen` feed.
 *
 * `volgnummer` is the recipient's own: 1, 2, 3, ... per partner organisation, without gaps. A global sequence would
 * tell a partner, through its gaps, how much VT sends to others. It is drawn from the recipient's counter row in this
 * transaction (`... returning`): a rollback gives the number back with the event, so there are no gaps; and the row
 * lock, held until commit, makes a second writer for the same recipient wait, so the recipient's events become
 * visible in volgnummer order (a partner reading after cursor N never later finds a committed event below N).
 * Writers for other recipients take other rows and do not wait. Events for one partner are few (tens a day).
 * Returns the event id (the Standard Webhooks `webhook-id`, stable across redeliveries), or null when none was
 * written because the casus is restricted.
 */
export async function schrijfGebeurtenis(tx: EntityManager, g: NieuweGebeurtenis): Promise<string | null> {
  const id = crypto.randomUUID();
  const conn = tx.getConnection();
  if (g.casusId) {
    const [b] = await conn.execute<{ beperkt: boolean }[]>(
      `select casus_is_beperkt(?) as beperkt`,
      [g.casusId],
      'all',
      tx.getTransactionContext(),
    );
    // A restricted casus sends nothing to partners (AVG art. 18): not even "that".
    if (b?.beperkt) return null;
  }
  const [teller] = await conn.execute<{ laatste: string }[]>(
    `insert into gebeurtenis_teller as t (ontvanger, laatste) values (?, 1)
       on conflict (ontvanger) do update set laatste = t.laatste + 1
     returning laatste`,
    [g.ontvanger],
    'all',
    tx.getTransactionContext(),
  );
  await conn.execute(
    `insert into gebeurtenis (id, ontvanger, volgnummer, type, object_type, object_id, vt_organisatie, casus_id, aangemaakt_op) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, g.ontvanger, teller.laatste, g.type, g.objectType, g.objectId, g.vtOrganisatie, g.casusId, g.op],
    'run',
    tx.getTransactionContext(),
  );
  return id;
}
