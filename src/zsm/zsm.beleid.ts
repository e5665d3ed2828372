import { Rol, VT_UITVOERING } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';

const VT = VT_UITVOERING;
const ZSM = [Rol.OM_ZSM_MEDEWERKER, Rol.POLITIE_MEDEWERKER];
const VT_EN_ZSM = [...VT, ...ZSM];

/** ZSM: the justice partner sees its own requests and the agreed data set in the answer, never the dossier (DOMAIN.md §9.4). */
export const zsmBeleid: BeleidDeel = {
  operaties: {
    Query: {
      zsmVerzoeken: {
        doelgroepen: VT_EN_ZSM,
        waarom: 'VT werkt de verzoeken aan de eigen regio af; de ZSM-partner volgt de eigen verzoeken.',
      },
      zsmVerzoek: {
        doelgroepen: VT_EN_ZSM,
        waarom: 'VT werkt de verzoeken aan de eigen regio af; de ZSM-partner leest het antwoord op het eigen verzoek.',
      },
    },
    Mutation: {
      zsmVerzoekIndienen: {
        doelgroepen: ZSM,
        waarom: 'ZSM-afspraken: informatie-uitwisseling met VT tijdens de inverzekeringstelling.',
      },
      zsmVerzoekBeantwoorden: { doelgroepen: VT, waarom: 'VT levert binnen uren de afgesproken ZSM-gegevens.' },
    },
  },
  typen: {
    ZsmVerzoek: {
      rij: 'isVanEigenVtRegioOfOntvanger',
      velden: { '*': VT_EN_ZSM, geescaleerdOp: VT, gebeurtenisId: VT },
      persoonsgegevens: ['reden', 'parketnummer', 'contactpersoonNaam', 'contactpersoonTelefoon'],
      tekst: {
        vtOrganisatie: 'CODE',
        aanvrager: 'CODE',
        gegevensset: 'CODE',
        parketnummer: 'PARTNER',
        reden: 'PARTNER',
        ingediendDoor: 'PARTNER',
        // The agreed data set: VT's contact person, for the ZSM partner.
        contactpersoonNaam: 'VT_VOOR_PARTNER',
        contactpersoonTelefoon: 'VT_VOOR_PARTNER',
      },
    },
    ZsmPersoon: {
      rij: 'isVanEigenVtRegioOfOntvanger',
      velden: { '*': VT_EN_ZSM, persoonId: VT },
      persoonsgegevens: ['bsn', 'voornamen', 'achternaam', 'geboortedatum', 'relevanteInformatie'],
      tekst: { voornamen: 'PARTNER', achternaam: 'PARTNER', fase: 'CODE', relevanteInformatie: 'VT_VOOR_PARTNER' },
    },
    ZsmVerzoekEdge: { rij: 'geenPersoonsgegevens', velden: { '*': VT_EN_ZSM }, tekst: { cursor: 'CODE' } },
    ZsmVerzoekConnection: { rij: 'geenPersoonsgegevens', velden: { '*': VT_EN_ZSM } },
  },
};
