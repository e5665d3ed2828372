import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { migrations } from '../../migrations';
import { initOrm, ormOptions } from '../../src/lib/database';
import { entities } from '../../src/modules';
import { meldingInvoer } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Migration 17 on a database that already has withdrawals and notifications in the old form: VT's free text leaves
 * the partner's field and stays as VT's explanation, the system's text for a closed casus becomes its code, and every
 * college notification gets a row and id of its own, with its event pointing at it.
 */
let app: TestApp;

const vt = (): Promise<string> => app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-migratie' });

async function ok<T = Record<string, unknown>>(
  token: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const r = await app.gql<T>(token, query, variables);
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return r.body.data!;
}

async function aanbod(o: { vto?: boolean } = {}): Promise<string> {
  const t = await vt();
  const m = await ok<{
    meldingRegistreren: { id: string; casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] };
  }>(
    t,
    `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId betrokkenen { rollen persoon { id } } } }`,
    { i: meldingInvoer() },
  );
  const { id, casusId, betrokkenen } = m.meldingRegistreren;
  const kind = betrokkenen.find((b) => b.rollen.includes('KIND'))!.persoon.id;
  await ok(
    t,
    `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
    {
      i: {
        meldingId: id,
        taxatie: 'STRUCTURELE_ONVEILIGHEID',
        uitkomst: o.vto ? 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS' : 'OVERDRACHT',
        vervolg: o.vto ? 'VERZOEK_TOT_ONDERZOEK' : undefined,
        toelichting: 'Beoordeeld.',
        verzoekTotOnderzoek: o.vto
          ? { kinderen: [kind], gronden: ['HULP_GEPROBEERD'], standpuntOuders: 'Geen.' }
          : undefined,
      },
    },
  );
  const r = await ok<{ overdrachtAanbieden: { id: string } }>(
    t,
    `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
    {
      i: o.vto
        ? {
            casusId,
            soort: 'VERZOEK_TOT_ONDERZOEK',
            ontvanger: 'RVDK-A',
            gemeente: 'GM-A',
            persoonIds: betrokkenen.map((b) => b.persoon.id),
            metVeiligheidsafspraken: false,
            toelichting: 'x',
            grondslag: 'VERZOEK_RAAD',
          }
        : {
            casusId,
            soort: 'WARME_OVERDRACHT',
            ontvanger: 'WT-A',
            persoonIds: betrokkenen.map((b) => b.persoon.id),
            metVeiligheidsafspraken: false,
            toelichting: 'x',
            grondslag: 'WMO_OVERDRACHT',
          },
    },
  );
  return r.overdrachtAanbieden.id;
}

beforeAll(async () => {
  app = await startTestApp();
  await app.partner('WT-A', 'WIJKTEAM');
  await app.partner('RVDK-A', 'RAAD_VOOR_DE_KINDERBESCHERMING');
  await app.partner('GM-A', 'GEMEENTE');
});
afterAll(() => app.stop());

describe('migratie 17 op bestaande gegevens', () => {
  it('zet vrije tekst om in een code plus toelichting voor VT, en geeft elke melding aan het college een eigen id', async () => {
    const [vtTekst, gesloten, afgewezen, vto] = [
      await aanbod(),
      await aanbod(),
      await aanbod(),
      await aanbod({ vto: true }),
    ];
    await ok(
      await vt(),
      `mutation($id: ID!) { overdrachtIntrekken(overdrachtId: $id, reden: ANDERS, toelichting: "x") { status } }`,
      { id: vtTekst },
    );
    await ok(
      await vt(),
      `mutation($id: ID!) { overdrachtIntrekken(overdrachtId: $id, reden: ANDERS, toelichting: "x") { status } }`,
      { id: gesloten },
    );
    await ok(
      await app.token('WIJKTEAM_MEDEWERKER', 'WT-A'),
      `mutation($id: ID!) { overdrachtAfwijzen(invoer: { overdrachtId: $id, reden: GEEN_CAPACITEIT, toelichting: "Vol." }) { status } }`,
      { id: afgewezen },
    );

    // Back to the form before migration 17 (the later ones are reverted with it), with the texts the old code wrote.
    // Migrations run as the owner (the app's login role owns nothing), as `npm run db:migrate` does.
    const eigenaar = await initOrm(ormOptions(app.dbUrl, entities as never, migrations));
    const migrator = eigenaar.getMigrator();
    await migrator.down({ to: 'Migration20261204000017_lekken' });
    await app.sql(
      `update overdracht set beeindiging_reden = 'Moeder verblijft met de kinderen in de opvang in Zeist.' where id = $1`,
      [vtTekst],
    );
    await app.sql(
      `update overdracht set beeindiging_reden = 'De casus is door Veilig Thuis afgesloten.' where id = $1`,
      [gesloten],
    );
    await app.sql(
      `update overdracht set beeindiging_reden = 'Afgewezen door de partner; de casus ligt weer bij Veilig Thuis.' where id = $1`,
      [afgewezen],
    );
    expect(await app.sql(`select object_id from gebeurtenis where type = 'verzoek-tot-onderzoek.gedaan'`)).toEqual([
      { object_id: vto },
    ]);

    await migrator.up();
    await eigenaar.close();
    const rijen = await app.sql(
      `select id::text, status, intrekking_reden, intrekking_toelichting from overdracht where id = any($1::uuid[])`,
      [[vtTekst, gesloten, afgewezen]],
    );
    expect(rijen.find((r) => r.id === vtTekst)).toMatchObject({
      intrekking_reden: 'ANDERS',
      intrekking_toelichting: 'Moeder verblijft met de kinderen in de opvang in Zeist.',
    });
    expect(rijen.find((r) => r.id === gesloten)).toMatchObject({
      intrekking_reden: 'CASUS_AFGESLOTEN',
      intrekking_toelichting: null,
    });
    expect(rijen.find((r) => r.id === afgewezen)).toMatchObject({
      status: 'AFGEWEZEN',
      intrekking_reden: null,
      intrekking_toelichting: null,
    });
    expect(
      (
        await app.sql(
          `select column_name from information_schema.columns where table_name = 'overdracht' and column_name = 'beeindiging_reden'`,
        )
      ).length,
    ).toBe(0);

    // The partner sees the code; VT's explanation stays with VT.
    const wt = await ok<{ overdracht: Record<string, unknown> }>(
      await app.token('WIJKTEAM_MEDEWERKER', 'WT-A'),
      `query($id: ID!) { overdracht(id: $id) { status intrekkingReden } }`,
      { id: vtTekst },
    );
    expect(wt.overdracht).toEqual({ status: 'INGETROKKEN', intrekkingReden: 'ANDERS' });
    const vtZicht = await ok<{ overdracht: Record<string, unknown> }>(
      await vt(),
      `query($id: ID!) { overdracht(id: $id) { intrekkingToelichting } }`,
      { id: vtTekst },
    );
    expect(vtZicht.overdracht.intrekkingToelichting).toBe('Moeder verblijft met de kinderen in de opvang in Zeist.');

    // The college's notification: a new id, the same in its list and in its event.
    const gm = await app.token('GEMEENTE_MEDEWERKER', 'GM-A');
    const lijst = await ok<{ verzoekenTotOnderzoekGemeld: { edges: { node: { id: string } }[] } }>(
      gm,
      `{ verzoekenTotOnderzoekGemeld { edges { node { id } } } }`,
    );
    const [melding] = lijst.verzoekenTotOnderzoekGemeld.edges.map((e) => e.node.id);
    expect(melding).not.toBe(vto);
    expect(await app.sql(`select object_id from gebeurtenis where type = 'verzoek-tot-onderzoek.gedaan'`)).toEqual([
      { object_id: melding },
    ]);
  });
});
