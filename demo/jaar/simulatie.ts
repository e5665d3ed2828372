import type { MikroORM } from '@mikro-orm/postgresql';

import { AuditRegistratie } from '../../src/audit/audit-registratie';
import type { Actor } from '../../src/auth/actor';
import type { Rol } from '../../src/auth/rollen';
import { FixedClock } from '../../src/lib/clock';
import type { Config } from '../../src/lib/config';
import type { RequestContext } from '../../src/lib/context';
import type { Logger } from '../../src/lib/logger';
import type { Datum } from '../../src/termijnen/kalender';
import { termijnRegels } from '../../src/termijnen/termijn-regels';
import { Agenda } from './agenda';
import { prng, tussen, uit } from './kans';
import { type DemoOmvang, type DemoVerslag, type Huishouden, testBsns } from './model';

export const SYSTEEM_UITGEVER = 'ketenpoort-demo-data';

/**
 * What every part of the simulated year shares: the seeded chance, the clock and agenda, the region's workers, the
 * households, and one step as one caller (the service's own transaction and audit; a refusal is counted, not fatal).
 */
export function maakSimulatie(orm: MikroORM, log: Logger, config: Config, nu: Date, omvang: DemoOmvang) {
  const regels = termijnRegels(config);
  const r = prng(omvang.seed);
  const k = regels.kalender;
  const regio = omvang.regio;
  const clock = new FixedClock(nu);
  const agenda = new Agenda(nu);
  const bsns = testBsns();
  const verslag: DemoVerslag = { meldingen: 0, adviezen: 0, stappen: 0, geweigerd: {}, duurMs: 0 };

  const vtOrganisatie = { code: regio, naam: regio, soort: 'VEILIG_THUIS' as const, regioCodes: [regio] };
  // Nine workers in two teams; a worker's token carries their team, as the identity provider's groups would.
  const medewerkers = Array.from(
    { length: 9 },
    (_, i) => `${regio.toLowerCase()}-medewerker-${String(i + 1).padStart(2, '0')}`,
  );
  const teamVan = (sub: string): string => `${regio}-TEAM-${medewerkers.indexOf(sub) < 5 ? 1 : 2}`;
  const actor = (sub: string, rol: Rol): Actor => ({
    sub,
    soort: 'PERSOON',
    rol,
    organisatie: vtOrganisatie,
    issuer: SYSTEEM_UITGEVER,
    teams: rol === 'VT_MEDEWERKER' && medewerkers.includes(sub) ? [teamVan(sub)] : [],
  });
  const teamleider = actor(`${regio.toLowerCase()}-teamleider`, 'VT_TEAMLEIDER');
  const privacyOfficer = actor(`${regio.toLowerCase()}-privacy-officer`, 'PRIVACY_OFFICER');
  // Team choices and emergency openings draw from their own sequences, so the rest of the year stays as it was.
  const rTeam = prng(omvang.seed + 2_000);
  const rNood = prng(omvang.seed + 3_000);
  const politie: Actor = {
    sub: 'politie-koppeling',
    soort: 'SYSTEEM',
    rol: 'POLITIE_MEDEWERKER',
    organisatie: { code: 'POLITIE-MNL', naam: 'Politie Midden-Nederland', soort: 'POLITIE', regioCodes: [regio] },
    issuer: SYSTEEM_UITGEVER,
  };

  // The services log every step at info; ten thousand of those would drown the start. Their warnings still show.
  const stil = log.child({ demodata: regio }, { level: log.isLevelEnabled('warn') ? 'warn' : log.level });
  let volgnummer = 0;
  const context = (wie: Actor): RequestContext => {
    const em = orm.em.fork();
    const verzoekId = `demo-${++volgnummer}`;
    return {
      em,
      actor: wie,
      clock,
      verzoekId,
      log: stil,
      termijnRegels: regels,
      config,
      audit: new AuditRegistratie(
        {
          actor: wie,
          toegangspunt: 'demo-data',
          verzoekId,
          grondslag: 'Demodata (ontwikkelomgeving)',
          noodprocedure: false,
        },
        clock,
        em,
      ),
    };
  };
  /** One step as one caller: the service's own transaction and audit. A refusal is counted, not fatal. */
  async function stap<T>(wie: Actor, werk: (ctx: RequestContext) => Promise<T>): Promise<T | undefined> {
    const ctx = context(wie);
    try {
      const uitkomst = await werk(ctx);
      await ctx.audit.vastleggen();
      verslag.stappen++;
      return uitkomst;
    } catch (e) {
      const x = e as { extensions?: { reden?: string; code?: string; fouten?: { code: string }[] }; message?: string };
      const reden = x.extensions?.reden ?? x.extensions?.fouten?.[0]?.code ?? x.extensions?.code ?? 'ONBEKEND';
      verslag.geweigerd[reden] = (verslag.geweigerd[reden] ?? 0) + 1;
      log.warn({ reden, fout: x.message }, 'demodata: stap geweigerd');
      return undefined;
    }
  }

  // Times: a local date at an hour, and working days from a moment.
  const om = (d: Datum, uur: number): Date => new Date(k.beginVanDag(d).getTime() + uur * 3600_000);
  const werkdagNa = (t: Date, n: number, uur = tussen(r, 9, 16) + r()): Date =>
    om(k.plusWerkdagen(k.lokaleDatum(t), n), uur);
  const dagenNa = (t: Date, n: number): Date => new Date(t.getTime() + n * 86_400_000);
  const kiesMedewerker = (): string => uit(r, medewerkers);

  const huishoudens: Huishouden[] = [];
  // Birth years count back from three years ago, so that nobody is born after the (earliest) melding about them.
  const jaar = Number(k.lokaleDatum(nu).slice(0, 4)) - 3;
  const jaarBegin = new Date(nu.getTime() - 365 * 86_400_000);
  return {
    orm,
    log,
    config,
    nu,
    omvang,
    regels,
    r,
    k,
    regio,
    clock,
    agenda,
    bsns,
    verslag,
    medewerkers,
    teamVan,
    actor,
    teamleider,
    privacyOfficer,
    rTeam,
    rNood,
    politie,
    context,
    stap,
    om,
    werkdagNa,
    dagenNa,
    kiesMedewerker,
    huishoudens,
    jaar,
    jaarBegin,
  };
}

export type Sim = ReturnType<typeof maakSimulatie>;
