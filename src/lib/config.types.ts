/**
 * The configuration's contract: what the rest of the code may rely on, typed. How it is read from the environment and
 * checked is config.ts (loadConfig).
 */

/** Validated, typed configuration. */
export interface Config {
  readonly mode: 'development' | 'production' | 'test';
  readonly isProduction: boolean;
  readonly host: string;
  readonly port: number;
  /** Absent: start an embedded PostgreSQL (never in production). The login role of API and worker (owns nothing). */
  readonly databaseUrl?: string;
  /** The owner role, for `npm run db:migrate` (and migrations at a development start); never given to API or worker in production. */
  readonly databaseOwnerUrl?: string;
  readonly queueDatabaseUrl?: string;
  /** Absent: BullMQ runs on its PostgreSQL backend. */
  readonly redisUrl?: string;
  readonly dataDir: string;
  readonly embeddedPgPort: number;
  /**
   * Where the embedded default keeps its pristine, migrated cluster that a new DATA_DIR is copied from
   * (src/lib/pg-sjabloon.ts): a folder, `false` for none, undefined for the default (node_modules/.cache/ketenpoort).
   */
  readonly embeddedPgSjabloon?: string | false;
  /** Expected `aud` for registered issuers without their own audience, and for the development issuer. */
  readonly oidcAudience: string;
  /**
   * The development issuer (and `npm run token`): on only when ONTWIKKEL_ISSUER=true, or by default with no
   * DATABASE_URL (the throw-away embedded database this process creates itself, with demo data). Never in
   * production: setting it there is a ConfigError, and the verifier refuses its tokens there regardless.
   */
  readonly devIssuerEnabled: boolean;
  readonly loadDemoData: boolean;
  readonly startWorker: boolean;
  readonly logLevel: string;
  readonly auditSealIntervalMs: number;
  /**
   * Prometheus metrics (src/lib/metrieken.ts): on their own port, never on the API's route. `poort` absent: no
   * metrics server. `token`: when set, a scrape must send `Authorization: Bearer <token>`.
   */
  readonly metrieken: { poort?: number; host: string; token?: string; cacheMs: number };
  /** OpenTelemetry traces over OTLP/HTTP (src/lib/telemetrie.ts): off (and the SDK not loaded) without an endpoint. */
  readonly tracing: { endpoint?: string };
  /** Signed checkpoints of the audit chain's head, kept outside the database (src/audit/audit-anker.ts). */
  readonly auditAnker: AuditAnkerConfig;
  /**
   * Query limits (src/lib/graphql/limieten.ts). The cost counts objects: a list field multiplies what is below it by
   * its page size (`eerste`), a list without one by `lijstSchatting`.
   */
  readonly graphqlLimits: {
    maxDepth: number;
    maxAliases: number;
    maxTokens: number;
    maxCost: number;
    lijstSchatting: number;
  };
  /**
   * Requests per minute per caller (token subject) and per client address, and query cost (limieten.ts) per minute per
   * caller; 0 is off (src/lib/verzoeklimiet.ts).
   */
  readonly verzoeklimiet: {
    readonly tokenPerMinuut: number;
    readonly adresPerMinuut: number;
    readonly kostenPerMinuut: number;
  };
  /** Express `trust proxy`: which proxies' X-Forwarded-For give the client address (false: none). */
  readonly vertrouwdeProxies: boolean | number | readonly string[];
  /**
   * How reads build their answers: `sql` (default) selects exactly the requested fields and relations in a fixed
   * number of statements and builds the views from rows; `entiteiten` loads managed MikroORM entities, as before. The
   * second stays as a fallback and as the reference the equivalence test (test/leespad) holds the first to.
   */
  readonly leespad: 'sql' | 'entiteiten';
  /**
   * Who executes a validated operation: `jit` (default) a function graphql-jit compiled once per document
   * (src/lib/graphql/jit.ts); `graphql-js` graphql-js's interpreter, as Apollo does by itself.
   */
  readonly graphqlUitvoering: 'jit' | 'graphql-js';
  /**
   * INSERTs of read records in flight at once per database pool (group commit, src/audit/audit-bundel.ts): 1 puts
   * the most requests in one commit, more shorten the wait of a request that just missed a bundle.
   */
  readonly auditBundelsInVlucht: number;
  /**
   * Reads run as named prepared statements, whose plans PostgreSQL keeps per connection (src/lib/lezen.ts). Off
   * behind a pooler in transaction mode that does not keep prepared statements per client (PgBouncer before 1.21).
   */
  readonly voorbereideStatements: boolean;
  readonly shutdownTimeoutMs: number;
  /** Lengths of the statutory termijnen and the working-day calendar (src/termijnen/termijn-regels.ts). */
  readonly termijnen: {
    readonly vrijeDagen: readonly ('bevrijdingsdag' | 'goede-vrijdag')[];
    readonly veiligheidsbeoordelingWerkdagen: number;
    readonly onderzoekWeken: number;
    readonly voorwaardenEnVervolgWeken: number;
    readonly melderTerugkoppelingWeken: number;
    /** Working days after receipt within which VT informs the reported person(s) of a melding. */
    readonly betrokkeneInformerenWerkdagen: number;
    readonly monitoringMaanden: readonly [number, number];
    readonly monitoringVerlengdMaanden: number;
    readonly herinneringWerkdagen: number;
    /** Minutes before an exact due moment (HwC lesson start, ZSM answer) that the reminder goes out; at most halfway. */
    readonly herinneringMinuten: number;
    /** How often the reconciler rebuilds the termijn jobs from PostgreSQL. */
    readonly afstemmenIntervalMs: number;
    /** Jobs due within this horizon are on the queue; later ones are added by a later reconciler run. */
    readonly planhorizonMs: number;
    /** Working days a partner has to accept or decline an offer, per kind of overdracht (end of that day). */
    readonly overdrachtReactieWerkdagen: Readonly<
      Record<'WARME_OVERDRACHT' | 'GI_OVERDRACHT' | 'VERZOEK_TOT_ONDERZOEK', number>
    >;
  };
  /** The job queue's self-healing and its bounds (README, "De worker"). */
  readonly wachtrij: WachtrijConfig;
  /** Handle with Care (src/hwc): lesson start, how long a school keeps seeing a signal, school-holiday region overrides. */
  readonly hwc: {
    readonly lesstart: string;
    readonly inzageSchooldagen: number;
    readonly schoolregio: Readonly<Record<string, 'noord' | 'midden' | 'zuid'>>;
  };
  /** ZSM (src/zsm): hours VT has to answer, and the declared data set of an answer. */
  /** ZSM: answer deadline in hours, the agreed data set, and how long after the detention the requester still sees the answer. */
  readonly zsm: {
    readonly antwoordUren: number;
    readonly gegevensset: readonly string[];
    readonly inzageDagen: number;
  };
  /** How long a noodtoegang (break-the-glass) to an unassigned casus lasts, in minutes (5 to 1440). */
  readonly noodtoegangMinuten: number;
  /** Analysis (src/analyse): rollup refresh interval, disclosure control (rounding base, threshold), statement timeout. */
  readonly analyse: {
    readonly verversIntervalMs: number;
    readonly afronding: number;
    readonly drempel: number;
    readonly statementTimeoutMs: number;
  };
  /** Webhooks to partner systems (src/gebeurtenissen): delivery, retries, disabling, secrets. */
  readonly webhooks: WebhookConfig;
  /** Idempotent creates (src/lib/idempotentie.ts): how long a key is kept, and how often the worker removes old ones. */
  readonly idempotentie: { readonly bewaarUren: number; readonly opruimIntervalMs: number };
  /** HMAC key of the VT register (src/casussen/vt-register.ts): BSNs are compared as keyed hashes, never stored. */
  readonly vtRegisterSleutel: Buffer;
}

/** How the queue heals and how long anyone waits on it. */
export interface WachtrijConfig {
  /** How often the worker checks that every periodic schedule exists in the queue and restores what is missing. */
  readonly schemaControleMs: number;
  /** Attempts of every job (termijn, notification, delivery, periodic) before it is failed; the reconciler repairs termijn jobs after that. */
  readonly jobPogingen: number;
  /** Exponential backoff between attempts: the wait before attempt n+1 is this × 2^(n-1), with jitter. */
  readonly jobBackoffMs: number;
  /** The longest the API waits on the queue after a commit (and in /readyz); after it the reconciler schedules. */
  readonly planTimeoutMs: number;
  /**
   * A running job's lock in the queue (BullMQ's lockDuration, renewed every half of it) and how often a worker looks for
   * jobs whose lock expired (stalledInterval): the running jobs of a worker that died (kill -9, a lost machine) are taken
   * over by another worker within about twice this.
   */
  readonly jobSlotMs: number;
}

/**
 * Resolves a host name to all its addresses (node:dns `lookup` by default). Injectable, like the clock, so tests can
 * play a DNS server that answers a private address or changes its answer (rebinding).
 */
export type AdresOpzoeker = (host: string) => Promise<readonly { address: string; family: number }[]>;

/** Webhook delivery settings (README, "Webhooks voor ketenpartners"). */
export interface WebhookConfig {
  /** Production: endpoint URLs must be https (http is allowed elsewhere, e.g. a receiver on 127.0.0.1 in tests). */
  readonly httpsVereist: boolean;
  /** Production: only the scheme's default port (443), so the worker cannot be aimed at other services' ports. */
  readonly alleenStandaardpoort: boolean;
  /**
   * WEBHOOK_PRIVE_ADRESSEN_TOESTAAN (development only, refused in production): endpoints on loopback, private and
   * unique-local addresses and `localhost` names are allowed. Every other special-purpose range stays refused.
   */
  readonly priveAdressenToegestaan: boolean;
  /** Host name resolution for the address check; absent: the system resolver. */
  readonly opzoeker?: AdresOpzoeker;
  readonly timeoutMs: number;
  /** Exponential backoff: basis × 2^(attempt-1), capped at max, with jitter. */
  readonly backoffBasisMs: number;
  readonly backoffMaxMs: number;
  /** Attempts before a delivery is DEAD (dead letter, re-drivable by the partner). */
  readonly maxPogingen: number;
  /** An endpoint that has failed continuously this long is disabled and its owner told. */
  readonly uitschakelenNaMs: number;
  /** After a rotation the previous secret stays valid (both signatures are sent) this long. */
  readonly geheimOverlapMs: number;
  /** How often the worker's dispatcher looks for due deliveries. */
  readonly afleverIntervalMs: number;
  /** Deliveries one dispatcher claim takes at once (one lease for all of them). */
  readonly afleverBatch: number;
  /** Deliveries of a batch sent at the same time. */
  readonly afleverParallel: number;
  /**
   * Lease of a claimed delivery; after it a delivery whose worker died is picked up again. At least long enough for a
   * whole batch: ceil(afleverBatch / afleverParallel) rounds of at most timeoutMs each, plus one timeout of slack.
   */
  readonly claimMs: number;
  /** AES-256-GCM key for the signing secrets at rest; without it they are stored as-is (development). */
  readonly geheimSleutel?: Buffer;
}

/** Where the audit chain is anchored: the signing key, the directory of checkpoints and an optional recipient. */
export interface AuditAnkerConfig {
  /** PEM (PKCS#8) private key, Ed25519 (EdDSA) or P-256 (ES256). Required in production; elsewhere generated on first use. */
  readonly sleutelPad: string;
  /** Generate the key when the file is missing (never in production). */
  readonly sleutelAanmaken: boolean;
  /** PEM (SPKI) public key for `audit:verifieer`; absent: derived from the private key. */
  readonly publiekeSleutelPad?: string;
  /** Directory of the checkpoint files (append-only: one file per checkpoint, plus `laatste.jws`). */
  readonly map: string;
  /** Optional recipient: every new checkpoint is POSTed there (application/jose); failures are retried later. */
  readonly url?: string;
  /** At most one checkpoint per interval (and only when the chain grew). */
  readonly intervalMs: number;
}
