import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';

import { withDatabase } from '../../src/lib/database';
import { schoneOmgeving, startProces, testMappen, vrijePoort } from './proces';

/** Starts the API (dist/src/main.js) and returns how it ended: exit code, its lines outside the JSON log, the time. */
async function startMislukt(env: Record<string, string>, ingang = 'dist/src/main.js') {
  const p = startProces([ingang], schoneOmgeving({ PORT: '0', START_WORKER: 'false', DEMO_DATA: 'false', ...env }));
  const { code, duurMs } = await p.einde(30_000);
  const regels = p
    .uitvoer()
    .split('\n')
    .filter((r) => r.trim() && !r.startsWith('{'));
  return { code, regels, duurMs };
}

/** One line, naming the cause; no stack trace. */
function verwachtEenRegel(r: { code: number | null; regels: string[] }, patroon: RegExp): void {
  expect(r.code).not.toBe(0);
  expect(r.regels).toHaveLength(1);
  expect(r.regels[0]).toMatch(patroon);
  expect(r.regels.join('\n')).not.toMatch(/^\s+at /m);
}

/** Issue 15, point 9: start errors a newcomer understands, in one line that names host, port or path. */
describe('startfouten (issue 15, punt 9)', () => {
  const server = inject('pgServerUrl');
  const mappen: string[] = [];
  afterAll(() => {
    for (const m of mappen) rmSync(m, { recursive: true, force: true });
  });

  it('de poort is al in gebruik: gemeld voordat database en demodata beginnen', async () => {
    const bezet: Server = createServer();
    const port = await vrijePoort();
    await new Promise<void>((r) => bezet.listen(port, '127.0.0.1', () => r()));
    try {
      const r = await startMislukt({ PORT: String(port), DATABASE_URL: withDatabase(server, 'postgres') });
      verwachtEenRegel(r, new RegExp(`Poort ${port} op 127\\.0\\.0\\.1 is al in gebruik.*PORT=${port + 1}`));
      expect(r.duurMs).toBeLessThan(10_000);
    } finally {
      bezet.close();
    }
  });

  it('een database die niet te bereiken is, noemt host en poort', async () => {
    const port = await vrijePoort();
    const r = await startMislukt({ DATABASE_URL: `postgres://iemand:geheim@127.0.0.1:${port}/ketenpoort` });
    verwachtEenRegel(r, new RegExp(`PostgreSQL \\(DATABASE_URL\\) op 127\\.0\\.0\\.1:${port} is niet bereikbaar`));
    expect(r.regels[0]).not.toMatch(/geheim/);
  });

  it('een host die niet bestaat', async () => {
    const r = await startMislukt({ DATABASE_URL: 'postgres://iemand@db.bestaat-niet.invalid:5432/ketenpoort' });
    verwachtEenRegel(r, /de host in DATABASE_URL \(db\.bestaat-niet\.invalid:5432\) bestaat niet/);
  });

  it('een geweigerde login noemt gebruiker en host, niet het wachtwoord', async () => {
    const u = new URL(withDatabase(server, 'postgres'));
    u.username = 'kp_bestaat_niet';
    u.password = 'geheim-wachtwoord';
    const r = await startMislukt({ DATABASE_URL: u.toString() });
    verwachtEenRegel(r, new RegExp(`op ${u.host.replace(/\./g, '\\.')}.* weigert de login van kp_bestaat_niet`));
    expect(r.regels[0]).not.toMatch(/geheim-wachtwoord/);
  });

  it('in productie is een ontbrekende database een fout, en wordt ze niet leeg aangemaakt', async () => {
    const naam = `kp_ontbreekt_${Date.now().toString(36)}`;
    const r = await startMislukt({
      NODE_ENV: 'production',
      DATABASE_URL: withDatabase(server, naam),
      REDIS_URL: 'redis://127.0.0.1:1',
      WEBHOOK_GEHEIM_SLEUTEL: randomBytes(32).toString('base64'),
      VT_REGISTER_SLEUTEL: randomBytes(32).toString('base64'),
      AUDIT_CHECKPOINT_SLEUTEL: '/geheim/checkpoint.pem',
    });
    verwachtEenRegel(r, new RegExp(`De database ${naam} bestaat niet op .*npm run db:migrate`));
    const c = new Client({ connectionString: server });
    await c.connect();
    try {
      expect((await c.query('select 1 from pg_database where datname = $1', [naam])).rowCount).toBe(0);
    } finally {
      await c.end();
    }
  });

  it('een ontbrekende wachtrijdatabase (BullMQ op PostgreSQL) wordt gemeld', async () => {
    const r = await startMislukt({
      DATABASE_URL: withDatabase(server, 'postgres'),
      QUEUE_DATABASE_URL: withDatabase(server, 'kp_wachtrij_ontbreekt'),
    });
    verwachtEenRegel(
      r,
      /De wachtrijdatabase kp_wachtrij_ontbreekt bestaat niet op .*\(QUEUE_DATABASE_URL\).*REDIS_URL/,
    );
  });

  it('een datamap die een andere instantie gebruikt, noemt het pad', async () => {
    const { dataDir, tmp } = testMappen();
    mappen.push(tmp);
    const env = { DATA_DIR: dataDir, TMPDIR: tmp, EMBEDDED_PG_PORT: String(await vrijePoort()) };
    const eerste = startProces(['dist/src/main.js'], schoneOmgeving({ ...env, PORT: '0', START_WORKER: 'false' }));
    try {
      await eerste.wachtOp('"msg":"Ketenpoort API gestart"', 90_000);
      const r = await startMislukt({ ...env, EMBEDDED_PG_PORT: String(await vrijePoort()) });
      verwachtEenRegel(
        r,
        /De datamap .*\/postgres is in gebruik door een andere Ketenpoort \(PostgreSQL pid \d+, poort \d+\)/,
      );
      // And on the same embedded port: the data folder is named first, it says more.
      const zelfdePoort = await startMislukt(env);
      verwachtEenRegel(zelfdePoort, /De datamap .* is in gebruik/);
    } finally {
      eerste.signaalAanGroep('SIGINT');
      const { code } = await eerste.einde();
      // On a failure, what the instance wrote says why.
      expect(code, eerste.uitvoer().slice(-4000)).toBe(0);
    }
  }, 120_000);
});
