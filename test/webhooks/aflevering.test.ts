import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { afleverRonde, claimAfleveringen, wachttijdMs } from '../../src/gebeurtenissen/aflevering';
import { WEBHOOK_WACHTRIJ, webhooksAfleverenJob } from '../../src/gebeurtenissen/jobs/webhooks-afleveren.job';
import type { JobDeps } from '../../src/lib/job';
import { startWorkers } from '../../src/worker';
import { SYSTEEM_ACTOR, systeemAudit } from '../helpers/systeem-audit';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';
import { totdat } from '../helpers/wachten';
import {
  jobDeps,
  type Ontvanger,
  registreer,
  schrijfTestGebeurtenis,
  startOntvanger,
  verifieerMetCrypto,
} from './ontvanger';

/**
 * Delivery through the worker's dispatcher job, invoked directly with JobDeps; the receivers are real HTTP servers on
 * 127.0.0.1. Time is the injected clock: backoff is "waited" by setting the clock to the next attempt.
 */
let app: TestApp;
let deps: JobDeps;
const ontvangers: Ontvanger[] = [];
let n = 0;

/** A fresh partner organisation per test, so tests do not see each other's endpoints and events. */
async function nieuwePartner(): Promise<{ code: string; token: string; vers: () => Promise<string> }> {
  const code = `WT-AFL-${++n}`;
  await app.partner(code, 'WIJKTEAM');
  // Tokens are issued at the injected clock's time: after moving the clock, ask for a fresh one.
  return {
    code,
    token: await app.token('WIJKTEAM_MEDEWERKER', code),
    vers: () => app.token('WIJKTEAM_MEDEWERKER', code),
  };
}

async function ontvanger(antwoord?: Ontvanger['antwoord']): Promise<Ontvanger> {
  const o = await startOntvanger(antwoord);
  ontvangers.push(o);
  return o;
}

async function aflevering(gebeurtenisId: string): Promise<Record<string, unknown>> {
  const [r] = await app.sql(`select * from webhook_aflevering where gebeurtenis_id = $1`, [gebeurtenisId]);
  return r;
}

/** Moves the injected clock to the delivery's next attempt. */
async function naarVolgendePoging(gebeurtenisId: string): Promise<void> {
  const a = await aflevering(gebeurtenisId);
  expect(a.volgende_poging_op).toBeInstanceOf(Date);
  app.clock.set(a.volgende_poging_op as Date);
}

beforeAll(async () => {
  // The receivers listen on 127.0.0.1: allowed only with the explicit development setting (adressen.test.ts shows
  // what happens without it).
  app = await startTestApp({ env: { WEBHOOK_PRIVE_ADRESSEN_TOESTAAN: 'true' } });
  deps = jobDeps(app);
  await app.partner('WT-AFL', 'WIJKTEAM');
});
afterAll(async () => {
  await Promise.all(ontvangers.map((o) => o.stop()));
  await app.stop();
});
beforeEach(() => app.clock.set(TEST_NU));
afterEach(async () => {
  // Each test starts with nothing open from an earlier one.
  await app.sql(`update webhook_endpoint set actief = false`);
});

describe('ondertekening en inhoud', () => {
  it('de handtekening klopt met Webhook.verify van standardwebhooks én met alleen node:crypto; de body bevat alleen soort en ids', async () => {
    // standardwebhooks checks the timestamp against the real clock: let the injected clock stand at real time here.
    app.clock.set(new Date());
    const o = await ontvanger();
    const { geheim } = await registreer(app, await app.token('WIJKTEAM_MEDEWERKER', 'WT-AFL'), o.url);
    const objectId = crypto.randomUUID();
    const id = await schrijfTestGebeurtenis(app, 'WT-AFL', 'overdracht.aangeboden', objectId);
    const r = (await webhooksAfleverenJob.verwerk(deps, {})) as { afgeleverd: number };
    expect(r.afgeleverd).toBe(1);
    expect(o.ontvangen).toHaveLength(1);
    const { headers, body } = o.ontvangen[0];

    expect(headers['webhook-id']).toBe(id);
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(app.clock.now().getTime() / 1000)));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(headers['content-type']).toBe('application/json');

    const payload = new Webhook(geheim).verify(body, headers as Record<string, string>);
    const [g] = await app.sql(`select volgnummer, aangemaakt_op from gebeurtenis where id = $1`, [id]);
    expect(payload).toEqual({
      type: 'overdracht.aangeboden',
      timestamp: (g.aangemaakt_op as Date).toISOString(),
      data: { id, objectType: 'Overdracht', objectId, volgnummer: Number(g.volgnummer) },
    });
    expect(verifieerMetCrypto(geheim, headers, body, app.clock.now())).toBe(true);

    // A changed body, another secret or a stale timestamp does not verify.
    expect(() =>
      new Webhook(geheim).verify(body.replace('aangeboden', 'ingetrokken'), headers as Record<string, string>),
    ).toThrow();
    expect(verifieerMetCrypto(geheim, headers, body.replace('aangeboden', 'ingetrokken'), app.clock.now())).toBe(false);
    expect(verifieerMetCrypto(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, headers, body, app.clock.now())).toBe(
      false,
    );
    expect(verifieerMetCrypto(geheim, headers, body, new Date(app.clock.now().getTime() + 6 * 60_000))).toBe(false);
    expect(await aflevering(id)).toMatchObject({ status: 'DELIVERED', pogingen: 1, laatste_statuscode: 204 });
  });

  it('elk actief endpoint van de ontvanger krijgt de gebeurtenis; andere organisaties en inactieve endpoints niet', async () => {
    const p = await nieuwePartner();
    const a = await ontvanger();
    const b = await ontvanger();
    const uit = await ontvanger();
    const vreemd = await ontvanger();
    await registreer(app, p.token, a.url);
    await registreer(app, p.token, b.url);
    const { id: uitId } = await registreer(app, p.token, uit.url);
    await app.gql(
      p.token,
      `mutation($id: ID!) { webhookEndpointWijzigen(id: $id, invoer: { actief: false }) { actief } }`,
      { id: uitId },
    );
    const q = await nieuwePartner();
    await registreer(app, q.token, vreemd.url);
    const id = await schrijfTestGebeurtenis(app, p.code);
    await webhooksAfleverenJob.verwerk(deps, {});
    expect(a.ontvangen.map((x) => x.headers['webhook-id'])).toEqual([id]);
    expect(b.ontvangen.map((x) => x.headers['webhook-id'])).toEqual([id]);
    expect(uit.ontvangen).toEqual([]);
    expect(vreemd.ontvangen).toEqual([]);
    // Running the fan-out again creates nothing twice.
    await webhooksAfleverenJob.verwerk(deps, {});
    expect(
      (await app.sql(`select count(*)::int as n from webhook_aflevering where gebeurtenis_id = $1`, [id]))[0].n,
    ).toBe(2);
    expect(a.ontvangen).toHaveLength(1);
  });
});

describe('volgnummer per ontvanger in de webhook-body', () => {
  it('twee partners met verweven gebeurtenissen krijgen elk volgnummer 1, 2, 3, ... (gelijk aan hun feed)', async () => {
    const p = await nieuwePartner();
    const q = await nieuwePartner();
    const op = await ontvanger();
    const oq = await ontvanger();
    await registreer(app, p.token, op.url);
    await registreer(app, q.token, oq.url);
    for (const code of [p.code, q.code, q.code, p.code, q.code, p.code, p.code]) {
      await schrijfTestGebeurtenis(app, code);
    }
    await afleverRonde(deps);
    const volgnummers = (o: Ontvanger) =>
      o.ontvangen
        .map((x) => (JSON.parse(x.body) as { data: { volgnummer: number } }).data.volgnummer)
        .sort((a, b) => a - b);
    expect(volgnummers(op)).toEqual([1, 2, 3, 4]);
    expect(volgnummers(oq)).toEqual([1, 2, 3]);
    // The same number as the partner's feed gives for that event.
    const feed = await app.gql<{ gebeurtenissen: { edges: { node: { id: string; volgnummer: number } }[] } }>(
      p.token,
      `{ gebeurtenissen(eerste: 10) { edges { node { id volgnummer } } } }`,
    );
    const uitFeed = new Map(feed.body.data!.gebeurtenissen.edges.map((e) => [e.node.id, e.node.volgnummer]));
    for (const x of op.ontvangen) {
      expect((JSON.parse(x.body) as { data: { volgnummer: number } }).data.volgnummer).toBe(
        uitFeed.get(String(x.headers['webhook-id'])),
      );
    }
  });
});

describe('opnieuw proberen, dead letters en uitschakelen', () => {
  it('een ontvanger die drie keer faalt en dan slaagt, krijgt steeds dezelfde webhook-id en de aflevering eindigt één keer DELIVERED', async () => {
    const p = await nieuwePartner();
    const o = await ontvanger((i) => (i < 3 ? 503 : 200));
    await registreer(app, p.token, o.url);
    const id = await schrijfTestGebeurtenis(app, p.code);

    await afleverRonde(deps);
    expect(await aflevering(id)).toMatchObject({
      status: 'FAILED',
      pogingen: 1,
      laatste_statuscode: 503,
      laatste_fout: 'HTTP_503',
    });
    // Not yet due: nothing happens.
    await afleverRonde(deps);
    expect(o.ontvangen).toHaveLength(1);
    const starts = [app.clock.now().getTime()];
    for (let poging = 2; poging <= 4; poging++) {
      await naarVolgendePoging(id);
      starts.push(app.clock.now().getTime());
      await afleverRonde(deps);
      expect(o.ontvangen).toHaveLength(poging);
    }
    expect(await aflevering(id)).toMatchObject({
      status: 'DELIVERED',
      pogingen: 4,
      laatste_statuscode: 200,
      laatste_fout: null,
      volgende_poging_op: null,
    });
    expect(new Set(o.ontvangen.map((x) => x.headers['webhook-id']))).toEqual(new Set([id]));
    // The body is the same each time; each attempt is signed at its own moment.
    expect(new Set(o.ontvangen.map((x) => x.body)).size).toBe(1);
    // Backoff with jitter: between half and all of 30 s, 60 s, 120 s.
    const wachten = starts.slice(1).map((t, i) => t - starts[i]);
    wachten.forEach((w, i) => {
      const vol = 30_000 * 2 ** i;
      expect(w).toBeGreaterThanOrEqual(vol / 2);
      expect(w).toBeLessThanOrEqual(vol);
    });
    // Much later: nothing more.
    app.clock.advance(24 * 3600_000);
    await afleverRonde(deps);
    expect(o.ontvangen).toHaveLength(4);
    const [ep] = await app.sql(`select falend_sinds from webhook_endpoint where organisatie = $1`, [p.code]);
    expect(ep.falend_sinds).toBeNull();
  });

  it('wachttijd: exponentieel met jitter, begrensd', () => {
    const cfg = { backoffBasisMs: 30_000, backoffMaxMs: 6 * 3600_000 };
    expect(wachttijdMs(1, cfg, () => 0)).toBe(15_000);
    expect(wachttijdMs(1, cfg, () => 1)).toBe(30_000);
    expect(wachttijdMs(8, cfg, () => 1)).toBe(30_000 * 128);
    expect(wachttijdMs(20, cfg, () => 1)).toBe(6 * 3600_000);
    expect(wachttijdMs(20, cfg, () => 0)).toBe(3 * 3600_000);
  });

  it('na het laatste mislukken is de aflevering DEAD; de partner ziet haar en biedt haar opnieuw aan, met dezelfde webhook-id', async () => {
    const p = await nieuwePartner();
    let gezond = false;
    const o = await ontvanger(() => (gezond ? 200 : 500));
    const { id: endpointId } = await registreer(app, p.token, o.url);
    const id = await schrijfTestGebeurtenis(app, p.code);
    await afleverRonde(deps);
    for (let i = 2; i <= app.config.webhooks.maxPogingen; i++) {
      await naarVolgendePoging(id);
      await afleverRonde(deps);
    }
    expect(o.ontvangen).toHaveLength(8);
    expect(await aflevering(id)).toMatchObject({
      status: 'DEAD',
      pogingen: 8,
      volgende_poging_op: null,
      laatste_fout: 'HTTP_500',
    });
    app.clock.advance(7 * 24 * 3600_000);
    await afleverRonde(deps);
    expect(o.ontvangen).toHaveLength(8);

    p.token = await p.vers();
    const vreemdToken = await app.token('WIJKTEAM_MEDEWERKER', 'WT-AFL');
    const DOOD = `query($e: ID!) { webhookAfleveringen(endpointId: $e, status: DEAD) { edges { node { id gebeurtenisId gebeurtenisType status pogingen laatsteStatuscode laatsteFout } } } }`;
    const dood = await app.gql<{ webhookAfleveringen: { edges: { node: Record<string, unknown> }[] } }>(p.token, DOOD, {
      e: endpointId,
    });
    expect(dood.body.errors).toBeUndefined();
    expect(dood.body.data!.webhookAfleveringen.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({
        gebeurtenisId: id,
        gebeurtenisType: 'overdracht.aangeboden',
        status: 'DEAD',
        pogingen: 8,
        laatsteStatuscode: 500,
        laatsteFout: 'HTTP_500',
      }),
    ]);
    // Another organisation cannot re-drive it.
    const vreemd = await app.gql(vreemdToken, `mutation($e: ID!) { webhookAfleveringenOpnieuw(endpointId: $e) }`, {
      e: endpointId,
    });
    expect(vreemd.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    gezond = true;
    const opnieuw = await app.gql<{ webhookAfleveringenOpnieuw: number }>(
      p.token,
      `mutation($e: ID!, $ids: [ID!]) { webhookAfleveringenOpnieuw(endpointId: $e, afleveringIds: $ids) }`,
      {
        e: endpointId,
        ids: [dood.body.data!.webhookAfleveringen.edges[0].node.id],
      },
    );
    expect(opnieuw.body.data!.webhookAfleveringenOpnieuw).toBe(1);
    await afleverRonde(deps);
    expect(o.ontvangen).toHaveLength(9);
    expect(o.ontvangen[8].headers['webhook-id']).toBe(id);
    expect(await aflevering(id)).toMatchObject({ status: 'DELIVERED', pogingen: 1 });
    const leeg = await app.gql<{ webhookAfleveringen: { edges: unknown[] } }>(p.token, DOOD, { e: endpointId });
    expect(leeg.body.data!.webhookAfleveringen.edges).toEqual([]);
  });

  it('een endpoint dat 3 dagen aanhoudend faalt wordt uitgeschakeld; de eigenaar krijgt de gebeurtenis (feed en gezonde endpoints) en een logregel', async () => {
    const p = await nieuwePartner();
    const kapot = await ontvanger(() => 500);
    const gezond = await ontvanger();
    const { id: kapotId } = await registreer(app, p.token, kapot.url);
    await registreer(app, p.token, gezond.url);
    const logs: unknown[][] = [];
    const metLog: JobDeps = {
      ...deps,
      log: { ...deps.log, warn: (...a: unknown[]) => logs.push(a), info: () => undefined } as never,
    };

    const eerste = await schrijfTestGebeurtenis(app, p.code);
    await afleverRonde(metLog);
    const [ep1] = await app.sql(`select actief, falend_sinds from webhook_endpoint where id = $1`, [kapotId]);
    expect(ep1).toEqual({ actief: true, falend_sinds: TEST_NU });

    // Failing for just under 3 days: still on.
    app.clock.set(new Date(TEST_NU.getTime() + 3 * 24 * 3600_000 - 60_000));
    await schrijfTestGebeurtenis(app, p.code);
    await afleverRonde(metLog);
    expect((await app.sql(`select actief from webhook_endpoint where id = $1`, [kapotId]))[0].actief).toBe(true);

    app.clock.set(new Date(TEST_NU.getTime() + 3 * 24 * 3600_000 + 60_000));
    const derde = await schrijfTestGebeurtenis(app, p.code);
    await afleverRonde(metLog);
    p.token = await p.vers();
    const [ep] = await app.sql(`select actief, uitschakelreden, uitgeschakeld_op from webhook_endpoint where id = $1`, [
      kapotId,
    ]);
    expect(ep).toMatchObject({ actief: false, uitschakelreden: 'AANHOUDEND_FALEN' });
    expect(logs.some((a) => String(a[1]).includes('uitgeschakeld'))).toBe(true);
    // The worker changed the partner's configuration: audited once, under the system actor, for the endpoint's owner.
    expect(await systeemAudit(app, kapotId)).toEqual([
      expect.objectContaining({
        ...SYSTEEM_ACTOR(p.code),
        gebeurtenis: 'WEBHOOK_ENDPOINT_UITSCHAKELEN',
        actie: 'U',
        vt_organisatie: null,
        object_type: 'WebhookEndpoint',
      }),
    ]);
    // Its open deliveries are dead letters now.
    expect(
      await app.sql(`select status from webhook_aflevering where endpoint_id = $1 and status <> 'DEAD'`, [kapotId]),
    ).toEqual([]);

    // The owner is told: an event of its own, in the feed and delivered to its healthy endpoint.
    const feed = await app.gql<{
      gebeurtenissen: { edges: { node: { type: string; objectType: string; objectId: string } }[] };
    }>(p.token, `{ gebeurtenissen(eerste: 100) { edges { node { type objectType objectId } } } }`);
    expect(feed.body.data!.gebeurtenissen.edges.map((e) => e.node)).toContainEqual({
      type: 'webhook.endpoint-uitgeschakeld',
      objectType: 'WebhookEndpoint',
      objectId: kapotId,
    });
    await afleverRonde(metLog);
    const typen = gezond.ontvangen.map((x) => (JSON.parse(x.body) as { type: string }).type);
    expect(typen.filter((t) => t === 'webhook.endpoint-uitgeschakeld')).toHaveLength(1);
    const view = await app.gql<{ webhookEndpoint: Record<string, unknown> }>(
      p.token,
      `query($id: ID!) { webhookEndpoint(id: $id) { actief uitschakelreden } }`,
      { id: kapotId },
    );
    expect(view.body.data!.webhookEndpoint).toEqual({ actief: false, uitschakelreden: 'AANHOUDEND_FALEN' });

    // A disabled endpoint gets nothing more; switched on again, the partner re-drives what died.
    const voor = kapot.ontvangen.length;
    await schrijfTestGebeurtenis(app, p.code);
    app.clock.advance(3600_000);
    await afleverRonde(metLog);
    expect(kapot.ontvangen).toHaveLength(voor);
    kapot.antwoord = () => 200;
    await app.gql(
      p.token,
      `mutation($id: ID!) { webhookEndpointWijzigen(id: $id, invoer: { actief: true }) { actief } }`,
      { id: kapotId },
    );
    const r = await app.gql<{ webhookAfleveringenOpnieuw: number }>(
      p.token,
      `mutation($e: ID!) { webhookAfleveringenOpnieuw(endpointId: $e) }`,
      { e: kapotId },
    );
    expect(r.body.data!.webhookAfleveringenOpnieuw).toBe(3);
    await afleverRonde(metLog);
    const ids = kapot.ontvangen.slice(voor).map((x) => x.headers['webhook-id']);
    expect(ids).toEqual(expect.arrayContaining([eerste, derde]));
  });

  it('een doorverwijzing wordt niet gevolgd en een trage ontvanger loopt tegen de time-out', async () => {
    const p = await nieuwePartner();
    const doel = await ontvanger();
    const verwijzer = await ontvanger((_i, res) => {
      res.setHeader('location', doel.url);
      return 302;
    });
    const traag = await ontvanger(() => 'hangen');
    await registreer(app, p.token, verwijzer.url);
    await registreer(app, p.token, traag.url);
    const id = await schrijfTestGebeurtenis(app, p.code);
    await afleverRonde(jobDeps(app, { timeoutMs: 300 }));
    expect(doel.ontvangen).toEqual([]);
    const rijen = await app.sql(
      `select e.url, a.status, a.laatste_statuscode, a.laatste_fout from webhook_aflevering a join webhook_endpoint e on e.id = a.endpoint_id where a.gebeurtenis_id = $1`,
      [id],
    );
    expect(rijen).toContainEqual({
      url: verwijzer.url,
      status: 'FAILED',
      laatste_statuscode: 302,
      laatste_fout: 'HTTP_302',
    });
    expect(rijen).toContainEqual({
      url: traag.url,
      status: 'FAILED',
      laatste_statuscode: null,
      laatste_fout: 'TIME_OUT',
    });
  });
});

describe('via de worker', () => {
  it('de job webhooks-afleveren loopt via BullMQ in de worker en levert af', async () => {
    const p = await nieuwePartner();
    const o = await ontvanger();
    await registreer(app, p.token, o.url);
    const id = await schrijfTestGebeurtenis(app, p.code);
    const handle = await startWorkers(
      { orm: app.orm, clock: app.clock, log: deps.log, config: app.config },
      app.wachtrij,
      { schedules: false },
    );
    try {
      const q = handle.queues.find((x) => x.name === WEBHOOK_WACHTRIJ)!;
      await q.add(webhooksAfleverenJob.naam, {}, { jobId: `test-${id}` });
      await totdat(async () => o.ontvangen.length === 1);
      expect(o.ontvangen[0].headers['webhook-id']).toBe(id);
      await totdat(async () => (await aflevering(id)).status === 'DELIVERED');
    } finally {
      await handle.stop();
    }
  });
});

describe('een worker die midden in een aflevering stopt', () => {
  it('de geclaimde aflevering wordt na het verlopen van de claim opnieuw afgeleverd, met dezelfde webhook-id; niets gaat verloren', async () => {
    const p = await nieuwePartner();
    const o = await ontvanger();
    await registreer(app, p.token, o.url);
    const beide = [await schrijfTestGebeurtenis(app, p.code), await schrijfTestGebeurtenis(app, p.code)];

    // "Worker A": fans out and claims one, then dies before sending (or before recording the outcome).
    await afleverRonde(deps, { maxBatches: 0 });
    const geclaimd = await claimAfleveringen(deps, 1);
    expect(geclaimd).toHaveLength(1);
    const id = geclaimd[0].gebeurtenis.id;
    const tweede = beide.find((x) => x !== id)!;

    // "Worker B", while A's lease runs: delivers the other one, leaves A's claim alone.
    await afleverRonde(deps);
    expect(o.ontvangen.map((x) => x.headers['webhook-id'])).toEqual([tweede]);
    expect(await aflevering(id)).toMatchObject({ status: 'PENDING', pogingen: 1 });

    // The lease expires: B (or any worker) picks it up.
    app.clock.advance(app.config.webhooks.claimMs + 1000);
    await afleverRonde(deps);
    expect(o.ontvangen.map((x) => x.headers['webhook-id'])).toEqual([tweede, id]);
    expect(await aflevering(id)).toMatchObject({ status: 'DELIVERED', pogingen: 2 });

    // A wakes up and tries to record its outcome: its claim is gone, the row stays as B left it.
    const { legUitkomstVast } = await import('../../src/gebeurtenissen/aflevering');
    expect(await legUitkomstVast(deps, geclaimd[0], { afgeleverd: false, statuscode: 500, fout: 'HTTP_500' })).toBe(
      'CLAIM_VERLOREN',
    );
    expect(await aflevering(id)).toMatchObject({ status: 'DELIVERED' });
  });

  it('twee dispatchers tegelijk leveren elke aflevering één keer af (SKIP LOCKED)', async () => {
    const p = await nieuwePartner();
    const o = await ontvanger();
    await registreer(app, p.token, o.url);
    const ids = [];
    for (let i = 0; i < 20; i++) ids.push(await schrijfTestGebeurtenis(app, p.code));
    await Promise.all([
      afleverRonde(deps, { batch: 3 }),
      afleverRonde(deps, { batch: 3 }),
      afleverRonde(deps, { batch: 3 }),
    ]);
    expect(o.ontvangen.map((x) => x.headers['webhook-id']).sort()).toEqual([...ids].sort());
  });
});

describe('geheim roteren', () => {
  it('tijdens de overlap zijn beide handtekeningen geldig, daarna alleen de nieuwe', async () => {
    const p = await nieuwePartner();
    const o = await ontvanger();
    const { id: endpointId, geheim: oud } = await registreer(app, p.token, o.url);
    const ROTEER = `mutation($id: ID!) { webhookGeheimRoteren(id: $id) { geheim endpoint { id vorigGeheimGeldigTot } } }`;
    const r = await app.gql<{ webhookGeheimRoteren: { geheim: string; endpoint: { vorigGeheimGeldigTot: string } } }>(
      p.token,
      ROTEER,
      { id: endpointId },
    );
    expect(r.body.errors).toBeUndefined();
    const nieuw = r.body.data!.webhookGeheimRoteren.geheim;
    expect(nieuw).not.toBe(oud);
    expect(new Date(r.body.data!.webhookGeheimRoteren.endpoint.vorigGeheimGeldigTot).getTime()).toBe(
      TEST_NU.getTime() + 24 * 3600_000,
    );

    await schrijfTestGebeurtenis(app, p.code);
    await afleverRonde(deps);
    const tijdens = o.ontvangen[0];
    expect(String(tijdens.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifieerMetCrypto(oud, tijdens.headers, tijdens.body, app.clock.now())).toBe(true);
    expect(verifieerMetCrypto(nieuw, tijdens.headers, tijdens.body, app.clock.now())).toBe(true);

    app.clock.advance(24 * 3600_000 + 1000);
    p.token = await p.vers();
    await schrijfTestGebeurtenis(app, p.code);
    await afleverRonde(deps);
    const na = o.ontvangen[1];
    expect(String(na.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifieerMetCrypto(nieuw, na.headers, na.body, app.clock.now())).toBe(true);
    expect(verifieerMetCrypto(oud, na.headers, na.body, app.clock.now())).toBe(false);
    const v = await app.gql<{ webhookEndpoint: { vorigGeheimGeldigTot: string | null } }>(
      p.token,
      `query($id: ID!) { webhookEndpoint(id: $id) { vorigGeheimGeldigTot } }`,
      { id: endpointId },
    );
    expect(v.body.data!.webhookEndpoint.vorigGeheimGeldigTot).toBeNull();
  });

  it('met WEBHOOK_GEHEIM_SLEUTEL staan geheimen versleuteld in de database en verifiëren afleveringen gewoon', async () => {
    const sleutel = Buffer.alloc(32, 7);
    const p = await nieuwePartner();
    const o = await ontvanger();
    const { id, geheim } = await registreer(app, p.token, o.url);
    // Seal the stored secret as the API would with a key configured (the test app runs without one).
    const { bewaarGeheim } = await import('../../src/gebeurtenissen/geheim');
    await app.sql(`update webhook_geheim set geheim = $1 where endpoint_id = $2`, [
      bewaarGeheim(geheim, id, sleutel),
      id,
    ]);
    const [rij] = await app.sql(`select geheim from webhook_geheim where endpoint_id = $1`, [id]);
    expect(String(rij.geheim)).toMatch(/^aes256gcm:/);
    expect(String(rij.geheim)).not.toContain(geheim.slice(6));
    await schrijfTestGebeurtenis(app, p.code);
    await afleverRonde(jobDeps(app, { geheimSleutel: sleutel }));
    expect(verifieerMetCrypto(geheim, o.ontvangen[0].headers, o.ontvangen[0].body, app.clock.now())).toBe(true);
  });
});
