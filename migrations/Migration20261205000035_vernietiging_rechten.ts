import { Migration } from '@mikro-orm/migrations';

import { DOSSIER_FUNCTIE, VERNIETIG_FUNCTIE } from './Migration20261205000034_bewaring';

/** Where the requests of the data subjects are removed: before the webhook events, with the other rows of the casus. */
const ANKER = '  -- Webhook events about the dossier and their deliveries';

/**
 * Destruction (migration 34) and the rights of data subjects (migration 33) were built side by side: a dossier with a
 * request of a data subject could not be destroyed (the request refers to the casus and the person), and the
 * corrections keep the original text. The destruction now removes the requests of the casus, their corrections (with
 * the originals and the person's own view) and their restrictions, and frees their answer termijnen, counted in the
 * tombstone like every other table.
 */
const RECHTEN = `  -- The requests of the data subjects of this dossier (src/rechten), their corrections and restrictions.
  update termijn set rechtenverzoek_id = null
   where rechtenverzoek_id in (select id from rechtenverzoek where casus_id = v_casus);
  delete from verwerkingsbeperking where casus_id = v_casus;
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('verwerkingsbeperking', v_n);
  delete from gegevenscorrectie where casus_id = v_casus;
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('gegevenscorrectie', v_n);
  delete from rechtenverzoek where casus_id = v_casus;
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('rechtenverzoek', v_n);

`;

/** The ids of the requests belong to the dossier too: audit records that name them are redacted with the rest. */
const DOSSIER_ANKER = '      union all select id::text from huisverbod where casus_id = p_casus';
const DOSSIER_RECHTEN = `      union all select id::text from rechtenverzoek where casus_id = p_casus
      union all select id::text from gegevenscorrectie where casus_id = p_casus
      union all select id::text from verwerkingsbeperking where casus_id = p_casus
`;

function dossier(metRechten: boolean): string {
  if (!DOSSIER_FUNCTIE.includes(DOSSIER_ANKER)) throw new Error('bewaring_dossier: het anker ontbreekt');
  const sql = DOSSIER_FUNCTIE.replace(
    'create function bewaring_dossier',
    'create or replace function bewaring_dossier',
  );
  return metRechten ? sql.replace(DOSSIER_ANKER, `${DOSSIER_RECHTEN}${DOSSIER_ANKER}`) : sql;
}

function functie(metRechten: boolean): string {
  if (!VERNIETIG_FUNCTIE.includes(ANKER)) {
    throw new Error('vernietig_dossier: het anker voor de rechtentabellen ontbreekt');
  }
  const sql = VERNIETIG_FUNCTIE.replace(
    'create function vernietig_dossier',
    'create or replace function vernietig_dossier',
  );
  return metRechten ? sql.replace(ANKER, `${RECHTEN}${ANKER}`) : sql;
}

export class Migration20261205000035_vernietiging_rechten extends Migration {
  override async up(): Promise<void> {
    this.addSql(dossier(true));
    this.addSql(functie(true));
  }

  override async down(): Promise<void> {
    this.addSql(dossier(false));
    this.addSql(functie(false));
  }
}
