import { randomUUID } from 'node:crypto';
import { getNullableType, isObjectType } from 'graphql';
import { Client } from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { Rol } from '../../src/auth/rollen';
import { idempotentieOpruimenJob } from '../../src/lib/jobs/idempotentie-opruimen.job';
import type { JobDeps } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import { bouwVolledigSchema } from '../../src/lib/graphql/volledig-schema';
import { resolvers, termijnActies } from '../../src/modules';
import { meldingInvoer } from '../helpers/fabriek';
import { startTestApp, TEST_NU, type GqlAntwoord, type TestApp } from '../helpers/testapp';
import { totdat } from '../helpers/wachten';

/**
 * Idempotent creates (issue 12, point 4), generated for EVERY create mutation: a retry with the same key returns the
 * same object and creates one row; the same key with other input is a conflict that changes nothing; requests with
 * one key in flight at the same time create one object; a key never reaches across callers or organisations.
 */
let app: TestApp;
let deps: JobDeps;

/** Who calls: a token, its organisation (for the input) and its VT region where it has one. */
interface Aanroeper {
  token: string;
  org: string;
}

/** One create mutation: how to call it with fresh valid input, how to vary that input, where its rows are. */
interface Geval {
  operatie: string;
  rol: Rol;
  /** Three organisations of the role's kind: the caller's, and another one for the cross-organisation check. */
  org: string;
  andereOrg: string;
  variabelen: string;
  argumenten: string;
  selectie: string;
  tabel: string;
  /** Fresh, valid variables for a new object of this caller (sets up what the create needs). */
  nieuw(a: Aanroeper): Promise<Record<string, unknown>>;
  /** The same request with one input field changed. */
  anders(v: Record<string, unknown>): Record<string, unknown>;
  id(data: Record<string, unknown>): string;
}

const VERZOEK_TOT = '2026-03-12T12:00:00Z';

/** A casus of this VT caller in fase OVERDRACHT; returns it with its persons and a child. */
async function casus(a: Aanroeper): Promise<{ casusId: string; persoonIds: string[]; kind: string }> {
  const r = await app.gql<{
    meldingRegistreren: { id: string; casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] };
  }>(
    a.token,
    `mutation R($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId betrokkenen { rollen persoon { id } } } }`,
    { i: meldingInvoer() },
  );
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  const m = r.body.data!.meldingRegistreren;
  const b = await app.gql(
    a.token,
    `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
    {
      i: { meldingId: m.id, taxatie: 'STRUCTURELE_ONVEILIGHEID', uitkomst: 'OVERDRACHT', toelichting: 'Beoordeeld.' },
    },
  );
  expect(b.body.errors, JSON.stringify(b.body.errors)).toBeUndefined();
  return {
    casusId: m.casusId,
    persoonIds: m.betrokkenen.map((x) => x.persoon.id),
    kind: m.betrokkenen.find((x) => x.rollen.includes('KIND'))!.persoon.id,
  };
}

const advies = (o: Record<string, unknown> = {}): Record<string, unknown> => ({
  ontvangenOp: '2026-03-09T10:00:00+01:00',
  kanaal: 'TELEFOON',
  hoedanigheidAdviesvrager: 'BEROEPSMATIG',
  organisatieAdviesvrager: 'KINDEROPVANG',
  aardGeweld: ['KINDERMISHANDELING'],
  omschrijving: 'Pedagogisch medewerker twijfelt over signalen bij een peuter.',
  ...o,
});

const metInvoer = (v: Record<string, unknown>, veld: string, waarde: unknown): Record<string, unknown> => ({
  ...v,
  invoer: { ...(v.invoer as object), [veld]: waarde },
});

/** The partner and school of a VT region (set up in beforeAll). */
const wijkteamVan = (regio: string): string => (regio === 'VT14' ? 'WT-A' : 'WT-U');
const schoolVan = (regio: string): string => (regio === 'VT14' ? 'SCHOOL-A' : 'SCHOOL-U');

/** Every create mutation. A create mutation added to the schema without a case here fails the test below. */
const GEVALLEN: Geval[] = [
  {
    operatie: 'meldingRegistreren',
    rol: 'VT_MEDEWERKER',
    org: 'VT14',
    andereOrg: 'VT09',
    variabelen: '$invoer: MeldingInvoer!',
    argumenten: 'invoer: $invoer',
    selectie: 'id',
    tabel: 'melding',
    nieuw: async () => ({ invoer: meldingInvoer() }),
    anders: (v) => metInvoer(v, 'omschrijving', 'Een andere omschrijving van de situatie.'),
    id: (d) => (d.meldingRegistreren as { id: string }).id,
  },
  {
    operatie: 'adviesRegistreren',
    rol: 'VT_MEDEWERKER',
    org: 'VT14',
    andereOrg: 'VT09',
    variabelen: '$invoer: AdviesInvoer!',
    argumenten: 'invoer: $invoer',
    selectie: 'id',
    tabel: 'advies',
    nieuw: async () => ({ invoer: advies() }),
    anders: (v) => metInvoer(v, 'omschrijving', 'Een andere adviesvraag.'),
    id: (d) => (d.adviesRegistreren as { id: string }).id,
  },
  {
    operatie: 'adviesOmzettenInMelding',
    rol: 'VT_MEDEWERKER',
    org: 'VT14',
    andereOrg: 'VT09',
    variabelen: '$adviesId: ID!, $melding: MeldingInvoer!, $ambtshalve: Boolean',
    argumenten: 'adviesId: $adviesId, melding: $melding, ambtshalve: $ambtshalve',
    selectie: 'id',
    tabel: 'melding',
    nieuw: async (a) => {
      const r = await app.gql<{ adviesRegistreren: { id: string } }>(
        a.token,
        `mutation A($i: AdviesInvoer!) { adviesRegistreren(invoer: $i) { id } }`,
        { i: advies() },
      );
      expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
      return { adviesId: r.body.data!.adviesRegistreren.id, melding: meldingInvoer(), ambtshalve: true };
    },
    anders: (v) => ({ ...v, ambtshalve: false }),
    id: (d) => (d.adviesOmzettenInMelding as { id: string }).id,
  },
  {
    operatie: 'overdrachtAanbieden',
    rol: 'VT_MEDEWERKER',
    org: 'VT14',
    andereOrg: 'VT09',
    variabelen: '$invoer: OverdrachtAanbiedenInvoer!',
    argumenten: 'invoer: $invoer',
    selectie: 'id',
    tabel: 'overdracht',
    nieuw: async (a) => {
      const c = await casus(a);
      return {
        invoer: {
          casusId: c.casusId,
          soort: 'WARME_OVERDRACHT',
          ontvanger: wijkteamVan(a.org),
          persoonIds: c.persoonIds,
          metVeiligheidsafspraken: true,
          toelichting: 'Moeder wil hulp bij opvoeding; wijkteam schrijft het veiligheidsplan met het gezin.',
          grondslag: 'WMO_OVERDRACHT',
        },
      };
    },
    anders: (v) => metInvoer(v, 'toelichting', 'Een andere toelichting voor de partner.'),
    id: (d) => (d.overdrachtAanbieden as { id: string }).id,
  },
  {
    operatie: 'hwcSignaalVersturen',
    rol: 'VT_MEDEWERKER',
    org: 'VT14',
    andereOrg: 'VT09',
    variabelen: '$invoer: HwcSignaalInvoer!',
    argumenten: 'invoer: $invoer',
    selectie: 'id',
    tabel: 'hwc_signaal',
    nieuw: async (a) => {
      const c = await casus(a);
      return {
        invoer: {
          casusId: c.casusId,
          persoonId: c.kind,
          incidentdatum: '2026-03-09',
          school: schoolVan(a.org),
          grondslag: 'Convenant Handle with Care',
        },
      };
    },
    anders: (v) => metInvoer(v, 'grondslag', 'Een ander convenant'),
    id: (d) => (d.hwcSignaalVersturen as { id: string }).id,
  },
  {
    operatie: 'huisverbodRegistreren',
    rol: 'VT_MEDEWERKER',
    org: 'VT14',
    andereOrg: 'VT09',
    variabelen: '$invoer: HuisverbodRegistrerenInvoer!',
    argumenten: 'invoer: $invoer',
    selectie: 'id',
    tabel: 'huisverbod',
    nieuw: async (a) => {
      const c = await casus(a);
      return {
        invoer: {
          casusId: c.casusId,
          uithuisgeplaatstePersoonId: c.persoonIds.find((p) => p !== c.kind),
          achterblijverPersoonIds: [c.kind],
          opgelegdOp: '2026-03-09T22:00:00+01:00',
          gemeente: a.org === 'VT14' ? 'GM-A' : 'GM-U',
          rihgReferentie: 'RiHG 1',
        },
      };
    },
    anders: (v) => metInvoer(v, 'rihgReferentie', 'RiHG 2'),
    id: (d) => (d.huisverbodRegistreren as { id: string }).id,
  },
  {
    operatie: 'huisverbodMelden',
    rol: 'POLITIE_MEDEWERKER',
    org: 'POL-A',
    andereOrg: 'POL-B',
    variabelen: '$invoer: HuisverbodMeldenInvoer!',
    argumenten: 'invoer: $invoer',
    selectie: 'id',
    tabel: 'huisverbod_melding',
    nieuw: () =>
      Promise.resolve({
        invoer: {
          gemeente: 'GM-A',
          opgelegdOp: '2026-03-09T22:00:00+01:00',
          politieReferentie: `PL-${randomUUID()}`,
          rihgReferentie: 'RiHG 1',
          uithuisgeplaatste: { achternaam: 'Jansen', geboortedatum: '1984-11-23' },
          achterblijvers: [{ achternaam: 'Jansen', geboortedatum: '2018-05-04' }],
        },
      }),
    anders: (v) => metInvoer(v, 'politieReferentie', `PL-${randomUUID()}`),
    id: (d) => (d.huisverbodMelden as { id: string }).id,
  },
  {
    operatie: 'awareAanvraagRegistreren',
    rol: 'VT_MEDEWERKER',
    org: 'VT14',
    andereOrg: 'VT09',
    variabelen: '$invoer: AwareAanvraagInvoer!',
    argumenten: 'invoer: $invoer',
    selectie: 'id',
    tabel: 'aware_aanvraag',
    nieuw: async (a) => {
      const c = await casus(a);
      return {
        invoer: {
          casusId: c.casusId,
          slachtofferPersoonId: c.kind,
          commissie: a.org === 'VT14' ? 'AWARE-A' : 'AWARE-U',
          dreiging: 'EX_PARTNER',
          onderbouwing: 'Ex-partner dreigt.',
        },
      };
    },
    anders: (v) => metInvoer(v, 'onderbouwing', 'Een andere onderbouwing.'),
    id: (d) => (d.awareAanvraagRegistreren as { id: string }).id,
  },
  {
    operatie: 'rechtenverzoekRegistreren',
    rol: 'PRIVACY_OFFICER',
    org: 'VT14',
    andereOrg: 'VT09',
    variabelen: '$invoer: RechtenverzoekInvoer!',
    argumenten: 'invoer: $invoer',
    selectie: 'id',
    tabel: 'rechtenverzoek',
    nieuw: async (a) => {
      // The privacy officer registers a request about a casus a worker of the same region made.
      const c = await casus({ ...a, token: await app.token('VT_MEDEWERKER', a.org, { sub: 'mw-rechten' }) });
      return {
        invoer: {
          casusId: c.casusId,
          soort: 'AFSCHRIFT',
          verzoeker: 'BETROKKENE',
          persoonId: c.kind,
          omschrijving: 'Verzoek om een afschrift.',
          ontvangenOp: '2026-03-09',
        },
      };
    },
    anders: (v) => metInvoer(v, 'omschrijving', 'Een ander verzoek.'),
    id: (d) => (d.rechtenverzoekRegistreren as { id: string }).id,
  },
  {
    operatie: 'melderToegangUitgeven',
    rol: 'VT_MEDEWERKER',
    org: 'VT14',
    andereOrg: 'VT09',
    variabelen: '$meldingId: ID!, $geldigDagen: Int',
    argumenten: 'meldingId: $meldingId, geldigDagen: $geldigDagen',
    selectie: 'id',
    tabel: 'melder_toegang',
    nieuw: async (a) => {
      const r = await app.gql<{ meldingRegistreren: { id: string } }>(
        a.token,
        `mutation R($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id } }`,
        { i: meldingInvoer() },
      );
      return { meldingId: r.body.data!.meldingRegistreren.id, geldigDagen: 30 };
    },
    anders: (v) => ({ ...v, geldigDagen: 60 }),
    id: (d) => (d.melderToegangUitgeven as { id: string }).id,
  },
  {
    // The melder's "token" is an access to one melding per organisation and sub (test/helpers/testapp.ts).
    operatie: 'aanvullingToevoegen',
    rol: 'MELDER',
    org: 'VT14',
    andereOrg: 'VT09',
    variabelen: '$invoer: MeldingAanvullenInvoer!',
    argumenten: 'invoer: $invoer',
    selectie: 'id',
    tabel: 'melding_aanvulling',
    nieuw: async () => ({ invoer: { soort: 'AANVULLING', tekst: `Nog iets gezien ${randomUUID()}.` } }),
    anders: (v) => metInvoer(v, 'tekst', 'Iets anders gezien.'),
    id: (d) => (d.aanvullingToevoegen as { id: string }).id,
  },
  {
    operatie: 'zsmVerzoekIndienen',
    rol: 'OM_ZSM_MEDEWERKER',
    org: 'OM-A',
    andereOrg: 'OM-B',
    variabelen: '$invoer: ZsmVerzoekInvoer!',
    argumenten: 'invoer: $invoer',
    selectie: 'id',
    tabel: 'zsm_verzoek',
    nieuw: async () => ({
      invoer: {
        vtOrganisatie: 'VT14',
        reden: `Verdachte van mishandeling; afstemming ${randomUUID()}.`,
        inverzekeringstellingEindigtOp: VERZOEK_TOT,
        personen: [{ achternaam: 'jansen', geboortedatum: '2018-05-04' }],
      },
    }),
    anders: (v) => metInvoer(v, 'reden', 'Een andere reden.'),
    id: (d) => (d.zsmVerzoekIndienen as { id: string }).id,
  },
  {
    operatie: 'webhookEndpointRegistreren',
    rol: 'WIJKTEAM_MEDEWERKER',
    org: 'WT-A',
    andereOrg: 'WT-B',
    variabelen: '$invoer: WebhookEndpointInvoer!',
    argumenten: 'invoer: $invoer',
    selectie: 'endpoint { id } geheim',
    tabel: 'webhook_endpoint',
    nieuw: async () => ({ invoer: { url: `http://127.0.0.1:9/webhooks/${randomUUID()}`, omschrijving: 'test' } }),
    anders: (v) => metInvoer(v, 'omschrijving', 'iets anders'),
    id: (d) => (d.webhookEndpointRegistreren as { endpoint: { id: string } }).endpoint.id,
  },
];

/** Mutations whose names say they create something, plus the advies conversion (it creates a melding) and the police's report of a huisverbod. */
const AANMAAK = /(Registreren|Aanbieden|Versturen|Indienen)$/;
const OOK_AANMAAK = ['adviesOmzettenInMelding', 'melderToegangUitgeven', 'aanvullingToevoegen', 'huisverbodMelden'];
/**
 * Idempotent by their own identifiers, not by a key: the police's referenties; functioneel beheer registers an
 * organisation by its code and an issuer by its URL (a retry is refused with a stable code, never a second row); the
 * history import by the source system's id of each dossier with a fingerprint of its content (test/historie).
 */
const EIGEN_IDEMPOTENTIE = [
  'politieMeldingenAanleveren',
  'organisatieRegistreren',
  'issuerRegistreren',
  'historieImporteren',
];

const document = (g: Geval, metSleutel = true): string =>
  `mutation M(${g.variabelen}${metSleutel ? ', $sleutel: String' : ''}) { ${g.operatie}(${g.argumenten}${metSleutel ? ', idempotentieSleutel: $sleutel' : ''}) { ${g.selectie} } }`;

async function aanroeper(g: Geval, sub: string, org = g.org): Promise<Aanroeper> {
  return { token: await app.token(g.rol, org, { sub }), org };
}

async function roep(
  g: Geval,
  a: Aanroeper,
  v: Record<string, unknown>,
  sleutel: string | undefined,
  headers?: Record<string, string>,
): Promise<GqlAntwoord> {
  return app.gql(a.token, document(g, sleutel !== undefined), sleutel !== undefined ? { ...v, sleutel } : v, headers);
}

function idVan(g: Geval, r: GqlAntwoord): string {
  expect(r.body.errors, `${g.operatie}: ${JSON.stringify(r.body.errors)}`).toBeUndefined();
  return g.id(r.body.data as Record<string, unknown>);
}

const aantal = async (tabel: string): Promise<number> =>
  Number((await app.sql(`select count(*)::int as n from ${tabel}`))[0].n);
const aantalAanmaken = async (): Promise<number> =>
  Number((await app.sql(`select count(*)::int as n from audit_gebeurtenis where actie = 'C'`))[0].n);
const sleutel = (): string => randomUUID();

beforeAll(async () => {
  // The webhook case registers a receiver on 127.0.0.1, as in development.
  app = await startTestApp({ env: { WEBHOOK_PRIVE_ADRESSEN_TOESTAAN: 'true' } });
  for (const [code, soort, regio] of [
    ['WT-A', 'WIJKTEAM', 'VT14'],
    ['WT-B', 'WIJKTEAM', 'VT14'],
    ['WT-U', 'WIJKTEAM', 'VT09'],
    ['SCHOOL-A', 'SCHOOL', 'VT14'],
    ['SCHOOL-U', 'SCHOOL', 'VT09'],
    ['OM-A', 'OPENBAAR_MINISTERIE', 'VT14'],
    ['OM-B', 'OPENBAAR_MINISTERIE', 'VT14'],
    ['GM-A', 'GEMEENTE', 'VT14'],
    ['GM-U', 'GEMEENTE', 'VT09'],
    ['POL-A', 'POLITIE', 'VT14'],
    ['POL-B', 'POLITIE', 'VT14'],
    ['AWARE-A', 'ZORG_EN_VEILIGHEIDSHUIS', 'VT14'],
    ['AWARE-U', 'ZORG_EN_VEILIGHEIDSHUIS', 'VT09'],
  ]) {
    await app.partner(code, soort, regio);
  }
  deps = {
    orm: app.orm,
    termijnActies,
    clock: app.clock,
    log: createLogger('silent', 'test'),
    config: app.config,
    queue: () => undefined as never,
  };
});
afterAll(() => app.stop());
beforeEach(() => app.clock.set(TEST_NU));

describe('elke aanmaakoperatie in het schema is idempotent', () => {
  it('elke *Registreren/*Aanbieden/*Versturen/*Indienen-mutatie (en adviesOmzettenInMelding) heeft het argument idempotentieSleutel en een geval in deze test', async () => {
    const mutatie = (await bouwVolledigSchema(resolvers)).getMutationType()!;
    const aanmaak = Object.keys(mutatie.getFields()).filter(
      (n) => (AANMAAK.test(n) || OOK_AANMAAK.includes(n)) && !EIGEN_IDEMPOTENTIE.includes(n),
    );
    expect(aanmaak.length).toBeGreaterThanOrEqual(7);
    for (const n of aanmaak) {
      const arg = mutatie.getFields()[n].args.find((a) => a.name === 'idempotentieSleutel');
      expect(arg, `${n} mist het argument idempotentieSleutel`).toBeDefined();
      expect(String(getNullableType(arg!.type)), n).toBe('String');
      expect(isObjectType(getNullableType(arg!.type))).toBe(false);
    }
    expect(GEVALLEN.map((g) => g.operatie).sort()).toEqual([...aanmaak].sort());
  });
});

describe.each(GEVALLEN)('$operatie', (g) => {
  it('een herhaling met dezelfde sleutel geeft hetzelfde object en maakt één rij, ook via de header Idempotency-Key', async () => {
    const a = await aanroeper(g, 'gebruiker-1');
    const v = await g.nieuw(a);
    const k = sleutel();
    const voor = await aantal(g.tabel);
    const eerste = idVan(g, await roep(g, a, v, k));
    const tweede = idVan(g, await roep(g, a, v, k));
    const header = idVan(g, await roep(g, a, v, undefined, { 'Idempotency-Key': k }));
    expect([tweede, header]).toEqual([eerste, eerste]);
    expect(await aantal(g.tabel)).toBe(voor + 1);
    // The key row names the object and a hash, and nothing of the input.
    const rijen = await app.sql(
      `select operatie, object_id, invoer_hash, row_to_json(s)::text as tekst from idempotentie_sleutel s where sleutel = $1`,
      [k],
    );
    expect(rijen).toHaveLength(1);
    expect(rijen[0]).toMatchObject({
      operatie: g.operatie,
      object_id: eerste,
      invoer_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    for (const waarde of Object.values((v.invoer ?? v.melding ?? v) as Record<string, unknown>)) {
      if (typeof waarde === 'string' && waarde.length > 8) expect(rijen[0].tekst).not.toContain(waarde);
    }
  });

  it('dezelfde sleutel met andere invoer is een conflict en verandert niets', async () => {
    const a = await aanroeper(g, 'gebruiker-1');
    const v = await g.nieuw(a);
    const k = sleutel();
    const eerste = idVan(g, await roep(g, a, v, k));
    const [rijen, aanmaken] = [await aantal(g.tabel), await aantalAanmaken()];
    const r = await roep(g, a, g.anders(v), k);
    expect(r.body.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reden: 'IDEMPOTENTIE_SLEUTEL_HERGEBRUIKT',
    });
    expect(r.body.data ?? null).toBeNull();
    expect([await aantal(g.tabel), await aantalAanmaken()]).toEqual([rijen, aanmaken]);
    // The first request, retried, is still answered with its object.
    expect(idVan(g, await roep(g, a, v, k))).toBe(eerste);
  });

  it('verzoeken met één sleutel die tegelijk lopen maken één object; wie andere invoer gaf krijgt het conflict', async () => {
    const a = await aanroeper(g, 'gebruiker-1');
    const v = await g.nieuw(a);
    const w = g.anders(v);
    const k = sleutel();
    const voor = await aantal(g.tabel);
    // Hold every insert into the object's table, so all three requests are past their key check and inside their
    // transaction before any of them can commit: a real race, not requests that happen to come one after another.
    const slot = new Client({ connectionString: app.dbUrl });
    await slot.connect();
    try {
      await slot.query('begin');
      await slot.query(`lock table ${g.tabel} in exclusive mode`);
      const lopend = [roep(g, a, v, k), roep(g, a, v, k), roep(g, a, w, k)];
      await totdat(async () => {
        const [{ n }] = (
          await slot.query(
            `select count(*)::int as n from pg_locks l join pg_stat_activity s on s.pid = l.pid where not l.granted and s.datname = current_database()`,
          )
        ).rows;
        return n >= 3;
      });
      await slot.query('commit');
      const antwoorden = await Promise.all(lopend);
      const ids = antwoorden.filter((r) => !r.body.errors).map((r) => g.id(r.body.data as Record<string, unknown>));
      const fouten = antwoorden.filter((r) => r.body.errors).map((r) => r.body.errors![0].extensions);
      expect(ids.length).toBeGreaterThanOrEqual(1);
      expect(new Set(ids).size).toBe(1);
      for (const f of fouten) expect(f).toMatchObject({ code: 'CONFLICT', reden: 'IDEMPOTENTIE_SLEUTEL_HERGEBRUIKT' });
      // Who succeeded asked the same thing: both requests with input v (one made it, the other got it), or the one with w.
      const vGelukt = antwoorden.slice(0, 2).filter((r) => !r.body.errors).length;
      const wGelukt = antwoorden[2].body.errors ? 0 : 1;
      expect((vGelukt === 2 && wGelukt === 0) || (vGelukt === 0 && wGelukt === 1), JSON.stringify(fouten)).toBe(true);
    } finally {
      await slot.query('rollback').catch(() => undefined);
      await slot.end();
    }
    expect(await aantal(g.tabel)).toBe(voor + 1);
    expect(await app.sql(`select 1 from idempotentie_sleutel where sleutel = $1`, [k])).toHaveLength(1);
  });

  it('een sleutel van een andere aanroeper of organisatie geeft nooit het object van een ander', async () => {
    const a = await aanroeper(g, 'gebruiker-1');
    const collega = await aanroeper(g, 'gebruiker-2');
    const elders = await aanroeper(g, 'gebruiker-1', g.andereOrg);
    const k = sleutel();
    const va = await g.nieuw(a);
    const eigen = idVan(g, await roep(g, a, va, k));
    const vanCollega = idVan(g, await roep(g, collega, await g.nieuw(collega), k));
    const vanElders = idVan(g, await roep(g, elders, await g.nieuw(elders), k));
    expect(new Set([eigen, vanCollega, vanElders]).size).toBe(3);
    // Their use of the key did not touch the first caller's.
    expect(idVan(g, await roep(g, a, va, k))).toBe(eigen);
    expect(await app.sql(`select 1 from idempotentie_sleutel where sleutel = $1`, [k])).toHaveLength(3);
  });

  it('een sleutel in een verkeerd formaat wordt geweigerd met ONGELDIGE_IDEMPOTENTIE_SLEUTEL en verandert niets', async () => {
    const a = await aanroeper(g, 'gebruiker-1');
    const v = await g.nieuw(a);
    const voor = await aantal(g.tabel);
    for (const k of [
      'te-kort',
      'x'.repeat(129),
      'met spatie 1234567890',
      '123456782',
      'sleutel/met/schuine/streep',
      'ééééééééééééééééé',
    ]) {
      const r = await roep(g, a, v, k);
      expect(r.body.errors?.[0].extensions, k).toMatchObject({
        code: 'BAD_USER_INPUT',
        fouten: [{ veld: 'idempotentieSleutel', code: 'ONGELDIGE_IDEMPOTENTIE_SLEUTEL' }],
      });
    }
    const h = await roep(g, a, v, undefined, { 'Idempotency-Key': 'kort' });
    expect(h.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [{ veld: 'Idempotency-Key', code: 'ONGELDIGE_IDEMPOTENTIE_SLEUTEL' }],
    });
    expect(await aantal(g.tabel)).toBe(voor);
  });
});

describe('de sleutel hoort bij één verzoek', () => {
  const melding = GEVALLEN[0];
  const adviesGeval = GEVALLEN[1];

  it('dezelfde sleutel voor een andere operatie is een conflict', async () => {
    const a = await aanroeper(melding, 'gebruiker-1');
    const k = sleutel();
    idVan(melding, await roep(melding, a, await melding.nieuw(a), k));
    const voor = await aantal('advies');
    const r = await roep(adviesGeval, a, await adviesGeval.nieuw(a), k);
    expect(r.body.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reden: 'IDEMPOTENTIE_SLEUTEL_HERGEBRUIKT',
    });
    expect(await aantal('advies')).toBe(voor);
  });

  it('een mislukte poging legt de sleutel niet vast: met verbeterde invoer maakt dezelfde sleutel het object', async () => {
    const a = await aanroeper(melding, 'gebruiker-1');
    const k = sleutel();
    const v = await melding.nieuw(a);
    const fout = await roep(melding, a, metInvoer(v, 'omschrijving', '   '), k);
    expect(fout.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await app.sql(`select 1 from idempotentie_sleutel where sleutel = $1`, [k])).toHaveLength(0);
    idVan(melding, await roep(melding, a, v, k));
  });

  it('dezelfde invoer in een andere JSON-spelling is hetzelfde verzoek (canonieke vorm)', async () => {
    const a = await aanroeper(melding, 'gebruiker-1');
    const k = sleutel();
    const v = await melding.nieuw(a);
    const id = idVan(melding, await roep(melding, a, v, k));
    const invoer = v.invoer as Record<string, unknown>;
    // Same instant in UTC, keys in another order, a default spelled out, an optional field explicitly null.
    const anders = {
      ...Object.fromEntries(Object.entries(invoer).reverse()),
      ontvangenOp: new Date(invoer.ontvangenOp as string).toISOString(),
      acuut: false,
      melder: { ...(invoer.melder as object), email: null },
    };
    expect(idVan(melding, await roep(melding, a, { invoer: anders }, k))).toBe(id);
  });

  it('de header met meerdere velden in het document is dubbelzinnig; header en argument moeten gelijk zijn', async () => {
    const a = await aanroeper(melding, 'gebruiker-1');
    const voor = await aantal('melding');
    const twee = await app.gql(
      a.token,
      `mutation($a: MeldingInvoer!, $b: MeldingInvoer!) { a: meldingRegistreren(invoer: $a) { id } b: meldingRegistreren(invoer: $b) { id } }`,
      { a: meldingInvoer(), b: meldingInvoer() },
      { 'Idempotency-Key': sleutel() },
    );
    // Mutation fields run one after the other; the first is refused, and its non-null result ends the operation.
    expect(twee.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [{ veld: 'Idempotency-Key', code: 'IDEMPOTENTIE_SLEUTEL_DUBBELZINNIG' }],
    });
    const strijdig = await roep(melding, a, await melding.nieuw(a), sleutel(), { 'Idempotency-Key': sleutel() });
    expect(strijdig.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [{ code: 'IDEMPOTENTIE_SLEUTEL_TEGENSTRIJDIG' }],
    });
    expect(await aantal('melding')).toBe(voor);
    // Two fields, each with its own argument: two meldingen, each retryable on its own.
    const [ka, kb] = [sleutel(), sleutel()];
    const vars = { a: meldingInvoer(), b: meldingInvoer(), ka, kb };
    const doc = `mutation($a: MeldingInvoer!, $b: MeldingInvoer!, $ka: String, $kb: String) { a: meldingRegistreren(invoer: $a, idempotentieSleutel: $ka) { id } b: meldingRegistreren(invoer: $b, idempotentieSleutel: $kb) { id } }`;
    const eerst = await app.gql<{ a: { id: string }; b: { id: string } }>(a.token, doc, vars);
    const weer = await app.gql<{ a: { id: string }; b: { id: string } }>(a.token, doc, vars);
    expect(eerst.body.errors).toBeUndefined();
    expect(weer.body.data).toEqual(eerst.body.data);
    expect(eerst.body.data!.a.id).not.toBe(eerst.body.data!.b.id);
    expect(await aantal('melding')).toBe(voor + 2);
  });

  it('de header als RFC 8941-string ("...") en het argument met dezelfde waarde zijn dezelfde sleutel', async () => {
    const a = await aanroeper(melding, 'gebruiker-1');
    const k = sleutel();
    const v = await melding.nieuw(a);
    const id = idVan(melding, await roep(melding, a, v, undefined, { 'Idempotency-Key': `"${k}"` }));
    expect(idVan(melding, await roep(melding, a, v, k, { 'Idempotency-Key': k }))).toBe(id);
    expect(idVan(melding, await roep(melding, a, v, k))).toBe(id);
  });
});

describe('de herhaling leest via het normale leespad', () => {
  it('de herhaalde melding wordt als inzage geaudit, met de personen', async () => {
    const g = GEVALLEN[0];
    const a = await aanroeper(g, 'gebruiker-1');
    const v = await g.nieuw(a);
    const k = sleutel();
    const id = idVan(g, await roep(g, a, v, k));
    const voor = await app.sql(
      `select count(*)::int as n from audit_gebeurtenis where gebeurtenis = 'MELDING_INZIEN' and object_id = $1`,
      [id],
    );
    idVan(g, await roep(g, a, v, k));
    const [na] = await app.sql(
      `select count(*)::int as n, max(cardinality(persoon_ids)) as p from audit_gebeurtenis where gebeurtenis = 'MELDING_INZIEN' and object_id = $1`,
      [id],
    );
    expect(na.n).toBe(Number(voor[0].n) + 1);
    expect(na.p).toBe(2);
  });

  it('webhook: de herhaling geeft hetzelfde geheim; na een rotatie of verwijdering niet meer', async () => {
    const g = GEVALLEN.find((x) => x.operatie === 'webhookEndpointRegistreren')!;
    const a = await aanroeper(g, 'gebruiker-1', 'WT-B');
    const v = await g.nieuw(a);
    const k = sleutel();
    const eerste = (await roep(g, a, v, k)).body.data!.webhookEndpointRegistreren as {
      endpoint: { id: string };
      geheim: string;
    };
    const tweede = (await roep(g, a, v, k)).body.data!.webhookEndpointRegistreren as {
      endpoint: { id: string };
      geheim: string;
    };
    expect(tweede).toEqual(eerste);
    const [audit] = await app.sql(
      `select velden from audit_gebeurtenis where gebeurtenis = 'WEBHOOK_ENDPOINT_REGISTRATIE_HERHALEN' and object_id = $1`,
      [eerste.endpoint.id],
    );
    expect(audit.velden).toEqual(['geheim']);
    const rot = await app.gql(a.token, `mutation($id: ID!) { webhookGeheimRoteren(id: $id) { geheim } }`, {
      id: eerste.endpoint.id,
    });
    expect(rot.body.errors).toBeUndefined();
    const na = await roep(g, a, v, k);
    expect(na.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reden: 'GEHEIM_GEROTEERD' });
    expect(JSON.stringify(na.body)).not.toContain('whsec_');
    await app.gql(a.token, `mutation($id: ID!) { webhookEndpointVerwijderen(id: $id) }`, { id: eerste.endpoint.id });
    expect((await roep(g, a, v, k)).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('bewaartermijn', () => {
  it('na IDEMPOTENTIE_BEWAAR_UREN is de sleutel vrij; de opruimjob verwijdert verlopen sleutels en laat de rest staan', async () => {
    const g = GEVALLEN[1];
    // Tokens are signed at the test clock's "now", so each moment gets its own.
    const op = async (uren: number): Promise<Aanroeper> => {
      app.clock.set(new Date(TEST_NU.getTime() + uren * 3600_000));
      return aanroeper(g, 'gebruiker-1');
    };
    const [oud, jong] = [sleutel(), sleutel()];
    let a = await op(0);
    const v = await g.nieuw(a);
    const eerste = idVan(g, await roep(g, a, v, oud));
    a = await op(23);
    idVan(g, await roep(g, a, await g.nieuw(a), jong));
    expect(idVan(g, await roep(g, a, v, oud))).toBe(eerste);

    a = await op(24);
    // Expired but not yet cleaned up: the key is free again and makes a new object.
    const opnieuw = idVan(g, await roep(g, a, v, oud));
    expect(opnieuw).not.toBe(eerste);

    const nu = new Date(TEST_NU.getTime() + 48 * 3600_000 - 1);
    app.clock.set(nu);
    const tel = async (): Promise<{ verlopen: number; levend: number }> =>
      (
        await app.sql(
          `select count(*) filter (where verloopt_op <= $1)::int as verlopen, count(*) filter (where verloopt_op > $1)::int as levend from idempotentie_sleutel`,
          [nu],
        )
      )[0] as never;
    const voor = await tel();
    expect(voor.verlopen).toBeGreaterThanOrEqual(1);
    expect(await idempotentieOpruimenJob.verwerk(deps, {})).toEqual({ verwijderd: voor.verlopen });
    expect(await tel()).toEqual({ verlopen: 0, levend: voor.levend });
    // The key used again at +24 h lives until +48 h; the one from +23 h has gone.
    const over = (await app.sql(`select sleutel from idempotentie_sleutel where sleutel = any($1)`, [[oud, jong]])).map(
      (r) => r.sleutel,
    );
    expect(over).toEqual([oud]);
    expect(await idempotentieOpruimenJob.verwerk(deps, {})).toEqual({ verwijderd: 0 });
  });
});
