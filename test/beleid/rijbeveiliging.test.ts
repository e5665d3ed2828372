import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RequestContext } from '../../src/lib/context';
import { inRegio } from '../../src/lib/regio';
import { MelderEntity, MeldingEntity } from '../../src/meldingen/melding.entity';
import { PersoonEntity } from '../../src/personen/persoon.entity';
import { meldingInvoer, REGISTREER } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';

describe('row-level security in PostgreSQL (verdediging in de diepte)', () => {
  let app: TestApp;
  let meldingId: string;
  beforeAll(async () => {
    app = await startTestApp();
    const r = await app.gql<{ meldingRegistreren: { id: string } }>(
      await app.token('VT_MEDEWERKER', 'VT14'),
      REGISTREER,
      { invoer: meldingInvoer() },
    );
    meldingId = r.body.data!.meldingRegistreren.id;
  });
  afterAll(() => app.stop());

  const ctx = (): RequestContext => ({ em: app.orm.em.fork() }) as unknown as RequestContext;

  it('een query zonder enig regiofilter levert in een andere regio geen enkele zaakrij op', async () => {
    const vreemd = await inRegio(ctx(), 'VT09', async (tx) => ({
      meldingen: await tx.find(MeldingEntity, {}),
      melders: await tx.find(MelderEntity, {}),
      personen: await tx.find(PersoonEntity, {}),
    }));
    expect(vreemd).toEqual({ meldingen: [], melders: [], personen: [] });
    const eigen = await inRegio(ctx(), 'VT14', (tx) => tx.find(MeldingEntity, {}));
    expect(eigen.map((m) => m.id)).toContain(meldingId);
  });

  it('zonder regio-instelling ziet de applicatierol niets, en schrijven voor een andere regio wordt geweigerd', async () => {
    await app.sql('begin');
    try {
      await app.sql(`set local role ketenpoort_app`);
      expect(await app.sql(`select id from melding`)).toEqual([]);
      await app.sql(`select set_config('ketenpoort.vt_organisatie', 'VT09', true)`);
      await expect(
        app.sql(
          `insert into persoon (id, vt_organisatie, achternaam, aangemaakt_op) values (gen_random_uuid(), 'VT14', 'X', now())`,
        ),
      ).rejects.toMatchObject({ code: '42501' });
    } finally {
      await app.sql('rollback');
    }
  });

  it('het beleid wordt een indexvoorwaarde, geen filter per rij', async () => {
    await app.sql('begin');
    try {
      await app.sql(`set local role ketenpoort_app`);
      await app.sql(`select set_config('ketenpoort.vt_organisatie', 'VT14', true)`);
      await app.sql('set local enable_seqscan = off');
      const [plan] = await app.sql(`explain (format json) select id from melding order by ontvangen_op desc limit 20`);
      const tekst = JSON.stringify(plan);
      expect(tekst).toContain('Index Cond');
      expect(tekst).toMatch(/vt_organisatie = current_setting/);
      expect(tekst).not.toMatch(/"Filter":[^"]*current_setting/);
    } finally {
      await app.sql('rollback');
    }
  });
});
