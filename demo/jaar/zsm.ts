import type { Actor } from '../../src/auth/actor';
import { BetrokkeneRol } from '../../src/meldingen/cbs-categorieen';
import { zsmService } from '../../src/zsm/zsm.service';
import { prng, tussen, uit } from './kans';
import type { Huishouden } from './model';
import type { Sim } from './simulatie';

/** Police meldingen whose suspect is taken into custody and brought to the ZSM table (DOMAIN.md §5: almost all). */
const IN_VERZEKERING = 0.1;

/**
 * ZSM in the simulated year (DOMAIN.md §5, §9.4; Gooi en Vechtstreek took part from 2023). Of the police meldingen
 * about an adult suspect known by BSN, about one in ten is one where the suspect is held: once the police melding is
 * in, the OM at the ZSM table asks VT about the suspect and the victim while the inverzekeringstelling runs (three
 * days). A VT worker answers, mostly within the hours the region agreed, sometimes later; the last request of the
 * year may still be open. Draws from its own sequence, so the rest of the year stays as it was.
 */
export function zsmVerloop(sim: Sim) {
  const { omvang, agenda, clock, k, regio, stap, actor, medewerkers, nu } = sim;
  const r = prng(omvang.seed + 7_000);
  const om: Actor | undefined = omvang.om
    ? {
        sub: `${omvang.om.toLowerCase()}-zsm-officier`,
        soort: 'PERSOON',
        rol: 'OM_ZSM_MEDEWERKER',
        organisatie: { code: omvang.om, naam: omvang.om, soort: 'OPENBAAR_MINISTERIE', regioCodes: [regio] },
        issuer: 'ketenpoort-demo-data',
      }
    : undefined;
  let recent = false;
  let parket = 0;

  /** After a police melding was registered: maybe its suspect is in custody and the OM asks VT. */
  function naPolitiemelding(h: Huishouden, incident: Date): void {
    if (!om) return;
    // One in the last days at least, so the OM's list after `npm start` has a request of this week.
    const recentNodig = !recent && incident.getTime() >= nu.getTime() - 10 * 86_400_000;
    if (r() >= IN_VERZEKERING && !recentNodig) return;
    const verdachte = h.personen.find((p) => p.rollen.includes(BetrokkeneRol.PLEGER) && !p.kind && p.bsn);
    if (!verdachte) return;
    const slachtoffer = h.personen.find(
      (p) => p !== verdachte && p.rollen.includes(BetrokkeneRol.SLACHTOFFER) && !p.kind && p.bsn,
    );
    const indienen = new Date(clock.now().getTime() + (0.5 + r() * 3) * 3600_000);
    const eind = new Date(incident.getTime() + 3 * 86_400_000);
    if (eind.getTime() - indienen.getTime() < 12 * 3600_000) return;
    if (recentNodig) recent = true;
    const laat = r() < 0.12;
    const wie = actor(uit(r, medewerkers), 'VT_MEDEWERKER');
    const nummer = `16/${String(700_000 + ++parket * 37).padStart(6, '0')}-${k.lokaleDatum(incident).slice(2, 4)}`;
    agenda.plan(indienen, async () => {
      const v = await stap(om, (ctx) =>
        zsmService.indienen(
          ctx,
          {
            vtOrganisatie: regio,
            parketnummer: nummer,
            reden:
              'Verdachte is in verzekering gesteld na huiselijk geweld; de ZSM-tafel beslist over vervolging en bijzondere voorwaarden (contactverbod).',
            inverzekeringstellingEindigtOp: eind,
            personen: [verdachte, ...(slachtoffer ? [slachtoffer] : [])].map((p) => ({ bsn: p.bsn })),
          },
          ['id', 'personen'],
        ),
      );
      if (!v) return;
      const over = laat ? tussen(r, 5, 20) : 0.5 + r() * 3;
      agenda.plan(new Date(clock.now().getTime() + over * 3600_000), async () => {
        await stap(wie, (ctx) =>
          zsmService.beantwoorden(ctx, { verzoekId: v.id, personen: v.personen.map((p) => ({ zsmPersoonId: p.id })) }, [
            'id',
          ]),
        );
      });
    });
  }

  return { naPolitiemelding };
}
