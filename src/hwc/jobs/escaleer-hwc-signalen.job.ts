import { auditSysteemwerk } from '../../audit/systeem-audit';
import type { JobDefinitie, Schema } from '../../lib/job';

export const KETENPARTNER_WACHTRIJ = 'ketenpartners';

/**
 * Escalates every Handle with Care signal not acknowledged when lessons started to the VT teamleider of its region:
 * one hwc_escalatie row per signal (primary key), so a run that repeats or overlaps writes nothing twice. The table
 * is the schedule: nothing lives only in the queue, and a lost queue loses at most one interval. Each escalation is
 * audited under the system actor in the same transaction.
 */
export const escaleerHwcSignalenJob: JobDefinitie = {
  wachtrij: KETENPARTNER_WACHTRIJ,
  naam: 'hwc-signalen-escaleren',
  async verwerk(deps) {
    const nu = deps.clock.now();
    const rijen = await deps.orm.em.fork().transactional(async (tx) => {
      const nieuw = await tx.getConnection().execute<{ signaal_id: string; vt_organisatie: string; persoon_id: string }[]>(
        `with nieuw as (
           insert into hwc_escalatie (signaal_id, vt_organisatie, ontvanger_rol, aangemaakt_op)
           select s.id, s.vt_organisatie, 'VT_TEAMLEIDER', ? from hwc_signaal s
            where s.bevestigd_op is null and s.ingetrokken_op is null and s.leveren_voor <= ?
           on conflict (signaal_id) do nothing
           returning signaal_id, vt_organisatie)
         select n.signaal_id, n.vt_organisatie, s.persoon_id from nieuw n join hwc_signaal s on s.id = n.signaal_id`,
        [nu, nu],
        'all',
        tx.getTransactionContext(),
      );
      await auditSysteemwerk(
        tx,
        deps,
        escaleerHwcSignalenJob.naam,
        nieuw.map((r) => ({
          gebeurtenis: 'HWC_SIGNAAL_ESCALEREN',
          actie: 'C',
          vtOrganisatie: r.vt_organisatie,
          objectType: 'HwcSignaal',
          objectId: r.signaal_id,
          persoonIds: [r.persoon_id],
          velden: ['escalatie'],
          grondslag: 'Handle with Care-convenant: bewaking van de ontvangstbevestiging vóór de lesstart',
        })),
      );
      return nieuw;
    });
    for (const r of rijen) deps.log.info({ signaalId: r.signaal_id, regio: r.vt_organisatie }, 'Handle with Care niet bevestigd vóór lesstart: geëscaleerd');
    return { geescaleerd: rijen.length };
  },
};

export const escaleerHwcSignalenSchema: Schema = {
  id: 'hwc-signalen-escaleren-periodiek',
  job: escaleerHwcSignalenJob,
  elkeMs: (config) => config.ketenpartnerBewakingIntervalMs,
};
