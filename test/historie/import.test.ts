import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { analyseVerversenJob } from '../../src/analyse/jobs/analyse-verversen.job';
import type { JobDeps } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import { termijnActies } from '../../src/modules';
import { AFSTEM_PAGINA_SQL, escaleerJob, herinnerJob } from '../../src/termijnen/jobs/termijn-bewaking.job';
import { geldigBsn, meldingInvoer } from '../helpers/fabriek';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';

/**
 * Issue 16.6: a region loads a multi-year history through historieImporteren. Each dossier becomes one casus with its
 * steps on their own dates; termijnen that ended long ago are historical (no reminder, no escalation, not overdue now)
 * and the analyst counts everything in the month it happened; a re-run changes nothing; a bad dossier is refused
 * whole with a per-record report while the others load.
 */
let app: TestApp;
let deps: JobDeps;
let tl: string;

const IMPORT = `mutation I($invoer: HistorieImportInvoer!) { historieImporteren(invoer: $invoer) {
  geimporteerd alGeimporteerd geweigerd
  dossiers { bronId status casusId historischeTermijnen fouten { melding stap veld code bericht } }
} }`;
type Resultaat = {
  geimporteerd: number;
  alGeimporteerd: number;
  geweigerd: number;
  dossiers: {
    bronId: string;
    status: string;
    casusId: string | null;
    historischeTermijnen: number;
    fouten: { melding: number | null; stap: number | null; veld: string | null; code: string; bericht: string }[];
  }[];
};

const melding = (ontvangenOp: string, extra: Record<string, unknown> = {}): Record<string, unknown> =>
  meldingInvoer({ ontvangenOp, ...extra });
const beoordeling = (op: string, vervolg: string): Record<string, unknown> => ({
  plaatsgevondenOp: op,
  beoordeling: {
    taxatie: 'STRUCTURELE_ONVEILIGHEID',
    uitkomst: 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS',
    vervolg,
    toelichting: 'Beoordeeld in het vorige systeem.',
  },
});

/** Four years of files, and one dossier whose second step the transition table refuses. */
function geschiedenis(): Record<string, unknown>[] {
  return [
    {
      bronId: 'OUD-2023-001',
      meldingen: [melding('2023-03-14T10:00:00+01:00')],
      stappen: [
        beoordeling('2023-03-16T10:00:00+01:00', 'ONDERZOEK'),
        {
          plaatsgevondenOp: '2023-05-10T10:00:00+02:00',
          overgang: {
            naar: 'AFGESLOTEN',
            toelichting: 'Onderzoek afgerond.',
            onderzoek: { uitkomsten: [{ aardGeweld: 'KINDERMISHANDELING', uitkomst: 'BEVESTIGD' }] },
            afsluitreden: 'Onderzoek afgerond, hulp loopt.',
          },
        },
      ],
    },
    {
      bronId: 'OUD-2024-002',
      meldingen: [
        melding('2024-06-03T10:00:00+02:00', { hoedanigheidMelder: 'ONBEKEND', organisatieMelder: 'ONBEKEND' }),
      ],
      stappen: [
        beoordeling('2024-06-05T10:00:00+02:00', 'VOORWAARDEN_EN_VERVOLG'),
        {
          plaatsgevondenOp: '2024-06-20T10:00:00+02:00',
          veiligheidsafspraak: { omschrijving: 'Geen alcohol in huis.', partijen: ['moeder', 'vader'] },
        },
        {
          plaatsgevondenOp: '2024-08-01T10:00:00+02:00',
          overgang: { naar: 'MONITORING', toelichting: 'Voorwaarden nagekomen.' },
        },
        {
          plaatsgevondenOp: '2024-09-09T10:00:00+02:00',
          monitoringcontact: { uitkomst: 'VEILIG_STABIEL', toelichting: 'Rustig thuis.' },
        },
      ],
    },
    {
      bronId: 'OUD-2025-003',
      meldingen: [melding('2025-12-01T10:00:00+01:00')],
      stappen: [beoordeling('2025-12-03T10:00:00+01:00', 'ONDERZOEK')],
    },
    {
      bronId: 'OUD-2026-004',
      meldingen: [melding('2026-02-16T10:00:00+01:00')],
      stappen: [beoordeling('2026-02-18T10:00:00+01:00', 'ONDERZOEK')],
    },
    {
      bronId: 'OUD-2022-005',
      meldingen: [melding('2022-09-01T10:00:00+02:00')],
      stappen: [
        beoordeling('2022-09-02T10:00:00+02:00', 'ONDERZOEK'),
        {
          plaatsgevondenOp: '2022-10-01T10:00:00+02:00',
          overgang: { naar: 'MONITORING', toelichting: 'Zonder uitkomst.' },
        },
      ],
    },
  ];
}

async function importeer(dossiers: Record<string, unknown>[]): Promise<Resultaat> {
  const r = await app.gql<{ historieImporteren: Resultaat }>(tl, IMPORT, { invoer: { dossiers } });
  expect(r.body.errors).toBeUndefined();
  return r.body.data!.historieImporteren;
}

async function tellingen(): Promise<Record<string, number>> {
  const uit: Record<string, number> = {};
  for (const t of [
    'casus',
    'melding',
    'persoon',
    'termijn',
    'casus_overgang',
    'dienst',
    'notificatie',
    'historie_import',
  ]) {
    const [r] = await app.sql(`select count(*)::int as n from ${t}`);
    uit[t] = r.n as number;
  }
  return uit;
}

/** One history, sent twice: the same content (the factory draws new BSNs on every call). */
const HISTORIE = geschiedenis();
let eerste: Resultaat;
let voor: Record<string, number>;

beforeAll(async () => {
  app = await startTestApp();
  app.clock.set(TEST_NU);
  deps = {
    orm: app.orm,
    termijnActies,
    clock: app.clock,
    log: createLogger('silent', 'test'),
    config: app.config,
    queue: () => {
      throw new Error('niet nodig');
    },
  };
  tl = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-import' });
  voor = await tellingen();
  eerste = await importeer(HISTORIE);
});
afterAll(() => app.stop());

const casusVan = (bronId: string): string => eerste.dossiers.find((d) => d.bronId === bronId)!.casusId!;

describe('historie importeren', () => {
  it('laadt elk dossier als één casus; een geweigerd dossier laat niets achter en zegt welke stap waarom', async () => {
    expect(eerste).toMatchObject({ geimporteerd: 4, alGeimporteerd: 0, geweigerd: 1 });
    const slecht = eerste.dossiers.find((d) => d.bronId === 'OUD-2022-005')!;
    expect(slecht).toMatchObject({ status: 'GEWEIGERD', casusId: null });
    expect(slecht.fouten).toEqual([expect.objectContaining({ stap: 1, melding: null, code: 'VEREISTE_ONTBREEKT' })]);
    const na = await tellingen();
    expect(na.casus - voor.casus).toBe(4);
    expect(na.melding - voor.melding).toBe(4);
    expect(na.historie_import).toBe(4);

    const [a] = await app.sql(`select fase, geopend_op, gesloten_op, geregistreerd_op from casus where id = $1`, [
      casusVan('OUD-2023-001'),
    ]);
    expect(a).toMatchObject({
      fase: 'AFGESLOTEN',
      geopend_op: new Date('2023-03-14T09:00:00Z'),
      gesloten_op: new Date('2023-05-10T08:00:00Z'),
      geregistreerd_op: TEST_NU,
    });
    const [b] = await app.sql(`select fase from casus where id = $1`, [casusVan('OUD-2024-002')]);
    expect(b.fase).toBe('MONITORING');
  });

  it('legt verstreken termijnen vast als historisch: geen herinnering, geen escalatie, niet overschreden', async () => {
    const historisch = await app.sql(
      `select t.id::text as id, t.soort, t.status from termijn t where t.casus_id = any($1::uuid[]) and t.historisch`,
      [eerste.dossiers.filter((d) => d.casusId).map((d) => d.casusId)],
    );
    const open = historisch.filter((t) => t.status === 'OPEN').map((t) => t.soort);
    // The onderzoek of December 2025 and the 12-month monitoring of 2024 had ended before the import.
    expect(open).toEqual(expect.arrayContaining(['ONDERZOEK', 'MONITORING_12_MAANDEN']));
    expect(eerste.dossiers.find((d) => d.bronId === 'OUD-2025-003')!.historischeTermijnen).toBeGreaterThan(0);
    // The reconciler does not plan them, and a job that runs anyway writes nothing.
    const gepland = await app.orm.em
      .getConnection()
      .execute<{ id: string }[]>(AFSTEM_PAGINA_SQL, [
        new Date('2100-01-01'),
        new Date(0),
        '00000000-0000-0000-0000-000000000000',
      ]);
    const ids = new Set(gepland.map((r) => r.id));
    for (const t of historisch) {
      expect(ids.has(t.id as string)).toBe(false);
      if (t.status === 'OPEN') {
        expect(await escaleerJob.verwerk(deps, { termijnId: t.id as string })).toBe('historisch');
        expect(await herinnerJob.verwerk(deps, { termijnId: t.id as string })).toBe('historisch');
      }
    }
    const [n] = await app.sql(`select count(*)::int as n from notificatie`);
    expect(n.n).toBe(0);
    // The teamleider's overview does not count them as overdue now.
    const o = await app.gql<{ termijnOverzicht: { overschreden: number } }>(
      tl,
      `{ termijnOverzicht(binnenWerkdagen: 60) { overschreden } }`,
    );
    expect(o.body.data!.termijnOverzicht.overschreden).toBe(0);
    // What had not ended yet (the onderzoek of February 2026) is planned as usual.
    const [nieuw] = await app.sql(
      `select historisch, vervaldatum::text as v from termijn where casus_id = $1 and soort = 'ONDERZOEK'`,
      [casusVan('OUD-2026-004')],
    );
    expect(nieuw).toMatchObject({ historisch: false, v: '2026-04-29' });
  });

  it('de analist ziet de cijfers in de maanden waarin ze gebeurden', async () => {
    await analyseVerversenJob.verwerk(deps, {});
    const maanden = async (sql: string): Promise<Record<string, number>> =>
      Object.fromEntries((await app.sql(sql)).map((r) => [r.maand as string, r.n as number]));
    expect(
      await maanden(
        `select to_char(maand, 'YYYY-MM') as maand, sum(aantal)::int as n from analyse_casus where vt_organisatie = 'VT14' group by 1 order by 1`,
      ),
    ).toEqual({ '2023-03': 1, '2024-06': 1, '2025-12': 1, '2026-02': 1 });
    expect(
      await maanden(
        `select to_char(maand, 'YYYY-MM') as maand, sum(aantal)::int as n from analyse_dienst where vt_organisatie = 'VT14' group by 1 order by 1`,
      ),
    ).toEqual({ '2023-05': 1, '2024-08': 1 });
    expect(
      await maanden(
        `select to_char(maand, 'YYYY-MM') || ' ' || hoedanigheid_melder as maand, sum(aantal)::int as n from analyse_melding where vt_organisatie = 'VT14' group by 1 order by 1`,
      ),
    ).toEqual({
      '2023-03 BEROEPSMATIG': 1,
      '2024-06 ONBEKEND': 1,
      '2025-12 BEROEPSMATIG': 1,
      '2026-02 BEROEPSMATIG': 1,
    });
  });

  it('opnieuw importeren verandert niets; een gewijzigd dossier onder hetzelfde bronId wordt geweigerd', async () => {
    const [audit] = await app.sql(
      `select count(*)::int as n from audit_gebeurtenis where gebeurtenis = 'HISTORIE_IMPORTEREN'`,
    );
    expect(audit.n).toBe(4);
    const voorHerhaling = await tellingen();
    const nog = await importeer(HISTORIE);
    expect(nog).toMatchObject({ geimporteerd: 0, alGeimporteerd: 4, geweigerd: 1 });
    expect(nog.dossiers.filter((d) => d.casusId).map((d) => d.casusId)).toEqual(
      eerste.dossiers.filter((d) => d.casusId).map((d) => d.casusId),
    );
    expect(await tellingen()).toEqual(voorHerhaling);

    const anders = [{ ...HISTORIE[0], meldingen: [{ ...(HISTORIE[0].meldingen as object[])[0], kanaal: 'CHAT' }] }];
    const r = await importeer(anders);
    expect(r.dossiers[0]).toMatchObject({
      status: 'GEWEIGERD',
      fouten: [expect.objectContaining({ code: 'ANDERE_INHOUD' })],
    });
    expect(await tellingen()).toEqual(voorHerhaling);
  });

  it('weigert stappen in de verkeerde volgorde en een dossier over een lopende casus heen', async () => {
    const bsn = geldigBsn();
    const persoon = { rollen: ['KIND', 'SLACHTOFFER'], persoon: { bsn, voornamen: 'Kim', achternaam: 'Visser' } };
    const r = await importeer([
      {
        bronId: 'OUD-VOLGORDE',
        meldingen: [melding('2024-01-08T10:00:00+01:00', { betrokkenen: [persoon] })],
        stappen: [
          beoordeling('2024-01-10T10:00:00+01:00', 'ONDERZOEK'),
          { plaatsgevondenOp: '2024-01-09T10:00:00+01:00', overgang: { naar: 'AFGESLOTEN', toelichting: 'x' } },
        ],
      },
      {
        bronId: 'OUD-LEEG',
        meldingen: [melding('2024-01-08T10:00:00+01:00')],
        stappen: [{ plaatsgevondenOp: '2024-01-09T10:00:00+01:00' }],
      },
    ]);
    // Steps are taken in time order: the closing on the 9th comes before the assessment and is refused by the table.
    expect(r.dossiers[0].fouten[0]).toMatchObject({ stap: 1, code: 'OVERGANG_NIET_TOEGESTAAN' });
    expect(r.dossiers[1].fouten[0]).toMatchObject({ stap: 0, code: 'EEN_SOORT_PER_STAP' });

    const mw = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-1' });
    const live = await app.gql(mw, `mutation R($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id } }`, {
      i: meldingInvoer({ betrokkenen: [persoon] }),
    });
    expect(live.body.errors).toBeUndefined();
    const over = await importeer([
      { bronId: 'OUD-OVER-LOPEND', meldingen: [melding('2024-01-08T10:00:00+01:00', { betrokkenen: [persoon] })] },
    ]);
    expect(over.dossiers[0]).toMatchObject({
      status: 'GEWEIGERD',
      fouten: [expect.objectContaining({ melding: 0, code: 'BESTAANDE_CASUS' })],
    });
  });

  it('alleen teamleider en functioneel beheerder importeren: een medewerker kent de operatie niet eens', async () => {
    const mw = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-1' });
    const r = await app.gql(mw, IMPORT, { invoer: { dossiers: HISTORIE.slice(0, 1) } });
    expect(r.body.errors?.[0].message).toMatch(/HistorieImportInvoer|historieImporteren/);
    const fb = await app.token('FUNCTIONEEL_BEHEERDER', 'VT14', { sub: 'fb-1' });
    const nog = await app.gql<{ historieImporteren: Resultaat }>(fb, IMPORT, {
      invoer: { dossiers: HISTORIE.slice(0, 1) },
    });
    expect(nog.body.errors).toBeUndefined();
    expect(nog.body.data!.historieImporteren.dossiers[0].status).toBe('AL_GEIMPORTEERD');
  });
});
