import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { meldingInvoer } from '../helpers/fabriek';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';

/**
 * Deactivating an organisation ends its access at once (issue 11, point 3): the row is inactive, its webhook endpoints
 * are off, every offer still open or handover still running is withdrawn with the coded reason and goes back to VT
 * with an escalation for the teamleider, unacknowledged Handle with Care signals and unanswered ZSM requests are
 * escalated, all audited in the same transaction. Reactivation restores access and the endpoints, not the offers.
 */
let app: TestApp;

const DEACTIVEER = `mutation($c: TekstRegel!) { organisatieDeactiveren(code: $c) {
  organisatie { code actief gedeactiveerdOp webhookEndpoints { id actief uitschakelreden } }
  overdrachtenIngetrokken hwcSignalenGeescaleerd zsmVerzoekenGeescaleerd webhookEndpointsUitgeschakeld } }`;
const HERACTIVEER = `mutation($c: TekstRegel!) { organisatieHeractiveren(code: $c) { code actief gedeactiveerdOp webhookEndpoints { id actief uitschakelreden } } }`;

type Deactivering = {
  organisatie: {
    code: string;
    actief: boolean;
    gedeactiveerdOp: string | null;
    webhookEndpoints: { id: string; actief: boolean; uitschakelreden: string | null }[];
  };
  overdrachtenIngetrokken: number;
  hwcSignalenGeescaleerd: number;
  zsmVerzoekenGeescaleerd: number;
  webhookEndpointsUitgeschakeld: number;
};

/** Tokens are minted at the test clock's now, so each call gets a fresh one. */
const landelijk = (): Promise<string> =>
  app.token('FUNCTIONEEL_BEHEERDER', 'LANDELIJK-BEHEER', { sub: 'beheer-landelijk' });
const vt = (): Promise<string> => app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-deactiveren' });

async function ok<T>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const r = await app.gql<T>(token, query, variables);
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return r.body.data!;
}

/** A casus in fase OVERDRACHT with its persons; returns the casus id and the person ids. */
async function casus(): Promise<{ casusId: string; persoonIds: string[]; kind: string }> {
  const t = await vt();
  const r = await ok<{
    meldingRegistreren: { id: string; casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] };
  }>(
    t,
    `mutation R($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId betrokkenen { rollen persoon { id } } } }`,
    { i: meldingInvoer() },
  );
  const { id: meldingId, casusId, betrokkenen } = r.meldingRegistreren;
  await ok(
    t,
    `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
    {
      i: { meldingId, taxatie: 'STRUCTURELE_ONVEILIGHEID', uitkomst: 'OVERDRACHT', toelichting: 'Beoordeeld.' },
    },
  );
  return {
    casusId,
    persoonIds: betrokkenen.map((b) => b.persoon.id),
    kind: betrokkenen.find((b) => b.rollen.includes('KIND'))!.persoon.id,
  };
}

async function aanbieden(ontvanger: string): Promise<string> {
  const { casusId, persoonIds } = await casus();
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
        toelichting: 'Gezin wil hulp.',
        grondslag: 'WMO_OVERDRACHT',
      },
    },
  );
  return r.overdrachtAanbieden.id;
}

async function endpoint(organisatie: string, actief = true): Promise<string> {
  const [r] = await app.sql(
    `insert into webhook_endpoint (id, organisatie, url, actief, uitschakelreden, uitgeschakeld_op, aangemaakt_op, gewijzigd_op)
     values (gen_random_uuid(), $1, 'https://partner.example/hook', $2, $3, $4, $5, $5) returning id`,
    [organisatie, actief, actief ? null : 'HANDMATIG', actief ? null : TEST_NU, TEST_NU],
  );
  return r.id as string;
}

const status = async (id: string): Promise<Record<string, unknown>> =>
  (await app.sql(`select status, intrekking_reden, beeindigd_op from overdracht where id = $1`, [id]))[0];

beforeAll(async () => {
  app = await startTestApp();
  await app.sql(
    `insert into organisatie (code, naam, soort, regio_codes) values ('LANDELIJK-BEHEER', 'Landelijk beheer', 'LANDELIJK', '{}')`,
  );
  for (const [code, soort] of [
    ['WT-D', 'WIJKTEAM'],
    ['WT-E', 'WIJKTEAM'],
    ['WT-NIEUW', 'WIJKTEAM'],
    ['SCHOOL-D', 'SCHOOL'],
    ['OM-D', 'OPENBAAR_MINISTERIE'],
  ]) {
    await app.partner(code, soort, 'VT14');
  }
});
afterAll(() => app.stop());

describe('een ketenpartner deactiveren', () => {
  const o: Record<'aangeboden' | 'geaccepteerd' | 'contact' | 'afgerond' | 'ander', string> = {
    aangeboden: '',
    geaccepteerd: '',
    contact: '',
    afgerond: '',
    ander: '',
  };
  const ep: Record<'aan' | 'handmatig' | 'ander', string> = { aan: '', handmatig: '', ander: '' };

  beforeAll(async () => {
    const wt = await app.token('WIJKTEAM_MEDEWERKER', 'WT-D', { sub: 'wt-d' });
    o.aangeboden = await aanbieden('WT-D');
    o.geaccepteerd = await aanbieden('WT-D');
    o.contact = await aanbieden('WT-D');
    o.afgerond = await aanbieden('WT-D');
    o.ander = await aanbieden('WT-E');
    for (const id of [o.geaccepteerd, o.contact, o.afgerond]) {
      await ok(wt, `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { status } }`, { id });
    }
    for (const id of [o.contact, o.afgerond]) {
      await ok(wt, `mutation($i: OverdrachtContactInvoer!) { overdrachtContactBevestigen(invoer: $i) { status } }`, {
        i: { overdrachtId: id, contactOp: '2026-03-10', vtPersoon: 'mw-deactiveren', partnerPersoon: 'A. Wijk' },
      });
    }
    await ok(wt, `mutation($i: OverdrachtAfrondenInvoer!) { overdrachtAfronden(invoer: $i) { status } }`, {
      i: { overdrachtId: o.afgerond, uitkomst: 'HULP_GESTART', toelichting: 'Gezinscoach gestart.' },
    });
    ep.aan = await endpoint('WT-D');
    ep.handmatig = await endpoint('WT-D', false);
    ep.ander = await endpoint('WT-E');
  });

  it('beëindigt de toegang meteen: inactief, endpoints uit, open en lopende overdrachten ingetrokken met ORGANISATIE_GEDEACTIVEERD; de rest blijft', async () => {
    app.clock.set(new Date('2026-03-11T10:00:00Z'));
    const { organisatieDeactiveren: d } = await ok<{ organisatieDeactiveren: Deactivering }>(
      await landelijk(),
      DEACTIVEER,
      { c: 'WT-D' },
    );
    expect(d).toMatchObject({
      overdrachtenIngetrokken: 3,
      webhookEndpointsUitgeschakeld: 1,
      hwcSignalenGeescaleerd: 0,
      zsmVerzoekenGeescaleerd: 0,
    });
    expect(d.organisatie).toMatchObject({ code: 'WT-D', actief: false, gedeactiveerdOp: '2026-03-11T10:00:00.000Z' });
    expect((await app.sql(`select actief, gedeactiveerd_op from organisatie where code = 'WT-D'`))[0]).toEqual({
      actief: false,
      gedeactiveerd_op: new Date('2026-03-11T10:00:00Z'),
    });

    for (const id of [o.aangeboden, o.geaccepteerd, o.contact]) {
      expect(await status(id)).toEqual({
        status: 'INGETROKKEN',
        intrekking_reden: 'ORGANISATIE_GEDEACTIVEERD',
        beeindigd_op: new Date('2026-03-11T10:00:00Z'),
      });
    }
    expect((await status(o.afgerond)).status).toBe('AFGEROND');
    expect((await status(o.ander)).status).toBe('AANGEBODEN');
    // The open offer's response termijn is cancelled; the partner is told through its feed.
    expect((await app.sql(`select status from termijn where overdracht_id = $1`, [o.aangeboden]))[0].status).toBe(
      'GEANNULEERD',
    );
    const events = await app.sql(
      `select object_id from gebeurtenis where type = 'overdracht.ingetrokken' and ontvanger = 'WT-D'`,
    );
    expect(events.map((e) => e.object_id).sort()).toEqual([o.aangeboden, o.geaccepteerd, o.contact].sort());

    const endpoints = await app.sql(`select id, actief, uitschakelreden from webhook_endpoint order by id`);
    expect(endpoints).toEqual(
      expect.arrayContaining([
        { id: ep.aan, actief: false, uitschakelreden: 'ORGANISATIE_GEDEACTIVEERD' },
        { id: ep.handmatig, actief: false, uitschakelreden: 'HANDMATIG' },
        { id: ep.ander, actief: true, uitschakelreden: null },
      ]),
    );
  });

  it('geen casus zonder zorg: de teamleider van de regio krijgt per ingetrokken overdracht een escalatie', async () => {
    const tl = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-14' });
    const { notificaties } = await ok<{
      notificaties: { soort: string; termijnSoort: string; casusId: string; ontvangerRol: string }[];
    }>(tl, `{ notificaties { soort termijnSoort casusId ontvangerRol } }`);
    const casussen = (
      await app.sql(`select casus_id from overdracht where id = any($1::uuid[])`, [
        [o.aangeboden, o.geaccepteerd, o.contact],
      ])
    ).map((r) => r.casus_id as string);
    const escalaties = notificaties.filter((n) => n.soort === 'ESCALATIE');
    expect(escalaties.map((n) => n.casusId).sort()).toEqual(casussen.sort());
    for (const n of escalaties) {
      expect(n).toMatchObject({ termijnSoort: 'OVERDRACHT_REACTIE', ontvangerRol: 'VT_TEAMLEIDER' });
    }
  });

  it('elke wijziging staat in het auditspoor, in dezelfde transactie: organisatie, endpoint en elke overdracht met haar personen', async () => {
    const rijen = await app.sql(
      `select gebeurtenis, object_type, object_id, vt_organisatie, organisatie, rol, velden, cardinality(persoon_ids) as personen
         from audit_gebeurtenis where organisatie = 'LANDELIJK-BEHEER' and gebeurtenis <> 'ORGANISATIE_HERACTIVEREN' order by id`,
    );
    expect(rijen[0]).toMatchObject({
      gebeurtenis: 'ORGANISATIE_DEACTIVEREN',
      object_type: 'Organisatie',
      object_id: 'WT-D',
      vt_organisatie: null,
      rol: 'FUNCTIONEEL_BEHEERDER',
      velden: ['actief', 'gedeactiveerdOp'],
    });
    expect(rijen[1]).toMatchObject({
      gebeurtenis: 'WEBHOOK_ENDPOINT_WIJZIGEN',
      object_type: 'WebhookEndpoint',
      object_id: ep.aan,
      velden: ['actief', 'uitschakelreden'],
    });
    const ingetrokken = rijen.filter((r) => r.gebeurtenis === 'OVERDRACHT_INTREKKEN');
    expect(ingetrokken.map((r) => r.object_id).sort()).toEqual([o.aangeboden, o.geaccepteerd, o.contact].sort());
    for (const r of ingetrokken) {
      expect(r).toMatchObject({
        object_type: 'Overdracht',
        vt_organisatie: 'VT14',
        velden: ['status', 'intrekkingReden'],
        personen: 2,
      });
    }
    // Nothing else was written by the deactivation.
    expect(rijen).toHaveLength(2 + 3);
  });

  it('een nieuw aanbod aan de gedeactiveerde organisatie wordt geweigerd', async () => {
    const { casusId, persoonIds } = await casus();
    const r = await app.gql(
      await vt(),
      `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
      {
        i: {
          casusId,
          soort: 'WARME_OVERDRACHT',
          ontvanger: 'WT-D',
          persoonIds,
          metVeiligheidsafspraken: false,
          toelichting: 'x',
          grondslag: 'WMO_OVERDRACHT',
        },
      },
    );
    expect(r.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [{ code: 'ONTVANGER_PAST_NIET' }],
    });
  });

  it('nogmaals deactiveren verandert niets en schrijft geen auditregel', async () => {
    const voor = (await app.sql(`select count(*)::int as n from audit_gebeurtenis`))[0].n;
    const { organisatieDeactiveren: d } = await ok<{ organisatieDeactiveren: Deactivering }>(
      await landelijk(),
      DEACTIVEER,
      { c: 'WT-D' },
    );
    expect(d).toMatchObject({
      overdrachtenIngetrokken: 0,
      webhookEndpointsUitgeschakeld: 0,
      organisatie: { actief: false },
    });
    expect((await app.sql(`select count(*)::int as n from audit_gebeurtenis`))[0].n).toBe(voor);
  });

  it('heractiveren geeft de toegang en de door het deactiveren uitgezette endpoints terug, niet de ingetrokken overdrachten', async () => {
    const { organisatieHeractiveren: h } = await ok<{ organisatieHeractiveren: Deactivering['organisatie'] }>(
      await landelijk(),
      HERACTIVEER,
      { c: 'WT-D' },
    );
    expect(h).toMatchObject({ actief: true, gedeactiveerdOp: null });
    expect(h.webhookEndpoints).toEqual(
      expect.arrayContaining([
        { id: ep.aan, actief: true, uitschakelreden: null },
        { id: ep.handmatig, actief: false, uitschakelreden: 'HANDMATIG' },
      ]),
    );
    for (const id of [o.aangeboden, o.geaccepteerd, o.contact]) expect((await status(id)).status).toBe('INGETROKKEN');
    const [audit] = await app.sql(
      `select gebeurtenis, velden from audit_gebeurtenis where object_id = 'WT-D' order by id desc limit 1`,
    );
    expect(audit).toEqual({ gebeurtenis: 'ORGANISATIE_HERACTIVEREN', velden: ['actief', 'gedeactiveerdOp'] });
  });

  it('een endpoint dat beheer uitzette, zet de eigenaar niet zelf weer aan; beheer wel', async () => {
    const wt = await app.token('WIJKTEAM_MEDEWERKER', 'WT-D', { sub: 'wt-d' });
    const uit = await ok<{ webhookEndpointBeheren: { actief: boolean; uitschakelreden: string } }>(
      await landelijk(),
      `mutation($id: ID!) { webhookEndpointBeheren(id: $id, actief: false) { actief uitschakelreden } }`,
      { id: ep.aan },
    );
    expect(uit.webhookEndpointBeheren).toEqual({ actief: false, uitschakelreden: 'BEHEER' });
    const zelf = await app.gql(
      wt,
      `mutation($id: ID!) { webhookEndpointWijzigen(id: $id, invoer: { actief: true }) { actief } }`,
      { id: ep.aan },
    );
    expect(zelf.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [{ code: 'UITGESCHAKELD_DOOR_BEHEER' }],
    });
    // A VT beheerder of another region does not see it.
    const vt09 = await app.token('FUNCTIONEEL_BEHEERDER', 'VT09');
    const vreemd = await app.gql(
      vt09,
      `mutation($id: ID!) { webhookEndpointBeheren(id: $id, actief: true) { actief } }`,
      { id: ep.aan },
    );
    expect(vreemd.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const aan = await ok<{ webhookEndpointBeheren: { actief: boolean } }>(
      await landelijk(),
      `mutation($id: ID!) { webhookEndpointBeheren(id: $id, actief: true) { actief } }`,
      { id: ep.aan },
    );
    expect(aan.webhookEndpointBeheren.actief).toBe(true);
    expect(
      (
        await app.sql(
          `select gebeurtenis, organisatie from audit_gebeurtenis where object_id = $1 and gebeurtenis = 'WEBHOOK_ENDPOINT_BEHEREN'`,
          [ep.aan],
        )
      ).length,
    ).toBe(2);
  });
});

describe('een school en een ZSM-partner deactiveren', () => {
  it('onbevestigde Handle with Care-signalen aan de school gaan meteen naar de teamleider; bevestigde niet', async () => {
    app.clock.set(TEST_NU);
    const signaal = async (): Promise<string> => {
      const { casusId, kind } = await casus();
      const r = await ok<{ hwcSignaalVersturen: { id: string } }>(
        await vt(),
        `mutation($i: HwcSignaalInvoer!) { hwcSignaalVersturen(invoer: $i) { id } }`,
        {
          i: {
            casusId,
            persoonId: kind,
            school: 'SCHOOL-D',
            incidentdatum: '2026-03-09',
            grondslag: 'Convenant Handle with Care',
          },
        },
      );
      return r.hwcSignaalVersturen.id;
    };
    const open = await signaal();
    const bevestigd = await signaal();
    await ok(
      await app.token('SCHOOL_CONTACTPERSOON', 'SCHOOL-D'),
      `mutation($id: ID!) { hwcOntvangstBevestigen(signaalId: $id) { bevestigdOp } }`,
      { id: bevestigd },
    );

    const { organisatieDeactiveren: d } = await ok<{ organisatieDeactiveren: Deactivering }>(
      await landelijk(),
      DEACTIVEER,
      { c: 'SCHOOL-D' },
    );
    expect(d.hwcSignalenGeescaleerd).toBe(1);
    expect(
      (
        await app.sql(
          `select t.hwc_signaal_id as signaal_id from notificatie n join termijn t on t.id = n.termijn_id where n.soort = 'ESCALATIE' and n.ontvanger_rol = 'VT_TEAMLEIDER' and t.hwc_signaal_id is not null`,
        )
      ).map((r) => r.signaal_id),
    ).toEqual([open]);
    const tl = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-14' });
    const lijst = await ok<{ hwcSignalen: { edges: { node: { id: string; geescaleerdOp: string | null } }[] } }>(
      tl,
      `{ hwcSignalen(alleenOnbevestigd: true) { edges { node { id geescaleerdOp } } } }`,
    );
    expect(lijst.hwcSignalen.edges.map((e) => e.node)).toEqual([{ id: open, geescaleerdOp: TEST_NU.toISOString() }]);
    const [audit] = await app.sql(
      `select gebeurtenis, vt_organisatie, cardinality(persoon_ids) as n from audit_gebeurtenis where object_id = $1 and gebeurtenis = 'HWC_SIGNAAL_ESCALEREN'`,
      [open],
    );
    expect(audit).toEqual({ gebeurtenis: 'HWC_SIGNAAL_ESCALEREN', vt_organisatie: 'VT14', n: 1 });
  });

  it('onbeantwoorde ZSM-verzoeken van een gedeactiveerde OM-organisatie gaan meteen naar de teamleider', async () => {
    const om = await app.token('OM_ZSM_MEDEWERKER', 'OM-D');
    const r = await ok<{ zsmVerzoekIndienen: { id: string } }>(
      om,
      `mutation($i: ZsmVerzoekInvoer!) { zsmVerzoekIndienen(invoer: $i) { id } }`,
      {
        i: {
          vtOrganisatie: 'VT14',
          reden: 'Afstemming veiligheid.',
          inverzekeringstellingEindigtOp: '2026-03-12T12:00:00Z',
          personen: [{ achternaam: 'jansen', geboortedatum: '2018-05-04' }],
        },
      },
    );
    const { organisatieDeactiveren: d } = await ok<{ organisatieDeactiveren: Deactivering }>(
      await landelijk(),
      DEACTIVEER,
      { c: 'OM-D' },
    );
    expect(d.zsmVerzoekenGeescaleerd).toBe(1);
    expect(
      (
        await app.sql(
          `select t.zsm_verzoek_id as verzoek_id from notificatie n join termijn t on t.id = n.termijn_id where n.soort = 'ESCALATIE' and t.zsm_verzoek_id is not null`,
        )
      ).map((x) => x.verzoek_id),
    ).toEqual([r.zsmVerzoekIndienen.id]);
  });

  it('een token voor een gedeactiveerde organisatie wordt geweigerd (zonder eerder token van haar; met een gecachete organisatie pas na de LISTEN-kant)', async () => {
    // OrganisatieRegister caches an organisation for 60 s; the verifier helper's branch drops the cache on the
    // NOTIFY of migration 15. Until then this holds only for an organisation whose token was not used in the last minute.
    await ok(await landelijk(), DEACTIVEER, { c: 'WT-NIEUW' });
    const r = await app.gql(await app.token('WIJKTEAM_MEDEWERKER', 'WT-NIEUW'), `{ ik { rol } }`);
    expect(r.status).toBe(401);
    expect(r.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
