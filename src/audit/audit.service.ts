import type { Transaction } from '@mikro-orm/core';

import { eigenVtRegio } from '../auth/actor';
import type { RequestContext } from '../lib/context';
import { geenToegang, ongeldigeInvoer } from '../lib/errors';
import { controleerPaginagrootte, leesCursor, maakCursor } from '../lib/graphql/paginering';
import { regelUitRij } from './audit-inhoud';
import { alsControleView } from './audit-controle.view';
import { laatsteVerificatie, vraagVerificatieAan } from './audit-verificatie';
import type { AuditFilter, AuditGebeurtenisConnection, AuditKetenControleView } from './audit.types';
import { AuditGebeurtenisView } from './audit.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The organisation responsible for an audit record, as SQL over its columns: the VT region of the object where there
 * is one, else the acting organisation (a national or gemeente analyst, a partner changing its webhooks). Derived, so
 * the stored record and its hashed canonical form (audit-inhoud.ts) stay as they are; migration 17 indexes it.
 */
export const VERANTWOORDELIJKE = 'coalesce(vt_organisatie, organisatie)';

/**
 * The privacy officer's view of the audit trail: every record their organisation is responsible for (VERANTWOORDELIJKE),
 * and nothing else. Any organisation has one (a VT region, a gemeente, a partner, a national body); the schema of the
 * role holds only these queries, so none of them sees case content through it.
 */
export const auditService = {
  async spoor(
    ctx: RequestContext,
    filter: AuditFilter,
    eerste: number,
    na: string | undefined,
  ): Promise<AuditGebeurtenisConnection> {
    if (ctx.actor.rol !== 'PRIVACY_OFFICER') throw geenToegang();
    const organisatie = ctx.actor.organisatie.code;
    controleerPaginagrootte(eerste);
    if (!filter.persoonId && !filter.gebruiker && !filter.objectId) {
      throw ongeldigeInvoer([
        { veld: 'filter', code: 'FILTER_VEREIST', melding: 'Zoek op persoonId, gebruiker of objectId.' },
      ]);
    }
    // An id that is given must be one (an empty one is not "no filter").
    if (filter.persoonId != null && !UUID.test(filter.persoonId)) {
      throw ongeldigeInvoer([
        { veld: 'filter.persoonId', code: 'ONGELDIG_ID', melding: 'persoonId is geen geldig id.' },
      ]);
    }
    if (filter.objectId != null && filter.objectId.trim() === '') {
      throw ongeldigeInvoer([{ veld: 'filter.objectId', code: 'ONGELDIG_ID', melding: 'objectId is leeg.' }]);
    }
    const voorwaarden = [`${VERANTWOORDELIJKE} = ?`];
    const params: unknown[] = [organisatie];
    if (filter.persoonId) {
      voorwaarden.push('persoon_ids @> array[?]::uuid[]');
      params.push(filter.persoonId.toLowerCase());
    }
    if (filter.gebruiker) {
      voorwaarden.push('gebruiker = ?');
      params.push(filter.gebruiker);
    }
    if (filter.objectId) {
      voorwaarden.push('object_id = ?');
      params.push(filter.objectId);
    }
    if (filter.van) {
      voorwaarden.push('tijdstip >= ?');
      params.push(filter.van);
    }
    if (filter.tot) {
      voorwaarden.push('tijdstip < ?');
      params.push(filter.tot);
    }
    if (na) {
      const c = leesCursor(na, 'getal');
      voorwaarden.push('(tijdstip, id) < (?, ?)');
      params.push(c.tijdstip, c.id);
    }
    params.push(eerste + 1);
    const rijen = await ctx.em
      .getConnection()
      .execute<Record<string, unknown>[]>(
        `select *, id::text as id_tekst from audit_gebeurtenis where ${voorwaarden.join(' and ')} order by tijdstip desc, id desc limit ?`,
        params,
      );
    const pagina = rijen.slice(0, eerste).map((r) => {
      const regel = regelUitRij(r);
      return Object.assign(new AuditGebeurtenisView(), regel, { id: r.id_tekst as string });
    });
    // Reading the trail is itself an access to personal data: it is audited like any other read.
    ctx.audit.lees({
      gebeurtenis: 'AUDITSPOOR_INZIEN',
      actie: 'R',
      vtOrganisatie: eigenVtRegio(ctx.actor) ?? null,
      objectType: 'AuditSpoor',
      objectId: filter.objectId ?? null,
      persoonIds: filter.persoonId ? [filter.persoonId] : [],
      velden: Object.keys(filter)
        .filter((k) => (filter as unknown as Record<string, unknown>)[k] != null)
        .map((k) => `filter.${k}`),
    });
    const laatste = pagina[pagina.length - 1];
    return {
      edges: pagina.map((node) => ({ cursor: maakCursor(node.tijdstip, node.id), node })),
      pageInfo: {
        hasNextPage: rijen.length > eerste,
        endCursor: laatste ? maakCursor(laatste.tijdstip, laatste.id) : null,
      },
    };
  },

  /**
   * Asks the worker to verify the whole chain (against the latest checkpoint too), or returns the run of the caller's
   * region still open. The request itself is audited; the walk happens in bounded steps in the worker, never here.
   */
  async controleerKeten(ctx: RequestContext): Promise<AuditKetenControleView> {
    const regio = eigenVtRegio(ctx.actor);
    if (!regio) throw geenToegang();
    const rij = await ctx.em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const { rij, nieuw } = await vraagVerificatieAan(
        conn,
        tx.getTransactionContext<Transaction>(),
        regio,
        ctx.actor.sub,
        ctx.clock.now(),
      );
      if (nieuw) {
        await ctx.audit.inTransactie(tx, {
          gebeurtenis: 'AUDITKETEN_CONTROLE_AANVRAGEN',
          actie: 'E',
          vtOrganisatie: regio,
          objectType: 'AuditKetenControle',
          objectId: rij.id,
        });
      }
      return rij;
    });
    return alsControleView(rij, regio);
  },

  /** The latest verification run of the caller's region, with identifiers of the own region only. */
  async laatsteKetenControle(ctx: RequestContext): Promise<AuditKetenControleView | null> {
    const regio = eigenVtRegio(ctx.actor);
    if (!regio) throw geenToegang();
    const rij = await laatsteVerificatie(ctx.em.getConnection(), regio);
    return rij ? alsControleView(rij, regio) : null;
  },
};
