import { CasusFase } from '../../src/casussen/proces';
import {
  AardGeweld,
  Anonimiteit,
  BetrokkeneRol,
  HoedanigheidMelder,
  Kanaal,
  OrganisatieMelder,
} from '../../src/meldingen/cbs-categorieen';
import type { BetrokkeneInvoer, MeldingInvoer } from '../../src/meldingen/melding.inputs';
import type { Datum } from '../../src/termijnen/kalender';
import { gewogen, tussen, uit } from './kans';
import type { DemoPersoon, Huishouden } from './model';
import type { Sim } from './simulatie';
import {
  ACHTERNAMEN,
  BEROEP,
  DUUR,
  type Gezin,
  GEZINNEN,
  HERKOMST,
  LETTERS,
  PLAATSEN,
  STRATEN,
  VOORNAMEN_K,
  VOORNAMEN_M,
  VOORNAMEN_V,
} from './verdelingen';

/** The households of the region: who a melding is about, and what the melding says (CBS 85361 for the mix). */
export function huishoudensVan(sim: Sim) {
  const { r, bsns, huishoudens, jaar } = sim;
  const geboren = (minLeeftijd: number, maxLeeftijd: number): Datum => {
    const y = jaar - tussen(r, minLeeftijd, maxLeeftijd);
    return `${y}-${String(tussen(r, 1, 12)).padStart(2, '0')}-${String(tussen(r, 1, 28)).padStart(2, '0')}`;
  };
  function nieuwHuishouden(metBsn: boolean): Huishouden {
    const soort = gewogen(r, GEZINNEN);
    const achternaam = uit(r, ACHTERNAMEN);
    const p = (voornamen: string, leeftijd: [number, number], rollen: BetrokkeneRol[], kind = false): DemoPersoon => ({
      bsn: metBsn ? (bsns.next().value as string) : undefined,
      voornamen,
      achternaam,
      geboortedatum: geboren(...leeftijd),
      rollen,
      kind,
    });
    const kinderen = (n: number, rollen: BetrokkeneRol[]): DemoPersoon[] =>
      Array.from({ length: n }, () => p(uit(r, VOORNAMEN_K), [0, 14], rollen, true));
    const S = BetrokkeneRol;
    let personen: DemoPersoon[];
    let aard: AardGeweld[];
    switch (soort) {
      case 'KIND':
        personen = [
          p(uit(r, VOORNAMEN_V), [24, 48], [S.PLEGER]),
          p(uit(r, VOORNAMEN_M), [26, 52], [S.HUISGENOOT]),
          ...kinderen(tussen(r, 1, 3), [S.KIND, S.SLACHTOFFER]),
        ];
        if (r() < 0.5) [personen[0].rollen, personen[1].rollen] = [personen[1].rollen, personen[0].rollen];
        aard = [AardGeweld.KINDERMISHANDELING];
        break;
      case 'PARTNER_MET_KINDEREN':
        personen = [
          p(uit(r, VOORNAMEN_V), [22, 50], [S.SLACHTOFFER]),
          p(uit(r, VOORNAMEN_M), [24, 55], [S.PLEGER]),
          ...kinderen(tussen(r, 1, 3), [S.KIND, S.GETUIGE]),
        ];
        aard = [AardGeweld.EX_PARTNERGEWELD, AardGeweld.KINDERMISHANDELING];
        break;
      case 'PARTNER':
        personen = [p(uit(r, VOORNAMEN_V), [19, 70], [S.SLACHTOFFER]), p(uit(r, VOORNAMEN_M), [20, 72], [S.PLEGER])];
        if (r() < 0.15) [personen[0].rollen, personen[1].rollen] = [personen[1].rollen, personen[0].rollen];
        aard = [AardGeweld.EX_PARTNERGEWELD];
        break;
      case 'OUDERE':
        personen = [p(uit(r, VOORNAMEN_V), [67, 92], [S.SLACHTOFFER]), p(uit(r, VOORNAMEN_M), [35, 60], [S.PLEGER])];
        aard = [AardGeweld.OUDERENMISHANDELING];
        break;
      case 'KIND_NAAR_OUDER':
        personen = [p(uit(r, VOORNAMEN_V), [38, 58], [S.SLACHTOFFER]), p(uit(r, VOORNAMEN_K), [15, 24], [S.PLEGER])];
        aard = [AardGeweld.GEWELD_TEGEN_OUDERS];
        break;
      default:
        personen = [p(uit(r, VOORNAMEN_M), [20, 60], [S.SLACHTOFFER]), p(uit(r, VOORNAMEN_M), [20, 60], [S.PLEGER])];
        aard = [r() < 0.7 ? AardGeweld.HUISELIJK_GEWELD_OVERIG : AardGeweld.ANDERE_PROBLEMATIEK];
    }
    const [plaats, pc] = gewogen(
      r,
      PLAATSEN.map(([n, c, w]) => [[n, c], w] as const),
    );
    const h: Huishouden = {
      nr: huishoudens.length + 1,
      soort,
      aard,
      personen,
      bekend: false,
      adres: {
        straat: uit(r, STRATEN),
        huisnummer: String(tussen(r, 1, 180)),
        postcode: `${pc}${String(tussen(r, 0, 10 ** (4 - pc.length) - 1)).padStart(4 - pc.length, '0')} ${uit(r, LETTERS)}${uit(r, LETTERS)}`,
        woonplaats: plaats,
      },
    };
    huishoudens.push(h);
    return h;
  }

  function betrokkenen(h: Huishouden): BetrokkeneInvoer[] {
    return h.personen.map((p) => ({
      rollen: p.rollen,
      persoon: {
        bsn: p.bsn,
        voornamen: p.voornamen,
        achternaam: p.achternaam,
        geboortedatum: p.geboortedatum,
        adres: h.adres,
      },
    }));
  }

  function omschrijving(h: Huishouden, bron: string): string {
    const wat: Record<Gezin, string> = {
      KIND: 'zorgen over de veiligheid van de kinderen: signalen van lichamelijke mishandeling en verwaarlozing',
      PARTNER_MET_KINDEREN: 'escalerende ruzies tussen de ouders waarbij geweld is gebruikt; de kinderen waren getuige',
      PARTNER: 'geweld tussen (ex-)partners; het slachtoffer is bang voor herhaling',
      OUDERE: 'vermoeden van financiële uitbuiting en verwaarlozing van een oudere door een mantelzorger',
      KIND_NAAR_OUDER: 'geweld van een jongvolwassene tegen een ouder in huis',
      OVERIG: 'spanningen en geweld tussen huisgenoten',
    };
    return `Fictieve demomelding (${bron}): ${wat[h.soort]}.`;
  }

  /** Picks the household a melding is about, so that the service's classification follows CBS 85361. */
  function kiesHuishouden(bezet: Set<number>): Huishouden {
    const herkomst = gewogen(r, HERKOMST);
    const vrij = (f: (h: Huishouden) => boolean): Huishouden[] => huishoudens.filter((h) => !bezet.has(h.nr) && f(h));
    let kandidaten: Huishouden[] = [];
    switch (herkomst) {
      case 'HERMELDING':
        kandidaten = vrij((h) => h.bekend && !h.casus && h.personen.some((p) => p.bsn));
        break;
      case 'TIJDENS_BEOORDELING':
        kandidaten = vrij((h) => h.casus?.fase === CasusFase.VEILIGHEIDSBEOORDELING);
        break;
      case 'NA_BEOORDELING':
        kandidaten = vrij(
          (h) =>
            !!h.casus && h.casus.fase !== CasusFase.VEILIGHEIDSBEOORDELING && h.casus.fase !== CasusFase.MONITORING,
        );
        break;
      case 'TIJDENS_MONITORING':
        kandidaten = vrij((h) => h.casus?.fase === CasusFase.MONITORING);
        break;
      case 'ZONDER_BSN':
        return nieuwHuishouden(false);
      default:
    }
    return kandidaten.length ? uit(r, kandidaten) : nieuwHuishouden(true);
  }

  function melder(org: OrganisatieMelder): MeldingInvoer['melder'] {
    const beroep = BEROEP[org];
    if (beroep) {
      return {
        anonimiteit: r() < 0.06 ? Anonimiteit.ANONIEM_NAAR_GEZIN : Anonimiteit.OPEN,
        toestemmingBekendmaking: r() < 0.8,
        naam: `${uit(r, [...VOORNAMEN_V, ...VOORNAMEN_M])} ${uit(r, ACHTERNAMEN)}`,
        telefoon: `+31 35 ${tussen(r, 100, 999)} ${tussen(r, 1000, 9999)}`,
        functie: beroep[0],
        werkgever: beroep[1],
      };
    }
    const anonimiteit = gewogen(r, [
      [Anonimiteit.OPEN, 40],
      [Anonimiteit.ANONIEM_NAAR_GEZIN, 48],
      [Anonimiteit.DUBBEL_ANONIEM, 12],
    ]);
    if (anonimiteit === Anonimiteit.DUBBEL_ANONIEM) return { anonimiteit, toestemmingBekendmaking: false };
    return {
      anonimiteit,
      toestemmingBekendmaking: anonimiteit === Anonimiteit.OPEN,
      naam: `${uit(r, ['Buurvrouw', 'Buurman', 'Grootmoeder', 'Tante', 'Vriendin'])} ${uit(r, ACHTERNAMEN)}`,
      telefoon: `+31 6 ${tussen(r, 10_000_000, 99_999_999)}`,
    };
  }

  function meldingInvoer(h: Huishouden, org: OrganisatieMelder, ontvangenOp: Date, acuut: boolean): MeldingInvoer {
    const beroeps = org !== OrganisatieMelder.NIET_VAN_TOEPASSING;
    return {
      ontvangenOp,
      kanaal: gewogen(r, [
        [Kanaal.TELEFOON, 72],
        [Kanaal.WEBFORMULIER, 14],
        [Kanaal.CHAT, beroeps ? 1 : 10],
        [Kanaal.SCHRIFTELIJK, 6],
      ]),
      acuut,
      aardGeweld: h.aard,
      duurGeweld: gewogen(r, DUUR),
      omschrijving: omschrijving(h, beroeps ? (BEROEP[org]?.[0] ?? 'beroepskracht') : 'burger'),
      hoedanigheidMelder: beroeps ? HoedanigheidMelder.BEROEPSMATIG : HoedanigheidMelder.NIET_BEROEPSMATIG,
      organisatieMelder: org,
      melder: melder(org),
      betrokkenen: betrokkenen(h),
    };
  }
  return { nieuwHuishouden, kiesHuishouden, meldingInvoer };
}

export type Huishoudens = ReturnType<typeof huishoudensVan>;
