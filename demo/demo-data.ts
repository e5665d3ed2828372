import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { MikroORM } from '@mikro-orm/postgresql';

import { analyseVerversenJob } from '../src/analyse/jobs/analyse-verversen.job';
import type { Clock } from '../src/lib/clock';
import type { Config } from '../src/lib/config';
import type { Logger } from '../src/lib/logger';
import type { VulOpties } from '../src/demo-vulling';
import { MeldingEntity } from '../src/meldingen/melding.entity';
import { termijnActies } from '../src/modules';
import { type DemoOmvang, type DemoVerslag, GOOI_EN_VECHTSTREEK, simuleerJaar } from './demo-jaar';

/**
 * Demo partner organisations, one per partner kind, linked to Gooi en Vechtstreek (VT14), with what onboarding asks of
 * their kind (a school's BRIN and holiday region, a gemeente's CBS code), and a national beheer organisation for
 * `npm run token -- FUNCTIONEEL_BEHEERDER LANDELIJK-BEHEER` (VT14's own beheerder: `npm run token -- FUNCTIONEEL_BEHEERDER`).
 */
export const demoPartners = [
  { code: 'WT-HILVERSUM', naam: 'Sociaal Wijkteam Hilversum', soort: 'WIJKTEAM' },
  { code: 'GI-JBGV', naam: 'Jeugdbescherming Gooi en Vechtstreek (GI)', soort: 'GECERTIFICEERDE_INSTELLING' },
  { code: 'RVDK', naam: 'Raad voor de Kinderbescherming', soort: 'RAAD_VOOR_DE_KINDERBESCHERMING' },
  { code: 'POLITIE-MNL', naam: 'Politie Midden-Nederland', soort: 'POLITIE', regios: ['VT14', 'VT09'] },
  { code: 'OM-MNL', naam: 'Openbaar Ministerie, arrondissementsparket Midden-Nederland', soort: 'OPENBAAR_MINISTERIE' },
  // Listed before the primary school, so SCHOOL-00AA stays the kind's default for `npm run token`.
  {
    code: 'SCHOOL-11BB',
    naam: 'Scholengemeenschap Hilversum-Noord (voortgezet onderwijs)',
    soort: 'SCHOOL',
    brin: '11BB',
    schoolvakantieregio: 'noord',
  },
  {
    code: 'SCHOOL-00AA',
    naam: 'Basisschool De Regenboog, Hilversum',
    soort: 'SCHOOL',
    brin: '00AA',
    schoolvakantieregio: 'noord',
  },
  // The Aware indication committee meets at the Zorg- en Veiligheidshuis; listed first, so ZVH-GV stays the kind's default.
  { code: 'AWARE-GV', naam: 'Aware-indicatiecommissie Gooi en Vechtstreek', soort: 'ZORG_EN_VEILIGHEIDSHUIS' },
  { code: 'ZVH-GV', naam: 'Zorg- en Veiligheidshuis Gooi en Vechtstreek', soort: 'ZORG_EN_VEILIGHEIDSHUIS' },
  { code: 'GM0402', naam: 'Gemeente Hilversum', soort: 'GEMEENTE', cbsCode: 'GM0402' },
  { code: 'LANDELIJK-BEHEER', naam: 'Landelijk functioneel beheer Ketenpoort (demo)', soort: 'LANDELIJK', regios: [] },
  { code: 'MIN-VWS', naam: 'Ministerie van Volksgezondheid, Welzijn en Sport', soort: 'LANDELIJK' },
] as const;

/** Default organisation per partner role, for `npm run token` without an organisation code. */
export const demoOrganisatiePerSoort: Record<string, string> = Object.fromEntries(
  demoPartners.map((p) => [p.soort, p.code]),
);

/** Default organisation per role where it is not the kind's default: the committee is its own organisation. */
export const demoOrganisatiePerRol: Record<string, string> = { AWARE_INDICATIECOMMISSIE: 'AWARE-GV' };

/** Registers the demo partner organisations (idempotent; an older demo database gets the BRIN and CBS code it lacks). */
export async function laadDemoPartners(orm: MikroORM): Promise<void> {
  await orm.em.getConnection().execute(
    `insert into organisatie (code, naam, soort, regio_codes, actief, brin, schoolvakantieregio, cbs_code)
     select p.code, p.naam, p.soort, case when p.regios is null then array['VT14'] else array(select jsonb_array_elements_text(p.regios)) end, true,
            p.brin, p.schoolvakantieregio, p."cbsCode"
       from jsonb_to_recordset(?::jsonb) as p(code text, naam text, soort text, regios jsonb, brin text, schoolvakantieregio text, "cbsCode" text)
     on conflict (code) do update set brin = coalesce(organisatie.brin, excluded.brin),
       schoolvakantieregio = coalesce(organisatie.schoolvakantieregio, excluded.schoolvakantieregio), cbs_code = coalesce(organisatie.cbs_code, excluded.cbs_code)`,
    [JSON.stringify(demoPartners)],
  );
}

/** A small second region, so that cross-region invisibility can be tried with the demo data. */
const UTRECHT_KLEIN: DemoOmvang = {
  regio: 'VT09',
  meldingenPerJaar: 60,
  adviezenPerJaar: 70,
  eerdereHuishoudens: 10,
  seed: 9,
};

/**
 * Demo data for the default start: the partner organisations and a year of work of Gooi en Vechtstreek (VT14) at
 * its real volume, plus a little of Utrecht (VT09), simulated through the services (validated, audited, with
 * termijnen; see demo-jaar.ts). Loaded only into a database without meldingen.
 */
export async function laadDemoData(
  orm: MikroORM,
  clock: Clock,
  log: Logger,
  config: Config,
  opties?: VulOpties,
  omvang: readonly DemoOmvang[] = [GOOI_EN_VECHTSTREEK, UTRECHT_KLEIN],
): Promise<DemoVerslag[]> {
  await laadDemoPartners(orm);
  if ((await orm.em.fork().count(MeldingEntity, {})) > 0) return [];
  const nu = clock.now();
  const verslagen: DemoVerslag[] = [];
  for (const o of omvang) {
    log.info(
      { regio: o.regio, meldingenPerJaar: o.meldingenPerJaar, adviezenPerJaar: o.adviezenPerJaar },
      'demodata: een jaar wordt gesimuleerd',
    );
    const v = await simuleerJaar(orm, log, config, nu, o, opties);
    const { melderGeheim, ...teLoggen } = v;
    log.info({ regio: o.regio, ...teLoggen }, 'demodata geladen');
    if (melderGeheim && config.dataDir) await bewaarMelderToegang(config.dataDir, o.regio, melderGeheim);
    verslagen.push(v);
  }
  await analyseVerversen(orm, clock, log, config);
  return verslagen;
}

/**
 * The analyst's figures come from rollups the worker refreshes (src/analyse/jobs/analyse-verversen.job.ts), every
 * `ANALYSE_VERVERS_INTERVAL_MS`; the worker starts only after the fill. The fill refreshes them once itself, with the
 * worker's own job, so the analyst sees the year right away.
 */
async function analyseVerversen(orm: MikroORM, clock: Clock, log: Logger, config: Config): Promise<void> {
  await analyseVerversenJob.verwerk(
    {
      orm,
      clock,
      log,
      config,
      termijnActies,
      queue: () => {
        throw new Error('het verversen van de analyse plant geen jobs');
      },
    },
    {},
  );
}

/** Where the demo melder's access of a region is kept, for `npm run token -- MELDER` (development only). */
export function demoMelderBestand(dataDir: string, regio: string): string {
  return join(dataDir, `demo-melder-${regio}.txt`);
}

async function bewaarMelderToegang(dataDir: string, regio: string, geheim: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(demoMelderBestand(dataDir, regio), `Melder ${geheim}\n`, { mode: 0o600 });
}
