import { createHash } from 'node:crypto';

/** Pseudonyms computed before, per organisation and persoon id (bounded: emptied when full). */
const bekend = new Map<string, string>();
const MAX_BEKEND = 100_000;

/**
 * The id under which a partner organisation sees a VT person in its handovers. Stable for that organisation (the same
 * person in two handovers to it has the same id), but different for every organisation and never VT's own persoon id:
 * two partners cannot link their handovers by id, and nobody can link a partner's ids to VT's audit trail. A one-way
 * hash of the organisation and VT's random persoon id, which no partner ever receives. Kept once computed (a partner's
 * inbox page computes 60; issue 14): the map holds only ids, both of which this process has anyway.
 */
export function persoonIdVoorPartner(ontvanger: string, persoonId: string): string {
  const sleutel = `ketenpoort/overdracht-persoon/${ontvanger}/${persoonId.toLowerCase()}`;
  const eerder = bekend.get(sleutel);
  if (eerder) return eerder;
  const h = createHash('sha256').update(sleutel).digest();
  // The form of a UUID (version 8, RFC 9562 variant), so the field keeps its shape.
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  const id = `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
  if (bekend.size >= MAX_BEKEND) bekend.clear();
  bekend.set(sleutel, id);
  return id;
}
