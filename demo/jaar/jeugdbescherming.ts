import type { Actor } from '../../src/auth/actor';
import { CasusFase, RvdkBesluit } from '../../src/casussen/proces';
import {
  AfwijzingReden,
  OverdrachtGrondslag,
  OverdrachtSoort,
  OverdrachtUitkomst,
} from '../../src/overdrachten/overdracht.model';
import { overdrachtService } from '../../src/overdrachten/overdracht.service';
import { prng, tussen } from './kans';
import type { CasusStaat, Huishouden } from './model';
import { type Aanbod, type Ontvanger, overdragen, partnerActor } from './overdragen';
import type { Sim } from './simulatie';

/** A handover to the GI of children under a child-protection measure (OTS): the GI carries out the measure. */
export function giAanbod(gi: string, persoonIds: string[]): Aanbod {
  return {
    soort: OverdrachtSoort.GI_OVERDRACHT,
    ontvanger: { code: gi, soort: 'GECERTIFICEERDE_INSTELLING', rol: 'GI_JEUGDBESCHERMER' },
    grondslag: OverdrachtGrondslag.JEUGDBESCHERMINGSMAATREGEL,
    persoonIds,
    toelichting:
      'Demo: de kinderen staan onder toezicht (OTS); de jeugdbeschermer neemt de veiligheidsafspraken over en voert de maatregel uit.',
  };
}

/** What the Raad's part of the year needs of the casus process (casus.ts). */
export interface CasusStappen {
  opCasus: (h: Huishouden, op: Date, doe: (c: CasusStaat) => Promise<void>) => void;
  overgang: (h: Huishouden, c: CasusStaat, fase: CasusFase, extra?: Record<string, unknown>) => Promise<void>;
  medewerker: (c: CasusStaat) => Actor;
  kinderenVan: (h: Huishouden) => Promise<string[]>;
}

/** The casus fasen from which VT hands over to a GI (overdracht-aanbod.service.ts). */
const OVERDRAAGBAAR: readonly CasusFase[] = [
  CasusFase.OVERDRACHT,
  CasusFase.VOORWAARDEN_EN_VERVOLG,
  CasusFase.ONDERZOEK,
  CasusFase.MONITORING,
];

/**
 * The Verzoek tot Onderzoek through the gateway (DOMAIN.md §5): once a casus is in VERZOEK_TOT_ONDERZOEK, its worker
 * offers the verzoek to the Raad within days, which tells the college (`gemeente`, Wmo 2015 art. 4.1.1 lid 1 sub f).
 * The Raad acknowledges, screens within its ten working days (an answer after them is refused: the offer expired) and
 * accepts four in five; VT then takes the casus on in monitoring, or, when the Raad declines (not enough help tried),
 * back to voorwaarden en vervolg. An accepted verzoek is investigated for two to four months; in about half the Raad asks the
 * court for a measure, and weeks later VT hands the children under supervision over to the GI. Draws from its own
 * sequence, so the rest of the year stays as it was.
 */
export function raadVerloop(sim: Sim, casus: CasusStappen) {
  const { omvang, agenda, clock, k, stap, werkdagNa, dagenNa } = sim;
  const r = prng(omvang.seed + 6_000);
  const planOverdracht = overdragen(sim, r, casus.medewerker);
  const raad: Ontvanger | undefined = omvang.raad
    ? { code: omvang.raad, soort: 'RAAD_VOOR_DE_KINDERBESCHERMING', rol: 'RVDK_MEDEWERKER' }
    : undefined;

  /** The casus entered VERZOEK_TOT_ONDERZOEK: false when there is no Raad in the demo (casus.ts decides then). */
  function naVerzoek(h: Huishouden): boolean {
    if (!raad || !omvang.gemeente) return false;
    const rvdk = partnerActor(sim, raad);
    casus.opCasus(h, werkdagNa(clock.now(), tussen(r, 0, 2)), async (x) => {
      const kinderen = await casus.kinderenVan(h);
      const o = await stap(casus.medewerker(x), (ctx) =>
        overdrachtService.aanbieden(
          ctx,
          {
            casusId: x.id,
            soort: OverdrachtSoort.VERZOEK_TOT_ONDERZOEK,
            ontvanger: raad.code,
            gemeente: omvang.gemeente,
            persoonIds: kinderen,
            metVeiligheidsafspraken: false,
            toelichting:
              'Demo: de zorgen blijven en vrijwillige hulp wordt niet aanvaard; VT vraagt de Raad de situatie te onderzoeken.',
            grondslag: OverdrachtGrondslag.VERZOEK_RAAD,
          },
          ['id'],
        ),
      );
      if (!o) return;
      agenda.plan(werkdagNa(clock.now(), tussen(r, 0, 1)), async () => {
        await stap(rvdk, (ctx) => overdrachtService.ontvangen(ctx, o.id, ['id']));
      });
      const accepteren = r() < 0.8;
      agenda.plan(werkdagNa(clock.now(), tussen(r, 2, 9)), async () => {
        if (!accepteren) {
          const reden = 'Er is onvoldoende vrijwillige hulp geprobeerd; eerst het vrijwillig kader benutten.';
          const ok = await stap(rvdk, (ctx) =>
            overdrachtService.afwijzen(
              ctx,
              { overdrachtId: o.id, reden: AfwijzingReden.ONVOLDOENDE_HULP_GEPROBEERD, toelichting: reden },
              ['id'],
            ),
          );
          if (!ok) return;
          casus.opCasus(h, werkdagNa(clock.now(), tussen(r, 1, 3)), (y) =>
            casus.overgang(h, y, CasusFase.VOORWAARDEN_EN_VERVOLG, {
              rvdkBesluit: { besluit: RvdkBesluit.AFGEWEZEN, reden },
            }),
          );
          return;
        }
        if (!(await stap(rvdk, (ctx) => overdrachtService.accepteren(ctx, o.id, ['id'])))) return;
        casus.opCasus(h, werkdagNa(clock.now(), tussen(r, 1, 3)), (y) =>
          casus.overgang(h, y, CasusFase.MONITORING, { rvdkBesluit: { besluit: RvdkBesluit.GEACCEPTEERD } }),
        );
        agenda.plan(werkdagNa(clock.now(), tussen(r, 2, 10)), async () => {
          const contact = await stap(rvdk, (ctx) =>
            overdrachtService.contactBevestigen(
              ctx,
              {
                overdrachtId: o.id,
                contactOp: k.lokaleDatum(clock.now()),
                vtPersoon: x.verantwoordelijke,
                partnerPersoon: rvdk.sub,
              },
              ['id'],
            ),
          );
          if (!contact) return;
          const maatregel = r() < 0.5;
          agenda.plan(dagenNa(clock.now(), tussen(r, 60, 120)), async () => {
            const klaar = await stap(rvdk, (ctx) =>
              overdrachtService.afronden(
                ctx,
                {
                  overdrachtId: o.id,
                  uitkomst: maatregel ? OverdrachtUitkomst.MAATREGEL_VERZOCHT : OverdrachtUitkomst.GEEN_MAATREGEL,
                  toelichting: maatregel
                    ? 'Demo: de Raad verzoekt de kinderrechter om een ondertoezichtstelling.'
                    : 'Demo: geen maatregel; het gezin aanvaardt hulp in het vrijwillig kader.',
                },
                ['id'],
              ),
            );
            if (klaar && maatregel && omvang.gi) naUitspraak(h, x, kinderen, omvang.gi);
          });
        });
      });
    });
    return true;
  }

  /** The court imposed the OTS weeks after the Raad's request: VT hands the children over to the GI. */
  function naUitspraak(h: Huishouden, c: CasusStaat, kinderen: string[], gi: string): void {
    agenda.plan(dagenNa(clock.now(), tussen(r, 20, 45)), async () => {
      if (h.casus !== c || !OVERDRAAGBAAR.includes(c.fase) || c.aanbodLoopt) return;
      c.aanbodLoopt = true;
      planOverdracht(c, giAanbod(gi, kinderen), clock.now(), () => void (c.aanbodLoopt = false));
    });
  }

  return { naVerzoek };
}
