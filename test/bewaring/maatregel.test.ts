import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { bewaringBeoordelen } from '../../src/bewaring/bewaring.beoordelen';
import { meldingInvoer } from '../helpers/fabriek';
import { okAntwoord, partnerToken, registreerPartners } from '../helpers/partners';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';

/**
 * Issue 17.5, "held while a protection measure needs it", through GraphQL: a closed dossier handed over to a GI (which
 * works only under a measure) is not offered for destruction while the measure runs, not even 20 years on; the end of
 * the measure is recorded (maatregelEindeVastleggen: the privacy officer or the teamleider) and recomputes the date;
 * from the later of the rule's date and that end, the review job offers it. Bad input changes nothing.
 */
let app: TestApp;
const po = (): Promise<string> => app.token('PRIVACY_OFFICER', 'VT14', { sub: 'po-maatregel' });
const tl = (): Promise<string> => app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-maatregel' });
const beh = (): Promise<string> => app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-maatregel' });
const ok = <T = Record<string, unknown>>(t: string, q: string, v?: Record<string, unknown>): Promise<T> =>
  okAntwoord<T>(app, t, q, v);

const BEWARING = `status vernietigenOp gronden maatregelEinde maatregelUitkomst maatregelEindeDoor`;
const EINDE = `mutation($c: ID!, $e: Datum!, $u: MaatregelUitkomst!) {
  maatregelEindeVastleggen(casusId: $c, einde: $e, uitkomst: $u) { ${BEWARING} } }`;
type Bewaring = { status: string; vernietigenOp: string | null; gronden: string[]; maatregelEinde: string | null };

/** A closed casus (child born 2018-05-04, so 18 before the 20 years end); with a GI measure when `gi`. */
async function dossier(gi: boolean): Promise<string> {
  app.clock.set(TEST_NU);
  const t = await beh();
  const m = (
    await ok<{ meldingRegistreren: { id: string; casusId: string; betrokkenen: { persoon: { id: string } }[] } }>(
      t,
      `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId betrokkenen { persoon { id } } } }`,
      { i: meldingInvoer() },
    )
  ).meldingRegistreren;
  await ok(
    t,
    `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
    {
      i: gi
        ? {
            meldingId: m.id,
            taxatie: 'STRUCTURELE_ONVEILIGHEID',
            uitkomst: 'OVERDRACHT',
            toelichting: 'OTS loopt.',
          }
        : { meldingId: m.id, taxatie: 'ONBEKEND', uitkomst: 'GEEN_VERVOLGSTAPPEN', toelichting: 'Geen zorgen.' },
    },
  );
  if (gi) {
    const o = await ok<{ overdrachtAanbieden: { id: string } }>(
      t,
      `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
      {
        i: {
          casusId: m.casusId,
          soort: 'GI_OVERDRACHT',
          ontvanger: 'GI-A',
          persoonIds: [m.betrokkenen[0].persoon.id],
          metVeiligheidsafspraken: false,
          toelichting: 'Kind onder toezicht.',
          grondslag: 'JEUGDBESCHERMINGSMAATREGEL',
        },
      },
    );
    await ok(await partnerToken(app, 'GI-A'), `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { id } }`, {
      id: o.overdrachtAanbieden.id,
    });
  }
  await ok(t, `mutation($i: CasusOvergangInvoer!) { casusOvergang(invoer: $i) { fase } }`, {
    i: {
      casusId: m.casusId,
      naar: 'AFGESLOTEN',
      toelichting: 'Klaar.',
      afsluitreden: gi ? 'De GI voert de maatregel uit.' : 'Geen vervolg nodig.',
      ...(gi ? { overdracht: { ontvangendePartij: 'GI A', contactBevestigdOp: '2026-03-10' } } : {}),
    },
  });
  return m.casusId;
}

async function bewaring(casusId: string): Promise<Bewaring> {
  return (
    await ok<{ bewaring: Bewaring }>(await po(), `query($c: ID!) { bewaring(casusId: $c) { ${BEWARING} } }`, {
      c: casusId,
    })
  ).bewaring;
}

const job = async (): Promise<number> =>
  (await bewaringBeoordelen(app.orm.em.fork(), { clock: app.clock })).teBeoordelen;

beforeAll(async () => {
  app = await startTestApp();
  await registreerPartners(app);
}, 120_000);
afterAll(() => app.stop());

describe('bewaring: een kinderbeschermingsmaatregel houdt het dossier tot haar einde', () => {
  it('een lopende maatregel: niet te beoordelen, ook na 20 jaar; na het vastgelegde einde + de regel wel', async () => {
    const vroeg = await dossier(true);
    const laat = await dossier(true);
    expect(await bewaring(vroeg)).toMatchObject({
      vernietigenOp: null,
      gronden: ['KINDERBESCHERMINGSMAATREGEL', 'TWINTIG_JAAR_NA_AFSLUITEN'],
      maatregelEinde: null,
    });

    // The measure of the first dossier ended in 2030: recorded by the teamleider; the rule's date (2046-03-10) holds.
    app.clock.set(new Date('2030-06-01T09:00:00Z'));
    const e = await ok<{ maatregelEindeVastleggen: Bewaring }>(await tl(), EINDE, {
      c: vroeg,
      e: '2030-05-01',
      u: 'BEEINDIGD',
    });
    expect(e.maatregelEindeVastleggen).toMatchObject({
      status: 'BEWAREN',
      vernietigenOp: '2046-03-10',
      gronden: ['TWINTIG_JAAR_NA_AFSLUITEN'],
      maatregelEinde: '2030-05-01',
      maatregelUitkomst: 'BEEINDIGD',
      maatregelEindeDoor: 'tl-maatregel',
    });

    // The day before the rule's date: nothing is due.
    app.clock.set(new Date('2046-03-09T09:00:00Z'));
    expect(await job()).toBe(0);
    // After it: the first is due; the second, its measure still running, is not.
    app.clock.set(new Date('2046-03-11T09:00:00Z'));
    expect(await job()).toBe(1);
    expect((await bewaring(vroeg)).status).toBe('TE_BEOORDELEN');
    expect(await bewaring(laat)).toMatchObject({ status: 'BEWAREN', vernietigenOp: null });
    expect((await bewaring(laat)).gronden).toContain('KINDERBESCHERMINGSMAATREGEL');

    // The second measure ends after the 20 years: the file was held until that end, and is due from it.
    app.clock.set(new Date('2046-06-02T09:00:00Z'));
    const l = await ok<{ maatregelEindeVastleggen: Bewaring }>(await po(), EINDE, {
      c: laat,
      e: '2046-06-01',
      u: 'BEEINDIGD',
    });
    expect(l.maatregelEindeVastleggen).toMatchObject({
      vernietigenOp: '2046-06-01',
      gronden: ['TWINTIG_JAAR_NA_AFSLUITEN', 'MAATREGEL_BEEINDIGD'],
    });
    expect(await job()).toBe(1);
    expect((await bewaring(laat)).status).toBe('TE_BEOORDELEN');
    // Audited as a change of the casus' retention.
    const audit = await app.sql(
      `select rol, velden from audit_gebeurtenis where gebeurtenis = 'MAATREGEL_EINDE_VASTLEGGEN' and object_id = $1`,
      [laat],
    );
    expect(audit).toEqual([{ rol: 'PRIVACY_OFFICER', velden: ['maatregelEinde', 'maatregelUitkomst'] }]);
  });

  it('weigert een einde in de toekomst of vóór het begin, een dossier zonder maatregel, en wie het niet mag; niets verandert', async () => {
    const c = await dossier(true);
    const zonder = await dossier(false);
    app.clock.set(new Date('2031-01-01T09:00:00Z'));
    const voor = await app.sql(`select count(*)::int as n from bewaring`);
    const fout = async (token: string, v: Record<string, unknown>): Promise<unknown> => {
      const r = await app.gql(token, EINDE, v);
      const x = r.body.errors?.[0]?.extensions;
      return (x?.fouten as { code: string }[] | undefined)?.[0]?.code ?? x?.reden ?? x?.code;
    };
    expect(await fout(await po(), { c, e: '2031-01-02', u: 'BEEINDIGD' })).toBe('IN_DE_TOEKOMST');
    expect(await fout(await po(), { c, e: '2026-01-01', u: 'BEEINDIGD' })).toBe('VOOR_BEGIN');
    expect(await fout(await po(), { c: zonder, e: '2030-01-01', u: 'NIET_OPGELEGD' })).toBe('GEEN_MAATREGEL');
    expect(await fout(await beh(), { c, e: '2030-01-01', u: 'BEEINDIGD' })).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await fout(await partnerToken(app, 'GI-A'), { c, e: '2030-01-01', u: 'BEEINDIGD' })).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    expect(
      await fout(await app.token('PRIVACY_OFFICER', 'VT01', { sub: 'po-x' }), { c, e: '2030-01-01', u: 'BEEINDIGD' }),
    ).toBe('NOT_FOUND');
    expect(await app.sql(`select count(*)::int as n from bewaring`)).toEqual(voor);
    expect((await bewaring(c)).gronden).toContain('KINDERBESCHERMINGSMAATREGEL');
  });
});
