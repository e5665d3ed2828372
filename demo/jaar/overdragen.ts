import type { Actor } from '../../src/auth/actor';
import type { OrganisatieSoort, Rol } from '../../src/auth/rollen';
import { CasusFase } from '../../src/casussen/proces';
import {
  AfwijzingReden,
  type OverdrachtGrondslag,
  type OverdrachtSoort,
  OverdrachtUitkomst,
} from '../../src/overdrachten/overdracht.model';
import { overdrachtService } from '../../src/overdrachten/overdracht.service';
import { gewogen, tussen } from './kans';
import type { CasusStaat } from './model';
import { type Sim, SYSTEEM_UITGEVER } from './simulatie';

/** A partner of the gateway that receives handovers: its organisation code, kind and the role its users act in. */
export interface Ontvanger {
  code: string;
  soort: OrganisatieSoort;
  rol: Rol;
}

/** A user of a partner organisation, as its identity provider would present them. */
export function partnerActor(sim: Sim, o: Ontvanger): Actor {
  return {
    sub: `${o.code.toLowerCase()}-medewerker`,
    soort: 'PERSOON',
    rol: o.rol,
    organisatie: { code: o.code, naam: o.code, soort: o.soort, regioCodes: [sim.regio] },
    issuer: SYSTEEM_UITGEVER,
  };
}

/** What VT offers: the kind, its legal basis and the persons; `toelichting` is the context the partner gets. */
export interface Aanbod {
  soort: OverdrachtSoort.WARME_OVERDRACHT | OverdrachtSoort.GI_OVERDRACHT;
  ontvanger: Ontvanger;
  grondslag: OverdrachtGrondslag;
  persoonIds: string[];
  toelichting: string;
}

/**
 * A handover through the gateway to a wijkteam, Zorg- en Veiligheidshuis or GI: VT offers, the partner mostly accepts
 * within days and confirms the contact, and reports back weeks later; sometimes it declines, and sometimes it does not
 * answer in time (the worker lets such an offer expire when it starts). `r` is the sequence the caller draws from.
 */
export function overdragen(sim: Sim, r: () => number, vt: (c: CasusStaat) => Actor) {
  const { k, clock, agenda, stap, werkdagNa, dagenNa } = sim;
  return function planOverdracht(c: CasusStaat, aanbod: Aanbod, vanaf: Date, klaar?: () => void): void {
    const partner = partnerActor(sim, aanbod.ontvanger);
    agenda.plan(werkdagNa(vanaf, tussen(r, 0, 1)), async () => {
      const o = await stap(vt(c), (ctx) =>
        overdrachtService.aanbieden(
          ctx,
          {
            casusId: c.id,
            soort: aanbod.soort,
            ontvanger: aanbod.ontvanger.code,
            persoonIds: aanbod.persoonIds,
            metVeiligheidsafspraken: false,
            toelichting: aanbod.toelichting,
            grondslag: aanbod.grondslag,
          },
          ['id'],
        ),
      );
      if (!o) return;
      const antwoord = gewogen(r, [
        ['ACCEPTEREN', 85],
        ['AFWIJZEN', 8],
        ['GEEN', 7],
      ] as const);
      if (antwoord === 'GEEN') return;
      agenda.plan(werkdagNa(clock.now(), tussen(r, 0, 2)), async () => {
        // VT closed the casus meanwhile: the open offer was withdrawn with it, there is nothing left to answer.
        if (c.fase === CasusFase.AFGESLOTEN) return klaar?.();
        if (antwoord === 'AFWIJZEN') {
          await stap(partner, (ctx) =>
            overdrachtService.afwijzen(
              ctx,
              { overdrachtId: o.id, reden: AfwijzingReden.GEEN_CAPACITEIT, toelichting: 'Demo: wachtlijst.' },
              ['id'],
            ),
          );
          return klaar?.();
        }
        if (!(await stap(partner, (ctx) => overdrachtService.accepteren(ctx, o.id, ['id'])))) return;
        agenda.plan(werkdagNa(clock.now(), tussen(r, 1, 4)), async () => {
          const contact = await stap(partner, (ctx) =>
            overdrachtService.contactBevestigen(
              ctx,
              {
                overdrachtId: o.id,
                contactOp: k.lokaleDatum(clock.now()),
                vtPersoon: c.verantwoordelijke,
                partnerPersoon: partner.sub,
              },
              ['id'],
            ),
          );
          if (!contact) return;
          agenda.plan(dagenNa(clock.now(), tussen(r, 30, 120)), async () => {
            klaar?.();
            await stap(partner, (ctx) =>
              overdrachtService.afronden(
                ctx,
                {
                  overdrachtId: o.id,
                  uitkomst: gewogen(r, [
                    [OverdrachtUitkomst.HULP_AFGEROND, 70],
                    [OverdrachtUitkomst.GEZIN_WEIGERT_HULP, 15],
                    [OverdrachtUitkomst.TERUG_NAAR_VEILIG_THUIS, 15],
                  ] as const),
                  toelichting: 'Demo: uitkomst van de hulp.',
                },
                ['id'],
              ),
            );
          });
        });
      });
    });
  };
}
