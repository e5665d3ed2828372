import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Knex } from '@mikro-orm/postgresql';

import { leesInEenRonde, leesRijen, stappenInEenRonde, zetVoorbereideStatements } from '../../src/lib/lezen';
import { meldingInvoer } from '../helpers/fabriek';
import { metGestuurd } from '../helpers/gestuurd';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Reads run as named prepared statements (src/lib/lezen.ts): PostgreSQL keeps their plans per connection, so a read
 * is planned once and not per request. The values travel as parameters, so a text (and its plan) is the same for every
 * caller; a value inlined into the text would make every request a new statement.
 */
describe('leespad: voorbereide statements', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    zetVoorbereideStatements(true);
    await app.stop();
  });

  const voorbereid = (): Promise<{ name: string; statement: string }[]> =>
    app.orm.em
      .fork()
      .transactional((tx) =>
        leesRijen<{ name: string; statement: string }>(
          tx,
          `select name, statement from pg_prepared_statements where (name like 'kp\\_%' or name like 'kpl\\_%') and statement not like '%pg_prepared_statements%'`,
          [],
        ),
      );

  it('een leesverzoek laat benoemde statements met parameters achter, zonder de waarden van het verzoek', async () => {
    const t = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-voorbereid' });
    const invoer = meldingInvoer();
    const r = await app.gql<{ meldingRegistreren: { id: string } }>(
      t,
      `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id } }`,
      { i: invoer },
    );
    expect(r.body.errors).toBeUndefined();
    // The pool has up to 10 connections: read often enough that every connection the check may take has served one.
    for (let i = 0; i < 12; i++) {
      const l = await app.gql(
        t,
        `{ meldingen(eerste: 5) { edges { node { id omschrijving betrokkenen { persoon { bsn } } } } } }`,
      );
      expect(l.body.errors).toBeUndefined();
    }
    const rijen = await voorbereid();
    const meldingen = rijen.filter((r) => r.statement.includes('from melding m'));
    expect(meldingen.length).toBeGreaterThan(0);
    for (const s of rijen) {
      expect(s.statement).not.toContain('mw-voorbereid');
      expect(s.statement).not.toContain("'VT14'");
      expect(s.statement).not.toMatch(/\?(?!\|)/);
    }
    expect(meldingen.some((s) => s.statement.includes('$1'))).toBe(true);
  });

  it('een pagina meldingen met relaties gaat in één ronde met zijn scope, en dan de auditregels', async () => {
    const t = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-voorbereid' });
    const q = `{ meldingen(eerste: 20) { edges { node { id melder { naam } betrokkenen { persoon { bsn adres { straat } } } } } } }`;
    expect((await app.gql(t, q)).body.errors).toBeUndefined();
    const { gestuurd, uitkomst: r } = await metGestuurd(() => app.gql<{ meldingen: { edges: unknown[] } }>(t, q));
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.meldingen.edges.length).toBeGreaterThan(0);
    // One query: the scope and the EXECUTE, no BEGIN or COMMIT (the statements of one simple query are one
    // transaction); before it, on a connection that has not served this page yet, its PREPARE. Then the audit bundle.
    const ronde = gestuurd.findIndex((s) => s.startsWith('select set_config'));
    expect(gestuurd.slice(0, ronde).every((s) => /^prepare kpl_\w+ as select m\.id,/.test(s))).toBe(true);
    expect(gestuurd.slice(ronde)).toHaveLength(2);
    expect(gestuurd[ronde]).toMatch(
      /^select set_config\('role', 'ketenpoort_app', true\), set_config\('ketenpoort.vt_organisatie', 'VT14', true\).*; execute kpl_\w+\(/,
    );
    expect(gestuurd[ronde + 1].trim().toLowerCase()).toMatch(/^insert into audit_gebeurtenis/);
  });

  it('uitgezet (DATABASE_VOORBEREIDE_STATEMENTS=false) gaat een lezing als naamloos statement', async () => {
    zetVoorbereideStatements(false);
    try {
      const uit = await app.orm.em.fork().transactional(async (tx) => {
        const [{ n }] = await leesRijen<{ n: number }>(tx, `select count(*)::int as n from pg_prepared_statements`, []);
        await leesRijen(tx, `select ?::text as x, 'uit-test' as y`, ['a']);
        const [{ m }] = await leesRijen<{ m: number }>(tx, `select count(*)::int as m from pg_prepared_statements`, []);
        return m - n;
      });
      expect(uit).toBe(0);
    } finally {
      zetVoorbereideStatements(true);
    }
    const aan = await app.orm.em.fork().transactional(async (tx) => {
      await leesRijen(tx, `select ?::text as x, 'aan-test' as y`, ['a']);
      return leesRijen<{ n: number }>(
        tx,
        `select count(*)::int as n from pg_prepared_statements where statement like ?`,
        ['%aan-test%'],
      );
    });
    expect(aan[0].n).toBe(1);
  });

  describe('één lezing in één ronde (leesInEenRonde)', () => {
    /** A knex stand-in with one connection, so each test sees what a read leaves behind on it. */
    const eenVerbinding = (c: { query: pg.Client['query'] }): Knex =>
      ({
        client: {
          acquireConnection: () => Promise.resolve(c),
          releaseConnection: () => Promise.resolve(),
          positionBindings: (sql: string) => {
            let i = 0;
            return sql.replace(/\?/g, () => `$${++i}`);
          },
        },
      }) as unknown as Knex;
    let c: pg.Client;
    beforeAll(async () => {
      c = new pg.Client({ connectionString: app.appDbUrl });
      await c.connect();
    });
    afterAll(() => c.end());
    const SCOPE = `select set_config('role', 'ketenpoort_app', true), set_config('ketenpoort.vt_organisatie', 'VT14', true)`;

    it('de scope geldt voor de lezing en is daarna weg, ook de rol', async () => {
      const [r] = await leesInEenRonde<{ s: string; u: string }>(
        eenVerbinding(c),
        SCOPE,
        `select current_setting(?, true) as s, current_user::text as u`,
        ['ketenpoort.vt_organisatie'],
      );
      expect(r).toEqual({ s: 'VT14', u: 'ketenpoort_app' });
      const na = await c.query(
        `select coalesce(current_setting('ketenpoort.vt_organisatie', true), '') as s, current_user::text as u`,
      );
      expect(na.rows[0].s).toBe('');
      expect(na.rows[0].u).not.toBe('ketenpoort_app');
    });

    it('elke soort waarde komt terug zoals een parameter van het protocol haar zou brengen', async () => {
      const waarden = [
        "it's \\ een 'test'",
        new Date('2026-03-10T09:00:00.123Z'),
        ['x', 'y"z', 'a,b', 'back\\slash', null],
        null,
        Buffer.from([0, 1, 39, 92, 255]),
        { a: 1, b: "o'k" },
        21,
        true,
        '😀\n\u2028',
      ];
      const sql = `select ?::text as a, ?::timestamptz as b, ?::text[] as c, ?::text as d, ?::bytea as e, ?::jsonb as f, ?::int as g, ?::boolean as h, ?::text as i`;
      const [eenRonde] = await leesInEenRonde<Record<string, unknown>>(eenVerbinding(c), `select 1`, sql, waarden);
      // The same values as parameters of the extended protocol, on the same connection (the same type parsers).
      let n = 0;
      const protocol = (await c.query({ text: sql.replace(/\?/g, () => `$${++n}`), values: waarden })).rows[0];
      expect(eenRonde).toEqual(protocol);
    });

    it('een mislukte lezing laat de verbinding bruikbaar achter, en de volgende lezing slaagt', async () => {
      const sql = `select 1 / ?::int as v`;
      await expect(leesInEenRonde(eenVerbinding(c), SCOPE, sql, [0])).rejects.toThrow(/division by zero/);
      expect((await c.query('select 1 as een')).rows[0].een).toBe(1);
      const [r] = await leesInEenRonde<{ v: number }>(eenVerbinding(c), SCOPE, sql, [2]);
      expect(r.v).toBe(0);
      const [r2] = await leesInEenRonde<{ v: number }>(eenVerbinding(c), SCOPE, sql, [1]);
      expect(r2.v).toBe(1);
    });

    it('al voorbereid op de verbinding (42P05): de lezing gaat door', async () => {
      const sql = `select ?::int * 2 as v`;
      expect((await leesInEenRonde<{ v: number }>(eenVerbinding(c), 'select 1', sql, [2]))[0].v).toBe(4);
      // Another client object on the same server connection: it does not know the statement is there.
      const ander = { query: ((q: string) => c.query(q)) as pg.Client['query'] };
      expect((await leesInEenRonde<{ v: number }>(eenVerbinding(ander), 'select 1', sql, [3]))[0].v).toBe(6);
    });

    it('verdwenen van de verbinding (een pooler in transactiemodus): de lezing slaagt, en de pool bereidt voortaan in de lezing zelf voor', async () => {
      const knex = eenVerbinding(c);
      const sql = `select ?::int + 1 as v`;
      expect((await leesInEenRonde<{ v: number }>(knex, 'select 1', sql, [1]))[0].v).toBe(2);
      // As behind a pooler: the next query reaches a server connection without the statement.
      await c.query('deallocate all');
      expect((await leesInEenRonde<{ v: number }>(knex, 'select 1', sql, [2]))[0].v).toBe(3);
      expect((await leesInEenRonde<{ v: number }>(knex, 'select 1', sql, [3]))[0].v).toBe(4);
      // Prepared, run and dropped in one query: nothing stays behind.
      const over = await c.query(`select count(*)::int as n from pg_prepared_statements where name like 'kpl%'`);
      expect(over.rows[0].n).toBe(0);
    });

    it('aan het plafond (500 statements op een verbinding): een nieuw statement wordt na de lezing weer opgeruimd, een bewaard blijft', async () => {
      const vol = new pg.Client({ connectionString: app.appDbUrl });
      await vol.connect();
      try {
        const knex = eenVerbinding(vol);
        const bewaard = `select ?::int + 1000 as v`;
        expect(await stappenInEenRonde(knex, [{ vooraf: 'select 1', sql: bewaard, params: [1] }])).toEqual([
          [{ v: 1001 }],
        ]);
        for (let i = 0; i < 499; i++) await leesInEenRonde(knex, 'select 1', `select ?::int + ${i} as v`, [0]);
        const aantal = async (): Promise<number> =>
          (await vol.query(`select count(*)::int as n from pg_prepared_statements where name like 'kpl%'`)).rows[0]
            .n as number;
        expect(await aantal()).toBe(500);
        const nieuw = `select ?::int * 3 as v`;
        const stappen = [
          { vooraf: 'select 1', sql: nieuw, params: [2] },
          { vooraf: 'select 1', sql: bewaard, params: [2] },
          { vooraf: 'select 1', sql: nieuw, params: [3] },
        ];
        expect(await stappenInEenRonde(knex, stappen)).toEqual([[{ v: 6 }], [{ v: 1002 }], [{ v: 9 }]]);
        // The new one is gone again, the kept one is still there and still used as kept.
        expect(await aantal()).toBe(500);
        expect(await stappenInEenRonde(knex, [stappen[1]])).toEqual([[{ v: 1002 }]]);
        expect(await aantal()).toBe(500);
      } finally {
        await vol.end();
      }
    });

    it('meer lezingen in één ronde: elk ziet de eigen scope en geeft de eigen rijen, ook zonder bewaard statement', async () => {
      const knex = eenVerbinding(c);
      const scope = (regio: string): string =>
        `select set_config('role', 'ketenpoort_app', true), set_config('ketenpoort.vt_organisatie', '${regio}', true)`;
      const stappen = [
        {
          vooraf: scope('VT01'),
          sql: `select current_setting('ketenpoort.vt_organisatie', true) as s, ?::int as n`,
          params: [1],
        },
        {
          vooraf: scope('VT14'),
          sql: `select current_setting('ketenpoort.vt_organisatie', true) as s, n from generate_series(1, ?::int) n`,
          params: [2],
        },
      ];
      const verwacht = [
        [{ s: 'VT01', n: 1 }],
        [
          { s: 'VT14', n: 1 },
          { s: 'VT14', n: 2 },
        ],
      ];
      expect(await stappenInEenRonde(knex, stappen)).toEqual(verwacht);
      // Kept: the second time only EXECUTEs.
      expect(await stappenInEenRonde(knex, stappen)).toEqual(verwacht);
      // Gone from the connection (a pooler): prepared, run and dropped within the query, four results per read.
      await c.query('deallocate all');
      expect(await stappenInEenRonde(knex, stappen)).toEqual(verwacht);
      expect(await stappenInEenRonde(knex, stappen)).toEqual(verwacht);
      // A vooraf of two statements would shift every result after it: refused, nothing half read.
      await expect(
        stappenInEenRonde(knex, [{ ...stappen[0], vooraf: `${scope('VT01')}; select 2` }, stappen[1]]),
      ).rejects.toThrow(/één statement/);
      expect((await c.query('select 1 as een')).rows[0].een).toBe(1);
    });
  });
});
