import type { EntityManager } from '@mikro-orm/postgresql';

import { type BewaarFeiten, type Bewaartermijn, bewaartermijn } from './bewaring.datum';
import type { BewaringRij } from './bewaring.types';

/** The columns of a bewaring row, dates as text (JJJJ-MM-DD), so no time zone shifts them. */
export const BEWARING_KOLOMMEN = `b.id::text as id, b.vt_organisatie, b.casus_id::text as casus_id, b.status,
  b.gesloten_op::text as gesloten_op, b.uitgesteld_tot::text as uitgesteld_tot, b.te_beoordelen_sinds, b.legal_hold,
  b.legal_hold_reden, b.legal_hold_door, b.legal_hold_op, b.vroegtijdig_verzoeker, b.voorgesteld_door, b.voorgesteld_op,
  b.motivering, b.goedgekeurd_door, b.vernietigd_op, b.verwijderd, b.versie, b.maatregel_einde::text as maatregel_einde,
  b.maatregel_uitkomst, b.maatregel_einde_door, b.maatregel_einde_vastgelegd_op`;

/** One casus with what its retention depends on. */
export interface CasusBewaring {
  casusId: string;
  vtOrganisatie: string;
  feiten: BewaarFeiten;
  termijn: Bewaartermijn;
  /** The day the latest measure began (null: none was ever detected). */
  maatregelSinds: string | null;
  rij?: BewaringRij;
}

interface FeitenRij {
  casus_id: string;
  vt_organisatie: string;
  gesloten_op: string | null;
  geboortedata: string[];
  /** The day (Dutch calendar) the latest measure began: a GI accepting a handover, the Raad accepting a verzoek. */
  maatregel_sinds: string | null;
}

/**
 * Loads the retention facts of casussen: closing date (Dutch calendar), the birth dates of their persons, whether a
 * child-protection measure may need the file (a handover accepted by a GI, which works only under a measure, or a
 * Verzoek tot Onderzoek the Raad accepted, and no end of it recorded since: maatregelEinde), and the bewaring row if
 * any. Runs under the caller's scope (row-level
 * security); `voorUpdate` locks the bewaring rows.
 */
export async function laadBewaring(
  tx: EntityManager,
  casusIds: readonly string[],
  voorUpdate = false,
): Promise<Map<string, CasusBewaring>> {
  const uit = new Map<string, CasusBewaring>();
  if (casusIds.length === 0) return uit;
  const ids = `{${casusIds.join(',')}}`;
  const conn = tx.getConnection();
  const feiten = await conn.execute<FeitenRij[]>(
    `select c.id::text as casus_id, c.vt_organisatie,
            to_char(c.gesloten_op at time zone 'Europe/Amsterdam', 'YYYY-MM-DD') as gesloten_op,
            array(select to_char(p.geboortedatum, 'YYYY-MM-DD') from persoon p
                   where p.geboortedatum is not null
                     and p.id in (select cp.persoon_id from casus_persoon cp where cp.casus_id = c.id
                                  union select b.persoon_id from betrokkene b join melding m on m.id = b.melding_id
                                   where m.casus_id = c.id)) as geboortedata,
            to_char(greatest(
              (select max(o.besluit_op) from overdracht o join organisatie g on g.code = o.ontvanger
                where o.casus_id = c.id and g.soort = 'GECERTIFICEERDE_INSTELLING'
                  and o.status in ('GEACCEPTEERD', 'CONTACT_BEVESTIGD', 'AFGEROND')),
              (select max(v.besluit_op) from verzoek_tot_onderzoek v where v.casus_id = c.id and v.besluit = 'GEACCEPTEERD')
            ) at time zone 'Europe/Amsterdam', 'YYYY-MM-DD') as maatregel_sinds
       from casus c where c.id = any(?::uuid[])`,
    [ids],
    'all',
    tx.getTransactionContext(),
  );
  const rijen = await conn.execute<BewaringRij[]>(
    `select ${BEWARING_KOLOMMEN} from bewaring b where b.casus_id = any(?::uuid[])${voorUpdate ? ' for update' : ''}`,
    [ids],
    'all',
    tx.getTransactionContext(),
  );
  const perCasus = new Map(rijen.map((r) => [r.casus_id, r]));
  for (const f of feiten) {
    const rij = perCasus.get(f.casus_id);
    // A recorded end covers the measures that began on or before it; a measure that began later runs again.
    const einde = rij?.maatregel_einde ?? null;
    const loopt = f.maatregel_sinds !== null && (einde === null || f.maatregel_sinds > einde);
    const bf: BewaarFeiten = {
      geslotenOp: f.gesloten_op,
      geboortedata: f.geboortedata,
      maatregel: loopt,
      maatregelEinde: loopt ? null : einde,
      legalHold: rij?.legal_hold ?? false,
      uitgesteldTot: rij?.uitgesteld_tot ?? null,
    };
    uit.set(f.casus_id, {
      casusId: f.casus_id,
      vtOrganisatie: f.vt_organisatie,
      feiten: bf,
      termijn: bewaartermijn(bf),
      maatregelSinds: f.maatregel_sinds,
      rij,
    });
  }
  return uit;
}
