import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A school that is deactivated can no longer see or acknowledge its Handle with Care signals. Its signals that are not
 * acknowledged while their access lasts are escalated to the teamleider of their region at once (not at lesson
 * start; the escalation of the signal's termijn, as the termijn job would write it), so VT gets the codeword to the school another way (by phone, through Leerplicht). The signals themselves
 * stay as sent: VT may withdraw them (`hwcSignaalIntrekken`), and a school reactivated in time still sees them.
 * Returns the escalated signals. Runs in the caller's transaction.
 */
export async function escaleerSignalenAanSchool(
  tx: EntityManager,
  school: string,
  nu: Date,
): Promise<{ signaalId: string; vtOrganisatie: string; persoonId: string }[]> {
  const rijen = await tx.getConnection().execute<{ signaal_id: string; vt_organisatie: string; persoon_id: string }[]>(
    `with nieuw as (
       insert into notificatie (id, vt_organisatie, termijn_id, soort, ontvanger, ontvanger_rol, aangemaakt_op)
       select gen_random_uuid(), s.vt_organisatie, t.id, 'ESCALATIE', null, 'VT_TEAMLEIDER', ?
         from hwc_signaal s join termijn t on t.hwc_signaal_id = s.id and t.soort = 'HWC_ONTVANGSTBEVESTIGING'
        where s.school = ? and s.bevestigd_op is null and s.ingetrokken_op is null and s.toegang_tot > ?
       on conflict (termijn_id, soort) do nothing
       returning termijn_id, vt_organisatie)
     select t.hwc_signaal_id as signaal_id, n.vt_organisatie, s.persoon_id
       from nieuw n join termijn t on t.id = n.termijn_id join hwc_signaal s on s.id = t.hwc_signaal_id order by 1`,
    [nu, school, nu],
    'all',
    tx.getTransactionContext(),
  );
  return rijen.map((r) => ({ signaalId: r.signaal_id, vtOrganisatie: r.vt_organisatie, persoonId: r.persoon_id }));
}
