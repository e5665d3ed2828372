import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { verzegelAuditJob } from '../../src/audit/jobs/verzegel-audit.job';
import { domeinRegister } from '../../src/bewaking/domein-metrieken';
import { operatieLabel } from '../../src/lib/graphql/metriek-plugin';
import { createLogger } from '../../src/lib/logger';
import { foutcodeLabel, startMetriekServer, verzamelUit, type MetriekServer } from '../../src/lib/metrieken';
import { startWorkers, type WorkerHandle } from '../../src/worker';
import { parse } from 'graphql';
import { meldingInvoer, REGISTREER } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';
import { totdat } from '../helpers/wachten';

/** One sample of the Prometheus text format. */
interface Monster {
  naam: string;
  labels: Record<string, string>;
  waarde: number;
}

/**
 * Parses the Prometheus text exposition format (version 0.0.4): `# HELP` / `# TYPE` lines and samples
 * `name{label="value",...} value`. Throws on any line that is neither, so a malformed scrape fails the test.
 */
function parseer(tekst: string): { monsters: Monster[]; typen: Map<string, string> } {
  const monsters: Monster[] = [];
  const typen = new Map<string, string>();
  for (const regel of tekst.split('\n')) {
    if (regel.trim() === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(regel);
    if (type) {
      typen.set(type[1], type[2]);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* /.test(regel)) continue;
    // NaN in any case: prom-client writes `Nan` (an event-loop lag without samples); Prometheus reads it as NaN.
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|[Nn][Aa][Nn]|\+Inf|-Inf)$/.exec(regel);
    if (!m) throw new Error(`geen Prometheus-regel: ${regel}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2]!;
    monsters.push({ naam: m[1], labels, waarde: Number(m[3]) });
  }
  return { monsters, typen };
}

function waarde(monsters: Monster[], naam: string, labels: Record<string, string> = {}): number | undefined {
  return monsters.find((s) => s.naam === naam && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.waarde;
}

const TOKEN = 'een-scrape-token-van-voldoende-lengte';

describe('/metrics (Prometheus)', () => {
  let app: TestApp;
  let handle: WorkerHandle;
  let server: MetriekServer;
  let url: string;
  let bsn: string;

  beforeAll(async () => {
    app = await startTestApp();
    const log = createLogger('silent', 'test');
    handle = await startWorkers({ orm: app.orm, clock: app.clock, log, config: app.config }, app.wachtrij, {
      schedules: false,
    });
    server = await startMetriekServer({
      poort: 0,
      host: '127.0.0.1',
      token: TOKEN,
      log,
      verzamel: verzamelUit(domeinRegister(app.orm, app.clock, 0)),
    });
    url = `http://127.0.0.1:${server.poort}/metrics`;

    const token = await app.token('VT_MEDEWERKER', 'VT14');
    const invoer = meldingInvoer();
    bsn = (invoer.betrokkenen as { persoon: { bsn: string } }[])[0].persoon.bsn;
    expect((await app.gql(token, REGISTREER, { invoer })).body.errors).toBeUndefined();
    expect((await app.gql(token, '{ ik { rol } }')).body.errors).toBeUndefined();
    // A validation error and a refused token: both must be counted.
    await app.gql(token, '{ bestaatNiet }');
    await app.gql('ongeldig', '{ ik { rol } }');
    // A webhook endpoint with one delivery still to do and one given up (DEAD).
    const endpoint = randomUUID();
    await app.sql(
      `insert into webhook_endpoint (id, organisatie, url, aangemaakt_op, gewijzigd_op) values ($1, 'VT14', 'https://ontvanger.example/haak', now(), now())`,
      [endpoint],
    );
    for (const [i, status] of ['PENDING', 'DEAD', 'DEAD'].entries()) {
      const g = randomUUID();
      await app.sql(
        `insert into gebeurtenis (id, volgnummer, ontvanger, type, object_type, object_id, aangemaakt_op) values ($1, $2, 'VT14', 'melding.geregistreerd', 'Melding', $3, now())`,
        [g, 900_000 + i, randomUUID()],
      );
      await app.sql(
        `insert into webhook_aflevering (id, gebeurtenis_id, endpoint_id, status, aangemaakt_op) values ($1, $2, $3, $4, now())`,
        [randomUUID(), g, endpoint, status],
      );
    }
    // An audit seal through the queue (a job outcome too), and one rollup refreshed an hour before the clock's now.
    const voor = Number((await app.sql(`select count(*)::int as n from audit_zegel`))[0].n);
    await handle.queues.find((q) => q.name === verzegelAuditJob.wachtrij)!.add(verzegelAuditJob.naam, {});
    await totdat(async () => Number((await app.sql(`select count(*)::int as n from audit_zegel`))[0].n) > voor);
    await app.sql(
      `insert into analyse_verversing (naam, ververst_op, duur_ms) values ('analyse_melding', $1, 5)
       on conflict (naam) do update set ververst_op = excluded.ververst_op`,
      [new Date(app.clock.now().getTime() - 3600_000)],
    );
  });
  afterAll(async () => {
    await server?.stop();
    await handle?.stop();
    await app?.stop();
  });

  it('weigert een scrape zonder of met een verkeerd token, en staat niet op de API-poort', async () => {
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer fout' } })).status).toBe(401);
    const api = await fetch(app.url.replace('/graphql', '/metrics'));
    expect(api.status).toBe(404);
  });

  it('geeft geldige Prometheus-tekst met latentie per operatie en rol, fouten per code en de pool', async () => {
    const r = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/plain');
    const tekst = await r.text();
    const { monsters, typen } = parseer(tekst);
    expect(typen.get('ketenpoort_graphql_duur_seconden')).toBe('histogram');
    const ik = { operatie: 'query.ik', rol: 'VT_MEDEWERKER' };
    expect(waarde(monsters, 'ketenpoort_graphql_duur_seconden_count', ik)).toBeGreaterThanOrEqual(1);
    expect(
      waarde(monsters, 'ketenpoort_graphql_duur_seconden_count', {
        operatie: 'mutation.meldingRegistreren',
        rol: 'VT_MEDEWERKER',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(waarde(monsters, 'ketenpoort_graphql_duur_seconden_bucket', { ...ik, le: '+Inf' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(
      waarde(monsters, 'ketenpoort_graphql_duur_seconden_count', { operatie: 'ongeldig', rol: 'VT_MEDEWERKER' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      waarde(monsters, 'ketenpoort_graphql_fouten_totaal', { code: 'GRAPHQL_VALIDATION_FAILED' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      waarde(monsters, 'ketenpoort_http_antwoorden_totaal', { route: '/graphql', status: '401' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      waarde(monsters, 'ketenpoort_http_antwoorden_totaal', { route: '/graphql', status: '200' }),
    ).toBeGreaterThanOrEqual(2);
    expect(waarde(monsters, 'ketenpoort_db_pool_verbindingen', { pool: 'app', staat: 'max' })).toBeGreaterThan(0);
    expect(waarde(monsters, 'ketenpoort_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('geeft wachtrijdiepte en uitkomsten van jobs', async () => {
    const tekst = await (await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const { monsters } = parseer(tekst);
    const audit = verzegelAuditJob.wachtrij;
    expect(waarde(monsters, 'ketenpoort_wachtrij_bereikbaar', { wachtrij: audit })).toBe(1);
    expect(waarde(monsters, 'ketenpoort_wachtrij_jobs', { wachtrij: audit, staat: 'wachtend' })).toBeGreaterThanOrEqual(
      0,
    );
    expect(
      waarde(monsters, 'ketenpoort_jobs_totaal', { wachtrij: audit, job: verzegelAuditJob.naam, uitkomst: 'voltooid' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      waarde(monsters, 'ketenpoort_job_duur_seconden_count', { wachtrij: audit, job: verzegelAuditJob.naam }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('geeft de eigen meters van het domein: termijnen, webhooks, zegel en rollups, zonder persoonsgegevens', async () => {
    app.clock.advance(30 * 24 * 3600_000);
    const tekst = await (await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const { monsters } = parseer(tekst);
    const vb = { soort: 'VEILIGHEIDSBEOORDELING', regio: 'VT14' };
    expect(waarde(monsters, 'ketenpoort_termijnen_open', vb)).toBeGreaterThanOrEqual(1);
    // A month later, the assessment of the melding above is overdue.
    expect(waarde(monsters, 'ketenpoort_termijnen_verlopen', vb)).toBe(
      waarde(monsters, 'ketenpoort_termijnen_open', vb),
    );
    const webhook = monsters.filter((s) => s.naam === 'ketenpoort_webhook_dead');
    expect(webhook).toHaveLength(1);
    expect(webhook[0]).toMatchObject({ labels: { organisatie: 'VT14' }, waarde: 2 });
    expect(waarde(monsters, 'ketenpoort_webhook_achterstand', { organisatie: 'VT14' })).toBe(1);
    expect(waarde(monsters, 'ketenpoort_audit_sinds_laatste_zegel_seconden')).toBeGreaterThanOrEqual(
      30 * 24 * 3600 - 60,
    );
    expect(waarde(monsters, 'ketenpoort_analyse_rollup_leeftijd_seconden', { rollup: 'analyse_melding' })).toBe(
      30 * 24 * 3600 + 3600,
    );
    // Codes, ids and counts only: no BSN, no name, no free text of the melding.
    for (const verboden of [bsn, 'Jansen', 'Sara', 'blauwe plekken', 'de Leraar']) {
      expect(tekst).not.toContain(verboden);
    }
  });

  it('begrenst de labels: een operatie heet naar haar rootveld, een onbekende foutcode wordt ANDERS', () => {
    const op = (q: string) => operatieLabel(parse(q).definitions[0] as never);
    expect(op('query WatDanOok { meldingen { totaal } }')).toBe('query.meldingen');
    expect(op('{ a: ik { rol } b: ik { rol } }')).toBe('query.ik');
    expect(op('{ ik { rol } meldingen { totaal } }')).toBe('query.meerdere');
    expect(op('{ __schema { types { name } } }')).toBe('query.introspectie');
    expect(op('{ ... on Query { ik { rol } } }')).toBe('query.meerdere');
    expect(operatieLabel(undefined)).toBe('ongeldig');
    expect(foutcodeLabel('FORBIDDEN')).toBe('FORBIDDEN');
    expect(foutcodeLabel('iets met 123-45-678 erin')).toBe('ANDERS');
    expect(foutcodeLabel(undefined)).toBe('INTERNAL_SERVER_ERROR');
  });
});
