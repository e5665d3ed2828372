import { casusToewijzen } from '../../src/casussen/casus-toewijzing.service';
import { casusBeoordelingService } from '../../src/casussen/casus.beoordeling';
import { CasusFase, Taxatie, VeiligheidsbeoordelingUitkomst, VervolgKeuze } from '../../src/casussen/proces';
import { Anonimiteit } from '../../src/meldingen/cbs-categorieen';
import type { MeldingInvoer } from '../../src/meldingen/melding.inputs';
import { OverdrachtGrondslag, OverdrachtSoort } from '../../src/overdrachten/overdracht.model';
import { TermijnSoort } from '../../src/termijnen/termijn.entity';
import type { CasusVerloop } from './casus';
import type { Informeren } from './informeren';
import { gewogen, tussen } from './kans';
import type { CasusStaat, Huishouden } from './model';
import { giAanbod } from './jeugdbescherming';
import { type Ontvanger, overdragen } from './overdragen';
import type { Sim } from './simulatie';

/**
 * After registration: assignment, the assessment of the melding, informing the reported person(s) (informeren.ts) and
 * the warme overdracht to the wijkteam.
 */
export function beoordelingVan(sim: Sim, casus: CasusVerloop, informeren?: Informeren) {
  const { r, k, clock, agenda, stap, teamleider, omvang, werkdagNa, dagenNa, kiesMedewerker, rTeam, teamVan } = sim;
  const { naar, verzoek, medewerker } = casus;
  /**
   * The warme overdracht through the gateway (overdragen.ts): to the region's wijkteam, every fourth to the Zorg- en
   * Veiligheidshuis (complex, multi-problem households), by count, not by chance, so the rest of the year draws as it
   * did. A household whose children are under a child-protection measure goes to the GI instead: every eighth
   * handover of a household with children (the GI carries out the measure; Jeugdwet art. 7.3.11).
   */
  const planOverdracht = overdragen(sim, r, medewerker);
  let aanbiedingen = 0;
  let metKinderen = 0;
  function planWarmeOverdracht(
    h: Huishouden,
    c: CasusStaat,
    wijkteam: string,
    persoonIds: string[],
    vanaf: Date,
  ): void {
    if (c.aanbodLoopt) return;
    c.aanbodLoopt = true;
    const klaar = (): void => void (c.aanbodLoopt = false);
    if (omvang.gi && h.personen.some((p) => p.kind) && ++metKinderen % 8 === 0) {
      planOverdracht(c, giAanbod(omvang.gi, persoonIds), vanaf, klaar);
      return;
    }
    const zvh = omvang.zvh && ++aanbiedingen % 4 === 0 ? omvang.zvh : undefined;
    const ontvanger: Ontvanger = zvh
      ? { code: zvh, soort: 'ZORG_EN_VEILIGHEIDSHUIS', rol: 'ZVH_MEDEWERKER' }
      : { code: wijkteam, soort: 'WIJKTEAM', rol: 'WIJKTEAM_MEDEWERKER' };
    planOverdracht(
      c,
      {
        soort: OverdrachtSoort.WARME_OVERDRACHT,
        ontvanger,
        grondslag: OverdrachtGrondslag.WMO_OVERDRACHT,
        persoonIds,
        toelichting:
          'Demo: het gezin staat open voor hulp; het wijkteam stelt met het gezin het veiligheids- en herstelplan op.',
      },
      vanaf,
      klaar,
    );
  }

  /** The assessment of one melding, by the responsible worker, usually within 5 working days. */
  function planBeoordeling(
    h: Huishouden,
    meldingId: string,
    ontvangen: Date,
    acuut: boolean,
    melderBereikbaar: boolean,
  ): void {
    const c = h.casus as CasusStaat;
    const gepland = acuut
      ? new Date(ontvangen.getTime() + (1 + r() * 4) * 3600_000)
      : werkdagNa(
          ontvangen,
          gewogen(r, [
            [1, 10],
            [2, 18],
            [3, 20],
            [4, 16],
            [5, 12],
            [6, 6],
            [7, 5],
            [8, 4],
            [10, 4],
            [14, 3],
            [20, 2],
          ] as const),
        );
    // The behandelaar assesses once the casus is theirs: a worker reads only what is assigned to them.
    const op =
      c.toegewezenVanaf !== undefined && gepland.getTime() <= c.toegewezenVanaf
        ? new Date(c.toegewezenVanaf + 60_000)
        : gepland;
    agenda.plan(op, async () => {
      if (h.casus !== c) return;
      const leidend = c.fase === CasusFase.VEILIGHEIDSBEOORDELING;
      let uitkomst: VeiligheidsbeoordelingUitkomst;
      let vervolg: VervolgKeuze | undefined;
      if (leidend) {
        uitkomst = gewogen(r, [
          [VeiligheidsbeoordelingUitkomst.OVERDRACHT, 38],
          [VeiligheidsbeoordelingUitkomst.VERVOLGSTAPPEN_BIJ_VEILIG_THUIS, 32],
          [VeiligheidsbeoordelingUitkomst.GEEN_VERVOLGSTAPPEN, 25],
          [VeiligheidsbeoordelingUitkomst.INZET_REGIONAAL_MAATWERK, 5],
        ]);
        if (uitkomst === VeiligheidsbeoordelingUitkomst.VERVOLGSTAPPEN_BIJ_VEILIG_THUIS) {
          vervolg = gewogen(r, [
            [VervolgKeuze.VOORWAARDEN_EN_VERVOLG, 56],
            [VervolgKeuze.ONDERZOEK, 38],
            [VervolgKeuze.VERZOEK_TOT_ONDERZOEK, 6],
          ]);
        }
      } else {
        // A vervolgmelding on a casus already under way is assessed; the casus keeps its course.
        const lopend: Partial<Record<CasusFase, VervolgKeuze>> = {
          VOORWAARDEN_EN_VERVOLG: VervolgKeuze.VOORWAARDEN_EN_VERVOLG,
          ONDERZOEK: VervolgKeuze.ONDERZOEK,
          VERZOEK_TOT_ONDERZOEK: VervolgKeuze.VERZOEK_TOT_ONDERZOEK,
        };
        vervolg = lopend[c.fase];
        uitkomst = vervolg
          ? VeiligheidsbeoordelingUitkomst.VERVOLGSTAPPEN_BIJ_VEILIG_THUIS
          : c.fase === CasusFase.OVERDRACHT
            ? VeiligheidsbeoordelingUitkomst.OVERDRACHT
            : VeiligheidsbeoordelingUitkomst.GEEN_VERVOLGSTAPPEN;
      }
      const vto = vervolg === VervolgKeuze.VERZOEK_TOT_ONDERZOEK ? await verzoek(h) : undefined;
      if (vervolg === VervolgKeuze.VERZOEK_TOT_ONDERZOEK && !vto) vervolg = VervolgKeuze.ONDERZOEK;
      const taxatie = acuut
        ? Taxatie.ACUTE_ONVEILIGHEID
        : gewogen(r, [
            [Taxatie.STRUCTURELE_ONVEILIGHEID, 45],
            [Taxatie.GEEN_ONVEILIGHEID, 35],
            [Taxatie.ONBEKEND, 20],
          ]);
      const ok = await stap(medewerker(c), (ctx) =>
        casusBeoordelingService.veiligheidsbeoordelingVastleggen(
          ctx,
          {
            meldingId,
            taxatie,
            uitkomst,
            vervolg,
            toelichting: 'Demo: veiligheidsbeoordeling na gesprekken met melder en betrokkenen.',
            ...(vto ? { verzoekTotOnderzoek: vto } : {}),
          } as never,
          ['id'],
        ),
      );
      if (!ok) return;
      const gedaan = clock.now();
      // Feedback to melder and household, mostly within days; some is forgotten and stays overdue.
      if (r() < 0.9) {
        const t = werkdagNa(gedaan, tussen(r, 0, 3));
        agenda.plan(t, async () => {
          if (h.casus === c) {
            await stap(medewerker(c), (ctx) =>
              casusBeoordelingService.terugkoppelingVastleggen(ctx, meldingId, TermijnSoort.TERUGKOPPELING_UITKOMST, [
                'id',
              ]),
            );
          }
        });
      }
      if (
        uitkomst === VeiligheidsbeoordelingUitkomst.VERVOLGSTAPPEN_BIJ_VEILIG_THUIS &&
        melderBereikbaar &&
        r() < 0.85
      ) {
        const t = dagenNa(gedaan, tussen(r, 55, 72));
        agenda.plan(t, async () => {
          if (h.casus === c) {
            await stap(medewerker(c), (ctx) =>
              casusBeoordelingService.terugkoppelingVastleggen(
                ctx,
                meldingId,
                TermijnSoort.TERUGKOPPELING_MELDER_OVERNAME,
                ['id'],
              ),
            );
          }
        });
      }
      if (leidend) {
        if (!c.vervolgGestartOp) c.vervolgGestartOp = k.lokaleDatum(gedaan);
        const fase = vervolg
          ? (vervolg as string as CasusFase)
          : uitkomst === VeiligheidsbeoordelingUitkomst.GEEN_VERVOLGSTAPPEN
            ? CasusFase.GEEN_VERVOLG
            : CasusFase.OVERDRACHT;
        naar(h, c, fase);
        if (fase === CasusFase.OVERDRACHT && omvang.wijkteam) {
          planWarmeOverdracht(h, c, omvang.wijkteam, ok.casus.persoonIds, gedaan);
        }
      }
    });
  }

  /** After registration: the casus as the service left it, assignment, and the assessment. */
  function naRegistratie(
    h: Huishouden,
    m: { id: string; casusId: string | null },
    ontvangen: Date,
    acuut: boolean,
    melder: MeldingInvoer['melder'],
    toegewezen: string | null,
  ): void {
    if (!m.casusId) return;
    if (!h.casus || h.casus.id !== m.casusId) {
      h.casus = {
        id: m.casusId,
        fase: CasusFase.VEILIGHEIDSBEOORDELING,
        generatie: 0,
        verantwoordelijke: toegewezen ?? kiesMedewerker(),
        monitoringContacten: 0,
      };
      if (!toegewezen || r() < 0.15) {
        // Police meldingen have no worker yet, and the teamleider re-divides some work.
        // Half of these also go to the worker's team, whose members then read the casus too.
        const c = h.casus;
        const nieuw = kiesMedewerker();
        const team = rTeam() < 0.5 ? teamVan(nieuw) : undefined;
        const op = new Date(clock.now().getTime() + tussen(r, 10, 180) * 60_000);
        c.verantwoordelijke = nieuw;
        c.team = team ?? c.team;
        c.toegewezenVanaf = op.getTime();
        agenda.plan(
          op,
          async () =>
            void (await stap(teamleider, (ctx) => casusToewijzen(ctx, c.id, { medewerker: nieuw, team }, ['id']))),
        );
      }
    } else if (h.casus.fase === CasusFase.MONITORING) {
      // A vervolgmelding during monitoring re-opens the assessment (the service did so).
      h.casus.fase = CasusFase.VEILIGHEIDSBEOORDELING;
      h.casus.generatie++;
      h.casus.monitoringContacten = 0;
    }
    informeren?.naRegistratie(h, h.casus, m.id, ontvangen);
    planBeoordeling(h, m.id, ontvangen, acuut, melder.anonimiteit !== Anonimiteit.DUBBEL_ANONIEM);
  }
  return { naRegistratie };
}

export type Beoordeling = ReturnType<typeof beoordelingVan>;
