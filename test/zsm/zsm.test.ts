import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { JobDeps } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import { escaleerJob } from '../../src/termijnen/jobs/termijn-bewaking.job';
import { geldigBsn, meldingInvoer } from '../helpers/fabriek';
import { SYSTEEM_ACTOR, systeemAudit } from '../helpers/systeem-audit';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';
import { termijnActies } from '../../src/modules';

/**
 * ZSM through GraphQL: a justice partner asks, VT answers with the declared data set within hours, each side sees only
 * what is its own, every request and answer is audited naming the persons, and an unanswered request escalates.
 */
let app: TestApp;
let deps: JobDeps;
let peterBsn: string;

const VERZOEK = `id status antwoordVoor beantwoordOp contactpersoonNaam gegevensset
  personen { id bsn voornamen achternaam geboortedatum bekendBijVt lopendeBetrokkenheid fase veiligheidsafspraken relevanteInformatie }`;
const INDIENEN = `mutation I($invoer: ZsmVerzoekInvoer!) { zsmVerzoekIndienen(invoer: $invoer) { ${VERZOEK} } }`;
const BEANTWOORDEN = `mutation B($invoer: ZsmAntwoordInvoer!) { zsmVerzoekBeantwoorden(invoer: $invoer) { ${VERZOEK} gebeurtenisId } }`;
const LEES = `query L($id: ID!) { zsmVerzoek(id: $id) { ${VERZOEK} } }`;

type Persoon = {
  id: string;
  bsn: string | null;
  achternaam: string | null;
  bekendBijVt: boolean | null;
  lopendeBetrokkenheid: boolean | null;
  fase: string | null;
  veiligheidsafspraken: boolean | null;
  relevanteInformatie: string | null;
};
type Verzoek = {
  id: string;
  status: string;
  antwoordVoor: string;
  beantwoordOp: string | null;
  contactpersoonNaam: string | null;
  gegevensset: string[];
  personen: Persoon[];
  gebeurtenisId?: string;
};
type Fout = { message: string; extensions?: Record<string, unknown> };

const ZSM_GRONDSLAG = 'ZSM-afspraken: informatie-uitwisseling tijdens inverzekeringstelling';

const om = (org = 'OM-A'): Promise<string> => app.token('OM_ZSM_MEDEWERKER', org, { sub: `om-${org}` });
const vt = (regio = 'VT14'): Promise<string> =>
  app.token('VT_MEDEWERKER', regio, { sub: `mw-${regio}`, naam: 'M. de Wit' });

function verzoekInvoer(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    vtOrganisatie: 'VT14',
    parketnummer: '13/123456-26',
    reden: 'Verdachte van mishandeling van partner; afstemming veiligheidsmaatregelen.',
    inverzekeringstellingEindigtOp: '2026-03-12T12:00:00Z',
    personen: [{ bsn: peterBsn }, { achternaam: 'jansen', geboortedatum: '2018-05-04' }, { bsn: geldigBsn() }],
    ...extra,
  };
}

async function indienen(
  invoer: Record<string, unknown> = verzoekInvoer(),
  token?: string,
): Promise<{ data?: Verzoek; fout?: Fout }> {
  const r = await app.gql<{ zsmVerzoekIndienen: Verzoek }>(token ?? (await om()), INDIENEN, { invoer });
  return { data: r.body.data?.zsmVerzoekIndienen, fout: r.body.errors?.[0] };
}

beforeAll(async () => {
  app = await startTestApp();
  await app.partner('OM-A', 'OPENBAAR_MINISTERIE', 'VT14');
  await app.partner('OM-B', 'OPENBAAR_MINISTERIE', 'VT14');
  await app.partner('POLITIE-A', 'POLITIE', 'VT14');
  deps = {
    orm: app.orm,
    termijnActies,
    clock: app.clock,
    log: createLogger('silent', 'test'),
    config: app.config,
    queue: () => {
      throw new Error('geen wachtrij nodig');
    },
  };
  // A household known to VT14: Sara (child) and Peter (pleger), in an open casus.
  const invoer = meldingInvoer();
  peterBsn = (invoer.betrokkenen as { persoon: { bsn: string } }[])[1].persoon.bsn;
  const r = await app.gql(
    await vt(),
    `mutation R($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { id } }`,
    { invoer },
  );
  expect(r.body.errors).toBeUndefined();
});
afterAll(() => app.stop());
beforeEach(() => app.clock.set(TEST_NU));

describe('verzoek en antwoord', () => {
  it('de ZSM-partner vraagt, VT antwoordt met de gegevensset; onbekend is "niet bekend"; beide zijn geaudit met de personen', async () => {
    const { data: v, fout } = await indienen();
    expect(fout, JSON.stringify(fout)).toBeUndefined();
    // 09:00Z + 4 hours, before the detention ends.
    expect(v).toMatchObject({ status: 'OPEN', antwoordVoor: '2026-03-10T13:00:00.000Z', beantwoordOp: null });
    expect(v!.personen.map((p) => p.bekendBijVt)).toEqual([null, null, null]);
    const [ind] = await app.sql(
      `select organisatie, rol, vt_organisatie, cardinality(persoon_ids) as n from audit_gebeurtenis where gebeurtenis = 'ZSM_VERZOEK_INDIENEN' and object_id = $1`,
      [v!.id],
    );
    // Peter by BSN, Sara by surname and date of birth; the third BSN is unknown.
    expect(ind).toEqual({ organisatie: 'OM-A', rol: 'OM_ZSM_MEDEWERKER', vt_organisatie: 'VT14', n: 2 });

    app.clock.set(new Date('2026-03-10T10:30:00Z'));
    const peter = v!.personen[0].id;
    const r = await app.gql<{ zsmVerzoekBeantwoorden: Verzoek }>(await vt(), BEANTWOORDEN, {
      invoer: {
        verzoekId: v!.id,
        contactpersoonTelefoon: '+31 35 000 0000',
        personen: [{ zsmPersoonId: peter, relevanteInformatie: 'Contactverbod met partner en kinderen is nodig.' }],
      },
    });
    expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
    const a = r.body.data!.zsmVerzoekBeantwoorden;
    expect(a.status).toBe('BEANTWOORD');
    expect(a.contactpersoonNaam).toBe('M. de Wit');
    expect(a.gegevensset).toEqual([
      'bekendBijVt',
      'lopendeBetrokkenheid',
      'fase',
      'veiligheidsafspraken',
      'contactpersoon',
      'relevanteInformatie',
    ]);
    expect(
      a.personen.map(({ bekendBijVt, lopendeBetrokkenheid, fase, veiligheidsafspraken, relevanteInformatie }) => ({
        bekendBijVt,
        lopendeBetrokkenheid,
        fase,
        veiligheidsafspraken,
        relevanteInformatie,
      })),
    ).toEqual([
      {
        bekendBijVt: true,
        lopendeBetrokkenheid: true,
        fase: 'VEILIGHEIDSBEOORDELING',
        veiligheidsafspraken: false,
        relevanteInformatie: 'Contactverbod met partner en kinderen is nodig.',
      },
      {
        bekendBijVt: true,
        lopendeBetrokkenheid: true,
        fase: 'VEILIGHEIDSBEOORDELING',
        veiligheidsafspraken: false,
        relevanteInformatie: null,
      },
      {
        bekendBijVt: false,
        lopendeBetrokkenheid: false,
        fase: null,
        veiligheidsafspraken: null,
        relevanteInformatie: null,
      },
    ]);
    const [ant] = await app.sql(
      `select organisatie, actie, cardinality(persoon_ids) as n from audit_gebeurtenis where gebeurtenis = 'ZSM_VERZOEK_BEANTWOORDEN' and object_id = $1`,
      [v!.id],
    );
    expect(ant).toEqual({ organisatie: 'VT14', actie: 'U', n: 2 });
    expect(await app.sql(`select id, ontvanger, type from gebeurtenis where object_id = $1`, [v!.id])).toEqual([
      { id: a.gebeurtenisId, ontvanger: 'OM-A', type: 'zsm.verzoek-beantwoord' },
    ]);

    // The requester reads the answer; its read is audited too.
    const l = await app.gql<{ zsmVerzoek: Verzoek }>(await om(), LEES, { id: v!.id });
    expect(l.body.data!.zsmVerzoek.personen[0].relevanteInformatie).toBe(
      'Contactverbod met partner en kinderen is nodig.',
    );
    const [lees] = await app.sql(
      `select count(*)::int as n from audit_gebeurtenis where gebeurtenis = 'ZSM_VERZOEK_INZIEN' and organisatie = 'OM-A' and object_id = $1`,
      [v!.id],
    );
    // One read audited by the request itself (indienen), one by this query.
    expect(lees.n).toBe(2);
    // VT-only fields are not in the partner's schema.
    for (const veld of ['geescaleerdOp', 'gebeurtenisId', 'personen { persoonId }']) {
      const x = await app.gql(await om(), `query { zsmVerzoek(id: "${v!.id}") { id ${veld} } }`);
      expect(x.body.errors?.[0].extensions?.code, veld).toBe('GRAPHQL_VALIDATION_FAILED');
    }

    // Answering twice is a conflict and changes nothing.
    const twee = await app.gql(await vt(), BEANTWOORDEN, { invoer: { verzoekId: v!.id, personen: [] } });
    expect(twee.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reden: 'AL_BEANTWOORD' });

    // 14 days (ZSM_INZAGE_DAGEN) after the detention ended, the requester keeps its request but not VT's answer.
    app.clock.set(new Date('2026-03-26T12:00:01Z'));
    const laat = await app.gql<{ zsmVerzoek: Verzoek }>(await om(), LEES, { id: v!.id });
    expect(laat.body.errors).toBeUndefined();
    expect(laat.body.data!.zsmVerzoek.contactpersoonNaam).toBeNull();
    expect(laat.body.data!.zsmVerzoek.personen.map((p) => [p.bekendBijVt, p.relevanteInformatie])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    const vtLaat = await app.gql<{ zsmVerzoek: Verzoek }>(await vt(), LEES, { id: v!.id });
    expect(vtLaat.body.data!.zsmVerzoek.personen[0].relevanteInformatie).toBe(
      'Contactverbod met partner en kinderen is nodig.',
    );
  });

  it('een andere OM-organisatie en VT van een andere regio zien het verzoek niet', async () => {
    const { data: v } = await indienen();
    const omB = await om('OM-B');
    expect((await app.gql(omB, LEES, { id: v!.id })).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const lijst = await app.gql<{ zsmVerzoeken: { edges: unknown[] } }>(
      omB,
      `query { zsmVerzoeken { edges { node { id } } } }`,
    );
    expect(lijst.body.data!.zsmVerzoeken.edges).toEqual([]);
    const utrecht = await vt('VT09');
    expect((await app.gql(utrecht, LEES, { id: v!.id })).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(
      (await app.gql(utrecht, BEANTWOORDEN, { invoer: { verzoekId: v!.id, personen: [] } })).body.errors?.[0].extensions
        ?.code,
    ).toBe('NOT_FOUND');
    // The politie of the same region also does not see the OM's request.
    const pol = await app.token('POLITIE_MEDEWERKER', 'POLITIE-A');
    expect((await app.gql(pol, LEES, { id: v!.id })).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('weigert een ongeldig BSN, een onvolledige persoon, een niet-verbonden regio en een verstreken inverzekeringstelling, en schrijft niets', async () => {
    const voor = (await app.sql(`select count(*)::int as n from zsm_verzoek`))[0].n;
    const bsn = await indienen(verzoekInvoer({ personen: [{ bsn: '123456789' }] }));
    expect(bsn.fout?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reden: 'ONGELDIG_BSN' });
    const gevallen: [Record<string, unknown>, string][] = [
      [{ personen: [{ achternaam: 'Jansen' }] }, 'PERSOON_ONVOLLEDIG'],
      [{ vtOrganisatie: 'VT09' }, 'REGIO_NIET_VERBONDEN'],
      [{ inverzekeringstellingEindigtOp: '2026-03-10T08:00:00Z' }, 'VERSTREKEN'],
    ];
    for (const [extra, code] of gevallen) {
      const r = await indienen(verzoekInvoer(extra));
      expect(r.fout?.extensions?.code).toBe('BAD_USER_INPUT');
      expect((r.fout?.extensions?.fouten as { code: string }[])[0].code, code).toBe(code);
    }
    expect((await app.sql(`select count(*)::int as n from zsm_verzoek`))[0].n).toBe(voor);
    // VT cannot file a request.
    expect((await indienen(verzoekInvoer(), await vt())).fout?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('legt bij een verzoek van de politie de ZSM-grondslag vast, niet die van terugkoppeling op eigen meldingen', async () => {
    const pol = await app.token('POLITIE_MEDEWERKER', 'POLITIE-A', { sub: 'pol-a' });
    const { data: v, fout } = await indienen(verzoekInvoer(), pol);
    expect(fout, JSON.stringify(fout)).toBeUndefined();
    expect((await app.gql(pol, LEES, { id: v!.id })).body.errors).toBeUndefined();
    const rijen = await app.sql(
      `select gebeurtenis, rol, grondslag from audit_gebeurtenis where object_id = $1 and organisatie = 'POLITIE-A' order by id`,
      [v!.id],
    );
    expect(rijen).toEqual([
      { gebeurtenis: 'ZSM_VERZOEK_INDIENEN', rol: 'POLITIE_MEDEWERKER', grondslag: ZSM_GRONDSLAG },
      { gebeurtenis: 'ZSM_VERZOEK_INZIEN', rol: 'POLITIE_MEDEWERKER', grondslag: ZSM_GRONDSLAG },
      { gebeurtenis: 'ZSM_VERZOEK_INZIEN', rol: 'POLITIE_MEDEWERKER', grondslag: ZSM_GRONDSLAG },
    ]);
    // VT's answer to it rests on the same agreements.
    expect(
      (await app.gql(await vt(), BEANTWOORDEN, { invoer: { verzoekId: v!.id, personen: [] } })).body.errors,
    ).toBeUndefined();
    const [ant] = await app.sql(
      `select grondslag from audit_gebeurtenis where gebeurtenis = 'ZSM_VERZOEK_BEANTWOORDEN' and object_id = $1`,
      [v!.id],
    );
    expect(ant).toEqual({ grondslag: ZSM_GRONDSLAG });
  });

  it('weigert te antwoorden als meerdere personen passen (geen "niet bekend"), tot VT de persoon kiest', async () => {
    // Twins known to VT14: same surname and date of birth, different BSN.
    const tweeling = meldingInvoer({
      betrokkenen: [
        {
          rollen: ['KIND', 'SLACHTOFFER'],
          persoon: { bsn: geldigBsn(), voornamen: 'Noor', achternaam: 'Bakker', geboortedatum: '2016-02-02' },
        },
        {
          rollen: ['KIND', 'SLACHTOFFER'],
          persoon: { bsn: geldigBsn(), voornamen: 'Lotte', achternaam: 'Bakker', geboortedatum: '2016-02-02' },
        },
      ],
    });
    const m = await app.gql<{ meldingRegistreren: { betrokkenen: { persoon: { id: string; voornamen: string } }[] } }>(
      await vt(),
      `mutation R($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { betrokkenen { persoon { id voornamen } } } }`,
      { invoer: tweeling },
    );
    expect(m.body.errors).toBeUndefined();
    const lotte = m.body.data!.meldingRegistreren.betrokkenen.find((b) => b.persoon.voornamen === 'Lotte')!.persoon.id;

    const { data: v } = await indienen(
      verzoekInvoer({ personen: [{ bsn: peterBsn }, { achternaam: 'bakker', geboortedatum: '2016-02-02' }] }),
    );
    const [ind] = await app.sql(
      `select cardinality(persoon_ids) as n from audit_gebeurtenis where gebeurtenis = 'ZSM_VERZOEK_INDIENEN' and object_id = $1`,
      [v!.id],
    );
    expect(ind).toEqual({ n: 1 });
    const bakker = v!.personen[1].id;

    const r = await app.gql(await vt(), BEANTWOORDEN, { invoer: { verzoekId: v!.id, personen: [] } });
    expect(r.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const fouten = r.body.errors?.[0].extensions?.fouten as { veld: string; code: string; melding: string }[];
    expect(fouten).toEqual([expect.objectContaining({ veld: 'verzoek.personen[1]', code: 'MEERDERE_PERSONEN' })]);
    expect(fouten[0].melding).not.toMatch(/Bakker|Noor|Lotte|2016/i);
    // Nothing written: no answer, no per-person answer, no event, no audit record of an answer.
    expect(await app.sql(`select beantwoord_op from zsm_verzoek where id = $1`, [v!.id])).toEqual([
      { beantwoord_op: null },
    ]);
    expect(
      await app.sql(
        `select persoon_id, bekend_bij_vt from zsm_verzoek_persoon where verzoek_id = $1 order by volgorde`,
        [v!.id],
      ),
    ).toEqual([
      { persoon_id: expect.any(String), bekend_bij_vt: null },
      { persoon_id: null, bekend_bij_vt: null },
    ]);
    expect(await app.sql(`select id from gebeurtenis where object_id = $1`, [v!.id])).toEqual([]);
    expect(
      await app.sql(
        `select id from audit_gebeurtenis where gebeurtenis = 'ZSM_VERZOEK_BEANTWOORDEN' and object_id = $1`,
        [v!.id],
      ),
    ).toEqual([]);

    // VT cannot pick a person that does not match the request (Peter), nor relink a matched one.
    const peterId = (
      await app.sql(`select persoon_id from zsm_verzoek_persoon where verzoek_id = $1 and volgorde = 0`, [v!.id])
    )[0].persoon_id as string;
    const fout = await app.gql(await vt(), BEANTWOORDEN, {
      invoer: {
        verzoekId: v!.id,
        personen: [
          { zsmPersoonId: bakker, persoonId: peterId },
          { zsmPersoonId: v!.personen[0].id, persoonId: lotte },
        ],
      },
    });
    expect((fout.body.errors?.[0].extensions?.fouten as { code: string }[]).map((f) => f.code)).toEqual([
      'PERSOON_AL_GEKOPPELD',
      'PERSOON_PAST_NIET',
    ]);

    // VT picks Lotte: the answer goes through and names her.
    const ok = await app.gql<{ zsmVerzoekBeantwoorden: Verzoek }>(await vt(), BEANTWOORDEN, {
      invoer: { verzoekId: v!.id, personen: [{ zsmPersoonId: bakker, persoonId: lotte }] },
    });
    expect(ok.body.errors, JSON.stringify(ok.body.errors)).toBeUndefined();
    expect(ok.body.data!.zsmVerzoekBeantwoorden.personen.map((p) => p.bekendBijVt)).toEqual([true, true]);
    const [ant] = await app.sql(
      `select persoon_ids::text[] as p from audit_gebeurtenis where gebeurtenis = 'ZSM_VERZOEK_BEANTWOORDEN' and object_id = $1`,
      [v!.id],
    );
    expect(ant.p).toEqual([peterId, lotte]);
  });

  it('de termijn eindigt uiterlijk met de inverzekeringstelling', async () => {
    const { data } = await indienen(verzoekInvoer({ inverzekeringstellingEindigtOp: '2026-03-10T11:00:00Z' }));
    expect(data!.antwoordVoor).toBe('2026-03-10T11:00:00.000Z');
  });
});

describe('niet beantwoord binnen de termijn', () => {
  it('escaleert precies één keer naar de teamleider; een beantwoord verzoek niet', async () => {
    await app.sql(
      `update zsm_verzoek set beantwoord_op = now(), beantwoord_door = 'opruimen' where beantwoord_op is null`,
    );
    const open = (await indienen()).data!;
    const beantwoord = (await indienen()).data!;
    expect(
      (await app.gql(await vt(), BEANTWOORDEN, { invoer: { verzoekId: beantwoord.id, personen: [] } })).body.errors,
    ).toBeUndefined();

    // The deadline is a termijn (ZSM_ANTWOORD, due at antwoordVoor), escalated by the termijn job.
    const termijn = async (id: string): Promise<string> =>
      (await app.sql(`select id from termijn where zsm_verzoek_id = $1`, [id]))[0].id as string;
    app.clock.set(new Date('2026-03-10T12:59:00Z'));
    expect(await escaleerJob.verwerk(deps, { termijnId: await termijn(open.id) })).toBe('te-vroeg');
    app.clock.set(new Date('2026-03-10T13:00:00Z'));
    expect(await escaleerJob.verwerk(deps, { termijnId: await termijn(open.id) })).toBe('verstuurd');
    expect(await escaleerJob.verwerk(deps, { termijnId: await termijn(open.id) })).toBe('al-verstuurd');
    expect(await escaleerJob.verwerk(deps, { termijnId: await termijn(beantwoord.id) })).toBe('niet-open');
    expect(
      await app.sql(
        `select t.zsm_verzoek_id, n.ontvanger, n.ontvanger_rol, n.vt_organisatie from notificatie n join termijn t on t.id = n.termijn_id
                      where t.zsm_verzoek_id = any($1::uuid[]) and n.soort = 'ESCALATIE'`,
        [[open.id, beantwoord.id]],
      ),
    ).toEqual([{ zsm_verzoek_id: open.id, ontvanger: null, ontvanger_rol: 'VT_TEAMLEIDER', vt_organisatie: 'VT14' }]);
    // Audited once, under the system actor, on the termijn (the escalation is the termijn's).
    expect(await systeemAudit(app, await termijn(open.id))).toEqual([
      expect.objectContaining({ ...SYSTEEM_ACTOR('VT14'), gebeurtenis: 'TERMIJN_ESCALEREN', vt_organisatie: 'VT14' }),
    ]);
    expect(await systeemAudit(app, await termijn(beantwoord.id))).toEqual([]);
    const tl = await app.token('VT_TEAMLEIDER', 'VT14');
    const r = await app.gql<{
      zsmVerzoeken: { edges: { node: { id: string; status: string; geescaleerdOp: string } }[] };
    }>(tl, `query { zsmVerzoeken(alleenOnbeantwoord: true) { edges { node { id status geescaleerdOp } } } }`);
    expect(r.body.data!.zsmVerzoeken.edges.map((e) => e.node)).toEqual([
      { id: open.id, status: 'NIET_BEANTWOORD_BINNEN_TERMIJN', geescaleerdOp: '2026-03-10T13:00:00.000Z' },
    ]);
  });
});

describe('het schema van de ZSM-partner', () => {
  it('bevat geen Melding, Casus, Melder, Persoon of andere zaakinhoud', async () => {
    for (const [rol, org] of [
      ['OM_ZSM_MEDEWERKER', 'OM-A'],
      ['POLITIE_MEDEWERKER', 'POLITIE-A'],
    ] as const) {
      const r = await app.gql<{
        __schema: { types: { name: string; kind: string; fields: { name: string }[] | null }[] };
      }>(await app.token(rol, org), `{ __schema { types { name kind fields { name } } } }`);
      const objecten = r.body.data!.__schema.types.filter((t) => t.kind === 'OBJECT').map((t) => t.name);
      for (const verboden of [
        'Melding',
        'Casus',
        'Melder',
        'Persoon',
        'Betrokkene',
        'Adres',
        'Veiligheidsbeoordeling',
        'Veiligheidsafspraak',
        'Dienst',
        'Termijn',
        'HwcSignaal',
        'AuditGebeurtenis',
      ]) {
        expect(objecten, `${rol}: ${verboden}`).not.toContain(verboden);
      }
      expect(objecten).toContain('ZsmVerzoek');
      const persoon = r.body.data!.__schema.types.find((t) => t.name === 'ZsmPersoon')!.fields!.map((f) => f.name);
      expect(persoon).not.toContain('persoonId');
    }
    const om = await app.gql<{ __schema: { types: { name: string }[] } }>(
      await app.token('OM_ZSM_MEDEWERKER', 'OM-A'),
      `{ __schema { types { name } } }`,
    );
    expect(om.body.data!.__schema.types.map((t) => t.name)).not.toContain('CasusFase');
  });
});
