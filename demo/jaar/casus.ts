import type { Actor } from '../../src/auth/actor';
import { casusAfsprakenService } from '../../src/casussen/casus.afspraken';
import { casusDienstenService } from '../../src/casussen/casus.diensten';
import {
  CasusFase,
  MonitoringUitkomst,
  OnderzoekResultaat,
  RvdkBesluit,
  VerzoekGrond,
} from '../../src/casussen/proces';
import { inRegio } from '../../src/lib/regio';
import { raadVerloop } from './jeugdbescherming';
import { gewogen, tussen, uit } from './kans';
import type { CasusStaat, Huishouden } from './model';
import type { Sim } from './simulatie';
import { ACHTERNAMEN, VOORNAMEN_M, VOORNAMEN_V } from './verdelingen';

/** The process of one casus after its assessment: each fase's next step, with realistic durations (proces.ts). */
export function casusVerloop(sim: Sim) {
  const { r, k, clock, agenda, stap, context, teamleider, regio, actor, werkdagNa, dagenNa, om } = sim;
  /** Schedules a step on the casus; it runs only if the casus has not moved in between. */
  function opCasus(h: Huishouden, op: Date, doe: (c: CasusStaat) => Promise<void>): void {
    const c = h.casus;
    if (!c) return;
    const generatie = c.generatie;
    agenda.plan(op, async () => {
      if (h.casus !== c || c.generatie !== generatie) return;
      await doe(c);
    });
  }

  function naar(h: Huishouden, c: CasusStaat, fase: CasusFase): void {
    c.fase = fase;
    c.generatie++;
    if (fase === CasusFase.AFGESLOTEN) {
      h.casus = undefined;
      h.bekend = true;
    } else volgendeStap(h, c);
  }

  const medewerker = (c: CasusStaat): Actor => actor(c.verantwoordelijke, 'VT_MEDEWERKER');

  async function overgang(
    h: Huishouden,
    c: CasusStaat,
    fase: CasusFase,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    const ok = await stap(medewerker(c), (ctx) =>
      casusDienstenService.overgang(
        ctx,
        { casusId: c.id, naar: fase, toelichting: `Demo: naar ${fase.toLowerCase()}.`, ...extra },
        ['id'],
      ),
    );
    if (ok) naar(h, c, fase);
  }

  async function kinderenVan(h: Huishouden): Promise<string[]> {
    const bsnKinderen = h.personen.filter((p) => p.kind && p.bsn).map((p) => p.bsn as string);
    if (!bsnKinderen.length) return [];
    const ctx = context(teamleider);
    const rijen = await inRegio(ctx, regio, (tx) =>
      tx
        .getConnection()
        .execute<{ id: string }[]>(
          `select id from persoon where vt_organisatie = ? and bsn = any(?)`,
          [regio, `{${bsnKinderen.join(',')}}`],
          'all',
          tx.getTransactionContext(),
        ),
    );
    return rijen.map((x) => x.id);
  }

  async function verzoek(h: Huishouden): Promise<Record<string, unknown> | undefined> {
    const kinderen = await kinderenVan(h);
    if (!kinderen.length) return undefined;
    return {
      kinderen,
      gronden: [
        VerzoekGrond.HULP_GEPROBEERD,
        VerzoekGrond.ONVEILIGE_OPVOEDING,
        ...(r() < 0.5 ? [VerzoekGrond.GEEN_VERTROUWEN_IN_OPVOEDING] : []),
      ],
      standpuntOuders: 'De ouders zijn het niet eens met het verzoek en willen vrijwillige hulp houden.',
    };
  }

  // The Verzoek tot Onderzoek through the gateway, when the demo has a Raad (jeugdbescherming.ts).
  const raad = raadVerloop(sim, { opCasus, overgang, medewerker, kinderenVan });

  /** What follows a fase, with realistic durations; sometimes late, sometimes not (yet) done. */
  function volgendeStap(h: Huishouden, c: CasusStaat): void {
    const start = clock.now();
    switch (c.fase) {
      case CasusFase.GEEN_VERVOLG:
        opCasus(h, werkdagNa(start, tussen(r, 2, 10)), (x) =>
          overgang(h, x, CasusFase.AFGESLOTEN, {
            afsluitreden: 'Geen vervolgstappen nodig na de veiligheidsbeoordeling.',
          }),
        );
        break;
      case CasusFase.OVERDRACHT:
        opCasus(h, werkdagNa(start, tussen(r, 3, 15)), async (x) => {
          const partij = `${uit(r, ['Sociaal Wijkteam Hilversum', 'Jeugd- en gezinsteam Huizen', 'Sociaal Wijkteam Bussum', 'Jeugdbescherming Gooi en Vechtstreek', 'Zorg- en Veiligheidshuis Gooi en Vechtstreek'])}, ${uit(r, [...VOORNAMEN_V, ...VOORNAMEN_M])} ${uit(r, ACHTERNAMEN)}`;
          const overdracht = { ontvangendePartij: partij, contactBevestigdOp: k.lokaleDatum(clock.now()) };
          if (r() < 0.65) await overgang(h, x, CasusFase.MONITORING, { overdracht });
          else {
            await overgang(h, x, CasusFase.AFGESLOTEN, {
              overdracht,
              afsluitreden: 'Overgedragen; de partner monitort.',
            });
          }
        });
        break;
      case CasusFase.VOORWAARDEN_EN_VERVOLG: {
        const afspraak = werkdagNa(start, tussen(r, 2, 8));
        opCasus(h, afspraak, async (x) => {
          for (let i = 0; i < tussen(r, 1, 3); i++) {
            await stap(medewerker(x), (ctx) =>
              casusAfsprakenService.veiligheidsafspraakVastleggen(
                ctx,
                {
                  casusId: x.id,
                  omschrijving: uit(r, [
                    'Bij oplopende spanning verlaat vader de woning en belt hij zijn broer.',
                    'Moeder neemt contact op met het wijkteam voor opvoedondersteuning; eerste afspraak binnen twee weken.',
                    'De ouders laten de kinderen niet alleen met de grootvader.',
                    'Er wordt geen fysiek geweld meer gebruikt; bij dreiging wordt 112 gebeld.',
                    'Het kind gaat elke dag naar school; de school meldt afwezigheid dezelfde dag.',
                  ]),
                  partijen: ['moeder', 'vader', 'Veilig Thuis'],
                  overeengekomenOp: k.lokaleDatum(clock.now()),
                },
                ['id'],
              ),
            );
          }
        });
        // 10 weeks to complete; most on time, some late, some not yet.
        opCasus(h, dagenNa(start, tussen(r, 45, 80)), async (x) => {
          const keuze = gewogen(r, [
            [CasusFase.MONITORING, 80],
            [CasusFase.OVERDRACHT, 12],
            [CasusFase.ONDERZOEK, 8],
          ]);
          await overgang(h, x, keuze);
        });
        break;
      }
      case CasusFase.ONDERZOEK:
        opCasus(h, dagenNa(start, tussen(r, 40, 80)), async (x) => {
          // CBS 84853 (2023): 5,595 of 7,350 onderzoeken not closed early.
          if (r() < 0.24) {
            await overgang(h, x, CasusFase.AFGESLOTEN, {
              onderzoek: { voortijdigAfgesloten: true, uitkomsten: [] },
              afsluitreden: 'Onderzoek voortijdig afgesloten: het gezin is verhuisd naar een andere regio.',
            });
            return;
          }
          const uitkomsten = h.aard.map((a) => ({
            aardGeweld: a,
            uitkomst: gewogen(r, [
              [OnderzoekResultaat.BEVESTIGD, 55],
              [OnderzoekResultaat.NIET_BEVESTIGD, 35],
              [OnderzoekResultaat.WEERLEGD, 10],
            ]),
          }));
          const keuze = gewogen(r, [
            [CasusFase.MONITORING, 50],
            [CasusFase.OVERDRACHT, 25],
            [CasusFase.VOORWAARDEN_EN_VERVOLG, 17],
            [CasusFase.VERZOEK_TOT_ONDERZOEK, 8],
          ]);
          const vto = keuze === CasusFase.VERZOEK_TOT_ONDERZOEK ? await verzoek(h) : undefined;
          const fase = keuze === CasusFase.VERZOEK_TOT_ONDERZOEK && !vto ? CasusFase.MONITORING : keuze;
          await overgang(h, x, fase, {
            onderzoek: { voortijdigAfgesloten: false, uitkomsten },
            ...(vto ? { verzoekTotOnderzoek: vto } : {}),
          });
        });
        break;
      case CasusFase.VERZOEK_TOT_ONDERZOEK:
        // Without a Raad in the demo, VT records the Raad's decision it received outside Ketenpoort.
        if (raad.naVerzoek(h)) break;
        opCasus(h, dagenNa(start, tussen(r, 14, 45)), async (x) => {
          if (r() < 0.8) {
            await overgang(h, x, CasusFase.MONITORING, { rvdkBesluit: { besluit: RvdkBesluit.GEACCEPTEERD } });
          } else {
            await overgang(h, x, CasusFase.VOORWAARDEN_EN_VERVOLG, {
              rvdkBesluit: { besluit: RvdkBesluit.AFGEWEZEN, reden: 'Vrijwillig kader nog niet uitgeput.' },
            });
          }
        });
        break;
      case CasusFase.MONITORING: {
        const basis = c.vervolgGestartOp ?? k.lokaleDatum(start);
        const plan = (maanden: number): void => {
          const gepland = om(k.plusDagen(k.plusMaanden(basis, maanden), tussen(r, -12, 8)), 10 + r() * 6);
          const op =
            gepland.getTime() < start.getTime() + 5 * 86_400_000 ? werkdagNa(start, tussen(r, 3, 10)) : gepland;
          if (r() < 0.1) return; // not done: stays overdue
          opCasus(h, op, async (x) => {
            const onveilig = r() < (maanden === 3 ? 0.1 : 0.15);
            const ok = await stap(medewerker(x), (ctx) =>
              casusAfsprakenService.monitoringcontactVastleggen(
                ctx,
                {
                  casusId: x.id,
                  contactOp: k.lokaleDatum(clock.now()),
                  uitkomst: onveilig ? MonitoringUitkomst.ONVEILIG : MonitoringUitkomst.VEILIG_STABIEL,
                  toelichting: onveilig
                    ? 'Opnieuw zorgen: er zijn weer incidenten geweest.'
                    : 'De afspraken worden nagekomen; het gezin ervaart het als veilig.',
                },
                ['id'],
              ),
            );
            if (!ok) return;
            x.monitoringContacten++;
            if (maanden === 3) {
              if (onveilig) await overgang(h, x, CasusFase.VOORWAARDEN_EN_VERVOLG);
              else plan(12);
            } else if (!onveilig) {
              await overgang(h, x, CasusFase.AFGESLOTEN, {
                afsluitreden: 'Monitoring afgerond: de situatie is veilig en stabiel.',
              });
            }
          });
        };
        plan(c.monitoringContacten === 0 ? 3 : 12);
        break;
      }
      default:
    }
  }
  return { opCasus, naar, medewerker, overgang, verzoek };
}

export type CasusVerloop = ReturnType<typeof casusVerloop>;
