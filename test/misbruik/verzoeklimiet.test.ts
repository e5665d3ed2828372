import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { startTestApp, type GqlAntwoord, type TestApp } from '../helpers/testapp';

/**
 * Issue 15, point 3: rate limits per token (its subject at its issuer) and per client address, answered with 429 and
 * Retry-After, counted in a store that several API instances share (PostgreSQL here; Redis where configured).
 */
const IK = '{ ik { rol } }';

function verwachtGeweigerd(r: GqlAntwoord, reden: string, limiet: number): void {
  expect(r.status).toBe(429);
  const seconden = Number(r.headers.get('retry-after'));
  expect(seconden).toBeGreaterThanOrEqual(1);
  expect(seconden).toBeLessThanOrEqual(60);
  expect(r.body.errors![0].extensions).toEqual({ code: 'TE_VEEL_VERZOEKEN', reden, limiet, retryAfter: seconden });
  expect(r.body.errors![0].message).toContain(`${limiet} per minuut`);
}

describe('per token', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ env: { VERZOEKLIMIET_TOKEN_PER_MINUUT: '3' } });
    // A second API instance on the same database: one limit for both.
    b = await startTestApp({ deelt: a, env: { VERZOEKLIMIET_TOKEN_PER_MINUUT: '3' } });
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
  });

  it('de vierde aanvraag in een minuut krijgt 429 met Retry-After, ook via een tweede instantie', async () => {
    const t = await a.token('VT_MEDEWERKER', 'VT14', { sub: `mw-${randomUUID()}` });
    expect((await a.gql(t, IK)).status).toBe(200);
    expect((await b.gql(t, IK)).status).toBe(200);
    expect((await a.gql(t, IK)).status).toBe(200);
    verwachtGeweigerd(await b.gql(t, IK), 'PER_TOKEN', 3);
    verwachtGeweigerd(await a.gql(t, IK), 'PER_TOKEN', 3);
    // Another caller is not held back.
    const ander = await a.token('VT_MEDEWERKER', 'VT14', { sub: `mw-${randomUUID()}` });
    expect((await a.gql(ander, IK)).status).toBe(200);
    // Counted in PostgreSQL (table verzoeklimiet), where every instance sees it.
    const rijen = await a.sql(`select points from verzoeklimiet where key like 'verzoeklimiet:token:%'`);
    expect(rijen.map((r) => r.points).sort()).toEqual([1, 5]);
  });
});

describe('kosten per token', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { VERZOEKLIMIET_KOSTEN_PER_MINUUT: '5000' } });
  });
  afterAll(() => app.stop());

  it('de kosten van elke query gaan van een budget per minuut af; daarboven 429 met Retry-After', async () => {
    const t = await app.token('VT_MEDEWERKER', 'VT14', { sub: `mw-${randomUUID()}` });
    // 100 × (melding + an assumed 10 betrokkenen) = 1100 points: four fit in 5000, the fifth does not.
    const q = `{ meldingen(eerste: 100) { edges { node { id betrokkenen { id } } } } }`;
    for (let i = 0; i < 4; i++) expect((await app.gql(t, q)).status).toBe(200);
    const r = await app.gql(t, q);
    expect(r.status).toBe(429);
    const seconden = Number(r.headers.get('retry-after'));
    expect(seconden).toBeGreaterThanOrEqual(1);
    expect(r.body.errors![0].extensions).toMatchObject({
      code: 'TE_VEEL_VERZOEKEN',
      reden: 'KOSTEN_PER_TOKEN',
      limiet: 5000,
      retryAfter: seconden,
    });
    // A cheap query of another caller is not held back.
    const ander = await app.token('VT_MEDEWERKER', 'VT14', { sub: `mw-${randomUUID()}` });
    expect((await app.gql(ander, q)).status).toBe(200);
  });
});

describe('per adres', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { VERZOEKLIMIET_ADRES_PER_MINUUT: '2', VERTROUWDE_PROXIES: 'loopback' } });
  });
  afterAll(() => app.stop());

  it('telt per clientadres achter een vertrouwde proxy, vóór het token: ook verzoeken zonder token', async () => {
    const t = await app.token('VT_MEDEWERKER', 'VT14');
    const van = (adres: string) => ({ 'x-forwarded-for': adres });
    expect((await app.gql(t, IK, undefined, van('203.0.113.7'))).status).toBe(200);
    expect((await app.gql(undefined, IK, undefined, van('203.0.113.7'))).status).toBe(401);
    verwachtGeweigerd(await app.gql(undefined, IK, undefined, van('203.0.113.7')), 'PER_ADRES', 2);
    verwachtGeweigerd(await app.gql(t, IK, undefined, van('203.0.113.7')), 'PER_ADRES', 2);
    expect((await app.gql(t, IK, undefined, van('203.0.113.8'))).status).toBe(200);
  });

  it('zonder vertrouwde proxy telt X-Forwarded-For niet: het adres van de verbinding telt', async () => {
    const zonder = await startTestApp({ deelt: app, env: { VERZOEKLIMIET_ADRES_PER_MINUUT: '2' } });
    try {
      await zonder.sql(`delete from verzoeklimiet`);
      const t = await zonder.token('VT_MEDEWERKER', 'VT14');
      expect((await zonder.gql(t, IK, undefined, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(200);
      expect((await zonder.gql(t, IK, undefined, { 'x-forwarded-for': '198.51.100.2' })).status).toBe(200);
      verwachtGeweigerd(await zonder.gql(t, IK, undefined, { 'x-forwarded-for': '198.51.100.3' }), 'PER_ADRES', 2);
    } finally {
      await zonder.stop();
    }
  });
});

describe('op Redis', () => {
  const redisUrl = inject('redisUrl');
  it.runIf(redisUrl)('met REDIS_URL telt de limiet in Redis, gedeeld door de instanties', async () => {
    const env = { VERZOEKLIMIET_TOKEN_PER_MINUUT: '2', REDIS_URL: redisUrl as string };
    const a = await startTestApp({ env });
    const b = await startTestApp({ deelt: a, env });
    try {
      const t = await a.token('VT_MEDEWERKER', 'VT14', { sub: `mw-${randomUUID()}` });
      expect((await a.gql(t, IK)).status).toBe(200);
      expect((await b.gql(t, IK)).status).toBe(200);
      verwachtGeweigerd(await a.gql(t, IK), 'PER_TOKEN', 2);
      expect(await a.sql(`select 1 from verzoeklimiet`)).toHaveLength(0);
    } finally {
      await b.stop();
      await a.stop();
    }
  });
});
