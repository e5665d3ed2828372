import type { JWTPayload } from 'jose';

import type { Actor } from './actor';
import { isRol, organisatieSoortenPerRol, type Rol, ROLLEN_ZONDER_TOKEN } from './rollen';
import { TokenGeweigerd } from './token-weigering';
import { isMinstens, niveauVanAcr, type VertrouwdeIssuer, type Vertrouwensgegevens } from './vertrouwen';

/** Our claim names; an issuer may use others (issuer.claims). */
export const CLAIM_ROL = 'ketenpoort_rol';
export const CLAIM_ORGANISATIE = 'ketenpoort_organisatie';
export const CLAIM_TEAMS = 'ketenpoort_teams';

/** What deciding on a verified token's claims needs: who issued it, and the trust data it was verified against. */
export interface ClaimContext {
  iss: string;
  /** The registered issuer; absent for the development issuer, which may assert any registered organisation and role. */
  issuer?: VertrouwdeIssuer;
  gegevens: Vertrouwensgegevens;
  rollenMetPersoonsgegevens: ReadonlySet<Rol>;
}

/**
 * Turns the verified claims of a token into an Actor, deciding what the issuer may assert: its client (azp), the
 * organisation (through its binding), the role (mapped, in the binding, fit for the organisation's kind) and the
 * assurance level for roles that read person data. Invariant: an organisation or role the issuer is not bound to,
 * or a deactivated organisation, never becomes an Actor.
 */
export function actorUitClaims(p: JWTPayload, c: ClaimContext): Actor {
  const { issuer } = c;
  const details: Record<string, string> = { issuer: c.iss };

  if (issuer && issuer.toegestaneClients.length > 0) {
    // RFC 9068 access tokens name the client in client_id; OIDC/NL GOV tokens in azp.
    const client = typeof p.azp === 'string' ? p.azp : typeof p.client_id === 'string' ? p.client_id : undefined;
    if (!client || !issuer.toegestaneClients.includes(client)) {
      throw new TokenGeweigerd(
        'CLIENT_NIET_TOEGESTAAN',
        client
          ? `client ${client} is niet toegestaan voor deze issuer`
          : 'claim azp (of client_id) ontbreekt; deze issuer vereist een toegestane client',
        { ...details, client: (client ?? '').slice(0, 200) },
      );
    }
  }

  const orgClaim = issuer?.claims.organisatie ?? CLAIM_ORGANISATIE;
  const orgWaarde = p[orgClaim];
  if (typeof orgWaarde !== 'string' || orgWaarde.length === 0) {
    throw new TokenGeweigerd('CLAIM_ONTBREEKT', `claim ${orgClaim} (organisatie) ontbreekt`, details);
  }
  details.organisatie = orgWaarde.slice(0, 200);
  const binding = issuer ? issuer.bindingen.get(orgWaarde) : undefined;
  if (issuer && !binding) {
    throw new TokenGeweigerd(
      'ORGANISATIE_NIET_TOEGESTAAN',
      'deze issuer mag niet optreden voor de organisatie in het token',
      details,
    );
  }
  const organisatie = c.gegevens.organisaties.get(binding?.organisatie ?? orgWaarde);
  if (!organisatie) {
    throw new TokenGeweigerd(
      'ORGANISATIE_NIET_TOEGESTAAN',
      'de organisatie in het token is niet geregistreerd',
      details,
    );
  }
  if (!organisatie.actief) {
    throw new TokenGeweigerd('ORGANISATIE_GEDEACTIVEERD', 'de organisatie in het token is gedeactiveerd', details);
  }

  const rolClaim = issuer?.claims.rol ?? CLAIM_ROL;
  const rolWaarde = enkeleWaarde(p[rolClaim]);
  if (rolWaarde === undefined) {
    throw new TokenGeweigerd(
      'CLAIM_ONTBREEKT',
      `claim ${rolClaim} (rol) ontbreekt of heeft niet precies één waarde`,
      details,
    );
  }
  details.rol = rolWaarde.slice(0, 100);
  const rolWaarden = issuer?.rolWaarden ?? {};
  // A mapping, once given, is the complete list: an unmapped value is not silently taken as one of ours.
  const rol =
    Object.keys(rolWaarden).length > 0
      ? Object.hasOwn(rolWaarden, rolWaarde)
        ? rolWaarden[rolWaarde]
        : undefined
      : rolWaarde;
  if (rol === undefined || !isRol(rol)) {
    throw new TokenGeweigerd(
      'ROL_ONBEKEND',
      `rol ${rolWaarde} is geen bekende rol${Object.keys(rolWaarden).length > 0 ? ' in de rolvertaling van deze issuer' : ''}`,
      details,
    );
  }
  if (ROLLEN_ZONDER_TOKEN.includes(rol)) {
    throw new TokenGeweigerd(
      'ROL_NIET_TOEGESTAAN',
      `rol ${rol} komt nooit uit een token: een melder gebruikt de toegang die Veilig Thuis uitgaf (Authorization: Melder <geheim>)`,
      details,
    );
  }
  if (binding && !binding.rollen.includes(rol)) {
    throw new TokenGeweigerd(
      'ROL_NIET_TOEGESTAAN',
      `deze issuer mag rol ${rol} niet toekennen voor deze organisatie`,
      details,
    );
  }
  if (!organisatieSoortenPerRol[rol].includes(organisatie.soort)) {
    throw new TokenGeweigerd(
      'ROL_NIET_TOEGESTAAN',
      `rol ${rol} kan niet optreden voor een organisatie van soort ${organisatie.soort}`,
      details,
    );
  }

  if (issuer?.minBetrouwbaarheid && c.rollenMetPersoonsgegevens.has(rol)) {
    const niveau = niveauVanAcr(p.acr, issuer.acrNiveaus);
    if (!isMinstens(niveau, issuer.minBetrouwbaarheid)) {
      throw new TokenGeweigerd(
        'BETROUWBAARHEID_TE_LAAG',
        `rol ${rol} leest persoonsgegevens en vereist betrouwbaarheidsniveau ${issuer.minBetrouwbaarheid}; het token heeft ${niveau ?? 'geen bekend niveau (acr)'}`,
        { ...details, acr: typeof p.acr === 'string' ? p.acr.slice(0, 200) : '' },
      );
    }
  }

  const teamsClaim = issuer?.claims.teams ?? CLAIM_TEAMS;
  const teams = p[teamsClaim];
  if (
    teams !== undefined &&
    !(Array.isArray(teams) && teams.every((t) => typeof t === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(t)))
  ) {
    throw new TokenGeweigerd('CLAIMS_ONGELDIG', `claim ${teamsClaim} moet een lijst teamcodes zijn`, details);
  }
  const act = p.act as { sub?: unknown } | undefined;
  return {
    sub: p.sub as string,
    soort: p.ketenpoort_actor_soort === 'SYSTEEM' ? 'SYSTEEM' : 'PERSOON',
    naam: typeof p.name === 'string' ? p.name : undefined,
    rol,
    organisatie: {
      code: organisatie.code,
      naam: organisatie.naam,
      soort: organisatie.soort,
      regioCodes: organisatie.regioCodes,
    },
    namens: typeof act?.sub === 'string' ? act.sub : undefined,
    issuer: c.iss,
    teams: (teams as string[] | undefined) ?? [],
  };
}

/** A string, or an array holding exactly one string (identity providers often issue roles as a list). */
function enkeleWaarde(v: unknown): string | undefined {
  if (typeof v === 'string' && v.length > 0) return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string' && v[0].length > 0) return v[0];
  return undefined;
}
