import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';

import { graphqlZonderWaarden, sqlZonderWaarden } from '../../src/lib/telemetrie';
import { meldingInvoer, REGISTREER } from '../helpers/fabriek';
import { startTestApp } from '../helpers/testapp';

/** A span as OTLP/HTTP JSON carries it (the fields this test reads). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: Record<string, unknown> }[];
  scope: string;
  dienst: string;
}

function attribuut(span: OtlpSpan, sleutel: string): unknown {
  const a = span.attributes.find((x) => x.key === sleutel);
  return a ? Object.values(a.value)[0] : undefined;
}

describe('traces (OpenTelemetry over OTLP/HTTP)', () => {
  let collector: Server;
  const ontvangen: string[] = [];
  let proces: ChildProcess;
  let uit = '';
  let url = '';

  const spans = (): OtlpSpan[] =>
    ontvangen.flatMap((body) =>
      (
        JSON.parse(body) as {
          resourceSpans: {
            resource: { attributes: OtlpSpan['attributes'] };
            scopeSpans: { scope: { name: string }; spans: Omit<OtlpSpan, 'scope' | 'dienst'>[] }[];
          }[];
        }
      ).resourceSpans.flatMap((rs) =>
        rs.scopeSpans.flatMap((ss) =>
          ss.spans.map((s) => ({
            ...s,
            scope: ss.scope.name,
            dienst: String(Object.values(rs.resource.attributes.find((a) => a.key === 'service.name')?.value ?? {})[0]),
          })),
        ),
      ),
    );

  async function wacht(voorwaarde: () => boolean, ms = 60_000): Promise<void> {
    const eind = Date.now() + ms;
    while (!voorwaarde()) {
      if (Date.now() > eind || proces.exitCode !== null) throw new Error(`niet op tijd:\n${uit}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    // The in-process collector: receives what the exporter sends to <endpoint>/v1/traces.
    collector = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (req.url === '/v1/traces' && req.method === 'POST') ontvangen.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', () => resolve()));
    const app = await startTestApp();
    await app.stop();
    const token = await app.token('VT_MEDEWERKER', 'VT14', { nu: new Date() });
    proces = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'main.js')], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        API_PROCESSEN: '1',
        DATABASE_URL: app.dbUrl,
        QUEUE_DATABASE_URL: app.queueDbUrl,
        REDIS_URL: inject('redisUrl') ?? '',
        DATA_DIR: app.dataDir,
        ONTWIKKEL_ISSUER: 'true',
        PORT: '0',
        LOG_LEVEL: 'info',
        START_WORKER: 'false',
        DEMO_DATA: 'false',
        VERZOEKLIMIET_TOKEN_PER_MINUUT: '0',
        VERZOEKLIMIET_ADRES_PER_MINUUT: '0',
        VERZOEKLIMIET_KOSTEN_PER_MINUUT: '0',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proces.stdout?.on('data', (d: Buffer) => (uit += d.toString()));
    proces.stderr?.on('data', (d: Buffer) => (uit += d.toString()));
    await wacht(() => uit.includes('Ketenpoort API gestart'));
    url = /"graphql":"(http:[^"]+)"/.exec(uit)![1]!;
    const invoer = meldingInvoer();
    const bsn = (invoer.betrokkenen as { persoon: { bsn: string } }[])[0].persoon.bsn;
    const vraag = async (query: string, variables?: Record<string, unknown>, verzoekId?: string) => {
      const r = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          ...(verzoekId ? { 'x-request-id': verzoekId } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await r.json()) as { errors?: unknown[] };
    };
    // Personal data in variables, and (worse) as literals in the document itself.
    expect((await vraag(REGISTREER, { invoer }, 'spoor-registreer-1')).errors).toBeUndefined();
    expect((await vraag(`{ casusZoeken(zoek: { bsn: "${bsn}" }) { casusId fase } }`)).errors).toBeUndefined();
    const opNaam = `{ casusZoeken(zoek: { achternaam: "Jansen", geboortedatum: "2018-05-04" }) { casusId } }`;
    expect((await vraag(opNaam)).errors).toBeUndefined();
    gezocht = bsn;
    await wacht(() => spans().some((s) => s.name.startsWith('graphql.execute') || s.name.includes('query')));
    // Give the batch a moment to deliver the spans that ended last.
    await new Promise((r) => setTimeout(r, 1000));
  }, 120_000);
  let gezocht = '';

  afterAll(async () => {
    if (proces && proces.exitCode === null) {
      const klaar = new Promise((r) => proces.once('exit', r));
      proces.kill('SIGTERM');
      await klaar;
    }
    await new Promise<void>((resolve) => collector.close(() => resolve()));
  });

  it('exporteert spans van HTTP, GraphQL, pg en Redis, in één trace per verzoek', () => {
    const alle = spans();
    const scopes = new Set(alle.map((s) => s.scope));
    expect(scopes).toContain('@opentelemetry/instrumentation-http');
    expect(scopes).toContain('@opentelemetry/instrumentation-graphql');
    expect(scopes).toContain('@opentelemetry/instrumentation-pg');
    if (inject('redisUrl')) expect(scopes).toContain('@opentelemetry/instrumentation-ioredis');
    expect(new Set(alle.map((s) => s.dienst))).toEqual(new Set(['ketenpoort-api']));
    // The request id of the logs is on the request's HTTP span; its GraphQL and pg spans are in the same trace.
    const http = alle.find((s) => attribuut(s, 'ketenpoort.verzoek_id') === 'spoor-registreer-1');
    expect(http?.scope).toBe('@opentelemetry/instrumentation-http');
    const inTrace = alle.filter((s) => s.traceId === http!.traceId);
    expect(inTrace.some((s) => s.scope === '@opentelemetry/instrumentation-graphql')).toBe(true);
    expect(inTrace.some((s) => s.scope === '@opentelemetry/instrumentation-pg')).toBe(true);
  });

  it('zet de trace-id in de logregel van het verzoek', () => {
    const http = spans().find((s) => attribuut(s, 'ketenpoort.verzoek_id') === 'spoor-registreer-1')!;
    const regel = uit
      .split('\n')
      .filter((r) => r.startsWith('{'))
      .map((r) => JSON.parse(r) as { msg: string; verzoekId?: string; traceId?: string })
      .find((r) => r.msg === 'melding geregistreerd');
    expect(regel).toMatchObject({ verzoekId: 'spoor-registreer-1', traceId: http.traceId });
  });

  it('geen persoonsgegevens in een span: geen BSN, naam of vrije tekst, ook niet als letterlijke waarde', () => {
    const alles = ontvangen.join('\n');
    expect(alles.length).toBeGreaterThan(0);
    expect(gezocht).toMatch(/^\d{9}$/);
    for (const verboden of [
      gezocht,
      'Jansen',
      'Sara',
      'blauwe plekken',
      'de Leraar',
      'Kerkstraat',
      '1211 AB',
      '2018-05-04',
    ]) {
      expect(alles).not.toContain(verboden);
    }
    // The query text is there (useful), without its literals.
    const bronnen = spans()
      .map((s) => attribuut(s, 'graphql.source'))
      .filter(Boolean);
    expect(bronnen.some((b) => String(b).includes('casusZoeken'))).toBe(true);
  });

  it('staat standaard uit: zonder endpoint laadt het proces de SDK en de instrumentaties niet', () => {
    const dist = join(__dirname, '..', '..', 'dist', 'src');
    const geladen = execFileSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(join(dist, 'lib', 'telemetrie-start.js'))}); require(${JSON.stringify(join(dist, 'app.js'))});` +
          `process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes('@opentelemetry'))))`,
      ],
      { env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' } },
    ).toString();
    const pakketten = new Set((JSON.parse(geladen) as string[]).map((k) => /@opentelemetry\/([^/]+)/.exec(k)?.[1]));
    // Only the API (a no-op without an SDK), for the request id on the span (src/lib/spoor.ts).
    expect([...pakketten]).toEqual(['api']);
  });

  it('het filter haalt letterlijke waarden uit SQL en GraphQL', () => {
    expect(sqlZonderWaarden(`select * from persoon where bsn = '123456782' and leeftijd > 12 and id = $1`)).toBe(
      'select * from persoon where bsn = ? and leeftijd > ? and id = $1',
    );
    expect(sqlZonderWaarden(`set local ketenpoort.organisatie = E'VT''14'; select $$geheim$$, t1.x`)).toBe(
      'set local ketenpoort.organisatie = ?; select ?, t1.x',
    );
    expect(graphqlZonderWaarden('{ casusZoeken(zoek: { bsn: "123456782", achternaam: "Jansen" }) { fase } }')).toBe(
      '{ casusZoeken(zoek: { bsn: "*", achternaam: "*" }) { fase } }',
    );
    expect(graphqlZonderWaarden('{ meldingen(eerste: 20) { totaal } }')).toBe('{ meldingen(eerste: *) { totaal } }');
  });
});
