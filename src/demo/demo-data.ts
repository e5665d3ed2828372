import type { MikroORM } from '@mikro-orm/postgresql';

import { AuditRegistratie } from '../audit/audit-registratie';
import type { Actor } from '../auth/actor';
import type { Clock } from '../lib/clock';
import type { Config } from '../lib/config';
import type { RequestContext } from '../lib/context';
import type { Logger } from '../lib/logger';
import { AardGeweld, Anonimiteit, BetrokkeneRol, DuurGeweld, HoedanigheidMelder, Kanaal, OrganisatieMelder } from '../meldingen/cbs-categorieen';
import { MeldingEntity } from '../meldingen/melding.entity';
import type { MeldingInvoer } from '../meldingen/melding.inputs';
import { meldingService } from '../meldingen/melding.service';
import { termijnRegels } from '../termijnen/termijn-regels';

/** Demo partner organisations, one per partner kind, linked to Gooi en Vechtstreek (VT14). */
export const demoPartners = [
  { code: 'WT-HILVERSUM', naam: 'Sociaal Wijkteam Hilversum', soort: 'WIJKTEAM' },
  { code: 'GI-JBGV', naam: 'Jeugdbescherming Gooi en Vechtstreek (GI)', soort: 'GECERTIFICEERDE_INSTELLING' },
  { code: 'RVDK', naam: 'Raad voor de Kinderbescherming', soort: 'RAAD_VOOR_DE_KINDERBESCHERMING' },
  { code: 'POLITIE-MNL', naam: 'Politie Midden-Nederland', soort: 'POLITIE' },
  { code: 'OM-MNL', naam: 'Openbaar Ministerie, arrondissementsparket Midden-Nederland', soort: 'OPENBAAR_MINISTERIE' },
  { code: 'SCHOOL-00AA', naam: 'Basisschool De Regenboog, Hilversum', soort: 'SCHOOL' },
  { code: 'ZVH-GV', naam: 'Zorg- en Veiligheidshuis Gooi en Vechtstreek', soort: 'ZORG_EN_VEILIGHEIDSHUIS' },
  { code: 'GM0402', naam: 'Gemeente Hilversum', soort: 'GEMEENTE' },
  { code: 'MIN-VWS', naam: 'Ministerie van Volksgezondheid, Welzijn en Sport', soort: 'LANDELIJK' },
] as const;

/** Default organisation per partner role, for `npm run token` without an organisation code. */
export const demoOrganisatiePerSoort: Record<string, string> = Object.fromEntries(demoPartners.map((p) => [p.soort, p.code]));

/** Registers the demo partner organisations (idempotent). */
export async function laadDemoPartners(orm: MikroORM): Promise<void> {
  await orm.em.getConnection().execute(
    `insert into organisatie (code, naam, soort, regio_codes, actief)
     select p.code, p.naam, p.soort, array['VT14'], true from jsonb_to_recordset(?::jsonb) as p(code text, naam text, soort text)
     on conflict (code) do nothing`,
    [JSON.stringify(demoPartners)],
  );
}

function demoMelding(ontvangenOp: Date, i: number): MeldingInvoer {
  const politie = i % 3 !== 2;
  const anoniem = i % 4 === 3;
  return {
    ontvangenOp,
    kanaal: politie ? Kanaal.POLITIEKOPPELING : Kanaal.TELEFOON,
    aardGeweld: i % 2 === 0 ? [AardGeweld.KINDERMISHANDELING] : [AardGeweld.EX_PARTNERGEWELD, AardGeweld.KINDERMISHANDELING],
    duurGeweld: DuurGeweld.EEN_TOT_ZES_MAANDEN,
    omschrijving: `Demomelding ${i + 1}: fictieve situatie, bedoeld om de API te verkennen.`,
    hoedanigheidMelder: politie || !anoniem ? HoedanigheidMelder.BEROEPSMATIG : HoedanigheidMelder.NIET_BEROEPSMATIG,
    organisatieMelder: politie ? OrganisatieMelder.POLITIE : anoniem ? OrganisatieMelder.NIET_VAN_TOEPASSING : OrganisatieMelder.ONDERWIJS,
    melder: {
      anonimiteit: anoniem ? Anonimiteit.ANONIEM_NAAR_GEZIN : Anonimiteit.OPEN,
      toestemmingBekendmaking: !anoniem,
      naam: politie ? 'Wijkagent (demo)' : anoniem ? 'Buurvrouw (demo)' : 'Leerkracht (demo)',
      telefoon: '+31 35 000 0000',
      functie: politie ? 'wijkagent' : anoniem ? undefined : 'leerkracht',
      werkgever: politie ? 'Politie Midden-Nederland' : anoniem ? undefined : 'Basisschool De Regenboog',
    },
    betrokkenen: [
      { rollen: [BetrokkeneRol.SLACHTOFFER], persoon: { voornamen: 'Anna', achternaam: `Demo-${i + 1}`, geboortedatum: '1988-04-12' } },
      { rollen: [BetrokkeneRol.PLEGER], persoon: { voornamen: 'Bram', achternaam: `Demo-${i + 1}`, geboortedatum: '1985-09-30' } },
      { rollen: [BetrokkeneRol.KIND, BetrokkeneRol.GETUIGE], persoon: { voornamen: 'Cas', achternaam: `Demo-${i + 1}`, geboortedatum: '2016-01-20' } },
    ] as MeldingInvoer['betrokkenen'],
  };
}

/**
 * Demo data for the default start: partner organisations and a handful of fictitious meldingen in
 * Gooi en Vechtstreek (VT14) and Utrecht (VT09), registered through the service (validated and audited).
 * Loaded only into an empty database.
 */
export async function laadDemoData(orm: MikroORM, clock: Clock, log: Logger, config: Config): Promise<void> {
  const regels = termijnRegels(config);
  await laadDemoPartners(orm);
  if ((await orm.em.fork().count(MeldingEntity, {})) > 0) return;
  let n = 0;
  for (const regio of ['VT14', 'VT09']) {
    const actor: Actor = {
      sub: 'ketenpoort-demo-data',
      soort: 'SYSTEEM',
      rol: 'VT_MEDEWERKER',
      organisatie: { code: regio, naam: regio, soort: 'VEILIG_THUIS', regioCodes: [regio] },
      issuer: 'ketenpoort',
    };
    const aantal = regio === 'VT14' ? 8 : 3;
    for (let i = 0; i < aantal; i++) {
      const em = orm.em.fork();
      const ctx: RequestContext = {
        em,
        actor,
        clock,
        verzoekId: `demo-${regio}-${i}`,
        log,
        termijnRegels: regels,
        audit: new AuditRegistratie({ actor, toegangspunt: 'demo-data', verzoekId: `demo-${regio}-${i}`, grondslag: 'Demodata (ontwikkelomgeving)', noodprocedure: false }, clock, em),
      };
      const ontvangen = new Date(clock.now().getTime() - (i + 1) * 36 * 3600_000);
      await meldingService.registreer(ctx, demoMelding(ontvangen, i), ['id']);
      await ctx.audit.vastleggen();
      n++;
    }
  }
  log.info({ meldingen: n }, 'demodata geladen');
}
