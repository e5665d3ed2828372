/**
 * "Wie heeft uw dossier ingezien" as a person reads it (issue 17.2): the audit records of the afschrift grouped per
 * organisation and, within it, per part of the file; the records of one day by one role, one action and one basis
 * folded into one line with a count; roles, parts and actions in plain Dutch; dates in Dutch; the legal basis short (what it is,
 * the article beneath), never an id. The JSON afschrift keeps every record as it is.
 */

type Rij = Record<string, unknown>;

const TZ = 'Europe/Amsterdam';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Roles as a person calls them. */
const ROL: Record<string, string> = {
  VT_MEDEWERKER: 'Medewerker van Veilig Thuis',
  VT_TEAMLEIDER: 'Teamleider van Veilig Thuis',
  VERTROUWENSARTS: 'Vertrouwensarts',
  PRIVACY_OFFICER: 'Privacy officer',
  ANALIST: 'Analist (alleen cijfers)',
  WIJKTEAM_MEDEWERKER: 'Medewerker van het wijkteam',
  GI_JEUGDBESCHERMER: 'Jeugdbeschermer',
  RVDK_MEDEWERKER: 'Medewerker van de Raad voor de Kinderbescherming',
  POLITIE_MEDEWERKER: 'Politie',
  OM_ZSM_MEDEWERKER: 'Openbaar Ministerie (ZSM)',
  SCHOOL_CONTACTPERSOON: 'Contactpersoon van de school',
  ZVH_MEDEWERKER: 'Medewerker van het Zorg- en Veiligheidshuis',
  GEMEENTE_MEDEWERKER: 'Medewerker van de gemeente',
  GEMEENTE_OOV_MEDEWERKER: 'Gemeente (openbare orde en veiligheid)',
  AWARE_INDICATIECOMMISSIE: 'Aware-commissie',
  FUNCTIONEEL_BEHEERDER: 'Functioneel beheer',
  MELDER: 'De melder',
};

/** The parts of the file (audit object types) as a person calls them. */
const DEEL: Record<string, string> = {
  Casus: 'Uw dossier',
  Melding: 'Melding',
  Persoon: 'Uw persoonsgegevens',
  Betrokkene: 'Uw persoonsgegevens',
  Overdracht: 'Overdracht aan een andere organisatie',
  HwcSignaal: 'Handle with Care-bericht aan school',
  ZsmVerzoek: 'Vraag van politie of OM (ZSM)',
  TijdelijkHuisverbod: 'Tijdelijk huisverbod',
  HuisverbodMonitoringcontact: 'Tijdelijk huisverbod',
  AwareAanvraag: 'Aware-alarm',
  Advies: 'Advies aan Veilig Thuis',
  MonitoringInput: 'Contact na afloop (monitoring)',
  VerzoekTotOnderzoekMelding: 'Verzoek tot onderzoek aan de Raad',
  VtRegister: 'Landelijk register van Veilig Thuis',
  VtRegisterSignaal: 'Landelijk register van Veilig Thuis',
  Bewaring: 'Bewaren en vernietigen van uw dossier',
  Veiligheidsbeoordeling: 'Veiligheidsbeoordeling',
  Rechtenverzoek: 'Uw verzoek aan de privacy officer',
  Gegevenscorrectie: 'Aanvulling of verbetering',
  Termijn: 'Termijnen van uw dossier',
  Noodtoegang: 'Toegang bij nood',
};

const ACTIE: Record<string, string> = {
  C: 'vastgelegd',
  R: 'ingezien',
  U: 'gewijzigd',
  D: 'verwijderd',
  E: 'uitgevoerd',
};

/** A value of an audit row as text (they are strings or null). */
function tekst(v: unknown): string {
  return typeof v === 'string' ? v : v == null ? '' : JSON.stringify(v);
}

/** An instant as "9 maart 2026". */
function dag(t: unknown): string {
  return new Date(String(t)).toLocaleDateString('nl-NL', { timeZone: TZ, dateStyle: 'long' });
}

/** An instant as "10:15". */
function tijd(t: unknown): string {
  return new Date(String(t)).toLocaleTimeString('nl-NL', { timeZone: TZ, hour: '2-digit', minute: '2-digit' });
}

/** The legal grounds of a handover (audit grondslag "Overdracht <id> (<code>)") in words. */
const OVERDRACHTGROND: Record<string, string> = {
  WMO_OVERDRACHT: 'Wmo 2015: warme overdracht',
  TOESTEMMING: 'met toestemming',
  VERZOEK_RAAD: 'Jeugdwet art. 7.1.1 en BW 1:255: verzoek aan de Raad',
  JEUGDBESCHERMINGSMAATREGEL: 'Jeugdwet art. 7.3.11: kinderbeschermingsmaatregel',
};

/** The legal basis, short: what it is (after the colon) and the article (before it), without ids or codes. */
export function korteGrondslag(g: unknown): { wat: string; artikel: string } {
  const zin = tekst(g).replace(UUID, '').replace(/\s+/g, ' ').trim();
  if (!zin) return { wat: 'Niet vastgelegd', artikel: '' };
  const i = zin.indexOf(':');
  let [artikel, wat] = i > 0 ? [zin.slice(0, i).trim(), zin.slice(i + 1).trim()] : ['', zin];
  const overdracht = /^Overdracht\s*\(([A-Z_]+)\)/.exec(i > 0 ? artikel : wat);
  if (overdracht) {
    artikel = OVERDRACHTGROND[overdracht[1]] ?? overdracht[1].toLowerCase().replace(/_/g, ' ');
    if (i <= 0) wat = 'Overdracht aan deze organisatie';
  }
  const kort = wat.length > 90 ? `${wat.slice(0, 87).trimEnd()}…` : wat;
  return { wat: kort.charAt(0).toUpperCase() + kort.slice(1), artikel };
}

/** One line of the grouped table: the records of one day, one role, one action, one basis. */
export interface InzageRegel {
  dag: string;
  tijden: string;
  rol: string;
  actie: string;
  aantal: number;
  grondslag: { wat: string; artikel: string };
  noodprocedure: boolean;
}

export interface InzageGroep {
  organisatie: string;
  aantal: number;
  eerste: string;
  laatste: string;
  delen: { deel: string; regels: InzageRegel[] }[];
}

/** The audit records (in time order) grouped for the reader: per organisation (first contact first), per part. */
export function groepeerInzage(rijen: readonly Rij[]): InzageGroep[] {
  const perOrg = new Map<string, Rij[]>();
  for (const r of rijen) {
    const org = r.organisatie == null ? 'Ketenpoort (automatisch)' : tekst(r.organisatieNaam ?? r.organisatie);
    perOrg.set(org, [...(perOrg.get(org) ?? []), r]);
  }
  return [...perOrg.entries()].map(([organisatie, lijst]) => {
    const perDeel = new Map<string, InzageRegel[]>();
    for (const r of lijst) {
      const deel = DEEL[tekst(r.onderdeel)] ?? (tekst(r.onderdeel) || 'Overig');
      const regels = perDeel.get(deel) ?? [];
      const regel: InzageRegel = {
        dag: dag(r.tijdstip),
        tijden: tijd(r.tijdstip),
        rol: r.rol == null ? 'Automatisch (systeem)' : (ROL[tekst(r.rol)] ?? tekst(r.rol)),
        actie: ACTIE[tekst(r.actie)] ?? tekst(r.actie),
        aantal: 1,
        grondslag: korteGrondslag(r.grondslag),
        noodprocedure: r.noodprocedure === true,
      };
      // One line per day, role, action and basis (in the order of their first record); the times span the day.
      const zelfde = regels.find(
        (x) =>
          x.dag === regel.dag &&
          x.rol === regel.rol &&
          x.actie === regel.actie &&
          x.grondslag.wat === regel.grondslag.wat &&
          x.noodprocedure === regel.noodprocedure,
      );
      if (zelfde) {
        zelfde.aantal += 1;
        const [van] = zelfde.tijden.split('–');
        zelfde.tijden = van === regel.tijden ? van : `${van}–${regel.tijden}`;
      } else {
        regels.push(regel);
      }
      perDeel.set(deel, regels);
    }
    return {
      organisatie,
      aantal: lijst.length,
      eerste: dag(lijst[0].tijdstip),
      laatste: dag(lijst[lijst.length - 1].tijdstip),
      delen: [...perDeel.entries()].map(([deel, regels]) => ({ deel, regels })),
    };
  });
}

/** The section as HTML; `escape` is the document's own escaping (every value goes through it). */
export function inzageHtml(rijen: readonly Rij[], escape: (w: unknown) => string): string {
  const groepen = groepeerInzage(rijen);
  const uitleg =
    '<p>Elke keer dat iemand uw gegevens inziet of wijzigt, wordt dat vastgelegd. Hieronder staat per organisatie welk deel van uw dossier is ingezien of gewijzigd, wanneer, door wie (de functie, niet de naam) en op welke wettelijke grond. Meerdere keren op één dag door dezelfde functie staat op één regel.</p>';
  if (groepen.length === 0) return `${uitleg}<p class="leeg">Niemand.</p>`;
  const overzicht = `<table class="overzicht"><caption>Overzicht</caption><thead><tr><th scope="col">Organisatie</th><th scope="col">Aantal keer</th><th scope="col">Eerste keer</th><th scope="col">Laatste keer</th></tr></thead><tbody>${groepen
    .map(
      (g) =>
        `<tr><td>${escape(g.organisatie)}</td><td class="getal">${g.aantal}</td><td>${escape(g.eerste)}</td><td>${escape(g.laatste)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
  const perOrganisatie = groepen
    .map(
      (g) =>
        `<section class="organisatie"><h3>${escape(g.organisatie)}</h3>${g.delen
          .map(
            (d) =>
              `<table class="inzage"><caption>${escape(d.deel)}</caption><thead><tr><th scope="col" class="datum">Datum</th><th scope="col">Wie</th><th scope="col">Wat</th><th scope="col">Grond</th></tr></thead><tbody>${d.regels
                .map(
                  (r) =>
                    `<tr><td class="datum">${escape(r.dag)}<br><span class="klein">${escape(r.tijden)}</span></td><td>${escape(r.rol)}</td><td>${escape(r.actie)}${r.aantal > 1 ? ` <span class="klein">(${r.aantal} keer)</span>` : ''}${r.noodprocedure ? ' <strong>(bij nood, achteraf getoetst)</strong>' : ''}</td><td>${escape(r.grondslag.wat)}${r.grondslag.artikel ? `<br><span class="klein">${escape(r.grondslag.artikel)}</span>` : ''}</td></tr>`,
                )
                .join('')}</tbody></table>`,
          )
          .join('')}</section>`,
    )
    .join('\n');
  return `${uitleg}${overzicht}${perOrganisatie}`;
}
