import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

import type { AdresOpzoeker, WebhookConfig } from '../lib/config';
import type { VeldFout } from '../lib/errors';

/**
 * Where a webhook may go (SSRF). The worker sends signed POSTs from inside VT's network; an endpoint URL is chosen by a
 * partner (or by whoever holds a partner token), so it must never reach the worker's own machine, VT's private
 * network, the cloud metadata service or any other special-purpose address.
 *
 * What must hold:
 * - An address is allowed only if `ipaddr.js` classifies it as `unicast` (every special-purpose range of the IANA
 *   registries is a named range there: loopback, private, linkLocal, carrierGradeNat, reserved, multicast, 6to4,
 *   teredo, NAT64, ...), and an IPv6 address also lies in 2000::/3, the global unicast block (ipaddr.js calls the
 *   deprecated IPv4-compatible `::a.b.c.d` "unicast"). An IPv4-mapped IPv6 address is judged by its IPv4 address.
 *   WEBHOOK_PRIVE_ADRESSEN_TOESTAAN adds loopback, private and unique-local for development; nothing else, so the
 *   metadata service (169.254.169.254, link-local) stays out even then.
 * - A host name is checked as written (normalised: lower case, IDN as punycode, one trailing dot removed) and every
 *   address it resolves to is checked, at registration and again at every delivery; the delivery then connects only
 *   to the addresses it checked (verzending.ts), so a DNS answer that changes in between (rebinding) gains nothing.
 * - An IPv4 literal must be written in dotted decimal: resolvers accept `127.1`, `0x7f000001`, `2130706433` and
 *   `0177.0.0.1` as well, and a check that compares strings would miss them.
 */

/** The policy part of the webhook configuration. */
export type AdresBeleid = Pick<WebhookConfig, 'httpsVereist' | 'alleenStandaardpoort' | 'priveAdressenToegestaan'>;

/** The stable reasons (`extensions.reden`, a delivery's `laatsteFout`). */
export const AdresReden = {
  /** The address, host name or port is not a public destination. */
  NIET_TOEGESTAAN: 'WEBHOOK_ADRES_NIET_TOEGESTAAN',
  /** The host name does not resolve (now). */
  ONBEKEND: 'WEBHOOK_ADRES_ONBEKEND',
} as const;
export type AdresReden = (typeof AdresReden)[keyof typeof AdresReden];

/** Ranges allowed only with WEBHOOK_PRIVE_ADRESSEN_TOESTAAN (a receiver on the developer's machine or network). */
const PRIVE_BEREIKEN: ReadonlySet<string> = new Set(['loopback', 'private', 'uniqueLocal']);

/** IPv6 global unicast (RFC 4291 §2.4, IANA IPv6 address space): everything outside it is special or unassigned. */
const IPV6_GLOBAAL_UNICAST = ipaddr.parseCIDR('2000::/3');

/**
 * Names meant for a local network only (RFC 6761 localhost, RFC 6762 .local, RFC 8375 home.arpa, ICANN's .internal):
 * refused without WEBHOOK_PRIVE_ADRESSEN_TOESTAAN, whatever they resolve to.
 */
const LOKALE_DOMEINEN = ['localhost', 'local', 'internal', 'home.arpa'] as const;

export type AdresOordeel = { toegestaan: true } | { toegestaan: false; bereik: string };

/** Whether the worker may connect to this IP address (canonical text form, as from the URL parser or a resolver). */
export function beoordeelAdres(adres: string, beleid: Pick<AdresBeleid, 'priveAdressenToegestaan'>): AdresOordeel {
  // node:net, not ipaddr.isValid: ipaddr.js also parses the odd IPv4 forms, which never come from a resolver.
  if (isIP(adres) === 0) return { toegestaan: false, bereik: 'geenAdres' };
  let ip = ipaddr.parse(adres);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const bereik: string = ip.range();
  if (bereik === 'unicast' && (ip.kind() === 'ipv4' || ip.match(IPV6_GLOBAAL_UNICAST))) return { toegestaan: true };
  if (beleid.priveAdressenToegestaan && PRIVE_BEREIKEN.has(bereik)) return { toegestaan: true };
  return { toegestaan: false, bereik: bereik === 'unicast' ? 'nietGlobaal' : bereik };
}

/** A parsed endpoint URL with its normalised host. */
export interface Bestemming {
  url: URL;
  /** Lower case, IDN as punycode, no trailing dot, IPv6 without brackets: what is checked, resolved and connected to. */
  host: string;
  /** The host is an IP address literal (checked as it is; not resolved). */
  isAdres: boolean;
}

function weiger(veld: string, melding: string): VeldFout {
  return { veld, code: AdresReden.NIET_TOEGESTAAN, melding };
}

const PUBLIEK = 'Een webhook-endpoint moet een publiek adres hebben (een domeinnaam of publiek IP-adres).';

/**
 * The host exactly as written in the URL (between `//` and the path, without userinfo and port), or null when it
 * cannot be found.
 */
function geschrevenHost(url: string): string | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)/i.exec(url);
  return m ? m[1] : null;
}

/**
 * Checks an endpoint URL as written (no DNS): absolute http(s), https in production, no credentials, no fragment, no
 * control characters; and the address part: no IP literal in an odd notation, no special-purpose IP literal, no
 * local-network name, in production no port other than 443. Returns the problems found and, when there are none,
 * the destination to resolve.
 */
export function ontleedUrl(
  url: string,
  beleid: AdresBeleid,
  veld = 'url',
): { fouten: VeldFout[]; bestemming?: Bestemming } {
  // The URL parser silently drops tabs and newlines and trims spaces; a URL that needs that is refused instead, so
  // what is checked is what was written.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(url)) {
    return { fouten: [{ veld, code: 'ONGELDIGE_URL', melding: 'Een URL bevat geen spaties of stuurtekens.' }] };
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return {
      fouten: [
        {
          veld,
          code: 'ONGELDIGE_URL',
          melding: 'Geef een volledige URL, bijvoorbeeld https://partner.example/webhooks/ketenpoort.',
        },
      ],
    };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    return { fouten: [{ veld, code: 'ONGELDIGE_URL', melding: 'Alleen https-URL’s zijn toegestaan.' }] };
  }
  const fouten: VeldFout[] = [];
  if (beleid.httpsVereist && u.protocol !== 'https:') {
    fouten.push({ veld, code: 'HTTPS_VEREIST', melding: 'Een webhook-endpoint moet https gebruiken.' });
  }
  if (u.username || u.password) {
    fouten.push({
      veld,
      code: 'INLOGGEGEVENS_IN_URL',
      melding: 'Zet geen gebruikersnaam of wachtwoord in de URL; berichten zijn ondertekend.',
    });
  }
  if (u.hash) {
    fouten.push({ veld, code: 'ONGELDIGE_URL', melding: 'Een URL met #fragment wordt niet verstuurd; laat het weg.' });
  }
  if (beleid.alleenStandaardpoort && u.port !== '') {
    fouten.push(weiger(veld, 'Een webhook-endpoint gebruikt de standaardpoort van https (443); laat de poort weg.'));
  }

  const isIpv6 = u.hostname.startsWith('[');
  let host = isIpv6 ? u.hostname.slice(1, -1) : u.hostname;
  if (!isIpv6 && host.endsWith('.')) host = host.slice(0, -1);
  const isAdres = isIP(host) !== 0;
  if (isIP(host) === 4 && geschrevenHost(url) !== host) {
    // The parser turned 127.1, 0x7f000001, 0177.0.0.1, 127.0.0.1. or full-width digits into a dotted quad.
    fouten.push(
      weiger(veld, 'Schrijf een IPv4-adres als vier decimale getallen (a.b.c.d), of gebruik een domeinnaam.'),
    );
  } else if (isAdres) {
    const oordeel = beoordeelAdres(host, beleid);
    if (!oordeel.toegestaan) fouten.push(weiger(veld, `${PUBLIEK} ${host} is een ${oordeel.bereik}-adres.`));
  } else if (host === '' || host.endsWith('.') || host.includes('..')) {
    fouten.push({ veld, code: 'ONGELDIGE_URL', melding: 'De hostnaam is ongeldig.' });
  } else if (!beleid.priveAdressenToegestaan) {
    if (LOKALE_DOMEINEN.some((d) => host === d || host.endsWith(`.${d}`))) {
      fouten.push(weiger(veld, `${PUBLIEK} ${host} is een naam voor het lokale netwerk.`));
    }
    // A single label is completed by the resolver's search list: it names a host on the local network.
    else if (!host.includes('.')) fouten.push(weiger(veld, `${PUBLIEK} Geef een volledige domeinnaam, niet ${host}.`));
  }
  return fouten.length ? { fouten } : { fouten, bestemming: { url: u, host, isAdres } };
}

/** The system resolver: every address of the name, in the resolver's order. */
export const systeemOpzoeker: AdresOpzoeker = (host) =>
  // A fully qualified name is looked up as absolute (trailing dot), so the resolver's search list is never appended
  // to it. Single labels (only with WEBHOOK_PRIVE_ADRESSEN_TOESTAAN, e.g. localhost) go as they are.
  lookup(host.includes('.') ? `${host}.` : host, { all: true, verbatim: true });

/** An address the delivery may connect to. */
export interface GecontroleerdAdres {
  address: string;
  family: 4 | 6;
}

export type Adrescontrole =
  { toegestaan: true; adressen: GecontroleerdAdres[] } | { toegestaan: false; reden: AdresReden; toelichting: string };

/**
 * Resolves the destination and checks every address it resolves to. All must be allowed: one refused address refuses
 * the destination (a resolver that mixes a public and a private answer gains nothing). On success the checked
 * addresses are returned; the caller connects to these and to nothing else. Never throws.
 */
export async function controleerBestemming(
  b: Bestemming,
  beleid: AdresBeleid,
  opzoeker: AdresOpzoeker = systeemOpzoeker,
): Promise<Adrescontrole> {
  if (b.isAdres) {
    const oordeel = beoordeelAdres(b.host, beleid);
    if (!oordeel.toegestaan) {
      return { toegestaan: false, reden: AdresReden.NIET_TOEGESTAAN, toelichting: `${b.host} (${oordeel.bereik})` };
    }
    return { toegestaan: true, adressen: [{ address: b.host, family: isIP(b.host) as 4 | 6 }] };
  }
  let antwoord: readonly { address: string; family: number }[];
  try {
    antwoord = await opzoeker(b.host);
  } catch (e) {
    return {
      toegestaan: false,
      reden: AdresReden.ONBEKEND,
      toelichting: `${b.host}: ${String((e as { code?: string }).code ?? (e as Error).message)}`,
    };
  }
  if (antwoord.length === 0) {
    return { toegestaan: false, reden: AdresReden.ONBEKEND, toelichting: `${b.host}: geen adressen` };
  }
  const adressen: GecontroleerdAdres[] = [];
  for (const a of antwoord) {
    const oordeel = beoordeelAdres(a.address, beleid);
    if (!oordeel.toegestaan) {
      return {
        toegestaan: false,
        reden: AdresReden.NIET_TOEGESTAAN,
        toelichting: `${b.host} → ${a.address} (${oordeel.bereik})`,
      };
    }
    adressen.push({ address: a.address, family: isIP(a.address) as 4 | 6 });
  }
  return { toegestaan: true, adressen };
}
