import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { alleRollen, organisatieSoortenPerRol, type OrganisatieSoort, type Rol } from '../../src/auth/rollen';
import { geldigBsn, meldingInvoer } from '../helpers/fabriek';
import { alleLeesaanroepen, schemaVan } from '../helpers/selectie';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Every audit record is findable by the privacy officer responsible for it, and by no other. Responsible is the VT
 * region of the object where there is one, else the organisation that acted (a national or gemeente analyst, a partner
 * changing its webhooks). Generated: operations as every role for every kind of organisation it can act for (reads of
 * every query, writes, analyst questions, webhook changes by every partner), then EVERY record in audit_gebeurtenis is
 * looked up through auditSpoor by its user, its object and each of its persons by the privacy officer of its
 * organisation, and every privacy officer asks for every user's records and gets only its own organisation's.
 */
let app: TestApp;

/** An organisation of every kind; VT regions are VT14 and VT09. */
const ORGANISATIES: Readonly<Record<OrganisatieSoort, string[]>> = {
  VEILIG_THUIS: ['VT14', 'VT09'],
  WIJKTEAM: ['WT-A'],
  GECERTIFICEERDE_INSTELLING: ['GI-A'],
  RAAD_VOOR_DE_KINDERBESCHERMING: ['RVDK-A'],
  POLITIE: ['POL-A'],
  OPENBAAR_MINISTERIE: ['OM-A'],
  SCHOOL: ['SCHOOL-A'],
  ZORG_EN_VEILIGHEIDSHUIS: ['ZVH-A'],
  GEMEENTE: ['GM0402', 'GM-B'],
  LANDELIJK: ['MIN-A'],
};

const token = (rol: Rol, org: string): Promise<string> =>
  app.token(rol, org, { sub: `${rol.toLowerCase()}@${org.toLowerCase()}` });

async function ok<T = Record<string, unknown>>(
  t: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const r = await app.gql<T>(t, query, variables);
  expect(r.body.errors, `${query.slice(0, 80)}: ${JSON.stringify(r.body.errors)}`).toBeUndefined();
  return r.body.data!;
}

type Regel = { id: string; gebruiker: string; object_id: string | null; p: string[]; verantwoordelijk: string };

const SPOOR = `query($f: AuditFilter!, $na: String) { auditSpoor(filter: $f, eerste: 100, na: $na) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`;

/** Every record a privacy officer gets for one filter, all pages. */
async function spoor(po: string, filter: Record<string, string>): Promise<string[]> {
  const ids: string[] = [];
  let na: string | null = null;
  for (;;) {
    const d: {
      auditSpoor: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    } = await ok(po, SPOOR, { f: filter, na });
    ids.push(...d.auditSpoor.edges.map((e) => e.node.id));
    if (!d.auditSpoor.pageInfo.hasNextPage) return ids;
    na = d.auditSpoor.pageInfo.endCursor;
  }
}

async function regels(vanaf = 0): Promise<Regel[]> {
  return (await app.sql(
    `select id::text, gebruiker, object_id, persoon_ids::text[] as p, coalesce(vt_organisatie, organisatie) as verantwoordelijk from audit_gebeurtenis where id > $1 order by id`,
    [vanaf],
  )) as Regel[];
}

beforeAll(async () => {
  // A partner registers a webhook receiver on 127.0.0.1 (development setting).
  app = await startTestApp({ env: { WEBHOOK_PRIVE_ADRESSEN_TOESTAAN: 'true' } });
  for (const [soort, codes] of Object.entries(ORGANISATIES)) {
    if (soort !== 'VEILIG_THUIS') for (const code of codes) await app.partner(code, soort);
  }
});
afterAll(() => app.stop());

describe('elke auditregel heeft een privacy officer die haar vindt', () => {
  it('een privacy officer van elke soort organisatie krijgt alleen de auditvragen, geen zaakinhoud', async () => {
    for (const soort of Object.keys(ORGANISATIES) as OrganisatieSoort[]) {
      expect(organisatieSoortenPerRol.PRIVACY_OFFICER, soort).toContain(soort);
      const schema = await schemaVan(app, await token('PRIVACY_OFFICER', ORGANISATIES[soort][0]));
      // The audit questions, the review of emergency access, the CBS delivery, retention and the requests of data
      // subjects (these answer only for a VT organisation, below, in test/analyse/cbs-levering.test.ts, test/bewaring
      // and test/rechten).
      expect(Object.keys(schema.getQueryType()!.getFields()).sort(), soort).toEqual([
        'afschrift',
        'auditKetenControle',
        'auditSpoor',
        'bewaring',
        'bewaringen',
        'cbsLevering',
        'cbsLeveringen',
        'gegevenscorrecties',
        'ik',
        'noodtoegangGebruik',
        'noodtoegangen',
        'rechtenverzoek',
        'rechtenverzoeken',
      ]);
      expect(Object.keys(schema.getMutationType()?.getFields() ?? {}).sort(), soort).toEqual([
        'auditKetenControleren',
        'gegevensCorrigeren',
        'legalHoldOpheffen',
        'legalHoldZetten',
        'maatregelEindeVastleggen',
        'noodtoegangBeoordelen',
        'rechtenverzoekAfhandelen',
        'rechtenverzoekBesluiten',
        'rechtenverzoekRegistreren',
        'rechtenverzoekVerlengen',
        'vernietigingAfwijzen',
        'vernietigingGoedkeuren',
        'vernietigingVoorstellen',
        'verwerkingsbeperkingOpheffen',
      ]);
      for (const verboden of [
        'Melding',
        'Persoon',
        'Casus',
        'Overdracht',
        'ZsmVerzoek',
        'HwcSignaal',
        'AnalyseAntwoord',
      ]) {
        expect(schema.getType(verboden), `${soort}: ${verboden}`).toBeFalsy();
      }
    }
    // The whole chain spans every organisation's records (its counts show what all of Ketenpoort does): VT only.
    const keten = `mutation { auditKetenControleren { id status } }`;
    expect((await app.gql(await token('PRIVACY_OFFICER', 'GM0402'), keten)).body.errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await app.gql(await token('PRIVACY_OFFICER', 'VT14'), keten)).body.errors).toBeUndefined();
    // Emergency access is to VT's own casussen: only a VT organisation's officer reviews it.
    const nood = `{ noodtoegangen { edges { node { id } } } }`;
    expect((await app.gql(await token('PRIVACY_OFFICER', 'GM0402'), nood)).body.errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await app.gql(await token('PRIVACY_OFFICER', 'VT14'), nood)).body.errors).toBeUndefined();
  });

  // Hundreds of requests (every role's reads, every officer asking for every user's records): a longer time limit.
  it(
    'na handelingen van elke rol vindt de verantwoordelijke privacy officer elke regel, op gebruiker, object en persoon, en niemand anders',
    { timeout: 180_000 },
    async () => {
      // ---- writes and steps through the process
      const vt = await token('VT_MEDEWERKER', 'VT14');
      const m = await ok<{
        meldingRegistreren: {
          id: string;
          casusId: string;
          betrokkenen: { rollen: string[]; persoon: { id: string } }[];
        };
      }>(
        vt,
        `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId betrokkenen { rollen persoon { id } } } }`,
        { i: meldingInvoer() },
      );
      const { id: meldingId, casusId, betrokkenen } = m.meldingRegistreren;
      const persoonIds = betrokkenen.map((b) => b.persoon.id);
      const kind = betrokkenen.find((b) => b.rollen.includes('KIND'))!.persoon.id;
      await ok(
        await token('VT_MEDEWERKER', 'VT09'),
        `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id } }`,
        { i: meldingInvoer() },
      );
      await ok(
        vt,
        `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
        {
          i: { meldingId, taxatie: 'STRUCTURELE_ONVEILIGHEID', uitkomst: 'OVERDRACHT', toelichting: 'Beoordeeld.' },
        },
      );
      const o = await ok<{ overdrachtAanbieden: { id: string } }>(
        vt,
        `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
        {
          i: {
            casusId,
            soort: 'WARME_OVERDRACHT',
            ontvanger: 'WT-A',
            persoonIds,
            metVeiligheidsafspraken: false,
            toelichting: 'Context.',
            grondslag: 'WMO_OVERDRACHT',
          },
        },
      );
      await ok(
        await token('WIJKTEAM_MEDEWERKER', 'WT-A'),
        `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { inhoud { personen { voornamen } } } }`,
        { id: o.overdrachtAanbieden.id },
      );
      await ok(vt, `mutation($i: HwcSignaalInvoer!) { hwcSignaalVersturen(invoer: $i) { id } }`, {
        i: { casusId, persoonId: kind, school: 'SCHOOL-A', incidentdatum: '2026-03-09', grondslag: 'Convenant' },
      });
      const bsn =
        ((
          await app.sql(`select bsn from persoon where id = any($1::uuid[]) and bsn is not null limit 1`, [persoonIds])
        )[0].bsn as string) ?? geldigBsn();
      for (const [rol, org] of [
        ['OM_ZSM_MEDEWERKER', 'OM-A'],
        ['POLITIE_MEDEWERKER', 'POL-A'],
      ] as const) {
        const z = await ok<{ zsmVerzoekIndienen: { id: string } }>(
          await token(rol, org),
          `mutation($i: ZsmVerzoekInvoer!) { zsmVerzoekIndienen(invoer: $i) { id } }`,
          {
            i: {
              vtOrganisatie: 'VT14',
              reden: 'Mishandeling.',
              inverzekeringstellingEindigtOp: '2026-03-12T12:00:00Z',
              personen: [{ bsn }],
            },
          },
        );
        await ok(vt, `mutation($i: ZsmAntwoordInvoer!) { zsmVerzoekBeantwoorden(invoer: $i) { id } }`, {
          i: { verzoekId: z.zsmVerzoekIndienen.id, personen: [] },
        });
      }
      await ok(
        await token('POLITIE_MEDEWERKER', 'POL-A'),
        `mutation($i: PolitieBatchInvoer!) { politieMeldingenAanleveren(invoer: $i) { status } }`,
        {
          i: {
            meldingen: [
              {
                politieReferentie: '2026-A-1',
                vtRegio: 'VT14',
                ontvangenOp: '2026-03-09T23:10:00+01:00',
                aardGeweld: ['EX_PARTNERGEWELD'],
                duurGeweld: 'ONBEKEND',
                omschrijving: 'Zorgmelding.',
                melder: {
                  anonimiteit: 'OPEN',
                  naam: 'Agent',
                  telefoon: '0900-8844',
                  functie: 'wijkagent',
                  werkgever: 'Politie',
                },
                betrokkenen: [
                  { rollen: ['SLACHTOFFER'], persoon: { bsn: geldigBsn(), voornamen: 'Eva', achternaam: 'Bakker' } },
                ],
              },
            ],
          },
        },
      );
      // ---- analyst questions of a VT region, a gemeente and a national body
      for (const org of ['VT14', 'GM0402', 'MIN-A']) {
        await ok(
          await token('ANALIST', org),
          `{ analyse(vraag: { maten: [MELDINGEN], dimensies: [PERIODE] }) { onderdrukt } }`,
        );
      }
      // ---- every partner registers, changes, rotates and removes a webhook endpoint
      for (const rol of [
        'WIJKTEAM_MEDEWERKER',
        'GI_JEUGDBESCHERMER',
        'RVDK_MEDEWERKER',
        'POLITIE_MEDEWERKER',
        'OM_ZSM_MEDEWERKER',
        'SCHOOL_CONTACTPERSOON',
        'ZVH_MEDEWERKER',
        'GEMEENTE_MEDEWERKER',
      ] as const) {
        const t = await token(rol, ORGANISATIES[organisatieSoortenPerRol[rol][0]][0]);
        const e = await ok<{ webhookEndpointRegistreren: { endpoint: { id: string } } }>(
          t,
          `mutation { webhookEndpointRegistreren(invoer: { url: "http://127.0.0.1:9/webhooks", omschrijving: "test" }) { endpoint { id } } }`,
        );
        const id = e.webhookEndpointRegistreren.endpoint.id;
        await ok(
          t,
          `mutation($id: ID!) { webhookEndpointWijzigen(id: $id, invoer: { omschrijving: "anders" }) { id } }`,
          { id },
        );
        await ok(t, `mutation($id: ID!) { webhookGeheimRoteren(id: $id) { geheim } }`, { id });
        await ok(t, `mutation($id: ID!) { webhookEndpointVerwijderen(id: $id) }`, { id });
      }
      // ---- every role, for every kind of organisation it can act for, reads everything its schema offers
      const ids = (
        await app.sql(
          `(select id::text from melding order by ontvangen_op limit 2) union all (select id::text from casus limit 1) union all (select id::text from persoon limit 2)
          union all (select id::text from overdracht limit 1) union all (select id::text from zsm_verzoek limit 1) union all (select id::text from hwc_signaal limit 1)
          union all (select id::text from advies limit 1)`,
        )
      ).map((r) => r.id as string);
      for (const rol of alleRollen) {
        for (const soort of organisatieSoortenPerRol[rol]) {
          for (const org of ORGANISATIES[soort].slice(0, 1)) {
            const t = await token(rol, org);
            for (const a of alleLeesaanroepen(await schemaVan(app, t), ids).aanroepen) {
              const r = await app.gql(t, a.query, a.variables);
              expect(r.status, `${rol}@${org} ${a.veld}`).toBe(200);
            }
          }
        }
      }
      // ---- the records: of every kind of actor, including ones without a VT region
      const alle = await regels();
      const verantwoordelijken = [...new Set(alle.map((r) => r.verantwoordelijk))].sort();
      expect(verantwoordelijken).toEqual(
        expect.arrayContaining([
          'VT14',
          'VT09',
          'WT-A',
          'GI-A',
          'RVDK-A',
          'POL-A',
          'OM-A',
          'SCHOOL-A',
          'ZVH-A',
          'GM0402',
          'MIN-A',
        ]),
      );
      const vanOrg = new Map<string, Regel[]>();
      for (const r of alle) vanOrg.set(r.verantwoordelijk, [...(vanOrg.get(r.verantwoordelijk) ?? []), r]);
      const gebruikers = [...new Set(alle.map((r) => r.gebruiker))];
      // The officers' own searches below are audited too; rows written after the snapshot are not part of the question.
      const laatsteVoorVragen = Math.max(...alle.map((r) => Number(r.id)));

      for (const [org, eigen] of vanOrg) {
        const po = await token('PRIVACY_OFFICER', org);
        const eigenIds = new Set(eigen.map((r) => r.id));
        const gevonden = new Set<string>();
        // Asked for EVERY user's records, an officer gets only (and all) those its organisation is responsible for.
        for (const gebruiker of gebruikers) {
          const ids = (await spoor(po, { gebruiker })).filter((i) => Number(i) <= laatsteVoorVragen);
          expect(
            ids.filter((i) => !eigenIds.has(i)),
            `${org} ziet regels van een andere organisatie (gebruiker ${gebruiker})`,
          ).toEqual([]);
          const verwacht = eigen.filter((r) => r.gebruiker === gebruiker).map((r) => r.id);
          expect(
            verwacht.filter((i) => !ids.includes(i)),
            `${org} vindt niet alle regels van ${gebruiker}`,
          ).toEqual([]);
          ids.forEach((i) => gevonden.add(i));
        }
        expect(
          eigen.filter((r) => !gevonden.has(r.id)).map((r) => r.id),
          `${org}: regels die niemand vindt`,
        ).toEqual([]);
        // By object and by person too.
        for (const objectId of new Set(eigen.map((r) => r.object_id).filter((x): x is string => x != null))) {
          const ids = await spoor(po, { objectId });
          expect(
            eigen.filter((r) => r.object_id === objectId && !ids.includes(r.id)).map((r) => r.id),
            `${org}: object ${objectId.slice(0, 60)}`,
          ).toEqual([]);
          expect(
            ids.filter((i) => !eigenIds.has(i)),
            `${org}: object ${objectId.slice(0, 60)}`,
          ).toEqual([]);
        }
        for (const persoonId of new Set(eigen.flatMap((r) => r.p))) {
          const ids = await spoor(po, { persoonId });
          expect(
            eigen.filter((r) => r.p.includes(persoonId) && !ids.includes(r.id)).map((r) => r.id),
            `${org}: persoon ${persoonId}`,
          ).toEqual([]);
          expect(
            ids.filter((i) => !eigenIds.has(i)),
            `${org}: persoon ${persoonId}`,
          ).toEqual([]);
        }
      }

      // Their own looking is recorded too, and findable by their own organisation's officer.
      const laatste = Math.max(...alle.map((r) => Number(r.id)));
      const nieuw = await regels(laatste);
      expect(nieuw.length).toBeGreaterThan(0);
      for (const r of nieuw) {
        expect(
          await spoor(await token('PRIVACY_OFFICER', r.verantwoordelijk), { gebruiker: r.gebruiker }),
          r.id,
        ).toContain(r.id);
      }
    },
  );
});
