import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Issue 15, point 4: /readyz tells a busy database (every connection of the pool in use, clients waiting) from one
 * that is down. Busy stays ready (200, `druk`): failing readiness under load takes every loaded instance out at once.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const readyz = async (): Promise<{ status: number; body: Record<string, unknown> }> => {
  const r = await fetch(app.url.replace('/graphql', '/readyz'));
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

describe('/readyz onder belasting', () => {
  it('een volle pool met wachtende verzoeken is druk, niet onbereikbaar: 200', async () => {
    const knex = app.orm.em.getConnection().getKnex();
    const client = knex.client as {
      pool: { max: number };
      acquireConnection(): Promise<unknown>;
      releaseConnection(c: unknown): Promise<void>;
    };
    const bezet = await Promise.all(Array.from({ length: client.pool.max }, () => client.acquireConnection()));
    // One more query waits for a connection, as the requests of a loaded instance do.
    const wachtend = app.orm.em.getConnection().execute('select 1');
    try {
      const gestart = Date.now();
      const r = await readyz();
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ status: 'druk', postgresql: 'druk', wachtrij: 'ok' });
      // Answered from the server itself, not after waiting for the pool's timeout.
      expect(Date.now() - gestart).toBeLessThan(1500);
    } finally {
      for (const c of bezet) await client.releaseConnection(c);
      await wachtend;
    }
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ok', postgresql: 'ok', wachtrij: 'ok' } });
  });

  it('een database die weg is, blijft 503', async () => {
    const weg = await startTestApp({ deelt: app });
    await weg.orm.close(true);
    try {
      const r = await fetch(weg.url.replace('/graphql', '/readyz'));
      expect(r.status).toBe(503);
      expect(await r.json()).toMatchObject({ status: 'niet gereed', postgresql: 'onbereikbaar' });
    } finally {
      await weg.stop().catch(() => undefined);
    }
  });
});
