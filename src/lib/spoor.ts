import { trace } from '@opentelemetry/api';

/**
 * What ties a log line to a trace and back (src/lib/telemetrie.ts). Only the OpenTelemetry API is loaded here, which
 * without a registered SDK is a no-op: with tracing off this costs a function call.
 */

/** The span attribute that carries Ketenpoort's request id (the `verzoekId` of every log line of the request). */
export const VERZOEK_ID_ATTRIBUUT = 'ketenpoort.verzoek_id';

/** Puts the request id on the active span (the HTTP server span of the request), when one is recorded. */
export function markeerVerzoek(verzoekId: string): void {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) span.setAttribute(VERZOEK_ID_ATTRIBUUT, verzoekId);
}

/** The trace id of the active span for a log line (`{ traceId }`), or nothing when tracing is off. */
export function spoorVelden(): { traceId?: string } {
  const span = trace.getActiveSpan();
  return span?.isRecording() ? { traceId: span.spanContext().traceId } : {};
}
