import type { Knex } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AuditBundelaar } from '../../src/audit/audit-bundel';
import type { AuditRegel } from '../../src/audit/audit-inhoud';
import { auditRegel, meldingInvoer, REGISTREER } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Group commit of read records (src/audit/audit-bundel.ts): requests that wait while an INSERT is in flight go
 * together in the next one; each request resolves only when its own records are committed; a failing bundle is
 * retried request by request, so one request's failure is not another's.
 */
const regel = (verzoekId: string): AuditRegel => auditRegel({ verzoekId });

/** A knex stand-in: records each INSERT's request ids; `houd` keeps the next call pending until released. */
function nepKnex(weiger: (ids: string[]) => boolean = () => false) {
  const aanroepen: string[][] = [];
  let vrij: (() => void) | undefined;
  let houd = false;
  // Released before the held INSERT reached the stand-in (it first takes a connection, a tick later): let it pass then.
  let alVrij = false;
  const raw = (_sql: string, params: readonly string[]) => {
    const ids = (JSON.parse(params[0]) as unknown[][]).map((r) => r[10] as string);
    aanroepen.push(ids);
    const uitkomst = (): Promise<void> => (weiger(ids) ? Promise.reject(new Error('geweigerd')) : Promise.resolve());
    if (!houd) return uitkomst();
    houd = false;
    if (alVrij) return uitkomst();
    return new Promise<void>((r) => (vrij = r)).then(uitkomst);
  };
  // The pool's side that the bundler uses (a connection runs the INSERT as a named prepared statement, lib/lezen.ts).
  const knex = {
    raw,
    client: {
      positionBindings: (sql: string) => sql,
      acquireConnection: () =>
        Promise.resolve({ query: (q: { text: string; values: readonly string[] }) => raw(q.text, q.values) }),
      releaseConnection: () => Promise.resolve(),
    },
  };
  return {
    knex: knex as unknown as Knex,
    aanroepen,
    houdVolgende: () => (houd = true),
    laatGaan: () => (vrij ? vrij() : (alVrij = true)),
  };
}

describe('auditregels van gelijktijdige verzoeken: één INSERT per bundel', () => {
  it('wie wacht terwijl een INSERT loopt, gaat mee in de volgende; ieder hoort pas na zijn eigen commit', async () => {
    const nep = nepKnex();
    const b = new AuditBundelaar(nep.knex);
    nep.houdVolgende();
    const klaar: string[] = [];
    const eerste = b.schrijf([regel('a')]).then(() => klaar.push('a'));
    const rest = ['b', 'c', 'd'].map((id) => b.schrijf([regel(id), regel(id)]).then(() => klaar.push(id)));
    await new Promise((r) => setTimeout(r, 10));
    expect(klaar).toEqual([]);
    nep.laatGaan();
    await Promise.all([eerste, ...rest]);
    expect(nep.aanroepen).toEqual([['a'], ['b', 'b', 'c', 'c', 'd', 'd']]);
    expect(klaar).toEqual(['a', 'b', 'c', 'd']);
  });

  it('met twee INSERTs tegelijk (AUDIT_BUNDELS_IN_VLUCHT=2) wacht een verzoek niet op een lopende bundel', async () => {
    const nep = nepKnex();
    const b = new AuditBundelaar(nep.knex, 2);
    nep.houdVolgende();
    const klaar: string[] = [];
    const alle = ['a', 'b', 'c', 'd'].map((id) => b.schrijf([regel(id)]).then(() => klaar.push(id)));
    await new Promise((r) => setTimeout(r, 10));
    // 'a' is held; 'b' went at once in the second INSERT, 'c' and 'd' waited for it and went together.
    expect(nep.aanroepen).toEqual([['a'], ['b'], ['c', 'd']]);
    expect(klaar).toEqual(['b', 'c', 'd']);
    nep.laatGaan();
    await Promise.all(alle);
    expect(klaar).toEqual(['b', 'c', 'd', 'a']);
  });

  it('een mislukte bundel wordt per verzoek herhaald: alleen het verzoek dat niet kan, faalt', async () => {
    const nep = nepKnex((ids) => ids.includes('slecht'));
    const b = new AuditBundelaar(nep.knex);
    nep.houdVolgende();
    const eerste = b.schrijf([regel('a')]);
    const uitkomsten = Promise.allSettled(['b', 'slecht', 'c'].map((id) => b.schrijf([regel(id)])));
    nep.laatGaan();
    await eerste;
    expect((await uitkomsten).map((u) => u.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(nep.aanroepen).toEqual([['a'], ['b', 'slecht', 'c'], ['b'], ['slecht'], ['c']]);
  });
});

describe('door GraphQL: gelijktijdige lezingen hebben elk hun eigen auditregels', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('twintig gelijktijdige lijstverzoeken: elk verzoek precies de regels van wat het las', async () => {
    const t = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-bundel' });
    const mw = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-bundel' });
    for (let i = 0; i < 3; i++) {
      expect((await app.gql(mw, REGISTREER, { invoer: meldingInvoer() })).body.errors).toBeUndefined();
    }
    const ids = Array.from({ length: 20 }, (_, i) => `bundel-${i}`);
    const antwoorden = await Promise.all(
      ids.map((id) =>
        app.gql<{ meldingen: { edges: unknown[] } }>(
          t,
          `{ meldingen(eerste: 2) { edges { node { id omschrijving } } } }`,
          undefined,
          {
            'x-request-id': id,
          },
        ),
      ),
    );
    for (const a of antwoorden) {
      expect(a.body.errors).toBeUndefined();
      expect(a.body.data!.meldingen.edges).toHaveLength(2);
    }
    const rijen = await app.sql(
      `select verzoek_id, count(*)::int as n from audit_gebeurtenis where verzoek_id = any($1) group by 1`,
      [ids],
    );
    expect(new Map(rijen.map((r) => [r.verzoek_id, r.n]))).toEqual(new Map(ids.map((id) => [id, 2])));
  });
});
