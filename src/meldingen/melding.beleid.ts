import { VT_UITVOERING } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';

const VT = VT_UITVOERING;

/**
 * Meldingen are case content of one VT organisation. Partner profiles (issue: warme overdracht) add
 * their audiences here per field; until then only VT staff of the owning region see any of it.
 */
export const meldingBeleid: BeleidDeel = {
  operaties: {
    Query: {
      melding: {
        doelgroepen: VT,
        waarom:
          'VT-medewerkers werken meldingen van de eigen regio af; een medewerker alleen die van toegewezen casussen (need-to-know).',
      },
      meldingen: {
        doelgroepen: VT,
        waarom:
          'VT-medewerkers werken meldingen van de eigen regio af; een medewerker alleen die van toegewezen casussen (need-to-know).',
      },
    },
  },
  typen: {
    Melding: { rij: 'heeftMeldingToegang', velden: { '*': VT }, persoonsgegevens: ['omschrijving'] },
    MeldingConnection: { rij: 'geenPersoonsgegevens', velden: { '*': VT } },
    MeldingEdge: { rij: 'geenPersoonsgegevens', velden: { '*': VT } },
    Melder: {
      rij: 'melderIsZichtbaar',
      velden: { '*': VT },
      persoonsgegevens: ['naam', 'telefoon', 'email', 'functie', 'werkgever'],
    },
    Betrokkene: { rij: 'isVanEigenVtRegio', velden: { '*': VT } },
    Persoon: {
      rij: 'isVanEigenVtRegio',
      velden: { '*': VT },
      persoonsgegevens: ['bsn', 'voornamen', 'achternaam', 'geboortedatum', 'adres', 'telefoon', 'email'],
    },
    Adres: {
      rij: 'isVanEigenVtRegio',
      velden: { '*': VT },
      persoonsgegevens: ['straat', 'huisnummer', 'postcode', 'woonplaats'],
    },
  },
};
