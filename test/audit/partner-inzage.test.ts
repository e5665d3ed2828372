import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { persoonIdVoorPartner } from '../../src/overdrachten/partner-id';
import { geldigBsn, meldingInvoer } from '../helpers/fabriek';
import { alleLeesaanroepen, objectenVan, ontvangenVelden, schemaVan } from '../helpers/selectie';
import { okAntwoord, partnerToken, registreerPartners } from '../helpers/partners';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';

/**
 * The audit record of a partner's read is built from what the partner received. For every query of every partner role
 * that reads personal data, with everything the role may select and with narrower selections, in every state (before
 * VT answered or the partner accepted, while it runs, after it ended), each object of an audited type in the answer
 * has exactly one read record, whose fields are exactly the fields the answer holds a value for, and whose persons are
 * exactly the VT persons whose data the answer showed; and no record names an object the answer did not contain.
 */
let app: TestApp;
let volgnummer = 0;

/** The audited object types of the partner gateway. */
const GEAUDIT = ['Overdracht', 'ZsmVerzoek', 'HwcSignaal'];
const ZSM_ANTWOORD = ['bekendBijVt', 'lopendeBetrokkenheid', 'fase', 'veiligheidsafspraken', 'relevanteInformatie'];

const vt = (): Promise<string> => app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-inzage' });
const partner = (org: string): Promise<string> => partnerToken(app, org);

const ok = <T = Record<string, unknown>>(
  token: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> => okAntwoord<T>(app, token, query, variables);

/** The VT persons whose data one audited object in an answer showed, worked out from the answer and the database. */
async function getoondePersonen(org: string, o: Record<string, unknown>): Promise<string[]> {
  const uit = new Set<string>();
  if (o.__typename === 'Overdracht') {
    const [rij] = await app.sql(`select persoon_ids::text[] as p from overdracht where id = $1`, [o.id]);
    const personen = rij.p as string[];
    const inhoud = o.inhoud as Record<string, unknown> | null | undefined;
    // The persons shown, recognised by the id the partner sees for them.
    for (const p of (inhoud?.personen as { id: string }[] | undefined) ?? []) {
      const vtId = personen.find((v) => persoonIdVoorPartner(org, v) === p.id);
      expect(vtId, `persoon ${p.id} van overdracht ${String(o.id)}`).toBeDefined();
      uit.add(vtId!);
    }
    // The woonplaats of the minimal offer is that of the persons who live there.
    const woonplaatsen = (o.woonplaatsen as string[] | undefined) ?? [];
    if (woonplaatsen.length) {
      for (const r of await app.sql(
        `select id::text from persoon where id = any($1::uuid[]) and woonplaats = any($2)`,
        [personen, woonplaatsen],
      )) {
        uit.add(r.id as string);
      }
    }
    // Context, agreements and the verzoek are about the whole household of the handover.
    const overHuishouden =
      inhoud &&
      (inhoud.toelichting != null ||
        ((inhoud.veiligheidsafspraken as unknown[] | undefined)?.length ?? 0) > 0 ||
        inhoud.verzoekTotOnderzoek != null);
    if (overHuishouden) personen.forEach((p) => uit.add(p));
  }
  if (o.__typename === 'ZsmVerzoek') {
    for (const p of (o.personen as Record<string, unknown>[] | undefined) ?? []) {
      if (!ZSM_ANTWOORD.some((v) => p[v] != null)) continue;
      const [rij] = await app.sql(`select persoon_id::text as p from zsm_verzoek_persoon where id = $1`, [p.id]);
      if (rij.p) uit.add(rij.p as string);
    }
  }
  if (o.__typename === 'HwcSignaal' && ['voornamen', 'achternaam', 'geboortedatum'].some((v) => o[v] != null)) {
    const [rij] = await app.sql(`select persoon_id::text as p from hwc_signaal where id = $1`, [o.id]);
    uit.add(rij.p as string);
  }
  return [...uit].sort();
}

/** Sends one read (or step) of a partner and checks its audit records against its answer. Returns the answer. */
async function leesEnControleer(
  org: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data: unknown; objecten: number }> {
  const verzoekId = `inzage-${++volgnummer}`;
  const r = await app.gql(await partner(org), query, variables, { 'x-request-id': verzoekId });
  expect(r.body.errors?.filter((e) => e.extensions?.code !== 'NOT_FOUND') ?? [], query).toEqual([]);
  const objecten = objectenVan(r.body.data, GEAUDIT);
  const regels = await app.sql(
    `select object_id, velden, persoon_ids::text[] as p from audit_gebeurtenis where verzoek_id = $1 and actie = 'R'`,
    [verzoekId],
  );
  const context = `${org}: ${query.slice(0, 120)} ${JSON.stringify(variables)}`;
  expect(
    regels.map((g) => g.object_id).sort(),
    `${context}: een leesregel per getoond object, geen voor iets anders`,
  ).toEqual(objecten.map((o) => o.id).sort());
  for (const o of objecten) {
    const regel = regels.find((g) => g.object_id === o.id)!;
    expect([...(regel.velden as string[])].sort(), `${context}: velden van ${String(o.id)}`).toEqual(
      ontvangenVelden(o),
    );
    expect([...(regel.p as string[])].sort(), `${context}: personen van ${String(o.id)}`).toEqual(
      await getoondePersonen(org, o),
    );
  }
  return { data: r.body.data, objecten: objecten.length };
}

/** Every query of the partner's schema, with everything it may select and for every id there is, checked. */
async function controleerAlleLezingen(org: string): Promise<number> {
  const ids = (
    await app.sql(
      `select id::text from overdracht union all select id::text from zsm_verzoek union all select id::text from hwc_signaal union all select id::text from persoon`,
    )
  ).map((r) => r.id as string);
  const { aanroepen } = alleLeesaanroepen(await schemaVan(app, await partner(org)), ids);
  let objecten = 0;
  for (const a of aanroepen) objecten += (await leesEnControleer(org, a.query, a.variables)).objecten;
  return objecten;
}

async function casus(
  vervolg?: 'VERZOEK_TOT_ONDERZOEK',
): Promise<{ casusId: string; persoonIds: string[]; kind: string; bsnVader: string }> {
  const t = await vt();
  const invoer = meldingInvoer();
  const r = await ok<{
    meldingRegistreren: { id: string; casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] };
  }>(
    t,
    `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId betrokkenen { rollen persoon { id } } } }`,
    { i: invoer },
  );
  const m = r.meldingRegistreren;
  const kind = m.betrokkenen.find((b) => b.rollen.includes('KIND'))!.persoon.id;
  await ok(
    t,
    `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
    {
      i: {
        meldingId: m.id,
        taxatie: 'STRUCTURELE_ONVEILIGHEID',
        uitkomst: vervolg ? 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS' : 'OVERDRACHT',
        vervolg,
        toelichting: 'Beoordeeld.',
        verzoekTotOnderzoek: vervolg
          ? { kinderen: [kind], gronden: ['HULP_GEPROBEERD'], standpuntOuders: 'Geen bemoeienis.' }
          : undefined,
      },
    },
  );
  const bsnVader = (invoer.betrokkenen as { persoon: { bsn: string } }[])[1].persoon.bsn;
  return { casusId: m.casusId, persoonIds: m.betrokkenen.map((b) => b.persoon.id), kind, bsnVader };
}

beforeAll(async () => {
  app = await startTestApp();
  await registreerPartners(app);
});
afterAll(() => app.stop());

// Every query of every partner role, several times over: a longer time limit per test.
describe('de leesaudit van een partner noemt wat het antwoord toonde', { timeout: 120_000 }, () => {
  it('ZSM: vóór het antwoord van VT geen enkele persoon van VT, daarna de bekende personen, na de inzagetermijn weer geen', async () => {
    const c = await casus();
    const v = await ok<{ zsmVerzoekIndienen: { id: string } }>(
      await partner('OM-A'),
      `mutation($i: ZsmVerzoekInvoer!) { zsmVerzoekIndienen(invoer: $i) { id } }`,
      {
        i: {
          vtOrganisatie: 'VT14',
          reden: 'Verdachte van mishandeling.',
          inverzekeringstellingEindigtOp: '2026-03-12T12:00:00Z',
          personen: [{ bsn: c.bsnVader }, { achternaam: 'Jansen', geboortedatum: '2018-05-04' }, { bsn: geldigBsn() }],
        },
      },
    );
    const id = v.zsmVerzoekIndienen.id;
    // Not answered: the request matched VT's persons, but the OM received nothing of VT about them.
    const ZSM = `query($id: ID!) { zsmVerzoek(id: $id) { __typename id status reden personen { __typename id bsn achternaam ${ZSM_ANTWOORD.join(' ')} } } }`;
    await leesEnControleer('OM-A', ZSM, { id });
    const [voor] = await app.sql(`select persoon_ids::text[] as p from audit_gebeurtenis where verzoek_id = $1`, [
      `inzage-${volgnummer}`,
    ]);
    expect(voor.p).toEqual([]);
    expect(await controleerAlleLezingen('OM-A')).toBeGreaterThan(0);

    app.clock.set(new Date(TEST_NU.getTime() + 3600_000));
    await ok(await vt(), `mutation($i: ZsmAntwoordInvoer!) { zsmVerzoekBeantwoorden(invoer: $i) { id } }`, {
      i: { verzoekId: id, personen: [] },
    });
    await leesEnControleer('OM-A', ZSM, { id });
    const [na] = await app.sql(`select persoon_ids::text[] as p from audit_gebeurtenis where verzoek_id = $1`, [
      `inzage-${volgnummer}`,
    ]);
    expect((na.p as string[]).length).toBe(2);
    // Asking only for its own question names nobody of VT, also after the answer.
    await leesEnControleer(
      'OM-A',
      `query($id: ID!) { zsmVerzoek(id: $id) { __typename id personen { __typename id bsn achternaam } } }`,
      { id },
    );
    expect(await controleerAlleLezingen('OM-A')).toBeGreaterThan(0);

    // After the inzage period the answer is withheld, and so is every person from the record.
    app.clock.set(new Date('2026-03-27T12:00:00Z'));
    await leesEnControleer('OM-A', ZSM, { id });
    const [later] = await app.sql(`select persoon_ids::text[] as p from audit_gebeurtenis where verzoek_id = $1`, [
      `inzage-${volgnummer}`,
    ]);
    expect(later.p).toEqual([]);
    expect(await controleerAlleLezingen('OM-A')).toBeGreaterThan(0);
    app.clock.set(TEST_NU);
  });

  it('overdracht: vóór acceptatie de woonplaats en niet de inhoud die gevraagd werd, daarna wat gelezen werd, na intrekking niets', async () => {
    const c = await casus();
    const o = await ok<{ overdrachtAanbieden: { id: string } }>(
      await vt(),
      `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
      {
        i: {
          casusId: c.casusId,
          soort: 'WARME_OVERDRACHT',
          ontvanger: 'WT-A',
          persoonIds: c.persoonIds,
          metVeiligheidsafspraken: false,
          toelichting: 'Context.',
          grondslag: 'WMO_OVERDRACHT',
        },
      },
    );
    const id = o.overdrachtAanbieden.id;
    const alles = `__typename id status woonplaatsen aantalPersonen inhoud { __typename toelichting personen { __typename id voornamen achternaam woonplaats } }`;
    // Before acceptance: only the woonplaats (Sara's; Peter has no address), not the content the partner asked for.
    await leesEnControleer('WT-A', `query($id: ID!) { overdracht(id: $id) { ${alles} } }`, { id });
    const [voor] = await app.sql(
      `select persoon_ids::text[] as p, velden from audit_gebeurtenis where verzoek_id = $1`,
      [`inzage-${volgnummer}`],
    );
    expect(voor.p).toEqual([c.kind]);
    expect(voor.velden).not.toContain('inhoud.personen.voornamen');
    expect(await controleerAlleLezingen('WT-A')).toBeGreaterThan(0);

    await leesEnControleer('WT-A', `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { ${alles} } }`, {
      id,
    });
    // While it runs: what was read, person by person; status alone names nobody.
    for (const selectie of [
      alles,
      '__typename id status',
      '__typename id inhoud { __typename toelichting }',
      '__typename id inhoud { __typename personen { __typename id voornamen } }',
    ]) {
      await leesEnControleer('WT-A', `query($id: ID!) { overdracht(id: $id) { ${selectie} } }`, { id });
    }
    expect(await controleerAlleLezingen('WT-A')).toBeGreaterThan(0);

    await ok(
      await vt(),
      `mutation($id: ID!) { overdrachtIntrekken(overdrachtId: $id, reden: NIET_MEER_NODIG) { status } }`,
      { id },
    );
    await leesEnControleer('WT-A', `query($id: ID!) { overdracht(id: $id) { ${alles} } }`, { id });
    const [na] = await app.sql(`select persoon_ids::text[] as p from audit_gebeurtenis where verzoek_id = $1`, [
      `inzage-${volgnummer}`,
    ]);
    expect(na.p).toEqual([]);
    expect(await controleerAlleLezingen('WT-A')).toBeGreaterThan(0);
  });

  it('Verzoek tot Onderzoek en Handle with Care: de Raad, het college en de school', async () => {
    const c = await casus('VERZOEK_TOT_ONDERZOEK');
    const o = await ok<{ overdrachtAanbieden: { id: string } }>(
      await vt(),
      `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
      {
        i: {
          casusId: c.casusId,
          soort: 'VERZOEK_TOT_ONDERZOEK',
          ontvanger: 'RVDK-A',
          gemeente: 'GM-A',
          persoonIds: c.persoonIds,
          metVeiligheidsafspraken: false,
          toelichting: 'Zie verzoek.',
          grondslag: 'VERZOEK_RAAD',
        },
      },
    );
    expect(await controleerAlleLezingen('RVDK-A')).toBeGreaterThan(0);
    await ok(await partner('RVDK-A'), `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { status } }`, {
      id: o.overdrachtAanbieden.id,
    });
    await leesEnControleer(
      'RVDK-A',
      `query($id: ID!) { overdracht(id: $id) { __typename id inhoud { __typename verzoekTotOnderzoek { kinderen } } } }`,
      { id: o.overdrachtAanbieden.id },
    );
    expect(await controleerAlleLezingen('RVDK-A')).toBeGreaterThan(0);
    // The college reads nobody's data: no read record at all.
    expect(await controleerAlleLezingen('GM-A')).toBe(0);

    const s = await ok<{ hwcSignaalVersturen: { id: string } }>(
      await vt(),
      `mutation($i: HwcSignaalInvoer!) { hwcSignaalVersturen(invoer: $i) { id } }`,
      {
        i: {
          casusId: c.casusId,
          persoonId: c.kind,
          school: 'SCHOOL-A',
          incidentdatum: '2026-03-09',
          grondslag: 'Convenant',
        },
      },
    );
    expect(await controleerAlleLezingen('SCHOOL-A')).toBeGreaterThan(0);
    // The codeword and the deadline alone name no child.
    await leesEnControleer('SCHOOL-A', `{ hwcSignalen { edges { node { __typename id codewoord leverenVoor } } } }`);
    const [zonder] = await app.sql(
      `select persoon_ids::text[] as p, object_id from audit_gebeurtenis where verzoek_id = $1`,
      [`inzage-${volgnummer}`],
    );
    expect(zonder).toEqual({ p: [], object_id: s.hwcSignaalVersturen.id });
  });
});
