import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { geldigBsn, meldingInvoer } from '../helpers/fabriek';
import { startTestApp, type GqlAntwoord, type TestApp } from '../helpers/testapp';

/**
 * The VT register check (issue 16.3): a person known in region B (VT09) is found from region A (VT14) with only B's
 * organisation and contact point; B hears of it (a signal, no content); both sides are audited; nothing for a person
 * known only in the own region or without a BSN; partner roles do not have it.
 */
let app: TestApp;
const MERK = `REG-${Date.now().toString(36)}`;
const A = 'VT14';
const B = 'VT09';
let tA: string;
let tB: string;
let mwA: string;

const ok = <T>(r: GqlAntwoord<T>): T => {
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return r.body.data as T;
};

interface Geregistreerd {
  id: string;
  casusId: string;
  betrokkenen: { rollen: string[]; persoon: { id: string } }[];
}

async function registreer(token: string, kindBsn: string | null, ouderBsn: string | null): Promise<Geregistreerd> {
  const invoer = meldingInvoer({ omschrijving: `${MERK}: geheime inhoud van de melding.` });
  const [kind, ouder] = invoer.betrokkenen as { persoon: Record<string, unknown> }[];
  kind.persoon = { ...kind.persoon, bsn: kindBsn, achternaam: `Geheimnaam${MERK}` };
  ouder.persoon = { ...ouder.persoon, bsn: ouderBsn };
  const r = await app.gql<{ meldingRegistreren: Geregistreerd }>(
    token,
    `mutation R($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId betrokkenen { rollen persoon { id } } } }`,
    { i: invoer },
  );
  return ok(r).meldingRegistreren;
}

const kindVan = (m: Geregistreerd): string => m.betrokkenen.find((b) => b.rollen.includes('KIND'))!.persoon.id;

const TREFFERS = `query T($c: ID!) { vtRegisterTreffers(casusId: $c) {
  organisatie { code naam soort } contact persoonIds betrokkenSinds laatstBetrokken lopend } }`;
const SIGNALEN = `{ vtRegisterSignalen { id vanOrganisatie { code naam } contact persoonIds ontvangenOp } }`;

interface Treffer {
  organisatie: { code: string; naam: string; soort: string };
  contact: string;
  persoonIds: string[];
  betrokkenSinds: string;
  laatstBetrokken: string;
  lopend: boolean;
}

async function treffers(token: string, casusId: string): Promise<Treffer[]> {
  return ok(await app.gql<{ vtRegisterTreffers: Treffer[] }>(token, TREFFERS, { c: casusId })).vtRegisterTreffers;
}

async function audit(gebeurtenis: string): Promise<Record<string, unknown>[]> {
  return app.sql(
    `select gebeurtenis, organisatie, vt_organisatie, object_type, object_id, persoon_ids::text[] as persoon_ids
       from audit_gebeurtenis where gebeurtenis = $1 order by id`,
    [gebeurtenis],
  );
}

let inB: Geregistreerd;
let inA: Geregistreerd;
const gedeeldBsn = geldigBsn();

beforeAll(async () => {
  app = await startTestApp();
  tA = await app.token('VT_TEAMLEIDER', A, { sub: 'tl-a' });
  tB = await app.token('VT_TEAMLEIDER', B, { sub: 'tl-b' });
  mwA = await app.token('VT_MEDEWERKER', A, { sub: 'mw-a' });
  await app.sql(`update organisatie set contact = $1 where code = $2`, [`Team Zorg ${MERK}, 030-1234567`, B]);
  // B knew the child first; then a melding in A concerns the same child (and a parent B does not know).
  inB = await registreer(tB, gedeeldBsn, geldigBsn());
  inA = await registreer(tA, gedeeldBsn, geldigBsn());
}, 60_000);

afterAll(async () => {
  await app?.stop();
});

describe('VT-registercheck', () => {
  it('finds the person known in B from A, with only organisation, contact and dates', async () => {
    const t = await treffers(tA, inA.casusId);
    expect(t).toEqual([
      {
        organisatie: { code: B, naam: expect.any(String), soort: 'VEILIG_THUIS' },
        contact: `Team Zorg ${MERK}, 030-1234567`,
        persoonIds: [kindVan(inA)],
        betrokkenSinds: '2026-03-09',
        laatstBetrokken: '2026-03-09',
        lopend: true,
      },
    ]);
    // Nothing of B's case reaches A: not its persoon ids, casus, melding or content.
    const tekst = JSON.stringify(t);
    for (const geheim of [inB.id, inB.casusId, kindVan(inB), 'Geheimnaam', 'geheime inhoud']) {
      expect(tekst).not.toContain(geheim);
    }
  });

  it('exposes no field beyond "that, not what" (probed through introspection)', async () => {
    const r = ok(
      await app.gql<{ t: { fields: { name: string }[] }; o: { fields: { name: string }[] } }>(
        tA,
        `{ t: __type(name: "VtRegisterTreffer") { fields { name } } o: __type(name: "Organisatie") { fields { name } } }`,
      ),
    );
    expect(r.t.fields.map((f) => f.name).sort()).toEqual(
      ['betrokkenSinds', 'contact', 'laatstBetrokken', 'lopend', 'organisatie', 'persoonIds'].sort(),
    );
    expect(r.o.fields.map((f) => f.name).sort()).toEqual(['code', 'naam', 'soort']);
  });

  it("tells B, without content: a signal naming A and its contact, and B's own person", async () => {
    const s = ok(await app.gql<{ vtRegisterSignalen: Record<string, unknown>[] }>(tB, SIGNALEN)).vtRegisterSignalen;
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({
      vanOrganisatie: { code: A },
      persoonIds: [kindVan(inB)],
      contact: expect.stringContaining('0800-2000'),
    });
    expect(JSON.stringify(s)).not.toContain(inA.casusId);
    expect(JSON.stringify(s)).not.toContain(kindVan(inA));
    // A, which B's own intake found nothing for (A did not know the child yet), has no signal.
    expect(ok(await app.gql<{ vtRegisterSignalen: unknown[] }>(tA, SIGNALEN)).vtRegisterSignalen).toEqual([]);
  });

  it('audits both sides: the check and the read in A, a record owned by B', async () => {
    const controle = (await audit('VT_REGISTER_CONTROLEREN')).filter((r) => r.object_id === inA.id);
    expect(controle).toEqual([expect.objectContaining({ organisatie: A, vt_organisatie: A, object_type: 'Melding' })]);
    const signaalB = (await audit('VT_REGISTER_TREFFER')).filter((r) => r.vt_organisatie === B);
    expect(signaalB).toEqual([
      expect.objectContaining({ organisatie: A, vt_organisatie: B, persoon_ids: [kindVan(inB)] }),
    ]);
    await treffers(tA, inA.casusId);
    const raadpleging = (await audit('VT_REGISTER_RAADPLEGEN')).filter((r) => r.object_id === inA.casusId);
    expect(raadpleging.length).toBeGreaterThan(0);
    expect(raadpleging[0]).toMatchObject({ organisatie: A, vt_organisatie: A });
    const getoond = await audit('VT_REGISTER_TREFFER_GETOOND');
    expect(getoond.length).toBeGreaterThan(0);
    expect(getoond.every((r) => r.vt_organisatie === B && r.organisatie === A)).toBe(true);
    expect(getoond[0].persoon_ids).toEqual([kindVan(inB)]);
    // B's privacy officer sees the records owned by B, A's does not.
    const poB = await app.token('PRIVACY_OFFICER', B, { sub: 'po-b' });
    const poA = await app.token('PRIVACY_OFFICER', A, { sub: 'po-a' });
    const spoor = `query S($p: ID!) { auditSpoor(filter: { persoonId: $p }) { edges { node { gebeurtenis } } } }`;
    const vanB = ok(
      await app.gql<{ auditSpoor: { edges: { node: { gebeurtenis: string } }[] } }>(poB, spoor, { p: kindVan(inB) }),
    ).auditSpoor.edges.map((e) => e.node.gebeurtenis);
    expect(vanB).toEqual(expect.arrayContaining(['VT_REGISTER_TREFFER', 'VT_REGISTER_TREFFER_GETOOND']));
    const vanA = ok(await app.gql<{ auditSpoor: { edges: unknown[] } }>(poA, spoor, { p: kindVan(inB) })).auditSpoor
      .edges;
    expect(vanA).toEqual([]);
  });

  it('finds nothing for a person known only in the own region', async () => {
    const bsn = geldigBsn();
    const eerste = await registreer(tA, bsn, null);
    // A second melding in A for the same child: the own region is never a treffer.
    await registreer(tA, bsn, null);
    expect(await treffers(tA, eerste.casusId)).toEqual([]);
  });

  it('checks nobody without a BSN (no treffer, no signal, no check record)', async () => {
    const signalenVoor = ok(await app.gql<{ vtRegisterSignalen: unknown[] }>(tB, SIGNALEN)).vtRegisterSignalen.length;
    await registreer(tB, null, null);
    const zonder = await registreer(tA, null, null);
    expect(await treffers(tA, zonder.casusId)).toEqual([]);
    expect(ok(await app.gql<{ vtRegisterSignalen: unknown[] }>(tB, SIGNALEN)).vtRegisterSignalen).toHaveLength(
      signalenVoor,
    );
    expect((await audit('VT_REGISTER_CONTROLEREN')).filter((r) => r.object_id === zonder.id)).toEqual([]);
  });

  it('follows need-to-know and region: a medewerker not assigned, another region', async () => {
    const r = await app.gql(mwA, TREFFERS, { c: inA.casusId });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anders = await app.gql(tB, TREFFERS, { c: inA.casusId });
    expect(anders.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // The signals are the teamleider's: not in a medewerker's schema.
    const mw = await app.gql(mwA, SIGNALEN);
    expect(mw.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it("is not in a partner role's schema", async () => {
    await app.partner('POLITIE-REG', 'POLITIE', A);
    const politie = await app.token('POLITIE_MEDEWERKER', 'POLITIE-REG', { sub: 'agent-1' });
    for (const q of [TREFFERS, SIGNALEN]) {
      const r = await app.gql(politie, q, { c: inA.casusId });
      expect(r.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    const t = ok(await app.gql<{ __type: unknown }>(politie, `{ __type(name: "VtRegisterTreffer") { name } }`));
    expect(t.__type).toBeNull();
  });

  it('no longer reports lopend once B closes its casus, but still that B was involved', async () => {
    ok(
      await app.gql(
        tB,
        `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
        { i: { meldingId: inB.id, taxatie: 'ONBEKEND', uitkomst: 'GEEN_VERVOLGSTAPPEN', toelichting: 'Geen zorgen.' } },
      ),
    );
    const c = ok(
      await app.gql<{ casusOvergang: { fase: string } }>(
        tB,
        `mutation($i: CasusOvergangInvoer!) { casusOvergang(invoer: $i) { fase } }`,
        { i: { casusId: inB.casusId, naar: 'AFGESLOTEN', toelichting: 'Klaar.', afsluitreden: 'Geen vervolg nodig.' } },
      ),
    );
    expect(c.casusOvergang.fase).toBe('AFGESLOTEN');
    const t = await treffers(tA, inA.casusId);
    expect(t).toEqual([expect.objectContaining({ organisatie: expect.objectContaining({ code: B }), lopend: false })]);
  });

  it('the database admits across regions only the narrow function: not the register, not the signals', async () => {
    await app.sql('begin');
    try {
      await app.sql(`set local role ketenpoort_app`);
      await app.sql(`select set_config('ketenpoort.vt_organisatie', $1, true)`, [A]);
      const register = await app.sql(`select distinct vt_organisatie from vt_register`);
      expect(register).toEqual([{ vt_organisatie: A }]);
      expect(await app.sql(`select id from vt_register_signaal where vt_organisatie = $1`, [B])).toEqual([]);
      const functie = await app.sql(`select * from vt_register_treffers(array(select bsn_hash from vt_register))`);
      expect(functie.length).toBeGreaterThan(0);
      expect(functie.every((r) => r.vt_organisatie !== A)).toBe(true);
      expect(Object.keys(functie[0]).sort()).toEqual(
        ['bsn_hash', 'eerst_betrokken', 'laatst_betrokken', 'lopend', 'persoon_id', 'vt_organisatie'].sort(),
      );
      // A region cannot write another's register rows, nor sign a signal as another region.
      await expect(
        app.sql(`update vt_register set lopend = true where vt_organisatie = $1 returning 1`, [B]),
      ).resolves.toEqual([]);
      await expect(
        app.sql(
          `insert into vt_register_signaal (id, vt_organisatie, van_organisatie, persoon_ids, aangemaakt_op)
           values (gen_random_uuid(), $1, 'VT01', '{}', now())`,
          [B],
        ),
      ).rejects.toMatchObject({ code: '42501' });
    } finally {
      await app.sql('rollback');
    }
    // Without a region scope the function returns nothing, even for hashes that are in the register.
    const vanB = (await app.sql(`select bsn_hash from vt_register where vt_organisatie = $1`, [B])).map(
      (r) => r.bsn_hash,
    );
    expect(vanB.length).toBeGreaterThan(0);
    await app.sql('begin');
    try {
      await app.sql(`set local role ketenpoort_app`);
      expect(await app.sql(`select * from vt_register_treffers($1::text[])`, [vanB])).toEqual([]);
    } finally {
      await app.sql('rollback');
    }
  });
});
