import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { alleRollen, organisatieSoortenPerRol, type Rol } from '../../src/auth/rollen';
import { privacybeleid } from '../../src/modules';
import { geldigBsn, meldingInvoer } from '../helpers/fabriek';
import { TEST_NU, type TestApp } from '../helpers/testapp';
import { huisverbodHulp, POLITIE_LEES, REGISTREER, startHuisverbodApp } from './hulp';

/**
 * The police report a tijdelijk huisverbod (issue 16, item 1): the police organisation reports what the burgemeester
 * imposed to the VT region of the gemeente; VT sees the report and registers it on a casus, which links it; the police
 * then follow the huisverbod's status by their own id. Only the police report, and only their own reports are theirs
 * to see; bad input is refused with a stable code and changes nothing.
 */
let app: TestApp;
const { vt, politie, gql, ok, casus } = huisverbodHulp(() => app);

const MELDEN = `mutation M($i: HuisverbodMeldenInvoer!, $k: String) { huisverbodMelden(invoer: $i, idempotentieSleutel: $k) {
  id status vtOrganisatie politie gemeente politieReferentie opgelegdOp opgelegdTot gemeldOp huisverbodId } }`;
const POLITIE_LIJST = `{ huisverbodMeldingen { edges { node { id status politieReferentie huisverbodId } } } }`;
const VT_LIJST = `query L($open: Boolean) { huisverbodMeldingen(alleenOpen: $open) { edges { node {
  id status politie politieReferentie rihgReferentie uithuisgeplaatste { bsn achternaam } achterblijvers { bsn geboortedatum } huisverbodId } } } }`;

type Melding = { id: string; status: string; huisverbodId: string | null } & Record<string, unknown>;
let volgnummer = 0;

function invoer(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    gemeente: 'GM-OOV',
    opgelegdOp: '2026-03-09T22:00:00+01:00',
    politieReferentie: `PL0900-2026-${String(++volgnummer).padStart(6, '0')}`,
    beschikkingKenmerk: 'OOV/2026/0042',
    rihgReferentie: 'RiHG 2026-17',
    uithuisgeplaatste: { bsn: geldigBsn(), voornamen: 'Peter', achternaam: 'Jansen', geboortedatum: '1984-11-23' },
    achterblijvers: [{ achternaam: 'Jansen', geboortedatum: '2018-05-04' }],
    ...extra,
  };
}

const aantal = async (): Promise<number> =>
  Number((await app.sql(`select count(*)::int as n from huisverbod_melding`))[0].n);

beforeAll(async () => {
  ({ app } = await startHuisverbodApp());
  await app.partner('POL-ELDERS', 'POLITIE', 'VT01');
  await app.partner('GM-UTRECHT', 'GEMEENTE', 'VT09');
});
afterAll(() => app.stop());
beforeEach(() => app.clock.set(TEST_NU));

describe('de politie meldt een huisverbod', () => {
  it('de politie meldt, VT ziet het voor de regio van de gemeente en registreert het bij een casus; daarna volgt de politie de stand', async () => {
    const pol = await politie();
    const { huisverbodMelden: m } = await ok<{ huisverbodMelden: Melding }>(pol, MELDEN, { i: invoer() });
    expect(m).toMatchObject({
      status: 'GEMELD',
      vtOrganisatie: 'VT14',
      politie: 'POL-A',
      gemeente: 'GM-OOV',
      opgelegdTot: '2026-03-19T21:00:00.000Z',
      huisverbodId: null,
    });

    // VT of the region sees it, with the persons as the police named them, among the open reports.
    const mw = await vt();
    const open = await ok<{ huisverbodMeldingen: { edges: { node: Melding }[] } }>(mw, VT_LIJST, { open: true });
    const gezien = open.huisverbodMeldingen.edges.map((e) => e.node).find((n) => n.id === m.id)!;
    expect(gezien).toMatchObject({ status: 'GEMELD', politie: 'POL-A', rihgReferentie: 'RiHG 2026-17' });
    expect(gezien.uithuisgeplaatste).toMatchObject({ achternaam: 'Jansen' });

    // VT registers it on the household's casus; the police's organisation and reference come from the report.
    const c = await casus();
    const { huisverbodRegistreren: h } = await ok<{ huisverbodRegistreren: Record<string, unknown> & { id: string } }>(
      mw,
      REGISTREER,
      {
        i: {
          casusId: c.casusId,
          uithuisgeplaatstePersoonId: c.peter,
          achterblijverPersoonIds: [c.sara],
          opgelegdOp: '2026-03-09T22:00:00+01:00',
          gemeente: 'GM-OOV',
          rihgReferentie: 'RiHG 2026-17',
          meldingId: m.id,
        },
      },
    );
    expect(h).toMatchObject({ status: 'OPGELEGD', politieReferentie: m.politieReferentie });
    const [rij] = await app.sql(`select politie, politie_id::text as pol from huisverbod where id = $1`, [h.id]);
    expect(rij.politie).toBe('POL-A');

    // The police see their report registered, by their own id of the huisverbod (never VT's), and its status.
    const lijst = await ok<{ huisverbodMeldingen: { edges: { node: Melding }[] } }>(pol, POLITIE_LIJST);
    const eigen = lijst.huisverbodMeldingen.edges.map((e) => e.node).find((n) => n.id === m.id)!;
    expect(eigen).toMatchObject({ status: 'GEREGISTREERD', huisverbodId: rij.pol });
    expect(JSON.stringify(lijst)).not.toContain(h.id);
    const stand = await ok<{ huisverbod: Record<string, unknown> }>(pol, POLITIE_LEES, { id: rij.pol });
    expect(stand.huisverbod).toMatchObject({ status: 'OPGELEGD', politieReferentie: m.politieReferentie });
    expect((await ok<typeof open>(mw, VT_LIJST, { open: true })).huisverbodMeldingen.edges).not.toContainEqual(
      expect.objectContaining({ node: expect.objectContaining({ id: m.id }) }),
    );

    // Both steps are in the audit trail, with the police's and VT's organisation.
    const audit = await app.sql(
      `select gebeurtenis, organisatie from audit_gebeurtenis where object_id = $1 and actie = 'C'`,
      [m.id],
    );
    expect(audit).toEqual([expect.objectContaining({ gebeurtenis: 'HUISVERBOD_MELDEN', organisatie: 'POL-A' })]);
  });

  it('een andere politieorganisatie en een andere regio zien de melding niet; VT registreert haar één keer', async () => {
    const { huisverbodMelden: m } = await ok<{ huisverbodMelden: Melding }>(await politie(), MELDEN, { i: invoer() });
    const andere = await ok<{ huisverbodMeldingen: { edges: unknown[] } }>(await politie('POL-B'), POLITIE_LIJST);
    expect(JSON.stringify(andere)).not.toContain(m.id);
    const vt09 = await app.token('VT_MEDEWERKER', 'VT09', { sub: 'mw-vt09' });
    expect(JSON.stringify(await ok(vt09, VT_LIJST))).not.toContain(m.id);

    const mw = await vt();
    const registreer = async (extra: Record<string, unknown>) => {
      const c = await casus();
      return gql(mw, REGISTREER, {
        i: {
          casusId: c.casusId,
          uithuisgeplaatstePersoonId: c.peter,
          achterblijverPersoonIds: [c.sara],
          opgelegdOp: '2026-03-09T22:00:00+01:00',
          gemeente: 'GM-OOV',
          rihgReferentie: 'RiHG 2026-17',
          meldingId: m.id,
          ...extra,
        },
      });
    };
    // Another gemeente or moment than reported: not this huisverbod; nothing registered.
    const voor = Number((await app.sql(`select count(*)::int as n from huisverbod`))[0].n);
    const fout = await registreer({ gemeente: 'GM-OOV-B', opgelegdOp: '2026-03-09T21:00:00+01:00' });
    expect(fout.fout?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(
      (fout.fout?.extensions?.fouten as { veld: string; code: string }[]).map((f) => `${f.veld}:${f.code}`),
    ).toEqual(['gemeente:MELDING_PAST_NIET', 'opgelegdOp:MELDING_PAST_NIET']);
    expect(Number((await app.sql(`select count(*)::int as n from huisverbod`))[0].n)).toBe(voor);
    expect((await registreer({})).fout).toBeUndefined();
    expect((await registreer({})).fout?.extensions).toMatchObject({
      code: 'CONFLICT',
      reden: 'MELDING_AL_GEREGISTREERD',
    });
    // VT of another region cannot link it: NOT_FOUND, exactly as for an id that does not exist.
    const m09 = await ok<{
      meldingRegistreren: { casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] };
    }>(
      vt09,
      `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { casusId betrokkenen { rollen persoon { id } } } }`,
      { i: meldingInvoer() },
    );
    const b = m09.meldingRegistreren.betrokkenen;
    const poging = (meldingId: string) =>
      gql(vt09, `mutation($i: HuisverbodRegistrerenInvoer!) { huisverbodRegistreren(invoer: $i) { id } }`, {
        i: {
          casusId: m09.meldingRegistreren.casusId,
          uithuisgeplaatstePersoonId: b.find((x) => x.rollen.includes('PLEGER'))!.persoon.id,
          achterblijverPersoonIds: [b.find((x) => x.rollen.includes('KIND'))!.persoon.id],
          opgelegdOp: '2026-03-09T22:00:00+01:00',
          gemeente: 'GM-UTRECHT',
          rihgReferentie: 'RiHG 09',
          meldingId,
        },
      });
    const vreemd = await poging(m.id);
    expect(vreemd.fout?.extensions?.code).toBe('NOT_FOUND');
    expect(vreemd).toEqual(await poging(randomUUID()));
  });

  it('onjuiste invoer krijgt een vaste code en verandert niets', async () => {
    const pol = await politie();
    const voor = await aantal();
    const gevallen: [Record<string, unknown>, string, string, string?][] = [
      [{ gemeente: 'GM-ELDERS' }, 'gemeente', 'NIET_IN_REGIO'],
      [{ gemeente: 'POL-B' }, 'gemeente', 'GEEN_GEMEENTE'],
      [{ gemeente: 'GM-BESTAAT-NIET' }, 'gemeente', 'ORGANISATIE_ONBEKEND'],
      [{ opgelegdOp: '2026-03-10T12:00:00+01:00' }, 'opgelegdOp', 'IN_DE_TOEKOMST'],
      [{ opgelegdOp: '2026-02-20T12:00:00+01:00' }, 'opgelegdOp', 'AL_AFGELOPEN'],
      [{ uithuisgeplaatste: { achternaam: 'Jansen' } }, 'uithuisgeplaatste', 'PERSOON_ONVOLLEDIG'],
      [{ achterblijvers: [{ voornamen: 'Sara' }] }, 'achterblijvers[0]', 'PERSOON_ONVOLLEDIG'],
    ];
    for (const [extra, veld, code] of gevallen) {
      const r = await gql(pol, MELDEN, { i: invoer(extra) });
      expect(r.fout?.extensions?.code, `${veld} ${code}`).toBe('BAD_USER_INPUT');
      expect(r.fout?.extensions?.fouten, `${veld} ${code}`).toEqual(
        expect.arrayContaining([expect.objectContaining({ veld, code })]),
      );
    }
    // The same police reference twice (without an idempotency key): CONFLICT, one report.
    const een = invoer();
    await ok(pol, MELDEN, { i: een });
    expect((await gql(pol, MELDEN, { i: een })).fout?.extensions).toMatchObject({
      code: 'CONFLICT',
      reden: 'AL_GEMELD',
    });
    expect(await aantal()).toBe(voor + 1);
  });
});

/** A token for a role, at an organisation of the role's kind (the test app's partners; VT roles at VT14). */
async function tokenVoor(rol: Rol): Promise<string> {
  const soort = organisatieSoortenPerRol[rol][0] as string;
  const org = soort === 'VEILIG_THUIS' ? 'VT14' : `T-${soort}`.slice(0, 40);
  if (soort !== 'VEILIG_THUIS') await app.partner(org, soort, 'VT14');
  return app.token(rol, org, { sub: `test-${rol.toLowerCase()}` });
}

describe('alleen de politie meldt, en alleen de eigen meldingen zijn van haar', () => {
  it('het privacybeleid: huisverbodMelden is van de politie, huisverbodMeldingen van VT en de politie', () => {
    expect(privacybeleid.operaties.Mutation.huisverbodMelden.doelgroepen).toEqual(['POLITIE_MEDEWERKER']);
    expect([...privacybeleid.operaties.Query.huisverbodMeldingen.doelgroepen].sort()).toEqual(
      ['POLITIE_MEDEWERKER', 'VERTROUWENSARTS', 'VT_MEDEWERKER', 'VT_TEAMLEIDER'].sort(),
    );
  });

  const anderen = alleRollen.filter((r) => r !== 'POLITIE_MEDEWERKER');
  it.each(anderen)('%s kan geen huisverbod melden: geweigerd, en er verandert niets', async (rol) => {
    const token = await tokenVoor(rol);
    const voor = await aantal();
    const r = await gql(token, MELDEN, { i: invoer() });
    expect(r.data?.huisverbodMelden ?? null, rol).toBeNull();
    expect(r.fout, rol).toBeDefined();
    // Not in the role's schema (a validation error), or refused at the door: never a created report.
    expect(['GRAPHQL_VALIDATION_FAILED', 'FORBIDDEN', 'UNAUTHENTICATED']).toContain(r.fout?.extensions?.code);
    expect(await aantal()).toBe(voor);
  });

  it.each(alleRollen.filter((r) => !privacybeleid.operaties.Query.huisverbodMeldingen.doelgroepen.includes(r)))(
    '%s ziet geen meldingen van huisverboden',
    async (rol) => {
      const r = await gql(await tokenVoor(rol), POLITIE_LIJST);
      expect(r.data?.huisverbodMeldingen ?? null, rol).toBeNull();
      expect(['GRAPHQL_VALIDATION_FAILED', 'FORBIDDEN']).toContain(r.fout?.extensions?.code);
    },
  );
});
