import type { Module } from '../lib/module';
import { auditBeleid } from './audit.beleid';
import { AuditResolver } from './audit.resolver';

/** The NEN 7513 audit trail: recording, sealing, verification and the privacy officer's queries. */
export const auditModule: Module = {
  naam: 'audit',
  entities: [],
  resolvers: [AuditResolver],
  beleid: auditBeleid,
};
