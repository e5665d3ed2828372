import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { schoneOmgeving, startProces, testMappen, vrijePoort } from './proces';

/**
 * Issue 15, point 14: Ctrl-C in the terminal of `npm start` reaches every process of its group. The embedded PostgreSQL
 * used to be one of them and stopped first, under the API and the worker (some 2,000 error lines). Now it runs in a
 * group of its own and is stopped last, after the HTTP server, the worker, the queues and the pools.
 */
describe('Ctrl-C stopt netjes (issue 15, punt 14)', () => {
  const mappen: string[] = [];
  afterAll(() => {
    for (const m of mappen) rmSync(m, { recursive: true, force: true });
  });

  it.each([1, 2])(
    'met API_PROCESSEN=%i: exit 0, binnen de tijd, zonder foutregels; PostgreSQL als laatste gestopt',
    async (processen) => {
      const { dataDir, tmp } = testMappen();
      mappen.push(tmp);
      const p = startProces(
        ['dist/demo/start.js'],
        schoneOmgeving({
          DATA_DIR: dataDir,
          TMPDIR: tmp,
          DEMO_DATA: 'false',
          PORT: String(await vrijePoort()),
          EMBEDDED_PG_PORT: String(await vrijePoort()),
          API_PROCESSEN: String(processen),
        }),
      );
      await p.wachtOp('"msg":"worker gestart"', 90_000);
      await p.wachtOp('"msg":"Ketenpoort API gestart"');
      expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true);
      p.signaalAanGroep('SIGINT');
      // An impatient second Ctrl-C does not cut the stop short either.
      await new Promise((r) => setTimeout(r, 50));
      p.signaalAanGroep('SIGINT');
      const { code, signaal, duurMs } = await p.einde(20_000);
      const uit = p.uitvoer();
      expect({ code, signaal }).toEqual({ code: 0, signaal: null });
      expect(duurMs).toBeLessThan(15_000);
      const fouten = uit
        .split('\n')
        .filter((r) => /"level":(4|5|6)0|Error|error:|FATAL|terminating connection/.test(r));
      // The one warning left is the development issuer's own, at start.
      expect(fouten.filter((r) => !r.includes('ONTWIKKEL-ISSUER STAAT AAN'))).toEqual([]);
      expect(uit).toMatch(/"proces":"ketenpoort-worker".*"msg":"afgesloten"/);
      expect(uit).toMatch(/"proces":"ketenpoort-api".*"msg":"afgesloten"/);
      // PostgreSQL shut down cleanly (its pid file goes last) and nothing of the group runs on.
      expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
      expect(() => process.kill(-(p.kind.pid as number), 0)).toThrow();
    },
    120_000,
  );
});
