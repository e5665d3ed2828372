import type { RequestContext } from '../lib/context';
import { auditAnalyse, analyseService } from './analyse.service';
import { SLEUTEL } from './analyse.bronnen';
import {
  AnalyseDimensie as D,
  AnalyseMaat as M,
  type AnalysePeriode,
  CbsGebied,
  type CbsTabel,
  type CbsTabelAntwoordView,
  type CbsTabelRijView,
  type OnderdrukkingsRedenGql,
  type Periodeindeling,
} from './analyse.types';
import type { GepubliceerdeCel } from './openbaarmaking.types';

/** One column of a CBS table: a count, optionally the cells of one value of a column dimension. */
interface CbsKolom {
  readonly kolom: string;
  readonly maat: M;
  readonly waarde?: string;
}
/** One block of rows: by a category dimension (or only the total), with its columns. */
interface CbsBlok {
  readonly rij: D | null;
  readonly kolomDimensie?: D;
  readonly kolommen: readonly CbsKolom[];
  /** Whether the block has a "Totaal" row from the margins (not where one case counts in several rows, as per aard). */
  readonly totaalRij: boolean;
}

const ADVIEZEN_MELDINGEN: CbsKolom[] = [
  { kolom: 'Gestarte adviezen', maat: M.ADVIEZEN },
  { kolom: 'Ontvangen meldingen', maat: M.MELDINGEN },
];

/** 84850: the same five subjects in total and per aard geweld. */
const KOLOMMEN_84850: CbsKolom[] = [
  ...ADVIEZEN_MELDINGEN,
  { kolom: 'Casussen met ontvangen melding(en)', maat: M.CASUSSEN },
  { kolom: 'Afgeronde diensten onderzoek', maat: M.AFGERONDE_ONDERZOEKEN },
  { kolom: 'Afgeronde diensten V&V', maat: M.AFGERONDE_VV },
];

/** The shapes of the CBS tables (DOMAIN.md §3.3): rows per period, region and category; columns the subjects. */
export const CBS_TABELLEN: Readonly<Record<CbsTabel, readonly CbsBlok[]>> = {
  T84849: [
    { rij: null, kolommen: ADVIEZEN_MELDINGEN, totaalRij: true },
    { rij: D.HOEDANIGHEID_MELDER, kolommen: ADVIEZEN_MELDINGEN, totaalRij: false },
    { rij: D.ORGANISATIE_MELDER, kolommen: ADVIEZEN_MELDINGEN, totaalRij: false },
  ],
  T84850: [
    { rij: null, kolommen: KOLOMMEN_84850, totaalRij: true },
    { rij: D.AARD_GEWELD, kolommen: KOLOMMEN_84850, totaalRij: false },
  ],
  T84852: [
    { rij: null, kolommen: [{ kolom: 'Ontvangen meldingen', maat: M.MELDINGEN }], totaalRij: true },
    { rij: D.VB_UITKOMST, kolommen: [{ kolom: 'Ontvangen meldingen', maat: M.MELDINGEN }], totaalRij: false },
    { rij: D.TAXATIE, kolommen: [{ kolom: 'Ontvangen meldingen', maat: M.MELDINGEN }], totaalRij: false },
  ],
  T84853: [
    {
      rij: null,
      kolommen: [
        { kolom: 'Totaal afgeronde onderzoeken', maat: M.AFGERONDE_ONDERZOEKEN },
        { kolom: 'Niet voortijdig afgesloten', maat: M.AFGERONDE_ONDERZOEKEN_NIET_VOORTIJDIG },
      ],
      totaalRij: true,
    },
    {
      rij: D.AARD_GEWELD,
      kolomDimensie: D.ONDERZOEK_UITKOMST,
      kolommen: [
        { kolom: 'Bevestigd', maat: M.ONDERZOEKSUITKOMSTEN, waarde: 'BEVESTIGD' },
        { kolom: 'Niet bevestigd', maat: M.ONDERZOEKSUITKOMSTEN, waarde: 'NIET_BEVESTIGD' },
        { kolom: 'Weerlegd', maat: M.ONDERZOEKSUITKOMSTEN, waarde: 'WEERLEGD' },
      ],
      totaalRij: false,
    },
  ],
  T85361: [
    { rij: null, kolommen: [{ kolom: 'Ontvangen meldingen', maat: M.MELDINGEN }], totaalRij: true },
    { rij: D.EERDERE_BETROKKENHEID, kolommen: [{ kolom: 'Ontvangen meldingen', maat: M.MELDINGEN }], totaalRij: false },
  ],
};

const TOTAAL = 'TOTAAL';

export const cbsService = {
  /**
   * A CBS table for a period range and (optionally) one region: each count is an ad-hoc question by period and area
   * (VT region or gemeente, `gebied`) and the block's category, through the same disclosure control; one audit record
   * for the table. Per gemeente the row's `regio` is the gemeente code, as CBS's RegioS column holds both kinds.
   */
  async tabel(
    ctx: RequestContext,
    tabel: CbsTabel,
    periode: AnalysePeriode,
    regio: string | undefined,
    indeling: Periodeindeling,
    gebied: CbsGebied = CbsGebied.VT_REGIO,
  ): Promise<CbsTabelAntwoordView> {
    const gebiedDimensie = gebied === CbsGebied.GEMEENTE ? D.GEMEENTE : D.REGIO;
    const blokken = CBS_TABELLEN[tabel];
    const kolommen = [...new Set(blokken.flatMap((b) => b.kolommen.map((k) => k.kolom)))];
    const rijen = new Map<string, CbsTabelRijView>();
    const gepubliceerd: GepubliceerdeCel[] = [];
    const versheden: (Date | null)[] = [];
    let onderdrukt = 0;
    for (const blok of blokken) {
      for (const maat of [...new Set(blok.kolommen.map((k) => k.maat))]) {
        const metKolomDim = blok.kolommen.some((k) => k.maat === maat && k.waarde !== undefined) && blok.kolomDimensie;
        const dimensies = [
          D.PERIODE,
          gebiedDimensie,
          ...(blok.rij ? [blok.rij] : []),
          ...(metKolomDim ? [blok.kolomDimensie] : []),
        ];
        const u = await analyseService.intern(ctx, {
          maten: [maat],
          dimensies,
          periodeindeling: indeling,
          filters: regio ? [{ dimensie: D.REGIO, waarden: [regio] }] : [],
          periode,
        });
        versheden.push(u.ververstOp);
        onderdrukt += u.tabel.onderdrukt;
        const rijSleutel = blok.rij ? SLEUTEL[blok.rij] : null;
        const kolomSleutel = metKolomDim ? SLEUTEL[blok.kolomDimensie] : null;
        const alle = new Set(dimensies.map((d) => SLEUTEL[d]));
        const zonderRij = [...alle]
          .filter((s) => s !== rijSleutel)
          .sort()
          .join(',');
        const bruikbaar = [
          ...u.tabel.cellen,
          // The margin over the block's category is its "Totaal" row.
          ...(rijSleutel && blok.totaalRij
            ? u.tabel.totalen.filter((t) => Object.keys(t.coordinaten).sort().join(',') === zonderRij)
            : []),
        ];
        for (const c of bruikbaar) {
          const kolom = blok.kolommen.find(
            (k) => k.maat === maat && (kolomSleutel === null || k.waarde === c.coordinaten[kolomSleutel]),
          );
          if (!kolom) continue;
          const categorie = rijSleutel ? (c.coordinaten[rijSleutel] ?? TOTAAL) : TOTAAL;
          const indelingNaam = rijSleutel && categorie !== TOTAAL ? blok.rij! : TOTAAL;
          const gebiedCode = c.coordinaten[SLEUTEL[gebiedDimensie]];
          const sleutel = [c.coordinaten.periode, gebiedCode, indelingNaam, categorie].join('|');
          let rij = rijen.get(sleutel);
          if (!rij) {
            rij = { periode: c.coordinaten.periode, regio: gebiedCode, indeling: indelingNaam, categorie, waarden: [] };
            rijen.set(sleutel, rij);
          }
          rij.waarden.push({
            kolom: kolom.kolom,
            aantal: c.onderdrukt ? null : c.aantal,
            onderdrukt: c.onderdrukt,
            reden: (c.reden ?? null) as OnderdrukkingsRedenGql | null,
          });
          gepubliceerd.push(c);
        }
      }
    }
    const gesorteerd = [...rijen.values()].sort(
      (a, b) =>
        a.periode.localeCompare(b.periode) ||
        a.regio.localeCompare(b.regio) ||
        (a.indeling === TOTAAL ? -1 : b.indeling === TOTAAL ? 1 : 0) ||
        a.indeling.localeCompare(b.indeling) ||
        a.categorie.localeCompare(b.categorie),
    );
    for (const r of gesorteerd) r.waarden.sort((a, b) => kolommen.indexOf(a.kolom) - kolommen.indexOf(b.kolom));
    // The oldest refresh of the rollups used is the table's freshness (none if one was never refreshed).
    const ververstOp = versheden.some((v) => v === null)
      ? null
      : new Date(Math.min(...versheden.map((v) => v!.getTime())));
    auditAnalyse(ctx, 'ANALYSE_CBS_TABEL', { tabel, periode, regio: regio ?? null, indeling, gebied }, gepubliceerd);
    return { tabel, ververstOp, kolommen, rijen: gesorteerd, onderdrukt };
  },

  /** The same table as CSV (semicolon-separated, as Dutch spreadsheets expect; "." for a suppressed cell, as CBS). */
  async csv(
    ctx: RequestContext,
    tabel: CbsTabel,
    periode: AnalysePeriode,
    regio: string | undefined,
    indeling: Periodeindeling,
    gebied: CbsGebied = CbsGebied.VT_REGIO,
  ): Promise<string> {
    const t = await cbsService.tabel(ctx, tabel, periode, regio, indeling, gebied);
    const veld = (s: string): string => (/[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const regels = [['Periode', 'Regio', 'Indeling', 'Categorie', ...t.kolommen].map(veld).join(';')];
    for (const r of t.rijen) {
      const perKolom = new Map(r.waarden.map((w) => [w.kolom, w]));
      const cellen = t.kolommen.map((k) => {
        const w = perKolom.get(k);
        if (!w) return '';
        return w.onderdrukt || w.aantal === null ? '.' : String(w.aantal);
      });
      regels.push([r.periode, r.regio, r.indeling, r.categorie, ...cellen].map(veld).join(';'));
    }
    return `${regels.join('\n')}\n`;
  },
};
