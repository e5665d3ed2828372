import { createPublicKey, type JsonWebKey } from 'node:crypto';

import { isRol, organisatieSoortenPerRol, type OrganisatieSoort } from '../auth/rollen';
import type { VeldFout } from '../lib/errors';
import { Betrouwbaarheidsniveau } from '../organisaties/organisatie.entity';

/** A JWK set as stored: public keys only. */
export interface JwkSet {
  keys: Record<string, unknown>[];
}

/** A trusted issuer as onboarding registers it: the whole state after a registration or change. */
export interface IssuerGegevens {
  issuer: string;
  naam: string;
  jwksUri: string | null;
  jwks: JwkSet | null;
  audience: string | null;
  claims: { rol?: string; organisatie?: string; teams?: string };
  rolWaarden: Record<string, string>;
  toegestaneClients: string[];
  acrNiveaus: Record<string, string>;
  minBetrouwbaarheid: string | null;
  maxTokenLeeftijdS: number | null;
}

/** One organisation an issuer may speak for, with its roles there. */
export interface BindingGegevens {
  issuer: string;
  organisatie: string;
  externId: string;
  rollen: string[];
}

const NIVEAUS = new Set<string>(Object.values(Betrouwbaarheidsniveau));
const CLAIMS = ['rol', 'organisatie', 'teams'] as const;
const CLAIMNAAM = /^[A-Za-z0-9_.:/-]{1,100}$/;
/** JWK members that only a private or symmetric key has: such material never enters the database. */
const PRIVE_LEDEN = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
/** Longest token age that may be configured: a day (access tokens live minutes; NL GOV profile). */
export const MAX_TOKEN_LEEFTIJD_S = 86_400;

/**
 * Checks an absolute URL for an issuer or its JWKS: https (http only outside production), no credentials, query or
 * fragment (an OIDC issuer identifier has none; a JWKS URL needs none).
 */
function controleerUrl(waarde: string, veld: string, isProductie: boolean, fouten: VeldFout[]): void {
  let u: URL;
  try {
    u = new URL(waarde);
  } catch {
    fouten.push({
      veld,
      code: 'ONGELDIGE_URL',
      melding: 'Geef een volledige URL, bijvoorbeeld https://login.partner.example/realms/ketenpoort.',
    });
    return;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    fouten.push({ veld, code: 'ONGELDIGE_URL', melding: 'Alleen https-URL’s zijn toegestaan.' });
  } else if (isProductie && u.protocol !== 'https:') {
    fouten.push({ veld, code: 'HTTPS_VEREIST', melding: 'In productie moet dit een https-URL zijn.' });
  }
  if (u.username || u.password || u.search || u.hash) {
    fouten.push({
      veld,
      code: 'ONGELDIGE_URL',
      melding: 'Een URL zonder gebruikersnaam, wachtwoord, ?query of #fragment.',
    });
  }
  if (waarde.length > 500) fouten.push({ veld, code: 'ONGELDIGE_URL', melding: 'Ten hoogste 500 tekens.' });
}

/**
 * Reads an inline JWK set (JSON text or an object) and checks that every key is a public signing key that parses:
 * no private or symmetric key material (`d`, `k`, ...), RSA at least 2048 bits. Returns the set, or the problems.
 */
export function leesJwks(invoer: unknown, veld = 'jwks'): { jwks: JwkSet | null; fouten: VeldFout[] } {
  let set: unknown = invoer;
  if (typeof invoer === 'string') {
    try {
      set = JSON.parse(invoer);
    } catch {
      return {
        jwks: null,
        fouten: [{ veld, code: 'JWKS_ONGELDIG', melding: 'Geef een JWK-set als JSON: {"keys":[...]}.' }],
      };
    }
  }
  const keys = (set as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > 20) {
    return {
      jwks: null,
      fouten: [{ veld, code: 'JWKS_ONGELDIG', melding: 'Een JWK-set heeft 1 tot 20 sleutels in "keys".' }],
    };
  }
  const fouten: VeldFout[] = [];
  keys.forEach((k: unknown, i) => {
    const pad = `${veld}.keys[${i}]`;
    if (!k || typeof k !== 'object' || Array.isArray(k)) {
      fouten.push({ veld: pad, code: 'JWKS_ONGELDIG', melding: 'Een sleutel is een JSON-object.' });
      return;
    }
    const jwk = k as Record<string, unknown>;
    if (PRIVE_LEDEN.some((l) => l in jwk) || jwk.kty === 'oct') {
      fouten.push({
        veld: pad,
        code: 'PRIVE_SLEUTEL',
        melding:
          'Geef alleen publieke sleutels: deze bevat privé- of symmetrisch sleutelmateriaal. Trek die sleutel in bij de identity provider.',
      });
      return;
    }
    if (jwk.kty !== 'RSA' && jwk.kty !== 'EC' && jwk.kty !== 'OKP') {
      fouten.push({ veld: pad, code: 'JWKS_ONGELDIG', melding: 'Een ondertekensleutel heeft kty RSA, EC of OKP.' });
      return;
    }
    if (jwk.use !== undefined && jwk.use !== 'sig') {
      fouten.push({ veld: pad, code: 'JWKS_ONGELDIG', melding: 'Alleen sleutels voor ondertekening (use "sig").' });
      return;
    }
    try {
      const sleutel = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
      if (sleutel.asymmetricKeyType === 'rsa' && (sleutel.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
        fouten.push({ veld: pad, code: 'SLEUTEL_TE_ZWAK', melding: 'Een RSA-sleutel heeft ten minste 2048 bits.' });
      }
      if (sleutel.asymmetricKeyType === 'x25519' || sleutel.asymmetricKeyType === 'x448') {
        fouten.push({
          veld: pad,
          code: 'JWKS_ONGELDIG',
          melding: 'Een X25519/X448-sleutel is voor versleuteling, niet voor ondertekening.',
        });
      }
    } catch {
      fouten.push({ veld: pad, code: 'JWKS_ONGELDIG', melding: 'Deze sleutel is geen geldige publieke JWK.' });
    }
  });
  return fouten.length ? { jwks: null, fouten } : { jwks: { keys: keys as Record<string, unknown>[] }, fouten: [] };
}

/** Checks an issuer's whole state; returns every problem. The JWK set was read (and checked) by `leesJwks`. */
export function valideerIssuer(g: IssuerGegevens, isProductie: boolean): VeldFout[] {
  const f: VeldFout[] = [];
  controleerUrl(g.issuer, 'issuer', isProductie, f);
  if (g.naam.length < 1 || g.naam.length > 200) {
    f.push({ veld: 'naam', code: 'ONGELDIGE_NAAM', melding: 'Geef een naam van 1 tot 200 tekens.' });
  }
  if ((g.jwksUri == null) === (g.jwks == null)) {
    f.push({
      veld: 'jwksUri',
      code: 'JWKS_PRECIES_EEN',
      melding: 'Geef precies één van jwksUri (waar de issuer zijn sleutels publiceert) of jwks (de sleutels zelf).',
    });
  }
  if (g.jwksUri != null) controleerUrl(g.jwksUri, 'jwksUri', isProductie, f);
  if (g.audience != null && (g.audience.length < 1 || g.audience.length > 200)) {
    f.push({
      veld: 'audience',
      code: 'ONGELDIGE_AUDIENCE',
      melding: 'Een audience is 1 tot 200 tekens; laat haar weg voor OIDC_AUDIENCE.',
    });
  }
  for (const [naam, waarde] of Object.entries(g.claims)) {
    if (!(CLAIMS as readonly string[]).includes(naam)) {
      f.push({ veld: `claims.${naam}`, code: 'ONBEKENDE_CLAIM', melding: `Te vertalen claims: ${CLAIMS.join(', ')}.` });
    } else if (waarde != null && !CLAIMNAAM.test(waarde)) {
      f.push({
        veld: `claims.${naam}`,
        code: 'ONGELDIGE_CLAIMNAAM',
        melding: 'Een claimnaam is 1 tot 100 letters, cijfers of _ . : / -.',
      });
    }
  }
  for (const [waarde, rol] of Object.entries(g.rolWaarden)) {
    if (waarde.length < 1 || waarde.length > 200) {
      f.push({
        veld: 'rolWaarden',
        code: 'ONGELDIGE_WAARDE',
        melding: 'Een rolwaarde van de issuer is 1 tot 200 tekens.',
      });
    }
    if (!isRol(rol)) {
      f.push({ veld: `rolWaarden.${waarde}`, code: 'ROL_ONBEKEND', melding: `${rol} is geen rol van Ketenpoort.` });
    }
  }
  if (g.toegestaneClients.length > 50 || g.toegestaneClients.some((c) => c.length < 1 || c.length > 200)) {
    f.push({
      veld: 'toegestaneClients',
      code: 'ONGELDIGE_CLIENT',
      melding: 'Ten hoogste 50 client-ids van 1 tot 200 tekens.',
    });
  }
  for (const [acr, niveau] of Object.entries(g.acrNiveaus)) {
    if (acr.length < 1 || acr.length > 500) {
      f.push({ veld: 'acrNiveaus', code: 'ONGELDIGE_WAARDE', melding: 'Een acr-waarde is 1 tot 500 tekens.' });
    }
    if (!NIVEAUS.has(niveau)) {
      f.push({ veld: `acrNiveaus.${acr}`, code: 'NIVEAU_ONBEKEND', melding: 'Kies LAAG, SUBSTANTIEEL of HOOG.' });
    }
  }
  if (g.minBetrouwbaarheid != null && !NIVEAUS.has(g.minBetrouwbaarheid)) {
    f.push({ veld: 'minBetrouwbaarheid', code: 'NIVEAU_ONBEKEND', melding: 'Kies LAAG, SUBSTANTIEEL of HOOG.' });
  }
  if (
    g.maxTokenLeeftijdS != null &&
    (!Number.isInteger(g.maxTokenLeeftijdS) || g.maxTokenLeeftijdS < 1 || g.maxTokenLeeftijdS > MAX_TOKEN_LEEFTIJD_S)
  ) {
    f.push({
      veld: 'maxTokenLeeftijdS',
      code: 'ONGELDIGE_TOKENLEEFTIJD',
      melding: `Geef 1 tot ${MAX_TOKEN_LEEFTIJD_S} seconden, of laat het weg.`,
    });
  }
  return f;
}

/** Checks a binding against the organisation's kind: every role must be one that kind may act in. */
export function valideerBinding(b: BindingGegevens, soort: OrganisatieSoort, veld = ''): VeldFout[] {
  const f: VeldFout[] = [];
  const p = (v: string): string => (veld ? `${veld}.${v}` : v);
  if (b.externId.length < 1 || b.externId.length > 200) {
    f.push({ veld: p('externId'), code: 'ONGELDIG_EXTERN_ID', melding: 'Een extern id is 1 tot 200 tekens.' });
  }
  if (b.rollen.length === 0) {
    f.push({
      veld: p('rollen'),
      code: 'GEEN_ROLLEN',
      melding: 'Geef ten minste één rol die de issuer voor deze organisatie mag toekennen.',
    });
  }
  for (const rol of b.rollen) {
    if (!isRol(rol)) f.push({ veld: p('rollen'), code: 'ROL_ONBEKEND', melding: `${rol} is geen rol van Ketenpoort.` });
    else if (!organisatieSoortenPerRol[rol].includes(soort)) {
      f.push({
        veld: p('rollen'),
        code: 'ROL_NIET_VOOR_SOORT',
        melding: `Rol ${rol} kan niet optreden voor een organisatie van soort ${soort}.`,
      });
    }
  }
  return f;
}
