import { auditSysteemwerk } from '../../audit/systeem-audit';
import { grondslagPerRol } from '../../beleid/beleid';
import { KETENPARTNER_WACHTRIJ } from '../../hwc/jobs/escaleer-hwc-signalen.job';
import type { JobDefinitie, Schema } from '../../lib/job';

/**
 * Escalates every ZSM request unanswered at its deadline to the VT teamleider of the region: one zsm_escalatie row per
 * request (primary key), so repeated or overlapping runs write nothing twice. Each escalation is audited under the
 * system actor in the same transaction.
 */
export const escaleerZsmVerzoekenJob: JobDefinitie = {
  wachtrij: KETENPARTNER_WACHTRIJ,
  naam: 'zsm-verzoeken-escaleren',
  async verwerk(deps) {
    const nu = deps.clock.now();
    const rijen = await deps.orm.em.fork().transactional(async (tx) => {
      const nieuw = await tx.getConnection().execute<{ verzoek_id: string; vt_organisatie: string }[]>(
        `insert into zsm_escalatie (verzoek_id, vt_organisatie, ontvanger_rol, aangemaakt_op)
         select v.id, v.vt_organisatie, 'VT_TEAMLEIDER', ? from zsm_verzoek v where v.beantwoord_op is null and v.antwoord_voor <= ?
         on conflict (verzoek_id) do nothing
         returning verzoek_id, vt_organisatie`,
        [nu, nu],
        'all',
        tx.getTransactionContext(),
      );
      await auditSysteemwerk(
        tx,
        deps,
        escaleerZsmVerzoekenJob.naam,
        nieuw.map((r) => ({
          gebeurtenis: 'ZSM_VERZOEK_ESCALEREN',
          actie: 'C',
          vtOrganisatie: r.vt_organisatie,
          objectType: 'ZsmVerzoek',
          objectId: r.verzoek_id,
          velden: ['escalatie'],
          grondslag: `${grondslagPerRol.OM_ZSM_MEDEWERKER} (bewaking van de antwoordtermijn)`,
        })),
      );
      return nieuw;
    });
    for (const r of rijen) deps.log.info({ verzoekId: r.verzoek_id, regio: r.vt_organisatie }, 'ZSM-verzoek niet binnen de termijn beantwoord: geëscaleerd');
    return { geescaleerd: rijen.length };
  },
};

export const escaleerZsmVerzoekenSchema: Schema = {
  id: 'zsm-verzoeken-escaleren-periodiek',
  job: escaleerZsmVerzoekenJob,
  elkeMs: (config) => config.ketenpartnerBewakingIntervalMs,
};
