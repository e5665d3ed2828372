import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';

import { migrations } from '../../migrations';
import { schrijfGebeurtenis } from '../../src/gebeurtenissen/outbox';
import { ensureDatabase, initOrm, ormOptions, withDatabase } from '../../src/lib/database';
import { entities } from '../../src/modules';

/**
 * Migration 18 numbers the events that exist per recipient, in their existing order, and starts each recipient's
 * counter after them. Run on a database migrated up to the migration before it, with events written as the previous
 * version wrote them (one global volgnummer).
 */
const MIJN = 'Migration20261204000018_volgnummer_per_ontvanger';
let orm: MikroORM;
let pg: Client;

beforeAll(async () => {
  const server = inject('pgServerUrl');
  const naam = `kp_test_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(server, naam);
  orm = await initOrm(ormOptions(withDatabase(server, naam), entities as never, migrations));
  const vorige = migrations[migrations.findIndex((m) => m.name === MIJN) - 1].name;
  await orm.getMigrator().up({ to: vorige });
  pg = new Client({ connectionString: withDatabase(server, naam) });
  await pg.connect();
});
afterAll(async () => {
  await pg.end();
  await orm.close();
});

describe('migratie 18: volgnummer per ontvanger', () => {
  it('bestaande gebeurtenissen krijgen per ontvanger 1, 2, 3, ... in hun bestaande volgorde; de teller gaat daarna verder', async () => {
    const ontvangers = ['WT-M-A', 'GI-M-B', 'WT-M-C'];
    for (const o of ontvangers) {
      await pg.query(`insert into organisatie (code, naam, soort, regio_codes) values ($1, $1, 'WIJKTEAM', '{VT14}')`, [
        o,
      ]);
    }
    // Interleaved, as the global sequence handed them out.
    const volgorde = ['WT-M-A', 'GI-M-B', 'WT-M-A', 'WT-M-A', 'GI-M-B', 'WT-M-A', 'GI-M-B', 'WT-M-A'];
    const ids: Record<string, string[]> = { 'WT-M-A': [], 'GI-M-B': [] };
    for (const o of volgorde) {
      const id = crypto.randomUUID();
      ids[o].push(id);
      await pg.query(
        `insert into gebeurtenis (id, ontvanger, type, object_type, object_id, aangemaakt_op) values ($1, $2, 'overdracht.aangeboden', 'Overdracht', 'x', now())`,
        [id, o],
      );
    }

    await orm.getMigrator().up({ to: MIJN });

    for (const o of ['WT-M-A', 'GI-M-B']) {
      const rijen = await pg.query(
        `select id, volgnummer::int as v from gebeurtenis where ontvanger = $1 order by volgorde`,
        [o],
      );
      expect(rijen.rows.map((r: { id: string }) => r.id)).toEqual(ids[o]);
      expect(rijen.rows.map((r: { v: number }) => r.v)).toEqual(ids[o].map((_, i) => i + 1));
    }
    const tellers = await pg.query(
      `select ontvanger, laatste::int as laatste from gebeurtenis_teller order by ontvanger`,
    );
    expect(tellers.rows).toEqual([
      { ontvanger: 'GI-M-B', laatste: 3 },
      { ontvanger: 'WT-M-A', laatste: 5 },
    ]);

    // The next event of each continues its own numbering; a recipient without events starts at 1 (written by today's
    // code, so on today's schema: the later migrations leave the numbering alone).
    await orm.getMigrator().up();
    const schrijf = (ontvanger: string) =>
      orm.em.fork().transactional((tx) =>
        schrijfGebeurtenis(tx, {
          ontvanger,
          type: 'overdracht.aangeboden',
          objectType: 'Overdracht',
          objectId: 'y',
          vtOrganisatie: null,
          casusId: null,
          op: new Date(),
        }),
      );
    const nummer = async (id: string | null) =>
      (await pg.query(`select volgnummer::int as v from gebeurtenis where id = $1`, [id])).rows[0].v as number;
    expect(await nummer(await schrijf('WT-M-A'))).toBe(6);
    expect(await nummer(await schrijf('GI-M-B'))).toBe(4);
    expect(await nummer(await schrijf('WT-M-C'))).toBe(1);
    // One number twice for one recipient is refused by the database.
    await expect(
      pg.query(
        `insert into gebeurtenis (id, ontvanger, volgnummer, type, object_type, object_id, aangemaakt_op) values ($1, 'WT-M-A', 1, 'overdracht.aangeboden', 'Overdracht', 'z', now())`,
        [crypto.randomUUID()],
      ),
    ).rejects.toThrow(/gebeurtenis_ontvanger_volgnummer_uniek/);
  });
});
