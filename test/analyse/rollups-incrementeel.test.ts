import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { analyseVerversenJob } from '../../src/analyse/jobs/analyse-verversen.job';
import { analyseVerversverzoekenJob } from '../../src/analyse/jobs/analyse-verversverzoeken.job';
import type { Verversing } from '../../src/analyse/rollup-verversing';
import { FAMILIES, type Familie, ROLLUPS } from '../../src/analyse/rollups';
import { alleRollen } from '../../src/auth/rollen';
import type { JobDeps } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import { termijnActies } from '../../src/modules';
import { tokenPerRol } from '../helpers/invoer';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Issue 18.6: the rollups are refreshed per dirty slice (month × region of a family of rollups), as one transaction.
 * - Every kind of source change marks exactly the slices it touches, the refresh rewrites exactly those rows, and
 *   the result is what a full recompute gives (generated over every source table and kind of change).
 * - A refresh in progress publishes nothing until its whole batch commits; writers never wait for it.
 * - An analyst (or functional administrator) asks for a refresh: idempotent, rate-limited, worked off by the worker.
 */
let app: TestApp;
let deps: JobDeps;
const NU = new Date('2026-03-10T09:00:00Z');

const CASUS_VT09 = '00000000-0000-4000-8000-000000000901';
const CASUS_VT14 = '00000000-0000-4000-8000-000000001401';
const DIENST_VT09 = '00000000-0000-4000-8000-000000000902';

/** n meldingen of one region, gemeente and month (the 6th, 10:00), optionally in a casus. */
async function meldingen(n: number, regio: string, gemeente: string, maand: string, casus?: string): Promise<void> {
  await app.sql(
    `insert into melding (id, vt_organisatie, ontvangen_op, kanaal, aard_geweld, duur_geweld, omschrijving, hoedanigheid_melder, organisatie_melder,
                          geregistreerd_door, geregistreerd_op, gemeente, eerdere_betrokkenheid, casus_id)
     select gen_random_uuid(), $1, ($3 || '-06T10:00:00+01:00')::timestamptz, 'TELEFOON', '{KINDERMISHANDELING}', 'ONBEKEND', 'testdata',
            'BEROEPSMATIG', 'POLITIE', 'test', now(), $2, 'EERSTE_MELDING', $5::uuid
       from generate_series(1, $4)`,
    [regio, gemeente, maand, n, casus ?? null],
  );
}

const ververs = async (volledig = false): Promise<Verversing> =>
  (await analyseVerversenJob.verwerk(deps, volledig ? { volledig: 1 } : {})) as Verversing;

/** Row count and an order-independent hash per rollup. */
async function inhoud(): Promise<Record<string, string>> {
  const uit: Record<string, string> = {};
  for (const r of ROLLUPS) {
    const [x] = await app.sql(
      `select count(*)::int as n, coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)::text as h from ${r} t`,
    );
    uit[r] = `${String(x.n)}:${String(x.h)}`;
  }
  return uit;
}

/** Per rollup, the (month|region) of every row with the transaction that wrote it. */
async function schrijvers(): Promise<Record<string, Map<string, Set<string>>>> {
  const uit: Record<string, Map<string, Set<string>>> = {};
  for (const r of ROLLUPS) {
    const m = new Map<string, Set<string>>();
    for (const x of await app.sql(
      `select to_char(maand, 'YYYY-MM') || '|' || vt_organisatie as plak, xmin::text as tx from ${r}`,
    )) {
      const k = x.plak as string;
      if (!m.has(k)) m.set(k, new Set());
      m.get(k)!.add(x.tx as string);
    }
    uit[r] = m;
  }
  return uit;
}

const vuil = async (): Promise<string[]> =>
  (
    await app.sql(
      `select distinct familie || coalesce('|' || to_char(maand, 'YYYY-MM') || '|' || vt_organisatie, '') as p from analyse_vuil order by 1`,
    )
  ).map((r) => r.p as string);

beforeAll(async () => {
  app = await startTestApp({ nu: NU });
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
  await app.sql(
    `insert into casus (id, vt_organisatie, fase, geopend_op) values
       ($1, 'VT09', 'VEILIGHEIDSBEOORDELING', '2025-02-03T10:00:00+01:00'),
       ($2, 'VT14', 'VEILIGHEIDSBEOORDELING', '2025-01-06T10:00:00+01:00')`,
    [CASUS_VT09, CASUS_VT14],
  );
  await meldingen(12, 'VT09', 'GM0344', '2025-02', CASUS_VT09);
  await meldingen(30, 'VT09', 'GM0344', '2025-03');
  await meldingen(25, 'VT14', 'GM0402', '2025-01', CASUS_VT14);
  await meldingen(15, 'VT14', 'GM0402', '2025-03');
  await app.sql(
    `insert into veiligheidsbeoordeling (melding_id, vt_organisatie, casus_id, taxatie, uitkomst, toelichting, beoordeeld_op, beoordeeld_door, binnen_termijn)
     select id, vt_organisatie, casus_id, 'STRUCTURELE_ONVEILIGHEID', 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS', 'test', ontvangen_op + interval '2 days', 'test', true
       from melding where casus_id is not null`,
  );
  await app.sql(
    `insert into dienst (id, casus_id, vt_organisatie, soort, gestart_op, beeindigd_op, uitkomst, voortijdig_afgesloten, verantwoordelijke)
     values ($1, $2, 'VT09', 'ONDERZOEK', '2025-02-10T10:00:00+01:00', '2025-04-14T10:00:00+02:00', 'AFGEROND', false, 'test')`,
    [DIENST_VT09, CASUS_VT09],
  );
  await app.sql(
    `insert into onderzoek_uitkomst (dienst_id, vt_organisatie, aard_geweld, uitkomst) values ($1, 'VT09', 'KINDERMISHANDELING', 'BEVESTIGD')`,
    [DIENST_VT09],
  );
  await app.sql(
    `insert into termijn (id, vt_organisatie, casus_id, soort, startdatum, vervaldatum, vervalt_op, herinner_op, status, afgehandeld_op)
     values (gen_random_uuid(), 'VT09', $1, 'ONDERZOEK', '2025-02-10', '2025-04-21', '2025-04-22T00:00:00+02:00', '2025-04-21T00:00:00+02:00', 'VOLDAAN', '2025-04-14T10:00:00+02:00'),
            (gen_random_uuid(), 'VT09', $1, 'VEILIGHEIDSBEOORDELING', '2026-03-09', '2026-03-16', '2026-03-17T00:00:00+01:00', '2026-03-16T00:00:00+01:00', 'OPEN', null)`,
    [CASUS_VT09],
  );
  // Whatever the migration and the inserts left: from here on, every test starts clean.
  await ververs();
});
afterAll(() => app.stop());

/**
 * Every kind of source change, with the slices it must mark. "Family|YYYY-MM|region"; the casus of VT09 was opened
 * in February 2025, its dienst ended in April 2025, its termijnen fall due in April 2025 and March 2026.
 */
const VIA_CASUS_VT09 = ['CASUS|2025-02|VT09', 'DIENST|2025-04|VT09', 'TERMIJN|2025-04|VT09', 'TERMIJN|2026-03|VT09'];
const WIJZIGINGEN: { naam: string; sql: string; params?: unknown[]; plakken: string[] }[] = [
  {
    naam: 'een nieuwe melding zonder casus',
    sql: `insert into melding (id, vt_organisatie, ontvangen_op, kanaal, aard_geweld, duur_geweld, omschrijving, hoedanigheid_melder, organisatie_melder, geregistreerd_door, geregistreerd_op, gemeente, eerdere_betrokkenheid)
          values (gen_random_uuid(), 'VT14', '2025-03-20T10:00:00+01:00', 'TELEFOON', '{EX_PARTNERGEWELD}', 'ONBEKEND', 'x', 'NIET_BEROEPSMATIG', 'NIET_VAN_TOEPASSING', 'test', now(), 'GM0406', 'HERMELDING')`,
    plakken: ['MELDING|2025-03|VT14'],
  },
  {
    naam: 'een melding in een casus: ook de casus, haar diensten en termijnen',
    sql: `update melding set gemeente = 'GM0355' where id = (select id from melding where casus_id = $1 order by id limit 1)`,
    params: [CASUS_VT09],
    plakken: ['MELDING|2025-02|VT09', ...VIA_CASUS_VT09],
  },
  {
    naam: 'een melding verhuist naar een andere maand: de oude en de nieuwe plak',
    sql: `update melding set ontvangen_op = '2025-05-02T10:00:00+02:00' where id = (select id from melding where vt_organisatie = 'VT14' and casus_id is null order by id limit 1)`,
    plakken: ['MELDING|2025-03|VT14', 'MELDING|2025-05|VT14'],
  },
  {
    naam: 'een gewijzigde omschrijving (niets wat de rollups lezen): geen plak',
    sql: `update melding set omschrijving = 'anders' where vt_organisatie = 'VT09'`,
    plakken: [],
  },
  {
    naam: 'een veiligheidsbeoordeling: de plak van de maand van haar melding',
    sql: `update veiligheidsbeoordeling set taxatie = 'ACUTE_ONVEILIGHEID' where melding_id = (select id from melding where casus_id = $1 order by id limit 1)`,
    params: [CASUS_VT14],
    plakken: ['MELDING|2025-01|VT14'],
  },
  {
    naam: 'een advies',
    sql: `insert into advies (id, vt_organisatie, ontvangen_op, kanaal, hoedanigheid_adviesvrager, organisatie_adviesvrager, aard_geweld, omschrijving, client_anoniem, status, geregistreerd_door, geregistreerd_op, gemeente)
          values (gen_random_uuid(), 'VT09', '2025-06-03T10:00:00+02:00', 'TELEFOON', 'NIET_BEROEPSMATIG', 'NIET_VAN_TOEPASSING', '{EX_PARTNERGEWELD}', 'x', false, 'OPEN', 'test', now(), 'GM0344')`,
    plakken: ['ADVIES|2025-06|VT09'],
  },
  {
    naam: 'een advies met een nieuw id (het anonieme residu van een vernietigd dossier)',
    sql: `update advies set id = gen_random_uuid(), omschrijving = 'residu' where vt_organisatie = 'VT09'`,
    plakken: ['ADVIES|2025-06|VT09'],
  },
  {
    naam: 'een casus die later geopend blijkt',
    sql: `update casus set geopend_op = '2025-01-31T10:00:00+01:00' where id = $1`,
    params: [CASUS_VT14],
    plakken: ['CASUS|2025-01|VT14'],
  },
  {
    naam: 'een dienst die later eindigt: de oude en de nieuwe maand van beëindiging',
    sql: `update dienst set beeindigd_op = '2025-05-12T10:00:00+02:00' where id = $1`,
    params: [DIENST_VT09],
    plakken: ['DIENST|2025-04|VT09', 'DIENST|2025-05|VT09'],
  },
  {
    naam: 'een onderzoeksuitkomst: de maand van beëindiging van haar dienst',
    sql: `update onderzoek_uitkomst set uitkomst = 'WEERLEGD' where dienst_id = $1`,
    params: [DIENST_VT09],
    plakken: ['DIENST|2025-05|VT09'],
  },
  {
    naam: 'een termijn die voldaan wordt',
    sql: `update termijn set status = 'VOLDAAN', afgehandeld_op = '2026-03-10T08:00:00+01:00' where casus_id = $1 and status = 'OPEN'`,
    params: [CASUS_VT09],
    plakken: ['TERMIJN|2026-03|VT09'],
  },
  {
    naam: 'een verwijderde melding',
    sql: `delete from melding where id = (select id from melding where vt_organisatie = 'VT09' and casus_id is null order by id limit 1)`,
    plakken: ['MELDING|2025-03|VT09'],
  },
];

describe('rollups per vuile plak (maand × regio)', () => {
  for (const w of WIJZIGINGEN) {
    it(`${w.naam}: precies die plakken, alleen hun rijen herschreven, gelijk aan een volledige herberekening`, async () => {
      expect(await vuil()).toEqual([]);
      const voor = await schrijvers();
      await app.sql(w.sql, w.params);
      const verwacht = [...w.plakken].sort();
      expect(await vuil()).toEqual(verwacht);
      const r = await ververs();
      const perFamilie: Partial<Record<Familie, number>> = {};
      for (const p of verwacht) {
        const f = p.split('|')[0] as Familie;
        perFamilie[f] = (perFamilie[f] ?? 0) + 1;
      }
      expect(r.plakken).toEqual(perFamilie);
      expect(await vuil()).toEqual([]);
      // Rows outside the marked slices were not rewritten (the same transaction id as before); none of a marked
      // slice kept an old one.
      const na = await schrijvers();
      for (const rollup of ROLLUPS) {
        const familie = (Object.keys(FAMILIES) as Familie[]).find((f) =>
          (FAMILIES[f] as readonly string[]).includes(rollup),
        )!;
        for (const [plak, tx] of na[rollup]) {
          const gemarkeerd = verwacht.includes(`${familie}|${plak}`);
          if (gemarkeerd) {
            for (const t of tx) expect(voor[rollup].get(plak)?.has(t) ?? false, `${rollup} ${plak}`).toBe(false);
          } else {
            expect([...tx], `${rollup} ${plak}`).toEqual([...(voor[rollup].get(plak) ?? [])]);
          }
        }
      }
      const incrementeel = await inhoud();
      await ververs(true);
      expect(incrementeel).toEqual(await inhoud());
    });
  }

  it('een open termijn waarvan de vervaltijd verstrijkt, maakt zijn plak vuil bij de volgende verversing (de klok, geen rij)', async () => {
    await app.sql(
      `insert into termijn (id, vt_organisatie, casus_id, soort, startdatum, vervaldatum, vervalt_op, herinner_op, status)
       values (gen_random_uuid(), 'VT14', $1, 'VEILIGHEIDSBEOORDELING', '2026-03-10', '2026-03-17', '2026-03-18T00:00:00+01:00', '2026-03-17T00:00:00+01:00', 'OPEN')`,
      [CASUS_VT14],
    );
    await ververs();
    const beslist = async () =>
      (
        await app.sql(
          `select sum(aantal_beslist)::int as n from analyse_termijn where vt_organisatie = 'VT14' and maand = '2026-03-01'`,
        )
      )[0].n;
    expect(await beslist()).toBe(0);
    app.clock.set(new Date('2026-03-18T09:00:00Z'));
    try {
      const r = await ververs();
      expect(r.plakken).toEqual({ TERMIJN: 1 });
      expect(await beslist()).toBe(1);
      const incrementeel = await inhoud();
      await ververs(true);
      expect(incrementeel).toEqual(await inhoud());
    } finally {
      app.clock.set(NU);
      await ververs();
    }
  });

  it('een verversing die bezig is, publiceert niets van haar batch tot alles klaar is; schrijvers wachten niet op haar', async () => {
    const token = await app.token('ANALIST', 'VT09', { sub: 'analist-vt09' });
    const tel = async (): Promise<number> => {
      const r = await app.gql<{ analyse: { cellen: { coordinaten: unknown[]; aantal: number | null }[] } }>(
        token,
        `{ analyse(vraag: { maten: [MELDINGEN] }) { cellen { coordinaten { waarde } aantal } } }`,
      );
      expect(r.body.errors).toBeUndefined();
      return r.body.data!.analyse.cellen.find((t) => t.coordinaten.length === 0)!.aantal!;
    };
    const versheid = async () =>
      await app.sql(`select naam, ververst_op::text as op from analyse_verversing order by 1`);
    const [voorMeldingen] = await app.sql(
      `select sum(aantal)::int as n from analyse_melding where vt_organisatie = 'VT09'`,
    );
    const voorTel = await tel();
    const voorVersheid = await versheid();
    // Dirty slices in the first family (MELDING) and the last (TERMIJN) of the batch.
    await meldingen(20, 'VT09', 'GM0344', '2025-07');
    await app.sql(
      `update termijn set afgehandeld_op = afgehandeld_op - interval '1 hour' where casus_id = $1 and soort = 'ONDERZOEK'`,
      [CASUS_VT09],
    );
    // Another session holds analyse_termijn (readers pass, writers wait): the refresh stops in the middle of its batch,
    // after the meldingen rollups are rewritten.
    const houder = new Client({ connectionString: app.dbUrl });
    await houder.connect();
    await houder.query(`begin`);
    await houder.query(`lock table analyse_termijn in share mode`);
    const bezig = ververs();
    try {
      for (let i = 0; i < 200; i++) {
        const [w] = await app.sql(
          `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'delete from analyse_termijn%'`,
        );
        if ((w.n as number) > 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const [w] = await app.sql(
        `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'delete from analyse_termijn%'`,
      );
      expect(w.n).toBe(1);
      // Mid-batch: the analyst, the rollup itself and the freshness are as before the refresh.
      expect(await tel()).toBe(voorTel);
      const [midden] = await app.sql(`select sum(aantal)::int as n from analyse_melding where vt_organisatie = 'VT09'`);
      expect(midden.n).toBe(voorMeldingen.n);
      expect(await versheid()).toEqual(voorVersheid);
      // A writer meanwhile is not held up by the refresh's claim (the claimed rows are not committed away yet, so
      // others still see them), and its slice waits for the next run.
      await meldingen(1, 'VT09', 'GM0344', '2025-08');
      expect(await vuil()).toEqual(['MELDING|2025-07|VT09', 'MELDING|2025-08|VT09', 'TERMIJN|2025-04|VT09']);
    } finally {
      await houder.query(`rollback`);
      await houder.end();
    }
    const r = await bezig;
    expect(r.plakken).toEqual({ MELDING: 1, TERMIJN: 1 });
    const [na] = await app.sql(`select sum(aantal)::int as n from analyse_melding where vt_organisatie = 'VT09'`);
    expect(na.n).toBe((voorMeldingen.n as number) + 20);
    expect(await vuil()).toEqual(['MELDING|2025-08|VT09']);
    await ververs();
    expect(await vuil()).toEqual([]);
  });

  it('twee workers tegelijk: één ververst de batch, de ander slaat hem over', async () => {
    await meldingen(2, 'VT14', 'GM0402', '2025-09');
    // The first stops mid-batch on a held rollup, so the second certainly runs while the first holds the batch.
    const houder = new Client({ connectionString: app.dbUrl });
    await houder.connect();
    await houder.query(`begin`);
    await houder.query(`lock table analyse_melding in share mode`);
    const eerste = ververs();
    let tweede: Verversing;
    try {
      for (let i = 0; i < 200; i++) {
        const [w] = await app.sql(
          `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'delete from analyse_melding %'`,
        );
        if ((w.n as number) > 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      tweede = await ververs();
    } finally {
      await houder.query(`rollback`);
      await houder.end();
    }
    expect(tweede.overgeslagen).toEqual([...ROLLUPS]);
    expect(tweede.plakken).toEqual({});
    const r = await eerste;
    expect(r.overgeslagen).toEqual([]);
    expect(r.plakken).toEqual({ MELDING: 1 });
  });
});

describe('verversing op verzoek van de analist', () => {
  const VERZOEK = `mutation { analyseVerversenAanvragen { status aangevraagdOp voltooidOp plakken } }`;
  type Verzoek = { status: string; aangevraagdOp: string; voltooidOp: string | null; plakken: number | null };

  it('elke rol: alleen de analist en functioneel beheer mogen het; de rest kent de mutatie niet of wordt geweigerd', async () => {
    const token = await tokenPerRol(app);
    for (const rol of alleRollen) {
      const r = await app.gql<{ analyseVerversenAanvragen: Verzoek }>(await token(rol), VERZOEK);
      if (rol === 'ANALIST' || rol === 'FUNCTIONEEL_BEHEERDER') {
        expect(r.body.errors, rol).toBeUndefined();
        expect(r.body.data!.analyseVerversenAanvragen.status, rol).toBe('WACHTEND');
      } else {
        expect(r.body.data?.analyseVerversenAanvragen ?? null, rol).toBeNull();
        expect(['GRAPHQL_VALIDATION_FAILED', 'FORBIDDEN'], rol).toContain(r.body.errors?.[0]?.extensions?.code);
      }
    }
    // Both allowed callers got the same waiting request.
    const [n] = await app.sql(`select count(*)::int as n from analyse_verversverzoek`);
    expect(n.n).toBe(1);
    await analyseVerversverzoekenJob.verwerk(deps, {});
  });

  it('idempotent terwijl het wacht, door de worker uitgevoerd, daarna een minuut begrensd met een vaste code', async () => {
    app.clock.set(new Date(NU.getTime() + 10 * 60_000));
    try {
      const analist = await app.token('ANALIST', 'VT14', { sub: 'analist-vt14' });
      const tel = async () =>
        (await app.sql(`select sum(aantal)::int as n from analyse_melding where vt_organisatie = 'VT14'`))[0].n;
      await meldingen(7, 'VT14', 'GM0402', '2025-10');
      const voor = await tel();
      // Nothing waits: the worker's poll does nothing.
      expect(await analyseVerversverzoekenJob.verwerk(deps, {})).toEqual({ wachtend: false });
      expect(await tel()).toBe(voor);

      const eerste = await app.gql<{ analyseVerversenAanvragen: Verzoek }>(analist, VERZOEK);
      expect(eerste.body.errors).toBeUndefined();
      expect(eerste.body.data!.analyseVerversenAanvragen).toMatchObject({ status: 'WACHTEND', voltooidOp: null });
      app.clock.set(new Date(app.clock.now().getTime() + 5_000));
      const tweede = await app.gql<{ analyseVerversenAanvragen: Verzoek }>(analist, VERZOEK);
      expect(tweede.body.data!.analyseVerversenAanvragen).toEqual(eerste.body.data!.analyseVerversenAanvragen);
      const audit = await app.sql(
        `select count(*)::int as n from audit_gebeurtenis where gebeurtenis = 'ANALYSE_VERVERSEN_AANVRAGEN'`,
      );
      expect(audit[0].n).toBeGreaterThanOrEqual(1);

      const r = (await analyseVerversverzoekenJob.verwerk(deps, {})) as Verversing;
      expect(r.plakken).toEqual({ MELDING: 1 });
      expect(await tel()).toBe((voor as number) + 7);
      const [rij] = await app.sql(
        `select status, plakken from analyse_verversverzoek order by aangevraagd_op desc limit 1`,
      );
      expect(rij).toEqual({ status: 'KLAAR', plakken: 1 });

      // Within a minute of the last request: CONFLICT with a stable reason; nothing recorded.
      const voorAantal = (await app.sql(`select count(*)::int as n from analyse_verversverzoek`))[0].n;
      const te = await app.gql(analist, VERZOEK);
      expect(te.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reden: 'VERVERSEN_TE_VAAK' });
      expect((await app.sql(`select count(*)::int as n from analyse_verversverzoek`))[0].n).toBe(voorAantal);
      // After it, a new request is accepted.
      app.clock.set(new Date(app.clock.now().getTime() + 61_000));
      const later = await app.gql<{ analyseVerversenAanvragen: Verzoek }>(analist, VERZOEK);
      expect(later.body.errors).toBeUndefined();
      expect(later.body.data!.analyseVerversenAanvragen.status).toBe('WACHTEND');
      await analyseVerversverzoekenJob.verwerk(deps, {});
    } finally {
      app.clock.set(NU);
    }
  });
});
