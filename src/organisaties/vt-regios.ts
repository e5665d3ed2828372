import type { EntityManager } from '@mikro-orm/postgresql';

import regioData from '../../data/vt-regios.json';
import { pgArrayLiteral } from '../lib/sql';

export interface VtRegio {
  code: string;
  naam: string;
  veiligheidsregio: string;
}

/** The configured VT organisations (data/vt-regios.json). */
export const vtRegios: readonly VtRegio[] = regioData.regios;

/**
 * Brings the organisatie table in line with the data file: inserts new regions and renames changed ones.
 * Idempotent; run at every start. A region removed from the file is deactivated, never deleted,
 * because cases and audit records refer to it.
 */
export async function synchroniseerVtRegios(em: EntityManager): Promise<void> {
  const codes = vtRegios.map((r) => r.code);
  await em.getConnection().execute(
    `insert into organisatie (code, naam, soort, regio_codes, actief)
     select r.code, r.naam, 'VEILIG_THUIS', array[r.code], true
       from jsonb_to_recordset(?::jsonb) as r(code text, naam text)
     on conflict (code) do update set naam = excluded.naam, actief = true`,
    [JSON.stringify(vtRegios)],
  );
  await em
    .getConnection()
    .execute(`update organisatie set actief = false where soort = 'VEILIG_THUIS' and not (code = any(?::text[]))`, [
      pgArrayLiteral(codes),
    ]);
}
