import { PersoonView } from './persoon.types';

/** A person as a read statement returns it (JSON from `persoonJsonSql`). */
export interface PersoonRij {
  id: string;
  vt_organisatie: string;
  bsn: string | null;
  voornamen: string | null;
  achternaam: string | null;
  geboortedatum: string | null;
  telefoon: string | null;
  email: string | null;
  straat: string | null;
  huisnummer: string | null;
  postcode: string | null;
  woonplaats: string | null;
}

/** The JSON object of a `persoon` row `p` with what `persoonUitRij` needs (the date as YYYY-MM-DD). */
export function persoonJsonSql(p: string): string {
  return `json_build_object('id', ${p}.id, 'vt_organisatie', ${p}.vt_organisatie, 'bsn', ${p}.bsn, 'voornamen', ${p}.voornamen,
    'achternaam', ${p}.achternaam, 'geboortedatum', to_char(${p}.geboortedatum, 'YYYY-MM-DD'), 'telefoon', ${p}.telefoon,
    'email', ${p}.email, 'straat', ${p}.straat, 'huisnummer', ${p}.huisnummer, 'postcode', ${p}.postcode, 'woonplaats', ${p}.woonplaats)`;
}

/** The view of a person from a row: the same rules as `PersoonView.van` (an address only when any part is known). */
export function persoonUitRij(r: PersoonRij): PersoonView {
  return PersoonView.uit(r, r.vt_organisatie, r.geboortedatum);
}
