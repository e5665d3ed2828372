import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { JobDeps } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import { escaleerJob } from '../../src/termijnen/jobs/termijn-bewaking.job';
import { meldingInvoer } from '../helpers/fabriek';
import { SYSTEEM_ACTOR, systeemAudit } from '../helpers/systeem-audit';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';
import { termijnActies } from '../../src/modules';

/**
 * Handle with Care through GraphQL: the deadline on the school calendar, what a school sees (three data items and
 * its own acknowledgement, nothing else), refusals that change nothing, the outbox event and the escalation.
 */
let app: TestApp;
let deps: JobDeps;

const REGISTREER = `mutation R($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { id casusId betrokkenen { rollen persoon { id } } } }`;
const VERSTUUR = `mutation V($invoer: HwcSignaalInvoer!) { hwcSignaalVersturen(invoer: $invoer) {
  id voornamen achternaam geboortedatum codewoord leverenVoor school status gebeurtenisId toegangTot schoolvakantieregio ontvangstbevestiging { bevestigdOp } } }`;
const SCHOOL_LIJST = `query { hwcSignalen { edges { node { id voornamen achternaam geboortedatum codewoord leverenVoor ontvangstbevestiging { bevestigdOp bevestigdDoor } } } pageInfo { hasNextPage endCursor } } }`;
const BEVESTIG = `mutation B($id: ID!) { hwcOntvangstBevestigen(signaalId: $id) { signaalId bevestigdOp bevestigdDoor } }`;

type Fout = { message: string; extensions?: Record<string, unknown> };

async function zetKlok(iso: string): Promise<void> {
  app.clock.set(new Date(iso));
}

async function vt(regio = 'VT14'): Promise<string> {
  return app.token('VT_MEDEWERKER', regio, { sub: `mw-${regio}` });
}

/** A melding with a child and an adult; returns the casus and both persons. */
async function gezin(regio = 'VT14', ontvangenOp?: string): Promise<{ casusId: string; kind: string; ouder: string }> {
  const invoer = meldingInvoer(ontvangenOp ? { ontvangenOp } : {});
  const r = await app.gql<{
    meldingRegistreren: { casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] };
  }>(await vt(regio), REGISTREER, { invoer });
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  const b = r.body.data!.meldingRegistreren.betrokkenen;
  return {
    casusId: r.body.data!.meldingRegistreren.casusId,
    kind: b.find((x) => x.rollen.includes('KIND'))!.persoon.id,
    ouder: b.find((x) => x.rollen.includes('PLEGER'))!.persoon.id,
  };
}

type Signaal = {
  id: string;
  leverenVoor: string;
  status: string;
  gebeurtenisId: string;
  school: string;
  toegangTot: string;
  schoolvakantieregio: string;
};

async function verstuur(invoer: Record<string, unknown>, token?: string): Promise<{ data?: Signaal; fout?: Fout }> {
  const r = await app.gql<{ hwcSignaalVersturen: Signaal }>(token ?? (await vt()), VERSTUUR, {
    invoer: { school: 'SCHOOL-A', grondslag: 'Convenant Handle with Care Gooi en Vechtstreek', ...invoer },
  });
  return { data: r.body.data?.hwcSignaalVersturen, fout: r.body.errors?.[0] };
}

async function signaalOp(nu: string, ontvangenOp: string, school = 'SCHOOL-A'): Promise<Signaal> {
  await zetKlok(nu);
  const g = await gezin('VT14', ontvangenOp);
  const r = await verstuur({ casusId: g.casusId, persoonId: g.kind, incidentdatum: ontvangenOp.slice(0, 10), school });
  expect(r.fout, JSON.stringify(r.fout)).toBeUndefined();
  return r.data!;
}

beforeAll(async () => {
  app = await startTestApp();
  await app.partner('SCHOOL-A', 'SCHOOL', 'VT14');
  await app.partner('SCHOOL-B', 'SCHOOL', 'VT14');
  await app.partner('SCHOOL-ZUID', 'SCHOOL', 'VT14');
  await app.sql(`update organisatie set schoolvakantieregio = 'zuid' where code = 'SCHOOL-ZUID'`);
  await app.partner('SCHOOL-UTRECHT', 'SCHOOL', 'VT09');
  await app.partner('WIJKTEAM-A', 'WIJKTEAM', 'VT14');
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
});
afterAll(() => app.stop());
beforeEach(() => app.clock.set(TEST_NU));

describe('de school moet het signaal hebben vóór de lessen van de volgende schooldag beginnen', () => {
  it('07:00 op een schooldag: vandaag 08:30; 09:00: morgen 08:30', async () => {
    // Tuesday 10 March 2026, CET (UTC+1).
    expect((await signaalOp('2026-03-10T06:00:00Z', '2026-03-09T22:00:00+01:00')).leverenVoor).toBe(
      '2026-03-10T07:30:00.000Z',
    );
    expect((await signaalOp('2026-03-10T08:00:00Z', '2026-03-09T22:00:00+01:00')).leverenVoor).toBe(
      '2026-03-11T07:30:00.000Z',
    );
  });

  it('vrijdag 10:00: maandag 08:30', async () => {
    expect((await signaalOp('2026-03-13T09:00:00Z', '2026-03-12T22:00:00+01:00')).leverenVoor).toBe(
      '2026-03-16T07:30:00.000Z',
    );
  });

  it('in de herfstvakantie van de regio van de school: de eerste schooldag erna; een school in regio zuid is al terug', async () => {
    // Monday 20 October 2025 10:00 CEST. Noord (VT14) has its autumn holiday 18–26 October; zuid had it 11–19 October.
    const noord = await signaalOp('2025-10-20T08:00:00Z', '2025-10-19T21:00:00+02:00');
    expect(noord.schoolvakantieregio).toBe('noord');
    expect(noord.leverenVoor).toBe('2025-10-27T07:30:00.000Z'); // Monday 27 October 08:30 CET (after the clock change)
    const zuid = await signaalOp('2025-10-20T08:00:00Z', '2025-10-19T21:00:00+02:00', 'SCHOOL-ZUID');
    expect(zuid.schoolvakantieregio).toBe('zuid');
    expect(zuid.leverenVoor).toBe('2025-10-21T06:30:00.000Z'); // Tuesday 21 October 08:30 CEST
  });

  it('vóór een feestdag: vrijdag vóór Tweede Pinksterdag wordt dinsdag 08:30', async () => {
    // Friday 22 May 2026 10:00 CEST; Monday 25 May is Tweede Pinksterdag.
    expect((await signaalOp('2026-05-22T08:00:00Z', '2026-05-21T22:00:00+02:00')).leverenVoor).toBe(
      '2026-05-26T06:30:00.000Z',
    );
  });
});

describe('wat de school ziet', () => {
  it('alleen de eigen signalen, alleen naam, geboortedatum, codewoord, lesstart en de eigen bevestiging; bevestigen is geaudit en idempotent', async () => {
    await app.sql(`update hwc_signaal set ingetrokken_op = now(), ingetrokken_door = 'opruimen'`);
    const s = await signaalOp('2026-03-10T08:00:00Z', '2026-03-09T22:00:00+01:00');
    expect(s.status).toBe('VERSTUURD');
    const schoolA = await app.token('SCHOOL_CONTACTPERSOON', 'SCHOOL-A', { sub: 'zorgcoordinator-a' });
    const lijst = await app.gql<{ hwcSignalen: { edges: { node: Record<string, unknown> }[] } }>(schoolA, SCHOOL_LIJST);
    expect(lijst.body.errors).toBeUndefined();
    expect(lijst.body.data!.hwcSignalen.edges.map((e) => e.node)).toEqual([
      {
        id: s.id,
        voornamen: 'Sara',
        achternaam: 'Jansen',
        geboortedatum: '2018-05-04',
        codewoord: 'Handle with Care',
        leverenVoor: '2026-03-11T07:30:00.000Z',
        ontvangstbevestiging: null,
      },
    ]);
    // Anything else about the signal is not in the school's schema.
    for (const veld of ['school', 'persoonId', 'casusId', 'grondslag', 'status', 'incidentdatum']) {
      const r = await app.gql(schoolA, `query { hwcSignalen { edges { node { id ${veld} } } } }`);
      expect(r.body.errors?.[0].extensions?.code, veld).toBe('GRAPHQL_VALIDATION_FAILED');
    }

    // Another school sees nothing and cannot acknowledge.
    const schoolB = await app.token('SCHOOL_CONTACTPERSOON', 'SCHOOL-B');
    const leeg = await app.gql<{ hwcSignalen: { edges: unknown[] } }>(schoolB, SCHOOL_LIJST);
    expect(leeg.body.data!.hwcSignalen.edges).toEqual([]);
    const vreemd = await app.gql(schoolB, BEVESTIG, { id: s.id });
    expect(vreemd.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const b1 = await app.gql<{ hwcOntvangstBevestigen: { bevestigdOp: string; bevestigdDoor: string } }>(
      schoolA,
      BEVESTIG,
      { id: s.id },
    );
    expect(b1.body.errors).toBeUndefined();
    expect(b1.body.data!.hwcOntvangstBevestigen).toMatchObject({
      bevestigdOp: '2026-03-10T08:00:00.000Z',
      bevestigdDoor: 'zorgcoordinator-a',
    });
    app.clock.advance(60_000);
    const b2 = await app.gql<{ hwcOntvangstBevestigen: { bevestigdOp: string } }>(schoolA, BEVESTIG, { id: s.id });
    expect(b2.body.data!.hwcOntvangstBevestigen.bevestigdOp).toBe('2026-03-10T08:00:00.000Z');
    const audit = await app.sql(
      `select organisatie, rol, actie, persoon_ids::text[] as p from audit_gebeurtenis where gebeurtenis = 'HWC_ONTVANGST_BEVESTIGEN' and object_id = $1`,
      [s.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ organisatie: 'SCHOOL-A', rol: 'SCHOOL_CONTACTPERSOON', actie: 'U' });
    // The school's read was audited too, naming the child.
    const inzage = await app.sql(
      `select count(*)::int as n from audit_gebeurtenis where gebeurtenis = 'HWC_SIGNAAL_INZIEN' and organisatie = 'SCHOOL-A' and object_id = $1`,
      [s.id],
    );
    expect(inzage[0].n).toBeGreaterThanOrEqual(1);

    // VT sees the acknowledgement.
    const v = await app.gql<{
      hwcSignalen: {
        edges: { node: { id: string; status: string; ontvangstbevestiging: { bevestigdDoor: string } } }[];
      };
    }>(await vt(), `query { hwcSignalen { edges { node { id status ontvangstbevestiging { bevestigdDoor } } } } }`);
    expect(v.body.data!.hwcSignalen.edges.find((e) => e.node.id === s.id)?.node).toMatchObject({
      status: 'BEVESTIGD',
      ontvangstbevestiging: { bevestigdDoor: 'zorgcoordinator-a' },
    });

    // Withdrawn: the school no longer sees the signal, but acknowledging again still returns its own acknowledgement.
    const t = await app.gql(
      await vt(),
      `mutation { hwcSignaalIntrekken(signaalId: "${s.id}", reden: "Verkeerde school.") { status } }`,
    );
    expect(t.body.errors).toBeUndefined();
    expect(
      (await app.gql<{ hwcSignalen: { edges: unknown[] } }>(schoolA, SCHOOL_LIJST)).body.data!.hwcSignalen.edges,
    ).toEqual([]);
    const b3 = await app.gql<{ hwcOntvangstBevestigen: { bevestigdOp: string } }>(schoolA, BEVESTIG, { id: s.id });
    expect(b3.body.data!.hwcOntvangstBevestigen.bevestigdOp).toBe('2026-03-10T08:00:00.000Z');
  });

  it('een ingetrokken signaal dat nooit bevestigd werd, is voor de school NOT_FOUND; na de inzageperiode ook', async () => {
    const s = await signaalOp('2026-03-10T08:00:00Z', '2026-03-09T22:00:00+01:00');
    await app.gql(await vt(), `mutation { hwcSignaalIntrekken(signaalId: "${s.id}", reden: "Ten onrechte.") { id } }`);
    const schoolA = await app.token('SCHOOL_CONTACTPERSOON', 'SCHOOL-A');
    expect((await app.gql(schoolA, BEVESTIG, { id: s.id })).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const oud = await signaalOp('2026-03-10T08:00:00Z', '2026-03-08T22:00:00+01:00');
    // Due Wednesday 11 March; 10 school days later is Wednesday 25 March, 08:30.
    expect(oud.toegangTot).toBe('2026-03-25T07:30:00.000Z');
    await zetKlok('2026-03-25T08:00:00Z');
    const laat = await app.token('SCHOOL_CONTACTPERSOON', 'SCHOOL-A');
    const lijst = await app.gql<{ hwcSignalen: { edges: { node: { id: string } }[] } }>(laat, SCHOOL_LIJST);
    expect(lijst.body.data!.hwcSignalen.edges.map((e) => e.node.id)).not.toContain(oud.id);
  });

  it('het schema van de school bevat geen Melding, Casus, Persoon, Melder, BSN of adres', async () => {
    const schoolA = await app.token('SCHOOL_CONTACTPERSOON', 'SCHOOL-A');
    const r = await app.gql<{ __schema: { types: { name: string; fields: { name: string }[] | null }[] } }>(
      schoolA,
      `{ __schema { types { name fields { name } } } }`,
    );
    const typen = r.body.data!.__schema.types;
    const namen = typen.map((t) => t.name);
    for (const verboden of [
      'Melding',
      'Casus',
      'Persoon',
      'Melder',
      'Betrokkene',
      'Adres',
      'BSN',
      'Termijn',
      'ZsmVerzoek',
    ]) {
      expect(namen).not.toContain(verboden);
    }
    expect(
      typen
        .find((t) => t.name === 'HwcSignaal')!
        .fields!.map((f) => f.name)
        .sort(),
    ).toEqual(['achternaam', 'codewoord', 'geboortedatum', 'id', 'leverenVoor', 'ontvangstbevestiging', 'voornamen']);
    const queries = typen.find((t) => t.name === 'Query')!.fields!.map((f) => f.name);
    expect(queries).toContain('hwcSignalen');
    for (const q of ['melding', 'meldingen', 'casus', 'casussen', 'zsmVerzoeken', 'auditSpoor']) {
      expect(queries).not.toContain(q);
    }
  });
});

describe('VT verstuurt het signaal', () => {
  it('schrijft de gebeurtenis voor de school en het auditspoor in dezelfde transactie; nogmaals geeft hetzelfde signaal', async () => {
    const s = await signaalOp('2026-03-10T08:00:00Z', '2026-03-09T22:00:00+01:00');
    const g = await app.sql(
      `select id, ontvanger, type, object_type, vt_organisatie from gebeurtenis where object_id = $1`,
      [s.id],
    );
    expect(g).toEqual([
      {
        id: s.gebeurtenisId,
        ontvanger: 'SCHOOL-A',
        type: 'handle-with-care.signaal',
        object_type: 'HwcSignaal',
        vt_organisatie: 'VT14',
      },
    ]);
    const a = await app.sql(
      `select grondslag, actie from audit_gebeurtenis where gebeurtenis = 'HWC_SIGNAAL_VERSTUREN' and object_id = $1`,
      [s.id],
    );
    expect(a).toEqual([{ grondslag: 'Convenant Handle with Care Gooi en Vechtstreek', actie: 'C' }]);

    const [rij] = await app.sql(
      `select casus_id, persoon_id, incidentdatum::text as d from hwc_signaal where id = $1`,
      [s.id],
    );
    const nogmaals = await verstuur({ casusId: rij.casus_id, persoonId: rij.persoon_id, incidentdatum: rij.d });
    expect(nogmaals.data!.id).toBe(s.id);
    expect(await app.sql(`select id from gebeurtenis where object_id = $1`, [s.id])).toHaveLength(1);

    // Twice at the same moment (a double click, a retry): one signal, one event, both answers the same.
    const g2 = await gezin();
    const samen = await Promise.all([
      verstuur({ casusId: g2.casusId, persoonId: g2.kind, incidentdatum: rij.d }),
      verstuur({ casusId: g2.casusId, persoonId: g2.kind, incidentdatum: rij.d }),
    ]);
    expect(samen.map((x) => x.fout)).toEqual([undefined, undefined]);
    expect(samen[0].data!.id).toBe(samen[1].data!.id);
    expect(await app.sql(`select id from gebeurtenis where object_id = $1`, [samen[0].data!.id])).toHaveLength(1);
  });

  it('weigert onbekende persoon, volwassene, geen school, school van een andere regio en een kind van een andere regio, en schrijft niets', async () => {
    await zetKlok('2026-03-10T08:00:00Z');
    const g = await gezin('VT14', '2026-03-09T22:00:00+01:00');
    const elders = await gezin('VT09', '2026-03-09T22:00:00+01:00');
    const telling = async (): Promise<unknown> =>
      (
        await app.sql(
          `select (select count(*) from hwc_signaal)::int as s, (select count(*) from gebeurtenis)::int as g`,
        )
      )[0];
    const voor = await telling();
    const basis = { casusId: g.casusId, persoonId: g.kind, incidentdatum: '2026-03-09' };
    const gevallen: [Record<string, unknown>, string, string | undefined][] = [
      [{ persoonId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND', undefined],
      [{ persoonId: g.ouder }, 'BAD_USER_INPUT', 'GEEN_KIND'],
      [{ school: 'WIJKTEAM-A' }, 'BAD_USER_INPUT', 'GEEN_SCHOOL'],
      [{ school: 'BESTAAT-NIET' }, 'BAD_USER_INPUT', 'ORGANISATIE_ONBEKEND'],
      [{ school: 'SCHOOL-UTRECHT' }, 'BAD_USER_INPUT', 'SCHOOL_NIET_IN_REGIO'],
      [{ casusId: elders.casusId, persoonId: elders.kind }, 'NOT_FOUND', undefined],
      [{ persoonId: elders.kind }, 'NOT_FOUND', undefined],
      [{ incidentdatum: '2026-03-12' }, 'BAD_USER_INPUT', 'DATUM_IN_TOEKOMST'],
    ];
    for (const [extra, code, veldcode] of gevallen) {
      const r = await verstuur({ ...basis, ...extra });
      expect(r.fout?.extensions?.code, JSON.stringify(extra)).toBe(code);
      if (veldcode) expect((r.fout?.extensions?.fouten as { code: string }[])[0].code).toBe(veldcode);
    }
    expect(await telling()).toEqual(voor);
    // A school cannot send, and a wijkteam cannot even see the operation.
    const school = await app.token('SCHOOL_CONTACTPERSOON', 'SCHOOL-A');
    expect((await verstuur(basis, school)).fout?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('niet bevestigd vóór de lesstart', () => {
  it('escaleert precies één keer naar de teamleider; een bevestigd signaal niet', async () => {
    await app.sql(
      `update hwc_signaal set ingetrokken_op = now(), ingetrokken_door = 'opruimen' where ingetrokken_op is null`,
    );
    const open = await signaalOp('2026-03-10T08:00:00Z', '2026-03-09T22:00:00+01:00');
    const bevestigd = await signaalOp('2026-03-10T08:00:00Z', '2026-03-08T22:00:00+01:00');
    const schoolA = await app.token('SCHOOL_CONTACTPERSOON', 'SCHOOL-A');
    expect((await app.gql(schoolA, BEVESTIG, { id: bevestigd.id })).body.errors).toBeUndefined();

    // The deadline is a termijn (HWC_ONTVANGSTBEVESTIGING, due at lesson start), escalated by the termijn job.
    const termijn = async (id: string): Promise<string> =>
      (await app.sql(`select id from termijn where hwc_signaal_id = $1`, [id]))[0].id as string;
    // Before lessons start on Wednesday nothing happens.
    await zetKlok('2026-03-11T07:29:00Z');
    expect(await escaleerJob.verwerk(deps, { termijnId: await termijn(open.id) })).toBe('te-vroeg');
    await zetKlok('2026-03-11T07:31:00Z');
    expect(await escaleerJob.verwerk(deps, { termijnId: await termijn(open.id) })).toBe('verstuurd');
    expect(await escaleerJob.verwerk(deps, { termijnId: await termijn(open.id) })).toBe('al-verstuurd');
    expect(await escaleerJob.verwerk(deps, { termijnId: await termijn(bevestigd.id) })).toBe('niet-open');
    expect(
      await app.sql(`select t.hwc_signaal_id, n.ontvanger, n.ontvanger_rol, n.vt_organisatie from notificatie n join termijn t on t.id = n.termijn_id
                      where t.soort = 'HWC_ONTVANGSTBEVESTIGING' and n.soort = 'ESCALATIE'`),
    ).toEqual([{ hwc_signaal_id: open.id, ontvanger: null, ontvanger_rol: 'VT_TEAMLEIDER', vt_organisatie: 'VT14' }]);
    // Audited once, under the system actor, on the termijn (the escalation is the termijn's).
    expect(await systeemAudit(app, await termijn(open.id))).toEqual([
      expect.objectContaining({ ...SYSTEEM_ACTOR('VT14'), gebeurtenis: 'TERMIJN_ESCALEREN', vt_organisatie: 'VT14' }),
    ]);
    expect(await systeemAudit(app, await termijn(bevestigd.id))).toEqual([]);

    const tl = await app.token('VT_TEAMLEIDER', 'VT14');
    const r = await app.gql<{
      hwcSignalen: { edges: { node: { id: string; status: string; geescaleerdOp: string } }[] };
    }>(tl, `query { hwcSignalen(alleenOnbevestigd: true) { edges { node { id status geescaleerdOp } } } }`);
    expect(r.body.data!.hwcSignalen.edges.map((e) => e.node)).toEqual([
      { id: open.id, status: 'NIET_BEVESTIGD_VOOR_LESSTART', geescaleerdOp: '2026-03-11T07:31:00.000Z' },
    ]);
  });
});
