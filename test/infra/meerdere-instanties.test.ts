import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { laadCheckpointSleutel } from '../../src/audit/audit-anker';
import { verifieer } from '../../src/audit/audit-keten';
import { schemas, wachtrijen } from '../../src/jobs';
import { verbindWachtrij } from '../../src/lib/queue';
import { startProces, vrijePoort, type Proces } from '../eerste-uur/proces';
import { meldingInvoer } from '../helpers/fabriek';
import { heeftRedisServer, startPriveRedis, type PriveRedis } from '../helpers/redis-prive';
import { startTestApp, type TestApp } from '../helpers/testapp';
import { startOntvanger, type Ontvanger } from '../webhooks/ontvanger';

/**
 * Several instances (issue 18, item 4): two API processes and two worker processes from dist/ (as production runs them:
 * `node dist/src/main.js` with API_PROCESSEN=1 and START_WORKER=false, `node dist/src/worker.js`) on one PostgreSQL and
 * one queue. A driver sends meldingen, veiligheidsbeoordelingen, overdrachten and HwC signals round-robin through both
 * APIs; midway one API and one worker get SIGKILL (the API is restarted, the worker not: the other one must take over).
 * Then, polling with a bound, until the work has drained, and the checks: every acknowledged mutation stored, every due
 * termijn reminded and escalated exactly once (notifications and their audit records, not logs), every webhook event
 * delivered at least once and no other, one unbroken sealed audit chain, and one scheduler per schedule.
 *
 * Termijnen fire without waiting: the meldingen were received twelve days ago, so their veiligheidsbeoordeling is
 * overdue at once (the processes run on the real clock; nothing here waits for time to pass).
 * The queue is a private Redis (test/helpers/redis-prive.ts), so its jobs and schedulers are this test's alone; without
 * redis-server the same test runs on BullMQ's PostgreSQL backend.
 */

const EENHEDEN = Number(process.env.INSTANTIES_EENHEDEN ?? 60);
const PARALLEL = 6;
const DAG = 24 * 3600_000;

interface Fout {
  message: string;
  extensions?: { code?: string };
}

describe('twee API-processen en twee workers op één PostgreSQL en wachtrij, met kill -9', () => {
  let app: TestApp;
  let redis: PriveRedis | undefined;
  let ontvanger: Ontvanger;
  const apis: Proces[] = [];
  const workers: Proces[] = [];
  const poorten: number[] = [];
  let env: NodeJS.ProcessEnv;
  const bevestigd = {
    melding: new Set<string>(),
    vb: new Set<string>(),
    overdracht: new Set<string>(),
    hwc: new Set<string>(),
  };
  const log: string[] = [];

  const startApi = async (i: number): Promise<Proces> => {
    const p = startProces([join('dist', 'src', 'main.js')], { ...env, PORT: String(poorten[i]) });
    await p.wachtOp('Ketenpoort API gestart', 60_000);
    return p;
  };
  const startWorker = async (): Promise<Proces> => {
    const p = startProces([join('dist', 'src', 'worker.js')], env);
    await p.wachtOp('worker gestart', 60_000);
    return p;
  };
  const kill9 = async (p: Proces): Promise<void> => {
    const weg = p.einde(10_000);
    p.kind.kill('SIGKILL');
    expect((await weg).signaal).toBe('SIGKILL');
  };
  const stop = async (p: Proces): Promise<void> => {
    if (p.kind.exitCode !== null || p.kind.signalCode !== null) return;
    const weg = p.einde(20_000);
    p.kind.kill('SIGTERM');
    await weg;
  };

  beforeAll(async () => {
    app = await startTestApp();
    await app.partner('WT-MI', 'WIJKTEAM');
    await app.partner('SCHOOL-MI', 'SCHOOL');
    // One checkpoint key for both workers, made before they start (each would otherwise make its own at once).
    laadCheckpointSleutel(app.config.auditAnker);
    if (heeftRedisServer) redis = await startPriveRedis();
    else process.stdout.write('meerdere instanties: geen redis-server; de wachtrij draait op PostgreSQL\n');
    ontvanger = await startOntvanger();
    poorten.push(await vrijePoort(), await vrijePoort());
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      ONTWIKKEL_ISSUER: 'true',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      API_PROCESSEN: '1',
      START_WORKER: 'false',
      DEMO_DATA: 'false',
      // The login role, as in production; the template database is migrated already.
      DATABASE_URL: app.appDbUrl,
      QUEUE_DATABASE_URL: app.queueDbUrl,
      REDIS_URL: redis?.url ?? '',
      DATA_DIR: app.dataDir,
      AUDIT_CHECKPOINT_SLEUTEL: app.config.auditAnker.sleutelPad,
      VERZOEKLIMIET_TOKEN_PER_MINUUT: '0',
      VERZOEKLIMIET_ADRES_PER_MINUUT: '0',
      VERZOEKLIMIET_KOSTEN_PER_MINUUT: '0',
      // Every instance the same key: a secret stored through one API is used by either worker.
      WEBHOOK_GEHEIM_SLEUTEL: Buffer.alloc(32, 7).toString('base64'),
      WEBHOOK_PRIVE_ADRESSEN_TOESTAAN: 'true',
      WEBHOOK_AFLEVER_INTERVAL_MS: '500',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_CLAIM_MS: '4000',
      WEBHOOK_BACKOFF_BASIS_MS: '500',
      WEBHOOK_BACKOFF_MAX_MS: '2000',
      WEBHOOK_MAX_POGINGEN: '20',
      AUDIT_SEAL_INTERVAL_MS: '1000',
      TERMIJN_AFSTEMMEN_INTERVAL_MS: '2000',
      WACHTRIJ_SCHEMA_CONTROLE_MS: '2000',
      WACHTRIJ_JOB_BACKOFF_MS: '200',
      // The running jobs of the killed worker are taken over within seconds, not BullMQ's default half minute.
      WACHTRIJ_JOB_SLOT_MS: '3000',
      SHUTDOWN_TIMEOUT_MS: '8000',
    };
    const gestart = await Promise.all([startApi(0), startApi(1), startWorker(), startWorker()]);
    apis.push(gestart[0], gestart[1]);
    workers.push(gestart[2], gestart[3]);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([...apis, ...workers].map(stop));
    await ontvanger?.stop();
    await redis?.opruimen();
    await app?.stop();
  });

  it(
    'niets verloren, niets dubbel: opslag, termijnen, webhooks, auditketen en schema’s',
    { timeout: 150_000 },
    async () => {
      const t0 = Date.now();
      const nu = new Date();
      const tVt = await app.token('VT_MEDEWERKER', 'VT14', { nu, sub: 'mi-vt' });
      const tWt = await app.token('WIJKTEAM_MEDEWERKER', 'WT-MI', { nu, sub: 'mi-wt' });
      const tSchool = await app.token('SCHOOL_CONTACTPERSOON', 'SCHOOL-MI', { nu, sub: 'mi-school' });
      let volgende = 0;
      let verzoeken = 0;
      let herhaald = 0;

      /**
       * One mutation, round-robin over the APIs, until it has an answer: a refused connection, a reset or a time-out
       * (the API that was just killed) is retried on the next API with the same variables (so the same idempotency key).
       * An error answer after such an uncertain attempt is resolved by `toestand` (the state it meant to reach).
       */
      async function muteer<T>(
        token: string,
        query: string,
        variables: Record<string, unknown>,
        toestand?: () => Promise<T | null>,
      ): Promise<T> {
        let onzeker = false;
        for (let poging = 1; poging <= 30; poging++) {
          if (poging > 1) herhaald++;
          const poort = poorten[volgende++ % poorten.length];
          verzoeken++;
          let body: { data?: Record<string, T>; errors?: Fout[] };
          try {
            const r = await fetch(`http://127.0.0.1:${poort}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, connection: 'close' },
              body: JSON.stringify({ query, variables }),
              signal: AbortSignal.timeout(10_000),
            });
            body = (await r.json()) as typeof body;
          } catch {
            onzeker = true;
            await new Promise((r) => setTimeout(r, 100));
            continue;
          }
          const fout = body.errors?.[0];
          if (!fout && body.data) return Object.values(body.data)[0];
          if (onzeker && toestand) {
            const v = await toestand();
            if (v !== null) return v;
          }
          throw new Error(`${fout?.extensions?.code ?? ''} ${fout?.message ?? JSON.stringify(body)}`);
        }
        throw new Error('30 pogingen zonder antwoord');
      }

      const endpoints = new Map<string, string>();
      for (const [token, naam] of [
        [tWt, 'wt'],
        [tSchool, 'school'],
      ] as const) {
        const e = await muteer<{ endpoint: { id: string }; geheim: string }>(
          token,
          `mutation($i: WebhookEndpointInvoer!, $k: String) { webhookEndpointRegistreren(invoer: $i, idempotentieSleutel: $k) { endpoint { id } geheim } }`,
          {
            i: { url: `${ontvanger.url}/${naam}`, omschrijving: `instanties ${naam}` },
            k: `instanties-ep-${naam}-sleutel`,
          },
        );
        endpoints.set(naam, e.geheim);
      }

      const ontvangenOp = new Date(Date.now() - 12 * DAG).toISOString();
      const incidentdatum = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' }).format(
        new Date(Date.now() - DAG),
      );
      async function eenheid(nr: number): Promise<void> {
        const m = await muteer<{
          id: string;
          casusId: string;
          betrokkenen: { rollen: string[]; persoon: { id: string } }[];
        }>(
          tVt,
          `mutation($i: MeldingInvoer!, $k: String) { meldingRegistreren(invoer: $i, idempotentieSleutel: $k) { id casusId betrokkenen { rollen persoon { id } } } }`,
          {
            i: meldingInvoer({ ontvangenOp, omschrijving: `Blauwe plekken bij een leerling (mi-${nr}).` }),
            k: `instanties-melding-${nr}`,
          },
        );
        bevestigd.melding.add(m.id);
        if (nr % 2 === 0) {
          // Half go on to a warme overdracht (an event to the wijkteam); the other half stay open and overdue.
          await muteer(
            tVt,
            `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
            {
              i: {
                meldingId: m.id,
                taxatie: 'STRUCTURELE_ONVEILIGHEID',
                uitkomst: 'OVERDRACHT',
                toelichting: `Beoordeeld (mi-${nr}).`,
              },
            },
            async () =>
              (await app.sql(`select 1 from veiligheidsbeoordeling where melding_id = $1`, [m.id])).length ? {} : null,
          );
          bevestigd.vb.add(m.id);
          const o = await muteer<{ id: string }>(
            tVt,
            `mutation($i: OverdrachtAanbiedenInvoer!, $k: String) { overdrachtAanbieden(invoer: $i, idempotentieSleutel: $k) { id } }`,
            {
              k: `instanties-overdracht-${nr}`,
              i: {
                casusId: m.casusId,
                soort: 'WARME_OVERDRACHT',
                ontvanger: 'WT-MI',
                persoonIds: m.betrokkenen.map((b) => b.persoon.id),
                metVeiligheidsafspraken: true,
                toelichting: `Wijkteam schrijft het veiligheidsplan met het gezin (mi-${nr}).`,
                grondslag: 'WMO_OVERDRACHT',
              },
            },
          );
          bevestigd.overdracht.add(o.id);
        }
        if (nr % 3 === 0) {
          const kind = m.betrokkenen.find((b) => b.rollen.includes('KIND'))!.persoon.id;
          const h = await muteer<{ id: string }>(
            tVt,
            `mutation($i: HwcSignaalInvoer!, $k: String) { hwcSignaalVersturen(invoer: $i, idempotentieSleutel: $k) { id } }`,
            {
              k: `instanties-hwc-${nr}-sleutel`,
              i: {
                casusId: m.casusId,
                persoonId: kind,
                school: 'SCHOOL-MI',
                incidentdatum,
                grondslag: `Convenant Handle with Care (mi-${nr})`,
              },
            },
          );
          bevestigd.hwc.add(h.id);
        }
      }

      // The driver, and the kills once a third of the units is underway: one API (restarted, as an orchestrator
      // would) and one worker (not restarted: the other worker takes over its jobs and schedules).
      let nr = 0;
      let gekild = false;
      const kills = async (): Promise<void> => {
        while (nr < EENHEDEN / 3) await new Promise((r) => setTimeout(r, 50));
        await Promise.all([kill9(apis[0]), kill9(workers[0])]);
        gekild = true;
        log.push(`kill -9 van API 1 en worker 1 na ${nr} eenheden, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        apis[0] = await startApi(0);
      };
      const chaos = kills();
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          while (nr < EENHEDEN) await eenheid(nr++);
        }),
      );
      await chaos;
      expect(gekild).toBe(true);
      const driverS = (Date.now() - t0) / 1000;

      // Drain: poll (bounded) until every due termijn is notified, every event fanned out and delivered, and every
      // audit record sealed by the worker that is left.
      const achterstand = async (): Promise<Record<string, number>> => {
        const [r] = await app.sql(
          `select (select count(*) from webhook_aflevering where status <> 'DELIVERED')::int as afleveringen,
                  (select count(*) from gebeurtenis g where uitgewaaierd_op is null)::int as niet_uitgewaaierd,
                  (select count(*) from termijn t where t.status = 'OPEN' and not t.historisch and (
                      (t.herinner_op <= now() and not exists (select 1 from notificatie n where n.termijn_id = t.id and n.soort = 'HERINNERING'))
                   or (t.vervalt_op <= now() and not exists (select 1 from notificatie n where n.termijn_id = t.id and n.soort = 'ESCALATIE'))))::int as termijnen,
                  (select count(*) from audit_gebeurtenis a where not exists (select 1 from audit_zegel z where z.audit_id = a.id))::int as ongezegeld`,
        );
        return r as Record<string, number>;
      };
      const tDrain = Date.now();
      let rest = await achterstand();
      while (Object.values(rest).some((n) => n > 0)) {
        if (Date.now() - tDrain > 60_000) {
          throw new Error(`niet bijgewerkt na 60 s: ${JSON.stringify(rest)}\n${workers[1].uitvoer().slice(-3000)}`);
        }
        await new Promise((r) => setTimeout(r, 250));
        rest = await achterstand();
      }
      log.push(
        `driver ${driverS.toFixed(1)} s, ${verzoeken} verzoeken (${herhaald} herhaald), bijgewerkt na ${((Date.now() - tDrain) / 1000).toFixed(1)} s`,
      );

      // Every acknowledged mutation is stored, once.
      const ontbreekt = async (tabel: string, kolom: string, ids: Set<string>): Promise<number> =>
        Number(
          (
            await app.sql(
              `select count(*)::int n from unnest($1::uuid[]) i where not exists (select 1 from ${tabel} x where x.${kolom} = i)`,
              [[...ids]],
            )
          )[0].n,
        );
      expect(bevestigd.melding.size).toBe(EENHEDEN);
      expect(await ontbreekt('melding', 'id', bevestigd.melding)).toBe(0);
      expect(await ontbreekt('veiligheidsbeoordeling', 'melding_id', bevestigd.vb)).toBe(0);
      expect(await ontbreekt('overdracht', 'id', bevestigd.overdracht)).toBe(0);
      expect(await ontbreekt('hwc_signaal', 'id', bevestigd.hwc)).toBe(0);
      const [aantallen] = await app.sql(
        `select (select count(*) from melding where omschrijving like '%(mi-%')::int as meldingen,
                (select count(*) from overdracht)::int as overdrachten,
                (select count(*) from hwc_signaal)::int as hwc`,
      );
      expect(aantallen).toEqual({
        meldingen: bevestigd.melding.size,
        overdrachten: bevestigd.overdracht.size,
        hwc: bevestigd.hwc.size,
      });

      // Termijnen: the overdue ones of the meldingen that stayed open were all reminded and escalated; each
      // notification, and the audit record that commits with it, exists once.
      const [t] = await app.sql(
        `select (select count(*) from notificatie)::int as notificaties,
                (select count(*) from termijn t where t.melding_id is not null and t.status = 'OPEN'
                  and t.vervalt_op <= now())::int as open_en_vervallen,
                (select count(*) from audit_gebeurtenis where gebeurtenis in ('TERMIJN_HERINNEREN', 'TERMIJN_ESCALEREN'))::int as audit,
                (select count(*) from (select 1 from audit_gebeurtenis where gebeurtenis in ('TERMIJN_HERINNEREN', 'TERMIJN_ESCALEREN')
                  group by object_id, gebeurtenis having count(*) > 1) x)::int as audit_dubbel`,
      );
      expect(t.open_en_vervallen).toBeGreaterThanOrEqual(EENHEDEN / 2 - 1);
      expect(t.notificaties).toBeGreaterThanOrEqual(2 * (t.open_en_vervallen as number));
      expect(t.audit).toBe(t.notificaties);
      expect(t.audit_dubbel).toBe(0);

      // Webhooks: one event per overdracht and per signal, each delivered to its endpoint at least once (signed with
      // the endpoint's secret); the receiver deduplicates by webhook-id and saw nothing it should not have.
      const gebeurtenissen = await app.sql(
        `select g.id::text, g.type, g.object_id, e.url from gebeurtenis g
           join webhook_aflevering a on a.gebeurtenis_id = g.id join webhook_endpoint e on e.id = a.endpoint_id`,
      );
      const perObject = (type: string): Set<string> =>
        new Set(gebeurtenissen.filter((g) => g.type === type).map((g) => g.object_id as string));
      expect(perObject('overdracht.aangeboden')).toEqual(bevestigd.overdracht);
      expect([...perObject('handle-with-care.signaal')].sort()).toEqual([...bevestigd.hwc].sort());
      const aankomsten = new Map<string, number>();
      let handtekeningFouten = 0;
      for (const o of ontvanger.ontvangen) {
        const id = String(o.headers['webhook-id']);
        const ep = String(o.pad.split('/').pop());
        try {
          new Webhook(endpoints.get(ep)!).verify(o.body, o.headers as Record<string, string>);
        } catch {
          handtekeningFouten++;
        }
        aankomsten.set(`${ep}|${id}`, (aankomsten.get(`${ep}|${id}`) ?? 0) + 1);
      }
      expect(handtekeningFouten).toBe(0);
      const verwacht = new Set(gebeurtenissen.map((g) => `${String(g.url).split('/').pop()}|${String(g.id)}`));
      expect([...verwacht].filter((k) => !aankomsten.has(k))).toEqual([]);
      expect([...aankomsten.keys()].filter((k) => !verwacht.has(k))).toEqual([]);
      const extra = [...aankomsten.values()].reduce((s, n) => s + n - 1, 0);
      log.push(
        `${bevestigd.melding.size} meldingen, ${bevestigd.overdracht.size} overdrachten, ${bevestigd.hwc.size} HwC-signalen; ` +
          `${Number(t.notificaties)} notificaties; ${verwacht.size} webhook-gebeurtenissen, ${extra} extra aankomsten (at-least-once)`,
      );

      // The audit chain: sealed by one sealer at a time (consecutive link numbers, each record once) and intact.
      const [z] = await app.sql(
        `select count(*)::int as n, coalesce(max(volgnummer), 0)::int as max, count(distinct audit_id)::int as ids from audit_zegel`,
      );
      expect(z.n).toBeGreaterThan(0);
      expect(z.max).toBe(z.n);
      expect(z.ids).toBe(z.n);
      const keten = await verifieer(app.orm.em.getConnection());
      expect(keten).toMatchObject({ intact: true, ongezegeld: 0 });

      // One scheduler per schedule, with at most one next job each, after every process has stopped.
      await Promise.all([...apis, ...workers].map(stop));
      const verbinding = verbindWachtrij({ redisUrl: redis?.url, queueDatabaseUrl: app.queueDbUrl });
      const gevonden: string[] = [];
      const volgendeJobs = new Map<string, number>();
      for (const naam of wachtrijen) {
        const q = verbinding.maakQueue(naam);
        gevonden.push(...(await q.getJobSchedulers(0, -1)).map((s) => s.key));
        for (const j of await q.getJobs(['delayed', 'waiting', 'prioritized'])) {
          if (j?.repeatJobKey) volgendeJobs.set(j.repeatJobKey, (volgendeJobs.get(j.repeatJobKey) ?? 0) + 1);
        }
        await q.close();
      }
      await verbinding.sluit();
      expect(gevonden.sort()).toEqual(schemas.map((s) => s.id).sort());
      expect([...volgendeJobs.entries()].filter(([, n]) => n > 1)).toEqual([]);
      process.stdout.write(`meerdere instanties: ${log.join('; ')}; ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    },
  );
});
