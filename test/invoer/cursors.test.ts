import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { alleRollen, type Rol } from '../../src/auth/rollen';
import { operaties, tokenPerRol, verzoek, type Operatie } from '../helpers/invoer';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Issue 15, item 8: a tampered pagination cursor is bad input on every list. Generated from the schemas: every field of
 * every role that takes the cursor argument `na` gets each kind of tampered cursor and answers BAD_USER_INPUT with
 * ONGELDIGE_CURSOR (never a database error behind INTERNAL_SERVER_ERROR), in that role.
 */

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');
const UUID = '6f1c2b9e-8d4a-4f3e-9b2a-1c2d3e4f5a6b';
const NU = '2026-03-10T09:00:00.000Z';

export const GEKNOEIDE_CURSORS: Record<string, string> = {
  'geen base64': '!!!@@@###',
  'willekeurige bytes': Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x7c, 0x00]).toString('base64url'),
  'geen scheidingsteken': b64('abc'),
  'drie delen': b64(`${NU}|${UUID}|x`),
  'geen tijdstip': b64(`gisteren|${UUID}`),
  'id geen uuid of getal': b64(`${NU}|abc'; drop table melding; --`),
  'id te groot voor bigint': b64(`${NU}|9999999999999999999`),
  'negatief id': b64(`${NU}|-1`),
  'tijdstip buiten bereik': b64(`+275760-09-13T00:00:00.000Z|${UUID}`),
  'tijdstip ver terug': b64(`-271821-04-20T00:00:00.000Z|1`),
  'NUL in cursor': b64(`${NU}\u0000|${UUID}`),
  enorm: 'A'.repeat(200_000),
  // Right shape, other id kind (a uuid on a list keyed by number, a number on a uuid list): one of the two is wrong.
  'uuid als id': b64(`${NU}|${UUID}`),
  'getal als id': b64(`${NU}|42`),
};

/** Cursors that are well-formed for some lists (the id kind decides): either an empty page or ONGELDIGE_CURSOR. */
const MISSCHIEN_GOED = new Set(['uuid als id', 'getal als id']);

let app: TestApp;
let token: (rol: Rol) => Promise<string>;

beforeAll(async () => {
  app = await startTestApp();
  token = await tokenPerRol(app);
});
afterAll(() => app.stop());

/** Every list of every role: the fields that take `na`. */
export function lijsten(schemas: ReadonlyMap<Rol, import('graphql').GraphQLSchema>): { rol: Rol; op: Operatie }[] {
  const uit: { rol: Rol; op: Operatie }[] = [];
  for (const rol of alleRollen) {
    for (const op of operaties(schemas.get(rol)!)) if (op.veld.args.some((a) => a.name === 'na')) uit.push({ rol, op });
  }
  return uit;
}

describe('geknoeide cursors', () => {
  it('elke lijst van elke rol: BAD_USER_INPUT met ONGELDIGE_CURSOR', { timeout: 120_000 }, async () => {
    const alle = lijsten(app.api.schemas);
    expect(new Set(alle.map((l) => l.op.veld.name)).size).toBeGreaterThanOrEqual(13);
    const fouten: string[] = [];
    for (const { rol, op } of alle) {
      const t = await token(rol);
      const na = op.veld.args.find((a) => a.name === 'na')!;
      let afgewezen = 0;
      for (const [soort, cursor] of Object.entries(GEKNOEIDE_CURSORS)) {
        const { query, variables } = verzoek(
          op,
          { argument: na.name, pad: [], type: 'String', inLijst: false },
          cursor,
        );
        const r = await app.gql(t, query, variables);
        const fout = r.body.errors?.[0];
        const cursorFout =
          fout?.extensions?.code === 'BAD_USER_INPUT' && fout.extensions.reden === 'ONGELDIGE_CURSOR' && r.status < 500;
        if (cursorFout) afgewezen++;
        else if (!(MISSCHIEN_GOED.has(soort) && !r.body.errors && r.status === 200)) {
          fouten.push(
            `${rol} ${op.veld.name} (${soort}): ${r.status} ${JSON.stringify(r.body.errors ?? r.body.data).slice(0, 300)}`,
          );
        }
      }
      // Of the two well-formed kinds, exactly one is the wrong kind for this list.
      if (afgewezen < Object.keys(GEKNOEIDE_CURSORS).length - 1) {
        fouten.push(`${rol} ${op.veld.name}: ${afgewezen} afgewezen`);
      }
    }
    expect(fouten).toEqual([]);
  });
});
