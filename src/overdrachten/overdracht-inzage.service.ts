import type { EntityManager } from '@mikro-orm/postgresql';

import { casusToegangFilter, casusToegangSql, markeerCasusToegang, nietToegankelijk } from '../beleid/casustoegang.sql';
import { laadCasusVoor } from '../casussen/casus-toegang';
import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden } from '../lib/errors';
import { alsConnection, controleerPaginagrootte, naCursor, naCursorSql } from '../lib/graphql/paginering';
import { entiteitVorm, leesRijen } from '../lib/lezen';
import { alsPartner, inRegio, ookVtRegio } from '../lib/regio';
import { inboxInEenRonde, overdrachtPaginaSql } from './overdracht-inbox.lezen';
import { OverdrachtEntity } from './overdracht.entity';
import { BEEINDIGD, LOPEND, OPEN_AANBOD, type OverdrachtStatus } from './overdracht.model';
import type { OverdrachtConnection, OverdrachtView } from './overdracht.types';
import { auditLees, partnerOrganisatie, viewsVan, viewVan, vtView } from './overdracht.views';

/**
 * Reading overdrachten: VT those of a casus of its region (need-to-know), VT or the addressed partner one by id, and
 * the partner's inbox. Each read is audited with what the answer showed. Rows are read without managed entities
 * (LEESPAD=entiteiten: as entities, the reference path).
 */

export type InboxFilter = 'OPEN' | 'LOPEND' | 'BEEINDIGD';
const INBOX: Readonly<Record<InboxFilter, readonly OverdrachtStatus[]>> = { OPEN: OPEN_AANBOD, LOPEND, BEEINDIGD };

/**
 * Overdracht rows that satisfy `voorwaarde` (on alias `o`), newest first, in the shape of the entity but not managed
 * (reads need no unit of work); the views are built from them as from entities.
 */
async function overdrachtRijen(
  tx: EntityManager,
  voorwaarde: string,
  params: unknown[],
  limiet?: number,
): Promise<OverdrachtEntity[]> {
  const rijen = await leesRijen<{ o: Record<string, unknown> }>(
    tx,
    overdrachtPaginaSql(voorwaarde, Boolean(limiet)),
    limiet ? [...params, limiet] : params,
  );
  return rijen.map((r) => entiteitVorm(tx, OverdrachtEntity, r.o));
}

export const overdrachtInzageService = {
  async vanCasus(ctx: RequestContext, casusId: string, velden: string[]): Promise<OverdrachtView[]> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(casusId)) throw nietGevonden('De casus');
    const views = await inRegio(ctx, regio, async (tx) => {
      await laadCasusVoor(ctx, tx, regio, casusId);
      const rijen =
        ctx.config.leespad === 'entiteiten'
          ? await tx.find(
              OverdrachtEntity,
              { casusId, vtOrganisatie: regio },
              { orderBy: { aangebodenOp: 'desc', id: 'desc' } },
            )
          : await overdrachtRijen(tx, 'o.casus_id = ? and o.vt_organisatie = ?', [casusId, regio]);
      return markeerCasusToegang(tx, ctx, await viewsVan(tx, ctx, rijen));
    });
    for (const v of views) auditLees(ctx, v, velden);
    return views;
  },

  /** VT of the region (need-to-know) or the addressed partner. */
  async lees(ctx: RequestContext, id: string, velden: string[]): Promise<OverdrachtView> {
    if (!isUuid(id)) throw nietGevonden('De overdracht');
    const isVt = ctx.actor.organisatie.soort === 'VEILIG_THUIS';
    const view = isVt
      ? await inRegio(ctx, vtRegioVan(ctx), async (tx) => {
          const toegang = casusToegangSql(ctx, 'casus_id', 'o');
          const [o] =
            ctx.config.leespad === 'entiteiten'
              ? [
                  await tx.findOne(OverdrachtEntity, {
                    id,
                    vtOrganisatie: ctx.actor.organisatie.code,
                    ...casusToegangFilter(ctx, 'casus_id'),
                  }),
                ]
              : await overdrachtRijen(tx, `o.id = ? and o.vt_organisatie = ? and ${toegang.sql}`, [
                  id,
                  ctx.actor.organisatie.code,
                  ...toegang.params,
                ]);
          if (!o) throw await nietToegankelijk(tx, 'overdracht', id, ctx.actor.organisatie.code, 'De overdracht');
          return vtView(tx, ctx, o);
        })
      : await alsPartner(ctx, async (tx) => {
          const [o] =
            ctx.config.leespad === 'entiteiten'
              ? [await tx.findOne(OverdrachtEntity, { id, ontvanger: partnerOrganisatie(ctx) })]
              : await overdrachtRijen(tx, 'o.id = ? and o.ontvanger = ?', [id, partnerOrganisatie(ctx)]);
          if (!o) throw nietGevonden('De overdracht');
          await ookVtRegio(tx, o.vtOrganisatie);
          return viewVan(tx, ctx, o);
        });
    auditLees(ctx, view, velden);
    return view;
  },

  /** The partner's inbox: open offers (with their deadline), running handovers, or ended ones; newest first. */
  async inbox(
    ctx: RequestContext,
    filter: InboxFilter,
    eerste: number,
    na: string | undefined,
    velden: string[],
  ): Promise<OverdrachtConnection> {
    const org = partnerOrganisatie(ctx);
    controleerPaginagrootte(eerste);
    // One round trip where the partner has one region and the page is of it (overdracht-inbox.lezen.ts); else below.
    const snel =
      ctx.config.leespad === 'entiteiten' ? null : await inboxInEenRonde(ctx, org, INBOX[filter], eerste + 1, na);
    const views =
      snel ??
      (await alsPartner(ctx, async (tx) => {
        const cursor = naCursorSql('o.aangeboden_op', 'o.id', na);
        const rijen =
          ctx.config.leespad === 'entiteiten'
            ? await tx.find(
                OverdrachtEntity,
                { ontvanger: org, status: { $in: [...INBOX[filter]] }, ...naCursor('aangebodenOp', na) },
                { orderBy: { aangebodenOp: 'desc', id: 'desc' }, limit: eerste + 1 },
              )
            : await overdrachtRijen(
                tx,
                `o.ontvanger = ? and o.status = any(?::text[]) and ${cursor.sql}`,
                [org, `{${INBOX[filter].join(',')}}`, ...cursor.params],
                eerste + 1,
              );
        // One region at a time (usually one): the case rows of that region are admitted, then its page is built.
        const perRegio = new Map<string, OverdrachtEntity[]>();
        for (const o of rijen) perRegio.set(o.vtOrganisatie, [...(perRegio.get(o.vtOrganisatie) ?? []), o]);
        const klaar = new Map<string, OverdrachtView>();
        for (const [regio, deel] of perRegio) {
          await ookVtRegio(tx, regio);
          for (const v of await viewsVan(tx, ctx, deel)) klaar.set(v.id, v);
        }
        return rijen.map((o) => klaar.get(o.id) as OverdrachtView);
      }));
    for (const v of views.slice(0, eerste)) auditLees(ctx, v, velden);
    return alsConnection(views, eerste, (v) => v.aangebodenOp);
  },
};
