import { KETENPARTNER_WACHTRIJ } from '../../hwc/jobs/escaleer-hwc-signalen.job';
import type { JobDefinitie, Schema } from '../../lib/job';

/**
 * Escalates every ZSM request unanswered at its deadline to the VT teamleider of the region: one zsm_escalatie row per
 * request (primary key), so repeated or overlapping runs write nothing twice.
 */
export const escaleerZsmVerzoekenJob: JobDefinitie = {
  wachtrij: KETENPARTNER_WACHTRIJ,
  naam: 'zsm-verzoeken-escaleren',
  async verwerk(deps) {
    const nu = deps.clock.now();
    const rijen = await deps.orm.em.getConnection().execute<{ verzoek_id: string; vt_organisatie: string }[]>(
      `insert into zsm_escalatie (verzoek_id, vt_organisatie, ontvanger_rol, aangemaakt_op)
       select v.id, v.vt_organisatie, 'VT_TEAMLEIDER', ? from zsm_verzoek v where v.beantwoord_op is null and v.antwoord_voor <= ?
       on conflict (verzoek_id) do nothing
       returning verzoek_id, vt_organisatie`,
      [nu, nu],
    );
    for (const r of rijen) deps.log.info({ verzoekId: r.verzoek_id, regio: r.vt_organisatie }, 'ZSM-verzoek niet binnen de termijn beantwoord: geëscaleerd');
    return { geescaleerd: rijen.length };
  },
};

export const escaleerZsmVerzoekenSchema: Schema = {
  id: 'zsm-verzoeken-escaleren-periodiek',
  job: escaleerZsmVerzoekenJob,
  elkeMs: (config) => config.ketenpartnerBewakingIntervalMs,
};
