import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { casusInzageService } from '../../src/casussen/casus-inzage.service';
import { meldingService } from '../../src/meldingen/melding.service';
import { privacybeleid } from '../../src/modules';
import { geldigBsn, meldingInvoer } from '../helpers/fabriek';
import { startTestApp, type GqlAntwoord, type TestApp } from '../helpers/testapp';

/**
 * Need-to-know inside a region (issue 11, point 4): a VT medewerker reads a casus and its content only as behandelaar,
 * as a member of its team or under noodtoegang; teamleider and vertrouwensarts read the region; anyone else of the
 * region learns only that a casus exists and who is assigned (casusZoeken, audited).
 */
let app: TestApp;

const MERK = `NTK-${Date.now().toString(36)}`;
const ACHTERNAAM = `Geheimzorg${Date.now().toString(36)}`;

type Tokens = Record<'beh' | 'vreemd' | 'teamlid' | 'tl' | 'va' | 'vt09', string>;
let t: Tokens;

/** Everything of one casus a worker could read: the melding, assessment, overdracht, HwC signal, an advies turned melding. */
interface Casus {
  casusId: string;
  meldingId: string;
  tweedeMeldingId: string;
  adviesId: string;
  overdrachtId: string;
  signaalId: string;
  huisverbodId: string;
  awareId: string;
  melderToegangId: string;
  kind: string;
  kindBsn: string;
  persoonIds: string[];
}
let a: Casus;

/** What a client sees of an error (without the development stack trace). */
const kern = (r: GqlAntwoord): unknown => {
  const e = r.body.errors?.[0];
  return e && { message: e.message, code: e.extensions?.code, reden: e.extensions?.reden };
};
const ok = <T>(r: GqlAntwoord<T>): T => {
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return r.body.data as T;
};

async function registreer(
  token: string,
  invoer: Record<string, unknown>,
): Promise<{ id: string; casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] }> {
  const r = await app.gql<{
    meldingRegistreren: { id: string; casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] };
  }>(
    token,
    `mutation R($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId betrokkenen { rollen persoon { id } } } }`,
    { i: invoer },
  );
  return ok(r).meldingRegistreren;
}

/** A casus with content of every kind, registered and worked by `token` (its behandelaar). */
async function volleCasus(token: string): Promise<Casus> {
  const kindBsn = geldigBsn();
  const invoer = meldingInvoer({
    omschrijving: `${MERK}: blauwe plekken bij het kind.`,
    melder: {
      anonimiteit: 'ANONIEM_NAAR_GEZIN',
      toestemmingBekendmaking: false,
      naam: `Buurvrouw ${MERK}`,
      telefoon: '0612345678',
    },
  });
  (invoer.betrokkenen as { persoon: Record<string, unknown> }[])[0].persoon = {
    bsn: kindBsn,
    voornamen: 'Sara',
    achternaam: ACHTERNAAM,
    geboortedatum: '2018-05-04',
    adres: { straat: 'Kerkstraat', huisnummer: '12', postcode: '1211 AB', woonplaats: 'Hilversum' },
  };
  const m = await registreer(token, invoer);
  const kind = m.betrokkenen.find((b) => b.rollen.includes('KIND'))!.persoon.id;
  ok(
    await app.gql(
      token,
      `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
      {
        i: {
          meldingId: m.id,
          taxatie: 'STRUCTURELE_ONVEILIGHEID',
          uitkomst: 'OVERDRACHT',
          toelichting: `${MERK}: beoordeeld.`,
        },
      },
    ),
  );
  // Informing the reported person is postponed, with a weighing that names the casus (the termijn stays open).
  ok(
    await app.gql(
      token,
      `mutation($i: BetrokkeneInformerenInvoer!) { betrokkeneInformerenVastleggen(invoer: $i) { id } }`,
      {
        i: {
          meldingId: m.id,
          uitkomst: 'UITGESTELD',
          reden: 'VEILIGHEID_KIND',
          uitgesteldTot: '2026-03-20',
          toelichting: `${MERK}: eerst de veiligheid van het kind.`,
        },
      },
    ),
  );
  const persoonIds = ok(
    await app.gql<{ casus: { persoonIds: string[] } }>(token, `query($id: ID!) { casus(id: $id) { persoonIds } }`, {
      id: m.casusId,
    }),
  ).casus.persoonIds;
  const o = ok(
    await app.gql<{ overdrachtAanbieden: { id: string } }>(
      token,
      `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
      {
        i: {
          casusId: m.casusId,
          soort: 'WARME_OVERDRACHT',
          ontvanger: 'WT-NTK',
          persoonIds,
          metVeiligheidsafspraken: false,
          toelichting: `${MERK}: moeder wil hulp.`,
          grondslag: 'WMO_OVERDRACHT',
        },
      },
    ),
  ).overdrachtAanbieden;
  const s = ok(
    await app.gql<{ hwcSignaalVersturen: { id: string } }>(
      token,
      `mutation($i: HwcSignaalInvoer!) { hwcSignaalVersturen(invoer: $i) { id } }`,
      {
        i: {
          casusId: m.casusId,
          persoonId: kind,
          school: 'SCHOOL-NTK',
          incidentdatum: '2026-03-09',
          grondslag: 'Convenant Handle with Care',
        },
      },
    ),
  ).hwcSignaalVersturen;
  const advies = ok(
    await app.gql<{ adviesRegistreren: { id: string } }>(
      token,
      `mutation($i: AdviesInvoer!) { adviesRegistreren(invoer: $i) { id } }`,
      {
        i: {
          ontvangenOp: '2026-03-09T10:00:00+01:00',
          kanaal: 'TELEFOON',
          hoedanigheidAdviesvrager: 'BEROEPSMATIG',
          organisatieAdviesvrager: 'ONDERWIJS',
          aardGeweld: ['KINDERMISHANDELING'],
          omschrijving: `${MERK}: advies over Sara.`,
        },
      },
    ),
  ).adviesRegistreren;
  // The advies becomes a vervolgmelding about the same child: it joins the casus.
  const tweede = ok(
    await app.gql<{ adviesOmzettenInMelding: { id: string; casusId: string } }>(
      token,
      `mutation($id: ID!, $m: MeldingInvoer!) { adviesOmzettenInMelding(adviesId: $id, melding: $m) { id casusId } }`,
      {
        id: advies.id,
        m: meldingInvoer({
          omschrijving: `${MERK}: de school belt opnieuw.`,
          betrokkenen: [{ rollen: ['KIND', 'SLACHTOFFER'], persoon: { bsn: kindBsn, achternaam: ACHTERNAAM } }],
        }),
      },
    ),
  ).adviesOmzettenInMelding;
  expect(tweede.casusId).toBe(m.casusId);
  const hv = ok(
    await app.gql<{ huisverbodRegistreren: { id: string } }>(
      token,
      `mutation($i: HuisverbodRegistrerenInvoer!) { huisverbodRegistreren(invoer: $i) { id } }`,
      {
        i: {
          casusId: m.casusId,
          uithuisgeplaatstePersoonId: persoonIds.find((p) => p !== kind),
          achterblijverPersoonIds: [kind],
          opgelegdOp: '2026-03-09T22:00:00+01:00',
          gemeente: 'GM-NTK',
          rihgReferentie: `${MERK}: RiHG`,
        },
      },
    ),
  ).huisverbodRegistreren;
  const aware = ok(
    await app.gql<{ awareAanvraagRegistreren: { id: string } }>(
      token,
      `mutation($i: AwareAanvraagInvoer!) { awareAanvraagRegistreren(invoer: $i) { id } }`,
      {
        i: {
          casusId: m.casusId,
          slachtofferPersoonId: kind,
          commissie: 'AWARE-NTK',
          dreiging: 'STALKING',
          onderbouwing: `${MERK}: Aware voor Sara.`,
        },
      },
    ),
  ).awareAanvraagRegistreren;
  // The melder gets an access and adds to the melding (src/melders): what they add is case content for VT.
  const mt = ok(
    await app.gql<{ melderToegangUitgeven: { id: string; geheim: string } }>(
      token,
      `mutation($id: ID!) { melderToegangUitgeven(meldingId: $id) { id geheim } }`,
      { id: m.id },
    ),
  ).melderToegangUitgeven;
  ok(
    await app.gql(
      `Melder ${mt.geheim}`,
      `mutation($t: Tekst!) { aanvullingToevoegen(invoer: { soort: AANVULLING, tekst: $t }) { id } }`,
      { t: `${MERK}: de melder vult aan.` },
    ),
  );
  // A data subject's own view beside the melding (src/rechten): its history is case content for VT.
  const po = await app.token('PRIVACY_OFFICER', 'VT14', { sub: 'po-ntk' });
  const verzoek = ok(
    await app.gql<{ rechtenverzoekRegistreren: { id: string } }>(
      po,
      `mutation($i: RechtenverzoekInvoer!) { rechtenverzoekRegistreren(invoer: $i) { id } }`,
      {
        i: {
          casusId: m.casusId,
          soort: 'AANVULLEN',
          verzoeker: 'BETROKKENE',
          persoonId: persoonIds[0],
          omschrijving: 'Eigen kant toevoegen.',
          ontvangenOp: '2026-03-10',
        },
      },
    ),
  ).rechtenverzoekRegistreren;
  ok(
    await app.gql(po, `mutation($i: RechtenverzoekBesluitInvoer!) { rechtenverzoekBesluiten(invoer: $i) { id } }`, {
      i: { verzoekId: verzoek.id, besluit: 'TOEGEKEND', motivering: 'Gewogen.' },
    }),
  );
  ok(
    await app.gql(po, `mutation($i: GegevensCorrigerenInvoer!) { gegevensCorrigeren(invoer: $i) { id } }`, {
      i: {
        verzoekId: verzoek.id,
        soort: 'ZIENSWIJZE',
        veld: 'OMSCHRIJVING',
        meldingId: m.id,
        tekst: `${MERK}: de zienswijze van de betrokkene.`,
        reden: 'Eigen zienswijze',
      },
    }),
  );
  return {
    casusId: m.casusId,
    meldingId: m.id,
    tweedeMeldingId: tweede.id,
    adviesId: advies.id,
    overdrachtId: o.id,
    signaalId: s.id,
    huisverbodId: hv.id,
    awareId: aware.id,
    melderToegangId: mt.id,
    kind,
    kindBsn,
    persoonIds,
  };
}

beforeAll(async () => {
  app = await startTestApp();
  await app.partner('WT-NTK', 'WIJKTEAM');
  await app.partner('SCHOOL-NTK', 'SCHOOL');
  await app.partner('GM-NTK', 'GEMEENTE');
  await app.partner('AWARE-NTK', 'ZORG_EN_VEILIGHEIDSHUIS');
  // The school and the gemeente work with both regions, so that another region's casus id reaches the casus check.
  await app.sql(
    `update organisatie set regio_codes = '{VT14,VT09}' where code in ('SCHOOL-NTK', 'GM-NTK', 'AWARE-NTK')`,
  );
  t = {
    beh: await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-beh', teams: ['T-ZUID'] }),
    vreemd: await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-vreemd', teams: ['T-ZUID'] }),
    teamlid: await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-teamlid', teams: ['T-WEST', 'T-NOORD'] }),
    tl: await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-1' }),
    va: await app.token('VERTROUWENSARTS', 'VT14', { sub: 'va-1' }),
    vt09: await app.token('VT_MEDEWERKER', 'VT09', { sub: 'mw-utrecht' }),
  };
  a = await volleCasus(t.beh);
}, 60_000);
afterAll(() => app.stop());

// ------------------------------------------------------------------ every VT read path of case content

/** One read of case content: by id (refused with NIET_TOEGEWEZEN) or a list (the casus is simply absent). */
interface Lezing {
  query: string;
  vars: (c: Casus) => Record<string, unknown>;
  soort: 'id' | 'lijst';
}

const LEZINGEN: Record<string, Lezing> = {
  gegevenscorrecties: {
    soort: 'lijst',
    query: `query($id: ID!) { gegevenscorrecties(objectId: $id) { veld zienswijze origineel } }`,
    vars: (c) => ({ id: c.meldingId }),
  },
  casus: {
    soort: 'id',
    query: `query($id: ID!) { casus(id: $id) { id persoonIds meldingIds veiligheidsbeoordelingen { toelichting } } }`,
    vars: (c) => ({ id: c.casusId }),
  },
  casussen: {
    soort: 'lijst',
    query: `{ casussen(eerste: 100) { edges { node { id persoonIds veiligheidsbeoordelingen { toelichting } } } } }`,
    vars: () => ({}),
  },
  melding: {
    soort: 'id',
    query: `query($id: ID!) { melding(id: $id) { id omschrijving melder { naam } betrokkenen { persoon { bsn achternaam adres { straat } } } } }`,
    vars: (c) => ({ id: c.meldingId }),
  },
  meldingen: {
    soort: 'lijst',
    query: `{ meldingen(eerste: 100) { edges { node { id omschrijving casusId betrokkenen { persoon { bsn achternaam } } } } } }`,
    vars: () => ({}),
  },
  overdrachten: {
    soort: 'id',
    query: `query($id: ID!) { overdrachten(casusId: $id) { id casusId inhoud { toelichting personen { achternaam } } } }`,
    vars: (c) => ({ id: c.casusId }),
  },
  overdracht: {
    soort: 'id',
    query: `query($id: ID!) { overdracht(id: $id) { id casusId inhoud { toelichting personen { achternaam } } } }`,
    vars: (c) => ({ id: c.overdrachtId }),
  },
  melderTerugkoppeling: {
    soort: 'id',
    query: `query($id: ID!) { melderTerugkoppeling(meldingId: $id) { meldingId overgenomenDoor tekst } }`,
    vars: (c) => ({ id: c.meldingId }),
  },
  hwcSignalen: {
    soort: 'lijst',
    query: `{ hwcSignalen(eerste: 100) { edges { node { id casusId achternaam geboortedatum } } } }`,
    vars: () => ({}),
  },
  huisverbod: {
    soort: 'id',
    query: `query($id: ID!) { huisverbod(id: $id) { id casusId rihgReferentie achterblijverIds } }`,
    vars: (c) => ({ id: c.huisverbodId }),
  },
  huisverboden: {
    soort: 'lijst',
    query: `{ huisverboden(eerste: 100) { edges { node { id casusId rihgReferentie } } } }`,
    vars: () => ({}),
  },
  awareAanvraag: {
    soort: 'id',
    query: `query($id: ID!) { awareAanvraag(id: $id) { id casusId slachtofferId onderbouwing } }`,
    vars: (c) => ({ id: c.awareId }),
  },
  awareAanvragen: {
    soort: 'lijst',
    query: `{ awareAanvragen(eerste: 100) { edges { node { id casusId onderbouwing } } } }`,
    vars: () => ({}),
  },
  advies: {
    soort: 'id',
    query: `query($id: ID!) { advies(id: $id) { id omschrijving meldingId } }`,
    vars: (c) => ({ id: c.adviesId }),
  },
  melderAanvullingen: {
    soort: 'id',
    query: `query($id: ID!) { melderAanvullingen(meldingId: $id) { meldingId tekst } }`,
    vars: (c) => ({ id: c.meldingId }),
  },
  betrokkeneInformering: {
    soort: 'id',
    query: `query($id: ID!) { betrokkeneInformering(meldingId: $id) { meldingId uitkomst persoonIds toelichting } }`,
    vars: (c) => ({ id: c.meldingId }),
  },
  adviezen: {
    soort: 'lijst',
    query: `{ adviezen(eerste: 100) { edges { node { id omschrijving meldingId } } } }`,
    vars: () => ({}),
  },
  // The persons of this casus are known nowhere else: the list is empty, but only after need-to-know admitted the caller.
  vtRegisterTreffers: {
    soort: 'id',
    query: `query($id: ID!) { vtRegisterTreffers(casusId: $id) { organisatie { code } persoonIds lopend } }`,
    vars: (c) => ({ id: c.casusId }),
  },
};

/**
 * VT_MEDEWERKER queries that return no content of a casus a worker is not assigned to, and why. A new query for the
 * medewerker fails the completeness test below until it is added to LEZINGEN or here, with its reason.
 */
const GEEN_CASUSINHOUD: Record<string, string> = {
  ik: 'de aanroeper zelf',
  casusZoeken: 'alleen bestaan, fase en wie is toegewezen (het doel van need-to-know)',
  notificaties: 'alleen de eigen herinneringen (ids, soort, vervaldag)',
  zsmVerzoeken: 'ZSM-verzoeken aan de regio: de afgesproken ZSM-gegevensset, die ook OM/politie krijgt; geen dossier',
  zsmVerzoek: 'idem',
  huisverbodMeldingen:
    'meldingen van de politie aan de regio, nog zonder casus (zoals zsmVerzoeken): wat de politie meldde, geen dossier; het id van het geregistreerde huisverbod alleen met toegang tot de casus',
};

/** The ids and texts of casus `c` that must not appear in a response to someone who may not read it. */
const sporen = (c: Casus): string[] => [
  c.casusId,
  c.meldingId,
  c.tweedeMeldingId,
  c.overdrachtId,
  c.signaalId,
  c.huisverbodId,
  c.awareId,
  c.kindBsn,
  MERK,
  ACHTERNAAM,
  'Kerkstraat',
];

async function lees(token: string, naam: string, c: Casus): Promise<GqlAntwoord> {
  const l = LEZINGEN[naam];
  return app.gql(token, l.query, l.vars(c));
}

function geweigerd(naam: string, r: GqlAntwoord, c: Casus): void {
  const tekst = JSON.stringify(r.body);
  for (const s of sporen(c)) expect(tekst, `${naam}: ${s}`).not.toContain(s);
  if (LEZINGEN[naam].soort === 'id') {
    expect(r.body.errors?.[0]?.extensions, naam).toMatchObject({ code: 'FORBIDDEN', reden: 'NIET_TOEGEWEZEN' });
  } else {
    expect(r.body.errors, naam).toBeUndefined();
  }
}

function gezien(naam: string, r: GqlAntwoord, c: Casus, wie: string): void {
  expect(r.body.errors, `${naam} (${wie}): ${JSON.stringify(r.body.errors)}`).toBeUndefined();
  const tekst = JSON.stringify(r.body);
  const verwacht = {
    casus: c.casusId,
    casussen: c.casusId,
    melding: MERK,
    meldingen: c.meldingId,
    overdrachten: c.overdrachtId,
    overdracht: MERK,
    melderTerugkoppeling: c.meldingId,
    hwcSignalen: c.signaalId,
    huisverbod: MERK,
    huisverboden: c.huisverbodId,
    awareAanvraag: MERK,
    awareAanvragen: c.awareId,
    advies: MERK,
    adviezen: c.adviesId,
    betrokkeneInformering: MERK,
    melderAanvullingen: MERK,
    vtRegisterTreffers: '"vtRegisterTreffers":[]',
    gegevenscorrecties: MERK,
  }[naam];
  expect(tekst, `${naam} (${wie})`).toContain(verwacht);
}

describe('elke VT-leesoperatie met zaakinhoud', () => {
  it('dekt elke query van de medewerker: in de tabel, of met reden zonder casusinhoud', () => {
    const medewerkerQueries = Object.entries(privacybeleid.operaties.Query)
      .filter(([, op]) => op.doelgroepen.includes('VT_MEDEWERKER'))
      .map(([naam]) => naam)
      .sort();
    expect(medewerkerQueries).toEqual([...Object.keys(LEZINGEN), ...Object.keys(GEEN_CASUSINHOUD)].sort());
  });

  for (const naam of Object.keys(LEZINGEN)) {
    it(`${naam}: een niet-toegewezen medewerker krijgt niets van de casus; behandelaar, teamleider en vertrouwensarts wel`, async () => {
      geweigerd(naam, await lees(t.vreemd, naam, a), a);
      for (const wie of ['beh', 'tl', 'va'] as const) gezien(naam, await lees(t[wie], naam, a), a, wie);
      // Another region: nothing, and by id exactly as for an id that does not exist.
      const anders = await lees(t.vt09, naam, a);
      expect(JSON.stringify(anders.body)).not.toContain(MERK);
      if (LEZINGEN[naam].soort === 'id') expect(anders.body.errors?.[0]?.extensions?.code, naam).toBe('NOT_FOUND');
    });
  }

  it('een team opent de casus voor zijn leden, en alleen voor hen', async () => {
    for (const naam of Object.keys(LEZINGEN)) geweigerd(naam, await lees(t.teamlid, naam, a), a);
    const r = ok(
      await app.gql<{ casusToewijzen: { team: string; verantwoordelijke: string } }>(
        t.tl,
        `mutation($id: ID!) { casusToewijzen(casusId: $id, team: "T-NOORD") { team verantwoordelijke } }`,
        { id: a.casusId },
      ),
    );
    expect(r.casusToewijzen).toEqual({ team: 'T-NOORD', verantwoordelijke: 'mw-beh' });
    for (const naam of Object.keys(LEZINGEN)) gezien(naam, await lees(t.teamlid, naam, a), a, 'teamlid');
    // A member of another team, and the unassigned worker, still see nothing.
    for (const naam of Object.keys(LEZINGEN)) geweigerd(naam, await lees(t.vreemd, naam, a), a);
  });

  it('toewijzen aan een behandelaar opent de casus voor hem; de vorige behandelaar zonder team verliest haar', async () => {
    const b = await registreer(t.beh, meldingInvoer());
    const vreemdLeest = (): Promise<GqlAntwoord> =>
      app.gql(t.vreemd, `query($id: ID!) { casus(id: $id) { id verantwoordelijke } }`, { id: b.casusId });
    expect((await vreemdLeest()).body.errors?.[0]?.extensions?.reden).toBe('NIET_TOEGEWEZEN');
    ok(
      await app.gql(t.tl, `mutation($id: ID!) { casusToewijzen(casusId: $id, medewerker: "mw-vreemd") { id } }`, {
        id: b.casusId,
      }),
    );
    expect(ok(await vreemdLeest())).toEqual({ casus: { id: b.casusId, verantwoordelijke: 'mw-vreemd' } });
    const vorige = await app.gql(t.beh, `query($id: ID!) { melding(id: $id) { id } }`, { id: b.id });
    expect(vorige.body.errors?.[0]?.extensions?.reden).toBe('NIET_TOEGEWEZEN');
  });

  it('casusToewijzen weigert ongeldige invoer en verandert niets', async () => {
    const b = await registreer(t.beh, meldingInvoer());
    const voor = await app.sql(`select verantwoordelijke, team, versie from casus where id = $1`, [b.casusId]);
    for (const args of ['', 'team: "met spatie"', 'medewerker: ""', `team: "${'x'.repeat(65)}"`]) {
      const r = await app.gql(t.tl, `mutation($id: ID!) { casusToewijzen(casusId: $id ${args}) { id } }`, {
        id: b.casusId,
      });
      // An empty subject is refused by the TekstRegel scalar; as a literal in the document, at validation.
      const code = args === 'medewerker: ""' ? 'GRAPHQL_VALIDATION_FAILED' : 'BAD_USER_INPUT';
      expect(r.body.errors?.[0]?.extensions?.code, args).toBe(code);
      if (args === 'medewerker: ""') expect(r.body.errors?.[0]?.extensions?.reden).toBe('TEKST_LEEG');
    }
    expect(await app.sql(`select verantwoordelijke, team, versie from casus where id = $1`, [b.casusId])).toEqual(voor);
  });
});

// ------------------------------------------------------------------ changes

/** Every change a medewerker can make to a casus, by the casus' ids. */
const WIJZIGINGEN: Record<string, { query: string; vars: (c: Casus) => Record<string, unknown> }> = {
  casusOvergang: {
    query: `mutation($id: ID!) { casusOvergang(invoer: { casusId: $id, naar: AFGESLOTEN, toelichting: "x", afsluitreden: "x" }) { id } }`,
    vars: (c) => ({ id: c.casusId }),
  },
  veiligheidsafspraakVastleggen: {
    query: `mutation($id: ID!) { veiligheidsafspraakVastleggen(invoer: { casusId: $id, omschrijving: "x", partijen: ["moeder"], overeengekomenOp: "2026-03-09" }) { id } }`,
    vars: (c) => ({ id: c.casusId }),
  },
  monitoringcontactVastleggen: {
    query: `mutation($id: ID!) { monitoringcontactVastleggen(invoer: { casusId: $id, contactOp: "2026-03-09", uitkomst: VEILIG_STABIEL, toelichting: "x" }) { id } }`,
    vars: (c) => ({ id: c.casusId }),
  },
  betrokkeneInformerenVastleggen: {
    query: `mutation($id: ID!) { betrokkeneInformerenVastleggen(invoer: { meldingId: $id, uitkomst: NIET_INFORMEREN, reden: VEILIGHEID_KIND, toelichting: "x" }) { id } }`,
    vars: (c) => ({ id: c.meldingId }),
  },
  terugkoppelingVastleggen: {
    query: `mutation($id: ID!) { terugkoppelingVastleggen(meldingId: $id, soort: TERUGKOPPELING_UITKOMST) { id } }`,
    vars: (c) => ({ id: c.meldingId }),
  },
  veiligheidsbeoordelingVastleggen: {
    query: `mutation($id: ID!) { veiligheidsbeoordelingVastleggen(invoer: { meldingId: $id, taxatie: ONBEKEND, uitkomst: GEEN_VERVOLGSTAPPEN, toelichting: "x" }) { casus { id } } }`,
    vars: (c) => ({ id: c.tweedeMeldingId }),
  },
  overdrachtAanbieden: {
    query: `mutation($id: ID!, $p: [ID!]!) { overdrachtAanbieden(invoer: { casusId: $id, soort: WARME_OVERDRACHT, ontvanger: "WT-NTK", persoonIds: $p, metVeiligheidsafspraken: false, toelichting: "x", grondslag: WMO_OVERDRACHT }) { id } }`,
    vars: (c) => ({ id: c.casusId, p: c.persoonIds }),
  },
  overdrachtIntrekken: {
    query: `mutation($id: ID!) { overdrachtIntrekken(overdrachtId: $id, reden: ANDERS, toelichting: "x") { id } }`,
    vars: (c) => ({ id: c.overdrachtId }),
  },
  hwcSignaalVersturen: {
    query: `mutation($id: ID!, $k: ID!) { hwcSignaalVersturen(invoer: { casusId: $id, persoonId: $k, school: "SCHOOL-NTK", incidentdatum: "2026-03-08", grondslag: "Convenant" }) { id } }`,
    vars: (c) => ({ id: c.casusId, k: c.kind }),
  },
  hwcSignaalIntrekken: {
    query: `mutation($id: ID!) { hwcSignaalIntrekken(signaalId: $id, reden: "x") { id } }`,
    vars: (c) => ({ id: c.signaalId }),
  },
  huisverbodRegistreren: {
    query: `mutation($id: ID!, $u: ID!, $k: ID!) { huisverbodRegistreren(invoer: { casusId: $id, uithuisgeplaatstePersoonId: $u, achterblijverPersoonIds: [$k], opgelegdOp: "2026-03-09T23:00:00+01:00", gemeente: "GM-NTK", rihgReferentie: "x" }) { id } }`,
    vars: (c) => ({ id: c.casusId, u: c.persoonIds.find((p) => p !== c.kind), k: c.kind }),
  },
  huisverbodBijwerken: {
    query: `mutation($id: ID!) { huisverbodBijwerken(invoer: { huisverbodId: $id, informatieDerden: "x" }) { id } }`,
    vars: (c) => ({ id: c.huisverbodId }),
  },
  huisverbodAdviseren: {
    query: `mutation($id: ID!) { huisverbodAdviseren(invoer: { huisverbodId: $id, advies: VERLENGEN, toelichting: "x" }) { id } }`,
    vars: (c) => ({ id: c.huisverbodId }),
  },
  huisverbodVerlengen: {
    query: `mutation($id: ID!) { huisverbodVerlengen(invoer: { huisverbodId: $id, verlengdTot: "2026-03-29T22:00:00+02:00" }) { id } }`,
    vars: (c) => ({ id: c.huisverbodId }),
  },
  huisverbodIntrekken: {
    query: `mutation($id: ID!) { huisverbodIntrekken(huisverbodId: $id) { id } }`,
    vars: (c) => ({ id: c.huisverbodId }),
  },
  melderToegangUitgeven: {
    query: `mutation($id: ID!) { melderToegangUitgeven(meldingId: $id) { id } }`,
    vars: (c) => ({ id: c.meldingId }),
  },
  melderToegangIntrekken: {
    query: `mutation($id: ID!) { melderToegangIntrekken(toegangId: $id) { id } }`,
    vars: (c) => ({ id: c.melderToegangId }),
  },
  huisverbodMonitoringcontactVastleggen: {
    query: `mutation($id: ID!) { huisverbodMonitoringcontactVastleggen(invoer: { huisverbodId: $id, contactOp: "2026-03-10", uitkomst: VEILIG }) { id } }`,
    vars: (c) => ({ id: c.huisverbodId }),
  },
  awareAanvraagRegistreren: {
    query: `mutation($id: ID!, $k: ID!) { awareAanvraagRegistreren(invoer: { casusId: $id, slachtofferPersoonId: $k, commissie: "AWARE-NTK", dreiging: STALKING, onderbouwing: "x" }) { id } }`,
    vars: (c) => ({ id: c.casusId, k: c.kind }),
  },
  awareAanvraagVoorleggen: {
    query: `mutation($id: ID!) { awareAanvraagVoorleggen(aanvraagId: $id) { id } }`,
    vars: (c) => ({ id: c.awareId }),
  },
  awareInstallatieVastleggen: {
    query: `mutation($id: ID!) { awareInstallatieVastleggen(invoer: { aanvraagId: $id, geinstalleerdOp: "2026-03-10" }) { id } }`,
    vars: (c) => ({ id: c.awareId }),
  },
  awareVerlengen: {
    query: `mutation($id: ID!) { awareVerlengen(invoer: { aanvraagId: $id, einddatum: "2026-09-10" }) { id } }`,
    vars: (c) => ({ id: c.awareId }),
  },
  awareBeeindigen: {
    query: `mutation($id: ID!) { awareBeeindigen(invoer: { aanvraagId: $id, reden: "x" }) { id } }`,
    vars: (c) => ({ id: c.awareId }),
  },
};

/** Medewerker mutations that do not change an existing casus, and why. */
const GEEN_CASUSWIJZIGING: Record<string, string> = {
  meldingRegistreren: 'wie de melding aanneemt, registreert haar (zie de test van het antwoord)',
  adviesRegistreren: 'een nieuw advies, zonder casus',
  adviesAfronden: 'alleen een open advies, dat nog geen casus heeft',
  adviesOmzettenInMelding: 'een registratie, als meldingRegistreren',
  notificatieGelezen: 'de eigen notificatie',
  zsmVerzoekBeantwoorden: 'ZSM-verzoek aan de regio; antwoord is de afgesproken gegevensset',
  noodtoegangOpenen: 'de weg naar binnen bij nood (test/noodtoegang)',
};

/** What any change would touch. */
async function stand(): Promise<unknown> {
  return app.sql(`select (select count(*) from casus_overgang)::int as overgangen, (select count(*) from veiligheidsafspraak)::int as afspraken,
      (select count(*) from monitoringcontact)::int as contacten, (select count(*) from veiligheidsbeoordeling)::int as beoordelingen,
      (select count(*) from overdracht)::int as overdrachten, (select count(*) from hwc_signaal)::int as signalen,
      (select count(*) from termijn where status = 'VOLDAAN')::int as voldaan, (select count(*) from audit_gebeurtenis)::int as audit,
      (select string_agg(id::text || versie || fase || coalesce(team, ''), ',' order by id) from casus) as casussen,
      (select string_agg(id::text || status, ',' order by id) from overdracht) as overdracht_status,
      (select count(*) from hwc_signaal where ingetrokken_op is not null)::int as ingetrokken,
      (select string_agg(id::text || coalesce(advies, '') || coalesce(verlengd_tot::text, '') || coalesce(ingetrokken_op::text, '')
              || coalesce(informatie_derden, ''), ',' order by id) from huisverbod) as huisverboden,
      (select count(*) from huisverbod_monitoringcontact)::int as thv_contacten,
      (select string_agg(id::text || status || coalesce(einddatum::text, '') || coalesce(beeindigd_reden, ''), ',' order by id)
         from aware_aanvraag) as aware,
      (select string_agg(id::text || coalesce(ingetrokken_op::text, ''), ',' order by id) from melder_toegang) as melder_toegangen`);
}

describe('elke wijziging van een casus', () => {
  it('dekt elke mutatie van de medewerker: in de tabel, of met reden', () => {
    const mutaties = Object.entries(privacybeleid.operaties.Mutation)
      .filter(([, op]) => op.doelgroepen.includes('VT_MEDEWERKER'))
      .map(([naam]) => naam)
      .sort();
    expect(mutaties).toEqual([...Object.keys(WIJZIGINGEN), ...Object.keys(GEEN_CASUSWIJZIGING)].sort());
  });

  for (const [naam, w] of Object.entries(WIJZIGINGEN)) {
    it(`${naam}: een niet-toegewezen medewerker wordt geweigerd met NIET_TOEGEWEZEN en er verandert niets`, async () => {
      const c = await volleCasus(t.beh);
      const voor = await stand();
      const r = await app.gql(t.vreemd, w.query, w.vars(c));
      expect(r.body.errors?.[0]?.extensions, JSON.stringify(r.body)).toMatchObject({
        code: 'FORBIDDEN',
        reden: 'NIET_TOEGEWEZEN',
      });
      for (const s of sporen(c)) expect(JSON.stringify(r.body)).not.toContain(s);
      expect(await stand()).toEqual(voor);
      // Another region's worker gets NOT_FOUND, exactly as for an id that does not exist.
      const anders = await app.gql(t.vt09, w.query, w.vars(c));
      const nergens = await app.gql(t.vt09, w.query, { ...w.vars(c), id: '00000000-0000-4000-8000-000000000000' });
      expect(anders.body.errors?.[0]?.extensions?.code, naam).toBe('NOT_FOUND');
      expect(kern(anders)).toEqual(kern(nergens));
      expect(await stand()).toEqual(voor);
    });
  }
});

// ------------------------------------------------------------------ registering stays possible

describe('registreren blijft voor elke medewerker mogelijk', () => {
  it('het antwoord geeft wat de medewerker invoerde, niet wat de regio al van de persoon wist; de rest van de casus blijft dicht', async () => {
    const c = await volleCasus(t.beh);
    const r = await app.gql<{
      meldingRegistreren: {
        id: string;
        casusId: string;
        eerdereBetrokkenheid: string;
        omschrijving: string;
        betrokkenen: {
          persoon: { id: string; bsn: string; voornamen: string | null; achternaam: string | null; adres: unknown };
        }[];
      };
    }>(
      t.vreemd,
      `mutation R($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId eerdereBetrokkenheid omschrijving betrokkenen { persoon { id bsn voornamen achternaam adres { straat } } } } }`,
      {
        i: meldingInvoer({
          omschrijving: 'Politie belt: weer ruzie op dit adres.',
          betrokkenen: [{ rollen: ['KIND'], persoon: { bsn: c.kindBsn } }],
        }),
      },
    );
    const m = ok(r).meldingRegistreren;
    expect(m.casusId).toBe(c.casusId);
    expect(m.eerdereBetrokkenheid).toBe('VERVOLGMELDING_NA_BEOORDELING');
    expect(m.omschrijving).toBe('Politie belt: weer ruzie op dit adres.');
    // Same person (same id), but only the BSN that was entered: not the name and address the region holds.
    expect(m.betrokkenen).toEqual([
      { persoon: { id: c.kind, bsn: c.kindBsn, voornamen: null, achternaam: null, adres: null } },
    ]);
    expect(JSON.stringify(r.body)).not.toContain(ACHTERNAAM);
    // Having registered it does not open the melding, its casus or the rest.
    for (const naam of Object.keys(LEZINGEN)) geweigerd(naam, await lees(t.vreemd, naam, c), c);
    const terug = await app.gql(t.vreemd, `query($id: ID!) { melding(id: $id) { id } }`, { id: m.id });
    expect(terug.body.errors?.[0]?.extensions?.reden).toBe('NIET_TOEGEWEZEN');
    // The behandelaar sees the new melding in the casus.
    expect(
      ok(
        await app.gql<{ casus: { meldingIds: string[] } }>(t.beh, `query($id: ID!) { casus(id: $id) { meldingIds } }`, {
          id: c.casusId,
        }),
      ).casus.meldingIds,
    ).toContain(m.id);
  });

  it('een nieuwe casus krijgt de registrerende medewerker als behandelaar; een politiemelding niemand tot de teamleider toewijst', async () => {
    const m = await registreer(t.vreemd, meldingInvoer());
    expect(
      ok(
        await app.gql<{ casus: { verantwoordelijke: string } }>(
          t.vreemd,
          `query($id: ID!) { casus(id: $id) { verantwoordelijke } }`,
          { id: m.casusId },
        ),
      ).casus.verantwoordelijke,
    ).toBe('mw-vreemd');
    await app.partner('POLITIE-NTK', 'POLITIE');
    const p = await app.gql<{ politieMeldingenAanleveren: { meldingId: string }[] }>(
      await app.token('POLITIE_MEDEWERKER', 'POLITIE-NTK', { soort: 'SYSTEEM' }),
      `mutation($i: PolitieBatchInvoer!) { politieMeldingenAanleveren(invoer: $i) { meldingId } }`,
      {
        i: {
          meldingen: [
            {
              politieReferentie: `NTK-${Date.now()}`,
              vtRegio: 'VT14',
              ontvangenOp: '2026-03-09T23:00:00+01:00',
              aardGeweld: ['EX_PARTNERGEWELD'],
              duurGeweld: 'ONBEKEND',
              omschrijving: `${MERK}: politie-inzet.`,
              melder: { anonimiteit: 'OPEN', toestemmingBekendmaking: true, naam: 'Agent X', telefoon: '0900 8844' },
              betrokkenen: [{ rollen: ['SLACHTOFFER'], persoon: { bsn: geldigBsn(), achternaam: ACHTERNAAM } }],
            },
          ],
        },
      },
    );
    const meldingId = ok(p).politieMeldingenAanleveren[0].meldingId;
    for (const wie of ['beh', 'vreemd', 'teamlid'] as const) {
      const r = await app.gql(t[wie], `query($id: ID!) { melding(id: $id) { id omschrijving } }`, { id: meldingId });
      expect(r.body.errors?.[0]?.extensions?.reden, wie).toBe('NIET_TOEGEWEZEN');
    }
    expect(
      ok(
        await app.gql<{ melding: { omschrijving: string } }>(
          t.tl,
          `query($id: ID!) { melding(id: $id) { omschrijving } }`,
          { id: meldingId },
        ),
      ).melding.omschrijving,
    ).toContain(MERK);
  });
});

// ------------------------------------------------------------------ casusZoeken

const ZOEK = `query($z: CasusZoekInvoer!) { casusZoeken(zoek: $z) { casusId fase behandelaar team heeftToegang toegangsgrond toegangTot } }`;
type Vondst = {
  casusId: string;
  fase: string;
  behandelaar: string | null;
  team: string | null;
  heeftToegang: boolean;
  toegangsgrond: string | null;
  toegangTot: string | null;
};

describe('casusZoeken: alleen dat de casus bestaat en wie eraan werkt', () => {
  it('op BSN en op achternaam met geboortedatum; zonder inhoud; elke zoekvraag in het auditspoor met de gevonden personen', async () => {
    const c = await volleCasus(t.beh);
    for (const zoek of [{ bsn: c.kindBsn }, { achternaam: ACHTERNAAM.toUpperCase(), geboortedatum: '2018-05-04' }]) {
      const r = await app.gql<{ casusZoeken: Vondst[] }>(t.vreemd, ZOEK, { z: zoek });
      const vondsten = ok(r).casusZoeken;
      expect(vondsten.find((v) => v.casusId === c.casusId)).toEqual({
        casusId: c.casusId,
        fase: 'OVERDRACHT',
        behandelaar: 'mw-beh',
        team: null,
        heeftToegang: false,
        toegangsgrond: null,
        toegangTot: null,
      });
      expect(JSON.stringify(r.body)).not.toContain(MERK);
      const audit = await app.sql(
        `select object_type, persoon_ids::text[] as p, velden::text[] as v, noodprocedure from audit_gebeurtenis where gebeurtenis = 'CASUS_ZOEKEN' and gebruiker = 'mw-vreemd' and object_id = $1 order by id desc limit 1`,
        [c.casusId],
      );
      expect(audit[0]).toMatchObject({ object_type: 'Casus', noodprocedure: false });
      expect(audit[0].p).toContain(c.kind);
      expect(audit[0].v).toEqual(
        expect.arrayContaining(zoek.bsn ? ['zoek.bsn'] : ['zoek.achternaam', 'zoek.geboortedatum']),
      );
    }
    const eigen = ok(await app.gql<{ casusZoeken: Vondst[] }>(t.beh, ZOEK, { z: { bsn: c.kindBsn } })).casusZoeken.find(
      (v) => v.casusId === c.casusId,
    );
    expect(eigen).toMatchObject({ heeftToegang: true, toegangsgrond: 'BEHANDELAAR' });
    const tl = ok(await app.gql<{ casusZoeken: Vondst[] }>(t.tl, ZOEK, { z: { bsn: c.kindBsn } })).casusZoeken.find(
      (v) => v.casusId === c.casusId,
    );
    expect(tl).toMatchObject({ heeftToegang: true, toegangsgrond: 'REGIO' });
  });

  it('niets gevonden is een lege lijst en toch een auditregel; een andere regio vindt niets', async () => {
    const bsn = geldigBsn();
    const voor = Number(
      (await app.sql(`select count(*)::int as n from audit_gebeurtenis where gebeurtenis = 'CASUS_ZOEKEN'`))[0].n,
    );
    expect(ok(await app.gql<{ casusZoeken: Vondst[] }>(t.vreemd, ZOEK, { z: { bsn } })).casusZoeken).toEqual([]);
    expect(ok(await app.gql<{ casusZoeken: Vondst[] }>(t.vt09, ZOEK, { z: { bsn: a.kindBsn } })).casusZoeken).toEqual(
      [],
    );
    const na = await app.sql(
      `select gebruiker, object_id, vt_organisatie from audit_gebeurtenis where gebeurtenis = 'CASUS_ZOEKEN' order by id desc limit 2`,
    );
    expect(
      Number(
        (await app.sql(`select count(*)::int as n from audit_gebeurtenis where gebeurtenis = 'CASUS_ZOEKEN'`))[0].n,
      ),
    ).toBe(voor + 2);
    expect(na.map((x) => [x.gebruiker, x.object_id, x.vt_organisatie]).sort()).toEqual([
      ['mw-utrecht', null, 'VT09'],
      ['mw-vreemd', null, 'VT14'],
    ]);
  });

  it('een onvolledige of dubbele zoekvraag is ongeldige invoer en wordt niet gelogd', async () => {
    const voor = await app.sql(`select count(*)::int as n from audit_gebeurtenis`);
    for (const z of [
      {},
      { achternaam: ACHTERNAAM },
      { geboortedatum: '2018-05-04' },
      { bsn: a.kindBsn, achternaam: ACHTERNAAM },
      { achternaam: '  ', geboortedatum: '2018-05-04' },
    ]) {
      const r = await app.gql(t.vreemd, ZOEK, { z });
      expect(r.body.errors?.[0]?.extensions?.code, JSON.stringify(z)).toBe('BAD_USER_INPUT');
    }
    const bsn = await app.gql(t.vreemd, ZOEK, { z: { bsn: '123456788' } });
    expect(JSON.stringify(bsn.body.errors)).toContain('ONGELDIG_BSN');
    expect(await app.sql(`select count(*)::int as n from audit_gebeurtenis`)).toEqual(voor);
  });
});

// ------------------------------------------------------------------ the row rule catches a service mistake

describe('de rijregel vangt een fout in de service', () => {
  it('een casus die de service ten onrechte aan een niet-toegewezen medewerker geeft, wordt geweigerd', async () => {
    const echt = casusInzageService.lees.bind(casusInzageService);
    // Simulate a scoping bug: the service reads as if the caller were the teamleider.
    const spy = vi
      .spyOn(casusInzageService, 'lees')
      .mockImplementation((ctx, id, velden) =>
        echt({ ...ctx, actor: { ...ctx.actor, rol: 'VT_TEAMLEIDER' } }, id, velden),
      );
    try {
      const r = await app.gql(t.vreemd, LEZINGEN.casus.query, { id: a.casusId });
      expect(spy).toHaveBeenCalled();
      expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      for (const s of [MERK, a.kind]) expect(JSON.stringify(r.body)).not.toContain(s);
    } finally {
      spy.mockRestore();
    }
  });

  it('een lijst met een melding van een niet-toegewezen casus wordt geweigerd, ook als de service haar meegeeft', async () => {
    const echt = meldingService.lijst.bind(meldingService);
    const spy = vi
      .spyOn(meldingService, 'lijst')
      .mockImplementation((ctx, eerste, na, velden) =>
        echt({ ...ctx, actor: { ...ctx.actor, rol: 'VT_TEAMLEIDER' } }, eerste, na, velden),
      );
    try {
      const r = await app.gql(t.vreemd, LEZINGEN.meldingen.query);
      expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(r.body)).not.toContain(MERK);
    } finally {
      spy.mockRestore();
    }
  });
});
