import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from '../../src/lib/config';
import { geldigBsn, meldingInvoer } from '../helpers/fabriek';
import { startTestApp, TEST_NU, type GqlAntwoord, type TestApp } from '../helpers/testapp';

/**
 * Noodtoegang (issue 11, point 5): an unassigned medewerker opens a casus in an emergency, with a reason, for
 * NOODTOEGANG_MINUTEN by the request clock; every audit row of and during that access carries the NEN 7513
 * "noodprocedure" flag; the privacy officer reviews, judges and closes each use, and sees misuse per worker.
 */
let app: TestApp;

const OPEN = `mutation($c: ID!, $r: Tekst!) { noodtoegangOpenen(casusId: $c, reden: $r) { id casusId medewerker reden geopendOp verlooptOp actief status } }`;
const LEES_CASUS = `query($id: ID!) { casus(id: $id) { id persoonIds veiligheidsbeoordelingen { toelichting } } }`;
const LEES_MELDING = `query($id: ID!) { melding(id: $id) { id omschrijving betrokkenen { persoon { achternaam } } } }`;
const WACHTRIJ = `query($f: NoodtoegangFilter, $n: Int, $na: String) { noodtoegangen(filter: $f, eerste: $n, na: $na) {
  edges { node { id casusId medewerker reden geopendOp verlooptOp actief status oordeelToelichting beoordeeldDoor handelingen } } pageInfo { hasNextPage endCursor } } }`;
const BEOORDEEL = `mutation($i: NoodtoegangBeoordelenInvoer!) { noodtoegangBeoordelen(invoer: $i) { id status actief oordeelToelichting beoordeeldDoor beoordeeldOp } }`;
const GEBRUIK = `{ noodtoegangGebruik { medewerker aantal teBeoordelen gerechtvaardigd nietGerechtvaardigd laatsteOp } }`;
const REDEN = 'Politie belt om 02:00 over acute onveiligheid; de behandelaar is niet bereikbaar.';

type Node = {
  id: string;
  casusId: string;
  medewerker: string;
  reden: string;
  geopendOp: string;
  verlooptOp: string;
  actief: boolean;
  status: string;
  oordeelToelichting: string | null;
  beoordeeldDoor: string | null;
  handelingen: number;
};

let beh: string;
let po: string;
let tl: string;

const mw = (sub: string): Promise<string> => app.token('VT_MEDEWERKER', 'VT14', { sub, naam: `Medewerker ${sub}` });
/** What a client sees of an error (without the development stack trace). */
const kern = (r: GqlAntwoord): unknown => {
  const e = r.body.errors?.[0];
  return e && { message: e.message, code: e.extensions?.code, reden: e.extensions?.reden };
};
const ok = <T>(r: GqlAntwoord<T>): T => {
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return r.body.data as T;
};

/** A casus of VT14 with behandelaar 'mw-beh', in fase VEILIGHEIDSBEOORDELING. */
async function casus(achternaam = 'Noodgeval'): Promise<{ casusId: string; meldingId: string; persoonIds: string[] }> {
  const invoer = meldingInvoer({
    betrokkenen: [
      {
        rollen: ['KIND', 'SLACHTOFFER'],
        persoon: { bsn: geldigBsn(), voornamen: 'Mila', achternaam, geboortedatum: '2017-02-03' },
      },
    ],
  });
  const m = ok(
    await app.gql<{ meldingRegistreren: { id: string; casusId: string; betrokkenen: { persoon: { id: string } }[] } }>(
      beh,
      `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId betrokkenen { persoon { id } } } }`,
      { i: invoer },
    ),
  ).meldingRegistreren;
  return { casusId: m.casusId, meldingId: m.id, persoonIds: m.betrokkenen.map((b) => b.persoon.id) };
}

async function open(token: string, casusId: string, reden = REDEN): Promise<GqlAntwoord<{ noodtoegangOpenen: Node }>> {
  return app.gql<{ noodtoegangOpenen: Node }>(token, OPEN, { c: casusId, r: reden });
}

const aantallen = async (): Promise<unknown> =>
  (
    await app.sql(
      `select (select count(*) from noodtoegang)::int as nood, (select count(*) from audit_gebeurtenis)::int as audit, (select string_agg(id::text || coalesce(oordeel, '-'), ',' order by id) from noodtoegang) as oordelen`,
    )
  )[0];

beforeAll(async () => {
  app = await startTestApp();
  beh = await mw('mw-beh');
  po = await app.token('PRIVACY_OFFICER', 'VT14', { sub: 'po-1' });
  tl = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-1' });
});
afterAll(() => app.stop());
beforeEach(() => app.clock.set(TEST_NU));

describe('noodtoegang openen', () => {
  it('opent de casus voor de medewerker tot NOODTOEGANG_MINUTEN na nu; daarna is hij weer dicht', async () => {
    const c = await casus();
    const wie = await mw('mw-nacht');
    expect((await app.gql(wie, LEES_CASUS, { id: c.casusId })).body.errors?.[0]?.extensions?.reden).toBe(
      'NIET_TOEGEWEZEN',
    );
    const n = ok(await open(wie, c.casusId)).noodtoegangOpenen;
    expect(n).toMatchObject({
      casusId: c.casusId,
      medewerker: 'mw-nacht',
      reden: REDEN,
      actief: true,
      status: 'TE_BEOORDELEN',
      geopendOp: TEST_NU.toISOString(),
    });
    expect(new Date(n.verlooptOp).getTime() - TEST_NU.getTime()).toBe(60 * 60_000);
    expect(ok(await app.gql(wie, LEES_CASUS, { id: c.casusId }))).toMatchObject({ casus: { id: c.casusId } });
    expect(ok(await app.gql(wie, LEES_MELDING, { id: c.meldingId }))).toMatchObject({ melding: { id: c.meldingId } });
    const lijst = ok(
      await app.gql<{ casussen: { edges: { node: { id: string } }[] } }>(
        wie,
        `{ casussen(eerste: 100) { edges { node { id } } } }`,
      ),
    ).casussen;
    expect(lijst.edges.map((e) => e.node.id)).toEqual([c.casusId]);
    const zoek = ok(
      await app.gql<{ casusZoeken: { casusId: string; toegangsgrond: string; toegangTot: string }[] }>(
        wie,
        `query($b: TekstRegel) { casusZoeken(zoek: { achternaam: $b, geboortedatum: "2017-02-03" }) { casusId toegangsgrond toegangTot } }`,
        { b: 'Noodgeval' },
      ),
    );
    expect(zoek.casusZoeken.find((z) => z.casusId === c.casusId)).toEqual({
      casusId: c.casusId,
      toegangsgrond: 'NOODTOEGANG',
      toegangTot: n.verlooptOp,
    });

    // One minute before the end it still works; at the end it does not, for reads and for changes.
    app.clock.set(new Date(TEST_NU.getTime() + 59 * 60_000));
    expect(ok(await app.gql(wie, LEES_CASUS, { id: c.casusId }))).toMatchObject({ casus: { id: c.casusId } });
    app.clock.set(new Date(n.verlooptOp));
    for (const q of [LEES_CASUS, LEES_MELDING]) {
      const r = await app.gql(wie, q, { id: q === LEES_CASUS ? c.casusId : c.meldingId });
      expect(r.body.errors?.[0]?.extensions?.reden).toBe('NIET_TOEGEWEZEN');
      expect(JSON.stringify(r.body)).not.toContain('Noodgeval');
    }
    expect(
      ok(await app.gql<{ casussen: { edges: unknown[] } }>(wie, `{ casussen(eerste: 100) { edges { node { id } } } }`))
        .casussen.edges,
    ).toEqual([]);
    const wijzig = await app.gql(
      wie,
      `mutation($id: ID!) { veiligheidsbeoordelingVastleggen(invoer: { meldingId: $id, taxatie: ONBEKEND, uitkomst: GEEN_VERVOLGSTAPPEN, toelichting: "x" }) { casus { id } } }`,
      { id: c.meldingId },
    );
    expect(wijzig.body.errors?.[0]?.extensions?.reden).toBe('NIET_TOEGEWEZEN');
    // After it expired, a new one may be opened.
    expect(ok(await open(wie, c.casusId)).noodtoegangOpenen.actief).toBe(true);
  });

  it('elke auditregel van en tijdens de noodtoegang draagt de vlag noodprocedure, met de noodtoegang als grond; die van anderen niet', async () => {
    const c = await casus();
    const wie = await mw('mw-vlag');
    const n = ok(await open(wie, c.casusId)).noodtoegangOpenen;
    ok(await app.gql(wie, LEES_CASUS, { id: c.casusId }));
    ok(await app.gql(wie, LEES_MELDING, { id: c.meldingId }));
    ok(await app.gql(wie, `{ meldingen(eerste: 100) { edges { node { id } } } }`));
    ok(
      await app.gql(
        wie,
        `mutation($id: ID!) { veiligheidsbeoordelingVastleggen(invoer: { meldingId: $id, taxatie: STRUCTURELE_ONVEILIGHEID, uitkomst: OVERDRACHT, toelichting: "Acuut beoordeeld." }) { casus { id } } }`,
        { id: c.meldingId },
      ),
    );
    // The behandelaar reads at the same time: an ordinary access.
    ok(await app.gql(beh, LEES_CASUS, { id: c.casusId }));
    const rijen = await app.sql(
      `select gebeurtenis, gebruiker, noodprocedure, grondslag, object_id, persoon_ids::text[] as p from audit_gebeurtenis where gebruiker in ('mw-vlag', 'mw-beh') and tijdstip >= $1 and (object_id = any($2::text[])) order by id`,
      [TEST_NU, [c.casusId, c.meldingId]],
    );
    const vanWie = rijen.filter((r) => r.gebruiker === 'mw-vlag');
    expect(vanWie.map((r) => r.gebeurtenis)).toEqual([
      'NOODTOEGANG_OPENEN',
      'CASUS_INZIEN',
      'MELDING_INZIEN',
      'MELDING_INZIEN',
      'VEILIGHEIDSBEOORDELING_VASTLEGGEN',
      'CASUS_INZIEN',
    ]);
    for (const r of vanWie) {
      expect(r.noodprocedure, String(r.gebeurtenis)).toBe(true);
      expect(r.grondslag, String(r.gebeurtenis)).toContain(`noodtoegang ${n.id}`);
    }
    expect(vanWie[0]).toMatchObject({ object_id: c.casusId });
    expect((vanWie[0].p as string[]).sort()).toEqual([...c.persoonIds].sort());
    const vanBeh = rijen.filter((r) => r.gebruiker === 'mw-beh' && r.gebeurtenis === 'CASUS_INZIEN');
    expect(vanBeh.length).toBeGreaterThan(0);
    for (const r of vanBeh) expect(r.noodprocedure).toBe(false);
    // The reviewer sees how much was done under it.
    const item = ok(
      await app.gql<{ noodtoegangen: { edges: { node: Node }[] } }>(po, WACHTRIJ, { f: { medewerker: 'mw-vlag' } }),
    ).noodtoegangen.edges[0].node;
    expect(item.handelingen).toBe(vanWie.length);
  });

  it('wie al toegewezen is, of al noodtoegang heeft, krijgt geen tweede; teamleider en vertrouwensarts hebben hem niet nodig', async () => {
    const c = await casus();
    const voor = await aantallen();
    expect((await open(beh, c.casusId)).body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reden: 'AL_TOEGANG',
    });
    expect(await aantallen()).toEqual(voor);
    const wie = await mw('mw-dubbel');
    const n = ok(await open(wie, c.casusId)).noodtoegangOpenen;
    const na = await aantallen();
    expect((await open(wie, c.casusId)).body.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reden: 'NOODTOEGANG_ACTIEF',
      noodtoegangId: n.id,
      verlooptOp: n.verlooptOp,
    });
    expect(await aantallen()).toEqual(na);
    for (const rol of ['VT_TEAMLEIDER', 'VERTROUWENSARTS', 'PRIVACY_OFFICER'] as const) {
      const r = await open(await app.token(rol, 'VT14'), c.casusId);
      expect(r.body.errors?.[0]?.extensions?.code, rol).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    expect(await aantallen()).toEqual(na);
  });

  it('ongeldige invoer verandert niets: geen of een te korte of te lange reden, een onbekende casus, een casus van een andere regio', async () => {
    const c = await casus();
    const vt09 = ok(
      await app.gql<{ meldingRegistreren: { casusId: string } }>(
        await app.token('VT_MEDEWERKER', 'VT09', { sub: 'mw-utrecht' }),
        `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { casusId } }`,
        { i: meldingInvoer() },
      ),
    ).meldingRegistreren.casusId;
    const wie = await mw('mw-invoer');
    const voor = await aantallen();
    // Blank text is refused by the Tekst scalar itself (reden TEKST_LEEG, src/lib/tekst.ts).
    for (const reden of ['', '   ', '\u200B']) {
      const r = await open(wie, c.casusId, reden);
      expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reden: 'TEKST_LEEG' });
    }
    for (const [reden, code] of [
      ['spoed', 'TE_KORT'],
      ['x'.repeat(2001), 'TE_LANG'],
    ] as const) {
      const r = await open(wie, c.casusId, reden);
      expect(r.body.errors?.[0]?.extensions?.code, code).toBe('BAD_USER_INPUT');
      expect(r.body.errors?.[0]?.extensions?.fouten, code).toEqual([expect.objectContaining({ veld: 'reden', code })]);
    }
    const zonder = await app.gql(wie, `mutation($c: ID!) { noodtoegangOpenen(casusId: $c) { id } }`, { c: c.casusId });
    expect(zonder.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const onbekend = await open(wie, '00000000-0000-4000-8000-000000000000');
    const anders = await open(wie, vt09);
    expect(onbekend.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(kern(anders)).toEqual(kern(onbekend));
    expect(kern(await open(wie, 'geen-id'))).toEqual(kern(onbekend));
    expect(await aantallen()).toEqual(voor);
  });

  it('NOODTOEGANG_MINUTEN wordt bij de start gecontroleerd', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).noodtoegangMinuten).toBe(60);
    expect(loadConfig({ NODE_ENV: 'test', NOODTOEGANG_MINUTEN: '15' }).noodtoegangMinuten).toBe(15);
    for (const fout of ['0', '4', '1441', 'een uur', '1.5']) {
      expect(() => loadConfig({ NODE_ENV: 'test', NOODTOEGANG_MINUTEN: fout }), fout).toThrow(ConfigError);
    }
  });
});

describe('de beoordelingswachtrij van de privacy officer', () => {
  it('te beoordelen eerst, filter op status en medewerker, beoordelen en sluiten, per medewerker zichtbaar; elke inzage gelogd', async () => {
    const c1 = await casus('Wachtrij');
    const c2 = await casus('Wachtrij');
    const misbruik = await mw('mw-misbruik');
    const eerste = ok(
      await open(misbruik, c1.casusId, 'Even kijken: de melder woont bij een kennis van mij in de straat.'),
    ).noodtoegangOpenen;
    app.clock.set(new Date(TEST_NU.getTime() + 10 * 60_000));
    const tweede = ok(await open(misbruik, c2.casusId)).noodtoegangOpenen;
    app.clock.set(new Date(TEST_NU.getTime() + 20 * 60_000));
    ok(await app.gql(misbruik, LEES_CASUS, { id: c1.casusId }));

    // Judge the first as not justified: it is closed, and the access still running ends at once.
    const oordeel = ok(
      await app.gql<{ noodtoegangBeoordelen: { status: string; actief: boolean; beoordeeldDoor: string } }>(
        po,
        BEOORDEEL,
        {
          i: {
            noodtoegangId: eerste.id,
            oordeel: 'NIET_GERECHTVAARDIGD',
            toelichting: 'Nieuwsgierigheid is geen nood.',
          },
        },
      ),
    );
    expect(oordeel.noodtoegangBeoordelen).toMatchObject({
      status: 'NIET_GERECHTVAARDIGD',
      actief: false,
      beoordeeldDoor: 'po-1',
    });
    expect((await app.gql(misbruik, LEES_CASUS, { id: c1.casusId })).body.errors?.[0]?.extensions?.reden).toBe(
      'NIET_TOEGEWEZEN',
    );
    expect(ok(await app.gql(misbruik, LEES_CASUS, { id: c2.casusId }))).toMatchObject({ casus: { id: c2.casusId } });

    // The queue: open first (the second, although judged later ones are newer), then judged.
    const wachtrij = ok(
      await app.gql<{ noodtoegangen: { edges: { node: Node }[] } }>(po, WACHTRIJ, { f: { medewerker: 'mw-misbruik' } }),
    ).noodtoegangen.edges.map((e) => e.node);
    expect(wachtrij.map((n) => [n.id, n.status])).toEqual([
      [tweede.id, 'TE_BEOORDELEN'],
      [eerste.id, 'NIET_GERECHTVAARDIGD'],
    ]);
    expect(wachtrij[1]).toMatchObject({
      oordeelToelichting: 'Nieuwsgierigheid is geen nood.',
      beoordeeldDoor: 'po-1',
      actief: false,
    });
    const open_ = ok(
      await app.gql<{ noodtoegangen: { edges: { node: Node }[] } }>(po, WACHTRIJ, { f: { status: 'TE_BEOORDELEN' } }),
    ).noodtoegangen.edges.map((e) => e.node);
    expect(open_.every((n) => n.status === 'TE_BEOORDELEN')).toBe(true);
    expect(open_.map((n) => n.id)).toContain(tweede.id);
    // Over the whole queue, every open use comes before every judged one, and pages follow on without gaps.
    const alle: Node[] = [];
    let na: string | null = null;
    do {
      const p: {
        noodtoegangen: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      } = ok(await app.gql(po, WACHTRIJ, { n: 2, na }));
      alle.push(...p.noodtoegangen.edges.map((e) => e.node));
      na = p.noodtoegangen.pageInfo.hasNextPage ? p.noodtoegangen.pageInfo.endCursor : null;
    } while (na);
    expect(new Set(alle.map((n) => n.id)).size).toBe(alle.length);
    expect(alle.length).toBe(
      Number((await app.sql(`select count(*)::int as n from noodtoegang where vt_organisatie = 'VT14'`))[0].n),
    );
    const laatsteOpen = alle.map((n) => n.status).lastIndexOf('TE_BEOORDELEN');
    const eersteOordeel = alle.findIndex((n) => n.status !== 'TE_BEOORDELEN');
    expect(eersteOordeel === -1 || laatsteOpen < eersteOordeel).toBe(true);

    // Reading the queue is audited, per use shown.
    const gelogd = await app.sql(
      `select count(*)::int as n from audit_gebeurtenis where gebeurtenis = 'NOODTOEGANG_INZIEN' and gebruiker = 'po-1' and object_id = $1`,
      [tweede.id],
    );
    expect(gelogd[0].n).toBeGreaterThanOrEqual(2);
    const beoordeling = await app.sql(
      `select actie, object_type, vt_organisatie, velden::text[] as v from audit_gebeurtenis where gebeurtenis = 'NOODTOEGANG_BEOORDELEN' and object_id = $1`,
      [eerste.id],
    );
    expect(beoordeling).toEqual([
      { actie: 'U', object_type: 'Noodtoegang', vt_organisatie: 'VT14', v: ['oordeel', 'oordeelToelichting'] },
    ]);

    // Misuse per worker.
    ok(
      await app.gql(po, BEOORDEEL, {
        i: {
          noodtoegangId: tweede.id,
          oordeel: 'GERECHTVAARDIGD',
          toelichting: 'Acute situatie, behandelaar onbereikbaar.',
        },
      }),
    );
    const gebruik = ok(
      await app.gql<{
        noodtoegangGebruik: {
          medewerker: string;
          aantal: number;
          teBeoordelen: number;
          gerechtvaardigd: number;
          nietGerechtvaardigd: number;
        }[];
      }>(po, GEBRUIK),
    ).noodtoegangGebruik;
    expect(gebruik.find((g) => g.medewerker === 'mw-misbruik')).toMatchObject({
      aantal: 2,
      teBeoordelen: 0,
      gerechtvaardigd: 1,
      nietGerechtvaardigd: 1,
    });
    // Workers with an unjustified use come first.
    expect(gebruik[0].nietGerechtvaardigd).toBeGreaterThan(0);
    expect(
      (
        await app.sql(
          `select count(*)::int as n from audit_gebeurtenis where gebeurtenis = 'NOODTOEGANG_GEBRUIK_INZIEN' and gebruiker = 'po-1'`,
        )
      )[0].n,
    ).toBe(1);

    // The teamleider reads the queue and the counts of the region, but does not judge.
    expect(
      ok(await app.gql<{ noodtoegangen: { edges: unknown[] } }>(tl, WACHTRIJ, {})).noodtoegangen.edges.length,
    ).toBe(alle.length);
    expect(ok(await app.gql<{ noodtoegangGebruik: unknown[] }>(tl, GEBRUIK)).noodtoegangGebruik.length).toBe(
      gebruik.length,
    );
    expect(
      (await app.gql(tl, BEOORDEEL, { i: { noodtoegangId: tweede.id, oordeel: 'GERECHTVAARDIGD', toelichting: 'x' } }))
        .body.errors?.[0]?.extensions?.code,
    ).toBe('GRAPHQL_VALIDATION_FAILED');
    // A medewerker has no queue at all; another region's privacy officer sees none of this region's.
    expect((await app.gql(misbruik, WACHTRIJ, {})).body.errors?.[0]?.extensions?.code).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    const po09 = await app.token('PRIVACY_OFFICER', 'VT09', { sub: 'po-09' });
    expect(ok(await app.gql<{ noodtoegangen: { edges: unknown[] } }>(po09, WACHTRIJ, {})).noodtoegangen.edges).toEqual(
      [],
    );
    expect(ok(await app.gql<{ noodtoegangGebruik: unknown[] }>(po09, GEBRUIK)).noodtoegangGebruik).toEqual([]);
  });

  it('beoordelen: eenmaal, met toelichting, alleen in de eigen regio; ongeldige invoer verandert niets', async () => {
    const c = await casus();
    const n = ok(await open(await mw('mw-oordeel'), c.casusId)).noodtoegangOpenen;
    const voor = await aantallen();
    for (const toelichting of ['', '  ', 'x'.repeat(2001)]) {
      const r = await app.gql(po, BEOORDEEL, { i: { noodtoegangId: n.id, oordeel: 'GERECHTVAARDIGD', toelichting } });
      expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const po09 = await app.token('PRIVACY_OFFICER', 'VT09', { sub: 'po-09' });
    const anders = await app.gql(po09, BEOORDEEL, {
      i: { noodtoegangId: n.id, oordeel: 'NIET_GERECHTVAARDIGD', toelichting: 'x' },
    });
    const onbekend = await app.gql(po09, BEOORDEEL, {
      i: { noodtoegangId: '00000000-0000-4000-8000-000000000000', oordeel: 'NIET_GERECHTVAARDIGD', toelichting: 'x' },
    });
    expect(anders.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(kern(anders)).toEqual(kern(onbekend));
    expect(await aantallen()).toEqual(voor);
    ok(
      await app.gql(po, BEOORDEEL, { i: { noodtoegangId: n.id, oordeel: 'GERECHTVAARDIGD', toelichting: 'Terecht.' } }),
    );
    const na = await aantallen();
    expect(
      (
        await app.gql(po, BEOORDEEL, {
          i: { noodtoegangId: n.id, oordeel: 'NIET_GERECHTVAARDIGD', toelichting: 'Toch niet.' },
        })
      ).body.errors?.[0]?.extensions,
    ).toMatchObject({ code: 'CONFLICT', reden: 'AL_BEOORDEELD' });
    expect(await aantallen()).toEqual(na);
    // A justified access keeps running until it expires.
    expect(ok(await app.gql(await mw('mw-oordeel'), LEES_CASUS, { id: c.casusId }))).toMatchObject({
      casus: { id: c.casusId },
    });
  });
});
