import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { meldingInvoer } from '../helpers/fabriek';
import { alleLeesaanroepen, schemaVan } from '../helpers/selectie';
import { okAntwoord, PARTNERS, partnerToken, registreerPartners } from '../helpers/partners';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Ids are correlation handles. The college told of a Verzoek tot Onderzoek gets a notification with an id of its own,
 * not the overdracht's (which the Raad, VT and the audit trail know). The same class, checked for every partner: no id
 * one partner organisation receives (in any answer, event or cursor) is received by another, and no partner receives
 * an id VT uses for its own rows (persons, casussen, meldingen).
 */
let app: TestApp;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

const vt = (): Promise<string> => app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-ids' });
const partner = (org: string): Promise<string> => partnerToken(app, org);

const ok = <T = Record<string, unknown>>(
  token: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> => okAntwoord<T>(app, token, query, variables);

/** Every id in a text, also inside the opaque cursors (base64url of `time|id` or `g:volgnummer`). */
function idsIn(tekst: string): string[] {
  const uit = [...(tekst.match(UUID) ?? [])];
  for (const woord of tekst.match(/"[A-Za-z0-9_-]{20,}"/g) ?? []) {
    uit.push(...(Buffer.from(woord.slice(1, -1), 'base64url').toString('utf8').match(UUID) ?? []));
  }
  return uit.map((i) => i.toLowerCase());
}

async function casus(
  vervolg: 'VOORWAARDEN_EN_VERVOLG' | 'VERZOEK_TOT_ONDERZOEK',
): Promise<{ casusId: string; persoonIds: string[]; kind: string }> {
  const t = await vt();
  const r = await ok<{
    meldingRegistreren: { id: string; casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] };
  }>(
    t,
    `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId betrokkenen { rollen persoon { id } } } }`,
    { i: meldingInvoer() },
  );
  const m = r.meldingRegistreren;
  const kind = m.betrokkenen.find((b) => b.rollen.includes('KIND'))!.persoon.id;
  await ok(
    t,
    `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
    {
      i: {
        meldingId: m.id,
        taxatie: 'STRUCTURELE_ONVEILIGHEID',
        uitkomst: 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS',
        vervolg,
        toelichting: 'Beoordeeld.',
        verzoekTotOnderzoek:
          vervolg === 'VERZOEK_TOT_ONDERZOEK'
            ? { kinderen: [kind], gronden: ['HULP_GEPROBEERD'], standpuntOuders: 'Geen bemoeienis.' }
            : undefined,
      },
    },
  );
  return { casusId: m.casusId, persoonIds: m.betrokkenen.map((b) => b.persoon.id), kind };
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
        metVeiligheidsafspraken: false,
        toelichting: 'Zie gesprek.',
        grondslag: 'WMO_OVERDRACHT',
        ...extra,
      },
    },
  );
  return r.overdrachtAanbieden.id;
}

beforeAll(async () => {
  app = await startTestApp();
  await registreerPartners(app);
});
afterAll(() => app.stop());

describe('ids van partners', () => {
  let vto: string;

  it('het college krijgt een melding met een eigen, vaste id; de gemeente leest geen overdrachtrij', async () => {
    const c = await casus('VERZOEK_TOT_ONDERZOEK');
    vto = await aanbieden(c.casusId, c.persoonIds, 'RVDK-A', {
      soort: 'VERZOEK_TOT_ONDERZOEK',
      grondslag: 'VERZOEK_RAAD',
      gemeente: 'GM-A',
    });
    const gm = await partner('GM-A');
    const lijst = async (): Promise<string[]> =>
      (
        await ok<{ verzoekenTotOnderzoekGemeld: { edges: { node: { id: string } }[] } }>(
          gm,
          `{ verzoekenTotOnderzoekGemeld { edges { node { id } } } }`,
        )
      ).verzoekenTotOnderzoekGemeld.edges.map((e) => e.node.id);
    const [melding] = await lijst();
    expect(melding).toBeDefined();
    expect(melding).not.toBe(vto);
    // Stable: the same id in every read and in the event the gemeente's systems got.
    expect(await lijst()).toEqual([melding]);
    const feed = await ok<{
      gebeurtenissen: { edges: { node: { type: string; objectType: string; objectId: string } }[] };
    }>(gm, `{ gebeurtenissen { edges { node { type objectType objectId } } } }`);
    expect(feed.gebeurtenissen.edges.map((e) => e.node)).toEqual([
      { type: 'verzoek-tot-onderzoek.gedaan', objectType: 'VerzoekTotOnderzoekMelding', objectId: melding },
    ]);
    // In the database too: with the gemeente's scope the overdracht table is empty; its notification row is there.
    const client = new Client({ connectionString: app.dbUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(
        `select set_config('role', 'ketenpoort_app', true), set_config('ketenpoort.partner_organisatie', 'GM-A', true)`,
      );
      const { rows } = await client.query(
        `select (select count(*) from overdracht)::int as overdracht, (select count(*) from verzoek_tot_onderzoek_melding)::int as melding`,
      );
      expect(rows[0]).toEqual({ overdracht: 0, melding: 1 });
      await client.query('rollback');
    } finally {
      await client.end();
    }
  });

  it(
    'geen id die een partnerorganisatie ontvangt, ontvangt ook een andere; geen partner ontvangt een id van VT',
    { timeout: 120_000 },
    async () => {
      // One household handed over to the wijkteam, the Zorg- en Veiligheidshuis and the GI at once; its child gets a
      // Handle with Care signal; the OM and the politie each ask ZSM about the father; the Raad accepts the verzoek.
      const c = await casus('VOORWAARDEN_EN_VERVOLG');
      const overdrachten = {
        'WT-A': await aanbieden(c.casusId, c.persoonIds, 'WT-A'),
        'ZVH-A': await aanbieden(c.casusId, c.persoonIds, 'ZVH-A'),
        'GI-A': await aanbieden(c.casusId, c.persoonIds, 'GI-A', {
          soort: 'GI_OVERDRACHT',
          grondslag: 'JEUGDBESCHERMINGSMAATREGEL',
        }),
        'RVDK-A': vto,
      };
      for (const [org, id] of Object.entries(overdrachten)) {
        await ok(await partner(org), `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { status } }`, {
          id,
        });
      }
      await ok(await vt(), `mutation($i: HwcSignaalInvoer!) { hwcSignaalVersturen(invoer: $i) { id } }`, {
        i: {
          casusId: c.casusId,
          persoonId: c.kind,
          school: 'SCHOOL-A',
          incidentdatum: '2026-03-09',
          grondslag: 'Convenant',
        },
      });
      const vader = (
        await app.sql(`select bsn from persoon where id = any($1::uuid[]) and geboortedatum < '2000-01-01'`, [
          c.persoonIds,
        ])
      )[0].bsn as string;
      for (const org of ['OM-A', 'POL-A']) {
        const v = await ok<{ zsmVerzoekIndienen: { id: string; personen: { id: string }[] } }>(
          await partner(org),
          `mutation($i: ZsmVerzoekInvoer!) { zsmVerzoekIndienen(invoer: $i) { id personen { id } } }`,
          {
            i: {
              vtOrganisatie: 'VT14',
              reden: 'Mishandeling.',
              inverzekeringstellingEindigtOp: '2026-03-12T12:00:00Z',
              personen: [{ bsn: vader }],
            },
          },
        );
        await ok(await vt(), `mutation($i: ZsmAntwoordInvoer!) { zsmVerzoekBeantwoorden(invoer: $i) { id } }`, {
          i: { verzoekId: v.zsmVerzoekIndienen.id, personen: [] },
        });
      }

      // A tijdelijk huisverbod on the household: the gemeente (OOV) gets VT's advice, the police follow its status.
      const hv = await ok<{ huisverbodRegistreren: { id: string } }>(
        await vt(),
        `mutation($i: HuisverbodRegistrerenInvoer!) { huisverbodRegistreren(invoer: $i) { id } }`,
        {
          i: {
            casusId: c.casusId,
            uithuisgeplaatstePersoonId: (
              await app.sql(`select id from persoon where id = any($1::uuid[]) and geboortedatum < '2000-01-01'`, [
                c.persoonIds,
              ])
            )[0].id,
            achterblijverPersoonIds: [c.kind],
            opgelegdOp: '2026-03-09T22:00:00+01:00',
            gemeente: 'OOV-A',
            politie: 'POL-A',
            rihgReferentie: 'RiHG',
          },
        },
      );
      const hvId = hv.huisverbodRegistreren.id;
      await ok(await vt(), `mutation($i: HuisverbodBijwerkenInvoer!) { huisverbodBijwerken(invoer: $i) { id } }`, {
        i: { huisverbodId: hvId, gesprekUithuisgeplaatsteOp: '2026-03-10', gesprekAchterblijversOp: '2026-03-10' },
      });
      await ok(await vt(), `mutation($i: HuisverbodAdviesInvoer!) { huisverbodAdviseren(invoer: $i) { id } }`, {
        i: { huisverbodId: hvId, advies: 'NIET_VERLENGEN', toelichting: 'Rust in huis.' },
      });

      // An Aware application submitted to the indication committee: it knows it by an id of its own.
      const aw = await ok<{ awareAanvraagRegistreren: { id: string } }>(
        await vt(),
        `mutation($i: AwareAanvraagInvoer!) { awareAanvraagRegistreren(invoer: $i) { id } }`,
        {
          i: {
            casusId: c.casusId,
            slachtofferPersoonId: c.kind,
            commissie: 'AWARE-A',
            dreiging: 'STALKING',
            onderbouwing: 'Stalking door de ex-partner.',
          },
        },
      );
      await ok(await vt(), `mutation($id: ID!) { awareAanvraagVoorleggen(aanvraagId: $id) { id } }`, {
        id: aw.awareAanvraagRegistreren.id,
      });

      const alleIds = (
        await app.sql(
          `select id::text from aware_aanvraag union all select commissie_id::text from aware_aanvraag union all select id::text from huisverbod union all select gemeente_id::text from huisverbod union all select politie_id::text from huisverbod
          union all select id::text from overdracht union all select id::text from zsm_verzoek union all select id::text from hwc_signaal
          union all select id::text from verzoek_tot_onderzoek_melding union all select id::text from persoon union all select id::text from casus`,
        )
      ).map((r) => r.id as string);
      const vtIds = new Set(
        (
          await app.sql(
            `select id::text from persoon union all select id::text from casus union all select id::text from melding
             union all select id::text from huisverbod union all select id::text from aware_aanvraag`,
          )
        ).map((r) => r.id as string),
      );
      const ontvangen = new Map<string, Set<string>>();
      for (const org of Object.keys(PARTNERS)) {
        const token = await partner(org);
        const schema = await schemaVan(app, token);
        const { aanroepen } = alleLeesaanroepen(schema, alleIds);
        const ids = new Set<string>();
        for (const a of aanroepen) {
          const r = await app.gql(token, a.query, a.variables);
          // Ids the partner itself sent are not what it received: only the data.
          for (const i of idsIn(JSON.stringify(r.body.data ?? {}))) {
            if (!Object.values(a.variables).includes(i)) ids.add(i);
          }
        }
        ontvangen.set(org, ids);
      }
      // Each partner did receive ids (its handovers, persons, signals, requests, events).
      for (const [org, ids] of ontvangen) expect(ids.size, org).toBeGreaterThan(0);
      // The handover's persons come to the wijkteam, the ZVH and the GI under different ids, none of them VT's.
      const personen = async (org: string): Promise<string[]> =>
        (
          await ok<{ overdracht: { inhoud: { personen: { id: string }[] } } }>(
            await partner(org),
            `query($id: ID!) { overdracht(id: $id) { inhoud { personen { id } } } }`,
            { id: overdrachten[org as 'WT-A'] },
          )
        ).overdracht.inhoud.personen.map((p) => p.id);
      const [wt, zvh] = [await personen('WT-A'), await personen('ZVH-A')];
      expect(wt).toHaveLength(2);
      expect(await personen('WT-A')).toEqual(wt);
      expect(wt.filter((p) => zvh.includes(p) || vtIds.has(p))).toEqual([]);

      for (const [org, ids] of ontvangen) {
        expect(
          [...ids].filter((i) => vtIds.has(i)),
          `${org} ontving ids van VT`,
        ).toEqual([]);
        for (const [ander, andereIds] of ontvangen) {
          if (ander <= org) continue;
          expect(
            [...ids].filter((i) => andereIds.has(i)),
            `${org} en ${ander} ontvingen dezelfde ids`,
          ).toEqual([]);
        }
      }
    },
  );
});
