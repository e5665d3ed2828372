import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A deactivated OM or politie organisation can no longer read VT's answer. Its requests VT has not answered yet are
 * escalated to the teamleider of the region at once (not at the deadline), so VT gives what is needed for the
 * victim's safety to the ZSM table another way, or lets it rest. The requests stay as they are; an answer given
 * anyway is seen by the requester only if it is reactivated within ZSM_INZAGE_DAGEN. Returns the escalated requests.
 * Runs in the caller's transaction.
 */
export async function escaleerVerzoekenVanAanvrager(
  tx: EntityManager,
  aanvrager: string,
  nu: Date,
): Promise<{ verzoekId: string; vtOrganisatie: string }[]> {
  const rijen = await tx.getConnection().execute<{ verzoek_id: string; vt_organisatie: string }[]>(
    `with nieuw as (
       insert into notificatie (id, vt_organisatie, termijn_id, soort, ontvanger, ontvanger_rol, aangemaakt_op)
       select gen_random_uuid(), v.vt_organisatie, t.id, 'ESCALATIE', null, 'VT_TEAMLEIDER', ?
         from zsm_verzoek v join termijn t on t.zsm_verzoek_id = v.id and t.soort = 'ZSM_ANTWOORD'
        where v.aanvrager = ? and v.beantwoord_op is null
       on conflict (termijn_id, soort) do nothing
       returning termijn_id, vt_organisatie)
     select t.zsm_verzoek_id as verzoek_id, n.vt_organisatie from nieuw n join termijn t on t.id = n.termijn_id`,
    [nu, aanvrager],
    'all',
    tx.getTransactionContext(),
  );
  return rijen
    .map((r) => ({ verzoekId: r.verzoek_id, vtOrganisatie: r.vt_organisatie }))
    .sort((a, b) => a.verzoekId.localeCompare(b.verzoekId));
}
