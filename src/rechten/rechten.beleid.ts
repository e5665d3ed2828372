import { Rol, VT_UITVOERING } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';

const PO = [Rol.PRIVACY_OFFICER];

/**
 * Rechten van betrokkenen (DOMAIN.md §4.3): the privacy officer of the VT region that holds the file registers,
 * decides and closes the requests and makes the afschrift; the history of corrections is also for the VT staff who may
 * read the casus (need-to-know in the service). No partner role sees any of it.
 */
export const rechtenBeleid: BeleidDeel = {
  operaties: {
    Query: {
      rechtenverzoeken: { doelgroepen: PO, waarom: 'De privacy officer behandelt de verzoeken van betrokkenen.' },
      rechtenverzoek: { doelgroepen: PO, waarom: 'Eén verzoek van een betrokkene, voor de privacy officer.' },
      afschrift: {
        doelgroepen: PO,
        waarom: 'De privacy officer verstrekt het afschrift van een toegekend verzoek (ook als HTML via /afschrift).',
      },
      gegevenscorrecties: {
        doelgroepen: [...VT_UITVOERING, Rol.PRIVACY_OFFICER],
        waarom: 'Wie het veld mag zien, ziet ook het origineel, de verbetering en de zienswijze van de betrokkene.',
      },
    },
    Mutation: {
      rechtenverzoekRegistreren: { doelgroepen: PO, waarom: 'De privacy officer registreert het verzoek met termijn.' },
      rechtenverzoekVerlengen: { doelgroepen: PO, waarom: 'De privacy officer verlengt de antwoordtermijn met reden.' },
      rechtenverzoekBesluiten: { doelgroepen: PO, waarom: 'De privacy officer besluit met motivering.' },
      rechtenverzoekAfhandelen: { doelgroepen: PO, waarom: 'De privacy officer legt vast wat er is gedaan.' },
      gegevensCorrigeren: {
        doelgroepen: PO,
        waarom: 'De privacy officer voert een toegekende verbetering of aanvulling uit.',
      },
      verwerkingsbeperkingOpheffen: {
        doelgroepen: PO,
        waarom: 'De privacy officer heft een beperking van de verwerking op.',
      },
    },
  },
  typen: {
    Rechtenverzoek: {
      rij: 'isRechtenverzoekVanEigenRegio',
      velden: { '*': PO },
      persoonsgegevens: [
        'persoonId',
        'meldingId',
        'omschrijving',
        'verlengingReden',
        'besluitMotivering',
        'afhandeling',
      ],
      tekst: {
        vtOrganisatie: 'CODE',
        omschrijving: 'VT_INTERN',
        verlengingReden: 'VT_INTERN',
        geregistreerdDoor: 'CODE',
        besluitMotivering: 'VT_INTERN',
        beslotenDoor: 'CODE',
        afhandeling: 'VT_INTERN',
      },
    },
    Gegevenscorrectie: {
      rij: 'isVanEigenVtRegio',
      velden: { '*': [...VT_UITVOERING, Rol.PRIVACY_OFFICER] },
      persoonsgegevens: ['objectId', 'origineel', 'correctie', 'zienswijze', 'reden'],
      tekst: {
        objectType: 'CODE',
        origineel: 'VT_INTERN',
        correctie: 'VT_INTERN',
        zienswijze: 'VT_INTERN',
        reden: 'VT_INTERN',
        door: 'CODE',
      },
    },
  },
};
