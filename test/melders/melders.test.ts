import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { bouwVolledigSchema } from '../../src/lib/graphql/volledig-schema';
import { resolvers } from '../../src/modules';
import { meldingInvoer, REGISTREER } from '../helpers/fabriek';
import { okAntwoord, partnerToken, registreerPartners } from '../helpers/partners';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';

/**
 * Melders through GraphQL (issue 16.5): VT issues and revokes an access; the melder reads only their own melding and the
 * feedback owed to them (steps; after 10 weeks who took over), adds and corrects with history, and reaches nothing else.
 */
let app: TestApp;
const vt = (): Promise<string> => app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-melders' });

const UITGEVEN = `mutation ($id: ID!, $d: Int, $k: String) {
  melderToegangUitgeven(meldingId: $id, geldigDagen: $d, idempotentieSleutel: $k) { id meldingId geldigTot ingetrokkenOp geheim } }`;
const INTREKKEN = `mutation ($id: ID!) { melderToegangIntrekken(toegangId: $id) { id ingetrokkenOp geheim } }`;
const MIJN = `{ mijnMelding { id omschrijving aardGeweld aanvullingen { soort tekst ingediendOp toegangId } } }`;
const TERUG = `{ mijnTerugkoppeling { meldingId stappen { stap op } overnameBekendVanaf overgenomenDoor { naam soort } } }`;
const AANVUL = `mutation ($i: MeldingAanvullenInvoer!, $k: String) {
  aanvullingToevoegen(invoer: $i, idempotentieSleutel: $k) { id soort tekst ingediendOp } }`;

async function melding(overschrijf: Record<string, unknown> = {}): Promise<{ id: string; casusId: string }> {
  const d = await okAntwoord<{ meldingRegistreren: { id: string } }>(app, await vt(), REGISTREER, {
    invoer: meldingInvoer(overschrijf),
  });
  const r = await app.sql(`select casus_id from melding where id = $1`, [d.meldingRegistreren.id]);
  return { id: d.meldingRegistreren.id, casusId: r[0].casus_id as string };
}

async function toegang(meldingId: string, dagen?: number): Promise<{ id: string; header: string }> {
  const d = await okAntwoord<{ melderToegangUitgeven: { id: string; geheim: string } }>(app, await vt(), UITGEVEN, {
    id: meldingId,
    d: dagen,
  });
  return { id: d.melderToegangUitgeven.id, header: `Melder ${d.melderToegangUitgeven.geheim}` };
}

beforeAll(async () => {
  app = await startTestApp();
  await registreerPartners(app);
});
afterAll(() => app.stop());
beforeEach(() => app.clock.set(TEST_NU));

describe('de toegang van de melder', () => {
  it('VT geeft een toegang uit: het geheim eenmaal, alleen de hash bewaard; de melder leest de eigen melding', async () => {
    const m = await melding();
    const d = await okAntwoord<{ melderToegangUitgeven: Record<string, unknown> }>(app, await vt(), UITGEVEN, {
      id: m.id,
    });
    const t = d.melderToegangUitgeven;
    expect(t.geheim).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(t.geldigTot).toBe('2026-07-08T09:00:00.000Z');
    const rij = await app.sql(`select geheim_hash from melder_toegang where id = $1`, [t.id]);
    expect(rij[0].geheim_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rij)).not.toContain(t.geheim as string);

    const r = await okAntwoord<{ mijnMelding: Record<string, unknown> }>(app, `Melder ${t.geheim as string}`, MIJN);
    expect(r.mijnMelding).toEqual({
      id: m.id,
      omschrijving: 'Leerkracht ziet herhaaldelijk blauwe plekken bij een leerling van groep 4.',
      aardGeweld: ['KINDERMISHANDELING'],
      aanvullingen: [],
    });
    // Every read by the melder is audited, as the melder (role MELDER) under the melding's VT organisation.
    const audit = await app.sql(
      `select rol, organisatie, gebeurtenis from audit_gebeurtenis where object_id = $1 and rol = 'MELDER'`,
      [m.id],
    );
    expect(audit).toEqual([{ rol: 'MELDER', organisatie: 'VT14', gebeurtenis: 'MELDER_EIGEN_MELDING_INZIEN' }]);
  });

  it('een herhaling met dezelfde idempotentiesleutel geeft dezelfde toegang zonder het geheim opnieuw', async () => {
    const m = await melding();
    const k = `melder-${crypto.randomUUID()}`;
    const a = await okAntwoord<{ melderToegangUitgeven: { id: string; geheim: string | null } }>(
      app,
      await vt(),
      UITGEVEN,
      { id: m.id, k },
    );
    const b = await okAntwoord<{ melderToegangUitgeven: { id: string; geheim: string | null } }>(
      app,
      await vt(),
      UITGEVEN,
      { id: m.id, k },
    );
    expect(b.melderToegangUitgeven.id).toBe(a.melderToegangUitgeven.id);
    expect(a.melderToegangUitgeven.geheim).not.toBeNull();
    expect(b.melderToegangUitgeven.geheim).toBeNull();
  });

  it('ingetrokken, verlopen of vervalst: geweigerd met een vaste reden; nogmaals intrekken verandert niets', async () => {
    const m = await melding();
    const t = await toegang(m.id, 7);
    expect((await app.gql(t.header, MIJN)).status).toBe(200);

    app.clock.set(new Date('2026-03-17T08:59:59Z'));
    expect((await app.gql(t.header, MIJN)).status).toBe(200);
    app.clock.set(new Date('2026-03-17T09:00:00Z'));
    const verlopen = await app.gql(t.header, MIJN);
    expect(verlopen.status).toBe(401);
    expect(verlopen.body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reden: 'MELDERTOEGANG_VERLOPEN' });

    app.clock.set(TEST_NU);
    const t2 = await toegang(m.id);
    const i1 = await okAntwoord<{ melderToegangIntrekken: { ingetrokkenOp: string } }>(app, await vt(), INTREKKEN, {
      id: t2.id,
    });
    app.clock.set(new Date('2026-03-11T09:00:00Z'));
    const i2 = await okAntwoord<{ melderToegangIntrekken: { ingetrokkenOp: string } }>(app, await vt(), INTREKKEN, {
      id: t2.id,
    });
    expect(i2.melderToegangIntrekken.ingetrokkenOp).toBe(i1.melderToegangIntrekken.ingetrokkenOp);
    const ingetrokken = await app.gql(t2.header, MIJN);
    expect(ingetrokken.body.errors?.[0].extensions?.reden).toBe('MELDERTOEGANG_INGETROKKEN');

    for (const vals of [`Melder ${'x'.repeat(43)}`, 'Melder kort', 'Melder ']) {
      const r = await app.gql(vals, MIJN);
      expect(r.status, vals).toBe(401);
      expect(r.body.errors?.[0].extensions?.reden, vals).toBe('MELDERTOEGANG_ONGELDIG');
    }
    // A token cannot claim the role MELDER: only an access VT issued makes a melder.
    const vals = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'x' }).then(() =>
      // signDevToken itself accepts any role name; the verifier refuses MELDER.
      import('../../src/auth/dev-issuer').then((d) =>
        d.signDevToken(app.dataDir, {
          rol: 'MELDER',
          organisatie: 'VT14',
          audience: app.config.oidcAudience,
          nu: app.clock.now(),
        }),
      ),
    );
    const r = await app.gql(vals, MIJN);
    expect(r.body.errors?.[0].extensions?.reden).toBe('ROL_NIET_TOEGESTAAN');
  });

  it('geen toegang voor een melding zonder melder, of van een casus die de medewerker niet heeft', async () => {
    const m = await melding();
    const ander = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'een-ander' });
    const r = await app.gql(ander, UITGEVEN, { id: m.id });
    expect(r.body.errors?.[0].extensions?.reden).toBe('NIET_TOEGEWEZEN');
    const vreemd = await app.gql(await app.token('VT_MEDEWERKER', 'VT09'), UITGEVEN, { id: m.id });
    expect(vreemd.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('aanvullen en verbeteren', () => {
  it('het origineel blijft; elke aanvulling en correctie staat erbij met wanneer en welke toegang; VT leest ze', async () => {
    const m = await melding();
    const t = await toegang(m.id);
    app.clock.set(new Date('2026-03-11T10:00:00Z'));
    await okAntwoord(app, t.header, AANVUL, { i: { soort: 'AANVULLING', tekst: 'Vandaag weer een blauwe plek.' } });
    app.clock.set(new Date('2026-03-12T10:00:00Z'));
    const k = `aanvul-${crypto.randomUUID()}`;
    const c1 = await okAntwoord<{ aanvullingToevoegen: { id: string } }>(app, t.header, AANVUL, {
      i: { soort: 'CORRECTIE', tekst: 'Het is groep 5, niet groep 4.' },
      k,
    });
    const c2 = await okAntwoord<{ aanvullingToevoegen: { id: string } }>(app, t.header, AANVUL, {
      i: { soort: 'CORRECTIE', tekst: 'Het is groep 5, niet groep 4.' },
      k,
    });
    expect(c2.aanvullingToevoegen.id).toBe(c1.aanvullingToevoegen.id);

    const r = await okAntwoord<{ mijnMelding: { omschrijving: string; aanvullingen: unknown[] } }>(app, t.header, MIJN);
    expect(r.mijnMelding.omschrijving).toBe(
      'Leerkracht ziet herhaaldelijk blauwe plekken bij een leerling van groep 4.',
    );
    expect(r.mijnMelding.aanvullingen).toEqual([
      {
        soort: 'AANVULLING',
        tekst: 'Vandaag weer een blauwe plek.',
        ingediendOp: '2026-03-11T10:00:00.000Z',
        toegangId: t.id,
      },
      {
        soort: 'CORRECTIE',
        tekst: 'Het is groep 5, niet groep 4.',
        ingediendOp: '2026-03-12T10:00:00.000Z',
        toegangId: t.id,
      },
    ]);
    const v = await okAntwoord<{ melderAanvullingen: unknown[] }>(
      app,
      await vt(),
      `query ($id: ID!) { melderAanvullingen(meldingId: $id) { soort tekst toegangId } }`,
      { id: m.id },
    );
    expect(v.melderAanvullingen).toHaveLength(2);
    // The application may only append: an earlier supplement cannot be changed.
    const pg = await import('pg');
    const c = new pg.Client({ connectionString: app.appDbUrl });
    await c.connect();
    await c.query(`begin`);
    await c.query(
      `select set_config('role', 'ketenpoort_app', true), set_config('ketenpoort.vt_organisatie', 'VT14', true)`,
    );
    await expect(c.query(`update melding_aanvulling set tekst = 'x'`)).rejects.toThrow(/permission denied/);
    await c.query(`rollback`);
    await c.end();
  });

  it('vrije tekst is Tekst: stuurtekens geweigerd', async () => {
    const m = await melding();
    const t = await toegang(m.id);
    const r = await app.gql(t.header, AANVUL, { i: { soort: 'AANVULLING', tekst: 'a\u0000b' } });
    expect(r.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('de terugkoppeling', () => {
  it('stappen zonder inhoud; de overnemende partner pas 10 weken na de veiligheidsbeoordeling', async () => {
    const m = await melding();
    const t = await toegang(m.id);
    const voor = await okAntwoord<{ mijnTerugkoppeling: unknown }>(app, t.header, TERUG);
    expect(voor.mijnTerugkoppeling).toEqual({
      meldingId: m.id,
      stappen: [{ stap: 'MELDING_ONTVANGEN', op: '2026-03-09' }],
      overnameBekendVanaf: null,
      overgenomenDoor: [],
    });

    await okAntwoord(
      app,
      await vt(),
      `mutation ($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { id } } }`,
      {
        i: {
          meldingId: m.id,
          taxatie: 'STRUCTURELE_ONVEILIGHEID',
          uitkomst: 'OVERDRACHT',
          toelichting: 'Geheim oordeel.',
        },
      },
    );
    const persoonIds = (await app.sql(`select persoon_id from betrokkene where melding_id = $1`, [m.id])).map(
      (r) => r.persoon_id,
    );
    const o = await okAntwoord<{ overdrachtAanbieden: { id: string } }>(
      app,
      await vt(),
      `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
      {
        i: {
          casusId: m.casusId,
          soort: 'WARME_OVERDRACHT',
          ontvanger: 'WT-A',
          persoonIds,
          metVeiligheidsafspraken: false,
          toelichting: 'Overdracht aan het wijkteam.',
          grondslag: 'WMO_OVERDRACHT',
        },
      },
    );
    const partnerId = (
      await app.sql(`select partner_id from overdracht where id = $1`, [o.overdrachtAanbieden.id]).catch(() => [])
    )[0]?.partner_id as string | undefined;
    await okAntwoord(
      app,
      await partnerToken(app, 'WT-A'),
      `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { id } }`,
      { id: partnerId ?? o.overdrachtAanbieden.id },
    );

    app.clock.set(new Date('2026-05-19T08:00:00Z'));
    const binnen = await okAntwoord<{
      mijnTerugkoppeling: { stappen: { stap: string }[]; overgenomenDoor: unknown[]; overnameBekendVanaf: string };
    }>(app, t.header, TERUG);
    expect(binnen.mijnTerugkoppeling.stappen.map((s) => s.stap)).toEqual([
      'MELDING_ONTVANGEN',
      'VEILIGHEIDSBEOORDELING_GEDAAN',
      'OVERDRACHT_GESTART',
    ]);
    expect(binnen.mijnTerugkoppeling.overnameBekendVanaf).toBe('2026-05-19');
    expect(binnen.mijnTerugkoppeling.overgenomenDoor).toEqual([]);

    app.clock.set(new Date('2026-05-19T09:00:00Z'));
    const na = await okAntwoord<{ mijnTerugkoppeling: { overgenomenDoor: unknown[] } }>(app, t.header, TERUG);
    expect(na.mijnTerugkoppeling.overgenomenDoor).toEqual([{ naam: 'Testorganisatie WT-A', soort: 'WIJKTEAM' }]);
    expect(JSON.stringify(na)).not.toContain('Geheim oordeel');
  });
});

describe('de melder bereikt niets anders', () => {
  it('het schema van de melder heeft alleen de eigen operaties; elke andere operatie is een validatiefout', async () => {
    const m = await melding();
    const t = await toegang(m.id);
    const s = await okAntwoord<{
      __schema: { queryType: { fields: { name: string }[] }; mutationType: { fields: { name: string }[] } };
    }>(app, t.header, `{ __schema { queryType { fields { name } } mutationType { fields { name } } } }`);
    expect(s.__schema.queryType.fields.map((f) => f.name).sort()).toEqual(['ik', 'mijnMelding', 'mijnTerugkoppeling']);
    expect(s.__schema.mutationType.fields.map((f) => f.name)).toEqual(['aanvullingToevoegen']);
    for (const q of [
      `query ($id: ID!) { melding(id: $id) { id } }`,
      `query ($id: ID!) { melderTerugkoppeling(meldingId: $id) { tekst } }`,
      `query ($id: ID!) { melderAanvullingen(meldingId: $id) { tekst } }`,
      `{ meldingen { edges { node { id } } } }`,
    ]) {
      const r = await app.gql(t.header, q, { id: m.id });
      expect(r.body.errors?.[0].extensions?.code, q).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('elke andere query en mutatie van het volledige schema bestaat voor de melder niet (validatiefout)', async () => {
    const volledig = await bouwVolledigSchema(resolvers);
    const t = await toegang((await melding()).id);
    const eigen = new Set(['ik', 'mijnMelding', 'mijnTerugkoppeling', 'aanvullingToevoegen']);
    let geprobeerd = 0;
    for (const [soort, type] of [
      ['query', volledig.getQueryType()!],
      ['mutation', volledig.getMutationType()!],
    ] as const) {
      for (const naam of Object.keys(type.getFields()).filter((n) => !eigen.has(n))) {
        const r = await app.gql(t.header, `${soort} { ${naam} }`);
        expect(r.body.errors?.[0].extensions?.code, naam).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(r.body.errors?.[0].message, naam).toMatch(/Cannot query field/);
        geprobeerd++;
      }
    }
    expect(geprobeerd).toBeGreaterThan(80);
  });

  it('twee melders: elk ziet alleen de eigen melding', async () => {
    const a = await melding();
    const b = await melding({ omschrijving: 'Een andere melding van iemand anders.' });
    const ta = await toegang(a.id);
    const tb = await toegang(b.id);
    expect((await okAntwoord<{ mijnMelding: { id: string } }>(app, ta.header, MIJN)).mijnMelding.id).toBe(a.id);
    expect((await okAntwoord<{ mijnMelding: { id: string } }>(app, tb.header, MIJN)).mijnMelding.id).toBe(b.id);
  });

  it('een anonieme melder blijft voor anderen anoniem; de melder ziet geen betrokkenen of melderidentiteit', async () => {
    const m = await melding({
      melder: {
        anonimiteit: 'ANONIEM_NAAR_GEZIN',
        toestemmingBekendmaking: false,
        naam: 'Geheime Melder',
        telefoon: '+31 6 1234 5678',
      },
    });
    const t = await toegang(m.id);
    const r = await app.gql(t.header, MIJN);
    expect(JSON.stringify(r.body)).not.toMatch(/Geheime Melder|Sara|Jansen/);
  });
});
