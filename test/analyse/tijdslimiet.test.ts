import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../helpers/testapp';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { ANALYSE_STATEMENT_TIMEOUT_MS: '300' } });
});
afterAll(() => app.stop());

describe('analyse: tijdslimiet van de analistenrol', () => {
  it('een analistvraag die niet binnen ANALYSE_STATEMENT_TIMEOUT_MS klaar is, wordt afgebroken (statement_timeout in de transactie)', async () => {
    const token = await app.token('ANALIST', 'VT14');
    // Hold a lock on the rollup (ACCESS EXCLUSIVE in an open transaction) so the analyst's statement has to wait; the wait counts toward statement_timeout.
    await app.sql('begin');
    await app.sql('lock table analyse_melding_gemeente in access exclusive mode'); // until rollback
    try {
      const t0 = Date.now();
      const r = await app.gql(token, `{ analyse(vraag: { maten: [MELDINGEN] }) { onderdrukt } }`);
      expect(r.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      // Waited for the timeout (300 ms), not failed at once, and not for the lock's holder.
      expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      await app.sql('rollback');
    }
    // Afterwards the same question is answered.
    const r = await app.gql(token, `{ analyse(vraag: { maten: [MELDINGEN] }) { onderdrukt } }`);
    expect(r.body.errors).toBeUndefined();
  });
});
