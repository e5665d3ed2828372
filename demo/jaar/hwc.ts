import type { Actor } from '../../src/auth/actor';
import { hwcService } from '../../src/hwc/hwc.service';
import { inRegio } from '../../src/lib/regio';
import { prng } from './kans';
import type { Huishouden } from './model';
import { SYSTEEM_UITGEVER, type Sim } from './simulatie';

/** Children of a police call-out who go to a school that takes part in Handle with Care (two demo schools). */
const OP_DEELNEMENDE_SCHOOL = 0.4;

/**
 * Handle with Care in the simulated year (DOMAIN.md §4.6). After a police call-out in the evening or at night in a
 * household with a school-age child (4 to 17), VT sends the child's school the minimal signal (name, date of birth,
 * the codeword) as soon as the police melding is in, for lessons the next school day; for about two in five such
 * children the school takes part (a primary school up to 11, a secondary school from 12). The school acknowledges
 * mostly before lessons start, sometimes later, now and then not at all (escalated to the teamleider). A school sees a
 * signal for ten school days, so the last call-out of the final two weeks with a school-age child gets one whatever
 * the hour: the schools' lists after `npm start` are not empty. Draws from its own sequence, so the rest of the year
 * stays as it was.
 */
export function hwcVerloop(sim: Sim) {
  const { omvang, agenda, clock, k, regio, stap, context, teamleider, nu } = sim;
  const r = prng(omvang.seed + 8_000);
  const school = (code: string): Actor => ({
    sub: `${code.toLowerCase()}-zorgcoordinator`,
    soort: 'PERSOON',
    rol: 'SCHOOL_CONTACTPERSOON',
    organisatie: { code, naam: code, soort: 'SCHOOL', regioCodes: [regio] },
    issuer: SYSTEEM_UITGEVER,
  });
  const recent = new Set<string>();

  /** After a police melding was registered: a call-out at night with a school-age child gives a signal. */
  function naPolitiemelding(h: Huishouden, meldingId: string, casusId: string | null, incident: Date): void {
    const scholen = omvang.scholen;
    if (!scholen || !casusId) return;
    const dag = k.lokaleDatum(incident);
    const uur = (incident.getTime() - k.beginVanDag(dag).getTime()) / 3600_000;
    const jaar = Number(dag.slice(0, 4));
    // By year of birth: 4 to 11 goes to the primary school, 12 to 17 to the secondary school.
    const groepen = [
      { code: scholen.basis, vanaf: `${jaar - 11}-01-01`, tot: `${jaar - 4}-12-31` },
      { code: scholen.voortgezet, vanaf: `${jaar - 17}-01-01`, tot: `${jaar - 12}-12-31` },
    ].filter((g) => h.personen.some((p) => p.kind && p.geboortedatum >= g.vanaf && p.geboortedatum <= g.tot));
    if (!groepen.length) return;
    const laatsteWeken = incident.getTime() >= nu.getTime() - 14 * 86_400_000;
    const nodig = laatsteWeken ? groepen.filter((g) => !recent.has(g.code)) : [];
    const nacht = uur >= 18 || uur < 7;
    const gekozen = nacht && r() < OP_DEELNEMENDE_SCHOOL ? groepen : nodig;
    if (!gekozen.length) return;
    for (const g of gekozen) if (laatsteWeken) recent.add(g.code);
    const bevestigen = r() < 0.9;
    const wanneer = r();
    agenda.plan(new Date(clock.now().getTime() + (10 + r() * 40) * 60_000), async () => {
      for (const g of gekozen) {
        const kinderen = await inRegio(context(teamleider), regio, (tx) =>
          tx.getConnection().execute<{ persoon_id: string }[]>(
            `select b.persoon_id from betrokkene b join persoon p on p.id = b.persoon_id
                where b.melding_id = ? and p.geboortedatum between ? and ? order by b.volgorde`,
            [meldingId, g.vanaf, g.tot],
            'all',
            tx.getTransactionContext(),
          ),
        );
        for (const kind of kinderen) {
          const s = await stap(teamleider, (ctx) =>
            hwcService.versturen(
              ctx,
              {
                casusId,
                persoonId: kind.persoon_id,
                school: g.code,
                incidentdatum: dag,
                grondslag: 'Convenant Handle with Care Gooi en Vechtstreek',
              },
              ['id'],
            ),
          );
          if (!s || !bevestigen) continue;
          // Mostly before lessons start (the contact person reads the signal before 08:30), sometimes later that day.
          const voor = new Date(Math.max(clock.now().getTime(), s.leverenVoor.getTime() - (0.2 + wanneer) * 3600_000));
          const na = new Date(s.leverenVoor.getTime() + wanneer * 6 * 3600_000);
          agenda.plan(wanneer < 0.8 ? voor : na, async () => {
            await stap(school(g.code), (ctx) => hwcService.bevestigen(ctx, s.id));
          });
        }
      }
    });
  }

  return { naPolitiemelding };
}
