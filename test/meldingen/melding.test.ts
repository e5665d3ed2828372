import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { meldingService } from '../../src/meldingen/melding.service';
import { MeldingView } from '../../src/meldingen/melding.types';
import { geldigBsn, LEES, meldingInvoer, REGISTREER } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';

let app: TestApp;
let vt14: string;
let vt09: string;

beforeAll(async () => {
  app = await startTestApp();
  vt14 = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'medewerker-gv-1' });
  vt09 = await app.token('VT_MEDEWERKER', 'VT09', { sub: 'medewerker-utrecht-1' });
});
afterAll(() => app.stop());

async function registreer(token: string, invoer = meldingInvoer()): Promise<string> {
  const r = await app.gql<{ meldingRegistreren: { id: string } }>(token, REGISTREER, { invoer });
  expect(r.body.errors).toBeUndefined();
  return r.body.data!.meldingRegistreren.id;
}

async function aantallen(): Promise<{ meldingen: number; personen: number; audit: number }> {
  const [r] = await app.sql(
    `select (select count(*) from melding)::int as meldingen, (select count(*) from persoon)::int as personen, (select count(*) from audit_gebeurtenis)::int as audit`,
  );
  return r as { meldingen: number; personen: number; audit: number };
}

describe('een melding registreren en teruglezen', () => {
  it('registreert een melding met melder en betrokkenen en leest haar terug', async () => {
    const invoer = meldingInvoer();
    const r = await app.gql<{ meldingRegistreren: Record<string, unknown> }>(vt14, REGISTREER, { invoer });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    const m = r.body.data!.meldingRegistreren as {
      id: string;
      vtOrganisatie: string;
      betrokkenen: { rollen: string[]; persoon: { bsn: string; adres: { postcode: string } | null } }[];
    };
    expect(m.vtOrganisatie).toBe('VT14');
    expect(m.betrokkenen.map((b) => b.rollen)).toEqual([['KIND', 'SLACHTOFFER'], ['PLEGER']]);
    const betrokkenen = invoer.betrokkenen as { persoon: { bsn: string } }[];
    expect(m.betrokkenen[0].persoon.bsn).toBe(betrokkenen[0].persoon.bsn);
    expect(m.betrokkenen[0].persoon.adres?.postcode).toBe('1211 AB');

    const terug = await app.gql<{ melding: { omschrijving: string; melder: { naam: string } } }>(vt14, LEES, {
      id: m.id,
    });
    expect(terug.body.errors).toBeUndefined();
    expect(terug.body.data!.melding.omschrijving).toBe(invoer.omschrijving);
    expect(terug.body.data!.melding.melder.naam).toBe('J. de Leraar');
  });

  it('hergebruikt een persoon die de regio al kent aan zijn BSN', async () => {
    const bsn = geldigBsn();
    const persoon = { bsn, voornamen: 'Kim', achternaam: 'de Vries' };
    const a = await app.gql<{ meldingRegistreren: { betrokkenen: { persoon: { id: string } }[] } }>(vt14, REGISTREER, {
      invoer: meldingInvoer({ betrokkenen: [{ rollen: ['SLACHTOFFER'], persoon }] }),
    });
    const b = await app.gql<{ meldingRegistreren: { betrokkenen: { persoon: { id: string } }[] } }>(vt14, REGISTREER, {
      invoer: meldingInvoer({ betrokkenen: [{ rollen: ['SLACHTOFFER'], persoon }] }),
    });
    expect(a.body.data!.meldingRegistreren.betrokkenen[0].persoon.id).toBe(
      b.body.data!.meldingRegistreren.betrokkenen[0].persoon.id,
    );
  });

  it('pagineert de meldingen van de eigen regio met een cursor, nieuwste eerst', async () => {
    const t = await app.token('VT_MEDEWERKER', 'VT03');
    for (const dag of ['01', '02', '03']) {
      await registreer(t, meldingInvoer({ ontvangenOp: `2026-03-${dag}T10:00:00Z` }));
    }
    const q = `query($na: String) { meldingen(eerste: 2, na: $na) { edges { node { ontvangenOp } } pageInfo { hasNextPage endCursor } } }`;
    type P = {
      meldingen: { edges: { node: { ontvangenOp: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    };
    const p1 = await app.gql<P>(t, q);
    expect(p1.body.data!.meldingen.edges.map((e) => e.node.ontvangenOp)).toEqual([
      '2026-03-03T10:00:00.000Z',
      '2026-03-02T10:00:00.000Z',
    ]);
    expect(p1.body.data!.meldingen.pageInfo.hasNextPage).toBe(true);
    const p2 = await app.gql<P>(t, q, { na: p1.body.data!.meldingen.pageInfo.endCursor });
    expect(p2.body.data!.meldingen.edges.map((e) => e.node.ontvangenOp)).toEqual(['2026-03-01T10:00:00.000Z']);
    expect(p2.body.data!.meldingen.pageInfo.hasNextPage).toBe(false);
  });
});

describe('regio-grenzen', () => {
  it('een VT-medewerker van een andere regio ziet de melding niet, ook niet per id', async () => {
    const id = await registreer(vt14);
    const r = await app.gql(vt09, LEES, { id });
    expect(r.body.data).toBeNull();
    expect(r.body.errors![0].extensions!.code).toBe('NOT_FOUND');
    const lijst = await app.gql<{ meldingen: { edges: { node: { id: string } }[] } }>(
      vt09,
      `{ meldingen(eerste: 100) { edges { node { id } } } }`,
    );
    expect(lijst.body.data!.meldingen.edges.map((e) => e.node.id)).not.toContain(id);
  });

  it('de rijregel houdt een object van een andere regio tegen, ook als de service het ten onrechte teruggeeft', async () => {
    const id = await registreer(vt14);
    const echteLees = meldingService.lees.bind(meldingService);
    // Simulate a scoping bug: the service returns VT14's melding to a VT09 caller.
    const vreemd = await app.orm.em.fork().getConnection().execute(`select id from melding where id = ?`, [id]);
    expect(vreemd).toHaveLength(1);
    const spy = vi.spyOn(meldingService, 'lees').mockImplementation(async (ctx, _id, velden) => {
      const bron = await echteLees(
        {
          ...ctx,
          actor: { ...ctx.actor, organisatie: { ...ctx.actor.organisatie, code: 'VT14', regioCodes: ['VT14'] } },
        },
        id,
        velden,
      );
      return Object.assign(new MeldingView(), bron);
    });
    try {
      const r = await app.gql(vt09, LEES, { id });
      expect(r.body.data).toBeNull();
      expect(r.body.errors![0].extensions!.code).toBe('FORBIDDEN');
      expect(JSON.stringify(r.body)).not.toContain('Jansen');
    } finally {
      spy.mockRestore();
    }
  });

  it('een anonieme melder is zichtbaar voor VT-medewerkers van de eigen regio die de casus mogen lezen, en voor niemand anders', async () => {
    const id = await registreer(
      vt14,
      meldingInvoer({ melder: { anonimiteit: 'ANONIEM_NAAR_GEZIN', naam: 'Buurman X', telefoon: '0612345678' } }),
    );
    // The registering worker is the behandelaar; teamleider and vertrouwensarts read the region (need-to-know).
    for (const token of [vt14, await app.token('VT_TEAMLEIDER', 'VT14'), await app.token('VERTROUWENSARTS', 'VT14')]) {
      const r = await app.gql<{ melding: { melder: { naam: string } } }>(token, LEES, { id });
      expect(r.body.data!.melding.melder.naam).toBe('Buurman X');
    }
    const nietToegewezen = await app.gql(await app.token('VT_MEDEWERKER', 'VT14', { sub: 'medewerker-gv-2' }), LEES, {
      id,
    });
    expect(nietToegewezen.body.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reden: 'NIET_TOEGEWEZEN' });
    expect(JSON.stringify(nietToegewezen.body)).not.toContain('Buurman');
    const anders = await app.gql(vt09, LEES, { id });
    expect(JSON.stringify(anders.body)).not.toContain('Buurman');
    await app.partner('WT-TEST-1', 'WIJKTEAM');
    const wijkteam = await app.gql(await app.token('WIJKTEAM_MEDEWERKER', 'WT-TEST-1'), LEES, { id });
    expect(wijkteam.status).toBe(400);
    expect(wijkteam.body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(wijkteam.body)).not.toContain('Buurman');
  });
});

describe('ongeldige invoer krijgt een duidelijke fout met vaste code en verandert niets', () => {
  const gevallen: [string, Record<string, unknown>, string][] = [
    [
      'een BSN dat de 11-proef niet haalt',
      { betrokkenen: [{ rollen: ['KIND'], persoon: { bsn: '123456788', achternaam: 'X' } }] },
      'ONGELDIG_BSN',
    ],
    [
      'een BSN van acht cijfers',
      { betrokkenen: [{ rollen: ['KIND'], persoon: { bsn: '12345678', achternaam: 'X' } }] },
      'ONGELDIG_BSN',
    ],
    [
      'een onmogelijke geboortedatum (30 februari)',
      { betrokkenen: [{ rollen: ['KIND'], persoon: { achternaam: 'X', geboortedatum: '2023-02-30' } }] },
      'ONGELDIGE_DATUM',
    ],
    ['een onmogelijk ontvangsttijdstip (31 april)', { ontvangenOp: '2026-04-31T10:00:00Z' }, 'ONGELDIG_TIJDSTIP'],
  ];
  for (const [wat, overschrijf, reden] of gevallen) {
    it(`weigert ${wat} (${reden})`, async () => {
      const voor = await aantallen();
      const r = await app.gql(vt14, REGISTREER, { invoer: meldingInvoer(overschrijf) });
      expect(r.status).toBe(400);
      expect(r.body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(r.body.errors![0].extensions!.reden).toBe(reden);
      expect(await aantallen()).toEqual(voor);
    });
  }

  it('weigert een onbekende enumwaarde', async () => {
    const voor = await aantallen();
    const r = await app.gql(vt14, REGISTREER, {
      invoer: meldingInvoer({ aardGeweld: ['MISHANDELING_VAN_HUISDIEREN'] }),
    });
    expect(r.status).toBe(400);
    expect(r.body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(r.body.errors![0].message).toContain('AardGeweld');
    expect(await aantallen()).toEqual(voor);
  });

  const domeingevallen: [string, Record<string, unknown>, string, string][] = [
    ['te lange omschrijving', { omschrijving: 'x'.repeat(20_001) }, 'omschrijving', 'TE_LANG'],
    ['ontvangst in de toekomst', { ontvangenOp: '2026-03-11T09:00:00Z' }, 'ontvangenOp', 'DATUM_IN_TOEKOMST'],
    [
      'ontvangst vóór Veilig Thuis bestond',
      { ontvangenOp: '2014-06-01T09:00:00Z' },
      'ontvangenOp',
      'ONMOGELIJKE_DATUM',
    ],
    [
      'geboortedatum in de toekomst',
      { betrokkenen: [{ rollen: ['KIND'], persoon: { achternaam: 'X', geboortedatum: '2027-01-01' } }] },
      'betrokkenen[0].persoon.geboortedatum',
      'DATUM_IN_TOEKOMST',
    ],
    [
      'identiteit bij een dubbel anonieme melder',
      { melder: { anonimiteit: 'DUBBEL_ANONIEM', naam: 'Iemand' } },
      'melder',
      'IDENTITEIT_BIJ_DUBBEL_ANONIEM',
    ],
    [
      'een open melder zonder naam',
      { melder: { anonimiteit: 'OPEN', telefoon: '0612345678' } },
      'melder',
      'MELDER_IDENTITEIT_VEREIST',
    ],
    [
      'een beroepsmatige melder zonder organisatie',
      { organisatieMelder: 'NIET_VAN_TOEPASSING' },
      'organisatieMelder',
      'ONVERENIGBAAR',
    ],
    ['geen betrokkenen', { betrokkenen: [] }, 'betrokkenen', 'TE_WEINIG'],
    [
      'een ongeldig e-mailadres',
      { melder: { anonimiteit: 'OPEN', naam: 'A', email: 'geen-adres' } },
      'melder.email',
      'ONGELDIG_EMAILADRES',
    ],
  ];
  for (const [wat, overschrijf, veld, code] of domeingevallen) {
    it(`weigert ${wat} (${code} op ${veld})`, async () => {
      const voor = await aantallen();
      const r = await app.gql(vt14, REGISTREER, { invoer: meldingInvoer(overschrijf) });
      expect(r.body.data).toBeNull();
      const e = r.body.errors![0];
      expect(e.extensions!.code).toBe('BAD_USER_INPUT');
      expect(e.extensions!.fouten).toContainEqual(expect.objectContaining({ veld, code }));
      expect(await aantallen()).toEqual(voor);
    });
  }

  it('een rol zonder recht om te registreren verandert niets (geweigerd vóór de resolver)', async () => {
    const voor = await aantallen();
    const r = await app.gql(await app.token('PRIVACY_OFFICER', 'VT14'), REGISTREER, { invoer: meldingInvoer() });
    expect(r.status).toBe(400);
    expect(r.body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await aantallen()).toEqual(voor);
  });
});
