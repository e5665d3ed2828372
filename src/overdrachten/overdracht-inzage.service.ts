import { casusToegangFilter, markeerCasusToegang, nietToegankelijk } from '../beleid/casustoegang.sql';
import { laadCasusVoor } from '../casussen/casus-toegang';
import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden } from '../lib/errors';
import { alsConnection, controleerPaginagrootte, naCursor } from '../lib/graphql/paginering';
import { alsPartner, inRegio, ookVtRegio } from '../lib/regio';
import { OverdrachtEntity } from './overdracht.entity';
import { BEEINDIGD, LOPEND, OPEN_AANBOD, type OverdrachtStatus } from './overdracht.model';
import type { OverdrachtConnection, OverdrachtView } from './overdracht.types';
import { auditLees, partnerOrganisatie, viewsVan, viewVan, vtView } from './overdracht.views';

/**
 * Reading overdrachten: VT those of a casus of its region (need-to-know), VT or the addressed partner one by id, and
 * the partner's inbox. Each read is audited with what the answer showed.
 */

export type InboxFilter = 'OPEN' | 'LOPEND' | 'BEEINDIGD';
const INBOX: Readonly<Record<InboxFilter, readonly OverdrachtStatus[]>> = { OPEN: OPEN_AANBOD, LOPEND, BEEINDIGD };

export const overdrachtInzageService = {
  async vanCasus(ctx: RequestContext, casusId: string, velden: string[]): Promise<OverdrachtView[]> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(casusId)) throw nietGevonden('De casus');
    const views = await inRegio(ctx, regio, async (tx) => {
      await laadCasusVoor(ctx, tx, regio, casusId);
      return markeerCasusToegang(tx, ctx, await viewsVan(tx, ctx, await tx.find(OverdrachtEntity, { casusId, vtOrganisatie: regio }, { orderBy: { aangebodenOp: 'desc', id: 'desc' } })));
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
          const o = await tx.findOne(OverdrachtEntity, { id, vtOrganisatie: ctx.actor.organisatie.code, ...casusToegangFilter(ctx, 'casus_id') });
          if (!o) throw await nietToegankelijk(tx, 'overdracht', id, ctx.actor.organisatie.code, 'De overdracht');
          return vtView(tx, ctx, o);
        })
      : await alsPartner(ctx, async (tx) => {
          const o = await tx.findOne(OverdrachtEntity, { id, ontvanger: partnerOrganisatie(ctx) });
          if (!o) throw nietGevonden('De overdracht');
          await ookVtRegio(tx, o.vtOrganisatie);
          return viewVan(tx, ctx, o);
        });
    auditLees(ctx, view, velden);
    return view;
  },

  /** The partner's inbox: open offers (with their deadline), running handovers, or ended ones; newest first. */
  async inbox(ctx: RequestContext, filter: InboxFilter, eerste: number, na: string | undefined, velden: string[]): Promise<OverdrachtConnection> {
    const org = partnerOrganisatie(ctx);
    controleerPaginagrootte(eerste);
    const views = await alsPartner(ctx, async (tx) => {
      const rijen = await tx.find(
        OverdrachtEntity,
        { ontvanger: org, status: { $in: [...INBOX[filter]] }, ...naCursor('aangebodenOp', na) },
        { orderBy: { aangebodenOp: 'desc', id: 'desc' }, limit: eerste + 1 },
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
    });
    for (const v of views.slice(0, eerste)) auditLees(ctx, v, velden);
    return alsConnection(views, eerste, (v) => v.aangebodenOp);
  },
};
