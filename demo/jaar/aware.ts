import type { Actor } from '../../src/auth/actor';
import { awareBesluitNemen } from '../../src/aware/aware.besluit';
import { awareService } from '../../src/aware/aware.service';
import { AwareBesluit, AwareDreiging } from '../../src/aware/aware.types';
import { CasusFase } from '../../src/casussen/proces';
import { inRegio } from '../../src/lib/regio';
import { prng, tussen, uit } from './kans';
import type { Huishouden } from './model';
import type { Sim } from './simulatie';

/** The demo indication committee of Gooi en Vechtstreek (demo-data.ts). */
export const AWARE_COMMISSIE = 'AWARE-GV';

/**
 * Aware applications in the simulated year (DOMAIN.md §6: Gooi en Vechtstreek had 40 Aware users in 2023). A police
 * melding with a victim is, with the chance that gives about `awareAanvragenPerJaar`, one where VT applies for an
 * AWARE alarm a few days later, and submits it to the committee; the committee decides within its ten working days
 * (mostly granted, for three or six months); VT records the installation, and extends or ends the alarm around its
 * end date. The most recent application stays with the committee, so its view has something to decide after
 * `npm start`. Draws from its own sequence, so the rest of the year stays as it was.
 */
export function awareVerloop(sim: Sim, politiemeldingen: number) {
  const { omvang, agenda, clock, k, regio, stap, actor, teamleider, context, werkdagNa } = sim;
  const r = prng(omvang.seed + 5_000);
  const kans = politiemeldingen > 0 ? (omvang.awareAanvragenPerJaar ?? 0) / politiemeldingen : 0;
  const commissie: Actor = {
    sub: 'aware-gv-voorzitter',
    soort: 'PERSOON',
    rol: 'AWARE_INDICATIECOMMISSIE',
    organisatie: {
      code: AWARE_COMMISSIE,
      naam: 'Aware-indicatiecommissie Gooi en Vechtstreek',
      soort: 'ZORG_EN_VEILIGHEIDSHUIS',
      regioCodes: [regio],
    },
    issuer: 'ketenpoort-demo-data',
  };
  /**
   * Whoever works on the casus now: its behandelaar once assigned, else the teamleider (who reads the region); also the
   * teamleider when the household has a newer casus by the time an alarm ends (the alarm outlives the casus).
   */
  const vt = (h: Huishouden, casusId: string): Actor => {
    const c = h.casus;
    return !c || c.id !== casusId || (c.toegewezenVanaf !== undefined && clock.now().getTime() < c.toegewezenVanaf)
      ? teamleider
      : actor(c.verantwoordelijke, 'VT_MEDEWERKER');
  };
  const open = (h: Huishouden, casusId: string): boolean =>
    h.casus?.id === casusId && h.casus.fase !== CasusFase.AFGESLOTEN;
  let openstaand = false;

  /** After a police melding was registered: maybe VT applies for an AWARE alarm for its victim. */
  function naPolitiemelding(h: Huishouden, meldingId: string, casusId: string | null, ontvangenOp: Date): void {
    // The last weeks: at least one application still with the committee.
    const openNodig = !openstaand && ontvangenOp.getTime() >= sim.nu.getTime() - 14 * 86_400_000;
    if (!casusId || (r() >= kans && !openNodig)) return;
    if (openNodig) openstaand = true;
    const toekennen = r() < 0.8;
    const maanden = r() < 0.6 ? 3 : 6;
    const verlengen = r() < 0.4;
    const dreiging = uit(r, [
      AwareDreiging.EX_PARTNER,
      AwareDreiging.EX_PARTNER,
      AwareDreiging.STALKING,
      AwareDreiging.EERGERELATEERD,
    ]);
    const start = werkdagNa(new Date(Math.max(clock.now().getTime(), h.casus?.toegewezenVanaf ?? 0)), tussen(r, 2, 5));
    agenda.plan(start, async () => {
      if (!open(h, casusId)) return;
      const [slachtoffer] = await inRegio(context(teamleider), regio, (tx) =>
        tx
          .getConnection()
          .execute<{ persoon_id: string }[]>(
            `select persoon_id from betrokkene where melding_id = ? and 'SLACHTOFFER' = any(rollen) order by volgorde limit 1`,
            [meldingId],
            'all',
            tx.getTransactionContext(),
          ),
      );
      if (!slachtoffer) {
        if (openNodig) openstaand = false;
        return;
      }
      const a = await stap(vt(h, casusId), (ctx) =>
        awareService.aanmaken(
          ctx,
          {
            casusId,
            slachtofferPersoonId: slachtoffer.persoon_id,
            commissie: AWARE_COMMISSIE,
            dreiging,
            onderbouwing:
              'Aanhoudende dreiging door de ex-partner ondanks contactverbod; politie kent meerdere incidenten. Slachtoffer wil het alarm en kan het bedienen.',
          },
          ['id'],
        ),
      );
      if (!a) return;
      await stap(vt(h, casusId), (ctx) => awareService.indienen(ctx, a.id, ['id']));
      if (openNodig) return;
      agenda.plan(werkdagNa(clock.now(), tussen(r, 3, 9)), async () => {
        const cid = await commissieId(a.id);
        const besluit = await stap(commissie, (ctx) =>
          awareBesluitNemen(
            ctx,
            {
              aanvraagId: cid,
              besluit: toekennen ? AwareBesluit.TOEGEKEND : AwareBesluit.AFGEWEZEN,
              motivering: toekennen
                ? 'Ernstige en aanhoudende dreiging; andere maatregelen zijn onvoldoende gebleken.'
                : 'De dreiging is op dit moment niet acuut genoeg; opnieuw aanvragen bij nieuwe incidenten.',
              periodeMaanden: toekennen ? maanden : null,
            },
            ['id'],
          ),
        );
        if (!besluit || !toekennen) return;
        agenda.plan(werkdagNa(clock.now(), tussen(r, 1, 3)), async () => {
          const n = await stap(vt(h, casusId), (ctx) =>
            awareService.installatieVastleggen(ctx, { aanvraagId: a.id, geinstalleerdOp: k.lokaleDatum(clock.now()) }, [
              'id',
            ]),
          );
          if (!n?.einddatum) return;
          const eind = n.einddatum;
          agenda.plan(sim.om(k.plusWerkdagen(k.plusDagen(eind, -14), 1), 11), async () => {
            await stap(vt(h, casusId), (ctx) =>
              verlengen
                ? awareService.verlengen(ctx, { aanvraagId: a.id, einddatum: k.plusMaanden(eind, 3) }, ['id'])
                : awareService.beeindigen(ctx, { aanvraagId: a.id, reden: 'Geen dreiging meer; alarm ingenomen.' }, [
                    'id',
                  ]),
            );
          });
        });
      });
    });
  }

  /** The committee knows the application by its own id (what its event and list show it). */
  async function commissieId(id: string): Promise<string> {
    const [rij] = await inRegio(context(teamleider), regio, (tx) =>
      tx
        .getConnection()
        .execute<{ c: string }[]>(
          `select commissie_id::text as c from aware_aanvraag where id = ?`,
          [id],
          'all',
          tx.getTransactionContext(),
        ),
    );
    return rij.c;
  }

  return { naPolitiemelding };
}
