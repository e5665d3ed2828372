import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../helpers/testapp';

describe('gezondheid en gereedheid', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('/healthz antwoordt zonder token', async () => {
    const r = await fetch(app.url.replace('/graphql', '/healthz'));
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok' });
  });

  it('/readyz meldt PostgreSQL en de wachtrij bereikbaar', async () => {
    const r = await fetch(app.url.replace('/graphql', '/readyz'));
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok', postgresql: 'ok', wachtrij: 'ok' });
  });

  it('een te groot verzoek krijgt 413 met een vaste code, zonder stacktrace', async () => {
    const r = await fetch(app.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await app.token('VT_MEDEWERKER', 'VT14')}`,
      },
      body: JSON.stringify({ query: '{ ik { rol } }', variables: { x: 'y'.repeat(2_200_000) } }),
    });
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: 'PAYLOAD_TOO_LARGE', limiet: 512 * 1024 } }],
    });
  });
});

describe('/readyz zonder database', () => {
  it('meldt 503 als PostgreSQL onbereikbaar is', async () => {
    const app = await startTestApp();
    await app.orm.close(true);
    try {
      const r = await fetch(app.url.replace('/graphql', '/readyz'));
      expect(r.status).toBe(503);
      expect(await r.json()).toMatchObject({ postgresql: 'onbereikbaar' });
    } finally {
      await app.stop().catch(() => undefined);
    }
  });
});

describe('het API-proces', () => {
  it('start op een bestaande database en sluit netjes af op SIGTERM', async () => {
    const app = await startTestApp();
    await app.stop();
    const proces = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'main.js')], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: app.dbUrl,
        QUEUE_DATABASE_URL: app.queueDbUrl,
        PORT: '0',
        LOG_LEVEL: 'info',
        START_WORKER: 'false',
        DEMO_DATA: 'false',
        REDIS_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let uit = '';
    proces.stdout.on('data', (d: Buffer) => (uit += d.toString()));
    proces.stderr.on('data', (d: Buffer) => (uit += d.toString()));
    const eind = Date.now() + 30_000;
    while (!uit.includes('Ketenpoort API gestart')) {
      if (Date.now() > eind || proces.exitCode !== null) throw new Error(`niet gestart:\n${uit}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const adres = /"graphql":"(http:[^"]+)"/.exec(uit)![1];
    expect((await fetch(adres.replace('/graphql', '/healthz'))).status).toBe(200);
    const code = await new Promise<number | null>((resolve) => {
      proces.once('exit', (c) => resolve(c));
      proces.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(uit).toContain('"msg":"afgesloten"');
    // Logs are JSON and carry no personal data or tokens.
    expect(uit).not.toMatch(/Bearer|eyJ/);
  });
});
