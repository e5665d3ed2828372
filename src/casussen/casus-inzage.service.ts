import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden } from '../lib/errors';
import { alsConnection, controleerPaginagrootte, naCursor, naCursorSql } from '../lib/graphql/paginering';
import { inRegio } from '../lib/regio';
import { casusToegangFilter, casusToegangSql, nietToegankelijk } from '../beleid/casustoegang.sql';
import { leesCasussen } from './casus.lezen';
import { laadCasusVoor } from './casus-toegang';
import { CasusEntity } from './casus.entity';
import { auditCasus, volledigeView } from './casus.view';
import { type CasusConnection, CasusView } from './casus.types';
import type { CasusFase } from './proces';

/**
 * Reading casussen in full. A medewerker reads only the casussen assigned to them or their team, or opened under
 * their own noodtoegang; the condition is part of the SQL (src/beleid/casustoegang.sql.ts), and the row rule checks it
 * again. By default the views are built from one SQL statement (casus.lezen.ts); LEESPAD=entiteiten loads entities.
 */
export const casusInzageService = {
  /** One casus: NOT_FOUND outside the region, FORBIDDEN (NIET_TOEGEWEZEN) for a casus of the region that is not the caller's. */
  async lees(ctx: RequestContext, id: string, velden: string[]): Promise<CasusView> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(id)) throw nietGevonden('De casus');
    const view = await inRegio(ctx, regio, async (tx) => {
      if (ctx.config.leespad === 'entiteiten') return volledigeView(tx, ctx, await laadCasusVoor(ctx, tx, regio, id));
      const toegang = casusToegangSql(ctx, 'id', 'c');
      const [v] = await leesCasussen(
        tx,
        ctx,
        { sql: `c.id = ? and c.vt_organisatie = ? and ${toegang.sql}`, params: [id, regio, ...toegang.params] },
        velden,
        1,
      );
      if (!v) throw await nietToegankelijk(tx, 'casus', id, regio, 'De casus');
      return v;
    });
    auditCasus(ctx, view, velden);
    return view;
  },

  /** A page of the casussen the caller may read, newest first, optionally of one fase. */
  async lijst(
    ctx: RequestContext,
    fase: CasusFase | undefined,
    eerste: number,
    na: string | undefined,
    velden: string[],
  ): Promise<CasusConnection> {
    const regio = vtRegioVan(ctx);
    controleerPaginagrootte(eerste);
    const views = await inRegio(ctx, regio, async (tx) => {
      if (ctx.config.leespad !== 'entiteiten') {
        const cursor = naCursorSql('c.geopend_op', 'c.id', na);
        const toegang = casusToegangSql(ctx, 'id', 'c');
        const w = {
          sql: `c.vt_organisatie = ? and ${fase ? 'c.fase = ?' : 'true'} and ${cursor.sql} and ${toegang.sql}`,
          params: [regio, ...(fase ? [fase] : []), ...cursor.params, ...toegang.params],
        };
        return leesCasussen(tx, ctx, w, velden, eerste + 1, eerste);
      }
      const where = {
        vtOrganisatie: regio,
        ...(fase ? { fase } : {}),
        ...naCursor('geopendOp', na),
        ...casusToegangFilter(ctx, 'id'),
      };
      const rijen = await tx.find(CasusEntity, where, {
        orderBy: { geopendOp: 'desc', id: 'desc' },
        limit: eerste + 1,
      });
      const uit: CasusView[] = [];
      for (const r of rijen) uit.push(r === rijen[eerste] ? CasusView.kaal(r) : await volledigeView(tx, ctx, r));
      return uit;
    });
    for (const v of views.slice(0, eerste)) auditCasus(ctx, v, velden);
    return alsConnection(views, eerste, (v) => v.geopendOp);
  },
};
