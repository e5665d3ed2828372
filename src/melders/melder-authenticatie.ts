import type { EntityManager } from '@mikro-orm/postgresql';

import type { Actor } from '../auth/actor';
import { TokenGeweigerd } from '../auth/token-weigering';
import type { Clock } from '../lib/clock';
import { leesRijen } from '../lib/lezen';
import { hashVanGeheim } from './melder-toegang.service';

/** The issuer recorded for a melder (audit, idempotency keys, rate limits): our own access, not an identity provider. */
export const MELDER_ISSUER = 'urn:ketenpoort:melderstoegang';

/** `Melder <geheim>`: 43 base64url characters (256 random bits). */
const HEADER = /^Melder\s+(\S*)$/;
const GEHEIM = /^[A-Za-z0-9_-]{43}$/;

/** Whether an Authorization header is a melder's (and not a bearer token). */
export function isMelderHeader(authorization: string | undefined): boolean {
  return authorization !== undefined && /^Melder(\s|$)/.test(authorization.trim());
}

interface ToegangRij {
  id: string;
  melding_id: string;
  vt_organisatie: string;
  geldig_tot: number;
  ingetrokken_op: number | null;
}

/**
 * Turns `Authorization: Melder <geheim>` into the melder's actor: role MELDER, bound to exactly the melding the access
 * was issued for, acting under the VT organisation that holds it (but never as its staff: `isVtMedewerker` is false).
 * Checked on every request, so a revocation takes effect at once. Invariant: only a secret whose hash VT stored, not
 * revoked and not expired by the injected clock, becomes an actor; every other header is a TokenGeweigerd.
 */
export async function melderActor(em: EntityManager, clock: Clock, authorization: string): Promise<Actor> {
  const geheim = HEADER.exec(authorization.trim())?.[1] ?? '';
  if (!GEHEIM.test(geheim)) {
    throw new TokenGeweigerd('MELDERTOEGANG_ONGELDIG', 'de melderstoegang is onleesbaar; gebruik "Melder <geheim>"');
  }
  const [t] = await leesRijen<ToegangRij>(
    em.fork(),
    `select id, melding_id, vt_organisatie, (extract(epoch from geldig_tot) * 1000)::float8 as geldig_tot,
            (extract(epoch from ingetrokken_op) * 1000)::float8 as ingetrokken_op
       from melder_toegang_zoek(?)`,
    [hashVanGeheim(geheim)],
  );
  if (!t) throw new TokenGeweigerd('MELDERTOEGANG_ONGELDIG', 'deze melderstoegang bestaat niet');
  if (t.ingetrokken_op !== null && t.ingetrokken_op <= clock.now().getTime()) {
    throw new TokenGeweigerd('MELDERTOEGANG_INGETROKKEN', 'Veilig Thuis heeft deze melderstoegang ingetrokken');
  }
  if (clock.now().getTime() >= t.geldig_tot) {
    throw new TokenGeweigerd(
      'MELDERTOEGANG_VERLOPEN',
      'deze melderstoegang is verlopen; vraag Veilig Thuis om een nieuwe',
    );
  }
  const actor: Actor = {
    sub: `melder:${t.id}`,
    soort: 'PERSOON',
    rol: 'MELDER',
    organisatie: {
      code: t.vt_organisatie,
      naam: `Melder bij Veilig Thuis ${t.vt_organisatie}`,
      soort: 'VEILIG_THUIS',
      regioCodes: [t.vt_organisatie],
    },
    issuer: MELDER_ISSUER,
    teams: [],
    melding: t.melding_id,
  };
  return Object.freeze(actor);
}
