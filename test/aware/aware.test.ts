import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { JobDeps } from '../../src/lib/job';
import { escaleerJob, herinnerJob } from '../../src/termijnen/jobs/termijn-bewaking.job';
import { TEST_NU, type TestApp } from '../helpers/testapp';
import {
  AANMAKEN,
  awareHulp,
  BEEINDIGEN,
  BESLUIT,
  COMMISSIE_LEES,
  INDIENEN,
  INSTALLEREN,
  startAwareApp,
  VERLENGEN,
} from './hulp';

/**
 * Aware through GraphQL: VT drafts and submits an application, the indication committee decides with reasons, VT
 * records installation, extension and end; refused steps carry a stable code; the termijnen run on the working-day
 * calendar with the injected clock (TEST_NU is Tuesday 10 March 2026).
 */
let app: TestApp;
let deps: JobDeps;
const { vt, commissie, gql, ok, casus, aanmaken, commissieId, tot, termijnen } = awareHulp(() => app);

beforeAll(async () => {
  ({ app, deps } = await startAwareApp());
});
afterAll(() => app.stop());
beforeEach(() => app.clock.set(TEST_NU));

describe('de werkstroom', () => {
  it('aanvragen, indienen, toekennen, installeren, verlengen, beëindigen: elke stap in de stand die hij noemt', async () => {
    const a = await aanmaken();
    expect(a).toMatchObject({ status: 'AANGEVRAAGD', dreiging: 'EX_PARTNER', ingediendOp: null, besluitVoor: null });
    const i = await ok<{ awareAanvraagVoorleggen: Record<string, unknown> }>(await vt(), INDIENEN, { id: a.id });
    expect(i.awareAanvraagVoorleggen).toMatchObject({ status: 'IN_BEHANDELING_COMMISSIE', besluitVoor: '2026-03-24' });
    const cid = await commissieId(a.id);
    expect(cid).not.toBe(a.id);
    // The committee heard of it by its own id, "that, not what".
    expect(
      await app.sql(`select type, object_id from gebeurtenis where ontvanger = 'AWARE-A' and object_id = $1`, [cid]),
    ).toEqual([{ type: 'aware.aanvraag-voorgelegd', object_id: cid }]);
    const b = await ok<{ awareBesluitNemen: Record<string, unknown> }>(await commissie(), BESLUIT, {
      i: { aanvraagId: cid, besluit: 'TOEGEKEND', motivering: 'Ernstige dreiging.', periodeMaanden: 3 },
    });
    expect(b.awareBesluitNemen).toMatchObject({ id: cid, status: 'TOEGEKEND', periodeMaanden: 3 });
    const n = await ok<{ awareInstallatieVastleggen: Record<string, unknown> }>(await vt(), INSTALLEREN, {
      i: { aanvraagId: a.id, geinstalleerdOp: '2026-03-10' },
    });
    expect(n.awareInstallatieVastleggen).toMatchObject({
      status: 'ACTIEF',
      besluit: 'TOEGEKEND',
      besluitMotivering: 'Ernstige dreiging.',
      einddatum: '2026-06-10',
    });
    const v = await ok<{ awareVerlengen: Record<string, unknown> }>(await vt(), VERLENGEN, {
      i: { aanvraagId: a.id, einddatum: '2026-09-10' },
    });
    expect(v.awareVerlengen).toMatchObject({ status: 'VERLENGD', einddatum: '2026-09-10', verlengingen: 1 });
    const e = await ok<{ awareBeeindigen: Record<string, unknown> }>(await vt(), BEEINDIGEN, {
      i: { aanvraagId: a.id, reden: 'Dreiging voorbij; alarm ingenomen.' },
    });
    expect(e.awareBeeindigen).toMatchObject({
      status: 'BEEINDIGD',
      beeindigdReden: 'Dreiging voorbij; alarm ingenomen.',
    });
    expect((await termijnen(a.id)).map((t) => [t.soort, t.status])).toEqual([
      ['AWARE_BESLUIT', 'VOLDAAN'],
      ['AWARE_EINDDATUM', 'VOLDAAN'],
      ['AWARE_EINDDATUM', 'VOLDAAN'],
    ]);
    const audit = await app.sql(
      `select gebeurtenis from audit_gebeurtenis where object_id = $1 and actie <> 'R' order by id`,
      [a.id],
    );
    expect(audit.map((r) => r.gebeurtenis)).toEqual([
      'AWARE_AANVRAGEN',
      'AWARE_INDIENEN',
      'AWARE_TOEKENNEN',
      'AWARE_INSTALLEREN',
      'AWARE_VERLENGEN',
      'AWARE_BEEINDIGEN',
    ]);
  });

  it('een afwijzing is gemotiveerd en zonder periode; daarna kan er niets meer', async () => {
    const a = await tot('AFGEWEZEN');
    const lees = await ok<{ awareAanvraag: Record<string, unknown> }>(
      await vt(),
      `query($id: ID!) { awareAanvraag(id: $id) { status besluit besluitMotivering periodeMaanden } }`,
      { id: a.id },
    );
    expect(lees.awareAanvraag).toEqual({
      status: 'AFGEWEZEN',
      besluit: 'AFGEWEZEN',
      besluitMotivering: 'Onvoldoende dreiging.',
      periodeMaanden: null,
    });
    const r = await gql(await vt(), INSTALLEREN, { i: { aanvraagId: a.id, geinstalleerdOp: '2026-03-10' } });
    expect(r.fout?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reden: 'OVERGANG_NIET_TOEGESTAAN',
      stap: 'INSTALLEREN',
      toegestaan: ['TOEGEKEND'],
    });
  });

  it('weigert stappen buiten de tabel met OVERGANG_NIET_TOEGESTAAN, en verandert niets', async () => {
    const a = await aanmaken();
    const cid = await commissieId(a.id);
    // Not submitted: the committee does not even see it.
    const vroeg = await gql(await commissie(), BESLUIT, {
      i: { aanvraagId: cid, besluit: 'AFGEWEZEN', motivering: 'x' },
    });
    expect(vroeg.fout?.extensions?.code).toBe('NOT_FOUND');
    for (const [q, v] of [
      [INSTALLEREN, { i: { aanvraagId: a.id, geinstalleerdOp: '2026-03-10' } }],
      [VERLENGEN, { i: { aanvraagId: a.id, einddatum: '2026-09-10' } }],
      [BEEINDIGEN, { i: { aanvraagId: a.id, reden: 'x' } }],
    ] as const) {
      const r = await gql(await vt(), q, v);
      expect(r.fout?.extensions, q).toMatchObject({ code: 'BAD_USER_INPUT', reden: 'OVERGANG_NIET_TOEGESTAAN' });
    }
    await ok(await vt(), INDIENEN, { id: a.id });
    const nogEens = await gql(await vt(), INDIENEN, { id: a.id });
    expect(nogEens.fout?.extensions).toMatchObject({ reden: 'OVERGANG_NIET_TOEGESTAAN', stap: 'INDIENEN' });
    await ok(await commissie(), BESLUIT, { i: { aanvraagId: cid, besluit: 'AFGEWEZEN', motivering: 'Nee.' } });
    const tweede = await gql(await commissie(), BESLUIT, {
      i: { aanvraagId: cid, besluit: 'TOEGEKEND', motivering: 'Toch wel.', periodeMaanden: 3 },
    });
    expect(tweede.fout?.extensions).toMatchObject({ reden: 'OVERGANG_NIET_TOEGESTAAN', stap: 'TOEKENNEN' });
    const [rij] = await app.sql(`select status, besluit from aware_aanvraag where id = $1`, [a.id]);
    expect(rij).toEqual({ status: 'AFGEWEZEN', besluit: 'AFGEWEZEN' });
  });

  it('controleert invoer: commissie van de regio, slachtoffer uit de casus, periode bij toekenning, datums', async () => {
    const c = await casus();
    const fouten = async (extra: Record<string, unknown>): Promise<unknown> =>
      (
        await gql(await vt(), AANMAKEN, {
          i: {
            casusId: c.casusId,
            slachtofferPersoonId: c.slachtoffer,
            commissie: 'AWARE-A',
            dreiging: 'STALKING',
            onderbouwing: 'x',
            ...extra,
          },
        })
      ).fout?.extensions;
    expect(await fouten({ commissie: 'AWARE-ELDERS' })).toMatchObject({ fouten: [{ code: 'NIET_IN_REGIO' }] });
    expect(await fouten({ commissie: 'GM-AW' })).toMatchObject({ fouten: [{ code: 'GEEN_COMMISSIE' }] });
    const ander = await casus();
    expect(await fouten({ slachtofferPersoonId: ander.slachtoffer })).toMatchObject({
      fouten: [{ code: 'GEEN_LID_VAN_CASUS' }],
    });
    const a = await tot('INGEDIEND');
    const zonder = await gql(await commissie(), BESLUIT, {
      i: { aanvraagId: a.cid, besluit: 'TOEGEKEND', motivering: 'ja' },
    });
    expect(zonder.fout?.extensions).toMatchObject({ fouten: [{ veld: 'periodeMaanden', code: 'VERPLICHT' }] });
    const b = await tot('ACTIEF');
    const kort = await gql(await vt(), VERLENGEN, { i: { aanvraagId: b.id, einddatum: '2026-06-01' } });
    expect(kort.fout?.extensions).toMatchObject({ fouten: [{ code: 'NIET_NA_EINDE' }] });
    const lang = await gql(await vt(), VERLENGEN, { i: { aanvraagId: b.id, einddatum: '2027-07-01' } });
    expect(lang.fout?.extensions).toMatchObject({ fouten: [{ code: 'TE_LANG' }] });
  });

  it('aanmaken is veilig te herhalen met dezelfde idempotentieSleutel', async () => {
    const c = await casus();
    const i = {
      casusId: c.casusId,
      slachtofferPersoonId: c.slachtoffer,
      commissie: 'AWARE-A',
      dreiging: 'ZEDEN',
      onderbouwing: 'Herhaald verzoek.',
    };
    const sleutel = `aware-${Date.now()}`;
    const q = `mutation A($i: AwareAanvraagInvoer!) { awareAanvraagRegistreren(invoer: $i, idempotentieSleutel: "${sleutel}") { id } }`;
    const een = await ok<{ awareAanvraagRegistreren: { id: string } }>(await vt(), q, { i });
    const twee = await ok<{ awareAanvraagRegistreren: { id: string } }>(await vt(), q, { i });
    expect(twee.awareAanvraagRegistreren.id).toBe(een.awareAanvraagRegistreren.id);
    expect(await app.sql(`select count(*)::int as n from aware_aanvraag where casus_id = $1`, [c.casusId])).toEqual([
      { n: 1 },
    ]);
  });
});

describe('termijnen op de werkdagkalender', () => {
  it('AWARE_BESLUIT: 10 werkdagen na indienen; herinnering en escalatie bereiken ook de commissie, één keer', async () => {
    const a = await tot('INGEDIEND');
    const [t] = await termijnen(a.id);
    expect(t).toMatchObject({
      soort: 'AWARE_BESLUIT',
      startdatum: '2026-03-10',
      vervaldatum: '2026-03-24',
      status: 'OPEN',
    });
    const id = t.id as string;
    app.clock.set(new Date('2026-03-23T09:00:00Z'));
    expect(await herinnerJob.verwerk(deps, { termijnId: id })).toBe('verstuurd');
    app.clock.set(new Date('2026-03-24T22:59:00Z'));
    expect(await escaleerJob.verwerk(deps, { termijnId: id })).toBe('te-vroeg');
    app.clock.set(new Date('2026-03-24T23:00:00Z'));
    expect(await escaleerJob.verwerk(deps, { termijnId: id })).toBe('verstuurd');
    expect(await escaleerJob.verwerk(deps, { termijnId: id })).toBe('al-verstuurd');
    expect(await app.sql(`select ontvanger_rol from notificatie where termijn_id = $1 order by soort`, [id])).toEqual([
      { ontvanger_rol: 'VT_TEAMLEIDER' },
      expect.anything(),
    ]);
    expect(
      await app.sql(`select type from gebeurtenis where object_id = $1 and ontvanger = 'AWARE-A' order by volgnummer`, [
        a.cid,
      ]),
    ).toEqual([
      { type: 'aware.aanvraag-voorgelegd' },
      { type: 'aware.besluit-herinnering' },
      { type: 'aware.besluit-herinnering' },
    ]);
  });

  it('AWARE_EINDDATUM: 10 werkdagen vóór de einddatum; verlengen verschuift haar, en na een besluit geen herinnering meer aan de commissie', async () => {
    const a = await tot('ACTIEF');
    const open = (await termijnen(a.id)).filter((t) => t.soort === 'AWARE_EINDDATUM');
    // Installed 10 March for 3 months: ends 10 June; ten working days before (Pinksteren falls earlier): 27 May.
    expect(open).toEqual([expect.objectContaining({ vervaldatum: '2026-05-27', status: 'OPEN' })]);
    app.clock.set(new Date('2026-05-20T09:00:00Z'));
    await ok(await vt(), VERLENGEN, { i: { aanvraagId: a.id, einddatum: '2026-09-10' } });
    const na = (await termijnen(a.id)).filter((t) => t.soort === 'AWARE_EINDDATUM');
    expect(na.map((t) => [t.status, t.vervaldatum])).toEqual([
      ['VOLDAAN', '2026-05-27'],
      ['OPEN', '2026-08-27'],
    ]);
    // The decision termijn was met: its reminder job sends nothing to the committee.
    const [besluit] = (await termijnen(a.id)).filter((t) => t.soort === 'AWARE_BESLUIT');
    expect(await herinnerJob.verwerk(deps, { termijnId: besluit.id as string })).not.toBe('verstuurd');
  });
});

describe('wie wat ziet', () => {
  it('de commissie ziet alleen de ingediende aanvragen aan haar, met alleen de velden voor het besluit', async () => {
    const concept = await aanmaken();
    const a = await tot('INGEDIEND');
    const r = await ok<{ awareAanvraag: Record<string, unknown> }>(await commissie(), COMMISSIE_LEES, { id: a.cid });
    expect(r.awareAanvraag).toMatchObject({
      id: a.cid,
      commissie: 'AWARE-A',
      status: 'IN_BEHANDELING_COMMISSIE',
      onderbouwing: expect.stringContaining('Ex-partner'),
    });
    for (const veld of ['casusId', 'slachtofferId', 'aangevraagdDoor', 'beeindigdReden', 'beslotenDoor']) {
      const f = await gql(await commissie(), `query($id: ID!) { awareAanvraag(id: $id) { ${veld} } }`, { id: a.cid });
      expect(f.fout?.extensions?.code, veld).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    // Nothing of the casus or melding exists in its schema.
    for (const q of [
      `{ casussen { edges { node { id } } } }`,
      `{ meldingen { edges { node { id } } } }`,
      `query($id: ID!) { casus(id: $id) { id } }`,
    ]) {
      const f = await gql(await commissie(), q, { id: a.casusId });
      expect(f.fout?.extensions?.code, q).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    // VT's id, the draft, another committee: NOT_FOUND; the list holds only what was submitted to it.
    expect((await gql(await commissie(), COMMISSIE_LEES, { id: a.id })).fout?.extensions?.code).toBe('NOT_FOUND');
    const conceptCid = await commissieId(concept.id);
    expect((await gql(await commissie(), COMMISSIE_LEES, { id: conceptCid })).fout?.extensions?.code).toBe('NOT_FOUND');
    expect((await gql(await commissie('AWARE-B'), COMMISSIE_LEES, { id: a.cid })).fout?.extensions?.code).toBe(
      'NOT_FOUND',
    );
    const lijst = await ok<{ awareAanvragen: { edges: { node: { id: string } }[] } }>(
      await commissie(),
      `{ awareAanvragen(eerste: 100) { edges { node { id } } } }`,
    );
    const ids = lijst.awareAanvragen.edges.map((e) => e.node.id);
    expect(ids).toContain(a.cid);
    expect(ids).not.toContain(conceptCid);
    expect(ids).not.toContain(a.id);
    const anders = await ok<{ awareAanvragen: { edges: unknown[] } }>(
      await commissie('AWARE-B'),
      `{ awareAanvragen(eerste: 100) { edges { node { id } } } }`,
    );
    expect(anders.awareAanvragen.edges).toEqual([]);
    // The committee cannot take VT's steps.
    const stap = await gql(await commissie(), INSTALLEREN, { i: { aanvraagId: a.cid, geinstalleerdOp: '2026-03-10' } });
    expect(stap.fout?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('andere rollen zien niets van Aware; VT kan geen besluit nemen', async () => {
    const a = await tot('INGEDIEND');
    for (const [rol, org] of [
      ['GEMEENTE_OOV_MEDEWERKER', 'GM-AW'],
      ['POLITIE_MEDEWERKER', 'POL-AW'],
      ['WIJKTEAM_MEDEWERKER', 'WT-AW'],
      ['ZVH_MEDEWERKER', 'AWARE-A'],
      ['ANALIST', 'VT14'],
    ] as const) {
      const t = await app.token(rol, org);
      const r = await gql(t, `{ awareAanvragen { edges { node { id } } } }`);
      expect(r.fout?.extensions?.code, rol).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    const besluit = await gql(await vt(), BESLUIT, {
      i: { aanvraagId: a.cid, besluit: 'AFGEWEZEN', motivering: 'x' },
    });
    expect(besluit.fout?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('een niet-toegewezen medewerker: NIET_TOEGEWEZEN; een andere regio: NOT_FOUND', async () => {
    const a = await aanmaken({}, 'mw-eigenaar');
    const lees = await gql(await vt('mw-ander'), `query($id: ID!) { awareAanvraag(id: $id) { status } }`, { id: a.id });
    expect(lees.fout?.extensions).toMatchObject({ code: 'FORBIDDEN', reden: 'NIET_TOEGEWEZEN' });
    const stap = await gql(await vt('mw-ander'), INDIENEN, { id: a.id });
    expect(stap.fout?.extensions).toMatchObject({ code: 'FORBIDDEN', reden: 'NIET_TOEGEWEZEN' });
    const vt09 = await app.token('VT_MEDEWERKER', 'VT09');
    expect((await gql(vt09, INDIENEN, { id: a.id })).fout?.extensions?.code).toBe('NOT_FOUND');
  });

  it('elke inzage staat in het auditspoor met het slachtoffer; de commissie op de Aware-grondslag', async () => {
    const a = await tot('INGEDIEND');
    await ok(await commissie(), COMMISSIE_LEES, { id: a.cid });
    const rijen = await app.sql(
      `select organisatie, rol, grondslag, persoon_ids::text[] as p from audit_gebeurtenis
        where gebeurtenis = 'AWARE_INZIEN' and object_id = $1 order by id`,
      [a.id],
    );
    expect(rijen.at(-1)).toEqual({
      organisatie: 'AWARE-A',
      rol: 'AWARE_INDICATIECOMMISSIE',
      grondslag: expect.stringContaining('Aware'),
      p: [a.slachtofferId],
    });
  });
});
