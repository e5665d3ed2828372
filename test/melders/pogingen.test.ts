import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MELDER_POGINGEN_PER_MINUUT } from '../../src/app';
import { meldingInvoer, REGISTREER } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Guessing a melder's secret is pointless (256 random bits), but each attempt costs a lookup: after
 * MELDER_POGINGEN_PER_MINUUT failed attempts from one address, every further melder access from it is refused with 429
 * for the rest of the minute, before any lookup (a test app of its own: the block lasts a real minute).
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

describe('raden van melderstoegangen', () => {
  it('na te veel mislukte pogingen van één adres: 429 met Retry-After, ook voor een geldig geheim', async () => {
    const vt = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-pogingen' });
    const m = await app.gql<{ meldingRegistreren: { id: string } }>(vt, REGISTREER, { invoer: meldingInvoer() });
    const t = await app.gql<{ melderToegangUitgeven: { geheim: string } }>(
      vt,
      `mutation ($id: ID!) { melderToegangUitgeven(meldingId: $id) { geheim } }`,
      { id: m.body.data!.meldingRegistreren.id },
    );
    const geldig = `Melder ${t.body.data!.melderToegangUitgeven.geheim}`;
    expect((await app.gql(geldig, `{ mijnMelding { id } }`)).status).toBe(200);
    for (let i = 0; i < MELDER_POGINGEN_PER_MINUUT; i++) {
      const r = await app.gql(`Melder ${String(i).padStart(43, 'g')}`, `{ mijnMelding { id } }`);
      expect(r.body.errors?.[0].extensions?.reden).toBe('MELDERTOEGANG_ONGELDIG');
    }
    const r = await app.gql(geldig, `{ mijnMelding { id } }`);
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(r.body.errors?.[0].extensions).toMatchObject({ code: 'TE_VEEL_VERZOEKEN', reden: 'MELDERTOEGANG_POGINGEN' });
    // Bearer tokens from the same address are not affected.
    expect((await app.gql(vt, `{ ik { rol } }`)).status).toBe(200);
  });
});
