import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { alleRollen, organisatieSoortenPerRol, type Rol } from '../../src/auth/rollen';
import { waaierUit } from '../../src/gebeurtenissen/aflevering';
import { geldigBsn, meldingInvoer } from '../helpers/fabriek';
import { okAntwoord, PARTNERS, partnerToken, registreerPartners } from '../helpers/partners';
import { alleLeesaanroepen } from '../helpers/selectie';
import { startTestApp, type TestApp } from '../helpers/testapp';
import { jobDeps } from '../webhooks/ontvanger';

/**
 * Issue 17.4, as a class: a casus whose processing is restricted (a granted beperking or bezwaar) is visible to nobody
 * but the privacy officer and its assigned worker, on every channel. One household reaches every partner kind (warme
 * overdracht to the wijkteam and the ZVH, a GI overdracht, a Verzoek tot Onderzoek to the Raad with the college told,
 * Handle with Care to the school, ZSM requests of the OM and the police, a tijdelijk huisverbod with the gemeente and
 * the police, an Aware application to the committee, the melder's own access, webhook deliveries); then both its
 * casussen are restricted. For EVERY role (alleRollen), EVERY query of the role's own schema is called with every id
 * it could know, before and after: before, the roles that work on the household see it (so the check can fail);
 * after, nobody but the privacy officer and the behandelaar receives any of its names, BSNs, texts or ids. While it is
 * restricted no new event for a partner is written, nothing is delivered, and ZSM cannot be answered about it.
 */
let app: TestApp;

const TAG = 'Bpk7';
const BEHANDELAAR = 'mw-beperkt';
const TEAM = 'TEAM-NOORD';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

const beh = (): Promise<string> => app.token('VT_MEDEWERKER', 'VT14', { sub: BEHANDELAAR, teams: [TEAM] });
const po = (): Promise<string> => app.token('PRIVACY_OFFICER', 'VT14', { sub: 'po-beperking' });
const ok = <T = Record<string, unknown>>(t: string, q: string, v?: Record<string, unknown>): Promise<T> =>
  okAntwoord<T>(app, t, q, v);

/** Every id in a text, also inside opaque cursors (base64url of `time|id`). */
function idsIn(tekst: string): string[] {
  const uit = [...(tekst.match(UUID) ?? [])];
  for (const woord of tekst.match(/"[A-Za-z0-9_-]{20,}"/g) ?? []) {
    uit.push(...(Buffer.from(woord.slice(1, -1), 'base64url').toString('utf8').match(UUID) ?? []));
  }
  return uit.map((i) => i.toLowerCase());
}

interface Huishouden {
  casussen: string[];
  meldingen: string[];
  kind: string;
  vader: string;
  bsnKind: string;
  bsnVader: string;
  melder: string;
  /** Open ZSM request of the police about the father: VT has not answered yet. */
  zsmOpen: string;
  zsmOpenPersoon: string;
  hwc: string;
  overdrachtZvh: string;
}
let h: Huishouden;

/** The roles' callers: VT roles for VT14, partner roles for their organisation of PARTNERS, the melder of the melding. */
const tokens = new Map<Rol, () => Promise<string>>();
const TEAMGENOOT = 'VT_MEDEWERKER (team)';

async function melding(bsnKind: string, bsnVader: string, melder = false): Promise<{ id: string; casusId: string }> {
  const r = await ok<{ meldingRegistreren: { id: string; casusId: string } }>(
    await beh(),
    `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId } }`,
    {
      i: meldingInvoer({
        omschrijving: `Zoë${TAG} heeft blauwe plekken; vader Pieter${TAG} is dreigend.`,
        melder: {
          anonimiteit: 'OPEN',
          toestemmingBekendmaking: true,
          naam: melder ? `Meldster${TAG}` : `Leraar${TAG}`,
          telefoon: '+31 35 555 0101',
          functie: 'leerkracht',
          werkgever: 'OBS De Linde',
        },
        betrokkenen: [
          {
            rollen: ['KIND', 'SLACHTOFFER'],
            persoon: { bsn: bsnKind, voornamen: `Zoë${TAG}`, achternaam: `Beperkt${TAG}`, geboortedatum: '2018-05-04' },
          },
          {
            rollen: ['PLEGER'],
            persoon: {
              bsn: bsnVader,
              voornamen: `Pieter${TAG}`,
              achternaam: `Beperkt${TAG}`,
              geboortedatum: '1984-11-23',
            },
          },
        ],
      }),
    },
  );
  return r.meldingRegistreren;
}

async function beoordeel(meldingId: string, vervolg: string, kind?: string): Promise<void> {
  await ok(
    await beh(),
    `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
    {
      i: {
        meldingId,
        taxatie: 'STRUCTURELE_ONVEILIGHEID',
        uitkomst: 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS',
        vervolg,
        toelichting: `Beoordeeld; Pieter${TAG} ontkent.`,
        verzoekTotOnderzoek:
          vervolg === 'VERZOEK_TOT_ONDERZOEK'
            ? { kinderen: [kind], gronden: ['HULP_GEPROBEERD'], standpuntOuders: `Geen bemoeienis (${TAG}).` }
            : undefined,
      },
    },
  );
}

async function aanbieden(casusId: string, persoonIds: string[], ontvanger: string, extra = {}): Promise<string> {
  const r = await ok<{ overdrachtAanbieden: { id: string } }>(
    await beh(),
    `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
    {
      i: {
        casusId,
        soort: 'WARME_OVERDRACHT',
        ontvanger,
        persoonIds,
        metVeiligheidsafspraken: false,
        toelichting: `Gezin ${TAG} wil hulp.`,
        grondslag: 'WMO_OVERDRACHT',
        ...extra,
      },
    },
  );
  await ok(
    await partnerToken(app, ontvanger),
    `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { id } }`,
    {
      id: r.overdrachtAanbieden.id,
    },
  );
  return r.overdrachtAanbieden.id;
}

async function zsmVerzoek(org: string, bsn: string): Promise<{ id: string; persoon: string }> {
  const v = await ok<{ zsmVerzoekIndienen: { id: string; personen: { id: string }[] } }>(
    await partnerToken(app, org),
    `mutation($i: ZsmVerzoekInvoer!) { zsmVerzoekIndienen(invoer: $i) { id personen { id } } }`,
    {
      i: {
        vtOrganisatie: 'VT14',
        reden: 'Verdachte van mishandeling.',
        inverzekeringstellingEindigtOp: '2026-03-12T12:00:00Z',
        personen: [{ bsn }],
      },
    },
  );
  return { id: v.zsmVerzoekIndienen.id, persoon: v.zsmVerzoekIndienen.personen[0].id };
}

const BEANTWOORD = `mutation($i: ZsmAntwoordInvoer!) { zsmVerzoekBeantwoorden(invoer: $i) { id } }`;

/** The household on every channel; returns its ids. */
async function huishouden(): Promise<Huishouden> {
  const bsnKind = geldigBsn();
  const bsnVader = geldigBsn();
  const m1 = await melding(bsnKind, bsnVader, true);
  const [kind, vader] = (
    await app.sql(
      `select b.persoon_id::text as p from betrokkene b where b.melding_id = $1 order by 'KIND' = any(b.rollen) desc`,
      [m1.id],
    )
  ).map((r) => r.p as string);
  await beoordeel(m1.id, 'VOORWAARDEN_EN_VERVOLG');
  const tl = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-beperking' });
  await ok(
    tl,
    `mutation($c: ID!, $m: TekstRegel, $t: TekstRegel) { casusToewijzen(casusId: $c, medewerker: $m, team: $t) { id } }`,
    {
      c: m1.casusId,
      m: BEHANDELAAR,
      t: TEAM,
    },
  );
  await aanbieden(m1.casusId, [kind, vader], 'WT-A');
  const overdrachtZvh = await aanbieden(m1.casusId, [kind, vader], 'ZVH-A');
  await aanbieden(m1.casusId, [kind], 'GI-A', { soort: 'GI_OVERDRACHT', grondslag: 'JEUGDBESCHERMINGSMAATREGEL' });
  const hwc = await ok<{ hwcSignaalVersturen: { id: string } }>(
    await beh(),
    `mutation($i: HwcSignaalInvoer!) { hwcSignaalVersturen(invoer: $i) { id } }`,
    {
      i: {
        casusId: m1.casusId,
        persoonId: kind,
        school: 'SCHOOL-A',
        incidentdatum: '2026-03-09',
        grondslag: 'Convenant',
      },
    },
  );
  await ok(
    await partnerToken(app, 'SCHOOL-A'),
    `mutation($id: ID!) { hwcOntvangstBevestigen(signaalId: $id) { __typename } }`,
    {
      id: hwc.hwcSignaalVersturen.id,
    },
  );
  const om = await zsmVerzoek('OM-A', bsnVader);
  await ok(await beh(), BEANTWOORD, {
    i: { verzoekId: om.id, personen: [{ zsmPersoonId: om.persoon, relevanteInformatie: `Contactverbod ${TAG}.` }] },
  });
  const pol = await zsmVerzoek('POL-A', bsnVader);
  const hv = await ok<{ huisverbodRegistreren: { id: string } }>(
    await beh(),
    `mutation($i: HuisverbodRegistrerenInvoer!) { huisverbodRegistreren(invoer: $i) { id } }`,
    {
      i: {
        casusId: m1.casusId,
        uithuisgeplaatstePersoonId: vader,
        achterblijverPersoonIds: [kind],
        opgelegdOp: '2026-03-09T22:00:00+01:00',
        gemeente: 'OOV-A',
        politie: 'POL-A',
        rihgReferentie: `RiHG-${TAG}`,
      },
    },
  );
  await ok(await beh(), `mutation($i: HuisverbodBijwerkenInvoer!) { huisverbodBijwerken(invoer: $i) { id } }`, {
    i: {
      huisverbodId: hv.huisverbodRegistreren.id,
      gesprekUithuisgeplaatsteOp: '2026-03-10',
      gesprekAchterblijversOp: '2026-03-10',
    },
  });
  await ok(await beh(), `mutation($i: HuisverbodAdviesInvoer!) { huisverbodAdviseren(invoer: $i) { id } }`, {
    i: { huisverbodId: hv.huisverbodRegistreren.id, advies: 'NIET_VERLENGEN', toelichting: `Rust bij ${TAG}.` },
  });
  const aw = await ok<{ awareAanvraagRegistreren: { id: string } }>(
    await beh(),
    `mutation($i: AwareAanvraagInvoer!) { awareAanvraagRegistreren(invoer: $i) { id } }`,
    {
      i: {
        casusId: m1.casusId,
        slachtofferPersoonId: kind,
        commissie: 'AWARE-A',
        dreiging: 'STALKING',
        onderbouwing: `Stalking door Pieter${TAG}.`,
      },
    },
  );
  await ok(await beh(), `mutation($id: ID!) { awareAanvraagVoorleggen(aanvraagId: $id) { id } }`, {
    id: aw.awareAanvraagRegistreren.id,
  });
  // The melder's own access to the first melding.
  const mt = await ok<{ melderToegangUitgeven: { geheim: string } }>(
    await beh(),
    `mutation($id: ID!) { melderToegangUitgeven(meldingId: $id) { geheim } }`,
    { id: m1.id },
  );
  const melder = `Melder ${mt.melderToegangUitgeven.geheim}`;

  // A second household of the same names (another casus): the Verzoek tot Onderzoek to the Raad, the college told.
  const m2 = await melding(geldigBsn(), geldigBsn());
  const kind2 = String(
    (
      await app.sql(`select persoon_id::text as p from betrokkene where melding_id = $1 and 'KIND' = any(rollen)`, [
        m2.id,
      ])
    )[0].p,
  );
  await beoordeel(m2.id, 'VERZOEK_TOT_ONDERZOEK', kind2);
  const personen2 = (await app.sql(`select persoon_id::text as p from betrokkene where melding_id = $1`, [m2.id])).map(
    (r) => r.p as string,
  );
  await aanbieden(m2.casusId, personen2, 'RVDK-A', {
    soort: 'VERZOEK_TOT_ONDERZOEK',
    grondslag: 'VERZOEK_RAAD',
    gemeente: 'GM-A',
  });
  // The deliveries of what the partners were sent so far.
  await waaierUit(jobDeps(app));
  return {
    casussen: [m1.casusId, m2.casusId],
    meldingen: [m1.id, m2.id],
    kind,
    vader,
    bsnKind,
    bsnVader,
    melder,
    zsmOpen: pol.id,
    zsmOpenPersoon: pol.persoon,
    hwc: hwc.hwcSignaalVersturen.id,
    overdrachtZvh,
  };
}

/** Every id of the household's rows in VT's tables: what must not reach anyone while it is restricted. */
async function vtIds(): Promise<string[]> {
  const c = `{${h.casussen.join(',')}}`;
  const rijen = await app.sql(
    `select id::text as id from casus where id = any($1::uuid[])
     union select id::text from melding where casus_id = any($1::uuid[])
     union select persoon_id::text from casus_persoon where casus_id = any($1::uuid[])
     union select b.id::text from betrokkene b join melding m on m.id = b.melding_id where m.casus_id = any($1::uuid[])
     union select id::text from overdracht where casus_id = any($1::uuid[])
     union select id::text from hwc_signaal where casus_id = any($1::uuid[])
     union select id::text from huisverbod where casus_id = any($1::uuid[])
     union select id::text from aware_aanvraag where casus_id = any($1::uuid[])
     union select commissie_id::text from aware_aanvraag where casus_id = any($1::uuid[])
     union select id::text from termijn where casus_id = any($1::uuid[])
     union select id::text from dienst where casus_id = any($1::uuid[])
     union select id::text from gebeurtenis where casus_id = any($1::uuid[])
     union select object_id::text from gebeurtenis where casus_id = any($1::uuid[])`,
    [c],
  );
  return rijen.map((r) => String(r.id));
}

/**
 * What of the household a role's queries return: the needles of each field (names, BSNs, texts: `naalden(veld)`) and
 * the ids of `ids` it received (not those it sent, not those in `eigen`), as `field: what`.
 */
async function gezien(
  rol: string,
  token: string,
  ids: readonly string[],
  naalden: (veld: string) => readonly string[],
  eigen: ReadonlySet<string>,
): Promise<string[]> {
  const schema = app.api.schemas.get(rol === TEAMGENOOT ? 'VT_MEDEWERKER' : (rol as Rol))!;
  const { aanroepen } = alleLeesaanroepen(schema, ids);
  const gevonden = new Set<string>();
  for (const a of aanroepen) {
    const r = await app.gql(token, a.query, a.variables);
    const tekst = JSON.stringify(r.body.data ?? {});
    for (const n of naalden(a.veld)) if (tekst.includes(n)) gevonden.add(`${a.veld}: ${n}`);
    for (const i of idsIn(tekst)) {
      if (!Object.values(a.variables).includes(i) && !eigen.has(i) && ids.includes(i)) {
        gevonden.add(`${a.veld}: id ${i}`);
      }
    }
  }
  return [...gevonden].sort();
}

const EIGEN_ORG: Partial<Record<Rol, string>> = Object.fromEntries(
  Object.entries(PARTNERS).map(([org, p]) => [p.rol, org]),
);

beforeAll(async () => {
  app = await startTestApp({ env: { WEBHOOK_PRIVE_ADRESSEN_TOESTAAN: 'true' } });
  await registreerPartners(app);
  for (const org of ['WT-A', 'GI-A', 'SCHOOL-A', 'OM-A', 'OOV-A']) {
    await okAntwoord(
      app,
      await partnerToken(app, org),
      `mutation($i: WebhookEndpointInvoer!) { webhookEndpointRegistreren(invoer: $i) { geheim } }`,
      { i: { url: `http://127.0.0.1:9/${org}`, omschrijving: org } },
    );
  }
  h = await huishouden();
  for (const rol of alleRollen) {
    const soort = organisatieSoortenPerRol[rol][0];
    if (rol === 'MELDER') tokens.set(rol, () => Promise.resolve(h.melder));
    // The VT_MEDEWERKER of the walk is the casus' behandelaar; a colleague of the team is walked as TEAMGENOOT.
    else if (rol === 'VT_MEDEWERKER') tokens.set(rol, beh);
    else if (soort === 'VEILIG_THUIS' || !EIGEN_ORG[rol]) {
      const org = soort === 'VEILIG_THUIS' ? 'VT14' : soort === 'LANDELIJK' ? 'LANDELIJK' : 'VT14';
      tokens.set(rol, () => app.token(rol, org, { sub: `${rol.toLowerCase()}-1` }));
    } else tokens.set(rol, () => partnerToken(app, EIGEN_ORG[rol]!));
  }
}, 240_000);
afterAll(() => app.stop());

describe('een beperkte casus: alleen de privacy officer en de behandelaar, op elk kanaal', () => {
  it(
    'elke rol, elke query, elk id: vóór de beperking zien de betrokken rollen het gezin, daarna niemand behalve PO en behandelaar',
    { timeout: 600_000 },
    async () => {
      const naalden = [TAG, h.bsnKind, h.bsnVader];
      const vt = await vtIds();
      // Ids the partners received (their own ids for the household's objects): collected before the restriction.
      const endpoints = new Set(
        (await app.sql(`select id::text as id from webhook_endpoint`)).map((r) => String(r.id)),
      );
      const rollen: [string, () => Promise<string>][] = [
        ...[...tokens.entries()],
        [TEAMGENOOT, () => app.token('VT_MEDEWERKER', 'VT14', { sub: 'collega-1', teams: [TEAM] })],
      ];
      const partnerIds = new Set<string>();
      for (const [rol, token] of rollen) {
        if (!EIGEN_ORG[rol as Rol] && rol !== 'MELDER') continue;
        const schema = app.api.schemas.get(rol as Rol)!;
        for (const a of alleLeesaanroepen(schema, vt).aanroepen) {
          const r = await app.gql(await token(), a.query, a.variables);
          for (const i of idsIn(JSON.stringify(r.body.data ?? {}))) if (!endpoints.has(i)) partnerIds.add(i);
        }
      }
      const ids = [...new Set([...vt, ...partnerIds])];
      // Not about the household: the partners' own endpoints and accesses, and the ZSM partners' own questions (their
      // request, its persons, the BSN they typed, the event and delivery "your request was answered"): VT's answer in it
      // is what the restriction holds back (checked through the needles: its text carries the tag).
      const eigen = new Set([
        ...endpoints,
        ...(
          await app.sql(
            `select id::text as id from zsm_verzoek union select id::text from zsm_verzoek_persoon
           union select id::text from melder_toegang
           union select id::text from gebeurtenis where casus_id is null
           union select a.id::text from webhook_aflevering a join gebeurtenis g on g.id = a.gebeurtenis_id where g.casus_id is null`,
          )
        ).map((r) => String(r.id)),
      ]);
      const naaldenVoor = (veld: string): string[] =>
        veld.startsWith('zsmVerzoek') ? naalden.filter((n) => n !== h.bsnVader) : naalden;

      const voor = new Map<string, string[]>();
      for (const [rol, token] of rollen) voor.set(rol, await gezien(rol, await token(), ids, naaldenVoor, eigen));
      // The check can fail: every role that works on the household sees it now.
      const zien = [
        'VT_MEDEWERKER',
        TEAMGENOOT,
        'VT_TEAMLEIDER',
        'VERTROUWENSARTS',
        'WIJKTEAM_MEDEWERKER',
        'ZVH_MEDEWERKER',
        'GI_JEUGDBESCHERMER',
        'RVDK_MEDEWERKER',
        'GEMEENTE_MEDEWERKER',
        'GEMEENTE_OOV_MEDEWERKER',
        'SCHOOL_CONTACTPERSOON',
        'OM_ZSM_MEDEWERKER',
        'POLITIE_MEDEWERKER',
        'AWARE_INDICATIECOMMISSIE',
        'MELDER',
      ];
      for (const rol of zien) expect(voor.get(rol), rol).not.toEqual([]);

      // The father asks for beperking of both casussen; the privacy officer grants it.
      for (const casusId of h.casussen) {
        const v = await ok<{ rechtenverzoekRegistreren: { id: string } }>(
          await po(),
          `mutation($i: RechtenverzoekInvoer!) { rechtenverzoekRegistreren(invoer: $i) { id } }`,
          {
            i: {
              casusId,
              soort: 'BEPERKING',
              verzoeker: 'BETROKKENE',
              persoonId: String(
                (
                  await app.sql(
                    `select cp.persoon_id::text as p from casus_persoon cp join persoon p on p.id = cp.persoon_id
                    where cp.casus_id = $1 and p.geboortedatum < '2000-01-01'`,
                    [casusId],
                  )
                )[0].p,
              ),
              omschrijving: 'Beperking tot het bezwaar is gewogen.',
              ontvangenOp: '2026-03-10',
            },
          },
        );
        await ok(
          await po(),
          `mutation($i: RechtenverzoekBesluitInvoer!) { rechtenverzoekBesluiten(invoer: $i) { casusBeperkt } }`,
          {
            i: {
              verzoekId: v.rechtenverzoekRegistreren.id,
              besluit: 'TOEGEKEND',
              motivering: 'Bezwaar in behandeling.',
            },
          },
        );
      }

      const na = new Map<string, string[]>();
      for (const [rol, token] of rollen) na.set(rol, await gezien(rol, await token(), ids, naaldenVoor, eigen));
      const toegestaan = new Set(['PRIVACY_OFFICER', 'VT_MEDEWERKER']); // VT_MEDEWERKER: the behandelaar
      const lekken = [...na.entries()].filter(([rol, l]) => !toegestaan.has(rol) && l.length > 0);
      expect(lekken).toEqual([]);
      // The behandelaar still works on it.
      expect(na.get('VT_MEDEWERKER')).not.toEqual([]);
    },
  );

  it(
    'zolang de beperking loopt: geen nieuwe gebeurtenis, geen aflevering, en ZSM kan niet over het gezin antwoorden',
    { timeout: 120_000 },
    async () => {
      const tel = async (): Promise<Record<string, unknown>> =>
        (
          await app.sql(
            `select (select count(*) from gebeurtenis)::int as gebeurtenissen, (select count(*) from webhook_aflevering)::int as afleveringen,
                  (select count(*) from zsm_verzoek where beantwoord_op is not null)::int as beantwoord`,
          )
        )[0];
      // Runs after the walk above, which restricted both casussen (vitest runs a file's tests in order).
      expect(await app.sql(`select count(*)::int as n from verwerkingsbeperking where opgeheven_op is null`)).toEqual([
        { n: 2 },
      ]);
      const voor = await tel();
      // The behandelaar's steps that would tell a partner: withdrawing a signal and a handover.
      await ok(
        await beh(),
        `mutation($id: ID!, $r: Tekst!) { hwcSignaalIntrekken(signaalId: $id, reden: $r) { id } }`,
        {
          id: h.hwc,
          r: 'Niet meer nodig.',
        },
      );
      await ok(
        await beh(),
        `mutation($id: ID!) { overdrachtIntrekken(overdrachtId: $id, reden: ANDERS, toelichting: "Beperking.") { id } }`,
        { id: h.overdrachtZvh },
      );
      // ZSM: refused with a stable reason, nothing written.
      const z = await app.gql(await beh(), BEANTWOORD, {
        i: { verzoekId: h.zsmOpen, personen: [{ zsmPersoonId: h.zsmOpenPersoon, relevanteInformatie: 'x' }] },
      });
      expect(z.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reden: 'VERWERKING_BEPERKT' });
      await waaierUit(jobDeps(app));
      expect(await tel()).toEqual(voor);
    },
  );
});
