import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { ROOT, schoneOmgeving, startProces, testMappen, vrijePoort } from './proces';

/**
 * A start entry like demo/start.ts with a stand-in for the demo year: it notes whether an earlier fill left its row,
 * writes one, and with VUL_HANGT stays busy as the real year does for minutes (so the test can interrupt it there).
 */
const INGANG = `
const { start } = require(${JSON.stringify(join(ROOT, 'dist', 'src', 'main.js'))});
start(async (orm, _clock, log) => {
  const c = orm.em.getConnection();
  const [{ n }] = await c.execute("select count(*)::int as n from organisatie where code = 'HALF-JAAR'");
  log.info({ halfJaarAlAanwezig: n }, 'proefvulling begint');
  await c.execute("insert into organisatie (code, naam, soort, regio_codes, actief) values ('HALF-JAAR', 'Half jaar', 'WIJKTEAM', array['VT14'], true) on conflict do nothing");
  if (process.env.VUL_HANGT) {
    log.info('proefvulling hangt');
    await new Promise(() => undefined);
  }
});
`;

/**
 * Issue 15, point 11: stopping the first start while the demo year is being simulated left a partial year for good
 * (the next start saw meldingen and skipped the demo). Now the fill is marked begun and done (src/lib/vulmarkering.ts);
 * a start that finds it begun but not done says so and starts over on an emptied embedded database.
 * Issue 18, point 5: the API answers while the fill runs, and /readyz says how far it is.
 */
describe('een onderbroken eerste start herstelt (issue 15, punt 11; issue 18, punt 5)', () => {
  const mappen: string[] = [];
  afterAll(() => {
    for (const m of mappen) rmSync(m, { recursive: true, force: true });
  });

  it('de volgende start maakt de demodata opnieuw, een voltooide vulling blijft staan', async () => {
    const { dataDir, tmp } = testMappen();
    mappen.push(tmp);
    const ingang = join(tmp, 'start.js');
    writeFileSync(ingang, INGANG);
    const env = schoneOmgeving({
      DATA_DIR: dataDir,
      TMPDIR: tmp,
      START_WORKER: 'false',
      PORT: String(await vrijePoort()),
      EMBEDDED_PG_PORT: String(await vrijePoort()),
    });
    const status = () =>
      (JSON.parse(readFileSync(join(dataDir, 'demodata.status.json'), 'utf8')) as { status: string }).status;

    // 1. The API answers while the first start fills; it is stopped while it fills.
    // Two API processes: /readyz is answered by a process that is not the one filling (it reads the mark).
    const eerste = startProces([ingang], { ...env, VUL_HANGT: '1', API_PROCESSEN: '2' });
    await eerste.wachtOp('"msg":"proefvulling hangt"', 90_000);
    expect(eerste.uitvoer()).toMatch(/"msg":"Ketenpoort API gestart"/);
    const gereed = await fetch(`http://127.0.0.1:${env.PORT}/readyz`);
    expect(gereed.status).toBe(200);
    expect(await gereed.json()).toMatchObject({ status: 'beperkt', postgresql: 'ok', demodata: { status: 'bezig' } });
    eerste.signaalAanGroep('SIGINT');
    await eerste.einde();
    expect(eerste.uitvoer()).toMatch(/gestopt terwijl de demodata werden geladen; de volgende start laadt ze opnieuw/);
    expect(status()).toBe('bezig');
    // The embedded PostgreSQL (its own process group) may still be shutting down on a loaded machine.
    const pidBestand = join(dataDir, 'postgres', 'postmaster.pid');
    for (let i = 0; i < 300 && existsSync(pidBestand); i++) await new Promise((r) => setTimeout(r, 100));

    // 2. The next start says so, empties the database and fills it again, from nothing.
    const tweede = startProces([ingang], env);
    await tweede.wachtOp('"msg":"demodata: gereed"', 90_000);
    expect(tweede.uitvoer()).toMatch(/een eerdere eerste start werd onderbroken/);
    expect(tweede.uitvoer()).toMatch(/"halfJaarAlAanwezig":0/);
    expect(status()).toBe('klaar');
    const klaar = (await (await fetch(`http://127.0.0.1:${env.PORT}/readyz`)).json()) as Record<string, unknown>;
    expect(klaar).toMatchObject({ demodata: { status: 'klaar' } });
    tweede.signaalAanGroep('SIGINT');
    expect((await tweede.einde()).code).toBe(0);

    // 3. A finished fill is kept.
    const derde = startProces([ingang], env);
    await derde.wachtOp('"msg":"demodata: gereed"', 90_000);
    expect(derde.uitvoer()).not.toMatch(/onderbroken/);
    expect(derde.uitvoer()).toMatch(/"halfJaarAlAanwezig":1/);
    derde.signaalAanGroep('SIGINT');
    expect((await derde.einde()).code).toBe(0);
  }, 240_000);
});
