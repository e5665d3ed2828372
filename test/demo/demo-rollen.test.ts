import { readFile } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { demoMelderBestand, laadDemoData } from '../../demo/demo-data';
import type { DemoVerslag } from '../../demo/demo-jaar';
import { alleRollen, type Rol } from '../../src/auth/rollen';
import { createLogger } from '../../src/lib/logger';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * After `npm start` every role has something real to look at (issue 16.8). The demo is seeded at a small volume (the
 * default start uses Gooi en Vechtstreek's real one) and each role asks its main list with the demo token. The table
 * has an entry for every role: a new role without one fails here. A role whose demo data is not built yet is listed
 * with `ontbreekt` (reported as todo), so the gap stays visible.
 */
interface Hoofdlijst {
  organisatie: string;
  /** Other demo organisations of the role whose lists count too (the role has something to see at one of them). */
  ookOrganisaties?: string[];
  /**
   * Queries of the role's main list; at least one returns a row. `pad` leads to the list (or object) in `data`;
   * `telt` says which rows count (the analyst's: a published cell, not a suppressed one).
   */
  vragen: { query: string; pad: string[]; telt?: (rij: Record<string, unknown>) => boolean }[];
  sub?: string;
  teams?: string[];
  /** Demo data for this role is not built yet (README, "Demodata per rol"). */
  ontbreekt?: string;
}

const casussen = { query: `{ casussen(eerste: 5) { edges { node { id } } } }`, pad: ['casussen', 'edges'] };
const inbox = ['OPEN', 'LOPEND', 'BEEINDIGD'].map((f) => ({
  query: `{ overdrachtInbox(filter: ${f}, eerste: 5) { edges { node { id } } } }`,
  pad: ['overdrachtInbox', 'edges'],
}));

const hoofdlijsten: Record<Rol, Hoofdlijst> = {
  VT_MEDEWERKER: {
    organisatie: 'VT14',
    sub: 'vt14-medewerker-01',
    teams: ['VT14-TEAM-1'],
    vragen: [casussen],
  },
  VT_TEAMLEIDER: { organisatie: 'VT14', vragen: [casussen] },
  VERTROUWENSARTS: { organisatie: 'VT14', vragen: [casussen] },
  PRIVACY_OFFICER: {
    organisatie: 'VT14',
    vragen: [{ query: `{ noodtoegangen(eerste: 5) { edges { node { id } } } }`, pad: ['noodtoegangen', 'edges'] }],
  },
  ANALIST: {
    organisatie: 'VT14',
    vragen: [
      {
        query: `{ analyse(vraag: { maten: [MELDINGEN], dimensies: [PERIODE], periodeindeling: JAAR }) { cellen { aantal onderdrukt } } }`,
        pad: ['analyse', 'cellen'],
        telt: (cel) => !cel.onderdrukt && (cel.aantal as number) > 0,
      },
    ],
  },
  WIJKTEAM_MEDEWERKER: { organisatie: 'WT-HILVERSUM', vragen: inbox },
  GI_JEUGDBESCHERMER: { organisatie: 'GI-JBGV', vragen: inbox },
  RVDK_MEDEWERKER: { organisatie: 'RVDK', vragen: inbox },
  POLITIE_MEDEWERKER: {
    organisatie: 'POLITIE-MNL',
    vragen: [
      { query: `{ huisverboden(eerste: 5) { edges { node { id } } } }`, pad: ['huisverboden', 'edges'] },
      {
        query: `{ huisverbodMeldingen(eerste: 5) { edges { node { id } } } }`,
        pad: ['huisverbodMeldingen', 'edges'],
      },
    ],
  },
  OM_ZSM_MEDEWERKER: {
    organisatie: 'OM-MNL',
    vragen: [{ query: `{ zsmVerzoeken(eerste: 5) { edges { node { id } } } }`, pad: ['zsmVerzoeken', 'edges'] }],
  },
  // A school sees a signal for ten school days; in the small demo the last call-out with a school-age child is at one
  // of the two schools, which one depends on the year (at full size both have signals).
  SCHOOL_CONTACTPERSOON: {
    organisatie: 'SCHOOL-00AA',
    ookOrganisaties: ['SCHOOL-11BB'],
    vragen: [{ query: `{ hwcSignalen(eerste: 5) { edges { node { id } } } }`, pad: ['hwcSignalen', 'edges'] }],
  },
  ZVH_MEDEWERKER: { organisatie: 'ZVH-GV', vragen: inbox },
  GEMEENTE_MEDEWERKER: {
    organisatie: 'GM0402',
    vragen: [
      {
        query: `{ verzoekenTotOnderzoekGemeld(eerste: 5) { edges { node { id } } } }`,
        pad: ['verzoekenTotOnderzoekGemeld', 'edges'],
      },
    ],
  },
  GEMEENTE_OOV_MEDEWERKER: {
    organisatie: 'GM0402',
    vragen: [{ query: `{ huisverboden(eerste: 5) { edges { node { id } } } }`, pad: ['huisverboden', 'edges'] }],
  },
  AWARE_INDICATIECOMMISSIE: {
    organisatie: 'AWARE-GV',
    vragen: [{ query: `{ awareAanvragen(eerste: 5) { edges { node { id } } } }`, pad: ['awareAanvragen', 'edges'] }],
  },
  FUNCTIONEEL_BEHEERDER: {
    organisatie: 'VT14',
    vragen: [
      { query: `{ beheerOrganisaties(eerste: 5) { edges { node { code } } } }`, pad: ['beheerOrganisaties', 'edges'] },
    ],
  },
  MELDER: { organisatie: 'VT14', vragen: [{ query: `{ mijnMelding { omschrijving } }`, pad: ['mijnMelding'] }] },
};

let app: TestApp;
let verslag: DemoVerslag;

beforeAll(async () => {
  app = await startTestApp({ nu: new Date('2026-11-20T10:00:00Z') });
  [verslag] = await laadDemoData(app.orm, app.clock, createLogger('silent', 'test'), app.config, undefined, [
    {
      regio: 'VT14',
      meldingenPerJaar: 60,
      adviezenPerJaar: 10,
      eerdereHuishoudens: 10,
      seed: 14,
      wijkteam: 'WT-HILVERSUM',
      zvh: 'ZVH-GV',
      gi: 'GI-JBGV',
      raad: 'RVDK',
      gemeente: 'GM0402',
      om: 'OM-MNL',
      scholen: { basis: 'SCHOOL-00AA', voortgezet: 'SCHOOL-11BB' },
      huisverbodenPerJaar: 15,
      awareAanvragenPerJaar: 40,
    },
  ]);
}, 300_000);
afterAll(() => app.stop());

/** The demo melder's header, as `npm run token -- MELDER` prints it. */
async function demoMelder(): Promise<string> {
  expect(verslag.melderGeheim).toBeTruthy();
  const bewaard = (await readFile(demoMelderBestand(app.config.dataDir, 'VT14'), 'utf8')).trim();
  expect(bewaard).toBe(`Melder ${verslag.melderGeheim}`);
  return bewaard;
}

describe('demodata: elke rol heeft iets te zien', () => {
  it('de tabel heeft elke rol', () => {
    expect(Object.keys(hoofdlijsten).sort()).toEqual([...alleRollen].sort());
  });

  for (const rol of alleRollen) {
    const h = hoofdlijsten[rol];
    if (h.ontbreekt) {
      it.todo(`${rol}: ${h.ontbreekt}`);
      continue;
    }
    it(`${rol} (${h.organisatie}) ziet een niet-lege hoofdlijst`, async () => {
      expect(verslag.geweigerd).toEqual({});
      const tokens =
        rol === 'MELDER'
          ? [await demoMelder()]
          : await Promise.all(
              [h.organisatie, ...(h.ookOrganisaties ?? [])].map((o) =>
                app.token(rol, o, { sub: h.sub, teams: h.teams }),
              ),
            );
      let gevonden = 0;
      for (const token of tokens) {
        for (const v of h.vragen) {
          const r = await app.gql<Record<string, unknown>>(token, v.query);
          expect(r.body.errors, `${rol}: ${v.query}`).toBeUndefined();
          let x: unknown = r.body.data;
          for (const stap of v.pad) x = (x as Record<string, unknown> | null)?.[stap];
          const telt = v.telt ?? (() => true);
          gevonden += Array.isArray(x) ? (x as Record<string, unknown>[]).filter(telt).length : x ? 1 : 0;
        }
      }
      expect(gevonden, rol).toBeGreaterThan(0);
    });
  }
});
