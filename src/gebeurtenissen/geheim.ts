import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** Standard Webhooks secrets are `whsec_` + base64 of the key; the spec asks for 24 to 64 random bytes. */
const PREFIX = 'whsec_';
const SLEUTEL_BYTES = 32;

/** A fresh signing secret in Standard Webhooks form; shown to the partner once and never again. */
export function nieuwGeheim(): string {
  return PREFIX + randomBytes(SLEUTEL_BYTES).toString('base64');
}

/**
 * How a secret is stored. With a master key (WEBHOOK_GEHEIM_SLEUTEL, kept outside the database: a secret store or
 * KMS in production) the secret is sealed with AES-256-GCM, bound to its endpoint as associated data, so a reader of
 * the database alone cannot sign deliveries and a sealed secret cannot be moved to another endpoint's row. Without
 * a master key (development, tests) it is stored as-is, marked `plat:`. Either way GraphQL never returns a stored
 * secret: the partner sees it only in the answer to registration or rotation, and in the answer to a retry of its
 * registration with the same idempotency key, before any rotation (`registratieHerhalen`).
 */
export function bewaarGeheim(geheim: string, endpointId: string, masterSleutel: Buffer | undefined): string {
  if (!masterSleutel) return `plat:${geheim}`;
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', masterSleutel, iv);
  c.setAAD(Buffer.from(endpointId));
  const versleuteld = Buffer.concat([c.update(geheim, 'utf8'), c.final()]);
  return `aes256gcm:${iv.toString('base64')}:${c.getAuthTag().toString('base64')}:${versleuteld.toString('base64')}`;
}

/** The inverse of `bewaarGeheim`; throws when a sealed secret cannot be opened with the configured key. */
export function leesGeheim(bewaard: string, endpointId: string, masterSleutel: Buffer | undefined): string {
  if (bewaard.startsWith('plat:')) return bewaard.slice('plat:'.length);
  const [soort, iv, tag, data] = bewaard.split(':');
  if (soort !== 'aes256gcm' || !iv || !tag || !data) throw new Error('onbekende opslagvorm van een webhookgeheim');
  if (!masterSleutel) throw new Error('webhookgeheim is versleuteld maar WEBHOOK_GEHEIM_SLEUTEL ontbreekt');
  const d = createDecipheriv('aes-256-gcm', masterSleutel, Buffer.from(iv, 'base64'));
  d.setAAD(Buffer.from(endpointId));
  d.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([d.update(Buffer.from(data, 'base64')), d.final()]).toString('utf8');
}

/**
 * The `webhook-signature` header: one `v1,<base64 HMAC-SHA256>` per valid secret, space-separated (Standard Webhooks
 * allows several, which is how a rotation's overlap works: a receiver accepts the message if any one verifies).
 * Signed content: `${id}.${timestamp}.${body}` with the base64-decoded key after `whsec_`.
 */
export function onderteken(geheimen: readonly string[], id: string, tijdstip: Date, body: string): string {
  return geheimen.map((g) => new Webhook(g).sign(id, tijdstip, body)).join(' ');
}
