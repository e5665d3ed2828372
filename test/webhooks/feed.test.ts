import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RequestContext } from '../../src/lib/context';
import { startTestApp, type TestApp } from '../helpers/testapp';
import { totdat } from '../helpers/wachten';
import { schrijfTestGebeurtenis } from './ontvanger';

let app: TestApp;
let wijkteam: string;
let raad: string;

beforeAll(async () => {
  app = await startTestApp();
  await app.partner('WT-FEED', 'WIJKTEAM');
  await app.partner('RVDK-FEED', 'RAAD_VOOR_DE_KINDERBESCHERMING');
  wijkteam = await app.token('WIJKTEAM_MEDEWERKER', 'WT-FEED');
  raad = await app.token('RVDK_MEDEWERKER', 'RVDK-FEED');
});
afterAll(() => app.stop());

type Feed = {
  gebeurtenissen: {
    edges: {
      cursor: string;
      node: {
        id: string;
        volgnummer: number;
        type: string;
        objectType: string;
        objectId: string;
        aangemaaktOp: string;
      };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};
const FEED = `query($na: String, $eerste: Int) { gebeurtenissen(na: $na, eerste: $eerste) { edges { cursor node { id volgnummer type objectType objectId aangemaaktOp } } pageInfo { hasNextPage endCursor } } }`;

describe('de gebeurtenissenfeed: herstellen wat een webhook miste', () => {
  it('vanaf een cursor, oudste eerst, in pagina’s; alleen de eigen gebeurtenissen', async () => {
    const eigen: string[] = [];
    for (let i = 0; i < 5; i++) {
      eigen.push(
        await schrijfTestGebeurtenis(app, 'WT-FEED', i % 2 ? 'overdracht.herinnering' : 'overdracht.aangeboden'),
      );
      await schrijfTestGebeurtenis(app, 'RVDK-FEED', 'verzoek-tot-onderzoek.gedaan');
    }
    const p1 = await app.gql<Feed>(wijkteam, FEED, { eerste: 2 });
    expect(p1.body.errors).toBeUndefined();
    expect(p1.body.data!.gebeurtenissen.edges.map((e) => e.node.id)).toEqual(eigen.slice(0, 2));
    expect(p1.body.data!.gebeurtenissen.pageInfo.hasNextPage).toBe(true);
    const n0 = p1.body.data!.gebeurtenissen.edges[0].node;
    expect(n0).toMatchObject({ type: 'overdracht.aangeboden', objectType: 'Overdracht' });
    expect(typeof n0.volgnummer).toBe('number');

    const p2 = await app.gql<Feed>(wijkteam, FEED, { eerste: 10, na: p1.body.data!.gebeurtenissen.pageInfo.endCursor });
    expect(p2.body.data!.gebeurtenissen.edges.map((e) => e.node.id)).toEqual(eigen.slice(2));
    expect(p2.body.data!.gebeurtenissen.pageInfo.hasNextPage).toBe(false);
    const volgnummers = [...p1.body.data!.gebeurtenissen.edges, ...p2.body.data!.gebeurtenissen.edges].map(
      (e) => e.node.volgnummer,
    );
    expect([...volgnummers].sort((a, b) => a - b)).toEqual(volgnummers);

    // Nothing new: an empty page that keeps the cursor, so the partner can poll with it again.
    const eind = p2.body.data!.gebeurtenissen.pageInfo.endCursor;
    const leeg = await app.gql<Feed>(wijkteam, FEED, { na: eind });
    expect(leeg.body.data!.gebeurtenissen).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: eind } });
    // Something new: exactly that since the cursor.
    const nieuw = await schrijfTestGebeurtenis(app, 'WT-FEED', 'overdracht.ingetrokken');
    const daarna = await app.gql<Feed>(wijkteam, FEED, { na: eind });
    expect(daarna.body.data!.gebeurtenissen.edges.map((e) => e.node.id)).toEqual([nieuw]);

    // The other organisation sees only its own.
    const r = await app.gql<Feed>(raad, FEED, { eerste: 100 });
    expect(r.body.data!.gebeurtenissen.edges).toHaveLength(5);
    expect(new Set(r.body.data!.gebeurtenissen.edges.map((e) => e.node.type))).toEqual(
      new Set(['verzoek-tot-onderzoek.gedaan']),
    );
  });

  it('een ongeldige cursor of paginagrootte is BAD_USER_INPUT', async () => {
    const c = await app.gql(wijkteam, FEED, { na: 'onzin' });
    expect(c.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [{ veld: 'na', code: 'ONGELDIGE_CURSOR' }],
    });
    const g = await app.gql(wijkteam, FEED, { eerste: 1000 });
    expect(g.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [{ veld: 'eerste', code: 'ONGELDIGE_PAGINAGROOTTE' }],
    });
  });

  it('de rijregel houdt een vreemde gebeurtenis tegen, ook als de service haar toch zou teruggeven', async () => {
    const { rijregels } = await import('../../src/beleid/rijregels');
    const actor = { organisatie: { code: 'WT-FEED' } } as never;
    expect(rijregels.isVanEigenOrganisatie({ organisatie: 'WT-FEED' }, actor)).toBe(true);
    expect(rijregels.isVanEigenOrganisatie({ organisatie: 'RVDK-FEED' }, actor)).toBe(false);
  });

  it('elke Gebeurtenis-view draagt de ontvanger van de rij (niet de aanroeper), zodat de rijregel echt de rij toetst', async () => {
    const { rijregels } = await import('../../src/beleid/rijregels');
    const { webhookFeed } = await import('../../src/gebeurtenissen/webhook.feed');
    const id = await schrijfTestGebeurtenis(app, 'WT-FEED', 'overdracht.aangeboden');
    const ctx = {
      em: app.orm.em.fork(),
      clock: app.clock,
      actor: { organisatie: { code: 'WT-FEED', soort: 'WIJKTEAM' } },
    } as unknown as RequestContext;
    const feed = await webhookFeed.gebeurtenissen(ctx, undefined, 100);
    expect(feed.edges.map((e) => e.node.id)).toContain(id);
    const ontvangers = await app.sql(`select id, ontvanger from gebeurtenis where id = any($1)`, [
      feed.edges.map((e) => e.node.id),
    ]);
    const ontvanger = new Map(ontvangers.map((r) => [r.id as string, r.ontvanger as string]));
    for (const { node } of feed.edges) {
      expect(node.organisatie).toBe(ontvanger.get(node.id));
      // The rule passes for the owner and refuses the same row for another organisation.
      expect(rijregels.isVanEigenOrganisatie(node, { organisatie: { code: 'WT-FEED' } } as never)).toBe(true);
      expect(rijregels.isVanEigenOrganisatie(node, { organisatie: { code: 'RVDK-FEED' } } as never)).toBe(false);
    }
  });

  it('VT-medewerkers en analisten hebben de feed niet in hun schema', async () => {
    for (const t of [await app.token('VT_MEDEWERKER', 'VT14'), await app.token('ANALIST', 'VT14')]) {
      const r = await app.gql(t, FEED, {});
      expect(r.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('gelijktijdige schrijvers voor één ontvanger worden zichtbaar in volgnummervolgorde (geen gat achter de cursor); een andere ontvanger wacht niet', async () => {
    // Transaction A writes an event and stays open; B, for the same recipient, must wait for A (the recipient's
    // counter row), so B's event can never be visible while A's lower volgnummer is not. C, for another recipient,
    // takes another counter row and is done while A is still open: organisations are not serialised on one lock.
    let klaarA!: () => void;
    const wachtA = new Promise<void>((r) => (klaarA = r));
    let aGeschreven!: () => void;
    const aIsGeschreven = new Promise<void>((r) => (aGeschreven = r));
    const { schrijfGebeurtenis } = await import('../../src/gebeurtenissen/outbox');
    const g = {
      ontvanger: 'WT-FEED',
      type: 'overdracht.aangeboden' as const,
      objectType: 'Overdracht',
      objectId: 'x',
      vtOrganisatie: 'VT14',
      casusId: null,
      op: app.clock.now(),
    };
    const a = app.orm.em.fork().transactional(async (tx) => {
      const id = await schrijfGebeurtenis(tx, g);
      aGeschreven();
      await wachtA;
      return id;
    });
    await aIsGeschreven;
    try {
      let bKlaar = false;
      const b = app.orm.em
        .fork()
        .transactional((tx) => schrijfGebeurtenis(tx, g))
        .then((id) => {
          bKlaar = true;
          return id;
        });
      // B is waiting on A's row lock (seen in PostgreSQL, not guessed with a sleep).
      await totdat(
        async () =>
          (
            await app.sql(
              `select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%gebeurtenis_teller%'`,
            )
          ).length === 1,
      );
      expect(bKlaar).toBe(false);
      // C, for another recipient, commits while A is open.
      const idC = await app.orm.em
        .fork()
        .transactional((tx) => schrijfGebeurtenis(tx, { ...g, ontvanger: 'RVDK-FEED' }));
      expect(await app.sql(`select 1 from gebeurtenis where id = $1`, [idC])).toHaveLength(1);
      expect(bKlaar).toBe(false);
      klaarA();
      const [idA, idB] = await Promise.all([a, b]);
      const rijen = await app.sql(`select id, volgnummer from gebeurtenis where id = any($1) order by volgnummer`, [
        [idA, idB],
      ]);
      expect(rijen.map((r) => r.id)).toEqual([idA, idB]);
      expect(Number(rijen[1].volgnummer)).toBe(Number(rijen[0].volgnummer) + 1);
    } finally {
      klaarA();
      await a;
    }
  });
});

/** A small seeded generator (mulberry32), so a failing interleaving can be replayed. */
function willekeurig(zaad: number): () => number {
  let t = zaad >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

async function heleFeed(token: string): Promise<Feed['gebeurtenissen']['edges'][number]['node'][]> {
  const uit: Feed['gebeurtenissen']['edges'][number]['node'][] = [];
  let na: string | null = null;
  for (;;) {
    const r: Awaited<ReturnType<typeof app.gql<Feed>>> = await app.gql<Feed>(token, FEED, { na, eerste: 7 });
    expect(r.body.errors).toBeUndefined();
    uit.push(...r.body.data!.gebeurtenissen.edges.map((e) => e.node));
    na = r.body.data!.gebeurtenissen.pageInfo.endCursor;
    if (!r.body.data!.gebeurtenissen.pageInfo.hasNextPage) return uit;
  }
}

describe('volgnummer per ontvanger: de gaten verraden niets over wat anderen krijgen', () => {
  it('twee partners met verweven gebeurtenissen zien elk 1, 2, 3, ... zonder gaten', async () => {
    await app.partner('WT-VOLG-A', 'WIJKTEAM');
    await app.partner('GI-VOLG-B', 'GECERTIFICEERDE_INSTELLING');
    const ids: Record<string, string[]> = { 'WT-VOLG-A': [], 'GI-VOLG-B': [] };
    for (const ontvanger of [
      'WT-VOLG-A',
      'GI-VOLG-B',
      'GI-VOLG-B',
      'WT-VOLG-A',
      'GI-VOLG-B',
      'WT-VOLG-A',
      'WT-VOLG-A',
      'GI-VOLG-B',
    ]) {
      ids[ontvanger].push(await schrijfTestGebeurtenis(app, ontvanger));
    }
    const a = await heleFeed(await app.token('WIJKTEAM_MEDEWERKER', 'WT-VOLG-A'));
    const b = await heleFeed(await app.token('GI_JEUGDBESCHERMER', 'GI-VOLG-B'));
    expect(a.map((n) => n.volgnummer)).toEqual([1, 2, 3, 4]);
    expect(b.map((n) => n.volgnummer)).toEqual([1, 2, 3, 4]);
    expect(a.map((n) => n.id)).toEqual(ids['WT-VOLG-A']);
    expect(b.map((n) => n.id)).toEqual(ids['GI-VOLG-B']);
  });

  it('gegenereerd: veel ontvangers, gelijktijdige schrijvers en teruggedraaide transacties; elke ontvanger ziet precies 1..n in schrijfvolgorde', async () => {
    const { schrijfGebeurtenis } = await import('../../src/gebeurtenissen/outbox');
    const ontvangers = Array.from({ length: 6 }, (_, i) => `WT-GEN-${i}`);
    for (const o of ontvangers) await app.partner(o, 'WIJKTEAM');
    const rnd = willekeurig(20261204);
    const vastgelegd = new Map<string, Set<string>>(ontvangers.map((o) => [o, new Set()]));
    let teruggedraaid = 0;
    for (let ronde = 0; ronde < 12; ronde++) {
      // Eight writers at once, to random recipients; about one in five rolls back after writing its event.
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          const ontvanger = ontvangers[Math.floor(rnd() * ontvangers.length)];
          const terugdraaien = rnd() < 0.2;
          try {
            const id = await app.orm.em.fork().transactional(async (tx) => {
              const id = await schrijfGebeurtenis(tx, {
                ontvanger,
                type: 'overdracht.aangeboden',
                objectType: 'Overdracht',
                objectId: 'gen',
                vtOrganisatie: 'VT14',
                casusId: null,
                op: app.clock.now(),
              });
              if (terugdraaien) throw new Error('teruggedraaid');
              return id as string;
            });
            vastgelegd.get(ontvanger)!.add(id);
          } catch (e) {
            if ((e as Error).message !== 'teruggedraaid') throw e;
            teruggedraaid++;
          }
        }),
      );
    }
    expect(teruggedraaid).toBeGreaterThan(0);
    for (const o of ontvangers) {
      const feed = await heleFeed(await app.token('WIJKTEAM_MEDEWERKER', o));
      const n = vastgelegd.get(o)!.size;
      expect(
        feed.map((x) => x.volgnummer),
        o,
      ).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(new Set(feed.map((x) => x.id))).toEqual(vastgelegd.get(o));
      // The same numbers as stored, and the global order of one recipient's events agrees with its own numbers.
      const rijen = await app.sql(
        `select volgnummer::int as v from gebeurtenis where ontvanger = $1 order by volgorde`,
        [o],
      );
      expect(rijen.map((r) => r.v)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    }
  });

  it('een cursor van vóór de omnummering (globaal volgnummer) loopt door waar de partner was, zonder gemis of dubbel', async () => {
    await app.partner('WT-OUD', 'WIJKTEAM');
    const token = await app.token('WIJKTEAM_MEDEWERKER', 'WT-OUD');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(await schrijfTestGebeurtenis(app, 'WT-OUD'));
      await schrijfTestGebeurtenis(app, 'RVDK-FEED');
    }
    // The partner had seen the second event, with the global number of that time (now `volgorde`).
    const [tweede] = await app.sql(`select volgorde::text as v from gebeurtenis where id = $1`, [ids[1]]);
    const oud = Buffer.from(`g:${tweede.v as string}`).toString('base64url');
    const r = await app.gql<Feed>(token, FEED, { na: oud });
    expect(r.body.data!.gebeurtenissen.edges.map((e) => e.node.id)).toEqual(ids.slice(2));
    expect(r.body.data!.gebeurtenissen.edges.map((e) => e.node.volgnummer)).toEqual([3, 4]);
    // A global number between two of its events: the last one at or below it.
    const [derdeNa] = await app.sql(`select (volgorde + 1)::text as v from gebeurtenis where id = $1`, [ids[2]]);
    const tussen = await app.gql<Feed>(token, FEED, {
      na: Buffer.from(`g:${derdeNa.v as string}`).toString('base64url'),
    });
    expect(tussen.body.data!.gebeurtenissen.edges.map((e) => e.node.id)).toEqual([ids[3]]);
    // At the end: an empty page whose cursor is in the new form and stays put.
    const [laatste] = await app.sql(`select volgorde::text as v from gebeurtenis where id = $1`, [ids[3]]);
    const eind = await app.gql<Feed>(token, FEED, {
      na: Buffer.from(`g:${laatste.v as string}`).toString('base64url'),
    });
    expect(eind.body.data!.gebeurtenissen.edges).toEqual([]);
    expect(Buffer.from(eind.body.data!.gebeurtenissen.pageInfo.endCursor!, 'base64url').toString()).toBe('o:4');
  });
});
