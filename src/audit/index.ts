import type { Module } from '../lib/module';
import { auditBeleid } from './audit.beleid';
import { AuditResolver } from './audit.resolver';
import { verifieerAuditJob, verifieerAuditSchema } from './jobs/verifieer-audit.job';
import { verzegelAuditJob, verzegelAuditSchema } from './jobs/verzegel-audit.job';

/** The NEN 7513 audit trail: recording, sealing, verification and the privacy officer's queries. */
export const auditModule: Module = {
  naam: 'audit',
  entities: [],
  resolvers: [AuditResolver],
  beleid: auditBeleid,
  jobs: [verzegelAuditJob, verifieerAuditJob],
  schemas: [verzegelAuditSchema, verifieerAuditSchema],
};
