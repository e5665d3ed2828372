import { adviesService } from '../../src/adviezen/advies.service';
import { gemeenteVanWoonplaats } from '../../src/organisaties/gemeenten';
import { casusInzageService } from '../../src/casussen/casus-inzage.service';
import { casusBeoordelingService } from '../../src/casussen/casus.beoordeling';
import { casusIntakeService } from '../../src/casussen/casus.intake';
import { type PolitieMeldingInvoer, politieService } from '../../src/casussen/politie.intake';
import { CasusFase, Taxatie, VeiligheidsbeoordelingUitkomst } from '../../src/casussen/proces';
import { inRegio } from '../../src/lib/regio';
import {
  AardGeweld,
  Anonimiteit,
  HoedanigheidMelder,
  Kanaal,
  OrganisatieMelder,
} from '../../src/meldingen/cbs-categorieen';
import { NoodtoegangOordeel } from '../../src/noodtoegang/noodtoegang.entity';
import { noodtoegangService } from '../../src/noodtoegang/noodtoegang.service';
import type { Beoordeling } from './beoordeling';
import type { CasusVerloop } from './casus';
import type { Huishoudens } from './huishoudens';
import { awareVerloop } from './aware';
import { huisverbodVerloop } from './huisverbod';
import { hwcVerloop } from './hwc';
import { gewogen, prng, tussen, uit } from './kans';
import type { CasusStaat } from './model';
import type { Sim } from './simulatie';
import { ACHTERNAMEN, ADVIESVRAGERS, BEROEP, GEZINNEN, MELDERS, PLAATSEN } from './verdelingen';
import { zsmVerloop } from './zsm';

/**
 * Plans the year's events: meldingen (the police in batches), adviezen, households known from before, and noodtoegang.
 * The order of planning is the order of drawing from the seeded sequences: keep it, and a seed gives the same year.
 */
export function planJaar(sim: Sim, hh: Huishoudens, casus: CasusVerloop, beoordeling: Beoordeling): void {
  const {
    r,
    k,
    nu,
    omvang,
    clock,
    agenda,
    stap,
    context,
    regio,
    teamleider,
    privacyOfficer,
    politie,
    actor,
    verslag,
    om,
    werkdagNa,
    kiesMedewerker,
    huishoudens,
    medewerkers,
    teamVan,
    rNood,
    jaarBegin,
  } = sim;
  const { nieuwHuishouden, kiesHuishouden, meldingInvoer } = hh;
  const { naar, medewerker } = casus;
  const { naRegistratie } = beoordeling;
  /** A moment in the year: police at any hour, others during office hours on working days. */
  function moment(kantoor: boolean): Date {
    for (;;) {
      const t = new Date(jaarBegin.getTime() + r() * (nu.getTime() - jaarBegin.getTime()));
      if (!kantoor) return t;
      const d = k.lokaleDatum(t);
      if (k.isWerkdag(d)) return om(d, 8.5 + r() * 8.5);
    }
  }

  // Police meldingen arrive from the police system in batches, twice a day.
  const politieMomenten: Date[] = [];
  const overig: { t: Date; org: OrganisatieMelder }[] = [];
  for (let i = 0; i < omvang.meldingenPerJaar; i++) {
    const org = gewogen(r, MELDERS);
    if (org === OrganisatieMelder.POLITIE) politieMomenten.push(moment(false));
    else overig.push({ t: moment(true), org });
  }
  const huisverboden = huisverbodVerloop(sim, politieMomenten.length);
  const aware = awareVerloop(sim, politieMomenten.length);
  const zsm = zsmVerloop(sim);
  const hwc = hwcVerloop(sim);
  const batches = new Map<number, Date[]>();
  for (const t of politieMomenten) {
    const d = k.lokaleDatum(t);
    const uurLokaal = (t.getTime() - k.beginVanDag(d).getTime()) / 3600_000;
    const levering = uurLokaal < 12 ? om(d, 12.25) : om(k.plusDagen(d, 1), 6.25);
    const sleutel = levering.getTime() > nu.getTime() ? nu.getTime() : levering.getTime();
    batches.set(sleutel, [...(batches.get(sleutel) ?? []), t]);
  }
  let politieRef = 0;
  for (const [levering, momenten] of batches) {
    agenda.plan(new Date(levering), async () => {
      const bezet = new Set<number>();
      const items = momenten
        .sort((a, b) => a.getTime() - b.getTime())
        .map((ontvangenOp) => {
          const h = kiesHuishouden(bezet);
          bezet.add(h.nr);
          const acuut = r() < 0.06;
          const invoer = meldingInvoer(h, OrganisatieMelder.POLITIE, ontvangenOp, acuut);
          const p: PolitieMeldingInvoer = {
            politieReferentie: `MNL-${k.lokaleDatum(ontvangenOp).replaceAll('-', '')}-${String(++politieRef).padStart(5, '0')}`,
            vtRegio: regio,
            ontvangenOp,
            acuut,
            aardGeweld: invoer.aardGeweld,
            duurGeweld: invoer.duurGeweld,
            omschrijving: invoer.omschrijving,
            melder: {
              anonimiteit: Anonimiteit.OPEN,
              toestemmingBekendmaking: true,
              naam: `Agent ${uit(r, ACHTERNAMEN)}`,
              telefoon: '+31 900 8844',
              functie: 'wijkagent',
              werkgever: 'Politie Midden-Nederland',
            },
            betrokkenen: invoer.betrokkenen,
          };
          return { h, p };
        });
      const resultaat = await stap(politie, (ctx) =>
        politieService.aanleveren(
          ctx,
          items.map((x) => x.p),
        ),
      );
      if (!resultaat) return;
      verslag.meldingen += resultaat.length;
      const ctx = context(teamleider);
      const ids = resultaat.map((x) => x.meldingId);
      const casussen = new Map(
        (
          await inRegio(ctx, regio, (tx) =>
            tx
              .getConnection()
              .execute<{ id: string; casus_id: string }[]>(
                `select id, casus_id from melding where id = any(?::uuid[])`,
                [`{${ids.join(',')}}`],
                'all',
                tx.getTransactionContext(),
              ),
          )
        ).map((x) => [x.id, x.casus_id]),
      );
      items.forEach(({ h, p }, i) => {
        naRegistratie(
          h,
          { id: ids[i], casusId: casussen.get(ids[i]) ?? null },
          p.ontvangenOp,
          p.acuut ?? false,
          p.melder,
          null,
        );
        huisverboden.naPolitiemelding(h, ids[i], casussen.get(ids[i]) ?? null, p.ontvangenOp);
        aware.naPolitiemelding(h, ids[i], casussen.get(ids[i]) ?? null, p.ontvangenOp);
        zsm.naPolitiemelding(h, p.ontvangenOp);
        hwc.naPolitiemelding(h, ids[i], casussen.get(ids[i]) ?? null, p.ontvangenOp);
      });
    });
  }

  for (const { t, org } of overig) {
    agenda.plan(t, async () => {
      const h = kiesHuishouden(new Set());
      const acuut = r() < 0.04;
      const invoer = meldingInvoer(h, org, new Date(clock.now().getTime() - tussen(r, 5, 40) * 60_000), acuut);
      const wie = kiesMedewerker();
      const m = await stap(actor(wie, 'VT_MEDEWERKER'), (ctx) => casusIntakeService.registreer(ctx, invoer, ['id']));
      if (!m) return;
      verslag.meldingen++;
      naRegistratie(h, m, invoer.ontvangenOp, acuut, invoer.melder, wie);
    });
  }

  // Adviezen: most are finished the same or the next days; a few become a melding, some ambtshalve. Two in three
  // adviesvragers say where the client lives (the gemeente, for CBS); drawn from their own sequence so the rest of
  // the year stays as it was.
  const rGemeente = prng(omvang.seed + 1_000);
  for (let i = 0; i < omvang.adviezenPerJaar; i++) {
    const gemeente =
      rGemeente() < 2 / 3
        ? (gemeenteVanWoonplaats(
            gewogen(
              rGemeente,
              PLAATSEN.map(([n, , w]) => [n, w] as const),
            ),
          ) ?? undefined)
        : undefined;
    const org = gewogen(r, ADVIESVRAGERS);
    const t = moment(true);
    agenda.plan(t, async () => {
      const beroeps = org !== OrganisatieMelder.NIET_VAN_TOEPASSING;
      const wie = kiesMedewerker();
      const soort = gewogen(r, GEZINNEN);
      const aard = {
        KIND: [AardGeweld.KINDERMISHANDELING],
        PARTNER_MET_KINDEREN: [AardGeweld.EX_PARTNERGEWELD, AardGeweld.KINDERMISHANDELING],
        PARTNER: [AardGeweld.EX_PARTNERGEWELD],
        OUDERE: [AardGeweld.OUDERENMISHANDELING],
        KIND_NAAR_OUDER: [AardGeweld.GEWELD_TEGEN_OUDERS],
        OVERIG: [AardGeweld.HUISELIJK_GEWELD_OVERIG],
      }[soort];
      const a = await stap(actor(wie, 'VT_MEDEWERKER'), (ctx) =>
        adviesService.registreer(ctx, {
          ontvangenOp: new Date(clock.now().getTime() - tussen(r, 5, 30) * 60_000),
          kanaal: gewogen(r, [
            [Kanaal.TELEFOON, 80],
            [Kanaal.CHAT, beroeps ? 2 : 15],
            [Kanaal.WEBFORMULIER, 5],
          ]),
          hoedanigheidAdviesvrager: beroeps ? HoedanigheidMelder.BEROEPSMATIG : HoedanigheidMelder.NIET_BEROEPSMATIG,
          organisatieAdviesvrager: org,
          aardGeweld: aard,
          omschrijving: `Fictieve demo-adviesvraag (${beroeps ? (BEROEP[org]?.[0] ?? 'beroepskracht') : 'burger'}): hoe ga ik om met zorgen over ${aard.map((x) => x.toLowerCase().replaceAll('_', ' ')).join(' en ')}?`,
          clientAnoniem: r() < 0.7,
          gemeente,
        }),
      );
      if (!a) return;
      verslag.adviezen++;
      const keuze = gewogen(r, [
        ['AFRONDEN', 92],
        ['MELDING', 3],
        ['AMBTSHALVE', 2],
        ['OPEN', 3],
      ] as const);
      const op =
        keuze === 'OPEN'
          ? nu
          : werkdagNa(
              clock.now(),
              gewogen(r, [
                [0, 60],
                [1, 20],
                [3, 12],
                [8, 8],
              ] as const),
            );
      if (op >= nu) return;
      agenda.plan(op, async () => {
        if (keuze === 'AFRONDEN') {
          await stap(actor(wie, 'VT_MEDEWERKER'), (ctx) => adviesService.afronden(ctx, a.id));
          return;
        }
        const h = nieuwHuishouden(true);
        h.aard = aard;
        h.soort = soort;
        const invoer = meldingInvoer(
          h,
          keuze === 'AMBTSHALVE' ? OrganisatieMelder.VEILIG_THUIS_REGIONAAL_MAATWERK : org,
          clock.now(),
          false,
        );
        if (keuze === 'AMBTSHALVE') {
          invoer.hoedanigheidMelder = HoedanigheidMelder.BEROEPSMATIG;
          invoer.melder = {
            anonimiteit: Anonimiteit.OPEN,
            toestemmingBekendmaking: true,
            naam: `Medewerker Veilig Thuis (${wie})`,
            telefoon: '0800 2000',
            functie: 'medewerker',
            werkgever: 'Veilig Thuis Gooi en Vechtstreek',
          };
        }
        const m = await stap(actor(wie, 'VT_MEDEWERKER'), (ctx) =>
          adviesService.omzetten(ctx, a.id, invoer, keuze === 'AMBTSHALVE', ['id']),
        );
        if (!m) return;
        verslag.meldingen++;
        naRegistratie(h, m, invoer.ontvangenOp, false, invoer.melder, wie);
      });
    });
  }

  // Households known from before the year: a casus that was assessed and closed without follow-up.
  for (let i = 0; i < omvang.eerdereHuishoudens; i++) {
    const t = new Date(jaarBegin.getTime() - (30 + r() * 700) * 86_400_000);
    agenda.plan(t, async () => {
      const h = nieuwHuishouden(true);
      const wie = kiesMedewerker();
      const invoer = meldingInvoer(
        h,
        gewogen(
          r,
          MELDERS.filter(([o]) => o !== OrganisatieMelder.POLITIE),
        ),
        t,
        false,
      );
      const m = await stap(actor(wie, 'VT_MEDEWERKER'), (ctx) => casusIntakeService.registreer(ctx, invoer, ['id']));
      if (!m?.casusId) return;
      verslag.meldingen++;
      h.casus = {
        id: m.casusId,
        fase: CasusFase.VEILIGHEIDSBEOORDELING,
        generatie: 0,
        verantwoordelijke: wie,
        monitoringContacten: 0,
      };
      const c = h.casus;
      agenda.plan(werkdagNa(t, tussen(r, 1, 5)), async () => {
        if (h.casus !== c) return;
        const ok = await stap(medewerker(c), (ctx) =>
          casusBeoordelingService.veiligheidsbeoordelingVastleggen(
            ctx,
            {
              meldingId: m.id,
              taxatie: Taxatie.GEEN_ONVEILIGHEID,
              uitkomst: VeiligheidsbeoordelingUitkomst.GEEN_VERVOLGSTAPPEN,
              toelichting: 'Demo: eerdere melding.',
            },
            ['id'],
          ),
        );
        if (ok) naar(h, c, CasusFase.GEEN_VERVOLG);
      });
    });
  }

  // Noodtoegang: now and then a worker on duty opens a casus that is not theirs (police at night, a colleague away);
  // the privacy officer judges each use within days, now and then as not justified. The latest may still be open.
  const REDENEN = [
    'Politie belt buiten kantoortijd over acute onveiligheid in dit gezin; de behandelaar is niet bereikbaar.',
    'School meldt dat het kind niet naar huis durft; behandelaar met verlof, direct afstemmen met de school nodig.',
    'Huisarts belt met nieuwe verwondingen bij het jongste kind; de behandelaar is ziek en het team is in overleg.',
    'Slachtoffer belt de crisisdienst en wil weten welke veiligheidsafspraken er gelden; behandelaar niet bereikbaar.',
  ];
  for (let i = 0; i < Math.max(3, Math.round(omvang.meldingenPerJaar / 150)); i++) {
    const t = new Date(jaarBegin.getTime() + (0.1 + 0.9 * rNood()) * (nu.getTime() - jaarBegin.getTime()));
    agenda.plan(t, async () => {
      const open = huishoudens.filter((h) => h.casus && (h.casus.toegewezenVanaf ?? 0) < clock.now().getTime());
      if (!open.length) return;
      const c = open[Math.floor(rNood() * open.length)].casus as CasusStaat;
      const anderen = medewerkers.filter((m) => m !== c.verantwoordelijke && teamVan(m) !== c.team);
      const wie = actor(anderen[Math.floor(rNood() * anderen.length)], 'VT_MEDEWERKER');
      const onterecht = rNood() < 0.2;
      const reden = onterecht
        ? 'Even nakijken: de melder zei dat dit gezin bij een bekende van mij in de straat woont.'
        : REDENEN[Math.floor(rNood() * REDENEN.length)];
      const n = await stap(wie, (ctx) => noodtoegangService.openen(ctx, c.id, reden));
      if (!n) return;
      await stap(wie, (ctx) => casusInzageService.lees(ctx, c.id, ['id', 'fase', 'veiligheidsafspraken', 'termijnen']));
      agenda.plan(new Date(clock.now().getTime() + (1 + rNood() * 4) * 86_400_000), async () => {
        await stap(privacyOfficer, (ctx) =>
          noodtoegangService.beoordelen(ctx, {
            noodtoegangId: n.id,
            oordeel: onterecht ? NoodtoegangOordeel.NIET_GERECHTVAARDIGD : NoodtoegangOordeel.GERECHTVAARDIGD,
            toelichting: onterecht
              ? 'Geen nood: nieuwsgierigheid is geen grond. Besproken met de medewerker en de teamleider.'
              : 'Acute situatie buiten bereik van behandelaar en team; inzage beperkt tot wat nodig was.',
          }),
        );
      });
    });
  }
}
