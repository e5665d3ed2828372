import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { schrijfGebeurtenis } from '../../src/gebeurtenissen/outbox';
import { meldingInvoer } from '../helpers/fabriek';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';

/** Where the rendered documents are written, to be looked at (a folder of its own per run). */
const kijkmap = mkdtempSync(join(tmpdir(), 'ketenpoort-afschrift-'));

/**
 * Rechten van betrokkenen through GraphQL (issue 17, items 1-4): the privacy officer registers a request with its
 * answer termijn, extends, decides with reasons and closes it; the afschrift (JSON and HTML) holds the person's file
 * and who looked at it, never an anonymous melder or another household; corrections keep their history; a granted
 * beperking restricts the casus for VT roles, partners and the outbox until it is lifted.
 */
let app: TestApp;
const VELDEN = `id soort status verzoeker antwoordVoor verlengingReden besluit besluitMotivering afhandeling casusBeperkt`;
const REGISTREER = `mutation($i: RechtenverzoekInvoer!) { rechtenverzoekRegistreren(invoer: $i) { ${VELDEN} } }`;
const BESLUIT = `mutation($i: RechtenverzoekBesluitInvoer!) { rechtenverzoekBesluiten(invoer: $i) { ${VELDEN} } }`;
type Verzoek = Record<string, unknown> & { id: string };

beforeAll(async () => {
  app = await startTestApp();
  await app.partner('WT-R', 'WIJKTEAM', 'VT14');
});
afterAll(() => app.stop());
beforeEach(() => app.clock.set(TEST_NU));

/** The server's root (app.url is the GraphQL endpoint). */
const basis = (): string => app.url.replace(/\/graphql$/, '');
const po = (): Promise<string> => app.token('PRIVACY_OFFICER', 'VT14', { sub: 'po-1' });
const vt = (sub = 'mw-rechten'): Promise<string> => app.token('VT_MEDEWERKER', 'VT14', { sub });

async function ok<T = Record<string, unknown>>(token: string, q: string, v?: Record<string, unknown>): Promise<T> {
  const r = await app.gql<T>(token, q, v);
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return r.body.data!;
}

/** A casus with a child and a parent (and the given melder); returns ids. */
async function casus(
  melder?: Record<string, unknown>,
): Promise<{ casusId: string; meldingId: string; kind: string; ouder: string }> {
  const r = await ok<{
    meldingRegistreren: { id: string; casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] };
  }>(
    await vt(),
    `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId betrokkenen { rollen persoon { id } } } }`,
    { i: meldingInvoer(melder ? { melder } : {}) },
  );
  const m = r.meldingRegistreren;
  const kind = m.betrokkenen.find((b) => b.rollen.includes('KIND'))!.persoon.id;
  const ouder = m.betrokkenen.find((b) => b.rollen.includes('PLEGER'))!.persoon.id;
  return { casusId: m.casusId, meldingId: m.id, kind, ouder };
}

async function verzoek(casusId: string, persoonId: string, soort: string): Promise<Verzoek> {
  const r = await ok<{ rechtenverzoekRegistreren: Verzoek }>(await po(), REGISTREER, {
    i: {
      casusId,
      soort,
      verzoeker: 'BETROKKENE',
      persoonId,
      omschrijving: `Verzoek om ${soort}.`,
      ontvangenOp: '2026-03-10',
    },
  });
  return r.rechtenverzoekRegistreren;
}

const besluit = async (id: string, b = 'TOEGEKEND'): Promise<Verzoek> =>
  (
    await ok<{ rechtenverzoekBesluiten: Verzoek }>(await po(), BESLUIT, {
      i: { verzoekId: id, besluit: b, motivering: 'Gewogen.' },
    })
  ).rechtenverzoekBesluiten;

describe('verzoeken als werkstroom', () => {
  it('elk soort verzoek krijgt een antwoordtermijn van een maand; verlengen maakt er drie van', async () => {
    const c = await casus();
    for (const soort of ['AFSCHRIFT', 'AANVULLEN', 'VERBETEREN', 'VERWIJDERING', 'BEPERKING', 'BEZWAAR']) {
      const v = await verzoek(c.casusId, c.ouder, soort);
      expect(v).toMatchObject({ soort, status: 'ONTVANGEN', antwoordVoor: '2026-04-10', casusBeperkt: false });
    }
    const v = await verzoek(c.casusId, c.ouder, 'AFSCHRIFT');
    const t = await app.sql(`select soort, vervaldatum::text as d, status from termijn where rechtenverzoek_id = $1`, [
      v.id,
    ]);
    expect(t).toEqual([{ soort: 'RECHTENVERZOEK_ANTWOORD', d: '2026-04-10', status: 'OPEN' }]);
    const l = await ok<{ rechtenverzoekVerlengen: Verzoek }>(
      await po(),
      `mutation($i: RechtenverzoekVerlengenInvoer!) { rechtenverzoekVerlengen(invoer: $i) { ${VELDEN} } }`,
      { i: { verzoekId: v.id, reden: 'Omvangrijk dossier.' } },
    );
    expect(l.rechtenverzoekVerlengen).toMatchObject({ status: 'VERLENGD', antwoordVoor: '2026-06-10' });
    // Extending twice is not in the table.
    const twee = await app.gql(
      await po(),
      `mutation($i: RechtenverzoekVerlengenInvoer!) { rechtenverzoekVerlengen(invoer: $i) { id } }`,
      {
        i: { verzoekId: v.id, reden: 'Nog eens.' },
      },
    );
    expect(twee.body.errors?.[0].extensions).toMatchObject({ reden: 'OVERGANG_NIET_TOEGESTAAN' });
    const b = await besluit(v.id);
    expect(b).toMatchObject({ status: 'TOEGEKEND', besluit: 'TOEGEKEND' });
    expect(await app.sql(`select status from termijn where rechtenverzoek_id = $1 order by status`, [v.id])).toEqual([
      { status: 'GEANNULEERD' },
      { status: 'VOLDAAN' },
    ]);
    const a = await ok<{ rechtenverzoekAfhandelen: Verzoek }>(
      await po(),
      `mutation($i: RechtenverzoekAfhandelenInvoer!) { rechtenverzoekAfhandelen(invoer: $i) { ${VELDEN} } }`,
      { i: { verzoekId: v.id, afhandeling: 'Afschrift per post verstuurd.' } },
    );
    expect(a.rechtenverzoekAfhandelen).toMatchObject({
      status: 'AFGEHANDELD',
      afhandeling: 'Afschrift per post verstuurd.',
    });
  });

  it('weigert met motivering (wettelijke plicht om te verwerken); een verwijdering wordt alleen besloten', async () => {
    const c = await casus();
    const v = await verzoek(c.casusId, c.ouder, 'VERWIJDERING');
    const b = await ok<{ rechtenverzoekBesluiten: Verzoek }>(await po(), BESLUIT, {
      i: {
        verzoekId: v.id,
        besluit: 'AFGEWEZEN',
        motivering: 'Aanmerkelijk belang van het kind: VT moet het dossier bewaren.',
      },
    });
    expect(b.rechtenverzoekBesluiten).toMatchObject({
      status: 'AFGEWEZEN',
      besluitMotivering: expect.stringContaining('belang'),
    });
    expect(Number((await app.sql(`select count(*)::int as n from persoon where id = $1`, [c.ouder]))[0].n)).toBe(1);
  });

  it('weigert een persoon buiten de casus en de VT-medewerker; niets verandert', async () => {
    const c = await casus();
    const ander = await casus();
    const voor = await app.sql(`select count(*)::int as n from rechtenverzoek`);
    const r = await app.gql(await po(), REGISTREER, {
      i: {
        casusId: c.casusId,
        soort: 'AFSCHRIFT',
        verzoeker: 'BETROKKENE',
        persoonId: ander.ouder,
        omschrijving: 'x',
        ontvangenOp: '2026-03-10',
      },
    });
    expect(r.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const m = await app.gql(await vt(), REGISTREER, {
      i: {
        casusId: c.casusId,
        soort: 'AFSCHRIFT',
        verzoeker: 'BETROKKENE',
        persoonId: c.ouder,
        omschrijving: 'x',
        ontvangenOp: '2026-03-10',
      },
    });
    expect(m.body.errors).toBeDefined();
    expect(await app.sql(`select count(*)::int as n from rechtenverzoek`)).toEqual(voor);
  });
});

describe('afschrift', () => {
  it('bevat het dossier van de persoon en wie het inzag, zonder anonieme melder of ander huishouden (JSON en HTML)', async () => {
    const c = await casus({ anonimiteit: 'ANONIEM_NAAR_GEZIN', naam: 'Geheime Buurvrouw', telefoon: '+31 6 99999999' });
    const ander = await casus();
    const [anderePersoon] = await app.sql(`select bsn, achternaam from persoon where id = $1`, [ander.ouder]);
    // A read by the worker lands in the audit trail.
    await ok(await vt(), `query($id: ID!) { casus(id: $id) { id persoonIds } }`, { id: c.casusId });
    const v = await verzoek(c.casusId, c.ouder, 'AFSCHRIFT');
    const vooraf = await app.gql(await po(), `query($id: ID!) { afschrift(verzoekId: $id) }`, { id: v.id });
    expect(vooraf.body.errors?.[0].extensions).toMatchObject({ reden: 'GEEN_TOEGEKEND_AFSCHRIFT' });
    await besluit(v.id);
    const j = await ok<{
      afschrift: Record<string, unknown> & {
        persoon: Record<string, unknown>;
        meldingen: Record<string, unknown>[];
        inzage: Record<string, unknown>[];
      };
    }>(await po(), `query($id: ID!) { afschrift(verzoekId: $id) }`, { id: v.id });
    const a = j.afschrift;
    const [zelf] = await app.sql(`select bsn from persoon where id = $1`, [c.ouder]);
    expect(a.persoon).toMatchObject({ bsn: zelf.bsn, voornamen: 'Peter' });
    expect(a.meldingen).toHaveLength(1);
    expect(a.meldingen[0]).toMatchObject({ melder: 'anoniem', melderNaam: null, uwRollen: ['PLEGER'] });
    expect(a.inzage.some((i) => i.organisatie === 'VT14' && i.rol === 'VT_MEDEWERKER' && i.actie === 'R')).toBe(true);
    const tekst = JSON.stringify(a);
    for (const verboden of ['Geheime Buurvrouw', '99999999', String(anderePersoon.bsn), ander.ouder, ander.casusId]) {
      expect(tekst).not.toContain(verboden);
    }
    // The readable document, downloaded with the privacy officer's token; audited.
    const res = await fetch(`${basis()}/afschrift/${v.id}`, { headers: { authorization: `Bearer ${await po()}` } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    writeFileSync(join(kijkmap, 'afschrift.html'), html);
    expect(html).toContain('Afschrift van uw gegevens');
    expect(html).toContain('Wie heeft uw dossier ingezien');
    expect(html).not.toMatch(/<script|https?:\/\/|Geheime Buurvrouw/);
    for (const verboden of [String(anderePersoon.bsn), ander.ouder]) expect(html).not.toContain(verboden);
    const audit = await app.sql(
      `select velden from audit_gebeurtenis where gebeurtenis = 'AFSCHRIFT_VERSTREKKEN' and object_id = $1`,
      [v.id],
    );
    expect(audit.map((r) => r.velden)).toEqual([['afschrift:JSON'], ['afschrift:HTML']]);
    // Anyone else: refused.
    const mw = await fetch(`${basis()}/afschrift/${v.id}`, { headers: { authorization: `Bearer ${await vt()}` } });
    expect(mw.status).toBe(403);
    const geen = await fetch(`${basis()}/afschrift/${v.id}`);
    expect(geen.status).toBe(401);
  });

  it('het afschrift van de melder bevat alleen de eigen melding, geen personen', async () => {
    const c = await casus();
    const r = await ok<{ rechtenverzoekRegistreren: Verzoek }>(await po(), REGISTREER, {
      i: {
        casusId: c.casusId,
        soort: 'AFSCHRIFT',
        verzoeker: 'MELDER',
        meldingId: c.meldingId,
        omschrijving: 'Mijn melding.',
        ontvangenOp: '2026-03-10',
      },
    });
    await besluit(r.rechtenverzoekRegistreren.id);
    const res = await fetch(`${basis()}/afschrift/${r.rechtenverzoekRegistreren.id}?formaat=json`, {
      headers: { authorization: `Bearer ${await po()}` },
    });
    const a = (await res.json()) as Record<string, unknown> & { melder: Record<string, unknown> };
    expect(a.persoon).toBeNull();
    expect(a.melder).toMatchObject({ naam: 'J. de Leraar' });
    const [kind] = await app.sql(`select bsn from persoon where id = $1`, [c.kind]);
    expect(JSON.stringify(a)).not.toContain(String(kind.bsn));
    expect(JSON.stringify(a)).not.toContain('Sara');
  });
});

describe('aanvullen en verbeteren', () => {
  it('bewaart het origineel, de verbetering en de zienswijze naast de tekst van VT, met wie en waarom', async () => {
    const c = await casus();
    const v = await verzoek(c.casusId, c.ouder, 'VERBETEREN');
    await besluit(v.id);
    const CORRIGEER = `mutation($i: GegevensCorrigerenInvoer!) { gegevensCorrigeren(invoer: $i) { id status } }`;
    await ok(await po(), CORRIGEER, {
      i: { verzoekId: v.id, soort: 'VERBETERING', veld: 'ACHTERNAAM', tekst: 'Janssen', reden: 'Spelfout' },
    });
    await ok(await po(), CORRIGEER, {
      i: {
        verzoekId: v.id,
        soort: 'ZIENSWIJZE',
        veld: 'OMSCHRIJVING',
        meldingId: c.meldingId,
        tekst: 'Ik heb nooit geslagen.',
        reden: 'Eigen zienswijze',
      },
    });
    expect((await app.sql(`select achternaam from persoon where id = $1`, [c.ouder]))[0].achternaam).toBe('Janssen');
    const h = await ok<{ gegevenscorrecties: Record<string, unknown>[] }>(
      await vt(),
      `query($id: ID!) { gegevenscorrecties(objectId: $id) { soort veld origineel correctie zienswijze reden door } }`,
      { id: c.ouder },
    );
    expect(h.gegevenscorrecties).toEqual([
      {
        soort: 'VERBETERING',
        veld: 'ACHTERNAAM',
        origineel: 'Jansen',
        correctie: 'Janssen',
        zienswijze: null,
        reden: 'Spelfout',
        door: 'po-1',
      },
    ]);
    const m = await ok<{ gegevenscorrecties: Record<string, unknown>[] }>(
      await po(),
      `query($id: ID!) { gegevenscorrecties(objectId: $id) { soort origineel zienswijze } }`,
      { id: c.meldingId },
    );
    expect(m.gegevenscorrecties[0]).toMatchObject({ soort: 'ZIENSWIJZE', zienswijze: 'Ik heb nooit geslagen.' });
    // VT's text is unchanged beside the view.
    expect((await app.sql(`select omschrijving from melding where id = $1`, [c.meldingId]))[0].omschrijving).toContain(
      'blauwe plekken',
    );
    // A correction on a request of another kind is refused.
    const a = await verzoek(c.casusId, c.ouder, 'AANVULLEN');
    await besluit(a.id);
    const fout = await app.gql(await po(), CORRIGEER, {
      i: { verzoekId: a.id, soort: 'VERBETERING', veld: 'ACHTERNAAM', tekst: 'X', reden: 'y' },
    });
    expect(fout.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('beperking en bezwaar', () => {
  for (const soort of ['BEPERKING', 'BEZWAAR']) {
    it(`${soort}: alleen de behandelaar en de privacy officer, geen partner, geen gebeurtenis; opheffen herstelt`, async () => {
      const c = await casus();
      // The wijkteam accepted an overdracht before the restriction.
      await app
        .sql(
          `insert into overdracht (id, vt_organisatie, casus_id, soort, status, ontvanger, persoon_ids, met_veiligheidsafspraken, toelichting, aangeboden_op, aangeboden_door, reageren_voor, besluit_op, besluit_door, versie)
         values (gen_random_uuid(), 'VT14', $1, 'WARME_OVERDRACHT', 'GEACCEPTEERD', 'WT-R', $2, false, 'x', now(), 'mw', now() + interval '5 days', now(), 'wt', 1)`,
          [c.casusId, `{${c.ouder}}`],
        )
        .catch(() => undefined);
      const v = await verzoek(c.casusId, c.ouder, soort);
      const b = await besluit(v.id);
      expect(b.casusBeperkt).toBe(true);
      // The assigned worker still reads; the teamleider no longer does.
      await ok(await vt(), `query($id: ID!) { casus(id: $id) { id } }`, { id: c.casusId });
      const tl = await app.gql(
        await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl' }),
        `query($id: ID!) { casus(id: $id) { id } }`,
        {
          id: c.casusId,
        },
      );
      expect(tl.body.errors?.[0].extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
      // A partner's scope sees no overdracht of the casus (row-level security).
      const zicht = await app.orm.em.fork().transactional(async (tx) => {
        const conn = tx.getConnection();
        await conn.execute(
          `select set_config('role', 'ketenpoort_app', true), set_config('ketenpoort.vt_organisatie', '', true), set_config('ketenpoort.partner_organisatie', 'WT-R', true)`,
          [],
          'run',
          tx.getTransactionContext(),
        );
        return conn.execute(
          `select count(*)::int as n from overdracht where casus_id = ?`,
          [c.casusId],
          'all',
          tx.getTransactionContext(),
        );
      });
      expect(zicht).toEqual([{ n: 0 }]);
      // No event leaves for it.
      const id = await app.orm.em.fork().transactional((tx) =>
        schrijfGebeurtenis(tx, {
          ontvanger: 'WT-R',
          type: 'overdracht.herinnering',
          objectType: 'Overdracht',
          objectId: 'o',
          vtOrganisatie: 'VT14',
          casusId: c.casusId,
          op: app.clock.now(),
        }),
      );
      expect(id).toBeNull();
      // Lifting it restores the region's access.
      const o = await ok<{ verwerkingsbeperkingOpheffen: Verzoek }>(
        await po(),
        `mutation($id: ID!) { verwerkingsbeperkingOpheffen(verzoekId: $id, reden: "Bezwaar gewogen") { ${VELDEN} } }`,
        { id: v.id },
      );
      expect(o.verwerkingsbeperkingOpheffen.casusBeperkt).toBe(false);
      await ok(await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl' }), `query($id: ID!) { casus(id: $id) { id } }`, {
        id: c.casusId,
      });
    });
  }
});
