import type { EntityManager } from '@mikro-orm/postgresql';

import type { ActorOrganisatie } from '../auth/actor';
import { OrganisatieEntity } from './organisatie.entity';

const TTL_MS = 60_000;

/**
 * Looks organisations up for token verification. Cached for a minute so authentication costs no
 * query on the hot path; a deactivated organisation is refused within that minute.
 */
export class OrganisatieRegister {
  private readonly cache = new Map<string, { org: ActorOrganisatie | null; tot: number }>();

  constructor(private readonly em: EntityManager) {}

  async zoek(code: string): Promise<ActorOrganisatie | undefined> {
    const nu = Date.now();
    const hit = this.cache.get(code);
    if (hit && hit.tot > nu) {
      return hit.org ?? undefined;
    }
    const e = await this.em.fork().findOne(OrganisatieEntity, { code, actief: true });
    const org: ActorOrganisatie | null = e ? { code: e.code, naam: e.naam, soort: e.soort, regioCodes: [...e.regioCodes] } : null;
    this.cache.set(code, { org, tot: nu + TTL_MS });
    return org ?? undefined;
  }

  vergeet(code: string): void {
    this.cache.delete(code);
  }
}
