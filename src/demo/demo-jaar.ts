import type { MikroORM } from '@mikro-orm/postgresql';

import { gemeenteVanWoonplaats } from '../organisaties/gemeenten';
import { adviesService } from '../adviezen/advies.service';
import { AuditRegistratie } from '../audit/audit-registratie';
import type { Actor } from '../auth/actor';
import type { Rol } from '../auth/rollen';
import { casusInzageService } from '../casussen/casus-inzage.service';
import { casusToewijzen } from '../casussen/casus-toewijzing.service';
import { casusBeoordelingService } from '../casussen/casus.beoordeling';
import { casusDienstenService } from '../casussen/casus.diensten';
import { casusIntakeService } from '../casussen/casus.intake';
import { CasusFase, MonitoringUitkomst, OnderzoekResultaat, RvdkBesluit, Taxatie, VeiligheidsbeoordelingUitkomst, VervolgKeuze, VerzoekGrond } from '../casussen/proces';
import { FixedClock } from '../lib/clock';
import type { RequestContext } from '../lib/context';
import type { Config } from '../lib/config';
import type { Logger } from '../lib/logger';
import { inRegio } from '../lib/regio';
import { AardGeweld, Anonimiteit, BetrokkeneRol, DuurGeweld, HoedanigheidMelder, Kanaal, OrganisatieMelder } from '../meldingen/cbs-categorieen';
import type { BetrokkeneInvoer, MeldingInvoer } from '../meldingen/melding.inputs';
import { type PolitieMeldingInvoer, politieService } from '../casussen/politie.intake';
import { AfwijzingReden, OverdrachtGrondslag, OverdrachtSoort, OverdrachtUitkomst } from '../overdrachten/overdracht.model';
import { NoodtoegangOordeel } from '../noodtoegang/noodtoegang.entity';
import { noodtoegangService } from '../noodtoegang/noodtoegang.service';
import { overdrachtService } from '../overdrachten/overdracht.service';
import type { Datum } from '../termijnen/kalender';
import { termijnRegels } from '../termijnen/termijn-regels';
import { TermijnSoort } from '../termijnen/termijn.entity';

/**
 * A year of work of one Veilig Thuis region, simulated through the real services (validated, audited, with
 * termijnen) on a clock that moves forward from a year ago to now. Volumes and shapes follow DOMAIN.md §6:
 * Gooi en Vechtstreek 2023 for the volume, the national CBS shape for who reports, what kind of violence,
 * and previous involvement (CBS 85361). Work is done mostly on time and sometimes late, as in reality
 * (DOMAIN.md §2: no organisation met the 5-day norm in 2023); what would happen after "now" is left open,
 * so the teamleider view shows work due, overdue and in every fase. Deterministic for a given seed.
 */
export interface DemoOmvang {
  readonly regio: string;
  readonly meldingenPerJaar: number;
  readonly adviezenPerJaar: number;
  /** Households with a casus closed before the year, so that hermeldingen can occur from the start. */
  readonly eerdereHuishoudens: number;
  readonly seed: number;
  /** The wijkteam (organisation code) that VT hands over to through the gateway; none: no overdrachten. */
  readonly wijkteam?: string;
}

/** Gooi en Vechtstreek 2023: 1,266 meldingen and 1,437 adviezen (DOMAIN.md §6). */
export const GOOI_EN_VECHTSTREEK: DemoOmvang = { regio: 'VT14', meldingenPerJaar: 1266, adviezenPerJaar: 1437, eerdereHuishoudens: 220, seed: 14, wijkteam: 'WT-HILVERSUM' };

export interface DemoVerslag {
  meldingen: number;
  adviezen: number;
  stappen: number;
  /** Steps the services refused, by reason; expected to be empty (the simulation only takes allowed steps). */
  geweigerd: Record<string, number>;
  duurMs: number;
}

// ------------------------------------------------------------------ chance

type Kans = () => number;

function prng(seed: number): Kans {
  // mulberry32: small, fast and good enough for demo data; deterministic per seed.
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gewogen<T>(r: Kans, tabel: readonly (readonly [T, number])[]): T {
  const totaal = tabel.reduce((s, [, w]) => s + w, 0);
  let x = r() * totaal;
  for (const [v, w] of tabel) if ((x -= w) < 0) return v;
  return tabel[tabel.length - 1][0];
}

const tussen = (r: Kans, min: number, max: number): number => min + Math.floor(r() * (max - min + 1));
const uit = <T>(r: Kans, lijst: readonly T[]): T => lijst[Math.floor(r() * lijst.length)];

// ------------------------------------------------------------------ the shape of the year (DOMAIN.md §3.3, §6)

/** Who reports: professional 92% (116,520 of 126,750 in 2023), police the largest source. */
const MELDERS: readonly (readonly [OrganisatieMelder, number])[] = [
  [OrganisatieMelder.POLITIE, 52],
  [OrganisatieMelder.ONDERWIJS, 7],
  [OrganisatieMelder.GEZONDHEIDSZORG, 7],
  [OrganisatieMelder.JEUGDZORG, 6],
  [OrganisatieMelder.GGZ, 4],
  [OrganisatieMelder.KINDEROPVANG, 2],
  [OrganisatieMelder.BUREAU_LEERPLICHT, 1],
  [OrganisatieMelder.RECLASSERING, 2],
  [OrganisatieMelder.OPENBAAR_MINISTERIE, 1],
  [OrganisatieMelder.VEILIG_THUIS_ANDERE_REGIO, 2],
  [OrganisatieMelder.ANDERE_ORGANISATIE, 8],
  [OrganisatieMelder.NIET_VAN_TOEPASSING, 8],
];

/** Adviezen: professional 55% (78,035 of 141,235 in 2023). */
const ADVIESVRAGERS: readonly (readonly [OrganisatieMelder, number])[] = [
  [OrganisatieMelder.ONDERWIJS, 13],
  [OrganisatieMelder.GEZONDHEIDSZORG, 12],
  [OrganisatieMelder.JEUGDZORG, 9],
  [OrganisatieMelder.KINDEROPVANG, 5],
  [OrganisatieMelder.GGZ, 5],
  [OrganisatieMelder.ANDERE_ORGANISATIE, 11],
  [OrganisatieMelder.NIET_VAN_TOEPASSING, 45],
];

const BEROEP: Partial<Record<OrganisatieMelder, [string, string]>> = {
  [OrganisatieMelder.POLITIE]: ['wijkagent', 'Politie Midden-Nederland'],
  [OrganisatieMelder.ONDERWIJS]: ['intern begeleider', 'Basisschool De Regenboog'],
  [OrganisatieMelder.GEZONDHEIDSZORG]: ['huisarts', 'Huisartsenpraktijk Gooi'],
  [OrganisatieMelder.JEUGDZORG]: ['jeugdhulpverlener', 'Jeugdhulp Gooi en Vechtstreek'],
  [OrganisatieMelder.GGZ]: ['psychiater', 'GGZ Centraal'],
  [OrganisatieMelder.KINDEROPVANG]: ['pedagogisch medewerker', 'Kinderopvang De Vlinder'],
  [OrganisatieMelder.BUREAU_LEERPLICHT]: ['leerplichtambtenaar', 'Regionaal Bureau Leerplicht'],
  [OrganisatieMelder.RECLASSERING]: ['reclasseringswerker', 'Reclassering Nederland'],
  [OrganisatieMelder.OPENBAAR_MINISTERIE]: ['officier van justitie', 'Openbaar Ministerie Midden-Nederland'],
  [OrganisatieMelder.VEILIG_THUIS_ANDERE_REGIO]: ['medewerker', 'Veilig Thuis Utrecht'],
  [OrganisatieMelder.ANDERE_ORGANISATIE]: ['maatschappelijk werker', 'Welzijnsorganisatie Gooi'],
};

/** Previous involvement of a new melding (CBS 85361, 2023). The service classifies; the simulation picks whom. */
type Herkomst = 'NIEUW' | 'HERMELDING' | 'TIJDENS_BEOORDELING' | 'NA_BEOORDELING' | 'TIJDENS_MONITORING' | 'ZONDER_BSN';
const HERKOMST: readonly (readonly [Herkomst, number])[] = [
  ['NIEUW', 31.9],
  ['HERMELDING', 38.1],
  ['TIJDENS_BEOORDELING', 13.3],
  ['NA_BEOORDELING', 10.1],
  ['TIJDENS_MONITORING', 5.1],
  ['ZONDER_BSN', 1.5],
];

type Gezin = 'KIND' | 'PARTNER' | 'PARTNER_MET_KINDEREN' | 'OUDERE' | 'KIND_NAAR_OUDER' | 'OVERIG';
/** About 50% child abuse, 38% (ex-)partner violence, 2% elder abuse (DOMAIN.md §6, 2024). */
const GEZINNEN: readonly (readonly [Gezin, number])[] = [
  ['KIND', 44],
  ['PARTNER_MET_KINDEREN', 22],
  ['PARTNER', 24],
  ['OUDERE', 2.5],
  ['KIND_NAAR_OUDER', 3],
  ['OVERIG', 4.5],
];

const DUUR: readonly (readonly [DuurGeweld, number])[] = [
  [DuurGeweld.KORTER_DAN_EEN_WEEK, 22],
  [DuurGeweld.EEN_WEEK_TOT_EEN_MAAND, 9],
  [DuurGeweld.EEN_TOT_ZES_MAANDEN, 14],
  [DuurGeweld.ZES_TOT_TWAALF_MAANDEN, 8],
  [DuurGeweld.EEN_TOT_VIJF_JAAR, 17],
  [DuurGeweld.LANGER_DAN_VIJF_JAAR, 8],
  [DuurGeweld.ONBEKEND, 22],
];

const VOORNAMEN_V = ['Anna', 'Fatima', 'Sanne', 'Lotte', 'Yara', 'Emma', 'Noor', 'Sara', 'Ilse', 'Meryem', 'Priya', 'Joke', 'Marieke', 'Esra', 'Chantal'];
const VOORNAMEN_M = ['Bram', 'Mohamed', 'Pieter', 'Kevin', 'Daan', 'Youssef', 'Ruud', 'Sander', 'Emre', 'Mark', 'Dennis', 'Jeroen', 'Ricardo', 'Tim', 'Hans'];
const VOORNAMEN_K = ['Cas', 'Liam', 'Mila', 'Zoë', 'Noah', 'Tess', 'Adam', 'Julia', 'Sem', 'Nora', 'Finn', 'Lina', 'Levi', 'Sofie', 'Amir'];
const ACHTERNAMEN = ['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'el Amrani', 'Mulder', 'de Groot', 'Bos', 'Yilmaz', 'Vos', 'Peters', 'Hendriks', 'van Dijk', 'Kramer', 'Dekker', 'Brouwer'];
const PLAATSEN: readonly (readonly [string, string, number])[] = [
  ['Hilversum', '12', 40],
  ['Huizen', '127', 15],
  ['Bussum', '140', 14],
  ['Weesp', '138', 8],
  ['Naarden', '141', 7],
  ['Laren', '125', 4],
  ['Blaricum', '126', 4],
  ['Loosdrecht', '123', 8],
];
const LETTERS = 'ABCDEGHJKLMNPRTVWXZ'.split('');
const STRATEN = ['Kerkstraat', 'Stationsweg', 'Lindenlaan', 'Vaartweg', 'Havenstraat', 'Eikbosserweg', 'Oude Amersfoortseweg', 'Naarderstraat', 'Brinklaan', 'Kapelstraat'];

// ------------------------------------------------------------------ households

interface DemoPersoon {
  bsn?: string;
  voornamen: string;
  achternaam: string;
  geboortedatum: Datum;
  rollen: BetrokkeneRol[];
  kind: boolean;
  persoonId?: string;
}

interface CasusStaat {
  id: string;
  fase: CasusFase;
  /** Bumped on every step; a scheduled step for an older generation no longer applies and is dropped. */
  generatie: number;
  vervolgGestartOp?: Datum;
  verantwoordelijke: string;
  /** The team the teamleider assigned the casus to, if any. */
  team?: string;
  /** When the teamleider's assignment takes effect: the behandelaar works on the casus from then on. */
  toegewezenVanaf?: number;
  monitoringContacten: number;
  /** A live offer to the wijkteam (one per casus and partner at a time). */
  aanbodLoopt?: boolean;
}

interface Huishouden {
  nr: number;
  soort: Gezin;
  aard: AardGeweld[];
  personen: DemoPersoon[];
  adres: { straat: string; huisnummer: string; postcode: string; woonplaats: string };
  casus?: CasusStaat;
  /** Had a casus that was closed. */
  bekend: boolean;
}

/** BSNs in the range the RvIG keeps for testing (999…): valid by the 11-proef, never a real person's. */
function* testBsns(): Generator<string> {
  for (let n = 0; n < 100_000; n++) {
    const basis = `9999${String(n).padStart(4, '0')}`;
    let som = 0;
    for (let i = 0; i < 8; i++) som += (9 - i) * Number(basis[i]);
    const controle = som % 11;
    if (controle <= 9) yield basis + String(controle);
  }
}

// ------------------------------------------------------------------ the agenda

interface Gebeurtenis {
  op: number;
  volg: number;
  doe: () => Promise<void>;
}

/** A min-heap on (time, order of scheduling). What would happen after `tot` is not planned: it is the work still to do. */
class Agenda {
  private heap: Gebeurtenis[] = [];
  private volg = 0;
  /** The time of the event being handled: nothing is planned before it (time does not run backwards). */
  private nu = -Infinity;
  constructor(private readonly tot: Date) {}
  plan(op: Date, doe: () => Promise<void>): void {
    if (op.getTime() > this.tot.getTime()) return;
    const g = { op: Math.max(op.getTime(), this.nu), volg: this.volg++, doe };
    const h = this.heap;
    h.push(g);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!Agenda.voor(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  volgende(): Gebeurtenis | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0];
    this.nu = top.op;
    const laatste = h.pop() as Gebeurtenis;
    if (h.length) {
      h[0] = laatste;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && Agenda.voor(h[l], h[m])) m = l;
        if (r < h.length && Agenda.voor(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
  private static voor(a: Gebeurtenis, b: Gebeurtenis): boolean {
    return a.op < b.op || (a.op === b.op && a.volg < b.volg);
  }
}

// ------------------------------------------------------------------ the simulation

const SYSTEEM_UITGEVER = 'ketenpoort-demo-data';

export async function simuleerJaar(orm: MikroORM, log: Logger, config: Config, nu: Date, omvang: DemoOmvang): Promise<DemoVerslag> {
  const regels = termijnRegels(config);
  const begonnen = Date.now();
  const r = prng(omvang.seed);
  const k = regels.kalender;
  const regio = omvang.regio;
  const clock = new FixedClock(nu);
  const agenda = new Agenda(nu);
  const bsns = testBsns();
  const verslag: DemoVerslag = { meldingen: 0, adviezen: 0, stappen: 0, geweigerd: {}, duurMs: 0 };

  const vtOrganisatie = { code: regio, naam: regio, soort: 'VEILIG_THUIS' as const, regioCodes: [regio] };
  // Nine workers in two teams; a worker's token carries their team, as the identity provider's groups would.
  const medewerkers = Array.from({ length: 9 }, (_, i) => `${regio.toLowerCase()}-medewerker-${String(i + 1).padStart(2, '0')}`);
  const teamVan = (sub: string): string => `${regio}-TEAM-${medewerkers.indexOf(sub) < 5 ? 1 : 2}`;
  const actor = (sub: string, rol: Rol): Actor => ({
    sub,
    soort: 'PERSOON',
    rol,
    organisatie: vtOrganisatie,
    issuer: SYSTEEM_UITGEVER,
    teams: rol === 'VT_MEDEWERKER' && medewerkers.includes(sub) ? [teamVan(sub)] : [],
  });
  const teamleider = actor(`${regio.toLowerCase()}-teamleider`, 'VT_TEAMLEIDER');
  const privacyOfficer = actor(`${regio.toLowerCase()}-privacy-officer`, 'PRIVACY_OFFICER');
  // Team choices and emergency openings draw from their own sequences, so the rest of the year stays as it was.
  const rTeam = prng(omvang.seed + 2_000);
  const rNood = prng(omvang.seed + 3_000);
  const politie: Actor = {
    sub: 'politie-koppeling',
    soort: 'SYSTEEM',
    rol: 'POLITIE_MEDEWERKER',
    organisatie: { code: 'POLITIE-MNL', naam: 'Politie Midden-Nederland', soort: 'POLITIE', regioCodes: [regio] },
    issuer: SYSTEEM_UITGEVER,
  };

  // The services log every step at info; ten thousand of those would drown the start. Their warnings still show.
  const stil = log.child({ demodata: regio }, { level: log.isLevelEnabled('warn') ? 'warn' : log.level });
  let volgnummer = 0;
  const context = (wie: Actor): RequestContext => {
    const em = orm.em.fork();
    const verzoekId = `demo-${++volgnummer}`;
    return {
      em,
      actor: wie,
      clock,
      verzoekId,
      log: stil,
      termijnRegels: regels,
      config,
      audit: new AuditRegistratie({ actor: wie, toegangspunt: 'demo-data', verzoekId, grondslag: 'Demodata (ontwikkelomgeving)', noodprocedure: false }, clock, em),
    };
  };
  /** One step as one caller: the service's own transaction and audit. A refusal is counted, not fatal. */
  async function stap<T>(wie: Actor, werk: (ctx: RequestContext) => Promise<T>): Promise<T | undefined> {
    const ctx = context(wie);
    try {
      const uitkomst = await werk(ctx);
      await ctx.audit.vastleggen();
      verslag.stappen++;
      return uitkomst;
    } catch (e) {
      const x = e as { extensions?: { reden?: string; code?: string; fouten?: { code: string }[] }; message?: string };
      const reden = x.extensions?.reden ?? x.extensions?.fouten?.[0]?.code ?? x.extensions?.code ?? 'ONBEKEND';
      verslag.geweigerd[reden] = (verslag.geweigerd[reden] ?? 0) + 1;
      log.warn({ reden, fout: x.message }, 'demodata: stap geweigerd');
      return undefined;
    }
  }

  // Times: a local date at an hour, and working days from a moment.
  const om = (d: Datum, uur: number): Date => new Date(k.beginVanDag(d).getTime() + uur * 3600_000);
  const werkdagNa = (t: Date, n: number, uur = tussen(r, 9, 16) + r()): Date => om(k.plusWerkdagen(k.lokaleDatum(t), n), uur);
  const dagenNa = (t: Date, n: number): Date => new Date(t.getTime() + n * 86_400_000);
  const kiesMedewerker = (): string => uit(r, medewerkers);

  // ---------------------------------------------------------------- households

  const huishoudens: Huishouden[] = [];
  // Birth years count back from three years ago, so that nobody is born after the (earliest) melding about them.
  const jaar = Number(k.lokaleDatum(nu).slice(0, 4)) - 3;
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
    const kinderen = (n: number, rollen: BetrokkeneRol[]): DemoPersoon[] => Array.from({ length: n }, () => p(uit(r, VOORNAMEN_K), [0, 14], rollen, true));
    const S = BetrokkeneRol;
    let personen: DemoPersoon[];
    let aard: AardGeweld[];
    switch (soort) {
      case 'KIND':
        personen = [p(uit(r, VOORNAMEN_V), [24, 48], [S.PLEGER]), p(uit(r, VOORNAMEN_M), [26, 52], [S.HUISGENOOT]), ...kinderen(tussen(r, 1, 3), [S.KIND, S.SLACHTOFFER])];
        if (r() < 0.5) [personen[0].rollen, personen[1].rollen] = [personen[1].rollen, personen[0].rollen];
        aard = [AardGeweld.KINDERMISHANDELING];
        break;
      case 'PARTNER_MET_KINDEREN':
        personen = [p(uit(r, VOORNAMEN_V), [22, 50], [S.SLACHTOFFER]), p(uit(r, VOORNAMEN_M), [24, 55], [S.PLEGER]), ...kinderen(tussen(r, 1, 3), [S.KIND, S.GETUIGE])];
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
    const [plaats, pc] = gewogen(r, PLAATSEN.map(([n, c, w]) => [[n, c], w] as const));
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
      persoon: { bsn: p.bsn, voornamen: p.voornamen, achternaam: p.achternaam, geboortedatum: p.geboortedatum, adres: h.adres },
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
        kandidaten = vrij((h) => !!h.casus && h.casus.fase !== CasusFase.VEILIGHEIDSBEOORDELING && h.casus.fase !== CasusFase.MONITORING);
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

  // ---------------------------------------------------------------- the process of one casus

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

  async function overgang(h: Huishouden, c: CasusStaat, fase: CasusFase, extra: Record<string, unknown> = {}): Promise<void> {
    const ok = await stap(medewerker(c), (ctx) => casusDienstenService.overgang(ctx, { casusId: c.id, naar: fase, toelichting: `Demo: naar ${fase.toLowerCase()}.`, ...extra }, ['id']));
    if (ok) naar(h, c, fase);
  }

  async function kinderenVan(h: Huishouden): Promise<string[]> {
    const bsnKinderen = h.personen.filter((p) => p.kind && p.bsn).map((p) => p.bsn as string);
    if (!bsnKinderen.length) return [];
    const ctx = context(teamleider);
    const rijen = await inRegio(ctx, regio, (tx) =>
      tx.getConnection().execute<{ id: string }[]>(`select id from persoon where vt_organisatie = ? and bsn = any(?)`, [regio, `{${bsnKinderen.join(',')}}`], 'all', tx.getTransactionContext()),
    );
    return rijen.map((x) => x.id);
  }

  async function verzoek(h: Huishouden): Promise<Record<string, unknown> | undefined> {
    const kinderen = await kinderenVan(h);
    if (!kinderen.length) return undefined;
    return {
      kinderen,
      gronden: [VerzoekGrond.HULP_GEPROBEERD, VerzoekGrond.ONVEILIGE_OPVOEDING, ...(r() < 0.5 ? [VerzoekGrond.GEEN_VERTROUWEN_IN_OPVOEDING] : [])],
      standpuntOuders: 'De ouders zijn het niet eens met het verzoek en willen vrijwillige hulp houden.',
    };
  }

  /** What follows a fase, with realistic durations; sometimes late, sometimes not (yet) done. */
  function volgendeStap(h: Huishouden, c: CasusStaat): void {
    const start = clock.now();
    switch (c.fase) {
      case CasusFase.GEEN_VERVOLG:
        opCasus(h, werkdagNa(start, tussen(r, 2, 10)), (x) => overgang(h, x, CasusFase.AFGESLOTEN, { afsluitreden: 'Geen vervolgstappen nodig na de veiligheidsbeoordeling.' }));
        break;
      case CasusFase.OVERDRACHT:
        opCasus(h, werkdagNa(start, tussen(r, 3, 15)), async (x) => {
          const partij = `${uit(r, ['Sociaal Wijkteam Hilversum', 'Jeugd- en gezinsteam Huizen', 'Sociaal Wijkteam Bussum', 'Jeugdbescherming Gooi en Vechtstreek', 'Zorg- en Veiligheidshuis Gooi en Vechtstreek'])}, ${uit(r, [...VOORNAMEN_V, ...VOORNAMEN_M])} ${uit(r, ACHTERNAMEN)}`;
          const overdracht = { ontvangendePartij: partij, contactBevestigdOp: k.lokaleDatum(clock.now()) };
          if (r() < 0.65) await overgang(h, x, CasusFase.MONITORING, { overdracht });
          else await overgang(h, x, CasusFase.AFGESLOTEN, { overdracht, afsluitreden: 'Overgedragen; de partner monitort.' });
        });
        break;
      case CasusFase.VOORWAARDEN_EN_VERVOLG: {
        const afspraak = werkdagNa(start, tussen(r, 2, 8));
        opCasus(h, afspraak, async (x) => {
          for (let i = 0; i < tussen(r, 1, 3); i++) {
            await stap(medewerker(x), (ctx) =>
              casusDienstenService.veiligheidsafspraakVastleggen(
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
            await overgang(h, x, CasusFase.AFGESLOTEN, { onderzoek: { voortijdigAfgesloten: true, uitkomsten: [] }, afsluitreden: 'Onderzoek voortijdig afgesloten: het gezin is verhuisd naar een andere regio.' });
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
          await overgang(h, x, fase, { onderzoek: { voortijdigAfgesloten: false, uitkomsten }, ...(vto ? { verzoekTotOnderzoek: vto } : {}) });
        });
        break;
      case CasusFase.VERZOEK_TOT_ONDERZOEK:
        opCasus(h, dagenNa(start, tussen(r, 14, 45)), async (x) => {
          if (r() < 0.8) await overgang(h, x, CasusFase.MONITORING, { rvdkBesluit: { besluit: RvdkBesluit.GEACCEPTEERD } });
          else await overgang(h, x, CasusFase.VOORWAARDEN_EN_VERVOLG, { rvdkBesluit: { besluit: RvdkBesluit.AFGEWEZEN, reden: 'Vrijwillig kader nog niet uitgeput.' } });
        });
        break;
      case CasusFase.MONITORING: {
        const basis = c.vervolgGestartOp ?? k.lokaleDatum(start);
        const plan = (maanden: number): void => {
          const gepland = om(k.plusDagen(k.plusMaanden(basis, maanden), tussen(r, -12, 8)), 10 + r() * 6);
          const op = gepland.getTime() < start.getTime() + 5 * 86_400_000 ? werkdagNa(start, tussen(r, 3, 10)) : gepland;
          if (r() < 0.1) return; // not done: stays overdue
          opCasus(h, op, async (x) => {
            const onveilig = r() < (maanden === 3 ? 0.1 : 0.15);
            const ok = await stap(medewerker(x), (ctx) =>
              casusDienstenService.monitoringcontactVastleggen(
                ctx,
                {
                  casusId: x.id,
                  contactOp: k.lokaleDatum(clock.now()),
                  uitkomst: onveilig ? MonitoringUitkomst.ONVEILIG : MonitoringUitkomst.VEILIG_STABIEL,
                  toelichting: onveilig ? 'Opnieuw zorgen: er zijn weer incidenten geweest.' : 'De afspraken worden nagekomen; het gezin ervaart het als veilig.',
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
              await overgang(h, x, CasusFase.AFGESLOTEN, { afsluitreden: 'Monitoring afgerond: de situatie is veilig en stabiel.' });
            }
          });
        };
        plan(c.monitoringContacten === 0 ? 3 : 12);
        break;
      }
      default:
    }
  }

  /**
   * The warme overdracht through the gateway: VT offers the casus to the region's wijkteam, which mostly accepts
   * within days and confirms the contact, and reports back weeks later; sometimes it declines, and sometimes it does
   * not answer in time (the worker lets such an offer expire when it starts).
   */
  function planWarmeOverdracht(c: CasusStaat, wijkteam: string, persoonIds: string[], vanaf: Date): void {
    const wt: Actor = {
      sub: `${wijkteam.toLowerCase()}-medewerker`,
      soort: 'PERSOON',
      rol: 'WIJKTEAM_MEDEWERKER',
      organisatie: { code: wijkteam, naam: wijkteam, soort: 'WIJKTEAM', regioCodes: [regio] },
      issuer: SYSTEEM_UITGEVER,
    };
    if (c.aanbodLoopt) return;
    c.aanbodLoopt = true;
    agenda.plan(werkdagNa(vanaf, tussen(r, 0, 1)), async () => {
      const o = await stap(medewerker(c), (ctx) =>
        overdrachtService.aanbieden(
          ctx,
          {
            casusId: c.id,
            soort: OverdrachtSoort.WARME_OVERDRACHT,
            ontvanger: wijkteam,
            persoonIds,
            metVeiligheidsafspraken: false,
            toelichting: 'Demo: het gezin staat open voor hulp; het wijkteam stelt met het gezin het veiligheids- en herstelplan op.',
            grondslag: OverdrachtGrondslag.WMO_OVERDRACHT,
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
      const besluit = werkdagNa(clock.now(), tussen(r, 0, 2));
      agenda.plan(besluit, async () => {
        if (antwoord === 'AFWIJZEN') {
          await stap(wt, (ctx) => overdrachtService.afwijzen(ctx, { overdrachtId: o.id, reden: AfwijzingReden.GEEN_CAPACITEIT, toelichting: 'Demo: wachtlijst.' }, ['id']));
          c.aanbodLoopt = false;
          return;
        }
        if (!(await stap(wt, (ctx) => overdrachtService.accepteren(ctx, o.id, ['id'])))) return;
        agenda.plan(werkdagNa(clock.now(), tussen(r, 1, 4)), async () => {
          const contact = await stap(wt, (ctx) =>
            overdrachtService.contactBevestigen(ctx, { overdrachtId: o.id, contactOp: k.lokaleDatum(clock.now()), vtPersoon: c.verantwoordelijke, partnerPersoon: wt.sub }, ['id']),
          );
          if (!contact) return;
          agenda.plan(dagenNa(clock.now(), tussen(r, 30, 120)), async () => {
            c.aanbodLoopt = false;
            await stap(wt, (ctx) =>
              overdrachtService.afronden(
                ctx,
                { overdrachtId: o.id, uitkomst: gewogen(r, [[OverdrachtUitkomst.HULP_AFGEROND, 70], [OverdrachtUitkomst.GEZIN_WEIGERT_HULP, 15], [OverdrachtUitkomst.TERUG_NAAR_VEILIG_THUIS, 15]] as const), toelichting: 'Demo: uitkomst van de hulp.' },
                ['id'],
              ),
            );
          });
        });
      });
    });
  }

  /** The assessment of one melding, by the responsible worker, usually within 5 working days. */
  function planBeoordeling(h: Huishouden, meldingId: string, ontvangen: Date, acuut: boolean, melderBereikbaar: boolean): void {
    const c = h.casus as CasusStaat;
    const gepland = acuut ? new Date(ontvangen.getTime() + (1 + r() * 4) * 3600_000) : werkdagNa(ontvangen, gewogen(r, [[1, 10], [2, 18], [3, 20], [4, 16], [5, 12], [6, 6], [7, 5], [8, 4], [10, 4], [14, 3], [20, 2]] as const));
    // The behandelaar assesses once the casus is theirs: a worker reads only what is assigned to them.
    const op = c.toegewezenVanaf !== undefined && gepland.getTime() <= c.toegewezenVanaf ? new Date(c.toegewezenVanaf + 60_000) : gepland;
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
        const lopend: Partial<Record<CasusFase, VervolgKeuze>> = { VOORWAARDEN_EN_VERVOLG: VervolgKeuze.VOORWAARDEN_EN_VERVOLG, ONDERZOEK: VervolgKeuze.ONDERZOEK, VERZOEK_TOT_ONDERZOEK: VervolgKeuze.VERZOEK_TOT_ONDERZOEK };
        vervolg = lopend[c.fase];
        uitkomst = vervolg ? VeiligheidsbeoordelingUitkomst.VERVOLGSTAPPEN_BIJ_VEILIG_THUIS : c.fase === CasusFase.OVERDRACHT ? VeiligheidsbeoordelingUitkomst.OVERDRACHT : VeiligheidsbeoordelingUitkomst.GEEN_VERVOLGSTAPPEN;
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
          { meldingId, taxatie, uitkomst, vervolg, toelichting: 'Demo: veiligheidsbeoordeling na gesprekken met melder en betrokkenen.', ...(vto ? { verzoekTotOnderzoek: vto } : {}) } as never,
          ['id'],
        ),
      );
      if (!ok) return;
      const gedaan = clock.now();
      // Feedback to melder and household, mostly within days; some is forgotten and stays overdue.
      if (r() < 0.9) {
        const t = werkdagNa(gedaan, tussen(r, 0, 3));
        agenda.plan(t, async () => {
          if (h.casus === c) await stap(medewerker(c), (ctx) => casusBeoordelingService.terugkoppelingVastleggen(ctx, meldingId, TermijnSoort.TERUGKOPPELING_UITKOMST, ['id']));
        });
      }
      if (uitkomst === VeiligheidsbeoordelingUitkomst.VERVOLGSTAPPEN_BIJ_VEILIG_THUIS && melderBereikbaar && r() < 0.85) {
        const t = dagenNa(gedaan, tussen(r, 55, 72));
        agenda.plan(t, async () => {
          if (h.casus === c) await stap(medewerker(c), (ctx) => casusBeoordelingService.terugkoppelingVastleggen(ctx, meldingId, TermijnSoort.TERUGKOPPELING_MELDER_OVERNAME, ['id']));
        });
      }
      if (leidend) {
        if (!c.vervolgGestartOp) c.vervolgGestartOp = k.lokaleDatum(gedaan);
        const fase = vervolg ? (vervolg as string as CasusFase) : uitkomst === VeiligheidsbeoordelingUitkomst.GEEN_VERVOLGSTAPPEN ? CasusFase.GEEN_VERVOLG : CasusFase.OVERDRACHT;
        naar(h, c, fase);
        if (fase === CasusFase.OVERDRACHT && omvang.wijkteam) planWarmeOverdracht(c, omvang.wijkteam, ok.casus.persoonIds, gedaan);
      }
    });
  }

  /** After registration: the casus as the service left it, assignment, and the assessment. */
  function naRegistratie(h: Huishouden, m: { id: string; casusId: string | null }, ontvangen: Date, acuut: boolean, melder: MeldingInvoer['melder'], toegewezen: string | null): void {
    if (!m.casusId) return;
    if (!h.casus || h.casus.id !== m.casusId) {
      h.casus = { id: m.casusId, fase: CasusFase.VEILIGHEIDSBEOORDELING, generatie: 0, verantwoordelijke: toegewezen ?? kiesMedewerker(), monitoringContacten: 0 };
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
        agenda.plan(op, async () => void (await stap(teamleider, (ctx) => casusToewijzen(ctx, c.id, { medewerker: nieuw, team }, ['id']))));
      }
    } else if (h.casus.fase === CasusFase.MONITORING) {
      // A vervolgmelding during monitoring re-opens the assessment (the service did so).
      h.casus.fase = CasusFase.VEILIGHEIDSBEOORDELING;
      h.casus.generatie++;
      h.casus.monitoringContacten = 0;
    }
    planBeoordeling(h, m.id, ontvangen, acuut, melder.anonimiteit !== Anonimiteit.DUBBEL_ANONIEM);
  }

  // ---------------------------------------------------------------- intake events

  const jaarBegin = new Date(nu.getTime() - 365 * 86_400_000);
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
            melder: { anonimiteit: Anonimiteit.OPEN, toestemmingBekendmaking: true, naam: `Agent ${uit(r, ACHTERNAMEN)}`, telefoon: '+31 900 8844', functie: 'wijkagent', werkgever: 'Politie Midden-Nederland' },
            betrokkenen: invoer.betrokkenen,
          };
          return { h, p };
        });
      const resultaat = await stap(politie, (ctx) => politieService.aanleveren(ctx, items.map((x) => x.p)));
      if (!resultaat) return;
      verslag.meldingen += resultaat.length;
      const ctx = context(teamleider);
      const ids = resultaat.map((x) => x.meldingId);
      const casussen = new Map(
        (
          await inRegio(ctx, regio, (tx) =>
            tx.getConnection().execute<{ id: string; casus_id: string }[]>(`select id, casus_id from melding where id = any(?::uuid[])`, [`{${ids.join(',')}}`], 'all', tx.getTransactionContext()),
          )
        ).map((x) => [x.id, x.casus_id]),
      );
      items.forEach(({ h, p }, i) => naRegistratie(h, { id: ids[i], casusId: casussen.get(ids[i]) ?? null }, p.ontvangenOp, p.acuut ?? false, p.melder, null));
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
    const gemeente = rGemeente() < 2 / 3 ? (gemeenteVanWoonplaats(gewogen(rGemeente, PLAATSEN.map(([n, , w]) => [n, w] as const))) ?? undefined) : undefined;
    const org = gewogen(r, ADVIESVRAGERS);
    const t = moment(true);
    agenda.plan(t, async () => {
      const beroeps = org !== OrganisatieMelder.NIET_VAN_TOEPASSING;
      const wie = kiesMedewerker();
      const soort = gewogen(r, GEZINNEN);
      const aard = { KIND: [AardGeweld.KINDERMISHANDELING], PARTNER_MET_KINDEREN: [AardGeweld.EX_PARTNERGEWELD, AardGeweld.KINDERMISHANDELING], PARTNER: [AardGeweld.EX_PARTNERGEWELD], OUDERE: [AardGeweld.OUDERENMISHANDELING], KIND_NAAR_OUDER: [AardGeweld.GEWELD_TEGEN_OUDERS], OVERIG: [AardGeweld.HUISELIJK_GEWELD_OVERIG] }[soort];
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
      const op = keuze === 'OPEN' ? nu : werkdagNa(clock.now(), gewogen(r, [[0, 60], [1, 20], [3, 12], [8, 8]] as const));
      if (op >= nu) return;
      agenda.plan(op, async () => {
        if (keuze === 'AFRONDEN') {
          await stap(actor(wie, 'VT_MEDEWERKER'), (ctx) => adviesService.afronden(ctx, a.id));
          return;
        }
        const h = nieuwHuishouden(true);
        h.aard = aard;
        h.soort = soort;
        const invoer = meldingInvoer(h, keuze === 'AMBTSHALVE' ? OrganisatieMelder.VEILIG_THUIS_REGIONAAL_MAATWERK : org, clock.now(), false);
        if (keuze === 'AMBTSHALVE') {
          invoer.hoedanigheidMelder = HoedanigheidMelder.BEROEPSMATIG;
          invoer.melder = { anonimiteit: Anonimiteit.OPEN, toestemmingBekendmaking: true, naam: `Medewerker Veilig Thuis (${wie})`, telefoon: '0800 2000', functie: 'medewerker', werkgever: 'Veilig Thuis Gooi en Vechtstreek' };
        }
        const m = await stap(actor(wie, 'VT_MEDEWERKER'), (ctx) => adviesService.omzetten(ctx, a.id, invoer, keuze === 'AMBTSHALVE', ['id']));
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
      const invoer = meldingInvoer(h, gewogen(r, MELDERS.filter(([o]) => o !== OrganisatieMelder.POLITIE)), t, false);
      const m = await stap(actor(wie, 'VT_MEDEWERKER'), (ctx) => casusIntakeService.registreer(ctx, invoer, ['id']));
      if (!m?.casusId) return;
      verslag.meldingen++;
      h.casus = { id: m.casusId, fase: CasusFase.VEILIGHEIDSBEOORDELING, generatie: 0, verantwoordelijke: wie, monitoringContacten: 0 };
      const c = h.casus;
      agenda.plan(werkdagNa(t, tussen(r, 1, 5)), async () => {
        if (h.casus !== c) return;
        const ok = await stap(medewerker(c), (ctx) =>
          casusBeoordelingService.veiligheidsbeoordelingVastleggen(ctx, { meldingId: m.id, taxatie: Taxatie.GEEN_ONVEILIGHEID, uitkomst: VeiligheidsbeoordelingUitkomst.GEEN_VERVOLGSTAPPEN, toelichting: 'Demo: eerdere melding.' }, ['id']),
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
      const c = (open[Math.floor(rNood() * open.length)].casus as CasusStaat);
      const anderen = medewerkers.filter((m) => m !== c.verantwoordelijke && teamVan(m) !== c.team);
      const wie = actor(anderen[Math.floor(rNood() * anderen.length)], 'VT_MEDEWERKER');
      const onterecht = rNood() < 0.2;
      const reden = onterecht ? 'Even nakijken: de melder zei dat dit gezin bij een bekende van mij in de straat woont.' : REDENEN[Math.floor(rNood() * REDENEN.length)];
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

  // ---------------------------------------------------------------- run

  let g: Gebeurtenis | undefined;
  let maand = '';
  while ((g = agenda.volgende())) {
    clock.set(new Date(g.op));
    const m = k.lokaleDatum(clock.now()).slice(0, 7);
    if (m !== maand && g.op >= jaarBegin.getTime()) {
      maand = m;
      log.info({ regio, maand, meldingen: verslag.meldingen, adviezen: verslag.adviezen }, 'demodata: voortgang');
    }
    await g.doe();
  }
  verslag.duurMs = Date.now() - begonnen;
  return verslag;
}
