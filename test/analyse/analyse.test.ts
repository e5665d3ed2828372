import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { analyseVerversenJob, synchroniseerFeestdagen } from '../../src/analyse/jobs/analyse-verversen.job';
import { ROLLUPS } from '../../src/analyse/rollups';
import { Werkkalender } from '../../src/termijnen/kalender';
import type { JobDeps } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import { meldingInvoer, REGISTREER } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';
import { termijnActies } from '../../src/modules';

/**
 * Generated data with known counts (inserted as SQL; the rollups see only what is committed):
 * - VT14, gemeente Hilversum (GM0402), beroepsmatig/onderwijs, kindermishandeling: 23 in Jan 2025, 17 in Apr 2025,
 *   40 in Aug 2025. The 23 of January are assessed k = i % 5 working days after receipt (k = 0..4: 5,5,5,4,4),
 *   within the termijn when k <= 3 (19 of 23).
 * - VT14, Huizen (GM0406), niet beroepsmatig, (ex-)partnergeweld: 3 in Feb 2025 (a small cell).
 * - VT09, Utrecht (GM0344), politie, kindermishandeling and (ex-)partnergeweld: 30 in Mar 2025.
 */
let app: TestApp;
let deps: JobDeps;
const tokens: Record<string, string> = {};
const VERVERST = new Date('2026-03-10T09:00:00Z');

async function meldingen(
  n: number,
  o: {
    regio: string;
    gemeente: string;
    maand: string;
    hoedanigheid: string;
    organisatie: string;
    aard: string[];
    beoordeeld?: boolean;
    casus?: string;
  },
): Promise<void> {
  await app.sql(
    `insert into melding (id, vt_organisatie, ontvangen_op, kanaal, aard_geweld, duur_geweld, omschrijving, hoedanigheid_melder, organisatie_melder,
                          geregistreerd_door, geregistreerd_op, gemeente, eerdere_betrokkenheid, casus_id)
     select gen_random_uuid(), $1, ($3 || '-06T10:00:00+01:00')::timestamptz, 'TELEFOON', $6::text[], 'ONBEKEND', 'testdata', $4, $5, 'test', now(), $2,
            case when i % 2 = 0 then 'EERSTE_MELDING' else 'HERMELDING' end, $8::uuid
       from generate_series(0, $7 - 1) i`,
    [o.regio, o.gemeente, o.maand, o.hoedanigheid, o.organisatie, o.aard, n, o.casus ?? null],
  );
}

beforeAll(async () => {
  app = await startTestApp();
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
  await app.partner('GM0402', 'GEMEENTE');
  await app.partner('MIN-VWS', 'LANDELIJK');
  const casus = '00000000-0000-4000-8000-000000000014';
  await app.sql(
    `insert into casus (id, vt_organisatie, fase, geopend_op) values ($1, 'VT14', 'VEILIGHEIDSBEOORDELING', '2025-01-06T10:00:00+01:00')`,
    [casus],
  );
  const kind = { hoedanigheid: 'BEROEPSMATIG', organisatie: 'ONDERWIJS', aard: ['KINDERMISHANDELING'] };
  await meldingen(23, { regio: 'VT14', gemeente: 'GM0402', maand: '2025-01', ...kind, casus });
  await meldingen(17, { regio: 'VT14', gemeente: 'GM0402', maand: '2025-04', ...kind });
  await meldingen(40, { regio: 'VT14', gemeente: 'GM0402', maand: '2025-08', ...kind });
  await meldingen(3, {
    regio: 'VT14',
    gemeente: 'GM0406',
    maand: '2025-02',
    hoedanigheid: 'NIET_BEROEPSMATIG',
    organisatie: 'NIET_VAN_TOEPASSING',
    aard: ['EX_PARTNERGEWELD'],
  });
  await meldingen(30, {
    regio: 'VT09',
    gemeente: 'GM0344',
    maand: '2025-03',
    hoedanigheid: 'BEROEPSMATIG',
    organisatie: 'POLITIE',
    aard: ['KINDERMISHANDELING', 'EX_PARTNERGEWELD'],
  });
  // The January meldingen (Monday 6 January) assessed k = i % 5 working days later.
  await app.sql(
    `insert into veiligheidsbeoordeling (melding_id, vt_organisatie, casus_id, taxatie, uitkomst, toelichting, beoordeeld_op, beoordeeld_door, binnen_termijn)
     select m.id, 'VT14', m.casus_id, 'STRUCTURELE_ONVEILIGHEID', 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS', 'test', m.ontvangen_op + make_interval(days => (r.i % 5)::int), 'test', r.i % 5 <= 3
       from melding m join (select id, row_number() over (order by id) - 1 as i from melding where casus_id = $1) r on r.id = m.id`,
    [casus],
  );
  // 12 finished onderzoeken of that casus, 8..19 weeks long (started Monday 6 January); 2 closed early; outcome per
  // aard: bevestigd for 10, weerlegd for 2.
  await app.sql(
    `with d as (
       insert into dienst (id, casus_id, vt_organisatie, soort, gestart_op, beeindigd_op, uitkomst, voortijdig_afgesloten, verantwoordelijke)
       select gen_random_uuid(), $1, 'VT14', 'ONDERZOEK', '2025-01-06T10:00:00+01:00'::timestamptz,
              '2025-01-06T10:00:00+01:00'::timestamptz + make_interval(weeks => (i + 8)::int), 'AFGEROND', i >= 10, 'test'
         from generate_series(0, 11) i returning id, voortijdig_afgesloten)
     insert into onderzoek_uitkomst (dienst_id, vt_organisatie, aard_geweld, uitkomst)
     select id, 'VT14', 'KINDERMISHANDELING', case when voortijdig_afgesloten then 'WEERLEGD' else 'BEVESTIGD' end from d`,
    [casus],
  );
  app.clock.set(VERVERST);
  await analyseVerversenJob.verwerk(deps, {});
  tokens.vt14 = await app.token('ANALIST', 'VT14', { sub: 'analist-vt14' });
  tokens.vt09 = await app.token('ANALIST', 'VT09', { sub: 'analist-vt09' });
  tokens.gemeente = await app.token('ANALIST', 'GM0402', { sub: 'analist-hilversum' });
  tokens.landelijk = await app.token('ANALIST', 'MIN-VWS', { sub: 'analist-vws' });
});
afterAll(() => app.stop());

const VRAAG = `query($v: AnalyseVraag!) { analyse(vraag: $v) {
  ververstOp onderdrukt afronding drempel versheid { rollup ververstOp }
  cellen { coordinaten { dimensie waarde } aantal onderdrukt reden waarden { maat waarde } }
  totalen { coordinaten { dimensie waarde } aantal onderdrukt reden }
} }`;
type Cel = {
  coordinaten: { dimensie: string; waarde: string }[];
  aantal: number | null;
  onderdrukt: boolean;
  reden: string | null;
  waarden?: { maat: string; waarde: number | null }[];
};
type Antwoord = {
  analyse: {
    ververstOp: string | null;
    onderdrukt: number;
    afronding: number;
    drempel: number;
    versheid: { rollup: string; ververstOp: string }[];
    cellen: Cel[];
    totalen: Cel[];
  };
};

async function vraag(token: string, v: Record<string, unknown>) {
  return app.gql<Antwoord>(token, VRAAG, { v });
}
/** Cells as "coordinate values joined by |" → published count (or "." when suppressed). */
function alsKaart(cellen: Cel[]): Record<string, number | string> {
  return Object.fromEntries(
    cellen.map((c) => [
      c.coordinaten.map((k) => k.waarde).join('|') || 'totaal',
      c.onderdrukt ? '.' : (c.aantal as number),
    ]),
  );
}

describe('analyse: ad-hocvragen uit de rollups', () => {
  it('de cellen zijn de waarheid na afronding op 5; een kleine cel komt onderdrukt terug met de reden', async () => {
    const r = await vraag(tokens.vt14, {
      maten: ['MELDINGEN'],
      dimensies: ['PERIODE', 'GEMEENTE'],
      periodeindeling: 'MAAND',
    });
    expect(r.body.errors).toBeUndefined();
    const a = r.body.data!.analyse;
    const kaart = alsKaart(a.cellen);
    const waarheid: Record<string, number> = {
      '2025-01|GM0402': 23,
      '2025-04|GM0402': 17,
      '2025-08|GM0402': 40,
      '2025-02|GM0406': 3,
    };
    expect(Object.keys(kaart).sort()).toEqual(Object.keys(waarheid).sort());
    // Every published cell is the truth rounded to 5 (halves up); the small one is suppressed as such, and secondary
    // suppression hides at least one more so that no published total gives it away.
    for (const c of a.cellen) {
      const k = c.coordinaten.map((x) => x.waarde).join('|');
      if (!c.onderdrukt) expect(c.aantal, k).toBe(Math.round(waarheid[k] / 5) * 5);
    }
    expect(kaart['2025-01|GM0402']).toBe(25); // 23
    expect(kaart['2025-08|GM0402']).toBe(40);
    expect(kaart['2025-02|GM0406']).toBe('.'); // 3 < drempel 10
    expect(a.cellen.find((c) => c.coordinaten.some((k) => k.waarde === 'GM0406'))!.reden).toBe('KLEINE_CEL');
    expect(a.cellen.filter((c) => c.reden === 'AFLEIDBAAR_UIT_TOTAAL').length).toBeGreaterThanOrEqual(1);
    const perGemeente = alsKaart(
      a.totalen.filter((t) => t.coordinaten.length === 1 && t.coordinaten[0].dimensie === 'GEMEENTE'),
    );
    // Huizen's total is small; Hilversum's (80) would give it away against the grand total (83 → 85), so it goes too.
    expect(perGemeente).toEqual({ GM0402: '.', GM0406: '.' });
    expect(alsKaart(a.totalen.filter((t) => t.coordinaten.length === 0))).toEqual({ totaal: 85 });
    expect(a.onderdrukt).toBeGreaterThanOrEqual(1);
    expect(a.afronding).toBe(5);
    expect(a.drempel).toBe(10);
    // No cell of another region.
    expect(Object.keys(kaart).some((k) => k.includes('GM0344'))).toBe(false);
  });

  it('periode-indelingen: jaar, halfjaar, kwartaal, maand', async () => {
    const perIndeling = async (periodeindeling: string) =>
      alsKaart(
        (await vraag(tokens.vt14, { maten: ['MELDINGEN'], dimensies: ['PERIODE'], periodeindeling })).body.data!.analyse
          .cellen,
      );
    expect(await perIndeling('JAAR')).toEqual({ 2025: 85 }); // 83
    expect(await perIndeling('HALFJAAR')).toEqual({ '2025-H1': 45, '2025-H2': 40 }); // 43, 40
    expect(await perIndeling('KWARTAAL')).toEqual({ '2025-K1': 25, '2025-K2': 15, '2025-K3': 40 }); // 26, 17, 40
    const maand = await perIndeling('MAAND');
    // February (3) is small; April (17) is suppressed with it, or February would follow from the total.
    expect(maand).toEqual({ '2025-01': 25, '2025-02': '.', '2025-04': '.', '2025-08': 40 });
  });

  it('een filter waarvan het weggelaten deel klein is, verraadt dat deel niet door het verschil', async () => {
    // Without the filter: 83 meldingen in 2025; with GEMEENTE = GM0402: 80. The difference would be Huizen's 3.
    const r = await vraag(tokens.vt14, {
      maten: ['MELDINGEN'],
      dimensies: ['PERIODE'],
      periodeindeling: 'JAAR',
      filters: [{ dimensie: 'GEMEENTE', waarden: ['GM0402'] }],
    });
    const cel = r.body.data!.analyse.cellen[0];
    expect(cel).toMatchObject({ aantal: null, onderdrukt: true, reden: 'AFLEIDBAAR_UIT_VERSCHIL' });
  });

  it('ook wanneer de gefilterde dimensie zelf een indeling is, naast een periodebereik (één scan voor antwoord en complementen)', async () => {
    // Grouped by gemeente, filtered on GM0402 and on 2025: the excluded part of the gemeente filter is Huizen's 3,
    // summed over gemeente, so it is the grand total that the difference would give away.
    const r = await vraag(tokens.vt14, {
      maten: ['MELDINGEN'],
      dimensies: ['GEMEENTE'],
      filters: [{ dimensie: 'GEMEENTE', waarden: ['GM0402'] }],
      periode: { vanaf: '2025-01', totEnMet: '2025-12' },
    });
    expect(r.body.errors).toBeUndefined();
    const a = r.body.data!.analyse;
    expect(a.totalen).toHaveLength(1);
    expect(a.totalen[0]).toMatchObject({ aantal: null, onderdrukt: true, reden: 'AFLEIDBAAR_UIT_VERSCHIL' });
    // Its only cell equals the total, so it goes too.
    expect(alsKaart(a.cellen)).toEqual({ GM0402: '.' });
  });

  it('een periodebereik beperkt de maanden', async () => {
    const r = await vraag(tokens.vt14, {
      maten: ['MELDINGEN'],
      dimensies: ['GEMEENTE'],
      periode: { vanaf: '2025-04', totEnMet: '2025-12' },
    });
    expect(alsKaart(r.body.data!.analyse.cellen)).toEqual({ GM0402: 55 }); // 17 + 40 = 57
  });

  it('mediaan en p90 van de werkdagen tot de beoordeling en het aandeel binnen termijn, uit de histogrammen', async () => {
    const r = await vraag(tokens.vt14, {
      maten: ['MELDINGEN', 'DUUR_TOT_BEOORDELING_MEDIAAN', 'DUUR_TOT_BEOORDELING_P90', 'AANDEEL_BINNEN_TERMIJN'],
      dimensies: ['PERIODE'],
      periodeindeling: 'MAAND',
      filters: [{ dimensie: 'GEMEENTE', waarden: ['GM0402'] }],
    });
    expect(r.body.errors).toBeUndefined();
    const jan = r.body.data!.analyse.cellen.find((c) => c.coordinaten[0].waarde === '2025-01')!;
    const w = Object.fromEntries(jan.waarden!.map((x) => [x.maat, x.waarde]));
    expect(w).toEqual({ DUUR_TOT_BEOORDELING_MEDIAAN: 2, DUUR_TOT_BEOORDELING_P90: 4, AANDEEL_BINNEN_TERMIJN: 0.826 });
    // Not yet assessed: no duration.
    const aug = r.body.data!.analyse.cellen.find((c) => c.coordinaten[0].waarde === '2025-08')!;
    expect(aug.waarden!.every((x) => x.waarde === null)).toBe(true);
  });

  it('aard geweld telt een melding met twee aarden onder beide (CBS 84850)', async () => {
    const r = await vraag(tokens.vt09, { maten: ['MELDINGEN'], dimensies: ['AARD_GEWELD'] });
    expect(alsKaart(r.body.data!.analyse.cellen)).toEqual({ KINDERMISHANDELING: 30, EX_PARTNERGEWELD: 30 });
  });

  it('vragen naar melder, beoordeling en eerdere betrokkenheid komen uit de kleine rollups, met dezelfde waarheid', async () => {
    const uit = async (t: string, v: Record<string, unknown>) => {
      const r = await vraag(t, { maten: ['MELDINGEN'], ...v });
      expect(r.body.errors).toBeUndefined();
      const a = r.body.data!.analyse;
      return { rollup: a.versheid[0].rollup, kaart: alsKaart(a.cellen) };
    };
    // 80 onderwijs (VT14), 30 politie (VT09), 3 niet beroepsmatig (small; politie goes with it, or the 3 would follow
    // from the total of BEROEPSMATIG).
    expect(await uit(tokens.landelijk, { dimensies: ['HOEDANIGHEID_MELDER', 'ORGANISATIE_MELDER'] })).toEqual({
      rollup: 'analyse_melding_melder',
      kaart: {
        'BEROEPSMATIG|ONDERWIJS': 80,
        'BEROEPSMATIG|POLITIE': '.',
        'NIET_BEROEPSMATIG|NIET_VAN_TOEPASSING': '.',
      },
    });
    // The 23 assessed in January (→ 25); 17 + 40 + 3 = 60 not yet.
    expect(await uit(tokens.vt14, { dimensies: ['VB_UITKOMST', 'TAXATIE'] })).toEqual({
      rollup: 'analyse_melding_vb',
      kaart: { 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS|STRUCTURELE_ONVEILIGHEID': 25, 'NOG_NIET|NOG_NIET': 60 },
    });
    expect(
      await uit(tokens.vt09, { dimensies: ['PERIODE', 'EERDERE_BETROKKENHEID'], periodeindeling: 'JAAR' }),
    ).toEqual({
      rollup: 'analyse_melding_eerder',
      kaart: { '2025|EERSTE_MELDING': 15, '2025|HERMELDING': 15 },
    });
    expect(
      await uit(tokens.vt09, {
        dimensies: ['GEMEENTE'],
        filters: [{ dimensie: 'HOEDANIGHEID_MELDER', waarden: ['BEROEPSMATIG'] }],
      }),
    ).toEqual({
      rollup: 'analyse_melding_gemeente_hoedanigheid',
      kaart: { GM0344: 30 },
    });
    // A gemeente's analyst is scoped on gemeente: only a rollup with that column will do.
    expect(await uit(tokens.gemeente, { dimensies: ['HOEDANIGHEID_MELDER'] })).toEqual({
      rollup: 'analyse_melding_gemeente_hoedanigheid',
      kaart: { BEROEPSMATIG: 80 },
    });
    expect(await uit(tokens.gemeente, { dimensies: ['ORGANISATIE_MELDER'] })).toEqual({
      rollup: 'analyse_melding',
      kaart: { ONDERWIJS: 80 },
    });
    // The histogram summed per bucket: the same median, p90 and share as from analyse_melding (see above).
    const r = await vraag(tokens.vt14, {
      maten: ['DUUR_TOT_BEOORDELING_MEDIAAN', 'DUUR_TOT_BEOORDELING_P90', 'AANDEEL_BINNEN_TERMIJN'],
      dimensies: ['VB_UITKOMST'],
    });
    expect(r.body.data!.analyse.versheid[0].rollup).toBe('analyse_melding_vb');
    const vb = r.body.data!.analyse.cellen.find((c) => c.coordinaten[0].waarde === 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS')!;
    expect(Object.fromEntries(vb.waarden!.map((x) => [x.maat, x.waarde]))).toEqual({
      DUUR_TOT_BEOORDELING_MEDIAAN: 2,
      DUUR_TOT_BEOORDELING_P90: 4,
      AANDEEL_BINNEN_TERMIJN: 0.826,
    });
  });

  it('bereik per soort analist: regio, gemeente, landelijk', async () => {
    const perRegio = async (t: string) =>
      alsKaart((await vraag(t, { maten: ['MELDINGEN'], dimensies: ['REGIO'] })).body.data!.analyse.cellen);
    expect(await perRegio(tokens.vt14)).toEqual({ VT14: 85 }); // 83
    expect(await perRegio(tokens.vt09)).toEqual({ VT09: 30 });
    expect(await perRegio(tokens.landelijk)).toEqual({ VT14: 85, VT09: 30 });
    expect(await perRegio(tokens.gemeente)).toEqual({ VT14: 80 }); // only Hilversum's meldingen
  });

  it('een andere regio of gemeente vragen is FORBIDDEN', async () => {
    const r = await vraag(tokens.vt14, { maten: ['MELDINGEN'], filters: [{ dimensie: 'REGIO', waarden: ['VT09'] }] });
    expect(r.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const g = await vraag(tokens.gemeente, {
      maten: ['MELDINGEN'],
      filters: [{ dimensie: 'GEMEENTE', waarden: ['GM0406'] }],
    });
    expect(g.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('een persoonsveld of een zaak vragen is een validatiefout van het schema', async () => {
    const melding = await app.gql(tokens.vt14, `{ meldingen(eerste: 1) { edges { node { id } } } }`);
    expect(melding.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const bsn = await app.gql(tokens.vt14, `{ analyse(vraag: { maten: [MELDINGEN] }) { cellen { bsn } } }`);
    expect(bsn.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const vt = await app.token('VT_MEDEWERKER', 'VT14');
    const nietAnalist = await app.gql(vt, `{ analyse(vraag: { maten: [MELDINGEN] }) { onderdrukt } }`);
    expect(nietAnalist.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('een onmogelijke combinatie geeft BAD_USER_INPUT met een vaste code', async () => {
    const r = await vraag(tokens.vt14, { maten: ['MELDINGEN'], dimensies: ['AARD_GEWELD', 'VB_UITKOMST'] });
    expect(r.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((r.body.errors?.[0].extensions?.fouten as { code: string }[])[0].code).toBe('DIMENSIE_NIET_BESCHIKBAAR');
    const d = await vraag(tokens.vt14, { maten: ['ADVIEZEN'], dimensies: ['DIENST'] });
    expect((d.body.errors?.[0].extensions?.fouten as { code: string }[])[0].code).toBe('DIMENSIE_NIET_BESCHIKBAAR');
    const m = await vraag(tokens.vt14, { maten: ['MELDINGEN', 'ADVIEZEN'] });
    expect((m.body.errors?.[0].extensions?.fouten as { code: string }[])[0].code).toBe('MATEN_ONVERENIGBAAR');
  });

  it('het antwoord noemt de versheid van de rollup', async () => {
    const a = (await vraag(tokens.vt14, { maten: ['MELDINGEN'] })).body.data!.analyse;
    expect(a.ververstOp).toBe(VERVERST.toISOString());
    expect(a.versheid).toEqual([{ rollup: 'analyse_melding_gemeente', ververstOp: VERVERST.toISOString() }]);
  });

  it('elke vraag wordt geaudit: wie, de vraag als JSON, de gepubliceerde aantallen', async () => {
    await app.sql(`select 1`);
    const voor = await app.sql(`select count(*)::int as n from audit_gebeurtenis where object_type = 'Analyse'`);
    await vraag(tokens.vt09, { maten: ['MELDINGEN'], dimensies: ['REGIO'] });
    const regels = await app.sql(
      `select * from audit_gebeurtenis where object_type = 'Analyse' order by id desc limit 1`,
    );
    const na = await app.sql(`select count(*)::int as n from audit_gebeurtenis where object_type = 'Analyse'`);
    expect((na[0].n as number) - (voor[0].n as number)).toBe(1);
    expect(regels[0]).toMatchObject({
      gebeurtenis: 'ANALYSE_VRAAG',
      actie: 'R',
      gebruiker: 'analist-vt09',
      rol: 'ANALIST',
      organisatie: 'VT09',
      vt_organisatie: 'VT09',
      persoon_ids: [],
    });
    expect(JSON.parse(regels[0].object_id as string)).toMatchObject({ maten: ['MELDINGEN'], dimensies: ['REGIO'] });
    expect(regels[0].velden).toContain('regio=VT09:30');
  });

  it('verversen is idempotent en neemt nieuwe meldingen mee', async () => {
    const tel = async () =>
      alsKaart((await vraag(tokens.vt09, { maten: ['MELDINGEN'] })).body.data!.analyse.cellen).totaal;
    expect(await tel()).toBe(30);
    await meldingen(10, {
      regio: 'VT09',
      gemeente: 'GM0344',
      maand: '2025-05',
      hoedanigheid: 'BEROEPSMATIG',
      organisatie: 'POLITIE',
      aard: ['KINDERMISHANDELING'],
    });
    expect(await tel()).toBe(30); // not yet refreshed
    await analyseVerversenJob.verwerk(deps, {});
    expect(await tel()).toBe(40);
    const r = (await analyseVerversenJob.verwerk(deps, {})) as { ververst: Record<string, number> };
    expect(Object.keys(r.ververst)).toHaveLength(15);
    expect(Object.keys(r.ververst)).toEqual(
      expect.arrayContaining([
        'analyse_melding_eerder',
        'analyse_melding_vb',
        'analyse_melding_melder',
        'analyse_melding_gemeente_hoedanigheid',
      ]),
    );
    expect(await tel()).toBe(40);
    const v = await app.sql(`select count(*)::int as n from analyse_verversing`);
    expect(v[0].n).toBe(15);
    // Refreshed views have planner statistics (ANALYZE after REFRESH; an empty view would have none).
    const metStatistiek = await app.sql(
      `select distinct tablename from pg_stats where tablename like 'analyse\\_melding%' order by 1`,
    );
    expect(metStatistiek.map((x) => x.tablename)).toEqual([
      'analyse_melding',
      'analyse_melding_aard',
      'analyse_melding_eerder',
      'analyse_melding_gemeente',
      'analyse_melding_gemeente_hoedanigheid',
      'analyse_melding_melder',
      'analyse_melding_vb',
    ]);
    // Two workers at once: each view is refreshed by one of them, the other skips it; nothing fails.
    const [x, y] = (await Promise.all([
      analyseVerversenJob.verwerk(deps, {}),
      analyseVerversenJob.verwerk(deps, {}),
    ])) as { ververst: Record<string, number>; overgeslagen: string[] }[];
    expect(Object.keys(x.ververst).length + Object.keys(y.ververst).length).toBeGreaterThanOrEqual(15);
    expect(await tel()).toBe(40);
  });

  it('de rollups zijn van ketenpoort_ververser; ketenpoort_analist kan geen zaaktabel lezen', async () => {
    // Tables since migration 38 (maintained per slice), as the views were before.
    const eigenaren = await app.sql(
      `select distinct tableowner as matviewowner from pg_tables where tablename = any($1)`,
      [[...ROLLUPS]],
    );
    expect(eigenaren).toEqual([{ matviewowner: 'ketenpoort_ververser' }]);
    await app.sql('begin');
    try {
      await app.sql('set local role ketenpoort_analist');
      await expect(app.sql('select count(*) from melding')).rejects.toThrow(/permission denied/);
    } finally {
      await app.sql('rollback');
    }
  });

  it('de analistenrol leest alleen de rollups', async () => {
    const rechten = await app.sql(
      `select table_name from information_schema.role_table_grants where grantee = 'ketenpoort_analist' and privilege_type = 'SELECT' order by 1`,
    );
    for (const r of rechten) expect(r.table_name as string).toMatch(/^analyse_/);
    expect(rechten.map((r) => r.table_name)).not.toContain('melding');
  });

  it('afgeronde onderzoeken, niet voortijdig, duur in weken en uitkomsten; casussen', async () => {
    const jaar = { dimensies: ['PERIODE'], periodeindeling: 'JAAR' };
    const r = await vraag(tokens.vt14, {
      maten: ['AFGERONDE_ONDERZOEKEN', 'DUUR_DIENST_MEDIAAN_WEKEN', 'DUUR_DIENST_P90_WEKEN'],
      ...jaar,
    });
    expect(r.body.errors).toBeUndefined();
    const cel = r.body.data!.analyse.cellen[0];
    expect(cel.aantal).toBe(10); // 12
    expect(Object.fromEntries(cel.waarden!.map((w) => [w.maat, w.waarde]))).toEqual({
      DUUR_DIENST_MEDIAAN_WEKEN: 13,
      DUUR_DIENST_P90_WEKEN: 18,
    });
    expect(
      (await vraag(tokens.vt14, { maten: ['AFGERONDE_ONDERZOEKEN_NIET_VOORTIJDIG'], ...jaar })).body.data!.analyse
        .cellen[0].aantal,
    ).toBe(10);
    const u = await vraag(tokens.vt14, {
      maten: ['ONDERZOEKSUITKOMSTEN'],
      dimensies: ['AARD_GEWELD', 'ONDERZOEK_UITKOMST'],
    });
    expect(alsKaart(u.body.data!.analyse.cellen)).toEqual({
      'KINDERMISHANDELING|BEVESTIGD': '.',
      'KINDERMISHANDELING|WEERLEGD': '.',
    });
    expect(u.body.data!.analyse.cellen.map((c) => c.reden).sort()).toEqual(['AFLEIDBAAR_UIT_TOTAAL', 'KLEINE_CEL']);
    const vv = await vraag(tokens.vt14, { maten: ['AFGERONDE_VV'], ...jaar });
    expect(vv.body.data!.analyse.cellen).toEqual([]);
    const c = await vraag(tokens.vt14, { maten: ['CASUSSEN'], ...jaar });
    expect(c.body.data!.analyse.cellen[0]).toMatchObject({ aantal: null, onderdrukt: true, reden: 'KLEINE_CEL' }); // 1 casus
  });

  it('CBS-tabel 85361 in de vorm van StatLine, en dezelfde tabel als CSV', async () => {
    const q = `query($t: CbsTabel!, $p: AnalysePeriode!, $r: TekstRegel) { cbsTabel(tabel: $t, periode: $p, regio: $r) {
      tabel ververstOp kolommen onderdrukt rijen { periode regio indeling categorie waarden { kolom aantal onderdrukt } } } }`;
    type T = {
      cbsTabel: {
        tabel: string;
        ververstOp: string;
        kolommen: string[];
        rijen: {
          periode: string;
          regio: string;
          indeling: string;
          categorie: string;
          waarden: { kolom: string; aantal: number | null }[];
        }[];
      };
    };
    const r = await app.gql<T>(tokens.vt14, q, {
      t: 'T85361',
      p: { vanaf: '2025-01', totEnMet: '2025-12' },
      r: 'VT14',
    });
    expect(r.body.errors).toBeUndefined();
    const t = r.body.data!.cbsTabel;
    expect(t.kolommen).toEqual(['Ontvangen meldingen']);
    expect(t.ververstOp).toBe(VERVERST.toISOString());
    const rijen = t.rijen.map((x) => [x.periode, x.regio, x.indeling, x.categorie, x.waarden[0]?.aantal]);
    // Truth: H1 43 (23 eerste, 20 her), H2 40 (20, 20).
    expect(rijen).toEqual([
      ['2025-H1', 'VT14', 'TOTAAL', 'TOTAAL', 45],
      ['2025-H1', 'VT14', 'EERDERE_BETROKKENHEID', 'EERSTE_MELDING', 25],
      ['2025-H1', 'VT14', 'EERDERE_BETROKKENHEID', 'HERMELDING', 20],
      ['2025-H2', 'VT14', 'TOTAAL', 'TOTAAL', 40],
      ['2025-H2', 'VT14', 'EERDERE_BETROKKENHEID', 'EERSTE_MELDING', 20],
      ['2025-H2', 'VT14', 'EERDERE_BETROKKENHEID', 'HERMELDING', 20],
    ]);
    const csv = await app.gql<{ cbsTabelCsv: string }>(
      tokens.vt14,
      `query($p: AnalysePeriode!) { cbsTabelCsv(tabel: T85361, periode: $p, regio: "VT14") }`,
      { p: { vanaf: '2025-01', totEnMet: '2025-12' } },
    );
    expect(csv.body.data!.cbsTabelCsv.split('\n').slice(0, 3)).toEqual([
      'Periode;Regio;Indeling;Categorie;Ontvangen meldingen',
      '2025-H1;VT14;TOTAAL;TOTAAL;45',
      '2025-H1;VT14;EERDERE_BETROKKENHEID;EERSTE_MELDING;25',
    ]);
    const andere = await app.gql(tokens.vt14, q, {
      t: 'T85361',
      p: { vanaf: '2025-01', totEnMet: '2025-12' },
      r: 'VT09',
    });
    expect(andere.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('CBS-tabellen 84849, 84850, 84852 en 84853 hebben hun kolommen; een kleine cel is "." in de CSV', async () => {
    const q = `query($t: CbsTabel!) { cbsTabel(tabel: $t, periode: { vanaf: "2025-01", totEnMet: "2025-12" }) { kolommen rijen { indeling categorie waarden { kolom aantal onderdrukt } } } }`;
    type T = {
      cbsTabel: {
        kolommen: string[];
        rijen: {
          indeling: string;
          categorie: string;
          waarden: { kolom: string; aantal: number | null; onderdrukt: boolean }[];
        }[];
      };
    };
    const k = async (t: string) => (await app.gql<T>(tokens.vt14, q, { t })).body.data!.cbsTabel;
    expect((await k('T84849')).kolommen).toEqual(['Gestarte adviezen', 'Ontvangen meldingen']);
    expect((await k('T84850')).kolommen).toEqual([
      'Gestarte adviezen',
      'Ontvangen meldingen',
      'Casussen met ontvangen melding(en)',
      'Afgeronde diensten onderzoek',
      'Afgeronde diensten V&V',
    ]);
    expect((await k('T84853')).kolommen).toEqual([
      'Totaal afgeronde onderzoeken',
      'Niet voortijdig afgesloten',
      'Bevestigd',
      'Niet bevestigd',
      'Weerlegd',
    ]);
    const t84852 = await k('T84852');
    const vb = t84852.rijen.filter((r) => r.indeling === 'VB_UITKOMST').map((r) => r.categorie);
    expect(vb).toEqual(expect.arrayContaining(['VERVOLGSTAPPEN_BIJ_VEILIG_THUIS', 'NOG_NIET']));
    const t84849 = await k('T84849');
    const nietBeroeps = t84849.rijen.find((r) => r.categorie === 'NIET_BEROEPSMATIG')!;
    expect(nietBeroeps.waarden.find((w) => w.kolom === 'Ontvangen meldingen')).toMatchObject({
      aantal: null,
      onderdrukt: true,
    });
    const csv = await app.gql<{ cbsTabelCsv: string }>(
      tokens.vt14,
      `{ cbsTabelCsv(tabel: T84849, periode: { vanaf: "2025-01", totEnMet: "2025-12" }) }`,
    );
    expect(csv.body.data!.cbsTabelCsv).toMatch(/;HOEDANIGHEID_MELDER;NIET_BEROEPSMATIG;[^;\n]*;\.\n/);
  });

  it('een melding krijgt bij registratie de gemeente van de woonplaats', async () => {
    const vt = await app.token('VT_MEDEWERKER', 'VT14');
    const r = await app.gql<{ meldingRegistreren: { id: string } }>(vt, REGISTREER, { invoer: meldingInvoer() });
    expect(r.body.errors).toBeUndefined();
    const rij = await app.sql(`select gemeente from melding where id = $1`, [r.body.data!.meldingRegistreren.id]);
    expect(rij[0].gemeente).toBe('GM0402');
  });

  it('een advies met de gemeente van de cliënt telt mee per gemeente (CBS 84849 per gemeente)', async () => {
    const vt = await app.token('VT_MEDEWERKER', 'VT14');
    const invoer = (gemeente?: string) => ({
      ontvangenOp: '2025-06-03T10:00:00+02:00',
      kanaal: 'TELEFOON',
      hoedanigheidAdviesvrager: 'NIET_BEROEPSMATIG',
      organisatieAdviesvrager: 'NIET_VAN_TOEPASSING',
      aardGeweld: ['EX_PARTNERGEWELD'],
      omschrijving: 'Buurvrouw maakt zich zorgen.',
      ...(gemeente ? { gemeente } : {}),
    });
    for (let i = 0; i < 23; i++) {
      const r = await app.gql(vt, `mutation A($invoer: AdviesInvoer!) { adviesRegistreren(invoer: $invoer) { id } }`, {
        invoer: invoer(i < 11 ? 'GM0406' : 'GM0402'),
      });
      expect(r.body.errors).toBeUndefined();
    }
    await analyseVerversenJob.verwerk(deps, {});
    const r = await vraag(tokens.vt14, {
      maten: ['ADVIEZEN'],
      dimensies: ['GEMEENTE'],
      periode: { vanaf: '2025-06', totEnMet: '2025-06' },
    });
    expect(r.body.errors).toBeUndefined();
    // 11 in Huizen, 12 in Hilversum; without the gemeente they would all be ONBEKEND.
    expect(alsKaart(r.body.data!.analyse.cellen)).toEqual({ GM0406: 10, GM0402: 10 });
    expect(alsKaart(r.body.data!.analyse.totalen)).toEqual({ totaal: 25 }); // 23
    // The same per gemeente in the shape of CBS 84849 (84848 is the VT-regio version): rows by gemeente code.
    type T = {
      cbsTabel: {
        rijen: {
          periode: string;
          regio: string;
          indeling: string;
          waarden: { kolom: string; aantal: number | null }[];
        }[];
      };
    };
    const cbs = await app.gql<T>(
      tokens.vt14,
      `{ cbsTabel(tabel: T84849, gebied: GEMEENTE, periodeindeling: JAAR, periode: { vanaf: "2025-06", totEnMet: "2025-08" }) { rijen { periode regio indeling waarden { kolom aantal } } } }`,
    );
    expect(cbs.body.errors).toBeUndefined();
    const totaal = cbs.body
      .data!.cbsTabel.rijen.filter((x) => x.indeling === 'TOTAAL')
      .map((x) => ({ regio: x.regio, ...Object.fromEntries(x.waarden.map((w) => [w.kolom, w.aantal])) }));
    // Hilversum: 12 adviezen (June) and 40 meldingen (August); Huizen: 11 adviezen, no meldingen in these months.
    expect(totaal).toEqual([
      { regio: 'GM0402', 'Gestarte adviezen': 10, 'Ontvangen meldingen': 40 },
      { regio: 'GM0406', 'Gestarte adviezen': 10 },
    ]);
    const perRegio = await app.gql<T>(
      tokens.vt14,
      `{ cbsTabel(tabel: T84849, periodeindeling: JAAR, periode: { vanaf: "2025-06", totEnMet: "2025-08" }) { rijen { regio indeling } } }`,
    );
    expect(new Set(perRegio.body.data!.cbsTabel.rijen.map((x) => x.regio))).toEqual(new Set(['VT14']));
  });

  it('werkdagen in de analyse tellen zoals de termijnen: zonder weekend en feestdagen, met de ingestelde vrije dagen', async () => {
    const werkdagen = async (van: string, tot: string) =>
      (await app.sql(`select analyse_werkdagen($1::date, $2::date) as n`, [van, tot]))[0].n as number;
    // Christmas 2025: Wednesday 24 → Monday 29 December is one working day (25, 26 holidays; 27, 28 weekend).
    expect(await werkdagen('2025-12-24', '2025-12-29')).toBe(1);
    // Koningsdag 2026 is Monday 27 April.
    expect(await werkdagen('2026-04-24', '2026-04-28')).toBe(1);
    expect(await werkdagen('2025-03-10', '2025-03-10')).toBe(0);
    expect(await werkdagen('2025-03-12', '2025-03-10')).toBe(0);
    // The same as the termijn calendar for 300 random pairs, 2015–2027 (a deterministic sequence).
    const kalender = new Werkkalender(app.config.termijnen.vrijeDagen);
    let x = 12345;
    const volgende = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const paren: [string, string][] = [];
    for (let i = 0; i < 300; i++) {
      const van = new Date(Date.UTC(2015, 0, 1) + Math.floor(volgende() * 12 * 365) * 86_400_000);
      const tot = new Date(van.getTime() + Math.floor(volgende() * 60) * 86_400_000);
      paren.push([van.toISOString().slice(0, 10), tot.toISOString().slice(0, 10)]);
    }
    const sql = await app.sql(
      `select analyse_werkdagen((p->>0)::date, (p->>1)::date)::int as n from jsonb_array_elements($1::jsonb) with ordinality t(p, i) order by i`,
      [JSON.stringify(paren)],
    );
    expect(sql.map((r) => r.n)).toEqual(paren.map(([van, tot]) => kalender.werkdagenTussen(van, tot)));

    // A VT organisation that has Goede Vrijdag off (TERMIJN_VRIJE_DAGEN): the job brings the calendar in line.
    const metGoedeVrijdag = {
      ...deps,
      config: {
        ...app.config,
        termijnen: { ...app.config.termijnen, vrijeDagen: ['bevrijdingsdag', 'goede-vrijdag'] as const },
      },
    };
    expect(await synchroniseerFeestdagen(metGoedeVrijdag)).toMatchObject({ eraf: 0 });
    // Thursday 17 → Tuesday 22 April 2025: Goede Vrijdag, weekend, Tweede Paasdag: one working day.
    expect(await werkdagen('2025-04-17', '2025-04-22')).toBe(1);
    expect(await synchroniseerFeestdagen(metGoedeVrijdag)).toEqual({ erbij: 0, eraf: 0 });
    expect((await synchroniseerFeestdagen(deps)).eraf).toBeGreaterThanOrEqual(10);
    expect(await werkdagen('2025-04-17', '2025-04-22')).toBe(2);
  });

  it('het aandeel gehaalde termijnen per soort termijn (voldaan vóór het einde van de vervaldag; geannuleerd telt niet)', async () => {
    // A casus of VT09 (whose first melding is in Utrecht), so no termijn made by the other tests' meldingen interferes.
    const casus = '00000000-0000-4000-8000-000000000009';
    await app.sql(
      `insert into casus (id, vt_organisatie, fase, geopend_op) values ($1, 'VT09', 'VEILIGHEIDSBEOORDELING', '2025-03-06T10:00:00+01:00')`,
      [casus],
    );
    await app.sql(
      `update melding set casus_id = $1 where id = (select id from melding where vt_organisatie = 'VT09' order by id limit 1)`,
      [casus],
    );
    await app.partner('GM0344', 'GEMEENTE');
    const utrecht = await app.token('ANALIST', 'GM0344', { sub: 'analist-utrecht' });
    const termijnen = (n: number, soort: string, vervaldatum: string, status: string, afgehandeld: string | null) =>
      app.sql(
        `insert into termijn (id, vt_organisatie, casus_id, soort, startdatum, vervaldatum, vervalt_op, herinner_op, status, afgehandeld_op)
         select gen_random_uuid(), 'VT09', $1, $2, $3::date - 7, $3::date, ($3::date + 1)::timestamp at time zone 'Europe/Amsterdam',
                ($3::date - 1)::timestamp at time zone 'Europe/Amsterdam', $4, $5::timestamptz
           from generate_series(1, $6)`,
        [casus, soort, vervaldatum, status, afgehandeld, n],
      );
    // Veiligheidsbeoordeling due Monday 13 January 2025: 10 on time, 2 late.
    await termijnen(10, 'VEILIGHEIDSBEOORDELING', '2025-01-13', 'VOLDAAN', '2025-01-10T12:00:00+01:00');
    await termijnen(2, 'VEILIGHEIDSBEOORDELING', '2025-01-13', 'VOLDAAN', '2025-01-15T12:00:00+01:00');
    // Onderzoek due 17 March 2025: 5 met, 5 still open long after the due day (missed), 1 cancelled (not counted).
    await termijnen(5, 'ONDERZOEK', '2025-03-17', 'VOLDAAN', '2025-03-17T16:00:00+01:00');
    await termijnen(5, 'ONDERZOEK', '2025-03-17', 'OPEN', null);
    await termijnen(1, 'ONDERZOEK', '2025-03-17', 'GEANNULEERD', '2025-02-01T09:00:00+01:00');
    await analyseVerversenJob.verwerk(deps, {});
    const r = await vraag(tokens.vt09, {
      maten: ['TERMIJNEN', 'AANDEEL_TERMIJNEN_GEHAALD'],
      dimensies: ['TERMIJN_SOORT'],
    });
    expect(r.body.errors).toBeUndefined();
    const a = r.body.data!.analyse;
    expect(a.versheid[0].rollup).toBe('analyse_termijn');
    const perSoort = Object.fromEntries(
      a.cellen.map((c) => [c.coordinaten[0].waarde, { aantal: c.aantal, aandeel: c.waarden![0].waarde }]),
    );
    expect(perSoort).toEqual({
      VEILIGHEIDSBEOORDELING: { aantal: 10, aandeel: 0.833 },
      ONDERZOEK: { aantal: 10, aandeel: 0.5 },
    });
    // The gemeente's own analyst sees them too (the gemeente of the casus's first melding).
    const gemeente = await vraag(utrecht, { maten: ['AANDEEL_TERMIJNEN_GEHAALD'], dimensies: ['TERMIJN_SOORT'] });
    expect(gemeente.body.errors).toBeUndefined();
    expect(
      Object.fromEntries(
        gemeente.body.data!.analyse.cellen.map((c) => [c.coordinaten[0].waarde, c.waarden![0].waarde]),
      ),
    ).toEqual({ VEILIGHEIDSBEOORDELING: 0.833, ONDERZOEK: 0.5 });
    // TERMIJN_SOORT goes with termijnen only.
    const fout = await vraag(tokens.vt14, { maten: ['MELDINGEN'], dimensies: ['TERMIJN_SOORT'] });
    expect(fout.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [expect.objectContaining({ code: 'DIMENSIE_NIET_BESCHIKBAAR' })],
    });
  });

  it('casussen en afgeronde diensten per aard geweld (de aarden van de meldingen van de casus), ook in CBS 84850', async () => {
    // The VT14 casus has 23 meldingen of kindermishandeling and 12 finished onderzoeken.
    const onderzoeken = await vraag(tokens.vt14, { maten: ['AFGERONDE_ONDERZOEKEN'], dimensies: ['AARD_GEWELD'] });
    expect(onderzoeken.body.errors).toBeUndefined();
    expect(onderzoeken.body.data!.analyse.versheid[0].rollup).toBe('analyse_dienst_aard');
    expect(alsKaart(onderzoeken.body.data!.analyse.cellen)).toEqual({ KINDERMISHANDELING: 10 }); // 12
    const casussen = await vraag(tokens.vt14, { maten: ['CASUSSEN'], dimensies: ['AARD_GEWELD'] });
    expect(alsKaart(casussen.body.data!.analyse.cellen)).toEqual({ KINDERMISHANDELING: '.' }); // 1
    // A duration by aard is not there (durations live in analyse_dienst, without aard).
    const duur = await vraag(tokens.vt14, {
      maten: ['AFGERONDE_ONDERZOEKEN', 'DUUR_DIENST_MEDIAAN_WEKEN'],
      dimensies: ['AARD_GEWELD'],
    });
    expect(duur.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [expect.objectContaining({ code: 'MATEN_ONVERENIGBAAR' })],
    });
    type T = {
      cbsTabel: {
        rijen: {
          indeling: string;
          categorie: string;
          waarden: { kolom: string; aantal: number | null; onderdrukt: boolean }[];
        }[];
      };
    };
    const t = await app.gql<T>(
      tokens.vt14,
      `{ cbsTabel(tabel: T84850, periodeindeling: JAAR, periode: { vanaf: "2025-01", totEnMet: "2025-12" }) { rijen { indeling categorie waarden { kolom aantal onderdrukt } } } }`,
    );
    const kind = t.body.data!.cbsTabel.rijen.find(
      (r) => r.indeling === 'AARD_GEWELD' && r.categorie === 'KINDERMISHANDELING',
    )!;
    const perKolom = Object.fromEntries(kind.waarden.map((w) => [w.kolom, w.onderdrukt ? '.' : w.aantal]));
    expect(perKolom).toMatchObject({ 'Casussen met ontvangen melding(en)': '.', 'Afgeronde diensten onderzoek': 10 });
  });
});
