import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A school that is deactivated can no longer see or acknowledge its Handle with Care signals. Its signals that are not
 * acknowledged while their access lasts are escalated to the teamleider of their region at once (not at lesson
 * start), so VT gets the codeword to the school another way (by phone, through Leerplicht). The signals themselves
 * stay as sent: VT may withdraw them (`hwcSignaalIntrekken`), and a school reactivated in time still sees them.
 * Returns the escalated signals. Runs in the caller's transaction.
 */
export async function escaleerSignalenAanSchool(tx: EntityManager, school: string, nu: Date): Promise<{ signaalId: string; vtOrganisatie: string; persoonId: string }[]> {
  const rijen = await tx.getConnection().execute<{ signaal_id: string; vt_organisatie: string; persoon_id: string }[]>(
    `with nieuw as (
       insert into hwc_escalatie (signaal_id, vt_organisatie, ontvanger_rol, aangemaakt_op)
       select s.id, s.vt_organisatie, 'VT_TEAMLEIDER', ? from hwc_signaal s
        where s.school = ? and s.bevestigd_op is null and s.ingetrokken_op is null and s.toegang_tot > ?
       on conflict (signaal_id) do nothing
       returning signaal_id, vt_organisatie)
     select n.signaal_id, n.vt_organisatie, s.persoon_id from nieuw n join hwc_signaal s on s.id = n.signaal_id order by n.signaal_id`,
    [nu, school, nu],
    'all',
    tx.getTransactionContext(),
  );
  return rijen.map((r) => ({ signaalId: r.signaal_id, vtOrganisatie: r.vt_organisatie, persoonId: r.persoon_id }));
}
