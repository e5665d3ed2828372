import { Rol } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';

/** Every partner role: each partner organisation receives events and may run its own endpoints. */
export const PARTNERROLLEN: readonly Rol[] = [
  Rol.WIJKTEAM_MEDEWERKER,
  Rol.GI_JEUGDBESCHERMER,
  Rol.RVDK_MEDEWERKER,
  Rol.POLITIE_MEDEWERKER,
  Rol.OM_ZSM_MEDEWERKER,
  Rol.SCHOOL_CONTACTPERSOON,
  Rol.ZVH_MEDEWERKER,
  Rol.GEMEENTE_MEDEWERKER,
  Rol.GEMEENTE_OOV_MEDEWERKER,
  Rol.AWARE_INDICATIECOMMISSIE,
];

const P = PARTNERROLLEN;
const eigen = 'Een ketenpartner beheert de eigen koppeling; alleen ids en soorten gebeurtenissen, geen zaakinhoud.';

/** Webhooks and the event feed: the partner organisation's own, nobody else's (row rule isVanEigenOrganisatie). */
export const gebeurtenissenBeleid: BeleidDeel = {
  operaties: {
    Query: {
      webhookEndpoints: { doelgroepen: P, waarom: eigen },
      webhookEndpoint: { doelgroepen: P, waarom: eigen },
      webhookAfleveringen: {
        doelgroepen: P,
        waarom: 'Een ketenpartner ziet wat aan de eigen endpoints is afgeleverd en wat is opgegeven.',
      },
      gebeurtenissen: {
        doelgroepen: P,
        waarom: 'Een ketenpartner haalt gemiste gebeurtenissen op (alleen soort en ids).',
      },
    },
    Mutation: {
      webhookEndpointRegistreren: { doelgroepen: P, waarom: eigen },
      webhookEndpointWijzigen: { doelgroepen: P, waarom: eigen },
      webhookEndpointVerwijderen: { doelgroepen: P, waarom: eigen },
      webhookGeheimRoteren: { doelgroepen: P, waarom: eigen },
      webhookAfleveringenOpnieuw: {
        doelgroepen: P,
        waarom: 'Een ketenpartner biedt opgegeven afleveringen aan de eigen endpoints opnieuw aan.',
      },
    },
  },
  typen: {
    WebhookEndpoint: {
      rij: 'isVanEigenOrganisatie',
      velden: { '*': P },
      tekst: { url: 'PARTNER', omschrijving: 'PARTNER' },
    },
    WebhookEndpointMetGeheim: { rij: 'isVanEigenOrganisatie', velden: { '*': P }, tekst: { geheim: 'CODE' } },
    WebhookAflevering: {
      rij: 'isVanEigenOrganisatie',
      velden: { '*': P },
      tekst: { gebeurtenisType: 'CODE', laatsteFout: 'CODE' },
    },
    WebhookAfleveringEdge: { rij: 'geenPersoonsgegevens', velden: { '*': P }, tekst: { cursor: 'CODE' } },
    WebhookAfleveringConnection: { rij: 'geenPersoonsgegevens', velden: { '*': P } },
    Gebeurtenis: {
      rij: 'isVanEigenOrganisatie',
      velden: { '*': P },
      tekst: { type: 'CODE', objectType: 'CODE', objectId: 'CODE' },
    },
    GebeurtenisEdge: { rij: 'geenPersoonsgegevens', velden: { '*': P }, tekst: { cursor: 'CODE' } },
    GebeurtenisConnection: { rij: 'geenPersoonsgegevens', velden: { '*': P } },
  },
};
