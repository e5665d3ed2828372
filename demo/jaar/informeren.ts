import { betrokkeneInformerenService } from '../../src/casussen/betrokkene-informeren';
import { InformerenReden, InformerenUitkomst, InformerenWijze } from '../../src/casussen/betrokkene-informeren.entity';
import { inRegio } from '../../src/lib/regio';
import type { CasusVerloop } from './casus';
import { gewogen, prng, tussen } from './kans';
import type { CasusStaat, Huishouden } from './model';
import type { Sim } from './simulatie';

/**
 * Informing the reported person(s) of each melding "zo snel mogelijk": mostly within a few working days, by phone, in
 * a conversation, at a home visit or by letter; sometimes postponed for a legal reason and done later; now and then
 * not at all, with the reason on record; and a few forgotten, so the teamleider sees them overdue. Draws from its own
 * sequence, so the rest of the simulated year stays as it was.
 */
export function informerenVan(sim: Sim, casus: CasusVerloop) {
  const { k, clock, agenda, stap, regio, om, omvang } = sim;
  const { medewerker } = casus;
  const r = prng(omvang.seed + 4_000);
  const op = (t: Date, werkdagen: number): Date =>
    om(k.plusWerkdagen(k.lokaleDatum(t), werkdagen), tussen(r, 9, 16) + r());

  /** Records one step, only while the melding's termijn is still open (the casus may have closed meanwhile). */
  function plan(h: Huishouden, c: CasusStaat, meldingId: string, wanneer: Date, invoer: () => object): void {
    agenda.plan(wanneer, async () => {
      if (h.casus !== c) return;
      await stap(medewerker(c), async (ctx) => {
        const [rij] = await inRegio(ctx, regio, (tx) =>
          tx.getConnection().execute<{ personen: string[]; open: boolean }[]>(
            `select array(select b.persoon_id::text from betrokkene b where b.melding_id = ?) as personen,
                      exists (select 1 from termijn t where t.melding_id = ? and t.soort = 'BETROKKENE_INFORMEREN' and t.status = 'OPEN') as open`,
            [meldingId, meldingId],
            'all',
            tx.getTransactionContext(),
          ),
        );
        if (!rij?.open) return undefined;
        const uit = invoer() as { uitkomst: InformerenUitkomst };
        const persoonIds = uit.uitkomst === InformerenUitkomst.GEINFORMEERD ? rij.personen.slice(0, 3) : undefined;
        return betrokkeneInformerenService.vastleggen(ctx, {
          meldingId,
          ...uit,
          ...(persoonIds ? { persoonIds } : {}),
        });
      });
    });
  }

  const geinformeerd = () => ({
    uitkomst: InformerenUitkomst.GEINFORMEERD,
    geinformeerdOp: new Date(clock.now().getTime() - tussen(r, 5, 60) * 60_000),
    wijze: gewogen(r, [
      [InformerenWijze.TELEFONISCH, 45],
      [InformerenWijze.PERSOONLIJK_GESPREK, 25],
      [InformerenWijze.HUISBEZOEK, 20],
      [InformerenWijze.BRIEF, 8],
      [InformerenWijze.VIA_KETENPARTNER, 2],
    ]),
  });

  /** After registration of a melding on casus `c`. */
  function naRegistratie(h: Huishouden, c: CasusStaat, meldingId: string, ontvangen: Date): void {
    const keuze = gewogen(r, [
      ['INFORMEREN', 84],
      ['UITSTEL', 6],
      ['NIET', 3],
      ['VERGETEN', 7],
    ]);
    if (keuze === 'VERGETEN') return;
    // From the next working day: the time of informing then never precedes the receipt.
    const eerst = op(ontvangen, tussen(r, 1, 4));
    if (keuze === 'INFORMEREN') return plan(h, c, meldingId, eerst, geinformeerd);
    if (keuze === 'NIET') {
      return plan(h, c, meldingId, eerst, () => ({
        uitkomst: InformerenUitkomst.NIET_INFORMEREN,
        reden: gewogen(r, [
          [InformerenReden.VEILIGHEID_MELDER, 50],
          [InformerenReden.VEILIGHEID_SLACHTOFFER, 30],
          [InformerenReden.VEILIGHEID_KIND, 20],
        ]),
        toelichting: 'Demo: informeren brengt de veiligheid in gevaar; afgewogen met de gedragsdeskundige.',
      }));
    }
    const dagen = tussen(r, 5, 15);
    plan(h, c, meldingId, eerst, () => ({
      uitkomst: InformerenUitkomst.UITGESTELD,
      reden: gewogen(r, [
        [InformerenReden.BELANG_STRAFRECHTELIJK_ONDERZOEK, 40],
        [InformerenReden.NIET_BEREIKBAAR, 35],
        [InformerenReden.VEILIGHEID_KIND, 25],
      ]),
      uitgesteldTot: k.plusWerkdagen(k.lokaleDatum(clock.now()), dagen),
      toelichting: 'Demo: uitgesteld; eerst afstemmen met politie of het netwerk.',
    }));
    if (r() < 0.8) plan(h, c, meldingId, op(eerst, dagen - 1), geinformeerd);
  }
  return { naRegistratie };
}

export type Informeren = ReturnType<typeof informerenVan>;
