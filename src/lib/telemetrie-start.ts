import type * as Telemetrie from './telemetrie';

/**
 * The first import of every entry point (src/main.ts, src/worker.ts): starts OpenTelemetry tracing when an OTLP
 * endpoint is configured, before pg, ioredis and graphql are loaded (the instrumentations patch them as they load).
 * Off by default: without OTEL_EXPORTER_OTLP_ENDPOINT (or _TRACES_ENDPOINT) the SDK is not even loaded.
 * Read from the environment directly: this runs before the configuration is (src/lib/config.ts validates the same
 * variables and stops a start on a malformed one).
 */
const endpoint = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
if (endpoint && process.env.OTEL_SDK_DISABLED !== 'true') {
  // A synchronous require on purpose: an import would be hoisted, and a dynamic import() would run too late.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracing } = require('./telemetrie') as typeof Telemetrie;
  const script = process.argv[1] ?? '';
  const vertraging = Number(process.env.OTEL_BSP_SCHEDULE_DELAY);
  startTracing({
    dienst: process.env.OTEL_SERVICE_NAME || (/worker(\.js)?$/.test(script) ? 'ketenpoort-worker' : 'ketenpoort-api'),
    vertragingMs: Number.isFinite(vertraging) && vertraging > 0 ? vertraging : undefined,
  });
}
