import { randomBytes } from 'node:crypto';
import {
  getNamedType,
  isInputObjectType,
  isObjectType,
  type GraphQLInputObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { VT_UITVOERING } from '../../src/auth/rollen';
import { PARTNERROLLEN } from '../../src/gebeurtenissen/gebeurtenissen.beleid';
import { zichtbareVelden } from '../../src/beleid/doelgroep-schema';
import { bouwVolledigSchema } from '../../src/lib/graphql/volledig-schema';
import { privacybeleid, resolvers } from '../../src/modules';
import { meldingInvoer } from '../helpers/fabriek';
import { alleLeesaanroepen, schemaVan, volledigeSelectie } from '../helpers/selectie';
import { okAntwoord, PARTNERS, partnerToken, registreerPartners } from '../helpers/partners';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Free text VT writes for itself (why it withdrew a handover, where a victim is staying, the melding, the assessment)
 * never reaches a partner. Two generated checks:
 * 1. the policy: every String field of every type in every partner role's schema declares where its text comes from,
 *    and none is VT's internal free text (which must also be declared as personal data);
 * 2. the answers: every VT free-text input gets a marker, VT and the partners go through the handovers, Handle with
 *    Care, ZSM and a Verzoek tot Onderzoek, and then every query of every partner role, with everything it may select,
 *    for every id there is, answers without a single marker. The test fails when VT gets a free-text input this
 *    scenario does not mark and that is not declared as written for partners.
 */

/**
 * VT's String inputs that reach partners on purpose, each under the profile of its channel: the persons of a handover,
 * the context and agreements written for the partner, the Verzoek for the Raad, the agreed ZSM data set; and codes.
 */
const VOOR_PARTNERS = new Set([
  ...[
    'meldingRegistreren(invoer)',
    'adviesOmzettenInMelding(melding)',
    'historieImporteren(invoer).dossiers.meldingen',
  ].flatMap((m) =>
    [
      'voornamen',
      'achternaam',
      'adres.straat',
      'adres.huisnummer',
      'adres.postcode',
      'adres.woonplaats',
      'telefoon',
      'email',
    ].map((v) => `${m}.betrokkenen.persoon.${v}`),
  ),
  'overdrachtAanbieden(invoer).toelichting',
  'veiligheidsafspraakVastleggen(invoer).omschrijving',
  'veiligheidsafspraakVastleggen(invoer).partijen',
  'veiligheidsbeoordelingVastleggen(invoer).verzoekTotOnderzoek.standpuntOuders',
  'casusOvergang(invoer).verzoekTotOnderzoek.standpuntOuders',
  'zsmVerzoekBeantwoorden(invoer).contactpersoonNaam',
  'zsmVerzoekBeantwoorden(invoer).contactpersoonTelefoon',
  'zsmVerzoekBeantwoorden(invoer).personen.relevanteInformatie',
  // The advice to the burgemeester, and the partners' own references to the huisverbod (beschikking, police number).
  'huisverbodAdviseren(invoer).toelichting',
  'huisverbodRegistreren(invoer).beschikkingKenmerk',
  'huisverbodRegistreren(invoer).politieReferentie',
  'huisverbodRegistreren(invoer).gemeente',
  'huisverbodRegistreren(invoer).politie',
  // VT's grounds for the Aware indication committee (written for it), and the committee's code.
  'awareAanvraagRegistreren(invoer).onderbouwing',
  'awareAanvraagRegistreren(invoer).commissie',
  // Codes: organisations and a medewerker's subject.
  'adviesRegistreren(invoer).gemeente',
  'overdrachtAanbieden(invoer).ontvanger',
  'overdrachtAanbieden(invoer).gemeente',
  'hwcSignaalVersturen(invoer).school',
  'casusToewijzen(medewerker)',
  // The source system's id of an imported dossier.
  'historieImporteren(invoer).dossiers.bronId',
  'casusToewijzen(team)',
  // Idempotency keys: the client's own retry token, never shown to anyone else.
  ...[
    'meldingRegistreren',
    'adviesRegistreren',
    'adviesOmzettenInMelding',
    'overdrachtAanbieden',
    'hwcSignaalVersturen',
    'huisverbodRegistreren',
    'awareAanvraagRegistreren',
    'melderToegangUitgeven',
  ].map((o) => `${o}(idempotentieSleutel)`),
]);

/** The scalars of text input: free text (src/lib/tekst.ts) and the String of cursors and idempotency keys. */
const TEKSTTYPEN = new Set(['String', 'Tekst', 'TekstRegel']);

/** Every text input of a mutation a VT worker can call, as `mutation(argument).path`. */
function vtTekstInvoer(schema: GraphQLSchema): string[] {
  const uit: string[] = [];
  const loop = (t: GraphQLInputObjectType, pad: string, bezocht: Set<string>): void => {
    for (const [naam, f] of Object.entries(t.getFields())) {
      const doel = getNamedType(f.type);
      if (isInputObjectType(doel)) {
        if (!bezocht.has(doel.name)) loop(doel, `${pad}.${naam}`, new Set([...bezocht, doel.name]));
      } else if (TEKSTTYPEN.has(doel.name)) uit.push(`${pad}.${naam}`);
    }
  };
  for (const [m, f] of Object.entries(schema.getMutationType()?.getFields() ?? {})) {
    if (!privacybeleid.operaties.Mutation[m]?.doelgroepen.some((r) => VT_UITVOERING.includes(r))) continue;
    for (const a of f.args) {
      const t = getNamedType(a.type);
      if (isInputObjectType(t)) loop(t, `${m}(${a.name})`, new Set([t.name]));
      else if (TEKSTTYPEN.has(t.name)) uit.push(`${m}(${a.name})`);
    }
  }
  return uit.sort();
}

describe('het beleid: elk tekstveld dat een partner kan zien heeft een verklaarde herkomst', () => {
  it('voor elke partnerrol en elk type in haar schema: geen interne vrije tekst van VT', async () => {
    const volledig = await bouwVolledigSchema(resolvers);
    let gecontroleerd = 0;
    for (const rol of PARTNERROLLEN) {
      for (const [typeNaam, velden] of zichtbareVelden(volledig, rol, privacybeleid)) {
        const type = volledig.getType(typeNaam);
        if (!isObjectType(type)) continue;
        for (const veld of velden) {
          if (getNamedType(type.getFields()[veld].type).name !== 'String') continue;
          if (typeNaam === 'Query' || typeNaam === 'Mutation') {
            expect.fail(`${rol}: ${typeNaam}.${veld} geeft losse tekst; geef een type met verklaarde velden`);
          }
          const bron = privacybeleid.typen[typeNaam]?.tekst?.[veld];
          expect(bron, `${rol}: herkomst van ${typeNaam}.${veld} ontbreekt in het beleid (tekst)`).toBeDefined();
          expect(bron, `${rol}: ${typeNaam}.${veld} is interne vrije tekst van VT`).not.toBe('VT_INTERN');
          gecontroleerd++;
        }
      }
    }
    expect(gecontroleerd).toBeGreaterThan(50);
  });

  it('interne vrije tekst van VT is persoonsgegeven en alleen voor VT, zoals de reden van intrekken', () => {
    const intern = Object.entries(privacybeleid.typen).flatMap(([type, tb]) =>
      Object.entries(tb.tekst ?? {})
        .filter(([, bron]) => bron === 'VT_INTERN')
        .map(([veld]) => ({ type, veld, tb })),
    );
    expect(intern.map((i) => `${i.type}.${i.veld}`)).toEqual(
      expect.arrayContaining(['Overdracht.intrekkingToelichting', 'HwcSignaal.intrekkingsreden']),
    );
    for (const { type, veld, tb } of intern) {
      expect(tb.persoonsgegevens, `${type}.${veld}`).toContain(veld);
      const rollen = tb.velden[veld] ?? tb.velden['*'];
      expect(
        // The privacy officer of the VT organisation handles data subjects' requests (src/rechten): VT staff too.
        rollen.every((r) => VT_UITVOERING.includes(r) || r === 'PRIVACY_OFFICER'),
        `${type}.${veld}: ${rollen.join(', ')}`,
      ).toBe(true);
    }
  });
});

describe('de antwoorden: geen vrije tekst van VT bij een partner', () => {
  let app: TestApp;
  const id = randomBytes(4).toString('hex');
  /** Input path → the marker written into it. */
  const merk = new Map<string, string>();
  const m = (pad: string): string => {
    const waarde = merk.get(pad) ?? `vtintern${id}${merk.size}x`;
    merk.set(pad, waarde);
    return waarde;
  };
  const tel = (pad: string): string => {
    const waarde = merk.get(pad) ?? `+31 6 ${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;
    merk.set(pad, waarde);
    return waarde;
  };
  /** Every answer a partner received, per organisation. */
  const antwoorden: { org: string; wat: string; body: string }[] = [];
  const schemas = new Map<string, GraphQLSchema>();

  const vt = (): Promise<string> => app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-tekst' });
  const partner = (org: string): Promise<string> => partnerToken(app, org);

  const ok = <T = Record<string, unknown>>(
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<T> => okAntwoord<T>(app, token, query, variables);

  /** A partner's step, asking for everything its schema offers; the answer joins the checked ones. */
  async function partnerMutatie(
    org: string,
    mutatie: string,
    args: string,
    variables: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const schema = schemas.get(org)!;
    const veld = schema.getMutationType()!.getFields()[mutatie];
    const doel = getNamedType(veld.type);
    const r = await app.gql(
      await partner(org),
      `mutation${args} { ${mutatie}${args.replace(/\$(\w+): [^,)]+/g, '$1: $$$1')}${isObjectType(doel) ? ` { ${volledigeSelectie(doel)} }` : ''} }`,
      variables,
    );
    expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
    antwoorden.push({ org, wat: mutatie, body: JSON.stringify(r.body) });
    return r.body.data as Record<string, unknown>;
  }

  /** A melding with every VT free-text input marked (the persons are shared with partners on purpose). */
  const melding = (pad: string): Record<string, unknown> =>
    meldingInvoer({
      omschrijving: m(`${pad}.omschrijving`),
      melder: {
        anonimiteit: 'OPEN',
        toestemmingBekendmaking: true,
        naam: m(`${pad}.melder.naam`),
        telefoon: tel(`${pad}.melder.telefoon`),
        email: `${m(`${pad}.melder.email`)}@voorbeeld.nl`,
        functie: m(`${pad}.melder.functie`),
        werkgever: m(`${pad}.melder.werkgever`),
      },
    });

  async function casus(
    o: { vervolg?: 'VERZOEK_TOT_ONDERZOEK' | 'VOORWAARDEN_EN_VERVOLG' } = {},
  ): Promise<{ casusId: string; meldingId: string; persoonIds: string[]; kind: string }> {
    const t = await vt();
    const r = await ok<{
      meldingRegistreren: { id: string; casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] };
    }>(
      t,
      `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId betrokkenen { rollen persoon { id } } } }`,
      { i: melding('meldingRegistreren(invoer)') },
    );
    const { id: meldingId, casusId, betrokkenen } = r.meldingRegistreren;
    const kind = betrokkenen.find((b) => b.rollen.includes('KIND'))!.persoon.id;
    await ok(
      t,
      `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
      {
        i: {
          meldingId,
          taxatie: 'STRUCTURELE_ONVEILIGHEID',
          uitkomst: o.vervolg ? 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS' : 'OVERDRACHT',
          vervolg: o.vervolg,
          toelichting: m('veiligheidsbeoordelingVastleggen(invoer).toelichting'),
          verzoekTotOnderzoek:
            o.vervolg === 'VERZOEK_TOT_ONDERZOEK'
              ? { kinderen: [kind], gronden: ['HULP_GEPROBEERD'], standpuntOuders: 'De ouders willen geen bemoeienis.' }
              : undefined,
        },
      },
    );
    return { casusId, meldingId, persoonIds: betrokkenen.map((b) => b.persoon.id), kind };
  }

  async function aanbieden(
    casusId: string,
    persoonIds: string[],
    ontvanger: string,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const r = await ok<{ overdrachtAanbieden: { id: string } }>(
      await vt(),
      `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
      {
        i: {
          casusId,
          soort: 'WARME_OVERDRACHT',
          ontvanger,
          persoonIds,
          metVeiligheidsafspraken: true,
          toelichting: 'Moeder wil hulp bij de opvoeding; het wijkteam schrijft het veiligheidsplan met het gezin.',
          grondslag: 'WMO_OVERDRACHT',
          grondslagToelichting: m('overdrachtAanbieden(invoer).grondslagToelichting'),
          ...extra,
        },
      },
    );
    return r.overdrachtAanbieden.id;
  }

  const intrekken = async (overdrachtId: string, reden: string): Promise<void> => {
    await ok(
      await vt(),
      `mutation($id: ID!, $t: Tekst) { overdrachtIntrekken(overdrachtId: $id, reden: ${reden}, toelichting: $t) { status } }`,
      {
        id: overdrachtId,
        t: m('overdrachtIntrekken(toelichting)'),
      },
    );
  };

  beforeAll(async () => {
    app = await startTestApp();
    await registreerPartners(app);
    for (const org of Object.keys(PARTNERS)) schemas.set(org, await schemaVan(app, await partner(org)));
  });
  afterAll(() => app.stop());

  it(
    'de scenario’s markeren elke vrije-tekstinvoer van VT die niet voor partners bedoeld is',
    { timeout: 90_000 },
    async () => {
      const t = await vt();
      // 1. A household in voorwaarden en vervolg handed over to the wijkteam: accepted, then withdrawn; offered again and
      //    withdrawn before it was ever accepted; then to the Zorg- en Veiligheidshuis, which takes it over; the casus
      //    goes to monitoring.
      const c1 = await casus({ vervolg: 'VOORWAARDEN_EN_VERVOLG' });
      await ok(t, `mutation($i: VeiligheidsafspraakInvoer!) { veiligheidsafspraakVastleggen(invoer: $i) { id } }`, {
        i: {
          casusId: c1.casusId,
          omschrijving: 'Vader komt niet in de woning.',
          partijen: ['moeder', 'vader'],
          overeengekomenOp: '2026-03-10',
        },
      });
      const o1 = await aanbieden(c1.casusId, c1.persoonIds, 'WT-A');
      await partnerMutatie('WT-A', 'overdrachtAccepteren', '($overdrachtId: ID!)', { overdrachtId: o1 });
      await intrekken(o1, 'ANDERS');
      const o2 = await aanbieden(c1.casusId, c1.persoonIds, 'WT-A');
      await intrekken(o2, 'FOUT_GEADRESSEERD');
      const o3 = await aanbieden(c1.casusId, c1.persoonIds, 'ZVH-A');
      await partnerMutatie('ZVH-A', 'overdrachtAccepteren', '($overdrachtId: ID!)', { overdrachtId: o3 });
      await partnerMutatie('ZVH-A', 'overdrachtContactBevestigen', '($invoer: OverdrachtContactInvoer!)', {
        invoer: { overdrachtId: o3, contactOp: '2026-03-10', vtPersoon: 'M. de Wit', partnerPersoon: 'Z. Huis' },
      });
      await ok(t, `mutation($i: CasusOvergangInvoer!) { casusOvergang(invoer: $i) { fase } }`, {
        i: { casusId: c1.casusId, naar: 'MONITORING', toelichting: m('casusOvergang(invoer).toelichting') },
      });
      await ok(t, `mutation($i: MonitoringcontactInvoer!) { monitoringcontactVastleggen(invoer: $i) { id } }`, {
        i: {
          casusId: c1.casusId,
          contactOp: '2026-03-10',
          uitkomst: 'VEILIG_STABIEL',
          toelichting: m('monitoringcontactVastleggen(invoer).toelichting'),
        },
      });
      // The partners see the code of each withdrawal, also of the offer the wijkteam never accepted.
      const wt = await ok<{ overdracht: { intrekkingReden: string } }>(
        await partner('WT-A'),
        `query($id: ID!) { overdracht(id: $id) { intrekkingReden } }`,
        { id: o2 },
      );
      expect(wt.overdracht.intrekkingReden).toBe('FOUT_GEADRESSEERD');

      // 2. An offer to the GI still open when VT closes the casus: withdrawn by the system.
      const c2 = await casus();
      const o4 = await aanbieden(c2.casusId, c2.persoonIds, 'GI-A', {
        soort: 'GI_OVERDRACHT',
        grondslag: 'JEUGDBESCHERMINGSMAATREGEL',
      });
      await ok(t, `mutation($i: CasusOvergangInvoer!) { casusOvergang(invoer: $i) { fase } }`, {
        i: {
          casusId: c2.casusId,
          naar: 'AFGESLOTEN',
          toelichting: m('casusOvergang(invoer).toelichting'),
          afsluitreden: m('casusOvergang(invoer).afsluitreden'),
          overdracht: {
            ontvangendePartij: m('casusOvergang(invoer).overdracht.ontvangendePartij'),
            contactBevestigdOp: '2026-03-10',
          },
        },
      });
      const gi = await ok<{ overdracht: { status: string; intrekkingReden: string } }>(
        await partner('GI-A'),
        `query($id: ID!) { overdracht(id: $id) { status intrekkingReden } }`,
        { id: o4 },
      );
      expect(gi.overdracht).toEqual({ status: 'INGETROKKEN', intrekkingReden: 'CASUS_AFGESLOTEN' });

      // 3. A Verzoek tot Onderzoek: the Raad declines, VT records the decision; the college hears that it was made.
      const c3 = await casus({ vervolg: 'VERZOEK_TOT_ONDERZOEK' });
      const o5 = await aanbieden(c3.casusId, c3.persoonIds, 'RVDK-A', {
        soort: 'VERZOEK_TOT_ONDERZOEK',
        grondslag: 'VERZOEK_RAAD',
        gemeente: 'GM-A',
        metVeiligheidsafspraken: false,
      });
      await partnerMutatie('RVDK-A', 'overdrachtAfwijzen', '($invoer: OverdrachtAfwijzenInvoer!)', {
        invoer: { overdrachtId: o5, reden: 'ONVOLDOENDE_HULP_GEPROBEERD', toelichting: 'Eerst vrijwillige hulp.' },
      });
      await ok(t, `mutation($i: CasusOvergangInvoer!) { casusOvergang(invoer: $i) { fase } }`, {
        i: {
          casusId: c3.casusId,
          naar: 'VOORWAARDEN_EN_VERVOLG',
          toelichting: m('casusOvergang(invoer).toelichting'),
          rvdkBesluit: { besluit: 'AFGEWEZEN', reden: m('casusOvergang(invoer).rvdkBesluit.reden') },
        },
      });

      // 4. Handle with Care: one signal acknowledged, one withdrawn.
      const hwc = `mutation($i: HwcSignaalInvoer!) { hwcSignaalVersturen(invoer: $i) { id } }`;
      const hwcInvoer = (dag: string): Record<string, unknown> => ({
        casusId: c1.casusId,
        persoonId: c1.kind,
        school: 'SCHOOL-A',
        incidentdatum: dag,
        grondslag: m('hwcSignaalVersturen(invoer).grondslag'),
      });
      const s1 = (await ok<{ hwcSignaalVersturen: { id: string } }>(t, hwc, { i: hwcInvoer('2026-03-09') }))
        .hwcSignaalVersturen.id;
      await partnerMutatie('SCHOOL-A', 'hwcOntvangstBevestigen', '($signaalId: ID!)', { signaalId: s1 });
      const s2 = (await ok<{ hwcSignaalVersturen: { id: string } }>(t, hwc, { i: hwcInvoer('2026-03-08') }))
        .hwcSignaalVersturen.id;
      await ok(t, `mutation($id: ID!, $r: Tekst!) { hwcSignaalIntrekken(signaalId: $id, reden: $r) { id } }`, {
        id: s2,
        r: m('hwcSignaalIntrekken(reden)'),
      });

      // 5. ZSM: the OM asks about the household, VT answers with the agreed data set.
      const peter = (
        await app.sql(
          `select bsn from persoon where id = any($1::uuid[]) and bsn is not null and geboortedatum < '2000-01-01'`,
          [c1.persoonIds],
        )
      )[0].bsn as string;
      const zsm = await partnerMutatie('OM-A', 'zsmVerzoekIndienen', '($invoer: ZsmVerzoekInvoer!)', {
        invoer: {
          vtOrganisatie: 'VT14',
          reden: 'Verdachte van mishandeling.',
          inverzekeringstellingEindigtOp: '2026-03-12T12:00:00Z',
          personen: [{ bsn: peter }],
        },
      });
      const verzoek = zsm.zsmVerzoekIndienen as { id: string; personen: { id: string }[] };
      await ok(t, `mutation($i: ZsmAntwoordInvoer!) { zsmVerzoekBeantwoorden(invoer: $i) { id } }`, {
        i: {
          verzoekId: verzoek.id,
          personen: [{ zsmPersoonId: verzoek.personen[0].id, relevanteInformatie: 'Contactverbod is nodig.' }],
        },
      });
      await partnerMutatie('POL-A', 'zsmVerzoekIndienen', '($invoer: ZsmVerzoekInvoer!)', {
        invoer: {
          vtOrganisatie: 'VT14',
          reden: 'Huiselijk geweld.',
          inverzekeringstellingEindigtOp: '2026-03-12T12:00:00Z',
          personen: [{ bsn: peter }],
        },
      });

      // 6. An advies, made into a melding.
      const advies = await ok<{ adviesRegistreren: { id: string } }>(
        t,
        `mutation($i: AdviesInvoer!) { adviesRegistreren(invoer: $i) { id } }`,
        {
          i: {
            ontvangenOp: '2026-03-09T10:00:00+01:00',
            kanaal: 'TELEFOON',
            hoedanigheidAdviesvrager: 'BEROEPSMATIG',
            organisatieAdviesvrager: 'KINDEROPVANG',
            aardGeweld: ['KINDERMISHANDELING'],
            omschrijving: m('adviesRegistreren(invoer).omschrijving'),
          },
        },
      );
      await ok(
        t,
        `mutation($id: ID!, $m: MeldingInvoer!) { adviesOmzettenInMelding(adviesId: $id, melding: $m, ambtshalve: true) { id } }`,
        {
          id: advies.adviesRegistreren.id,
          m: melding('adviesOmzettenInMelding(melding)'),
        },
      );

      // 7. A colleague who is not assigned opens the first casus in an emergency, with a reason.
      const collega = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-nood' });
      await ok(collega, `mutation($c: ID!, $r: Tekst!) { noodtoegangOpenen(casusId: $c, reden: $r) { id } }`, {
        c: c1.casusId,
        r: `${m('noodtoegangOpenen(reden)')} acute dreiging gemeld buiten kantoortijd`,
      });

      // 8. VT postpones informing the reported person, with its weighing (internal text).
      await ok(t, `mutation($i: BetrokkeneInformerenInvoer!) { betrokkeneInformerenVastleggen(invoer: $i) { id } }`, {
        i: {
          meldingId: c1.meldingId,
          uitkomst: 'UITGESTELD',
          reden: 'VEILIGHEID_KIND',
          uitgesteldTot: '2026-03-20',
          toelichting: m('betrokkeneInformerenVastleggen(invoer).toelichting'),
        },
      });
      // 9. Two tijdelijke huisverboden in the first household: VT works and advises, the burgemeester extends the
      //    first and withdraws the second, after which VT records a monitoring contact.
      const uithuis = (
        await app.sql(`select id from persoon where id = any($1::uuid[]) and geboortedatum < '2000-01-01'`, [
          c1.persoonIds,
        ])
      )[0].id as string;
      const thv = async (): Promise<string> =>
        (
          await ok<{ huisverbodRegistreren: { id: string } }>(
            t,
            `mutation($i: HuisverbodRegistrerenInvoer!) { huisverbodRegistreren(invoer: $i) { id } }`,
            {
              i: {
                casusId: c1.casusId,
                uithuisgeplaatstePersoonId: uithuis,
                achterblijverPersoonIds: [c1.kind],
                opgelegdOp: '2026-03-09T22:00:00+01:00',
                gemeente: 'OOV-A',
                politie: 'POL-A',
                politieReferentie: 'PL0900-2026-1',
                beschikkingKenmerk: 'OOV/2026/1',
                rihgReferentie: m('huisverbodRegistreren(invoer).rihgReferentie'),
              },
            },
          )
        ).huisverbodRegistreren.id;
      const thv1 = await thv();
      const thv2 = await thv();
      for (const id of [thv1, thv2]) {
        await ok(t, `mutation($i: HuisverbodBijwerkenInvoer!) { huisverbodBijwerken(invoer: $i) { id } }`, {
          i: {
            huisverbodId: id,
            gesprekUithuisgeplaatsteOp: '2026-03-10',
            gesprekAchterblijversOp: '2026-03-10',
            informatieDerden: m('huisverbodBijwerken(invoer).informatieDerden'),
            veiligheidsplan: m('huisverbodBijwerken(invoer).veiligheidsplan'),
          },
        });
      }
      await ok(t, `mutation($i: HuisverbodAdviesInvoer!) { huisverbodAdviseren(invoer: $i) { id } }`, {
        i: { huisverbodId: thv1, advies: 'VERLENGEN', toelichting: 'De hulp is net gestart.' },
      });
      // The gemeente knows each huisverbod by an id of its own.
      const gemeenteId = async (id: string): Promise<string> =>
        (await app.sql(`select gemeente_id::text as g from huisverbod where id = $1`, [id]))[0].g as string;
      await partnerMutatie('OOV-A', 'huisverbodVerlengen', '($invoer: HuisverbodVerlengenInvoer!)', {
        invoer: { huisverbodId: await gemeenteId(thv1), verlengdTot: '2026-03-30T22:00:00+02:00' },
      });
      await partnerMutatie('OOV-A', 'huisverbodIntrekken', '($huisverbodId: ID!)', {
        huisverbodId: await gemeenteId(thv2),
      });
      await ok(
        t,
        `mutation($i: HuisverbodMonitoringcontactInvoer!) { huisverbodMonitoringcontactVastleggen(invoer: $i) { id } }`,
        {
          i: {
            huisverbodId: thv2,
            contactOp: '2026-03-10',
            uitkomst: 'VEILIG',
            toelichting: m('huisverbodMonitoringcontactVastleggen(invoer).toelichting'),
          },
        },
      );

      // 10. An Aware application for the child's mother: VT submits it, the committee grants it, VT installs the alarm
      //     and ends it with an internal reason.
      const aware = (
        await ok<{ awareAanvraagRegistreren: { id: string } }>(
          t,
          `mutation($i: AwareAanvraagInvoer!) { awareAanvraagRegistreren(invoer: $i) { id } }`,
          {
            i: {
              casusId: c1.casusId,
              slachtofferPersoonId: c1.kind,
              commissie: 'AWARE-A',
              dreiging: 'EX_PARTNER',
              onderbouwing: 'Ex-partner dreigt; contactverbod overtreden.',
            },
          },
        )
      ).awareAanvraagRegistreren.id;
      await ok(t, `mutation($id: ID!) { awareAanvraagVoorleggen(aanvraagId: $id) { id } }`, { id: aware });
      const awareCid = (await app.sql(`select commissie_id::text as c from aware_aanvraag where id = $1`, [aware]))[0]
        .c as string;
      await partnerMutatie('AWARE-A', 'awareBesluitNemen', '($invoer: AwareBesluitInvoer!)', {
        invoer: { aanvraagId: awareCid, besluit: 'TOEGEKEND', motivering: 'Ernstige dreiging.', periodeMaanden: 3 },
      });
      await ok(t, `mutation($i: AwareInstallatieInvoer!) { awareInstallatieVastleggen(invoer: $i) { id } }`, {
        i: { aanvraagId: aware, geinstalleerdOp: '2026-03-10' },
      });
      await ok(t, `mutation($i: AwareVerlengenInvoer!) { awareVerlengen(invoer: $i) { id } }`, {
        i: { aanvraagId: aware, einddatum: '2026-09-10' },
      });
      await ok(t, `mutation($i: AwareBeeindigenInvoer!) { awareBeeindigen(invoer: $i) { id } }`, {
        i: { aanvraagId: aware, reden: m('awareBeeindigen(invoer).reden') },
      });
      // A history import (src/historie) with every free text of a dossier marked; nothing of it is offered to a partner.
      const h = 'historieImporteren(invoer).dossiers';
      const vb = (vervolg: string) => ({
        plaatsgevondenOp: '2025-03-05T10:00:00+01:00',
        beoordeling: {
          taxatie: 'STRUCTURELE_ONVEILIGHEID',
          uitkomst: 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS',
          vervolg,
          toelichting: m(`${h}.stappen.beoordeling.toelichting`),
        },
      });
      const afspraak = {
        plaatsgevondenOp: '2025-03-10T10:00:00+01:00',
        veiligheidsafspraak: {
          omschrijving: m(`${h}.stappen.veiligheidsafspraak.omschrijving`),
          partijen: [m(`${h}.stappen.veiligheidsafspraak.partijen`)],
        },
      };
      const imp = await ok<{ historieImporteren: { geimporteerd: number } }>(
        await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-tekst' }),
        `mutation($i: HistorieImportInvoer!) { historieImporteren(invoer: $i) { geimporteerd } }`,
        {
          i: {
            dossiers: [
              {
                bronId: `tekst-${id}-1`,
                meldingen: [{ ...melding(`${h}.meldingen`), ontvangenOp: '2025-03-03T10:00:00+01:00' }],
                stappen: [
                  vb('VOORWAARDEN_EN_VERVOLG'),
                  afspraak,
                  {
                    plaatsgevondenOp: '2025-04-01T10:00:00+02:00',
                    overgang: { naar: 'OVERDRACHT', toelichting: m(`${h}.stappen.overgang.toelichting`) },
                  },
                  {
                    plaatsgevondenOp: '2025-04-08T10:00:00+02:00',
                    overgang: {
                      naar: 'AFGESLOTEN',
                      toelichting: m(`${h}.stappen.overgang.toelichting`),
                      overdracht: {
                        ontvangendePartij: m(`${h}.stappen.overgang.overdracht.ontvangendePartij`),
                        contactBevestigdOp: '2025-04-07',
                      },
                      afsluitreden: m(`${h}.stappen.overgang.afsluitreden`),
                    },
                  },
                ],
              },
              {
                bronId: `tekst-${id}-2`,
                meldingen: [{ ...melding(`${h}.meldingen`), ontvangenOp: '2025-03-03T10:00:00+01:00' }],
                stappen: [
                  vb('VOORWAARDEN_EN_VERVOLG'),
                  afspraak,
                  {
                    plaatsgevondenOp: '2025-04-01T10:00:00+02:00',
                    overgang: { naar: 'MONITORING', toelichting: m(`${h}.stappen.overgang.toelichting`) },
                  },
                  {
                    plaatsgevondenOp: '2025-06-05T10:00:00+02:00',
                    monitoringcontact: {
                      uitkomst: 'VEILIG_STABIEL',
                      toelichting: m(`${h}.stappen.monitoringcontact.toelichting`),
                    },
                  },
                ],
              },
            ],
          },
        },
      );
      expect(imp.historieImporteren.geimporteerd).toBe(2);

      // Every VT free-text input is marked here, or declared as written for partners (or a code).
      const volledig = await bouwVolledigSchema(resolvers);
      const invoer = vtTekstInvoer(volledig);
      const onbekend = invoer.filter((p) => !merk.has(p) && !VOOR_PARTNERS.has(p));
      expect(
        onbekend,
        'vrije-tekstinvoer van VT die dit scenario niet markeert en niet voor partners is verklaard',
      ).toEqual([]);
      expect(
        [...merk.keys()].filter((p) => !invoer.includes(p)),
        'gemarkeerd, maar geen invoer (meer)',
      ).toEqual([]);
    },
  );

  it(
    'elke lezing van elke partnerrol, met alles wat haar schema toestaat en elk id dat er is, bevat geen enkele markering',
    { timeout: 120_000 },
    async () => {
      expect(
        Object.values(PARTNERS)
          .map((p) => p.rol)
          .sort(),
      ).toEqual([...PARTNERROLLEN].sort());
      const ids = (
        await app.sql(
          `select id::text from overdracht union all select id::text from zsm_verzoek union all select id::text from hwc_signaal
          union all select id::text from verzoek_tot_onderzoek_melding union all select id::text from monitoring_input
          union all select id::text from persoon union all select id::text from melding union all select id::text from casus
          union all select id::text from webhook_endpoint union all select commissie_id::text from aware_aanvraag`,
        )
      ).map((r) => r.id as string);
      for (const org of Object.keys(PARTNERS)) {
        const token = await partner(org);
        const { aanroepen, overgeslagen } = alleLeesaanroepen(schemas.get(org)!, ids);
        expect(overgeslagen, org).toEqual([]);
        for (const a of aanroepen) {
          const r = await app.gql(token, a.query, a.variables);
          expect(r.status, `${org} ${a.veld}`).toBe(200);
          expect(r.body.errors?.filter((e) => e.extensions?.code !== 'NOT_FOUND') ?? [], `${org} ${a.veld}`).toEqual(
            [],
          );
          antwoorden.push({ org, wat: `${a.veld} ${JSON.stringify(a.variables)}`, body: JSON.stringify(r.body) });
        }
      }
      // Something was read: the handovers, the signal, the ZSM answer and the college's notification.
      const gelezen = antwoorden.map((a) => a.body).join('\n');
      for (const verwacht of [
        'Moeder wil hulp bij de opvoeding',
        'Contactverbod is nodig.',
        'Handle with Care',
        'FOUT_GEADRESSEERD',
        'CASUS_AFGESLOTEN',
        'Eerst vrijwillige hulp.',
      ]) {
        expect(gelezen, verwacht).toContain(verwacht);
      }
      expect(merk.size).toBeGreaterThan(20);
      for (const [pad, waarde] of merk) {
        const lek = antwoorden.find((a) => a.body.toLowerCase().includes(waarde.toLowerCase()));
        expect(lek && `${pad} bij ${lek.org} (${lek.wat})`, pad).toBeUndefined();
      }
    },
  );
});
