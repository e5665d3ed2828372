import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { geldigBsn, meldingInvoer } from '../helpers/fabriek';
import { okAntwoord, partnerToken, registreerPartners } from '../helpers/partners';
import { startTestApp, type TestApp } from '../helpers/testapp';

/** Where the rendered documents are written, to be looked at (a folder of its own per run). */
const kijkmap = mkdtempSync(join(tmpdir(), 'ketenpoort-afschrift-'));

/**
 * Issue 17.2: the afschrift holds everything Ketenpoort holds about the person, checked part by part against one
 * household that went through every step (melding with an anonymous melder, veiligheidsbeoordeling, voorwaarden en
 * vervolg with an agreement, overdracht to the wijkteam, Handle with Care, ZSM, tijdelijk huisverbod with VT's advice
 * and plan, Aware for the mother, monitoring), and what it must leave out: the anonymous melder, the other persons of
 * the household (their BSN, ids, the Aware alarm that protects the mother against the father), another household.
 * The readable document (HTML) is checked for its structure, and written to a temporary folder to be looked at.
 */
let app: TestApp;
const beh = (): Promise<string> => app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-afschrift' });
const po = (): Promise<string> => app.token('PRIVACY_OFFICER', 'VT14', { sub: 'po-afschrift' });
const ok = <T = Record<string, unknown>>(t: string, q: string, v?: Record<string, unknown>): Promise<T> =>
  okAntwoord<T>(app, t, q, v);
const basis = (): string => app.url.replace(/\/graphql$/, '');

interface Gezin {
  casusId: string;
  vader: string;
  moeder: string;
  kind: string;
  bsn: { vader: string; moeder: string; kind: string };
}

async function gezin(rijk: boolean): Promise<Gezin> {
  const bsn = { vader: geldigBsn(), moeder: geldigBsn(), kind: geldigBsn() };
  const t = await beh();
  const m = (
    await ok<{
      meldingRegistreren: { id: string; casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] };
    }>(
      t,
      `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId betrokkenen { rollen persoon { id } } } }`,
      {
        i: meldingInvoer({
          melder: { anonimiteit: 'ANONIEM_NAAR_GEZIN', naam: 'Geheime Buurvrouw', telefoon: '+31 6 99999999' },
          betrokkenen: [
            {
              rollen: ['KIND', 'SLACHTOFFER'],
              persoon: { bsn: bsn.kind, voornamen: 'Sara', achternaam: 'Visser', geboortedatum: '2018-05-04' },
            },
            {
              rollen: ['PLEGER'],
              persoon: { bsn: bsn.vader, voornamen: 'Peter', achternaam: 'Visser', geboortedatum: '1984-11-23' },
            },
            {
              rollen: ['SLACHTOFFER'],
              persoon: { bsn: bsn.moeder, voornamen: 'Anna', achternaam: 'Visser', geboortedatum: '1986-02-14' },
            },
          ],
        }),
      },
    )
  ).meldingRegistreren;
  const id = (r: string, i = 0): string => m.betrokkenen.filter((b) => b.rollen.includes(r))[i].persoon.id;
  const g = { casusId: m.casusId, kind: id('KIND'), vader: id('PLEGER'), moeder: m.betrokkenen[2].persoon.id, bsn };
  await ok(
    t,
    `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { __typename } }`,
    {
      i: {
        meldingId: m.id,
        taxatie: 'STRUCTURELE_ONVEILIGHEID',
        uitkomst: 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS',
        vervolg: 'VOORWAARDEN_EN_VERVOLG',
        toelichting: 'Herhaald geweld door vader; moeder wil hulp.',
      },
    },
  );
  if (!rijk) return g;
  await ok(t, `mutation($i: VeiligheidsafspraakInvoer!) { veiligheidsafspraakVastleggen(invoer: $i) { __typename } }`, {
    i: {
      casusId: g.casusId,
      omschrijving: 'Vader komt niet in de woning.',
      overeengekomenOp: '2026-03-10',
      partijen: ['vader', 'moeder'],
    },
  });
  const o = await ok<{ overdrachtAanbieden: { id: string } }>(
    t,
    `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
    {
      i: {
        casusId: g.casusId,
        soort: 'WARME_OVERDRACHT',
        ontvanger: 'WT-A',
        persoonIds: [g.vader, g.moeder, g.kind],
        metVeiligheidsafspraken: true,
        toelichting: 'Gezin wil hulp.',
        grondslag: 'WMO_OVERDRACHT',
      },
    },
  );
  const wt = await partnerToken(app, 'WT-A');
  await ok(wt, `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { __typename } }`, {
    id: o.overdrachtAanbieden.id,
  });
  for (let i = 0; i < 3; i++) {
    await ok(wt, `query($id: ID!) { overdracht(id: $id) { id inhoud { personen { voornamen achternaam } } } }`, {
      id: o.overdrachtAanbieden.id,
    });
  }
  await ok(t, `mutation($i: HwcSignaalInvoer!) { hwcSignaalVersturen(invoer: $i) { id } }`, {
    i: {
      casusId: g.casusId,
      persoonId: g.kind,
      school: 'SCHOOL-A',
      incidentdatum: '2026-03-09',
      grondslag: 'Convenant',
    },
  });
  const z = await ok<{ zsmVerzoekIndienen: { id: string; personen: { id: string }[] } }>(
    await partnerToken(app, 'OM-A'),
    `mutation($i: ZsmVerzoekInvoer!) { zsmVerzoekIndienen(invoer: $i) { id personen { id } } }`,
    {
      i: {
        vtOrganisatie: 'VT14',
        reden: 'Verdachte.',
        inverzekeringstellingEindigtOp: '2026-03-12T12:00:00Z',
        personen: [{ bsn: bsn.vader }],
      },
    },
  );
  await ok(t, `mutation($i: ZsmAntwoordInvoer!) { zsmVerzoekBeantwoorden(invoer: $i) { __typename } }`, {
    i: { verzoekId: z.zsmVerzoekIndienen.id, personen: [] },
  });
  const hv = await ok<{ huisverbodRegistreren: { id: string } }>(
    t,
    `mutation($i: HuisverbodRegistrerenInvoer!) { huisverbodRegistreren(invoer: $i) { id } }`,
    {
      i: {
        casusId: g.casusId,
        uithuisgeplaatstePersoonId: g.vader,
        achterblijverPersoonIds: [g.moeder, g.kind],
        opgelegdOp: '2026-03-09T22:00:00+01:00',
        gemeente: 'OOV-A',
        politie: 'POL-A',
        rihgReferentie: 'RiHG-1',
      },
    },
  );
  await ok(t, `mutation($i: HuisverbodBijwerkenInvoer!) { huisverbodBijwerken(invoer: $i) { __typename } }`, {
    i: {
      huisverbodId: hv.huisverbodRegistreren.id,
      gesprekUithuisgeplaatsteOp: '2026-03-10',
      gesprekAchterblijversOp: '2026-03-10',
      informatieDerden: 'De huisarts van de buurvrouw meldt zorgen.',
      veiligheidsplan: 'Vader woont bij zijn broer; contact met de kinderen alleen via het wijkteam.',
    },
  });
  await ok(t, `mutation($i: HuisverbodAdviesInvoer!) { huisverbodAdviseren(invoer: $i) { __typename } }`, {
    i: { huisverbodId: hv.huisverbodRegistreren.id, advies: 'NIET_VERLENGEN', toelichting: 'Het plan werkt.' },
  });
  const aw = await ok<{ awareAanvraagRegistreren: { id: string } }>(
    t,
    `mutation($i: AwareAanvraagInvoer!) { awareAanvraagRegistreren(invoer: $i) { id } }`,
    {
      i: {
        casusId: g.casusId,
        slachtofferPersoonId: g.moeder,
        commissie: 'AWARE-A',
        dreiging: 'EX_PARTNER',
        onderbouwing: 'Dreiging door vader.',
      },
    },
  );
  await ok(t, `mutation($id: ID!) { awareAanvraagVoorleggen(aanvraagId: $id) { __typename } }`, {
    id: aw.awareAanvraagRegistreren.id,
  });
  await ok(t, `mutation($i: CasusOvergangInvoer!) { casusOvergang(invoer: $i) { fase } }`, {
    i: {
      casusId: g.casusId,
      naar: 'MONITORING',
      toelichting: 'Monitoren.',
      overdracht: { ontvangendePartij: 'Wijkteam A', contactBevestigdOp: '2026-03-10' },
    },
  });
  await ok(t, `mutation($i: MonitoringcontactInvoer!) { monitoringcontactVastleggen(invoer: $i) { __typename } }`, {
    i: {
      casusId: g.casusId,
      contactOp: '2026-03-10',
      uitkomst: 'VEILIG_STABIEL',
      toelichting: 'Rust in huis; moeder tevreden.',
    },
  });
  // The teamleider reads the casus twice (one line, "2 keer").
  const tl = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-afschrift' });
  for (let i = 0; i < 2; i++) await ok(tl, `query($id: ID!) { casus(id: $id) { id persoonIds } }`, { id: g.casusId });
  return g;
}

type Afschrift = Record<string, unknown> &
  Record<
    | 'meldingen'
    | 'veiligheidsbeoordelingen'
    | 'veiligheidsafspraken'
    | 'monitoring'
    | 'huisverboden'
    | 'aware'
    | 'overdrachten'
    | 'handleWithCare'
    | 'zsm'
    | 'diensten'
    | 'inzage',
    Record<string, unknown>[]
  >;

async function afschrift(g: Gezin, persoonId: string, formaat: 'json' | 'html'): Promise<string> {
  const v = await ok<{ rechtenverzoekRegistreren: { id: string } }>(
    await po(),
    `mutation($i: RechtenverzoekInvoer!) { rechtenverzoekRegistreren(invoer: $i) { id } }`,
    {
      i: {
        casusId: g.casusId,
        soort: 'AFSCHRIFT',
        verzoeker: 'BETROKKENE',
        persoonId,
        omschrijving: 'Afschrift.',
        ontvangenOp: '2026-03-10',
      },
    },
  );
  await ok(
    await po(),
    `mutation($i: RechtenverzoekBesluitInvoer!) { rechtenverzoekBesluiten(invoer: $i) { __typename } }`,
    {
      i: { verzoekId: v.rechtenverzoekRegistreren.id, besluit: 'TOEGEKEND', motivering: 'Recht op inzage.' },
    },
  );
  const res = await fetch(
    `${basis()}/afschrift/${v.rechtenverzoekRegistreren.id}${formaat === 'json' ? '?formaat=json' : ''}`,
    {
      headers: { authorization: `Bearer ${await po()}` },
    },
  );
  expect(res.status).toBe(200);
  return res.text();
}

let g: Gezin;
let ander: Gezin;
beforeAll(async () => {
  app = await startTestApp();
  await registreerPartners(app);
  g = await gezin(true);
  ander = await gezin(false);
}, 120_000);
afterAll(() => app.stop());

describe('het afschrift bevat alles over de persoon, en niets van een ander', () => {
  it('vader: elk deel van het dossier; geen anonieme melder, geen moeder of kind, geen Aware van de moeder, geen ander gezin', async () => {
    const a = JSON.parse(await afschrift(g, g.vader, 'json')) as Afschrift;
    expect(a.meldingen).toEqual([
      expect.objectContaining({ melder: 'anoniem', melderNaam: null, hoedanigheidMelder: null, uwRollen: ['PLEGER'] }),
    ]);
    expect(a.veiligheidsbeoordelingen).toEqual([
      expect.objectContaining({
        taxatie: 'STRUCTURELE_ONVEILIGHEID',
        uitkomst: 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS',
        toelichting: expect.stringContaining('Herhaald'),
      }),
    ]);
    expect(a.veiligheidsafspraken).toEqual([
      expect.objectContaining({ omschrijving: 'Vader komt niet in de woning.', overeengekomenOp: '2026-03-10' }),
    ]);
    expect(a.monitoring).toEqual([expect.objectContaining({ contactOp: '2026-03-10', uitkomst: 'VEILIG_STABIEL' })]);
    expect(a.diensten.map((d) => d.soort)).toEqual(expect.arrayContaining(['VOORWAARDEN_EN_VERVOLG']));
    expect(a.overdrachten).toEqual([
      expect.objectContaining({ ontvanger: 'WT-A', status: 'GEACCEPTEERD', aangebodenOp: expect.any(String) }),
    ]);
    expect(a.zsm).toEqual([expect.objectContaining({ aanvrager: 'OM-A', bekendBijVt: true })]);
    expect(a.handleWithCare).toEqual([]); // the signal was about the child
    expect(a.huisverboden).toEqual([
      expect.objectContaining({
        uwRol: 'UITHUISGEPLAATST',
        advies: 'NIET_VERLENGEN',
        veiligheidsplan: expect.stringContaining('broer'),
      }),
    ]);
    expect(a.aware).toEqual([]);
    const tekst = JSON.stringify(a);
    for (const verboden of [
      'Geheime Buurvrouw',
      '99999999',
      'huisarts van de buurvrouw', // information of third parties
      g.bsn.moeder,
      g.bsn.kind,
      g.moeder,
      g.kind,
      ander.bsn.vader,
      ander.vader,
      ander.casusId,
    ]) {
      expect(tekst, verboden).not.toContain(verboden);
    }
  });

  it('moeder: haar Aware-aanvraag en haar rol bij het huisverbod; het kind: het Handle with Care-bericht', async () => {
    const m = JSON.parse(await afschrift(g, g.moeder, 'json')) as Afschrift;
    expect(m.aware).toEqual([
      expect.objectContaining({ commissieNaam: expect.any(String), status: 'IN_BEHANDELING_COMMISSIE' }),
    ]);
    expect(m.huisverboden).toEqual([expect.objectContaining({ uwRol: 'ACHTERBLIJVER' })]);
    expect(m.zsm).toEqual([]);
    expect(JSON.stringify(m)).not.toContain(g.bsn.vader);
    const k = JSON.parse(await afschrift(g, g.kind, 'json')) as Afschrift;
    expect(k.handleWithCare).toEqual([expect.objectContaining({ school: 'SCHOOL-A', incidentdatum: '2026-03-09' })]);
    expect(k.aware).toEqual([]);
  });

  it('het leesbare afschrift: elk deel een kop; inzage per organisatie en per deel, Nederlandse data, korte grondslag, geen ids of codes', async () => {
    const html = await afschrift(g, g.vader, 'html');
    writeFileSync(join(kijkmap, 'afschrift-vader.html'), html);
    const koppen = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((x) => x[1]);
    expect(koppen).toEqual([
      'Uw gegevens',
      'Meldingen over u',
      'Veiligheidsbeoordeling',
      'Het dossier',
      'Wat Veilig Thuis deed',
      'Veiligheidsafspraken',
      'Contact na afloop (monitoring)',
      'Overdrachten aan andere organisaties',
      'Handle with Care: berichten aan school',
      'Uitwisseling met politie en OM (ZSM)',
      'Tijdelijk huisverbod',
      'Aware-alarm',
      'Aanvullingen en verbeteringen',
      'Wie heeft uw dossier ingezien',
    ]);
    const inzage = html.slice(html.indexOf('<h2>Wie heeft uw dossier ingezien</h2>'));
    // An overview, then one section per organisation with a table per part of the file: four columns.
    expect(inzage).toContain('<caption>Overzicht</caption>');
    const organisaties = [...inzage.matchAll(/<h3>([^<]+)<\/h3>/g)].map((x) => x[1]);
    expect(organisaties).toEqual(
      expect.arrayContaining(['Veilig Thuis Gooi en Vechtstreek', 'Testorganisatie WT-A', 'Testorganisatie OM-A']),
    );
    expect(new Set(organisaties).size).toBe(organisaties.length);
    for (const kop of inzage.matchAll(/<table class="inzage">.*?<\/thead>/g)) {
      expect(kop[0].match(/<th /g)).toHaveLength(4);
    }
    expect(inzage).toContain('<caption>Overdracht aan een andere organisatie</caption>');
    // The wijkteam read the handover's persons three times: one line in its own section.
    const wijkteam = inzage.slice(inzage.indexOf('<h3>Testorganisatie WT-A</h3>'));
    expect(wijkteam).toMatch(/Medewerker van het wijkteam<\/td><td>ingezien <span class="klein">\(3 keer\)<\/span>/);
    expect(inzage).toMatch(/Teamleider van Veilig Thuis<\/td><td>ingezien <span class="klein">\(2 keer\)<\/span>/);
    expect(inzage).toMatch(/\d{1,2} maart 2026/);
    expect(inzage).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(inzage).not.toMatch(/VT_MEDEWERKER|WIJKTEAM_MEDEWERKER|WMO_OVERDRACHT|2026-03-\d\dT/);
    expect(inzage).toContain(
      'Overdracht aan deze organisatie<br><span class="klein">Wmo 2015: warme overdracht</span>',
    );
    expect(html).not.toMatch(/<script|https?:\/\/|Geheime Buurvrouw|huisarts van de buurvrouw/);
    writeFileSync(join(kijkmap, 'afschrift-moeder.html'), await afschrift(g, g.moeder, 'html'));
  });
});
