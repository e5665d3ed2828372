import type { Afschrift } from './afschrift';
import { inzageHtml } from './afschrift.inzage';

/** Escapes text for HTML content and attribute values. Every value from the file goes through here. */
export function escape(waarde: unknown): string {
  return (typeof waarde === 'string' ? waarde : waarde == null ? '' : JSON.stringify(waarde))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const TZ = 'Europe/Amsterdam';
const DATUM = /^\d{4}-\d{2}-\d{2}$/;
const TIJDSTIP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/** A value as a person reads it: Dutch dates, ja/nee, lists joined, empty as a dash. */
function waarde(v: unknown): string {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v === 'boolean') return v ? 'ja' : 'nee';
  if (Array.isArray(v)) return v.length ? v.map((x) => waarde(x)).join(', ') : '–';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  if (DATUM.test(s)) return new Date(`${s}T12:00:00Z`).toLocaleDateString('nl-NL', { timeZone: TZ, dateStyle: 'long' });
  if (TIJDSTIP.test(s)) {
    // PostgreSQL's text form ('2026-03-09 13:30:00+00') and ISO both.
    return new Date(s.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')).toLocaleString('nl-NL', {
      timeZone: TZ,
      dateStyle: 'long',
      timeStyle: 'short',
    });
  }
  return s;
}

/** Codes in the file as a person reads them; a code without a word is shown as it is. */
const WOORD: Record<string, string> = {
  ACUTE_ONVEILIGHEID: 'acuut onveilig',
  STRUCTURELE_ONVEILIGHEID: 'structureel onveilig',
  GEEN_ONVEILIGHEID: 'geen onveiligheid',
  ONBEKEND: 'onbekend',
  VERVOLGSTAPPEN_BIJ_VEILIG_THUIS: 'Veilig Thuis zet vervolgstappen',
  OVERDRACHT: 'overdracht aan een andere organisatie',
  GEEN_VERVOLGSTAPPEN: 'geen vervolgstappen nodig',
  INZET_REGIONAAL_MAATWERK: 'regionaal maatwerk',
  VOORWAARDEN_EN_VERVOLG: 'voorwaarden en vervolg',
  VERZOEK_TOT_ONDERZOEK: 'verzoek tot onderzoek aan de Raad voor de Kinderbescherming',
  UITHUISGEPLAATST: 'u moest de woning verlaten',
  ACHTERBLIJVER: 'u bleef in de woning',
  VERLENGEN: 'verlengen',
  NIET_VERLENGEN: 'niet verlengen',
  VEILIG_STABIEL: 'veilig en stabiel',
  VEILIG: 'veilig',
  ONVEILIG: 'onveilig',
  THV_MONITORING_3_MAANDEN: 'na 3 maanden',
  THV_MONITORING_12_MAANDEN: 'na 12 maanden',
  THV_MONITORING_18_MAANDEN: 'na 18 maanden',
};

/** Keys whose values are codes: shown in lower case words ("WARME_OVERDRACHT" → "warme overdracht") unless WOORD has one. */
const CODES = new Set([
  'kanaal',
  'aardGeweld',
  'uwRollen',
  'hoedanigheidMelder',
  'fase',
  'soort',
  'status',
  'uitkomst',
  'taxatie',
  'vervolg',
  'uwRol',
  'advies',
  'besluit',
  'anonimiteit',
  'moment',
]);

/** A value of a code key as a word. */
function code(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(code);
  if (typeof v !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(v)) return v;
  return WOORD[v] ?? v.toLowerCase().replace(/_/g, ' ');
}

/** A JSON list of monitoring contacts (THV) as one line each. */
function contacten(v: unknown): string {
  if (!Array.isArray(v) || v.length === 0) return '–';
  return v
    .map(
      (c: Record<string, unknown>) => `${waarde(code(c.moment))}: ${waarde(c.contactOp)}, ${waarde(code(c.uitkomst))}`,
    )
    .join('; ');
}

/** Dutch labels of the document's keys; a key without a label is shown as it is. */
const LABEL: Record<string, string> = {
  bsn: 'BSN',
  voornamen: 'Voornamen',
  achternaam: 'Achternaam',
  geboortedatum: 'Geboortedatum',
  straat: 'Straat',
  huisnummer: 'Huisnummer',
  postcode: 'Postcode',
  woonplaats: 'Woonplaats',
  telefoon: 'Telefoon',
  email: 'E-mail',
  ontvangenOp: 'Ontvangen op',
  kanaal: 'Kanaal',
  aardGeweld: 'Aard van het geweld',
  omschrijving: 'Omschrijving',
  uwRollen: 'Uw rol',
  hoedanigheidMelder: 'Melder (hoedanigheid)',
  melderNaam: 'Naam melder',
  melder: 'Melder',
  fase: 'Fase',
  geopendOp: 'Geopend op',
  geslotenOp: 'Gesloten op',
  afsluitreden: 'Reden van afsluiten',
  soort: 'Soort',
  gestartOp: 'Gestart op',
  beeindigdOp: 'Beëindigd op',
  uitkomst: 'Uitkomst',
  status: 'Stand',
  ontvanger: 'Aan (code)',
  ontvangerNaam: 'Aan',
  aangebodenOp: 'Aangeboden op',
  besluitOp: 'Geaccepteerd of afgewezen op',
  afgerondOp: 'Afgerond op',
  school: 'School (code)',
  schoolNaam: 'School',
  incidentdatum: 'Datum van het incident',
  verzondenOp: 'Verzonden op',
  bevestigdOp: 'Bevestigd op',
  ingetrokkenOp: 'Ingetrokken op',
  aanvrager: 'Aanvrager (code)',
  aanvragerNaam: 'Aanvrager',
  ingediendOp: 'Ingediend op',
  beantwoordOp: 'Beantwoord op',
  bekendBijVt: 'Bekend bij Veilig Thuis',
  lopendeCasus: 'Lopende casus',
  anonimiteit: 'Anonimiteit',
  naam: 'Naam',
  functie: 'Functie',
  werkgever: 'Werkgever',
  tekst: 'Tekst',
  objectType: 'Over',
  veld: 'Veld',
  origineel: 'Oorspronkelijke tekst',
  correctie: 'Verbeterd in',
  zienswijze: 'Uw zienswijze',
  reden: 'Reden',
  op: 'Op',
  beoordeeldOp: 'Beoordeeld op',
  meldingOntvangenOp: 'Over de melding van',
  taxatie: 'Inschatting van de veiligheid',
  vervolg: 'Vervolg',
  toelichting: 'Toelichting',
  overeengekomenOp: 'Afgesproken op',
  partijen: 'Met',
  contactOp: 'Contact op',
  uwRol: 'Uw rol',
  gemeenteNaam: 'Gemeente',
  opgelegdOp: 'Opgelegd op',
  looptTot: 'Loopt tot',
  advies: 'Advies van Veilig Thuis',
  adviesToelichting: 'Toelichting op het advies',
  geadviseerdOp: 'Geadviseerd op',
  veiligheidsplan: 'Veiligheidsplan',
  monitoring: 'Contact na afloop',
  aangevraagdOp: 'Aangevraagd op',
  commissieNaam: 'Commissie',
  besluit: 'Besluit',
  beslotenOp: 'Besloten op',
  geinstalleerdOp: 'Geïnstalleerd op',
  einddatum: 'Einddatum',
  tijdstip: 'Wanneer',
  organisatieNaam: 'Organisatie',
  rol: 'Rol',
  gebeurtenis: 'Wat',
  actie: 'Handeling',
  onderdeel: 'Welk deel',
  velden: 'Welke gegevens',
  grondslag: 'Grondslag',
  noodprocedure: 'Noodprocedure',
};

function tabel(rijen: readonly Record<string, unknown>[], kolommen: readonly string[]): string {
  if (rijen.length === 0) return '<p class="leeg">Geen.</p>';
  const kop = kolommen.map((k) => `<th scope="col">${escape(LABEL[k] ?? k)}</th>`).join('');
  const body = rijen
    .map(
      (r) =>
        `<tr>${kolommen.map((k) => `<td>${escape(k === 'monitoring' ? contacten(r[k]) : waarde(CODES.has(k) ? code(r[k]) : r[k]))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr>${kop}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function lijst(r: Record<string, unknown> | null, sleutels: readonly string[]): string {
  if (!r) return '<p class="leeg">Geen.</p>';
  return `<dl>${sleutels.map((k) => `<dt>${escape(LABEL[k] ?? k)}</dt><dd>${escape(waarde(CODES.has(k) ? code(r[k]) : r[k]))}</dd>`).join('')}</dl>`;
}

/** Records with a text of their own: the facts as a list, the text beneath it. */
function blokken(rijen: readonly Record<string, unknown>[], sleutels: readonly string[], tekst: string): string {
  if (rijen.length === 0) return '<p class="leeg">Geen.</p>';
  return rijen
    .map(
      (r) =>
        `<section class="blok">${lijst(
          Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'monitoring' ? contacten(v) : v])),
          sleutels,
        )}${r[tekst] ? `<p class="tekst">${escape(r[tekst])}</p>` : ''}</section>`,
    )
    .join('');
}

function meldingBlok(m: Record<string, unknown>, melder: boolean): string {
  const velden = melder
    ? ['ontvangenOp', 'kanaal', 'aardGeweld', 'hoedanigheidMelder']
    : ['ontvangenOp', 'kanaal', 'aardGeweld', 'uwRollen', 'hoedanigheidMelder', 'melder', 'melderNaam'];
  return `<section class="melding">${lijst(m, velden)}<p class="tekst">${escape(m.omschrijving)}</p></section>`;
}

const STIJL = `
body { font-family: Georgia, 'Times New Roman', serif; color: #111; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid #999; margin-top: 2rem; }
.kop { color: #444; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; } th, td { border: 1px solid #bbb; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #eee; } dl { display: grid; grid-template-columns: 14rem 1fr; gap: .15rem 1rem; } dt { font-weight: bold; } dd { margin: 0; }
.tekst { white-space: pre-wrap; border-left: 3px solid #999; padding-left: .6rem; } .leeg { color: #666; font-style: italic; }
.melding, .blok { margin-bottom: 1rem; } .klein { color: #555; font-size: .8rem; } .getal { text-align: right; }
caption { text-align: left; font-weight: bold; padding: .6rem 0 .2rem; } h3 { font-size: 1.05rem; margin: 1.6rem 0 .2rem; }
table.inzage { table-layout: fixed; } table.inzage th:nth-child(1) { width: 9rem; } table.inzage th:nth-child(2) { width: 30%; } table.inzage th:nth-child(3) { width: 18%; } table.inzage td.datum { white-space: nowrap; } table.overzicht { width: auto; } table.overzicht td, table.overzicht th { padding-right: 1.2rem; }
footer { margin-top: 3rem; font-size: .8rem; color: #444; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } }
`;

/**
 * The afschrift as a document a person can be handed: plain, printable HTML in Dutch, no scripts and no external
 * resources (the route also sends a Content-Security-Policy that forbids them), every value escaped.
 */
export function afschriftHtml(a: Afschrift): string {
  const betrokkene = String(a.verzoeker) === 'BETROKKENE';
  const delen: string[] = [];
  if (betrokkene) {
    // VT's own assessments, agreements and contacts are blocks (facts, then the text), so the texts stay readable.
    delen.push(
      `<h2>Uw gegevens</h2>${lijst(a.persoon, ['bsn', 'voornamen', 'achternaam', 'geboortedatum', 'straat', 'huisnummer', 'postcode', 'woonplaats', 'telefoon', 'email'])}`,
      `<h2>Meldingen over u</h2>${a.meldingen.length ? a.meldingen.map((m) => meldingBlok(m, false)).join('') : '<p class="leeg">Geen.</p>'}`,
      `<h2>Veiligheidsbeoordeling</h2>${blokken(a.veiligheidsbeoordelingen, ['beoordeeldOp', 'meldingOntvangenOp', 'taxatie', 'uitkomst', 'vervolg'], 'toelichting')}`,
      `<h2>Het dossier</h2>${lijst(a.casus, ['fase', 'geopendOp', 'geslotenOp', 'afsluitreden'])}`,
      `<h2>Wat Veilig Thuis deed</h2>${tabel(a.diensten, ['soort', 'gestartOp', 'beeindigdOp', 'uitkomst'])}`,
      `<h2>Veiligheidsafspraken</h2>${blokken(a.veiligheidsafspraken, ['overeengekomenOp', 'partijen'], 'omschrijving')}`,
      `<h2>Contact na afloop (monitoring)</h2>${blokken(a.monitoring, ['contactOp', 'uitkomst'], 'toelichting')}`,
      `<h2>Overdrachten aan andere organisaties</h2>${tabel(a.overdrachten, ['ontvangerNaam', 'soort', 'status', 'aangebodenOp', 'besluitOp', 'afgerondOp'])}`,
      `<h2>Handle with Care: berichten aan school</h2>${tabel(a.handleWithCare, ['schoolNaam', 'incidentdatum', 'verzondenOp', 'bevestigdOp', 'ingetrokkenOp'])}`,
      `<h2>Uitwisseling met politie en OM (ZSM)</h2>${tabel(a.zsm, ['aanvragerNaam', 'ingediendOp', 'beantwoordOp', 'bekendBijVt', 'lopendeCasus'])}`,
      `<h2>Tijdelijk huisverbod</h2>${blokken(a.huisverboden, ['uwRol', 'gemeenteNaam', 'opgelegdOp', 'looptTot', 'ingetrokkenOp', 'advies', 'geadviseerdOp', 'adviesToelichting', 'monitoring'], 'veiligheidsplan')}`,
      `<h2>Aware-alarm</h2>${tabel(a.aware, ['aangevraagdOp', 'commissieNaam', 'status', 'besluit', 'beslotenOp', 'geinstalleerdOp', 'einddatum', 'beeindigdOp'])}`,
    );
  } else {
    delen.push(
      `<h2>Uw melding</h2>${a.meldingen.length ? a.meldingen.map((m) => meldingBlok(m, true)).join('') : '<p class="leeg">Geen.</p>'}`,
      `<h2>Uw gegevens als melder</h2>${lijst(a.melder, ['anonimiteit', 'naam', 'telefoon', 'email', 'functie', 'werkgever'])}`,
      `<h2>Uw aanvullingen</h2>${tabel(a.aanvullingenMelder, ['soort', 'tekst', 'ingediendOp'])}`,
    );
  }
  delen.push(
    `<h2>Aanvullingen en verbeteringen</h2>${tabel(a.correcties, ['op', 'veld', 'soort', 'origineel', 'correctie', 'zienswijze', 'reden'])}`,
    `<h2>Wie heeft uw dossier ingezien</h2>${inzageHtml(a.inzage, escape)}`,
  );
  return `<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Afschrift van uw gegevens – ${escape(a.vtOrganisatie.naam)}</title>
<style>${STIJL}</style>
</head>
<body>
<h1>Afschrift van uw gegevens</h1>
<p class="kop">${escape(a.vtOrganisatie.naam)} · opgesteld op ${escape(waarde(a.opgesteldOp))} · kenmerk ${escape(a.verzoekId)}</p>
<p>${
    betrokkene
      ? 'Dit is een afschrift van de gegevens die Veilig Thuis over u heeft vastgelegd (AVG artikel 15). Gegevens van andere personen en de identiteit van een melder die anoniem wil blijven staan er niet in.'
      : 'Dit is een afschrift van uw eigen melding bij Veilig Thuis (AVG artikel 15). Gegevens van de personen over wie u meldde staan er niet in.'
  }</p>
${delen.join('\n')}
<footer>Vragen over dit afschrift? Neem contact op met de privacy officer van ${escape(a.vtOrganisatie.naam)} en noem het kenmerk.</footer>
</body>
</html>
`;
}
