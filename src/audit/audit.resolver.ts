import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { auditService } from './audit.service';
import { AuditFilter, AuditGebeurtenisConnection, AuditKetenControleView } from './audit.types';

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

  @Query(() => AuditKetenControleView, {
    nullable: true,
    description: 'De laatste controle van de hashketen die de eigen organisatie aanvroeg, met haar uitkomst.',
  })
  auditKetenControle(@Ctx() ctx: RequestContext): Promise<AuditKetenControleView | null> {
    return auditService.laatsteKetenControle(ctx);
  }

  @Mutation(() => AuditKetenControleView, {
    description:
      'Vraagt een controle van de hele hashketen aan (tegen het laatste checkpoint); de worker voert haar uit. Loopt er al een, dan komt die terug.',
  })
  auditKetenControleren(@Ctx() ctx: RequestContext): Promise<AuditKetenControleView> {
    return auditService.controleerKeten(ctx);
  }
}
