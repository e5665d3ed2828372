import { Rol, VT_UITVOERING } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';

const VT = VT_UITVOERING;

/**
 * Meldingen are case content of one VT organisation. Partner profiles (issue: warme overdracht) add
 * their audiences here per field; until then only VT staff of the owning region see any of it.
 */
export const meldingBeleid: BeleidDeel = {
  operaties: {
    Query: {
      melding: { doelgroepen: VT, waarom: 'VT-medewerkers werken meldingen van de eigen regio af; een medewerker alleen die van toegewezen casussen (need-to-know).' },
      meldingen: { doelgroepen: VT, waarom: 'VT-medewerkers werken meldingen van de eigen regio af; een medewerker alleen die van toegewezen casussen (need-to-know).' },
    },
    Mutation: {
      meldingRegistreren: {
        doelgroepen: VT,
        waarom: 'VT registreert elke melding die het ontvangt (Wmo 2015 art. 4.1.1 sub a); wie haar aanneemt, registreert haar, ook bij een casus van een ander.',
      },
      politieMeldingenAanleveren: {
        doelgroepen: [Rol.POLITIE_MEDEWERKER],
        waarom: 'De politie levert zorgmeldingen aan Veilig Thuis (samenwerkingsafspraken VT-politie-OM, DOMAIN.md §9.4).',
      },
    },
  },
  typen: {
    PolitieAanleverResultaat: { rij: 'geenPersoonsgegevens', velden: { '*': [Rol.POLITIE_MEDEWERKER] }, tekst: { politieReferentie: 'PARTNER' } },
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
    Adres: { rij: 'isVanEigenVtRegio', velden: { '*': VT }, persoonsgegevens: ['straat', 'huisnummer', 'postcode', 'woonplaats'] },
  },
};
