import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

import type { Bestemming, GecontroleerdAdres } from './webhook.adres';

/**
 * One HTTP POST to a destination whose addresses were just checked (webhook.adres.ts), connecting only to those.
 *
 * Why node:http(s) with a `lookup` of our own rather than `fetch`: the connection must go to the address that was
 * checked, not to whatever a second DNS query answers a moment later (DNS rebinding). node:net calls `lookup` for the
 * host name; ours answers with the checked addresses and nothing else (all of them, so Happy Eyeballs still works).
 * The URL's host name is kept as the request's host, so TLS sends it as SNI and verifies the certificate against it
 * (node's defaults: `rejectUnauthorized`, `checkServerIdentity`); the Host header carries it too. An IP literal is
 * connected to as it is (node does not call `lookup` for one) and was checked as such. Redirects are not followed
 * (node:http never does); no connection is reused (`agent: false`), so every delivery checks afresh.
 */
export interface Antwoord {
  status: number;
}

/** A `lookup` that only ever answers with the checked addresses, for the checked host name. */
function vastgepind(host: string, adressen: readonly GecontroleerdAdres[]): LookupFunction {
  return (hostnaam, opties, terug) => {
    if (hostnaam !== host) {
      const fout = Object.assign(new Error(`onverwachte opzoeking van ${hostnaam}`), {
        code: 'ADRES_NIET_GECONTROLEERD',
      });
      terug(fout, '', 4);
      return;
    }
    const passend = adressen.filter((a) => !opties.family || opties.family === a.family);
    if (opties.all) (terug as unknown as (e: null, a: GecontroleerdAdres[]) => void)(null, passend);
    else if (passend[0]) terug(null, passend[0].address, passend[0].family);
    else {
      terug(
        Object.assign(new Error(`geen gecontroleerd adres voor ${hostnaam}`), { code: 'ADRES_NIET_GECONTROLEERD' }),
        '',
        4,
      );
    }
  };
}

/**
 * POSTs `body` to the destination, connected only to `adressen`. Resolves with the status once the response headers
 * arrive (the body is never read: whatever the receiver says is not stored). Rejects on a network or TLS error
 * (with node's `code`) or when `signal` aborts.
 */
export function postNaar(
  b: Bestemming,
  adressen: readonly GecontroleerdAdres[],
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<Antwoord> {
  const https = b.url.protocol === 'https:';
  const opties: RequestOptions = {
    method: 'POST',
    host: b.host,
    port: b.url.port ? Number(b.url.port) : https ? 443 : 80,
    path: `${b.url.pathname}${b.url.search}`,
    headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    agent: false,
    lookup: vastgepind(b.host, adressen),
    signal,
  };
  return new Promise<Antwoord>((resolve, reject) => {
    const verzoek = (https ? httpsRequest : httpRequest)(opties, (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      res.destroy();
      resolve({ status });
    });
    verzoek.on('error', reject);
    verzoek.end(body);
  });
}
