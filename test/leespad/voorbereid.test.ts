import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { leesRijen, zetVoorbereideStatements } from '../../src/lib/lezen';
import { meldingInvoer } from '../helpers/fabriek';
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
          `select name, statement from pg_prepared_statements where name like 'kp\\_%' and statement not like '%pg_prepared_statements%'`,
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

  it('een pagina meldingen met relaties kost vier statements: BEGIN met de scope, de pagina, COMMIT, de auditregels', async () => {
    const t = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-voorbereid' });
    const q = `{ meldingen(eerste: 20) { edges { node { id melder { naam } betrokkenen { persoon { bsn adres { straat } } } } } } }`;
    expect((await app.gql(t, q)).body.errors).toBeUndefined();
    const gestuurd: string[] = [];
    // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, and called with `this` below
    const origineel = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q0 = args[0] as string | { text: string };
      gestuurd.push(typeof q0 === 'string' ? q0 : q0.text);
      return (origineel as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof origineel;
    try {
      const r = await app.gql<{ meldingen: { edges: unknown[] } }>(t, q);
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data!.meldingen.edges.length).toBeGreaterThan(0);
    } finally {
      pg.Client.prototype.query = origineel;
    }
    const soorten = gestuurd.map((s) => s.trim().split(/\s+/).slice(0, 2).join(' ').toLowerCase());
    expect(soorten).toEqual(['begin; select', 'select m.id,', 'commit;', 'insert into']);
    expect(gestuurd[0]).toContain(`set_config('ketenpoort.vt_organisatie', 'VT14', true)`);
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
});
