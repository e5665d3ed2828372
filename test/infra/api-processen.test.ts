import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { aantalApiProcessen, PROCES_HEADER } from '../../src/api-processen';
import { startTestApp } from '../helpers/testapp';

describe('API_PROCESSEN', () => {
  it('standaard één per kern op één na; een getal; auto; een fout getal is een configuratiefout', () => {
    // One core is left to PostgreSQL, the worker and the primary.
    expect(aantalApiProcessen({}, 2)).toBe(1);
    expect(aantalApiProcessen({ API_PROCESSEN: 'auto' }, 8)).toBe(7);
    expect(aantalApiProcessen({ API_PROCESSEN: '' }, 1)).toBe(1);
    expect(aantalApiProcessen({ API_PROCESSEN: '3' }, 2)).toBe(3);
    for (const fout of ['0', '-1', '1.5', 'twee']) {
      expect(() => aantalApiProcessen({ API_PROCESSEN: fout }, 2)).toThrow(/API_PROCESSEN/);
    }
  });
});

/**
 * The API as two processes (dist/src/main.js, as `npm start` runs it): the primary migrates and forks, two API processes
 * with their own pids answer on one port, and a killed one is replaced. Needs `npm run build` (as test/infra/proces.test.ts).
 */
describe('de API als meerdere processen', () => {
  let proces: ChildProcess;
  let uit = '';
  let url = '';
  const regels = (): {
    msg: string;
    pid?: number;
    proces?: number;
    procesPid?: number;
    apiProcessen?: number;
    graphql?: string;
  }[] =>
    uit
      .split('\n')
      .filter((r) => r.startsWith('{'))
      .map((r) => JSON.parse(r) as { msg: string });

  async function wacht(voorwaarde: () => boolean, ms = 80_000): Promise<void> {
    const eind = Date.now() + ms;
    while (!voorwaarde()) {
      if (Date.now() > eind || proces.exitCode !== null) throw new Error(`niet op tijd:\n${uit}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Which API process answers a fresh connection (the primary hands connections out round-robin). */
  async function wie(): Promise<string> {
    const r = await fetch(url.replace('/graphql', '/healthz'), { headers: { connection: 'close' } });
    expect(r.status).toBe(200);
    return r.headers.get(PROCES_HEADER) ?? '(geen)';
  }

  beforeAll(async () => {
    const app = await startTestApp();
    await app.stop();
    proces = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'main.js')], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        API_PROCESSEN: '2',
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
    proces.stdout?.on('data', (d: Buffer) => (uit += d.toString()));
    proces.stderr?.on('data', (d: Buffer) => (uit += d.toString()));
    await wacht(() => regels().some((r) => r.msg === 'Ketenpoort API gestart' && r.apiProcessen === 2));
    // The primary says it serves when the first API process listens; the second may still be loading its code.
    await wacht(
      () =>
        regels().filter((r) => r.msg === 'API-proces gestart').length >= 2 &&
        regels().filter((r) => r.msg === 'API-proces luistert').length >= 2,
    );
    url = regels().find((r) => r.msg === 'Ketenpoort API gestart')!.graphql!;
  }, 100_000);
  afterAll(async () => {
    if (proces.exitCode === null) {
      const weg = new Promise((r) => proces.once('exit', r));
      proces.kill('SIGTERM');
      await weg;
    }
  });

  it('twee API-processen met elk een eigen pid antwoorden op dezelfde poort; alleen het primaire proces migreert', async () => {
    const luisteren = regels().filter((r) => r.msg === 'API-proces luistert');
    expect(luisteren).toHaveLength(2);
    const pids = new Set(luisteren.map((r) => r.procesPid));
    expect(pids.size).toBe(2);
    expect(pids.has(proces.pid)).toBe(false);
    // Each API process logs its own start; "Ketenpoort API gestart" comes once, from the primary, when the first listens.
    expect(regels().filter((r) => r.msg === 'API-proces gestart')).toHaveLength(2);
    expect(regels().filter((r) => r.msg === 'Ketenpoort API gestart')).toHaveLength(1);
    const antwoorden = new Set<string>();
    for (let i = 0; i < 8; i++) antwoorden.add(await wie());
    expect(antwoorden.size).toBe(2);
  });

  it(
    'het primaire proces vervangt een API-proces dat sterft; de API blijft antwoorden',
    { timeout: 90_000 },
    async () => {
      const slachtoffer = regels().find((r) => r.msg === 'API-proces luistert')!.procesPid!;
      process.kill(slachtoffer, 'SIGKILL');
      await wacht(() => regels().filter((r) => r.msg === 'API-proces luistert').length === 3);
      expect(regels().some((r) => r.msg === 'API-proces gestopt; wordt vervangen' && r.procesPid === slachtoffer)).toBe(
        true,
      );
      const nieuw = regels()
        .filter((r) => r.msg === 'API-proces luistert')
        .map((r) => r.procesPid);
      expect(new Set(nieuw).size).toBe(3);
      expect(() => process.kill(slachtoffer, 0)).toThrow();
      const antwoorden = new Set<string>();
      for (let i = 0; i < 8; i++) antwoorden.add(await wie());
      expect(antwoorden.size).toBe(2);
    },
  );

  it('sluit op SIGTERM alle processen netjes af', async () => {
    const pids = regels()
      .filter((r) => r.msg === 'API-proces luistert')
      .map((r) => r.procesPid!);
    const code = await new Promise<number | null>((resolve) => {
      proces.once('exit', (c) => resolve(c));
      proces.kill('SIGTERM');
    });
    expect(
      code,
      uit
        .split('\n')
        .filter((r) => !r.includes('loginrol kan'))
        .slice(-12)
        .join('\n'),
    ).toBe(0);
    expect(regels().filter((r) => r.msg === 'afgesloten').length).toBeGreaterThanOrEqual(3);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});
