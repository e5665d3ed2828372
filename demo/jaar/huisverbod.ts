import type { Actor } from '../../src/auth/actor';
import { CasusFase } from '../../src/casussen/proces';
import { huisverbodBesluit } from '../../src/huisverbod/huisverbod.besluit';
import { plusKalenderdagen } from '../../src/huisverbod/huisverbod.lezen';
import { huisverbodMeldingService } from '../../src/huisverbod/huisverbod.melding';
import { huisverbodService } from '../../src/huisverbod/huisverbod.service';
import { HuisverbodAdviesSoort, HuisverbodMonitoringUitkomst } from '../../src/huisverbod/huisverbod.types';
import { inRegio } from '../../src/lib/regio';
import { prng, tussen } from './kans';
import type { Huishouden } from './model';
import type { Sim } from './simulatie';

/** The gemeente of the demo burgemeester (a demo partner): every huisverbod of the demo year is Hilversum's. */
const GEMEENTE = 'GM0402';

/**
 * Tijdelijke huisverboden in the simulated year (DOMAIN.md §6: Gooi en Vechtstreek 15 in 2023). A police melding about
 * a household with an adult pleger and someone who stays is, with the chance that gives about `huisverbodenPerJaar`,
 * one where the burgemeester imposed a huisverbod at the incident. VT registers it once the casus has a behandelaar,
 * talks to both sides in the first days, writes the veiligheidsplan (mostly before the end), advises around day 8
 * (sometimes late); the burgemeester extends most advised extensions to day 28 and withdraws a few; VT makes the
 * monitoring contacts at 3 and 12 months where they fall before now. Draws from its own sequence, so the rest of the
 * year stays as it was.
 */
export function huisverbodVerloop(sim: Sim, politiemeldingen: number) {
  const { omvang, agenda, clock, k, regio, stap, actor, teamleider, context, politie } = sim;
  const r = prng(omvang.seed + 4_000);
  const kans = politiemeldingen > 0 ? (omvang.huisverbodenPerJaar ?? 0) / politiemeldingen : 0;
  const burgemeester: Actor = {
    sub: 'gm0402-oov-medewerker',
    soort: 'PERSOON',
    rol: 'GEMEENTE_OOV_MEDEWERKER',
    organisatie: { code: GEMEENTE, naam: 'Gemeente Hilversum', soort: 'GEMEENTE', regioCodes: [regio] },
    issuer: 'ketenpoort-demo-data',
  };

  /** Whoever works on the casus now: its behandelaar once assigned, else the teamleider (who reads the region). */
  const vt = (h: Huishouden): Actor => {
    const c = h.casus!;
    return c.toegewezenVanaf !== undefined && clock.now().getTime() < c.toegewezenVanaf
      ? teamleider
      : actor(c.verantwoordelijke, 'VT_MEDEWERKER');
  };
  const open = (h: Huishouden, casusId: string): boolean =>
    h.casus?.id === casusId && h.casus.fase !== CasusFase.AFGESLOTEN;
  const vandaag = (): string => k.lokaleDatum(clock.now());
  let recent = false;
  let gemeld = 0;

  /** After a police melding was registered: maybe the burgemeester imposed a huisverbod at the incident. */
  function naPolitiemelding(h: Huishouden, meldingId: string, casusId: string | null, opgelegdOp: Date): void {
    // One recent huisverbod at least, so the burgemeester's and the police's views (30 days after the end) show one.
    // A region without huisverboden in its demo (VT09) has none, also not a recent one.
    if (!kans) return;
    const recentNodig = !recent && opgelegdOp.getTime() >= sim.nu.getTime() - 20 * 86_400_000;
    if (!casusId || (r() >= kans && !recentNodig)) return;
    if (recentNodig) recent = true;
    const start = Math.max(clock.now().getTime(), h.casus?.toegewezenVanaf ?? 0) + tussen(r, 1, 4) * 3600_000;
    const opgelegdTot = plusKalenderdagen(opgelegdOp, 10);
    if (start >= opgelegdTot.getTime()) return;
    const verlengen = r() < 0.5;
    const intrekken = !verlengen && r() < 0.2;
    const planLaat = r() < 0.1;
    const adviesLaat = r() < 0.1;
    // The police report the huisverbod once their melding is in (huisverbodMelden), naming the persons as they know
    // them; VT registers the report on the casus once it has a behandelaar.
    const referentie = `MNL-THV-${k.lokaleDatum(opgelegdOp).replaceAll('-', '')}-${++gemeld}`;
    let melding: { id: string } | undefined;
    agenda.plan(new Date(clock.now().getTime() + 30 * 60_000), async () => {
      const personen = await personenVan(meldingId, opgelegdOp);
      if (!personen) {
        if (recentNodig) recent = false;
        return;
      }
      const gemeldePersoon = (p: (typeof personen.blijven)[number]) =>
        p.bsn ? { bsn: p.bsn } : { achternaam: p.achternaam, geboortedatum: p.geboortedatum };
      melding = await stap(politie, (ctx) =>
        huisverbodMeldingService.melden(
          ctx,
          {
            gemeente: GEMEENTE,
            opgelegdOp,
            politieReferentie: referentie,
            beschikkingKenmerk: `OOV/${k.lokaleDatum(opgelegdOp).slice(0, 4)}/${100 + gemeld}`,
            rihgReferentie: `RiHG ${k.lokaleDatum(opgelegdOp)}`,
            uithuisgeplaatste: gemeldePersoon(personen.pleger),
            achterblijvers: personen.blijven.map(gemeldePersoon),
          },
          ['id'],
        ),
      );
    });
    agenda.plan(new Date(start), async () => {
      if (!open(h, casusId) || !melding) return;
      const personen = await personenVan(meldingId, opgelegdOp);
      if (!personen) return;
      const { pleger, blijven } = personen;
      const meldingVanPolitie = melding.id;
      const hv = await stap(vt(h), (ctx) =>
        huisverbodService.registreren(
          ctx,
          {
            casusId,
            uithuisgeplaatstePersoonId: pleger.persoon_id,
            achterblijverPersoonIds: blijven.map((p) => p.persoon_id),
            opgelegdOp,
            gemeente: GEMEENTE,
            rihgReferentie: `RiHG ${k.lokaleDatum(opgelegdOp)}`,
            meldingId: meldingVanPolitie,
          },
          ['id'],
        ),
      );
      if (!hv) return;
      const id = hv.id;
      const op = (dag: number, uur = 10): Date => new Date(opgelegdOp.getTime() + (dag * 24 + uur - 12) * 3600_000);
      agenda.plan(op(tussen(r, 1, 3)), async () => {
        if (!open(h, casusId)) return;
        await stap(vt(h), (ctx) =>
          huisverbodService.bijwerken(
            ctx,
            {
              huisverbodId: id,
              gesprekUithuisgeplaatsteOp: vandaag(),
              gesprekAchterblijversOp: vandaag(),
              informatieDerden: 'Huisarts en school gesproken; reclassering kent de uithuisgeplaatste niet.',
            },
            ['id'],
          ),
        );
      });
      // A withdrawn huisverbod has its plan before the withdrawal (the burgemeester withdraws once help is accepted).
      agenda.plan(op(intrekken ? 3 : planLaat ? 11 : tussen(r, 5, 9)), async () => {
        if (!open(h, casusId)) return;
        await stap(vt(h), (ctx) =>
          huisverbodService.bijwerken(
            ctx,
            { huisverbodId: id, veiligheidsplan: 'Afspraken over contact, opvang van de kinderen en hulp.' },
            ['id'],
          ),
        );
      });
      if (intrekken) {
        agenda.plan(op(tussen(r, 4, 6), 15), async () => {
          await stap(burgemeester, async (ctx) => huisverbodBesluit.intrekken(ctx, await gemeenteId(id), ['id']));
        });
      } else {
        agenda.plan(op(adviesLaat ? 9 : tussen(r, 7, 8)), async () => {
          if (!open(h, casusId)) return;
          await stap(vt(h), (ctx) =>
            huisverbodService.adviseren(
              ctx,
              {
                huisverbodId: id,
                advies: verlengen ? HuisverbodAdviesSoort.VERLENGEN : HuisverbodAdviesSoort.NIET_VERLENGEN,
                toelichting: verlengen
                  ? 'De hulp is net gestart en de spanning is nog hoog; verlenging geeft ruimte voor het veiligheidsplan.'
                  : 'Beide partijen werken mee aan hulp; het veiligheidsplan staat.',
              },
              ['id'],
            ),
          );
        });
        if (verlengen && r() < 0.8) {
          agenda.plan(op(9, 16), async () => {
            await stap(burgemeester, async (ctx) =>
              huisverbodBesluit.verlengen(
                ctx,
                { huisverbodId: await gemeenteId(id), verlengdTot: plusKalenderdagen(opgelegdOp, 28) },
                ['id'],
              ),
            );
          });
        }
      }
      for (const maanden of [3, 12]) {
        const dag = k.plusDagen(k.plusMaanden(k.lokaleDatum(opgelegdOp), maanden), tussen(r, -5, 10));
        agenda.plan(sim.om(k.isWerkdag(dag) ? dag : k.plusWerkdagen(dag, 1), 11), async () => {
          if (!open(h, casusId)) return;
          await stap(vt(h), (ctx) =>
            huisverbodService.monitoringcontactVastleggen(
              ctx,
              {
                huisverbodId: id,
                contactOp: vandaag(),
                uitkomst: r() < 0.8 ? HuisverbodMonitoringUitkomst.VEILIG : HuisverbodMonitoringUitkomst.ONVEILIG,
              },
              ['id'],
            ),
          );
        });
      }
    });
  }

  /**
   * The persons of the police melding the huisverbod concerns: an adult pleger who is removed, and those who stay
   * (everyone but witnesses); undefined when the melding has no such pair.
   */
  async function personenVan(meldingId: string, opgelegdOp: Date) {
    type Rij = {
      persoon_id: string;
      rollen: string[];
      volwassen: boolean;
      bsn: string | null;
      achternaam: string | null;
      geboortedatum: string | null;
    };
    const personen = await inRegio(context(teamleider), regio, (tx) =>
      tx.getConnection().execute<Rij[]>(
        `select b.persoon_id, b.rollen, coalesce(p.geboortedatum <= (?::date - interval '18 years'), true) as volwassen,
                p.bsn, p.achternaam, p.geboortedatum::text as geboortedatum
           from betrokkene b join persoon p on p.id = b.persoon_id where b.melding_id = ? order by b.volgorde`,
        [k.lokaleDatum(opgelegdOp), meldingId],
        'all',
        tx.getTransactionContext(),
      ),
    );
    const pleger = personen.find((p) => p.rollen.includes('PLEGER') && p.volwassen);
    const blijven = personen.filter((p) => p !== pleger && !p.rollen.every((x) => x === 'GETUIGE'));
    return pleger && blijven.length ? { pleger, blijven } : undefined;
  }

  /** The burgemeester knows the huisverbod by the gemeente's own id (what its event and list show it). */
  async function gemeenteId(id: string): Promise<string> {
    const [rij] = await inRegio(context(teamleider), regio, (tx) =>
      tx
        .getConnection()
        .execute<{ g: string }[]>(
          `select gemeente_id::text as g from huisverbod where id = ?`,
          [id],
          'all',
          tx.getTransactionContext(),
        ),
    );
    return rij.g;
  }

  return { naPolitiemelding };
}
