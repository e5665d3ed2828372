import type { EntityManager } from '@mikro-orm/postgresql';

import type { OrganisatieSoort } from '../auth/rollen';
import type {
  Betrouwbaarheid,
  IssuerBinding,
  VertrouwdeIssuer,
  VertrouwdeOrganisatie,
  VertrouwensBron,
  Vertrouwensgegevens,
} from '../auth/vertrouwen';
import type { Logger } from '../lib/logger';
import { PgLuisteraar } from '../lib/pg-luisteraar';

/** The channel migration 15 notifies on every change to organisatie, issuer and issuer_binding. */
export const VERTROUWEN_KANAAL = 'ketenpoort_vertrouwen';

/** Where the register listens, and how long it trusts its cache while it cannot. */
export interface OrganisatieRegisterOpties {
  /** Database the LISTEN connection goes to (the application database, directly: not through a transaction pooler). */
  databaseUrl: string;
  /** How long cached data is used while the LISTEN connection is down (no notifications arrive then). */
  ttlZonderLuisterenMs?: number;
  /** Monotonic milliseconds; injectable for tests. */
  nu?: () => number;
}

/**
 * The trust register for token verification: registered issuers with their bindings, and every organisation, read in
 * one go and kept in memory so that verifying a token costs no query. Invariant: the cache is dropped the moment a
 * notification on VERTROUWEN_KANAAL arrives, and when listening (re)starts; while not listening it lives at most
 * ttlZonderLuisterenMs. So deactivating an organisation or unbinding an issuer ends access on every API process at
 * once, and a lost LISTEN connection costs at most a short TTL, never stale trust.
 */
export class OrganisatieRegister implements VertrouwensBron {
  private cache?: { gegevens: Vertrouwensgegevens; geladenOp: number };
  private laden?: { generatie: number; belofte: Promise<Vertrouwensgegevens> };
  /** Raised by every invalidation: a load that started before it must not fill the cache after it. */
  private generatie = 0;
  private luistert = false;
  private readonly luisteraar: PgLuisteraar;
  private readonly ttlMs: number;
  private readonly nu: () => number;

  constructor(
    private readonly em: EntityManager,
    private readonly log: Logger,
    opties: OrganisatieRegisterOpties,
  ) {
    this.ttlMs = opties.ttlZonderLuisterenMs ?? 5_000;
    this.nu = opties.nu ?? (() => performance.now());
    this.luisteraar = new PgLuisteraar(
      opties.databaseUrl,
      VERTROUWEN_KANAAL,
      {
        onMelding: (tabel) => {
          this.vergeet();
          this.log.debug({ tabel }, 'vertrouwensgegevens gewijzigd; cache geleegd');
        },
        onLuistert: () => {
          // Changes made while we were not listening were not heard: start from the database.
          this.vergeet();
          this.luistert = true;
          this.log.info(
            { kanaal: VERTROUWEN_KANAAL },
            'luistert naar wijzigingen in issuers, bindingen en organisaties',
          );
        },
        onGestopt: () => {
          this.luistert = false;
        },
      },
      log,
    );
  }

  /** Starts listening for changes (keeps retrying in the background when the database does not answer). */
  async start(): Promise<void> {
    await this.luisteraar.start();
  }

  async stop(): Promise<void> {
    await this.luisteraar.stop();
  }

  /** Whether changes are currently heard (else the short TTL applies). */
  get isLuisterend(): boolean {
    return this.luistert;
  }

  /** The current trust data: from memory, or loaded once for all concurrent callers. */
  async huidige(): Promise<Vertrouwensgegevens> {
    const c = this.cache;
    if (c && (this.luistert || this.nu() - c.geladenOp < this.ttlMs)) return c.gegevens;
    if (this.laden?.generatie === this.generatie) return this.laden.belofte;
    const generatie = this.generatie;
    const geladenOp = this.nu();
    const belofte = this.laad().then((gegevens) => {
      if (generatie === this.generatie) this.cache = { gegevens, geladenOp };
      return gegevens;
    });
    this.laden = { generatie, belofte };
    void belofte
      .finally(() => {
        if (this.laden?.belofte === belofte) this.laden = undefined;
      })
      .catch(() => undefined);
    return belofte;
  }

  /** The data including every change committed before the call: pending notifications first, then the cache. */
  async bijgewerkt(): Promise<Vertrouwensgegevens> {
    if (this.luistert && (await this.luisteraar.synchroniseer())) return this.huidige();
    // Not listening: nothing tells us of changes, so read again, but at most once a second (callers can be anyone).
    if (this.cache && this.nu() - this.cache.geladenOp < 1_000) return this.cache.gegevens;
    this.vergeet();
    return this.huidige();
  }

  /** Drops the cached data; the next verification reads the database. */
  vergeet(): void {
    this.generatie += 1;
    this.cache = undefined;
    this.laden = undefined;
  }

  private async laad(): Promise<Vertrouwensgegevens> {
    // One statement, so the three tables are read from one snapshot (never a binding without its issuer).
    const [rij] = await this.em
      .getConnection()
      .execute<{ organisaties: OrganisatieRij[]; issuers: IssuerRij[]; bindingen: BindingRij[] }[]>(
        `select
         (select coalesce(json_agg(json_build_object('code', code, 'naam', naam, 'soort', soort, 'regio_codes', regio_codes, 'actief', actief)), '[]')
            from organisatie) as organisaties,
         (select coalesce(json_agg(json_build_object('issuer', issuer, 'jwks_uri', jwks_uri, 'jwks', jwks, 'audience', audience, 'claims', claims,
                   'rol_waarden', rol_waarden, 'toegestane_clients', toegestane_clients, 'acr_niveaus', acr_niveaus,
                   'min_betrouwbaarheid', min_betrouwbaarheid, 'max_token_leeftijd_s', max_token_leeftijd_s, 'actief', actief)), '[]')
            from issuer) as issuers,
         (select coalesce(json_agg(json_build_object('issuer', issuer, 'organisatie', organisatie, 'extern_id', extern_id, 'rollen', rollen)), '[]')
            from issuer_binding) as bindingen`,
      );
    const { organisaties: orgRijen, issuers: issuerRijen, bindingen: bindingRijen } = rij;
    const organisaties = new Map<string, VertrouwdeOrganisatie>(
      orgRijen.map((r) => [
        r.code,
        { code: r.code, naam: r.naam, soort: r.soort, regioCodes: [...r.regio_codes], actief: r.actief },
      ]),
    );
    const bindingen = new Map<string, Map<string, IssuerBinding>>();
    for (const b of bindingRijen) {
      const perIssuer = bindingen.get(b.issuer) ?? new Map<string, IssuerBinding>();
      perIssuer.set(b.extern_id, { organisatie: b.organisatie, rollen: [...b.rollen] });
      bindingen.set(b.issuer, perIssuer);
    }
    const issuers = new Map<string, VertrouwdeIssuer>(
      issuerRijen.map((r) => [
        r.issuer,
        {
          issuer: r.issuer,
          actief: r.actief,
          jwksUri: r.jwks_uri ?? undefined,
          jwks: r.jwks ?? undefined,
          audience: r.audience ?? undefined,
          claims: r.claims ?? {},
          rolWaarden: r.rol_waarden ?? {},
          toegestaneClients: r.toegestane_clients ?? [],
          acrNiveaus: r.acr_niveaus ?? {},
          minBetrouwbaarheid: r.min_betrouwbaarheid ?? undefined,
          maxTokenLeeftijdS: r.max_token_leeftijd_s ?? undefined,
          bindingen: bindingen.get(r.issuer) ?? new Map(),
        },
      ]),
    );
    return { issuers, organisaties };
  }
}

interface OrganisatieRij {
  code: string;
  naam: string;
  soort: OrganisatieSoort;
  regio_codes: string[];
  actief: boolean;
}

interface IssuerRij {
  issuer: string;
  jwks_uri: string | null;
  jwks: { keys: Record<string, unknown>[] } | null;
  audience: string | null;
  claims: { rol?: string; organisatie?: string; teams?: string } | null;
  rol_waarden: Record<string, string> | null;
  toegestane_clients: string[] | null;
  acr_niveaus: Record<string, Betrouwbaarheid> | null;
  min_betrouwbaarheid: Betrouwbaarheid | null;
  max_token_leeftijd_s: number | null;
  actief: boolean;
}

interface BindingRij {
  issuer: string;
  organisatie: string;
  extern_id: string;
  rollen: string[];
}
