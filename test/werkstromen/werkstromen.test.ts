import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { adviesProces, type AdviesStap, AdviesStatus } from '../../src/adviezen/advies.proces';
import { alleRollen } from '../../src/auth/rollen';
import { type AwareStap, AwareStatus, awareProces } from '../../src/aware/aware.proces';
import { type HuisverbodStap, HuisverbodStatus, huisverbodProces } from '../../src/huisverbod/huisverbod.proces';
import { HwcSignaalStatus, type HwcStap, hwcProces, hwcStatus } from '../../src/hwc/hwc.proces';
import { controleerStap, magStap, type Werkstroom } from '../../src/lib/werkstroom';
import { privacybeleid } from '../../src/modules';
import { type ZsmStap, ZsmVerzoekStatus, zsmProces } from '../../src/zsm/zsm.proces';
import { geldigBsn, meldingInvoer } from '../helpers/fabriek';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';

/**
 * Every workflow table walked, generated from the table itself: every step in every state, through GraphQL as the
 * flow's own tests do (the state reached by real steps, the clock for the states time brings). A step the table
 * refuses is refused with the flow's stable code and changes nothing; a step it allows leads to the state it names.
 */

type Fout = { message: string; extensions?: Record<string, unknown> };

/** The refusal each flow promises its clients (see the flow's own tests). */
const WEIGERING = {
  advies: { code: 'BAD_USER_INPUT', reden: 'ADVIES_NIET_OPEN' },
  hwc: { code: 'NOT_FOUND' },
  zsm: { code: 'CONFLICT', reden: 'AL_BEANTWOORD' },
  huisverbod: { code: 'BAD_USER_INPUT', reden: 'OVERGANG_NIET_TOEGESTAAN' },
  aware: { code: 'BAD_USER_INPUT', reden: 'OVERGANG_NIET_TOEGESTAAN' },
} as const;

const TABELLEN: Werkstroom<string, string>[] = [
  adviesProces,
  hwcProces,
  zsmProces,
  huisverbodProces,
  awareProces,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
] as any;

describe('de tabellen zelf', () => {
  it.each(TABELLEN.map((t) => [t.naam, t] as const))(
    '%s: elke stap in elke stand geeft de stand uit de tabel of de vaste weigering',
    (naam, tabel) => {
      for (const huidig of [null, ...tabel.statussen]) {
        for (const [stap, regel] of Object.entries(tabel.stappen)) {
          if (magStap(tabel, huidig, stap)) {
            // A step without `naar` records work and leaves the state as it is.
            const naar = regel.naar ?? huidig;
            expect(controleerStap(tabel, huidig, stap, regel.rollen[0]), `${huidig} ${stap}`).toBe(naar);
            expect(tabel.statussen).toContain(naar);
            continue;
          }
          let fout: { extensions?: Record<string, unknown> } | undefined;
          try {
            controleerStap(tabel, huidig, stap, regel.rollen[0]);
          } catch (e) {
            fout = e as typeof fout;
          }
          // Only creation is refused outside an existing state in a way the flow does not name: no operation reaches it.
          if (huidig === null || regel.van.includes(null)) expect(fout, `${huidig} ${stap}`).toBeDefined();
          else expect(fout?.extensions, `${huidig} ${stap}`).toMatchObject(WEIGERING[naam as keyof typeof WEIGERING]);
        }
      }
    },
  );

  it.each(TABELLEN.map((t) => [t.naam, t] as const))(
    '%s: wie een stap mag zetten staat ook zo in het privacybeleid, en een andere rol krijgt FORBIDDEN',
    (_naam, tabel) => {
      for (const [stap, regel] of Object.entries(tabel.stappen)) {
        const beleid = privacybeleid.operaties.Mutation?.[regel.operatie];
        expect(beleid, regel.operatie).toBeDefined();
        expect([...regel.rollen].sort(), regel.operatie).toEqual([...beleid.doelgroepen].sort());
        const huidig = regel.van[0];
        for (const rol of alleRollen.filter((r) => !regel.rollen.includes(r))) {
          let code: unknown;
          try {
            controleerStap(tabel, huidig, stap, rol);
          } catch (e) {
            code = (e as { extensions?: { code?: unknown } }).extensions?.code;
          }
          expect(code, `${stap} door ${rol}`).toBe('FORBIDDEN');
        }
      }
    },
  );
});

/** How a flow is driven through GraphQL: bring an object into a state, take a step, read its state back. */
interface Aandrijving<S extends string, T extends string> {
  tabel: Werkstroom<S, T>;
  inStand(stand: S): Promise<string>;
  zet(id: string, stap: T): Promise<Fout | undefined>;
  stand(id: string): Promise<S>;
  /** Where the flow refuses otherwise than with its stable code (and why), for this state and step. */
  weigering?(stand: S, stap: T): Record<string, unknown> | undefined;
}

let app: TestApp;
const vt = (): Promise<string> => app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-werkstroom' });
const school = (): Promise<string> => app.token('SCHOOL_CONTACTPERSOON', 'SCHOOL-A', { sub: 'school-werkstroom' });
const om = (): Promise<string> => app.token('OM_ZSM_MEDEWERKER', 'OM-A', { sub: 'om-werkstroom' });

async function gql<T = unknown>(
  token: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ data?: T; fout?: Fout }> {
  const r = await app.gql<T>(token, query, variables);
  return { data: r.body.data ?? undefined, fout: r.body.errors?.[0] };
}

async function zonderFout<T>(p: Promise<{ data?: T; fout?: Fout }>): Promise<T> {
  const r = await p;
  expect(r.fout, JSON.stringify(r.fout)).toBeUndefined();
  return r.data!;
}

const advies: Aandrijving<AdviesStatus, AdviesStap> = {
  tabel: adviesProces,
  async inStand(stand) {
    const invoer = {
      ontvangenOp: '2026-03-09T10:00:00+01:00',
      kanaal: 'TELEFOON',
      hoedanigheidAdviesvrager: 'NIET_BEROEPSMATIG',
      organisatieAdviesvrager: 'NIET_VAN_TOEPASSING',
      aardGeweld: ['KINDERMISHANDELING'],
      omschrijving: 'Buurvrouw maakt zich zorgen.',
    };
    const { adviesRegistreren: a } = await zonderFout(
      gql<{ adviesRegistreren: { id: string } }>(
        await vt(),
        `mutation A($invoer: AdviesInvoer!) { adviesRegistreren(invoer: $invoer) { id } }`,
        { invoer },
      ),
    );
    if (stand === AdviesStatus.AFGEROND) expect(await this.zet(a.id, 'AFRONDEN')).toBeUndefined();
    if (stand === AdviesStatus.OMGEZET_IN_MELDING) expect(await this.zet(a.id, 'OMZETTEN')).toBeUndefined();
    return a.id;
  },
  async zet(id, stap) {
    if (stap === 'AFRONDEN') return (await gql(await vt(), `mutation { adviesAfronden(id: "${id}") { id } }`)).fout;
    if (stap === 'OMZETTEN') {
      return (
        await gql(
          await vt(),
          `mutation O($id: ID!, $m: MeldingInvoer!) { adviesOmzettenInMelding(adviesId: $id, melding: $m) { id } }`,
          { id, m: meldingInvoer() },
        )
      ).fout;
    }
    throw new Error(`${stap} neemt geen bestaand advies`);
  },
  async stand(id) {
    return (
      await zonderFout(gql<{ advies: { status: AdviesStatus } }>(await vt(), `{ advies(id: "${id}") { status } }`))
    ).advies.status;
  },
};

const hwc: Aandrijving<HwcSignaalStatus, HwcStap> = {
  tabel: hwcProces,
  async inStand(stand) {
    const m = await zonderFout(
      gql<{ meldingRegistreren: { casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] } }>(
        await vt(),
        `mutation R($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { casusId betrokkenen { rollen persoon { id } } } }`,
        { invoer: meldingInvoer() },
      ),
    );
    const kind = m.meldingRegistreren.betrokkenen.find((b) => b.rollen.includes('KIND'))!.persoon.id;
    const invoer = {
      casusId: m.meldingRegistreren.casusId,
      persoonId: kind,
      school: 'SCHOOL-A',
      incidentdatum: '2026-03-09',
      grondslag: 'Convenant Handle with Care Gooi en Vechtstreek',
    };
    const { hwcSignaalVersturen: s } = await zonderFout(
      gql<{ hwcSignaalVersturen: { id: string; leverenVoor: string } }>(
        await vt(),
        `mutation V($invoer: HwcSignaalInvoer!) { hwcSignaalVersturen(invoer: $invoer) { id leverenVoor } }`,
        { invoer },
      ),
    );
    if (stand === HwcSignaalStatus.BEVESTIGD) expect(await this.zet(s.id, 'BEVESTIGEN')).toBeUndefined();
    if (stand === HwcSignaalStatus.INGETROKKEN) expect(await this.zet(s.id, 'INTREKKEN')).toBeUndefined();
    // Lessons started, the school's access has not ended yet.
    if (stand === HwcSignaalStatus.NIET_BEVESTIGD_VOOR_LESSTART) {
      app.clock.set(new Date(new Date(s.leverenVoor).getTime() + 60_000));
    }
    return s.id;
  },
  async zet(id, stap) {
    if (stap === 'BEVESTIGEN') {
      return (
        await gql(await school(), `mutation B($id: ID!) { hwcOntvangstBevestigen(signaalId: $id) { signaalId } }`, {
          id,
        })
      ).fout;
    }
    if (stap === 'INTREKKEN') {
      return (
        await gql(await vt(), `mutation { hwcSignaalIntrekken(signaalId: "${id}", reden: "Verkeerde school.") { id } }`)
      ).fout;
    }
    throw new Error(`${stap} neemt geen bestaand signaal`);
  },
  async stand(id) {
    const [s] = await app.sql(
      `select ingetrokken_op as "ingetrokkenOp", bevestigd_op as "bevestigdOp", leveren_voor as "leverenVoor" from hwc_signaal where id = $1`,
      [id],
    );
    return hwcStatus(s as { ingetrokkenOp: Date | null; bevestigdOp: Date | null; leverenVoor: Date }, app.clock.now());
  },
};

const zsm: Aandrijving<ZsmVerzoekStatus, ZsmStap> = {
  tabel: zsmProces,
  async inStand(stand) {
    const invoer = {
      vtOrganisatie: 'VT14',
      reden: 'Afstemming veiligheidsmaatregelen.',
      inverzekeringstellingEindigtOp: '2026-03-12T12:00:00Z',
      personen: [{ bsn: geldigBsn() }],
    };
    const { zsmVerzoekIndienen: v } = await zonderFout(
      gql<{ zsmVerzoekIndienen: { id: string; antwoordVoor: string } }>(
        await om(),
        `mutation I($invoer: ZsmVerzoekInvoer!) { zsmVerzoekIndienen(invoer: $invoer) { id antwoordVoor } }`,
        { invoer },
      ),
    );
    if (stand === ZsmVerzoekStatus.BEANTWOORD) expect(await this.zet(v.id, 'BEANTWOORDEN')).toBeUndefined();
    if (stand === ZsmVerzoekStatus.NIET_BEANTWOORD_BINNEN_TERMIJN) {
      app.clock.set(new Date(new Date(v.antwoordVoor).getTime() + 60_000));
    }
    return v.id;
  },
  async zet(id, stap) {
    if (stap === 'BEANTWOORDEN') {
      return (
        await gql(
          await vt(),
          `mutation B($invoer: ZsmAntwoordInvoer!) { zsmVerzoekBeantwoorden(invoer: $invoer) { id } }`,
          { invoer: { verzoekId: id, personen: [] } },
        )
      ).fout;
    }
    throw new Error(`${stap} neemt geen bestaand verzoek`);
  },
  async stand(id) {
    return (
      await zonderFout(
        gql<{ zsmVerzoek: { status: ZsmVerzoekStatus } }>(
          await vt(),
          `query L($id: ID!) { zsmVerzoek(id: $id) { status } }`,
          { id },
        ),
      )
    ).zsmVerzoek.status;
  },
};

const vandaag = (): string => app.clock.now().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });

const huisverbod: Aandrijving<HuisverbodStatus, HuisverbodStap> = {
  tabel: huisverbodProces,
  async inStand(stand) {
    const m = await zonderFout(
      gql<{ meldingRegistreren: { casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] } }>(
        await vt(),
        `mutation R($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { casusId betrokkenen { rollen persoon { id } } } }`,
        { invoer: meldingInvoer() },
      ),
    );
    const b = m.meldingRegistreren.betrokkenen;
    const invoer = {
      casusId: m.meldingRegistreren.casusId,
      uithuisgeplaatstePersoonId: b.find((x) => x.rollen.includes('PLEGER'))!.persoon.id,
      achterblijverPersoonIds: [b.find((x) => x.rollen.includes('KIND'))!.persoon.id],
      opgelegdOp: '2026-03-09T22:00:00+01:00',
      gemeente: 'GM-A',
      rihgReferentie: 'RiHG werkstroom',
    };
    const { huisverbodRegistreren: h } = await zonderFout(
      gql<{ huisverbodRegistreren: { id: string; opgelegdTot: string } }>(
        await vt(),
        `mutation V($invoer: HuisverbodRegistrerenInvoer!) { huisverbodRegistreren(invoer: $invoer) { id opgelegdTot } }`,
        { invoer },
      ),
    );
    // The conversations first, so the advice finds what it requires.
    await zonderFout(
      gql(await vt(), `mutation($i: HuisverbodBijwerkenInvoer!) { huisverbodBijwerken(invoer: $i) { id } }`, {
        i: { huisverbodId: h.id, gesprekUithuisgeplaatsteOp: '2026-03-10', gesprekAchterblijversOp: '2026-03-10' },
      }),
    );
    if (stand === HuisverbodStatus.GEADVISEERD) expect(await this.zet(h.id, 'ADVISEREN')).toBeUndefined();
    if (stand === HuisverbodStatus.VERLENGD) expect(await this.zet(h.id, 'VERLENGEN')).toBeUndefined();
    if (stand === HuisverbodStatus.INGETROKKEN) expect(await this.zet(h.id, 'INTREKKEN')).toBeUndefined();
    if (stand === HuisverbodStatus.AFGELOPEN) app.clock.set(new Date(new Date(h.opgelegdTot).getTime() + 60_000));
    return h.id;
  },
  async zet(id, stap) {
    const t = await vt();
    switch (stap) {
      case 'BIJWERKEN':
        return (
          await gql(t, `mutation($i: HuisverbodBijwerkenInvoer!) { huisverbodBijwerken(invoer: $i) { id } }`, {
            i: { huisverbodId: id, informatieDerden: 'Huisarts: bekend met spanningen.' },
          })
        ).fout;
      case 'ADVISEREN':
        return (
          await gql(t, `mutation($i: HuisverbodAdviesInvoer!) { huisverbodAdviseren(invoer: $i) { id } }`, {
            i: { huisverbodId: id, advies: 'VERLENGEN', toelichting: 'Hulp is net gestart.' },
          })
        ).fout;
      case 'VERLENGEN':
        return (
          await gql(t, `mutation($i: HuisverbodVerlengenInvoer!) { huisverbodVerlengen(invoer: $i) { id } }`, {
            i: { huisverbodId: id, verlengdTot: '2026-03-29T22:00:00+02:00' },
          })
        ).fout;
      case 'INTREKKEN':
        return (await gql(t, `mutation($id: ID!) { huisverbodIntrekken(huisverbodId: $id) { id } }`, { id })).fout;
      case 'MONITOREN':
        return (
          await gql(
            t,
            `mutation($i: HuisverbodMonitoringcontactInvoer!) { huisverbodMonitoringcontactVastleggen(invoer: $i) { id } }`,
            { i: { huisverbodId: id, contactOp: vandaag(), uitkomst: 'VEILIG' } },
          )
        ).fout;
      default:
        throw new Error(`${stap} neemt geen bestaand huisverbod`);
    }
  },
  async stand(id) {
    return (
      await zonderFout(
        gql<{ huisverbod: { status: HuisverbodStatus } }>(
          await vt(),
          `query($id: ID!) { huisverbod(id: $id) { status } }`,
          {
            id,
          },
        ),
      )
    ).huisverbod.status;
  },
};

const commissie = (): Promise<string> => app.token('AWARE_INDICATIECOMMISSIE', 'AWARE-A', { sub: 'ic-werkstroom' });
const AWARE_VELDEN = 'id status einddatum';

const aware: Aandrijving<AwareStatus, AwareStap> = {
  tabel: awareProces,
  async inStand(stand) {
    const m = await zonderFout(
      gql<{ meldingRegistreren: { casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] } }>(
        await vt(),
        `mutation R($invoer: MeldingInvoer!) { meldingRegistreren(invoer: $invoer) { casusId betrokkenen { rollen persoon { id } } } }`,
        { invoer: meldingInvoer() },
      ),
    );
    const b = m.meldingRegistreren.betrokkenen;
    const { awareAanvraagRegistreren: a } = await zonderFout(
      gql<{ awareAanvraagRegistreren: { id: string } }>(
        await vt(),
        `mutation($i: AwareAanvraagInvoer!) { awareAanvraagRegistreren(invoer: $i) { id } }`,
        {
          i: {
            casusId: m.meldingRegistreren.casusId,
            slachtofferPersoonId: b.find((x) => x.rollen.includes('SLACHTOFFER'))!.persoon.id,
            commissie: 'AWARE-A',
            dreiging: 'EX_PARTNER',
            onderbouwing: 'Werkstroom.',
          },
        },
      ),
    );
    const pad: Partial<Record<AwareStatus, AwareStap[]>> = {
      IN_BEHANDELING_COMMISSIE: ['INDIENEN'],
      TOEGEKEND: ['INDIENEN', 'TOEKENNEN'],
      AFGEWEZEN: ['INDIENEN', 'AFWIJZEN'],
      ACTIEF: ['INDIENEN', 'TOEKENNEN', 'INSTALLEREN'],
      VERLENGD: ['INDIENEN', 'TOEKENNEN', 'INSTALLEREN', 'VERLENGEN'],
      BEEINDIGD: ['INDIENEN', 'TOEKENNEN', 'BEEINDIGEN'],
    };
    for (const stap of pad[stand] ?? []) expect(await this.zet(a.id, stap), stap).toBeUndefined();
    return a.id;
  },
  async zet(id, stap) {
    const t = await vt();
    const cid = async (): Promise<string> =>
      (await app.sql(`select commissie_id::text as c from aware_aanvraag where id = $1`, [id]))[0].c as string;
    switch (stap) {
      case 'INDIENEN':
        return (
          await gql(t, `mutation($id: ID!) { awareAanvraagVoorleggen(aanvraagId: $id) { ${AWARE_VELDEN} } }`, { id })
        ).fout;
      case 'TOEKENNEN':
      case 'AFWIJZEN':
        return (
          await gql(await commissie(), `mutation($i: AwareBesluitInvoer!) { awareBesluitNemen(invoer: $i) { id } }`, {
            i: {
              aanvraagId: await cid(),
              besluit: stap === 'TOEKENNEN' ? 'TOEGEKEND' : 'AFGEWEZEN',
              motivering: 'Werkstroom.',
              ...(stap === 'TOEKENNEN' ? { periodeMaanden: 3 } : {}),
            },
          })
        ).fout;
      case 'INSTALLEREN':
        return (
          await gql(t, `mutation($i: AwareInstallatieInvoer!) { awareInstallatieVastleggen(invoer: $i) { id } }`, {
            i: { aanvraagId: id, geinstalleerdOp: vandaag() },
          })
        ).fout;
      case 'VERLENGEN': {
        const [{ e }] = await app.sql(
          `select coalesce(einddatum, current_date)::text as e from aware_aanvraag where id = $1`,
          [id],
        );
        const nieuw = new Date(new Date(`${e as string}T12:00:00Z`).getTime() + 31 * 86_400_000)
          .toISOString()
          .slice(0, 10);
        return (
          await gql(t, `mutation($i: AwareVerlengenInvoer!) { awareVerlengen(invoer: $i) { id } }`, {
            i: { aanvraagId: id, einddatum: nieuw },
          })
        ).fout;
      }
      case 'BEEINDIGEN':
        return (
          await gql(t, `mutation($i: AwareBeeindigenInvoer!) { awareBeeindigen(invoer: $i) { id } }`, {
            i: { aanvraagId: id, reden: 'Werkstroom.' },
          })
        ).fout;
      default:
        throw new Error(`${stap} neemt geen bestaande aanvraag`);
    }
  },
  async stand(id) {
    return (
      await zonderFout(
        gql<{ awareAanvraag: { status: AwareStatus } }>(
          await vt(),
          `query($id: ID!) { awareAanvraag(id: $id) { status } }`,
          {
            id,
          },
        ),
      )
    ).awareAanvraag.status;
  },
  // A draft is not yet the committee's: it does not see it at all, so its decision finds nothing.
  weigering: (stand, stap) =>
    stand === AwareStatus.AANGEVRAAGD && (stap === 'TOEKENNEN' || stap === 'AFWIJZEN')
      ? { code: 'NOT_FOUND' }
      : undefined,
};

beforeAll(async () => {
  app = await startTestApp();
  await app.partner('AWARE-A', 'ZORG_EN_VEILIGHEIDSHUIS', 'VT14');
  await app.partner('SCHOOL-A', 'SCHOOL', 'VT14');
  await app.partner('OM-A', 'OPENBAAR_MINISTERIE', 'VT14');
  await app.partner('GM-A', 'GEMEENTE', 'VT14');
});
afterAll(() => app.stop());
beforeEach(() => app.clock.set(TEST_NU));

/** Every (state, step) pair of a table for the steps that act on an existing object. */
function gevallen<S extends string, T extends string>(a: Aandrijving<S, T>): [S, T][] {
  const stappen = (Object.keys(a.tabel.stappen) as T[]).filter((t) => !a.tabel.stappen[t].van.includes(null));
  return a.tabel.statussen.flatMap((s) => stappen.map((t) => [s, t] as [S, T]));
}

describe.each([
  ['advies', advies],
  ['hwc', hwc],
  ['zsm', zsm],
  ['huisverbod', huisverbod],
  ['aware', aware],
] as [keyof typeof WEIGERING, Aandrijving<string, string>][])('%s door GraphQL', (naam, a) => {
  it.each(gevallen(a))(`in stand %s: %s`, async (stand, stap) => {
    const id = await a.inStand(stand);
    expect(await a.stand(id)).toBe(stand);
    const fout = await a.zet(id, stap);
    if (magStap(a.tabel, stand, stap)) {
      expect(fout, JSON.stringify(fout)).toBeUndefined();
      expect(await a.stand(id)).toBe(a.tabel.stappen[stap].naar ?? stand);
    } else {
      expect(fout?.extensions).toMatchObject(a.weigering?.(stand, stap) ?? WEIGERING[naam]);
      expect(await a.stand(id)).toBe(stand);
    }
  });
});
