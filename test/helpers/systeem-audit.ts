import type { TestApp } from './testapp';

/** One audit record of the worker, with the columns that make it recognisable and scoped. */
export interface SysteemAuditRegel {
  gebeurtenis: string;
  actie: string;
  gebruiker: string;
  gebruiker_naam: string;
  actor_soort: string;
  rol: string;
  organisatie: string;
  vt_organisatie: string | null;
  object_type: string;
  persoon_ids: string[];
  toegangspunt: string;
  verzoek_id: string;
}

/** The audit records the worker (gebruiker systeem:worker) wrote about `objectId`, oldest first. */
export async function systeemAudit(app: TestApp, objectId: string): Promise<SysteemAuditRegel[]> {
  return (await app.sql(
    `select gebeurtenis, actie, gebruiker, gebruiker_naam, actor_soort, rol, organisatie, vt_organisatie, object_type,
            persoon_ids::text[] as persoon_ids, toegangspunt, verzoek_id
       from audit_gebeurtenis where gebruiker = 'systeem:worker' and object_id = $1 order by id`,
    [objectId],
  )) as unknown as SysteemAuditRegel[];
}

/** What every record of the worker carries: the system actor, acting for the given organisation. */
export const SYSTEEM_ACTOR = (organisatie: string): Partial<SysteemAuditRegel> => ({
  gebruiker: 'systeem:worker',
  gebruiker_naam: 'Ketenpoort-worker',
  actor_soort: 'SYSTEEM',
  rol: 'SYSTEEM',
  organisatie,
  toegangspunt: 'worker',
});
