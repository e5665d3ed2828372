import { join } from 'node:path';

import ipaddr from 'ipaddr.js';
import { z } from 'zod';

import type { Config } from './config.types';

export type { AdresOpzoeker, AuditAnkerConfig, Config, WachtrijConfig, WebhookConfig } from './config.types';

/**
 * The process configuration, read once from the environment and validated at start.
 * A missing or malformed setting stops the process with a message naming the setting.
 */
const boolFromEnv = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * VERTROUWDE_PROXIES as Express's `trust proxy`: `false` (none), `true` (any: only behind a proxy that overwrites the
 * header), a number of hops, or addresses, CIDR ranges and the names loopback, linklocal, uniquelocal.
 */
function leesVertrouwdeProxies(raw: string, ctx: z.RefinementCtx): boolean | number | string[] {
  const v = raw.trim();
  if (v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const delen = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const fout = delen.filter((d) => {
    if (['loopback', 'linklocal', 'uniquelocal'].includes(d)) return false;
    const [adres, prefix] = d.split('/');
    if (!ipaddr.isValid(adres ?? '')) return true;
    return prefix !== undefined && !/^\d{1,3}$/.test(prefix);
  });
  if (fout.length || delen.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message: `false, true, een aantal hops, of adressen, CIDR-bereiken en loopback/linklocal/uniquelocal; ongeldig: ${fout.join(', ')}`,
    });
    return z.NEVER;
  }
  return delen;
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z.url().optional(),
  DATABASE_OWNER_URL: z.url().optional(),
  QUEUE_DATABASE_URL: z.url().optional(),
  REDIS_URL: z.url().optional(),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  EMBEDDED_PG_SJABLOON: z.string().optional(),
  // Retired: trusted issuers and what they may assert are data (tables issuer and issuer_binding, migration 15),
  // managed with audit by functioneel beheer. A leftover setting must not be silently ignored (its operator would
  // believe the issuer trusted), so it stops the start with directions.
  OIDC_ISSUERS: z
    .string()
    .optional()
    .refine((raw) => raw === undefined, {
      message:
        'bestaat niet meer: vertrouwde issuers en de organisaties en rollen waarvoor ze mogen optreden zijn data (tabellen issuer en issuer_binding). ' +
        'Registreer ze met de onboarding-CLI of -API (README, "Identity providers: welke claims") en haal deze variabele weg',
    }),
  OIDC_AUDIENCE: z.string().min(1).default('ketenpoort'),
  ONTWIKKEL_ISSUER: boolFromEnv.optional(),
  DEMO_DATA: boolFromEnv.optional(),
  START_WORKER: boolFromEnv.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AUDIT_SEAL_INTERVAL_MS: z.coerce.number().int().min(500).default(5000),
  AUDIT_CHECKPOINT_SLEUTEL: z.string().optional(),
  AUDIT_CHECKPOINT_PUBLIEKE_SLEUTEL: z.string().optional(),
  AUDIT_CHECKPOINT_MAP: z.string().optional(),
  AUDIT_CHECKPOINT_URL: z.url().optional(),
  AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(20).default(8),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(1).max(100).default(15),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).max(100000).default(2000),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(100).default(5000),
  GRAPHQL_LIJST_SCHATTING: z.coerce.number().int().min(1).max(100).default(10),
  VERZOEKLIMIET_TOKEN_PER_MINUUT: z.coerce.number().int().min(0).default(1200),
  VERZOEKLIMIET_ADRES_PER_MINUUT: z.coerce.number().int().min(0).default(6000),
  VERZOEKLIMIET_KOSTEN_PER_MINUUT: z.coerce.number().int().min(0).default(100_000),
  VERTROUWDE_PROXIES: z
    .string()
    .default('false')
    .transform((raw, ctx) => leesVertrouwdeProxies(raw, ctx)),
  LEESPAD: z.enum(['sql', 'entiteiten']).default('sql'),
  GRAPHQL_UITVOERING: z.enum(['jit', 'graphql-js']).default('jit'),
  AUDIT_BUNDELS_IN_VLUCHT: z.coerce.number().int().min(1).max(8).default(1),
  DATABASE_VOORBEREIDE_STATEMENTS: boolFromEnv.default(true),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(25000),
  TERMIJN_VRIJE_DAGEN: z
    .string()
    .default('bevrijdingsdag')
    .transform((raw, ctx) => {
      const namen = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const onbekend = namen.filter((n) => n !== 'bevrijdingsdag' && n !== 'goede-vrijdag');
      if (onbekend.length) {
        ctx.addIssue({
          code: 'custom',
          message: `onbekend: ${onbekend.join(', ')}; toegestaan: bevrijdingsdag, goede-vrijdag`,
        });
      }
      return namen as ('bevrijdingsdag' | 'goede-vrijdag')[];
    }),
  TERMIJN_VEILIGHEIDSBEOORDELING_WERKDAGEN: z.coerce.number().int().min(1).max(20).default(5),
  TERMIJN_ONDERZOEK_WEKEN: z.coerce.number().int().min(1).max(52).default(10),
  TERMIJN_VOORWAARDEN_EN_VERVOLG_WEKEN: z.coerce.number().int().min(1).max(52).default(10),
  TERMIJN_MELDER_TERUGKOPPELING_WEKEN: z.coerce.number().int().min(1).max(52).default(10),
  // "Zo snel mogelijk" (DOMAIN.md §2); at most about a month: AVG art. 14 lid 3 sub a (README, "Het VT-proces").
  TERMIJN_BETROKKENE_INFORMEREN_WERKDAGEN: z.coerce.number().int().min(1).max(22).default(5),
  TERMIJN_MONITORING_MAANDEN: z
    .string()
    .default('3,12')
    .transform((raw, ctx) => {
      const m = /^\s*(\d{1,2})\s*,\s*(\d{1,2})\s*$/.exec(raw);
      if (!m || Number(m[1]) < 1 || Number(m[2]) <= Number(m[1])) {
        ctx.addIssue({ code: 'custom', message: 'twee oplopende aantallen maanden, bijvoorbeeld 3,12' });
        return z.NEVER;
      }
      return [Number(m[1]), Number(m[2])] as [number, number];
    }),
  TERMIJN_MONITORING_VERLENGD_MAANDEN: z.coerce.number().int().min(1).max(60).default(18),
  TERMIJN_HERINNERING_WERKDAGEN: z.coerce.number().int().min(0).max(20).default(1),
  TERMIJN_HERINNERING_MINUTEN: z.coerce.number().int().min(0).max(1440).default(60),
  TERMIJN_AFSTEMMEN_INTERVAL_MS: z.coerce.number().int().min(1000).default(300_000),
  TERMIJN_PLANHORIZON_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(48 * 3600_000),
  WACHTRIJ_SCHEMA_CONTROLE_MS: z.coerce.number().int().min(100).max(60_000).default(30_000),
  WACHTRIJ_JOB_POGINGEN: z.coerce.number().int().min(1).max(50).default(5),
  WACHTRIJ_JOB_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
  WACHTRIJ_PLAN_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(500),
  WACHTRIJ_JOB_SLOT_MS: z.coerce.number().int().min(2000).max(600_000).default(30_000),
  OVERDRACHT_REACTIE_WERKDAGEN: z
    .string()
    .default('WARME_OVERDRACHT=3,GI_OVERDRACHT=3,VERZOEK_TOT_ONDERZOEK=10')
    .transform((v, c) => {
      type Soort = 'WARME_OVERDRACHT' | 'GI_OVERDRACHT' | 'VERZOEK_TOT_ONDERZOEK';
      const uit = {} as Record<Soort, number>;
      for (const deel of v.split(',')) {
        const [soort, n] = deel.split('=').map((x) => x.trim());
        if (
          !['WARME_OVERDRACHT', 'GI_OVERDRACHT', 'VERZOEK_TOT_ONDERZOEK'].includes(soort) ||
          !/^\d{1,2}$/.test(n ?? '') ||
          Number(n) < 1
        ) {
          c.addIssue({
            code: 'custom',
            message: `verwacht SOORT=werkdagen (1-99) voor WARME_OVERDRACHT, GI_OVERDRACHT en VERZOEK_TOT_ONDERZOEK; kreeg "${deel}"`,
          });
          return z.NEVER;
        }
        uit[soort as Soort] = Number(n);
      }
      if (Object.keys(uit).length !== 3) {
        c.addIssue({
          code: 'custom',
          message:
            'geef de reactietermijn voor alle drie de soorten: WARME_OVERDRACHT, GI_OVERDRACHT en VERZOEK_TOT_ONDERZOEK',
        });
        return z.NEVER;
      }
      return uit;
    }),
  HWC_LESSTART: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'UU:MM, bijvoorbeeld 08:30')
    .default('08:30'),
  HWC_INZAGE_SCHOOLDAGEN: z.coerce.number().int().min(0).max(60).default(10),
  HWC_SCHOOLREGIO: z
    .string()
    .regex(
      /^(\s*[A-Z0-9_-]+=(noord|midden|zuid)\s*)(,\s*[A-Z0-9_-]+=(noord|midden|zuid)\s*)*$/,
      'VTnn=noord|midden|zuid, kommagescheiden',
    )
    .optional(),
  ZSM_ANTWOORD_UREN: z.coerce.number().min(0.25).max(72).default(4),
  ZSM_INZAGE_DAGEN: z.coerce.number().int().min(0).max(90).default(14),
  ZSM_GEGEVENSSET: z
    .string()
    .default('fase,veiligheidsafspraken,contactpersoon,relevanteInformatie')
    .refine(
      (v) =>
        v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
          .every((x) => ['fase', 'veiligheidsafspraken', 'contactpersoon', 'relevanteInformatie'].includes(x)),
      {
        message: 'kommagescheiden uit: fase, veiligheidsafspraken, contactpersoon, relevanteInformatie',
      },
    ),
  NOODTOEGANG_MINUTEN: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  ANALYSE_VERVERS_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(10_000)
    .default(15 * 60_000),
  ANALYSE_AFRONDING: z.coerce.number().int().min(1).max(100).default(5),
  // At least 1: 1 suppresses nothing (every count above 0 reaches it); 0 has no meaning (openbaarmaking.ts refuses it).
  ANALYSE_DREMPEL: z.coerce.number().int().min(1).max(1000).default(10),
  ANALYSE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WEBHOOK_BACKOFF_BASIS_MS: z.coerce.number().int().min(100).default(30_000),
  WEBHOOK_BACKOFF_MAX_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(6 * 3600_000),
  WEBHOOK_MAX_POGINGEN: z.coerce.number().int().min(1).max(50).default(8),
  WEBHOOK_UITSCHAKELEN_NA_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(3 * 24 * 3600_000),
  WEBHOOK_GEHEIM_OVERLAP_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(24 * 3600_000),
  WEBHOOK_AFLEVER_INTERVAL_MS: z.coerce.number().int().min(500).default(5000),
  WEBHOOK_CLAIM_MS: z.coerce.number().int().min(1000).default(60_000),
  WEBHOOK_PRIVE_ADRESSEN_TOESTAAN: boolFromEnv.default(false),
  IDEMPOTENTIE_BEWAAR_UREN: z.coerce.number().int().min(1).max(720).default(24),
  IDEMPOTENTIE_OPRUIM_INTERVAL_MS: z.coerce.number().int().min(10_000).default(3600_000),
  WEBHOOK_GEHEIM_SLEUTEL: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      const sleutel = Buffer.from(raw, 'base64');
      if (sleutel.length !== 32) {
        ctx.addIssue({ code: 'custom', message: '32 bytes in base64 (bijvoorbeeld: openssl rand -base64 32)' });
        return z.NEVER;
      }
      return sleutel;
    }),
  VT_REGISTER_SLEUTEL: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      const sleutel = Buffer.from(raw, 'base64');
      if (sleutel.length < 32) {
        ctx.addIssue({
          code: 'custom',
          message: 'minstens 32 bytes in base64 (bijvoorbeeld: openssl rand -base64 32)',
        });
        return z.NEVER;
      }
      return sleutel;
    }),
  METRICS_POORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().optional(),
  METRICS_TOKEN: z.string().min(16, 'minstens 16 tekens (bijvoorbeeld: openssl rand -hex 24)').optional(),
  METRIEKEN_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
});

/** Deliveries claimed per dispatcher batch, and how many of them are sent at once (see WebhookConfig.claimMs). */
const WEBHOOK_AFLEVER_BATCH = 50;
const WEBHOOK_AFLEVER_PARALLEL = 10;

/** Thrown when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the configuration; throws ConfigError naming every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (FOO=) means "not set", as in most deployment tooling.
  const gezet = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(gezet);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction) {
    const missing: string[] = [];
    if (!e.DATABASE_URL) {
      missing.push('DATABASE_URL: required in production (the embedded PostgreSQL is for development only)');
    }
    if (e.ONTWIKKEL_ISSUER) {
      missing.push(
        'ONTWIKKEL_ISSUER: never in production (the development issuer signs tokens for any role and organisation)',
      );
    }
    if (!e.AUDIT_CHECKPOINT_SLEUTEL) {
      missing.push(
        'AUDIT_CHECKPOINT_SLEUTEL: required in production (path to the private key that signs the audit checkpoints; it must not be readable by the database)',
      );
    }
    if (e.AUDIT_CHECKPOINT_URL && !e.AUDIT_CHECKPOINT_URL.startsWith('https://')) {
      missing.push('AUDIT_CHECKPOINT_URL: must be https in production');
    }
    if (!e.WEBHOOK_GEHEIM_SLEUTEL) {
      missing.push(
        'WEBHOOK_GEHEIM_SLEUTEL: required in production (webhook signing secrets are stored encrypted; openssl rand -base64 32)',
      );
    }
    if (!e.VT_REGISTER_SLEUTEL) {
      missing.push(
        'VT_REGISTER_SLEUTEL: required in production (key of the VT register hash of a BSN, the same in every instance; openssl rand -base64 32)',
      );
    }
    if (e.WEBHOOK_PRIVE_ADRESSEN_TOESTAAN) {
      missing.push(
        'WEBHOOK_PRIVE_ADRESSEN_TOESTAAN: refused in production (webhooks to loopback or private addresses are for development only)',
      );
    }
    if (missing.length > 0) {
      throw new ConfigError(`Invalid configuration:\n${missing.map((m) => `  ${m}`).join('\n')}`);
    }
  }
  if (e.METRICS_POORT !== undefined && e.METRICS_POORT !== 0 && e.METRICS_POORT === e.PORT) {
    throw new ConfigError(
      `Invalid configuration:\n  METRICS_POORT: een eigen poort, niet die van de API (PORT ${e.PORT}): /metrics staat niet op de publieke route`,
    );
  }
  if (e.VERZOEKLIMIET_KOSTEN_PER_MINUUT > 0 && e.VERZOEKLIMIET_KOSTEN_PER_MINUUT < e.GRAPHQL_MAX_COST) {
    throw new ConfigError(
      `Invalid configuration:\n  VERZOEKLIMIET_KOSTEN_PER_MINUUT: at least GRAPHQL_MAX_COST (${e.GRAPHQL_MAX_COST}), or 0 (off)`,
    );
  }
  return {
    mode: e.NODE_ENV,
    isProduction,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databaseOwnerUrl: e.DATABASE_OWNER_URL,
    queueDatabaseUrl: e.QUEUE_DATABASE_URL,
    redisUrl: e.REDIS_URL,
    dataDir: e.DATA_DIR,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    embeddedPgSjabloon: e.EMBEDDED_PG_SJABLOON === 'false' ? false : e.EMBEDDED_PG_SJABLOON,
    oidcAudience: e.OIDC_AUDIENCE,
    devIssuerEnabled: !isProduction && (e.ONTWIKKEL_ISSUER ?? !e.DATABASE_URL),
    loadDemoData: e.DEMO_DATA ?? (!isProduction && !e.DATABASE_URL),
    startWorker: e.START_WORKER ?? (!isProduction && !e.DATABASE_URL),
    logLevel: e.LOG_LEVEL,
    auditSealIntervalMs: e.AUDIT_SEAL_INTERVAL_MS,
    metrieken: {
      poort: e.METRICS_POORT,
      host: e.METRICS_HOST ?? e.HOST,
      token: e.METRICS_TOKEN,
      cacheMs: e.METRIEKEN_CACHE_MS,
    },
    tracing: { endpoint: e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_ENDPOINT },
    auditAnker: {
      sleutelPad: e.AUDIT_CHECKPOINT_SLEUTEL ?? join(e.DATA_DIR, 'audit-checkpoint-sleutel.pem'),
      sleutelAanmaken: !isProduction,
      publiekeSleutelPad: e.AUDIT_CHECKPOINT_PUBLIEKE_SLEUTEL,
      map: e.AUDIT_CHECKPOINT_MAP ?? join(e.DATA_DIR, 'audit-checkpoints'),
      url: e.AUDIT_CHECKPOINT_URL,
      intervalMs: e.AUDIT_CHECKPOINT_INTERVAL_MS,
    },
    graphqlLimits: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxCost: e.GRAPHQL_MAX_COST,
      lijstSchatting: e.GRAPHQL_LIJST_SCHATTING,
    },
    verzoeklimiet: {
      tokenPerMinuut: e.VERZOEKLIMIET_TOKEN_PER_MINUUT,
      adresPerMinuut: e.VERZOEKLIMIET_ADRES_PER_MINUUT,
      kostenPerMinuut: e.VERZOEKLIMIET_KOSTEN_PER_MINUUT,
    },
    vertrouwdeProxies: e.VERTROUWDE_PROXIES,
    leespad: e.LEESPAD,
    graphqlUitvoering: e.GRAPHQL_UITVOERING,
    auditBundelsInVlucht: e.AUDIT_BUNDELS_IN_VLUCHT,
    voorbereideStatements: e.DATABASE_VOORBEREIDE_STATEMENTS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    termijnen: {
      vrijeDagen: e.TERMIJN_VRIJE_DAGEN,
      veiligheidsbeoordelingWerkdagen: e.TERMIJN_VEILIGHEIDSBEOORDELING_WERKDAGEN,
      onderzoekWeken: e.TERMIJN_ONDERZOEK_WEKEN,
      voorwaardenEnVervolgWeken: e.TERMIJN_VOORWAARDEN_EN_VERVOLG_WEKEN,
      melderTerugkoppelingWeken: e.TERMIJN_MELDER_TERUGKOPPELING_WEKEN,
      betrokkeneInformerenWerkdagen: e.TERMIJN_BETROKKENE_INFORMEREN_WERKDAGEN,
      monitoringMaanden: e.TERMIJN_MONITORING_MAANDEN,
      monitoringVerlengdMaanden: e.TERMIJN_MONITORING_VERLENGD_MAANDEN,
      herinneringWerkdagen: e.TERMIJN_HERINNERING_WERKDAGEN,
      herinneringMinuten: e.TERMIJN_HERINNERING_MINUTEN,
      afstemmenIntervalMs: e.TERMIJN_AFSTEMMEN_INTERVAL_MS,
      planhorizonMs: e.TERMIJN_PLANHORIZON_MS,
      overdrachtReactieWerkdagen: e.OVERDRACHT_REACTIE_WERKDAGEN,
    },
    wachtrij: {
      schemaControleMs: e.WACHTRIJ_SCHEMA_CONTROLE_MS,
      jobPogingen: e.WACHTRIJ_JOB_POGINGEN,
      jobBackoffMs: e.WACHTRIJ_JOB_BACKOFF_MS,
      planTimeoutMs: e.WACHTRIJ_PLAN_TIMEOUT_MS,
      jobSlotMs: e.WACHTRIJ_JOB_SLOT_MS,
    },
    hwc: {
      lesstart: e.HWC_LESSTART,
      inzageSchooldagen: e.HWC_INZAGE_SCHOOLDAGEN,
      schoolregio: Object.fromEntries(
        (e.HWC_SCHOOLREGIO ?? '')
          .split(',')
          .filter((x) => x.trim())
          .map((x) => x.split('=').map((y) => y.trim())),
      ) as Record<string, 'noord' | 'midden' | 'zuid'>,
    },
    zsm: {
      antwoordUren: e.ZSM_ANTWOORD_UREN,
      gegevensset: e.ZSM_GEGEVENSSET.split(',')
        .map((x) => x.trim())
        .filter(Boolean),
      inzageDagen: e.ZSM_INZAGE_DAGEN,
    },
    noodtoegangMinuten: e.NOODTOEGANG_MINUTEN,
    analyse: {
      verversIntervalMs: e.ANALYSE_VERVERS_INTERVAL_MS,
      afronding: e.ANALYSE_AFRONDING,
      drempel: e.ANALYSE_DREMPEL,
      statementTimeoutMs: e.ANALYSE_STATEMENT_TIMEOUT_MS,
    },
    webhooks: {
      httpsVereist: isProduction,
      alleenStandaardpoort: isProduction,
      priveAdressenToegestaan: e.WEBHOOK_PRIVE_ADRESSEN_TOESTAAN,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      backoffBasisMs: e.WEBHOOK_BACKOFF_BASIS_MS,
      backoffMaxMs: e.WEBHOOK_BACKOFF_MAX_MS,
      maxPogingen: e.WEBHOOK_MAX_POGINGEN,
      uitschakelenNaMs: e.WEBHOOK_UITSCHAKELEN_NA_MS,
      geheimOverlapMs: e.WEBHOOK_GEHEIM_OVERLAP_MS,
      afleverIntervalMs: e.WEBHOOK_AFLEVER_INTERVAL_MS,
      afleverBatch: WEBHOOK_AFLEVER_BATCH,
      afleverParallel: WEBHOOK_AFLEVER_PARALLEL,
      // One lease covers a whole claimed batch, but it is sent `afleverParallel` at a time: with every receiver at the
      // timeout, the last delivery is done only after ceil(batch / parallel) timeouts (5 × 10 s by default, not 2 ×).
      // The lease outlasts that plus one timeout of slack for recording outcomes, so no other worker re-claims (and
      // sends twice) a row this worker has yet to send.
      claimMs: Math.max(
        e.WEBHOOK_CLAIM_MS,
        (Math.ceil(WEBHOOK_AFLEVER_BATCH / WEBHOOK_AFLEVER_PARALLEL) + 1) * e.WEBHOOK_TIMEOUT_MS,
      ),
      geheimSleutel: e.WEBHOOK_GEHEIM_SLEUTEL,
    },
    idempotentie: { bewaarUren: e.IDEMPOTENTIE_BEWAAR_UREN, opruimIntervalMs: e.IDEMPOTENTIE_OPRUIM_INTERVAL_MS },
    // Development and tests: a fixed, public key (production refuses to start without its own, above).
    vtRegisterSleutel: e.VT_REGISTER_SLEUTEL ?? Buffer.from('ketenpoort-ontwikkel-vt-register-sleutel-niet-geheim'),
  };
}
