import type { MikroORM } from '@mikro-orm/postgresql';

import type { Config } from '../src/lib/config';
import type { Logger } from '../src/lib/logger';
import { VullingAfgebroken, type VulOpties } from '../src/demo-vulling';
import { inRegio } from '../src/lib/regio';
import { melderToegangService } from '../src/melders/melder-toegang.service';
import { beoordelingVan } from './jaar/beoordeling';
import { informerenVan } from './jaar/informeren';
import { casusVerloop } from './jaar/casus';
import { huishoudensVan } from './jaar/huishoudens';
import { planJaar } from './jaar/intake';
import type { Gebeurtenis } from './jaar/agenda';
import type { DemoOmvang, DemoVerslag } from './jaar/model';
import { maakSimulatie } from './jaar/simulatie';

export { type DemoOmvang, type DemoVerslag, GOOI_EN_VECHTSTREEK } from './jaar/model';

/**
 * A year of work of one Veilig Thuis region, simulated through the real services (validated, audited, with
 * termijnen) on a clock that moves forward from a year ago to now. Volumes and shapes follow DOMAIN.md §6:
 * Gooi en Vechtstreek 2023 for the volume, the national CBS shape for who reports, what kind of violence,
 * and previous involvement (CBS 85361). Work is done mostly on time and sometimes late, as in reality
 * (DOMAIN.md §2: no organisation met the 5-day norm in 2023); what would happen after "now" is left open,
 * so the teamleider view shows work due, overdue and in every fase. Deterministic for a given seed.
 */
export async function simuleerJaar(
  orm: MikroORM,
  log: Logger,
  config: Config,
  nu: Date,
  omvang: DemoOmvang,
  opties?: VulOpties,
): Promise<DemoVerslag> {
  const begonnen = Date.now();
  const sim = maakSimulatie(orm, log, config, nu, omvang);
  const casus = casusVerloop(sim);
  planJaar(sim, huishoudensVan(sim), casus, beoordelingVan(sim, casus, informerenVan(sim, casus)));
  const { agenda, clock, k, jaarBegin, verslag, regio } = sim;

  let g: Gebeurtenis | undefined;
  let maand = '';
  while ((g = agenda.volgende())) {
    // Stopping the server stops the year between two steps (its mark stays unfinished: the next start redoes it).
    if (opties?.signaal.aborted) throw new VullingAfgebroken();
    clock.set(new Date(g.op));
    const m = k.lokaleDatum(clock.now()).slice(0, 7);
    if (m !== maand && g.op >= jaarBegin.getTime()) {
      maand = m;
      const voortgang = { regio, maand, meldingen: verslag.meldingen, adviezen: verslag.adviezen };
      log.info(voortgang, 'demodata: voortgang');
      opties?.voortgang(voortgang);
    }
    await g.doe();
  }
  verslag.melderGeheim = await melderToegangVoorDemo(sim);
  verslag.duurMs = Date.now() - begonnen;
  return verslag;
}

/**
 * A melder access for the demo (src/melders): the teamleider issues one for the most recent melding with a named
 * melder, as VT would hand it to the melder. Its secret is shown once; laadDemoData keeps it for `npm run token -- MELDER`.
 */
async function melderToegangVoorDemo(sim: ReturnType<typeof maakSimulatie>): Promise<string | undefined> {
  const { context, teamleider, regio, stap } = sim;
  const [rij] = await inRegio(context(teamleider), regio, (tx) =>
    tx.getConnection().execute<{ id: string }[]>(
      `select m.id from melding m join melder d on d.melding_id = m.id
        where m.vt_organisatie = ? and d.naam is not null order by m.ontvangen_op desc limit 1`,
      [regio],
      'all',
      tx.getTransactionContext(),
    ),
  );
  if (!rij) return undefined;
  const t = await stap(teamleider, (ctx) => melderToegangService.uitgeven(ctx, rij.id, 90));
  return t?.geheim ?? undefined;
}
