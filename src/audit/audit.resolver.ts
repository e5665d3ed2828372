import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { auditService } from './audit.service';
import { AuditFilter, AuditGebeurtenisConnection, AuditKetenRapportView } from './audit.types';

@Resolver()
export class AuditResolver {
  @Query(() => AuditGebeurtenisConnection, {
    description:
      'Wie heeft wat ingezien of gewijzigd (NEN 7513): de regels waarvoor de eigen organisatie verantwoordelijk is (de VT-regio van het object, anders de organisatie die handelde).',
  })
  auditSpoor(
    @Arg('filter', () => AuditFilter) filter: AuditFilter,
    @Arg('eerste', () => Int, { defaultValue: 50 }) eerste: number,
    @Arg('na', () => String, { nullable: true }) na: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<AuditGebeurtenisConnection> {
    return auditService.spoor(ctx, filter, eerste, na ?? undefined);
  }

  @Query(() => AuditKetenRapportView, { description: 'Controleert de hashketen van het hele auditspoor en meldt de eerste breuk (privacy officer van een VT-organisatie).' })
  auditKetenControleren(@Ctx() ctx: RequestContext): Promise<AuditKetenRapportView> {
    return auditService.controleerKeten(ctx);
  }
}
