import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type Span, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/**
 * OpenTelemetry traces (the SDK for Node, with the instrumentations of http, GraphQL, pg and ioredis), exported over
 * OTLP/HTTP. Loaded only when an endpoint is configured (src/lib/telemetrie-start.ts): off, nothing of the SDK is
 * loaded and nothing is patched.
 *
 * What must hold: no personal data leaves in a span. Values are never recorded: GraphQL without its variables and with
 * literals replaced (`allowValues: false`), pg without its parameter values, Redis as the command name only. And a
 * last filter (`Schoonmaker`) runs on every span before export, whatever an instrumentation recorded: SQL and GraphQL
 * text lose their literals, URLs their query string, the client's address goes, and error messages (a database error
 * may quote a row) are replaced by the error's type.
 */

/** URL attributes whose query string could carry a value (GET /graphql?query=...). */
const URL_ATTRIBUTEN = ['http.url', 'http.target', 'url.full', 'url.path', 'http.route'];
/** Removed outright: the end user's address (X-Forwarded-For) and the query string on its own. */
const WEG = ['client.address', 'http.client_ip', 'url.query', 'enduser.id'];
/** Query text of a database or GraphQL, whose literals are replaced. */
const SQL_ATTRIBUTEN = ['db.statement', 'db.query.text'];

/** SQL without its literals: strings (also E'..' and $$..$$) and numbers become `?`; placeholders ($1) stay. */
export function sqlZonderWaarden(sql: string): string {
  return sql
    .replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, '?')
    .replace(/[EeBbXxNn]?'(?:[^']|'')*'/g, '?')
    .replace(/(?<![\w$.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '?');
}

/** A GraphQL document without its literals: strings (also block strings) and numbers become `*`. */
export function graphqlZonderWaarden(bron: string): string {
  return bron
    .replace(/"""[\s\S]*?"""/g, '"*"')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"*"')
    .replace(/(?<![\w$])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '*');
}

/** The last filter before export (see above). Runs while the span can still be changed (`onEnding`). */
export class Schoonmaker implements SpanProcessor {
  onStart(): void {}

  onEnding(span: Span): void {
    const a = span.attributes;
    for (const k of WEG) delete a[k];
    for (const k of URL_ATTRIBUTEN) {
      const v = a[k];
      if (typeof v === 'string' && v.includes('?')) a[k] = v.slice(0, v.indexOf('?'));
    }
    for (const k of SQL_ATTRIBUTEN) {
      const v = a[k];
      if (typeof v === 'string') a[k] = sqlZonderWaarden(v);
    }
    const bron = a['graphql.source'];
    if (typeof bron === 'string') a['graphql.source'] = graphqlZonderWaarden(bron);
    for (const e of span.events) {
      const ea = e.attributes;
      if (ea && 'exception.message' in ea) ea['exception.message'] = String(ea['exception.type'] ?? 'fout');
    }
    if (span.status.message) span.setStatus({ code: span.status.code });
  }

  onEnd(): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Paths of the API that are not traced: probes answer every few seconds and say nothing. */
const NIET_TRACEN = new Set(['/healthz', '/readyz', '/metrics']);

export interface Tracing {
  /** Exports what is still buffered and stops. */
  stop(): Promise<void>;
}

/**
 * Starts tracing for this process: registers the provider and the instrumentations. Must run before pg, ioredis and
 * graphql are first required (telemetrie-start.ts is the first import of every entry point). The exporter reads the
 * standard variables (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS);
 * tests may pass their own.
 */
export function startTracing(opts: { dienst: string; exporter?: SpanExporter; vertragingMs?: number }): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.dienst }),
    spanProcessors: [
      new Schoonmaker(),
      new BatchSpanProcessor(opts.exporter ?? new OTLPTraceExporter(), {
        scheduledDelayMillis: opts.vertragingMs ?? 5000,
      }),
    ],
  });
  provider.register();
  const afmelden = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => NIET_TRACEN.has((req.url ?? '').split('?')[0] ?? ''),
      }),
      // Operations (parse, validate, execute), not every field: a list of 100 objects is not 1,000 spans.
      new GraphQLInstrumentation({ allowValues: false, ignoreResolveSpans: true, mergeItems: true }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      // The command's name only: no key, no argument.
      new IORedisInstrumentation({ dbStatementSerializer: (commando) => commando }),
    ],
  });
  let gestopt: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    gestopt ??= (async () => {
      afmelden();
      await provider.shutdown();
    })();
    return gestopt;
  };
  // When the process ends of itself (after a graceful stop), what is buffered is exported first.
  process.once('beforeExit', () => void stop());
  return { stop };
}
