import type { BeleidDeel } from '../beleid/beleid';
import { Rol } from '../auth/rollen';

const FB: readonly Rol[] = [Rol.FUNCTIONEEL_BEHEERDER];
const beheer = (waarom: string): { doelgroepen: readonly Rol[]; waarom: string } => ({ doelgroepen: FB, waarom });

/**
 * Functioneel beheer: the national beheerder for every organisation and issuer, the beheerder of a VT organisation for
 * its region's partners (services scope, row rule `isInBeheer` checks). None of it is personal data; changes are audited.
 */
export const beheerBeleid: BeleidDeel = {
  operaties: {
    Query: {
      beheerOrganisaties: beheer(
        'Functioneel beheer ziet de organisaties die het aansluit, om ze te controleren en te onderhouden.',
      ),
      beheerOrganisatie: beheer(
        'Functioneel beheer ziet een organisatie die het aansluit met haar issuers en endpoints.',
      ),
      issuers: beheer('Functioneel beheer ziet welke identity providers voor zijn organisaties spreken.'),
      issuer: beheer('Functioneel beheer ziet de instellingen en bindingen van een identity provider die het beheert.'),
    },
    Mutation: {
      organisatieRegistreren: beheer(
        'Alleen functioneel beheer sluit een ketenpartner aan; VT-beheer alleen voor de eigen regio.',
      ),
      organisatieWijzigen: beheer(
        'Functioneel beheer houdt de gegevens van aangesloten organisaties bij (BRIN, CBS-code, regio’s).',
      ),
      organisatieDeactiveren: beheer(
        'Functioneel beheer beëindigt de toegang van een organisatie die niet meer mag of kan handelen.',
      ),
      organisatieHeractiveren: beheer(
        'Functioneel beheer herstelt de toegang van een ten onrechte of tijdelijk gedeactiveerde organisatie.',
      ),
      issuerRegistreren: beheer('Alleen functioneel beheer bepaalt welke identity provider Ketenpoort vertrouwt.'),
      issuerWijzigen: beheer(
        'Functioneel beheer houdt sleutels en claiminstellingen van een vertrouwde identity provider bij.',
      ),
      issuerDeactiveren: beheer('Functioneel beheer zet een identity provider uit (gecompromitteerd, vervangen).'),
      issuerHeractiveren: beheer('Functioneel beheer zet een uitgezette identity provider weer aan.'),
      issuerBinden: beheer(
        'Functioneel beheer bepaalt voor welke organisatie en in welke rollen een identity provider mag spreken.',
      ),
      issuerOntbinden: beheer(
        'Functioneel beheer trekt het recht van een identity provider in om voor een organisatie te spreken.',
      ),
      webhookEndpointBeheren: beheer(
        'Functioneel beheer zet een endpoint van een aangesloten organisatie uit of aan (bijvoorbeeld van een vertrokken leverancier).',
      ),
    },
  },
  typen: {
    BeheerOrganisatie: { rij: 'isInBeheer', velden: { '*': FB } },
    BeheerOrganisatieEdge: { rij: 'geenPersoonsgegevens', velden: { '*': FB } },
    BeheerOrganisatieConnection: { rij: 'geenPersoonsgegevens', velden: { '*': FB } },
    BeheerWebhookEndpoint: { rij: 'isInBeheer', velden: { '*': FB } },
    Issuer: { rij: 'isInBeheer', velden: { '*': FB } },
    IssuerEdge: { rij: 'geenPersoonsgegevens', velden: { '*': FB } },
    IssuerConnection: { rij: 'geenPersoonsgegevens', velden: { '*': FB } },
    IssuerBinding: { rij: 'isInBeheer', velden: { '*': FB } },
    IssuerClaims: { rij: 'geenPersoonsgegevens', velden: { '*': FB } },
    IssuerRolWaarde: { rij: 'geenPersoonsgegevens', velden: { '*': FB } },
    IssuerAcrNiveau: { rij: 'geenPersoonsgegevens', velden: { '*': FB } },
    OrganisatieDeactivering: { rij: 'geenPersoonsgegevens', velden: { '*': FB } },
  },
};
