import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CBS_BLOKKEN, CBS_KOP } from '../../src/analyse/cbs-levering';
import { bouwCbsLevering } from '../../src/analyse/cbs-levering.service';
import { analyseVerversenJob } from '../../src/analyse/jobs/analyse-verversen.job';
import { cbsLeveringOpbouwenJob } from '../../src/analyse/jobs/cbs-levering-opbouwen.job';
import type { JobDeps } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import { termijnActies } from '../../src/modules';
import { meldingInvoer } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * The half-yearly CBS delivery (issue 16.7): one file per VT organisation and half year, built by the worker after the
 * half year ended, with the same counts as the analyst API (here without rounding and suppression: ANALYSE_AFRONDING=1,
 * ANALYSE_DREMPEL=1, so the analyst's counts are exact), no personal data, idempotent, for the privacy officer only.
 */
let app: TestApp;
let deps: JobDeps;
const HALFJAAR = '2025-2';
const LEVERING = `query($h: TekstRegel!) { cbsLevering(halfjaar: $h) { halfjaar vtOrganisatie bestandsnaam inhoud sha256 regels opgebouwdOp } }`;

async function melding(o: Record<string, unknown>, token: string): Promise<string> {
  const r = await app.gql<{ meldingRegistreren: { id: string } }>(
    token,
    `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id } }`,
    { i: meldingInvoer(o) },
  );
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return r.body.data!.meldingRegistreren.id;
}

function rijenVan(inhoud: string): string[][] {
  const [kop, ...rest] = inhoud.trimEnd().split('\n');
  expect(kop).toBe(CBS_KOP.join(';'));
  return rest.map((r) => r.split(';'));
}

beforeAll(async () => {
  app = await startTestApp({ env: { ANALYSE_AFRONDING: '1', ANALYSE_DREMPEL: '1' } });
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
  const mw = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-cbs' });
  const utrecht = await app.token('VT_MEDEWERKER', 'VT09', { sub: 'mw-cbs-utrecht' });
  // Through the front door, with persons, names and BSNs: the file must carry none of them.
  const ids = [
    await melding({ ontvangenOp: '2025-07-14T10:00:00+02:00' }, mw),
    await melding(
      {
        ontvangenOp: '2025-09-02T11:00:00+02:00',
        aardGeweld: ['EX_PARTNERGEWELD', 'KINDERMISHANDELING'],
        hoedanigheidMelder: 'NIET_BEROEPSMATIG',
        organisatieMelder: 'NIET_VAN_TOEPASSING',
      },
      mw,
    ),
    await melding({ ontvangenOp: '2025-12-31T23:30:00+01:00', organisatieMelder: 'GEZONDHEIDSZORG' }, mw),
  ];
  await melding({ ontvangenOp: '2026-01-01T00:30:00+01:00' }, mw); // the next half year
  await melding({ ontvangenOp: '2025-06-30T23:30:00+02:00' }, mw); // the previous one
  await melding({ ontvangenOp: '2025-10-01T09:00:00+02:00' }, utrecht);
  const vb = await app.gql(
    mw,
    `mutation { veiligheidsbeoordelingVastleggen(invoer: { meldingId: "${ids[0]}", taxatie: STRUCTURELE_ONVEILIGHEID, uitkomst: OVERDRACHT, toelichting: "Beoordeeld." }) { casus { id } } }`,
  );
  expect(vb.body.errors).toBeUndefined();
  const advies = await app.gql(mw, `mutation($i: AdviesInvoer!) { adviesRegistreren(invoer: $i) { id } }`, {
    i: {
      ontvangenOp: '2025-11-03T10:00:00+01:00',
      kanaal: 'TELEFOON',
      hoedanigheidAdviesvrager: 'BEROEPSMATIG',
      organisatieAdviesvrager: 'KINDEROPVANG',
      aardGeweld: ['KINDERMISHANDELING'],
      omschrijving: 'Pedagogisch medewerker twijfelt over signalen bij een peuter.',
    },
  });
  expect(advies.body.errors).toBeUndefined();
  // In bulk, as the analysis tests do: 40 meldingen over the half year, across gemeenten and reporters.
  await app.sql(
    `insert into melding (id, vt_organisatie, ontvangen_op, kanaal, aard_geweld, duur_geweld, omschrijving, hoedanigheid_melder, organisatie_melder,
                          geregistreerd_door, geregistreerd_op, gemeente, eerdere_betrokkenheid)
     select gen_random_uuid(), 'VT14', ('2025-' || lpad((7 + i % 6)::text, 2, '0') || '-10T10:00:00+02:00')::timestamptz, 'TELEFOON',
            case when i % 3 = 0 then array['OUDERENMISHANDELING'] else array['KINDERMISHANDELING'] end, 'ONBEKEND', 'testdata',
            case when i % 4 = 0 then 'NIET_BEROEPSMATIG' else 'BEROEPSMATIG' end, case when i % 4 = 0 then 'NIET_VAN_TOEPASSING' else 'ONDERWIJS' end,
            'test', now(), case when i % 2 = 0 then 'GM0402' else 'GM0406' end, case when i % 5 = 0 then 'HERMELDING' else 'EERSTE_MELDING' end
       from generate_series(0, 39) i`,
  );
});
afterAll(() => app.stop());

describe('de CBS-levering', () => {
  it('de job bouwt na het halfjaar één bestand per VT-organisatie; opnieuw draaien verandert niets', async () => {
    const eerste = (await cbsLeveringOpbouwenJob.verwerk(deps, {})) as { halfjaar: string; opgebouwd: number };
    const [vt] = await app.sql(`select count(*)::int as n from organisatie where soort = 'VEILIG_THUIS' and actief`);
    expect(eerste).toEqual({ halfjaar: HALFJAAR, opgebouwd: vt.n });
    const voor = await app.sql(`select vt_organisatie, sha256, opgebouwd_op from cbs_levering order by vt_organisatie`);
    expect(voor).toHaveLength(vt.n as number);
    expect(voor.every((r) => r.vt_organisatie && r.sha256)).toBe(true);

    app.clock.set(new Date(app.clock.now().getTime() + 3_600_000));
    expect(await cbsLeveringOpbouwenJob.verwerk(deps, {})).toEqual({ halfjaar: HALFJAAR, opgebouwd: 0 });
    // Rebuilt on purpose from the same data: the same bytes, so the stored file stays as it was.
    expect(await bouwCbsLevering(deps, 'VT14', HALFJAAR, { opnieuw: true })).toBe('ONGEWIJZIGD');
    expect(
      await app.sql(`select vt_organisatie, sha256, opgebouwd_op from cbs_levering order by vt_organisatie`),
    ).toEqual(voor);
  });

  it('telt precies wat de analist-API over hetzelfde halfjaar telt, blok voor blok', async () => {
    const po = await app.token('PRIVACY_OFFICER', 'VT14', { sub: 'fg-vt14' });
    const r = await app.gql<{ cbsLevering: { inhoud: string; regels: number; bestandsnaam: string } }>(po, LEVERING, {
      h: HALFJAAR,
    });
    expect(r.body.errors).toBeUndefined();
    const levering = r.body.data!.cbsLevering;
    expect(levering.bestandsnaam).toBe('cbs-veilig-thuis-VT14-2025-2.csv');
    const rijen = rijenVan(levering.inhoud);
    expect(rijen).toHaveLength(levering.regels);
    expect(rijen.every((x) => x[0] === HALFJAAR && x[1] === 'VT14')).toBe(true);

    const analist = await app.token('ANALIST', 'VT14', { sub: 'analist-cbs' });
    for (const blok of CBS_BLOKKEN) {
      const a = await app.gql<{
        analyse: { cellen: { coordinaten: { dimensie: string; waarde: string }[]; aantal: number }[] };
      }>(
        analist,
        `query($v: AnalyseVraag!) { analyse(vraag: $v) { cellen { coordinaten { dimensie waarde } aantal } } }`,
        { v: { maten: [blok.maat], dimensies: blok.indeling, periode: { vanaf: '2025-07', totEnMet: '2025-12' } } },
      );
      expect(a.body.errors, `${blok.onderwerp} ${JSON.stringify(a.body.errors)}`).toBeUndefined();
      const indeling = blok.indeling.length ? blok.indeling.join('*') : 'TOTAAL';
      const vanAnalist = Object.fromEntries(
        a.body
          .data!.analyse.cellen.filter((c) => c.aantal > 0)
          .map((c) => [
            blok.indeling.length
              ? blok.indeling.map((d) => c.coordinaten.find((x) => x.dimensie === (d as string))!.waarde).join('*')
              : 'TOTAAL',
            c.aantal,
          ]),
      );
      const vanBestand = Object.fromEntries(
        rijen.filter((x) => x[2] === blok.onderwerp && x[3] === indeling).map((x) => [x[4], Number(x[5])]),
      );
      expect(vanBestand, `${blok.onderwerp} ${indeling}`).toEqual(vanAnalist);
    }
    // The half year exactly: 3 + 40 meldingen of VT14 (not the one of 30 June or 1 January, nor the one of VT09).
    expect(rijen.find((x) => x[2] === 'ONTVANGEN_MELDINGEN' && x[3] === 'TOTAAL')![5]).toBe('43');
    expect(rijen.find((x) => x[2] === 'GESTARTE_ADVIEZEN' && x[3] === 'TOTAAL')![5]).toBe('1');
    expect(
      rijen.find((x) => x[2] === 'ONTVANGEN_MELDINGEN' && x[3] === 'VB_UITKOMST' && x[4] === 'OVERDRACHT')![5],
    ).toBe('1');
  });

  it('bevat geen persoonsgegevens: geen naam, BSN, geboortedatum, vrije tekst of id', async () => {
    const [l] = await app.sql(`select inhoud from cbs_levering where vt_organisatie = 'VT14' and halfjaar = $1`, [
      HALFJAAR,
    ]);
    const inhoud = l.inhoud as string;
    const personen = await app.sql(
      `select bsn, voornamen, achternaam, geboortedatum::text as geboortedatum from persoon`,
    );
    expect(personen.length).toBeGreaterThan(0);
    for (const p of personen) {
      for (const waarde of [p.bsn, p.voornamen, p.achternaam, p.geboortedatum]) {
        if (typeof waarde === 'string' && waarde) expect(inhoud).not.toContain(waarde);
      }
    }
    for (const m of await app.sql(`select omschrijving from melding where vt_organisatie = 'VT14'`)) {
      expect(inhoud).not.toContain(m.omschrijving as string);
    }
    expect(inhoud).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    expect(inhoud).not.toMatch(/\b\d{9}\b/);
    expect(inhoud).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('een latere correctie in het halfjaar: opnieuw opbouwen vervangt het bestand, anders niet', async () => {
    const [voor] = await app.sql(`select sha256 from cbs_levering where vt_organisatie = 'VT09' and halfjaar = $1`, [
      HALFJAAR,
    ]);
    await melding(
      { ontvangenOp: '2025-08-01T10:00:00+02:00' },
      await app.token('VT_MEDEWERKER', 'VT09', { sub: 'mw-cbs-utrecht' }),
    );
    await analyseVerversenJob.verwerk(deps, {});
    expect(await bouwCbsLevering(deps, 'VT09', HALFJAAR)).toBe('BESTOND');
    expect(await bouwCbsLevering(deps, 'VT09', HALFJAAR, { opnieuw: true })).toBe('VERVANGEN');
    const [na] = await app.sql(
      `select sha256, inhoud from cbs_levering where vt_organisatie = 'VT09' and halfjaar = $1`,
      [HALFJAAR],
    );
    expect(na.sha256).not.toBe(voor.sha256);
    expect(rijenVan(na.inhoud as string).find((x) => x[2] === 'ONTVANGEN_MELDINGEN' && x[3] === 'TOTAAL')![5]).toBe(
      '2',
    );
  });

  it('alleen de privacy officer van een VT-organisatie haalt haar op, alleen de eigen, en dat wordt geaudit', async () => {
    const po = await app.token('PRIVACY_OFFICER', 'VT14', { sub: 'fg-vt14' });
    const lijst = await app.gql<{ cbsLeveringen: { halfjaar: string; vtOrganisatie: string }[] }>(
      po,
      `{ cbsLeveringen { halfjaar vtOrganisatie sha256 } }`,
    );
    expect(lijst.body.data!.cbsLeveringen).toEqual([
      expect.objectContaining({ halfjaar: HALFJAAR, vtOrganisatie: 'VT14' }),
    ]);
    const audit = await app.sql(
      `select actie, object_type, object_id, persoon_ids::text[] as p, gebruiker from audit_gebeurtenis where gebeurtenis = 'CBS_LEVERING_OPHALEN' order by id`,
    );
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(audit[0]).toMatchObject({
      actie: 'E',
      object_type: 'CbsLevering',
      object_id: 'VT14/2025-2',
      gebruiker: 'fg-vt14',
    });
    expect(audit.every((x) => (x.p as string[]).length === 0)).toBe(true);

    const utrecht = await app.token('PRIVACY_OFFICER', 'VT09', { sub: 'fg-vt09' });
    const u = await app.gql<{ cbsLevering: { vtOrganisatie: string } }>(utrecht, LEVERING, { h: HALFJAAR });
    expect(u.body.data!.cbsLevering.vtOrganisatie).toBe('VT09');

    const code = async (token: string, h = HALFJAAR): Promise<unknown[]> => {
      const r = await app.gql(token, LEVERING, { h });
      return [r.body.errors?.[0].extensions?.code, r.body.errors?.[0].extensions?.reden];
    };
    expect(await code(po, '2026-1')).toEqual(['BAD_USER_INPUT', 'HALFJAAR_NIET_AFGELOPEN']);
    expect((await code(po, '2025-3'))[0]).toBe('BAD_USER_INPUT');
    expect(await code(po, '2024-2')).toEqual(['NOT_FOUND', 'NOG_NIET_OPGEBOUWD']);
    expect((await code(await app.token('PRIVACY_OFFICER', 'GM0402')))[0]).toBe('FORBIDDEN');
    for (const [rol, org] of [
      ['ANALIST', 'VT14'],
      ['VT_TEAMLEIDER', 'VT14'],
      ['VT_MEDEWERKER', 'VT14'],
    ] as const) {
      expect((await code(await app.token(rol, org)))[0], rol).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });
});
