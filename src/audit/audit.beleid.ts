import type { BeleidDeel } from '../beleid/beleid';

const PO = ['PRIVACY_OFFICER'] as const;

/** The audit trail is for the privacy officer (NEN 7513 §9: "who looked at this file"). */
export const auditBeleid: BeleidDeel = {
  operaties: {
    Query: {
      auditSpoor: { doelgroepen: PO, waarom: 'De privacy officer controleert wie welk dossier inzag.' },
      auditKetenControle: {
        doelgroepen: PO,
        waarom: 'De privacy officer leest de uitkomst van de laatste controle van het auditspoor.',
      },
    },
    Mutation: {
      auditKetenControleren: {
        doelgroepen: PO,
        waarom: 'De privacy officer laat de integriteit van het auditspoor controleren.',
      },
    },
  },
  typen: {
    AuditGebeurtenis: {
      rij: 'isAuditVanEigenOrganisatie',
      velden: { '*': PO },
      persoonsgegevens: ['persoonIds', 'gebruikerNaam'],
    },
    AuditGebeurtenisEdge: { rij: 'geenPersoonsgegevens', velden: { '*': PO } },
    AuditGebeurtenisConnection: { rij: 'geenPersoonsgegevens', velden: { '*': PO } },
    AuditKetenControle: { rij: 'isAuditVanEigenOrganisatie', velden: { '*': PO } },
    AuditKetenBreuk: { rij: 'geenPersoonsgegevens', velden: { '*': PO } },
    AuditKetenCheckpoint: { rij: 'geenPersoonsgegevens', velden: { '*': PO } },
  },
};
