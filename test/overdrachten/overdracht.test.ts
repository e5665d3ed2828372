import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { JobDeps } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import { escaleerJob, herinnerJob } from '../../src/termijnen/jobs/termijn-bewaking.job';
import { meldingInvoer } from '../helpers/fabriek';
import { metGestuurd } from '../helpers/gestuurd';
import { SYSTEEM_ACTOR, systeemAudit } from '../helpers/systeem-audit';
import { startTestApp, type TestApp } from '../helpers/testapp';
import { termijnActies } from '../../src/modules';

/**
 * The warme overdracht through GraphQL: VT offers, the partner answers within its deadline and sees exactly its
 * profile of the casus while the handover runs, and nothing of it after it ended.
 */
let app: TestApp;
let deps: JobDeps;
const NU = new Date('2026-03-10T09:00:00Z');

const VELDEN = `id soort status ontvanger reagerenVoor aantalPersonen woonplaatsen besluitOp afwijzingReden uitkomst beeindigdOp
  inhoud { toelichting vtContactpersoon personen { id rollen voornamen achternaam geboortedatum postcode woonplaats } veiligheidsafspraken { omschrijving } }`;

async function vt(sub = 'mw-overdracht', regio = 'VT14'): Promise<string> {
  return app.token('VT_MEDEWERKER', regio, { sub });
}

/** A casus in fase OVERDRACHT (or the given vervolg) with two persons; returns ids. */
async function casus(
  opties: { uitkomst?: string; vervolg?: string; verzoek?: boolean; regio?: string } = {},
): Promise<{ casusId: string; meldingId: string; persoonIds: string[] }> {
  const t = await vt(undefined, opties.regio);
  const r = await app.gql<{ meldingRegistreren: { id: string; casusId: string } }>(
    t,
    `mutation R($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId } }`,
    { i: meldingInvoer() },
  );
  expect(r.body.errors).toBeUndefined();
  const { id: meldingId, casusId } = r.body.data!.meldingRegistreren;
  const c = await app.gql<{ casus: { persoonIds: string[] } }>(t, `query($id: ID!) { casus(id: $id) { persoonIds } }`, {
    id: casusId,
  });
  const persoonIds = c.body.data!.casus.persoonIds;
  const kind = (
    await app.sql(`select p.id from persoon p where p.id = any($1::uuid[]) and p.geboortedatum > '2010-01-01'`, [
      persoonIds,
    ])
  )[0].id as string;
  const b = await app.gql(
    t,
    `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
    {
      i: {
        meldingId,
        taxatie: 'STRUCTURELE_ONVEILIGHEID',
        uitkomst: opties.uitkomst ?? 'OVERDRACHT',
        vervolg: opties.vervolg,
        toelichting: 'Beoordeeld.',
        verzoekTotOnderzoek: opties.verzoek
          ? {
              kinderen: [kind],
              gronden: ['HULP_GEPROBEERD', 'ONVEILIGE_OPVOEDING'],
              standpuntOuders: 'De ouders willen geen bemoeienis.',
            }
          : undefined,
      },
    },
  );
  expect(b.body.errors).toBeUndefined();
  return { casusId, meldingId, persoonIds };
}

async function aanbieden(
  casusId: string,
  persoonIds: string[],
  extra: Record<string, unknown> = {},
  regio = 'VT14',
): Promise<{ id: string; reagerenVoor: string }> {
  const r = await app.gql<{ overdrachtAanbieden: { id: string; reagerenVoor: string } }>(
    await vt(undefined, regio),
    `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id reagerenVoor } }`,
    {
      i: {
        casusId,
        soort: 'WARME_OVERDRACHT',
        ontvanger: 'WT-A',
        persoonIds,
        metVeiligheidsafspraken: true,
        toelichting:
          'Moeder wil hulp bij opvoeding; afspraak over het veiligheidsplan: wijkteam schrijft het met het gezin.',
        grondslag: 'WMO_OVERDRACHT',
        ...extra,
      },
    },
  );
  expect(r.body.errors).toBeUndefined();
  return r.body.data!.overdrachtAanbieden;
}

const partner = (
  org = 'WT-A',
  sub = 'wt-1',
  rol: Parameters<TestApp['token']>[0] = 'WIJKTEAM_MEDEWERKER',
): Promise<string> => app.token(rol, org, { sub });
const aantal = async (tabel: string): Promise<number> =>
  Number((await app.sql(`select count(*)::int as n from ${tabel}`))[0].n);
const gebeurtenissen = async (objectId: string): Promise<string[]> =>
  (
    await app.sql(`select type || '@' || ontvanger as g from gebeurtenis where object_id = $1 order by volgorde`, [
      objectId,
    ])
  ).map((r) => r.g as string);

beforeAll(async () => {
  app = await startTestApp({ nu: NU });
  for (const [code, soort] of [
    ['WT-A', 'WIJKTEAM'],
    ['WT-B', 'WIJKTEAM'],
    ['GI-A', 'GECERTIFICEERDE_INSTELLING'],
    ['RVDK-A', 'RAAD_VOOR_DE_KINDERBESCHERMING'],
    ['GM-A', 'GEMEENTE'],
    ['SCHOOL-A', 'SCHOOL'],
  ]) {
    await app.partner(code, soort);
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
beforeEach(() => app.clock.set(NU));

describe('warme overdracht aan een wijkteam', () => {
  it('aanbod → minimaal aanbod in het postvak → accepteren → inhoud → contact → afronden → alleen nog de eigen uitkomst', async () => {
    const { casusId, persoonIds } = await casus();
    const o = await aanbieden(casusId, persoonIds);
    // Tuesday 10 March + 3 working days = Friday 13 March, end of day in Amsterdam.
    expect(o.reagerenVoor).toBe('2026-03-13T23:00:00.000Z');
    expect(await gebeurtenissen(o.id)).toEqual(['overdracht.aangeboden@WT-A']);

    const wt = await partner();
    const inbox = await app.gql<{ overdrachtInbox: { edges: { node: Record<string, unknown> }[] } }>(
      wt,
      `{ overdrachtInbox(filter: OPEN) { edges { node { ${VELDEN} } } } }`,
    );
    expect(inbox.body.errors).toBeUndefined();
    const aanbod = inbox.body.data!.overdrachtInbox.edges.map((e) => e.node).find((n) => n.id === o.id)!;
    expect(aanbod).toMatchObject({
      status: 'AANGEBODEN',
      aantalPersonen: 2,
      woonplaatsen: ['Hilversum'],
      inhoud: null,
    });

    const ok = await app.gql<{ overdrachtAccepteren: Record<string, unknown> }>(
      wt,
      `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { ${VELDEN} } }`,
      { id: o.id },
    );
    expect(ok.body.errors).toBeUndefined();
    const na = ok.body.data!.overdrachtAccepteren as {
      status: string;
      inhoud: { personen: { voornamen: string }[]; vtContactpersoon: string };
    };
    expect(na.status).toBe('GEACCEPTEERD');
    expect(na.inhoud.personen.map((p) => p.voornamen).sort()).toEqual(['Peter', 'Sara']);
    expect(na.inhoud.vtContactpersoon).toBe('mw-overdracht');
    // The reaction termijn is met.
    expect((await app.sql(`select status from termijn where overdracht_id = $1`, [o.id]))[0].status).toBe('VOLDAAN');
    // The partner's read of the content is audited, with the persons and the handover as basis.
    const [audit] = await app.sql(
      `select persoon_ids::text[] as p, grondslag, organisatie, velden from audit_gebeurtenis where gebeurtenis = 'OVERDRACHT_INZIEN' and object_id = $1 and organisatie = 'WT-A' order by id desc limit 1`,
      [o.id],
    );
    expect((audit.p as string[]).sort()).toEqual([...persoonIds].sort());
    expect(audit.grondslag).toBe(`Overdracht ${o.id} (WMO_OVERDRACHT)`);
    // The fields the partner asked for in its accept, the persons' names among them.
    expect(audit.velden).toEqual(expect.arrayContaining(['inhoud.personen.voornamen']));

    const contact = await app.gql(
      wt,
      `mutation { overdrachtContactBevestigen(invoer: { overdrachtId: "${o.id}", contactOp: "2026-03-10", vtPersoon: "mw-overdracht", partnerPersoon: "A. Wijk" }) { status contactOp } }`,
    );
    expect(contact.body.errors).toBeUndefined();
    const klaar = await app.gql<{ overdrachtAfronden: Record<string, unknown> }>(
      wt,
      `mutation { overdrachtAfronden(invoer: { overdrachtId: "${o.id}", uitkomst: HULP_GESTART, toelichting: "Gezinscoach gestart." }) { ${VELDEN} } }`,
    );
    expect(klaar.body.errors).toBeUndefined();
    expect(klaar.body.data!.overdrachtAfronden).toMatchObject({
      status: 'AFGEROND',
      uitkomst: 'HULP_GESTART',
      inhoud: null,
      woonplaatsen: [],
    });
    // Afterwards: its own outcome, nothing of the casus.
    const later = await app.gql<{ overdracht: Record<string, unknown> }>(
      wt,
      `query($id: ID!) { overdracht(id: $id) { ${VELDEN} } }`,
      { id: o.id },
    );
    expect(later.body.data!.overdracht).toMatchObject({ status: 'AFGEROND', uitkomst: 'HULP_GESTART', inhoud: null });
    // The melder's 10-week feedback names the partner, and nothing else.
    const tk = await app.gql<{
      melderTerugkoppeling: { melderBereikbaar: boolean; overgenomenDoor: string[]; tekst: string };
    }>(
      await vt(),
      `query($m: ID!) { melderTerugkoppeling(meldingId: $m) { melderBereikbaar overgenomenDoor tekst } }`,
      { m: (await app.sql(`select id from melding where casus_id = $1`, [casusId]))[0].id },
    );
    expect(tk.body.data!.melderTerugkoppeling).toMatchObject({
      melderBereikbaar: true,
      overgenomenDoor: ['Testorganisatie WT-A'],
    });
    // VT sees the whole history.
    const vtZicht = await app.gql<{ overdrachten: { status: string; contactPartnerPersoon: string }[] }>(
      await vt(),
      `query($c: ID!) { overdrachten(casusId: $c) { status contactPartnerPersoon } }`,
      { c: casusId },
    );
    expect(vtZicht.body.data!.overdrachten).toEqual([{ status: 'AFGEROND', contactPartnerPersoon: 'A. Wijk' }]);
  });

  it('een andere organisatie, een andere regio en een school zien de overdracht niet', async () => {
    const { casusId, persoonIds } = await casus();
    const o = await aanbieden(casusId, persoonIds);
    const vraag = `query($id: ID!) { overdracht(id: $id) { id } }`;
    const ander = await app.gql(await partner('WT-B', 'wt-b'), vraag, { id: o.id });
    expect(ander.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const inboxB = await app.gql<{ overdrachtInbox: { edges: unknown[] } }>(
      await partner('WT-B', 'wt-b'),
      `{ overdrachtInbox { edges { node { id } } } }`,
    );
    expect(inboxB.body.data!.overdrachtInbox.edges).toEqual([]);
    const vt09 = await app.gql(await vt('mw-09', 'VT09'), vraag, { id: o.id });
    expect(vt09.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const school = await app.gql(await app.token('SCHOOL_CONTACTPERSOON', 'SCHOOL-A'), vraag, { id: o.id });
    expect(school.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('weigert wat de tabel of de regels niet toestaan, en schrijft dan niets', async () => {
    const { casusId, persoonIds } = await casus();
    const t = await vt();
    const voor = await aantal('overdracht');
    const probeer = async (i: Record<string, unknown>): Promise<Record<string, unknown> | undefined> => {
      const r = await app.gql(
        t,
        `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
        {
          i: {
            casusId,
            soort: 'WARME_OVERDRACHT',
            ontvanger: 'WT-A',
            persoonIds,
            metVeiligheidsafspraken: false,
            toelichting: 'x',
            grondslag: 'WMO_OVERDRACHT',
            ...i,
          },
        },
      );
      return r.body.errors?.[0].extensions;
    };
    expect(((await probeer({ grondslag: 'VERZOEK_RAAD' }))?.fouten as { code: string }[])[0].code).toBe(
      'GRONDSLAG_PAST_NIET',
    );
    expect(((await probeer({ ontvanger: 'GI-A' }))?.fouten as { code: string }[])[0].code).toBe('ONTVANGER_PAST_NIET');
    expect(((await probeer({ ontvanger: 'BESTAAT-NIET' }))?.fouten as { code: string }[])[0].code).toBe(
      'ONTVANGER_PAST_NIET',
    );
    expect(((await probeer({ persoonIds: [crypto.randomUUID()] }))?.fouten as { code: string }[])[0].code).toBe(
      'GEEN_LID_VAN_CASUS',
    );
    expect(((await probeer({ gemeente: 'GM-A' }))?.fouten as { code: string }[])[0].code).toBe('NIET_TOEGESTAAN');
    expect((await probeer({ soort: 'ONBEKEND' }))?.code).toBe('BAD_USER_INPUT');
    expect(await aantal('overdracht')).toBe(voor);

    // A casus still in assessment cannot be handed over.
    const r = await app.gql<{ meldingRegistreren: { casusId: string } }>(
      t,
      `mutation R($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { casusId } }`,
      { i: meldingInvoer() },
    );
    const open = r.body.data!.meldingRegistreren.casusId;
    const leden = (
      await app.gql<{ casus: { persoonIds: string[] } }>(t, `query($id: ID!) { casus(id: $id) { persoonIds } }`, {
        id: open,
      })
    ).body.data!.casus.persoonIds;
    const fase = await app.gql(
      t,
      `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
      {
        i: {
          casusId: open,
          soort: 'WARME_OVERDRACHT',
          ontvanger: 'WT-A',
          persoonIds: leden,
          metVeiligheidsafspraken: false,
          toelichting: 'x',
          grondslag: 'WMO_OVERDRACHT',
        },
      },
    );
    expect(fase.body.errors?.[0].extensions?.reden).toBe('VERKEERDE_FASE');

    // One live offer per partner.
    await aanbieden(casusId, persoonIds);
    const dubbel = await app.gql(
      t,
      `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
      {
        i: {
          casusId,
          soort: 'WARME_OVERDRACHT',
          ontvanger: 'WT-A',
          persoonIds,
          metVeiligheidsafspraken: false,
          toelichting: 'x',
          grondslag: 'WMO_OVERDRACHT',
        },
      },
    );
    expect(dubbel.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reden: 'AL_AANGEBODEN' });
    expect(await aantal('overdracht')).toBe(voor + 1);
  });

  it('partnerstappen buiten de tabel worden geweigerd met wat wel kan', async () => {
    const { casusId, persoonIds } = await casus();
    const o = await aanbieden(casusId, persoonIds);
    const wt = await partner();
    const contact = await app.gql(
      wt,
      `mutation { overdrachtContactBevestigen(invoer: { overdrachtId: "${o.id}", contactOp: "2026-03-10", vtPersoon: "x", partnerPersoon: "y" }) { status } }`,
    );
    expect(contact.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reden: 'STAP_NIET_TOEGESTAAN',
      toegestaan: ['ONTVANGEN', 'GEACCEPTEERD', 'AFGEWEZEN'],
    });
    const af = await app.gql<{ overdrachtAfwijzen: { status: string; afwijzingReden: string } }>(
      wt,
      `mutation { overdrachtAfwijzen(invoer: { overdrachtId: "${o.id}", reden: GEEN_CAPACITEIT, toelichting: "Wachtlijst van acht weken." }) { status afwijzingReden inhoud { toelichting } } }`,
    );
    expect(af.body.data!.overdrachtAfwijzen).toMatchObject({ status: 'AFGEWEZEN', afwijzingReden: 'GEEN_CAPACITEIT' });
    const nogmaals = await app.gql(wt, `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { status } }`, {
      id: o.id,
    });
    expect(nogmaals.body.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reden: 'AL_BESLIST',
      status: 'AFGEWEZEN',
    });
  });

  it('twee medewerkers van de partner accepteren tegelijk: precies één wint', async () => {
    const { casusId, persoonIds } = await casus();
    const o = await aanbieden(casusId, persoonIds);
    const [a, b] = [await partner('WT-A', 'wt-x'), await partner('WT-A', 'wt-y')];
    const q = `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { status } }`;
    const r = await Promise.all([app.gql(a, q, { id: o.id }), app.gql(b, q, { id: o.id })]);
    const gelukt = r.filter((x) => !x.body.errors);
    const mislukt = r.filter((x) => x.body.errors);
    expect(gelukt).toHaveLength(1);
    expect(mislukt).toHaveLength(1);
    expect(mislukt[0].body.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reden: 'AL_BESLIST' });
    expect(
      await app.sql(
        `select count(*)::int as n from audit_gebeurtenis where gebeurtenis = 'OVERDRACHT_ACCEPTEREN' and object_id = $1`,
        [o.id],
      ),
    ).toEqual([{ n: 1 }]);
  });

  it('intrekken: de partner verliest de inhoud en hoort het', async () => {
    const { casusId, persoonIds } = await casus();
    const o = await aanbieden(casusId, persoonIds);
    const wt = await partner();
    await app.gql(wt, `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { status } }`, { id: o.id });
    const r = await app.gql(
      await vt(),
      `mutation($id: ID!) { overdrachtIntrekken(overdrachtId: $id, reden: NIET_MEER_NODIG, toelichting: "Gezin verhuisd naar een andere regio.") { status } }`,
      { id: o.id },
    );
    expect(r.body.errors).toBeUndefined();
    const na = await app.gql<{ overdracht: Record<string, unknown> }>(
      wt,
      `query($id: ID!) { overdracht(id: $id) { status intrekkingReden inhoud { toelichting } woonplaatsen } }`,
      { id: o.id },
    );
    expect(na.body.data!.overdracht).toEqual({
      status: 'INGETROKKEN',
      intrekkingReden: 'NIET_MEER_NODIG',
      inhoud: null,
      woonplaatsen: [],
    });
    expect(await gebeurtenissen(o.id)).toEqual(['overdracht.aangeboden@WT-A', 'overdracht.ingetrokken@WT-A']);
    const lopend = await app.gql<{ overdrachtInbox: { edges: unknown[] } }>(
      wt,
      `{ overdrachtInbox(filter: LOPEND) { edges { node { id } } } }`,
    );
    expect(JSON.stringify(lopend.body.data)).not.toContain(o.id);
  });
});

describe('de reactietermijn', () => {
  it('herinnert de partner, laat het aanbod verlopen, alarmeert de teamleider — elk precies één keer', async () => {
    const { casusId, persoonIds } = await casus();
    const o = await aanbieden(casusId, persoonIds);
    const [t] = await app.sql(`select id::text as id from termijn where overdracht_id = $1`, [o.id]);
    const termijnId = t.id as string;
    app.clock.set(new Date('2026-03-13T08:00:00Z'));
    expect(await herinnerJob.verwerk(deps, { termijnId })).toBe('verstuurd');
    expect(await herinnerJob.verwerk(deps, { termijnId })).toBe('al-verstuurd');

    // After the deadline but before the worker ran: the partner can no longer accept.
    app.clock.set(new Date('2026-03-14T08:00:00Z'));
    const wt = await partner();
    const laat = await app.gql(wt, `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { status } }`, {
      id: o.id,
    });
    expect(laat.body.errors?.[0].extensions?.reden).toBe('VERLOPEN');

    expect(await escaleerJob.verwerk(deps, { termijnId })).toBe('verstuurd');
    expect(await escaleerJob.verwerk(deps, { termijnId })).toBe('niet-open');
    expect(await gebeurtenissen(o.id)).toEqual([
      'overdracht.aangeboden@WT-A',
      'overdracht.herinnering@WT-A',
      'overdracht.verlopen@WT-A',
    ]);
    expect((await systeemAudit(app, o.id)).map((r) => `${r.gebeurtenis}:${r.gebruiker}:${r.rol}`)).toEqual([
      'OVERDRACHT_HERINNEREN:systeem:worker:SYSTEEM',
      'OVERDRACHT_VERLOPEN:systeem:worker:SYSTEEM',
    ]);
    expect(
      await app.sql(`select soort, ontvanger_rol from notificatie where termijn_id = $1 order by soort`, [termijnId]),
    ).toEqual([
      { soort: 'ESCALATIE', ontvanger_rol: 'VT_TEAMLEIDER' },
      { soort: 'HERINNERING', ontvanger_rol: 'VT_MEDEWERKER' },
    ]);
    const na = await app.gql<{ overdracht: Record<string, unknown> }>(
      wt,
      `query($id: ID!) { overdracht(id: $id) { status inhoud { toelichting } beeindigdOp } }`,
      { id: o.id },
    );
    expect(na.body.data!.overdracht).toMatchObject({ status: 'VERLOPEN', inhoud: null });
    // The casus is back with VT: a new offer (to another partner, or again) is possible.
    expect((await app.sql(`select fase from casus where id = $1`, [casusId]))[0].fase).toBe('OVERDRACHT');
    app.clock.set(new Date('2026-03-16T08:00:00Z'));
    await aanbieden(casusId, persoonIds);
  });
});

describe('de casus sluit terwijl een aanbod openstaat', () => {
  it('het aanbod wordt ingetrokken: de partner kan het niet meer accepteren en ziet de inhoud niet', async () => {
    const { casusId, persoonIds } = await casus();
    const o = await aanbieden(casusId, persoonIds);
    const dicht = await app.gql(
      await vt(),
      `mutation { casusOvergang(invoer: { casusId: "${casusId}", naar: AFGESLOTEN, toelichting: "Elders opgepakt.", afsluitreden: "Huisarts neemt het over.", overdracht: { ontvangendePartij: "Huisarts", contactBevestigdOp: "2026-03-10" } }) { fase } }`,
    );
    expect(dicht.body.errors).toBeUndefined();
    expect(
      await app.sql(`select status, intrekking_reden, intrekking_toelichting from overdracht where id = $1`, [o.id]),
    ).toEqual([{ status: 'INGETROKKEN', intrekking_reden: 'CASUS_AFGESLOTEN', intrekking_toelichting: null }]);
    expect((await app.sql(`select status from termijn where overdracht_id = $1`, [o.id])).map((t) => t.status)).toEqual(
      ['GEANNULEERD'],
    );
    expect(await gebeurtenissen(o.id)).toEqual(['overdracht.aangeboden@WT-A', 'overdracht.ingetrokken@WT-A']);
    const wt = await partner();
    const laat = await app.gql(wt, `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { status } }`, {
      id: o.id,
    });
    expect(laat.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reden: 'AL_BESLIST' });
    const na = await app.gql<{ overdracht: Record<string, unknown> }>(
      wt,
      `query($id: ID!) { overdracht(id: $id) { status inhoud { toelichting } } }`,
      { id: o.id },
    );
    expect(na.body.data!.overdracht).toMatchObject({ status: 'INGETROKKEN', inhoud: null });
  });
});

describe('andere partners, ander profiel', () => {
  it('de GI ziet ook het BSN; het wijkteam heeft het veld niet eens', async () => {
    const { casusId, persoonIds } = await casus();
    const r = await app.gql<{ overdrachtAanbieden: { id: string } }>(
      await vt(),
      `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
      {
        i: {
          casusId,
          soort: 'GI_OVERDRACHT',
          ontvanger: 'GI-A',
          persoonIds,
          metVeiligheidsafspraken: false,
          toelichting: 'OTS uitgesproken.',
          grondslag: 'JEUGDBESCHERMINGSMAATREGEL',
        },
      },
    );
    expect(r.body.errors).toBeUndefined();
    const gi = await partner('GI-A', 'gi-1', 'GI_JEUGDBESCHERMER');
    await app.gql(gi, `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { status } }`, {
      id: r.body.data!.overdrachtAanbieden.id,
    });
    const lees = await app.gql<{ overdracht: { inhoud: { personen: { bsn: string }[] } } }>(
      gi,
      `query($id: ID!) { overdracht(id: $id) { inhoud { personen { bsn } } } }`,
      {
        id: r.body.data!.overdrachtAanbieden.id,
      },
    );
    expect(lees.body.errors).toBeUndefined();
    expect(lees.body.data!.overdracht.inhoud.personen.every((p) => /^\d{9}$/.test(p.bsn))).toBe(true);
    const wt = await app.gql(
      await partner(),
      `query($id: ID!) { overdracht(id: $id) { inhoud { personen { bsn } } } }`,
      { id: r.body.data!.overdrachtAanbieden.id },
    );
    expect(wt.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('Verzoek tot Onderzoek: de Raad ziet gronden, standpunt en kinderen; het college alleen dat het verzoek er is; een afwijzing brengt de casus terug', async () => {
    const { casusId, persoonIds } = await casus({
      uitkomst: 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS',
      vervolg: 'VERZOEK_TOT_ONDERZOEK',
      verzoek: true,
    });
    const t = await vt();
    const zonderGemeente = await app.gql(
      t,
      `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
      {
        i: {
          casusId,
          soort: 'VERZOEK_TOT_ONDERZOEK',
          ontvanger: 'RVDK-A',
          persoonIds,
          metVeiligheidsafspraken: false,
          toelichting: 'Zie verzoek.',
          grondslag: 'VERZOEK_RAAD',
        },
      },
    );
    expect((zonderGemeente.body.errors?.[0].extensions?.fouten as { code: string }[])[0].code).toBe('VERPLICHT');
    const r = await app.gql<{ overdrachtAanbieden: { id: string; reagerenVoor: string } }>(
      t,
      `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id reagerenVoor } }`,
      {
        i: {
          casusId,
          soort: 'VERZOEK_TOT_ONDERZOEK',
          ontvanger: 'RVDK-A',
          gemeente: 'GM-A',
          persoonIds,
          metVeiligheidsafspraken: false,
          toelichting: 'Zie verzoek.',
          grondslag: 'VERZOEK_RAAD',
        },
      },
    );
    expect(r.body.errors).toBeUndefined();
    const id = r.body.data!.overdrachtAanbieden.id;
    expect(r.body.data!.overdrachtAanbieden.reagerenVoor).toBe('2026-03-24T23:00:00.000Z');
    expect(await gebeurtenissen(id)).toEqual(['overdracht.aangeboden@RVDK-A']);

    const gm = await app.token('GEMEENTE_MEDEWERKER', 'GM-A');
    const gemeld = await app.gql<{ verzoekenTotOnderzoekGemeld: { edges: { node: Record<string, unknown> }[] } }>(
      gm,
      `{ verzoekenTotOnderzoekGemeld { edges { node { id vtOrganisatie gedaanOp } } } }`,
    );
    expect(gemeld.body.errors).toBeUndefined();
    // Its own notification, with an id of its own (never the overdracht's); its event names that same id.
    const [melding] = gemeld.body.data!.verzoekenTotOnderzoekGemeld.edges.map((e) => e.node);
    expect(melding).toEqual({ id: expect.any(String), vtOrganisatie: 'VT14', gedaanOp: NU.toISOString() });
    expect(melding.id).not.toBe(id);
    expect(await gebeurtenissen(melding.id as string)).toEqual(['verzoek-tot-onderzoek.gedaan@GM-A']);
    const gmOverdracht = await app.gql(gm, `query($id: ID!) { overdracht(id: $id) { id } }`, { id });
    expect(gmOverdracht.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const raad = await partner('RVDK-A', 'rvdk-1', 'RVDK_MEDEWERKER');
    const voor = await app.gql<{ overdracht: { inhoud: null } }>(
      raad,
      `query($id: ID!) { overdracht(id: $id) { inhoud { toelichting } } }`,
      { id },
    );
    expect(voor.body.data!.overdracht.inhoud).toBeNull();
    const af = await app.gql(
      raad,
      `mutation { overdrachtAfwijzen(invoer: { overdrachtId: "${id}", reden: ONVOLDOENDE_HULP_GEPROBEERD, toelichting: "Eerst vrijwillige hulp via het wijkteam." }) { status } }`,
    );
    expect(af.body.errors).toBeUndefined();
    const [vto] = await app.sql(`select besluit, besluit_reden from verzoek_tot_onderzoek where casus_id = $1`, [
      casusId,
    ]);
    expect(vto).toEqual({
      besluit: 'AFGEWEZEN',
      besluit_reden: 'ONVOLDOENDE_HULP_GEPROBEERD: Eerst vrijwillige hulp via het wijkteam.',
    });
    const terug = await app.gql<{ casusOvergang: { fase: string } }>(
      t,
      `mutation { casusOvergang(invoer: { casusId: "${casusId}", naar: VOORWAARDEN_EN_VERVOLG, toelichting: "Raad wees af.", rvdkBesluit: { besluit: AFGEWEZEN, reden: "Vrijwillig kader." } }) { fase } }`,
    );
    expect(terug.body.data?.casusOvergang.fase).toBe('VOORWAARDEN_EN_VERVOLG');
  });

  it('de Raad ziet bij acceptatie het verzoek met gronden, standpunt en de betrokken kinderen', async () => {
    const { casusId, persoonIds } = await casus({
      uitkomst: 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS',
      vervolg: 'VERZOEK_TOT_ONDERZOEK',
      verzoek: true,
    });
    const r = await app.gql<{ overdrachtAanbieden: { id: string } }>(
      await vt(),
      `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
      {
        i: {
          casusId,
          soort: 'VERZOEK_TOT_ONDERZOEK',
          ontvanger: 'RVDK-A',
          gemeente: 'GM-A',
          persoonIds,
          metVeiligheidsafspraken: false,
          toelichting: 'Zie verzoek.',
          grondslag: 'VERZOEK_RAAD',
        },
      },
    );
    const id = r.body.data!.overdrachtAanbieden.id;
    const raad = await partner('RVDK-A', 'rvdk-1', 'RVDK_MEDEWERKER');
    const ok = await app.gql<{
      overdrachtAccepteren: {
        inhoud: {
          verzoekTotOnderzoek: { gronden: string[]; standpuntOuders: string; kinderen: string[] };
          personen: { id: string; bsn: string }[];
        };
      };
    }>(
      raad,
      `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { inhoud { verzoekTotOnderzoek { gronden standpuntOuders kinderen } personen { id bsn } } } }`,
      { id },
    );
    expect(ok.body.errors).toBeUndefined();
    const v = ok.body.data!.overdrachtAccepteren.inhoud;
    expect(v.verzoekTotOnderzoek.gronden).toEqual(['HULP_GEPROBEERD', 'ONVEILIGE_OPVOEDING']);
    expect(v.verzoekTotOnderzoek.standpuntOuders).toBe('De ouders willen geen bemoeienis.');
    expect(v.verzoekTotOnderzoek.kinderen).toHaveLength(1);
    expect(v.personen.map((p) => p.id)).toContain(v.verzoekTotOnderzoek.kinderen[0]);
    expect((await app.sql(`select besluit from verzoek_tot_onderzoek where casus_id = $1`, [casusId]))[0].besluit).toBe(
      'GEACCEPTEERD',
    );
  });
});

describe('monitoring na de overdracht', () => {
  it('het monitoringmoment vraagt de partner om inbreng via de gateway; VT ziet het antwoord', async () => {
    const { casusId, persoonIds } = await casus();
    const o = await aanbieden(casusId, persoonIds);
    const wt = await partner();
    await app.gql(wt, `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { status } }`, { id: o.id });
    await app.gql(
      wt,
      `mutation { overdrachtContactBevestigen(invoer: { overdrachtId: "${o.id}", contactOp: "2026-03-10", vtPersoon: "mw", partnerPersoon: "wt" }) { status } }`,
    );
    const m = await app.gql(
      await vt(),
      `mutation { casusOvergang(invoer: { casusId: "${casusId}", naar: MONITORING, toelichting: "Overgedragen.", overdracht: { ontvangendePartij: "WT-A, A. Wijk", contactBevestigdOp: "2026-03-10" } }) { fase } }`,
    );
    expect(m.body.errors).toBeUndefined();
    const [t] = await app.sql(
      `select id::text as id from termijn where casus_id = $1 and soort = 'MONITORING_3_MAANDEN'`,
      [casusId],
    );
    app.clock.set(new Date('2026-06-09T08:00:00Z'));
    expect(await herinnerJob.verwerk(deps, { termijnId: t.id as string })).toBe('verstuurd');
    const [vraag] = await app.sql(`select id::text as id from monitoring_input where overdracht_id = $1`, [o.id]);
    const wtLater = await partner();
    expect(await app.sql(`select type from gebeurtenis where object_id = $1`, [vraag.id])).toEqual([
      { type: 'monitoring.input-gevraagd' },
    ]);
    expect((await systeemAudit(app, o.id)).filter((r) => r.gebeurtenis === 'MONITORING_INPUT_VRAGEN')).toEqual([
      expect.objectContaining({
        ...SYSTEEM_ACTOR('VT14'),
        actie: 'C',
        vt_organisatie: 'VT14',
        object_type: 'Overdracht',
      }),
    ]);
    const antwoord = await app.gql(
      wtLater,
      `mutation { monitoringInputGeven(invoer: { monitoringInputId: "${vraag.id as string}", veilig: true, toelichting: "Afspraken worden nagekomen." }) { veilig gegevenOp } }`,
    );
    expect(antwoord.body.errors).toBeUndefined();
    const nogmaals = await app.gql(
      wtLater,
      `mutation { monitoringInputGeven(invoer: { monitoringInputId: "${vraag.id as string}", veilig: false, toelichting: "x" }) { veilig } }`,
    );
    expect(nogmaals.body.errors?.[0].extensions?.reden).toBe('AL_BEANTWOORD');
    const vtZicht = await app.gql<{ overdrachten: { monitoringInput: { veilig: boolean; toelichting: string }[] }[] }>(
      await vt(),
      `query($c: ID!) { overdrachten(casusId: $c) { monitoringInput { veilig toelichting } } }`,
      { c: casusId },
    );
    expect(vtZicht.body.data!.overdrachten[0].monitoringInput).toEqual([
      { veilig: true, toelichting: 'Afspraken worden nagekomen.' },
    ]);
  });
});

describe('het schema per partnerrol', () => {
  it('bevat geen melding, melder, casus of dossier, en alleen de velden van het profiel', async () => {
    const typen = async (rol: Parameters<TestApp['token']>[0], org: string): Promise<Map<string, string[]>> => {
      const r = await app.gql<{ __schema: { types: { name: string; fields: { name: string }[] | null }[] } }>(
        await app.token(rol, org),
        `{ __schema { types { name fields { name } } } }`,
      );
      expect(r.body.errors).toBeUndefined();
      return new Map(r.body.data!.__schema.types.map((t) => [t.name, (t.fields ?? []).map((f) => f.name)]));
    };
    for (const [rol, org] of [
      ['WIJKTEAM_MEDEWERKER', 'WT-A'],
      ['GI_JEUGDBESCHERMER', 'GI-A'],
      ['RVDK_MEDEWERKER', 'RVDK-A'],
      ['GEMEENTE_MEDEWERKER', 'GM-A'],
    ] as const) {
      const s = await typen(rol, org);
      for (const verboden of [
        'Melding',
        'Melder',
        'Casus',
        'Persoon',
        'Veiligheidsbeoordeling',
        'Advies',
        'AuditGebeurtenis',
      ]) {
        expect(s.has(verboden), `${rol}: ${verboden}`).toBe(false);
      }
      expect(s.get('Overdracht')?.includes('casusId') ?? false, rol).toBe(false);
    }
    expect((await typen('WIJKTEAM_MEDEWERKER', 'WT-A')).get('OverdrachtPersoon')).not.toContain('bsn');
    expect((await typen('WIJKTEAM_MEDEWERKER', 'WT-A')).has('OverdrachtVerzoek')).toBe(false);
    expect((await typen('RVDK_MEDEWERKER', 'RVDK-A')).get('OverdrachtVerzoek')).toEqual([
      'gronden',
      'standpuntOuders',
      'kinderen',
      'ingediendOp',
    ]);
    const gm = await typen('GEMEENTE_MEDEWERKER', 'GM-A');
    expect(gm.has('Overdracht')).toBe(false);
    expect(gm.get('VerzoekTotOnderzoekMelding')).toEqual(['id', 'vtOrganisatie', 'gedaanOp']);
  });
});

describe('het postvak in één ronde (issue 14)', () => {
  const LOPEND_POSTVAK = `{ overdrachtInbox(filter: LOPEND, eerste: 50) { edges { node { id status inhoud { personen { id voornamen achternaam } } } } } }`;
  type Postvak = { overdrachtInbox: { edges: { node: { id: string; inhoud: { personen: unknown[] } | null } }[] } };
  /** The one query of the inbox in one round trip: the page in the partner's scope, then the content in its region's. */
  const EEN_RONDE = (org: string, regio: string): RegExp =>
    new RegExp(
      `^select set_config\\('role', 'ketenpoort_app', true\\), set_config\\('ketenpoort.vt_organisatie', '', true\\), set_config\\('ketenpoort.partner_organisatie', '${org}', true\\); execute kpl_\\w+\\(.*\\); select set_config\\('role', 'ketenpoort_app', true\\), set_config\\('ketenpoort.vt_organisatie', '${regio}', true\\), set_config\\('ketenpoort.partner_organisatie', '${org}', true\\); execute kpl_\\w+\\(`,
      's',
    );

  async function geaccepteerd(regio: string, org = 'WT-A', sub = 'wt-1'): Promise<{ id: string; personen: number }> {
    const { casusId, persoonIds } = await casus({ regio });
    const o = await aanbieden(casusId, persoonIds, { ontvanger: org }, regio);
    const a = await app.gql(
      await partner(org, sub),
      `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { id } }`,
      { id: o.id },
    );
    expect(a.body.errors).toBeUndefined();
    return { id: o.id, personen: persoonIds.length };
  }

  it('een partner van één regio leest zijn pagina en de inhoud in één query, elk in de eigen scope', async () => {
    const o = await geaccepteerd('VT14');
    const t = await partner();
    expect((await app.gql(t, LOPEND_POSTVAK)).body.errors).toBeUndefined();
    const { gestuurd, uitkomst: r } = await metGestuurd(() => app.gql<Postvak>(t, LOPEND_POSTVAK));
    expect(r.body.errors).toBeUndefined();
    const knoop = r.body.data!.overdrachtInbox.edges.find((e) => e.node.id === o.id)!.node;
    expect(knoop.inhoud!.personen).toHaveLength(o.personen);
    // Besides it only the PREPAREs (on a connection that has not served this page yet) and the audit bundle.
    const lezingen = gestuurd.filter((s) => !/^prepare kpl_/.test(s) && !/^\s*insert into audit_gebeurtenis/i.test(s));
    expect(lezingen).toHaveLength(1);
    expect(lezingen[0]).toMatch(EEN_RONDE('WT-A', 'VT14'));
  });

  it('een overdracht uit een regio waarmee de partner niet meer samenwerkt: de inhoud komt toch, langs de algemene weg', async () => {
    await app.partner('WT-C', 'WIJKTEAM');
    await app.sql(`update organisatie set regio_codes = '{VT14,VT01}' where code = 'WT-C'`);
    const hier = await geaccepteerd('VT14', 'WT-C', 'wt-c');
    const elders = await geaccepteerd('VT01', 'WT-C', 'wt-c');
    // The partner now works with VT14 only; its running handover from VT01 stays in its inbox.
    await app.sql(`update organisatie set regio_codes = '{VT14}' where code = 'WT-C'`);
    const t = await partner('WT-C', 'wt-c');
    // Until the register has heard of the change, the inbox does not try the one round trip (two regions).
    let poging: { gestuurd: string[]; uitkomst: Awaited<ReturnType<typeof app.gql<Postvak>>> } | undefined;
    for (let i = 0; i < 50; i++) {
      poging = await metGestuurd(() => app.gql<Postvak>(t, LOPEND_POSTVAK));
      if (poging.gestuurd.some((s) => EEN_RONDE('WT-C', 'VT14').test(s))) break;
      await new Promise((klaar) => setTimeout(klaar, 100));
    }
    expect(poging!.gestuurd.some((s) => EEN_RONDE('WT-C', 'VT14').test(s))).toBe(true);
    const r = poging!.uitkomst;
    expect(r.body.errors).toBeUndefined();
    const knopen = new Map(r.body.data!.overdrachtInbox.edges.map((e) => [e.node.id, e.node]));
    for (const o of [hier, elders]) {
      const personen = knopen.get(o.id)!.inhoud!.personen as { voornamen: string | null }[];
      expect(personen).toHaveLength(o.personen);
      expect(personen.every((p) => p.voornamen)).toBe(true);
    }
  });
});
