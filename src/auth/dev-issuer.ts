import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

import { isRol, type Rol } from './rollen';

/**
 * The development issuer: a locally generated ES256 key that signs tokens for any role, for local use
 * and tests. Invariant: the server trusts it only when enabled (config.devIssuerEnabled: ONTWIKKEL_ISSUER, or
 * the embedded database without DATABASE_URL) and never in production; `npm run token` refuses otherwise.
 */
export const DEV_ISSUER = 'urn:ketenpoort:ontwikkel-issuer';
const ALG = 'ES256';

interface KeyFile {
  privateJwk: JWK;
  publicJwk: JWK;
}

function keyPath(dataDir: string): string {
  return join(dataDir, 'dev-issuer-key.json');
}

/** Loads the development key pair from the data directory, creating it on first use. */
export async function loadOrCreateDevKeys(dataDir: string): Promise<KeyFile> {
  const path = keyPath(dataDir);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    const kid = `dev-${Date.now().toString(36)}`;
    const file: KeyFile = {
      privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG },
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' },
    };
    try {
      writeFileSync(path, JSON.stringify(file), { flag: 'wx', mode: 0o600 });
      return file;
    } catch {
      // Another process created it first; use theirs so both agree.
      return JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
    }
  }
}

/** The public key set the server uses to verify development tokens. */
export async function devJwks(dataDir: string): Promise<{ keys: JWK[] }> {
  return { keys: [(await loadOrCreateDevKeys(dataDir)).publicJwk] };
}

export interface DevTokenOptions {
  rol: Rol;
  organisatie: string;
  sub?: string;
  naam?: string;
  namens?: string;
  /** VT team codes (claim ketenpoort_teams). */
  teams?: readonly string[];
  soort?: 'PERSOON' | 'SYSTEEM';
  audience: string;
  geldigheidSeconden?: number;
  /** For tests of expiry: the issue time. */
  nu?: Date;
  /**
   * Sign under another issuer name than DEV_ISSUER (benchmarks in production mode register the development key as
   * an ordinary issuer). The key stays the development key: trust comes from the registration, not from this.
   */
  issuer?: string;
}

/** Signs a development token. */
export async function signDevToken(dataDir: string, opts: DevTokenOptions): Promise<string> {
  if (!isRol(opts.rol)) {
    throw new Error(`Onbekende rol: ${String(opts.rol)}`);
  }
  const { privateJwk } = await loadOrCreateDevKeys(dataDir);
  const key = await importJWK(privateJwk, ALG);
  const iat = Math.floor((opts.nu ?? new Date()).getTime() / 1000);
  const claims: Record<string, unknown> = {
    ketenpoort_rol: opts.rol,
    ketenpoort_organisatie: opts.organisatie,
    ketenpoort_actor_soort: opts.soort ?? 'PERSOON',
  };
  if (opts.naam) claims.name = opts.naam;
  if (opts.namens) claims.act = { sub: opts.namens };
  if (opts.teams) claims.ketenpoort_teams = [...opts.teams];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, kid: privateJwk.kid, typ: 'JWT' })
    .setIssuer(opts.issuer ?? DEV_ISSUER)
    .setAudience(opts.audience)
    .setSubject(opts.sub ?? `dev-${opts.rol.toLowerCase()}-${opts.organisatie.toLowerCase()}`)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (opts.geldigheidSeconden ?? 8 * 3600))
    .setJti(crypto.randomUUID())
    .sign(key);
}
