import type { RequestContext } from '../lib/context';
import { naCursorSql } from '../lib/graphql/paginering';
import { entiteitVorm } from '../lib/lezen';
import { leesInScopes } from '../lib/regio';
import { OverdrachtEntity } from './overdracht.entity';
import { LOPEND, OverdrachtSoort, type OverdrachtStatus } from './overdracht.model';
import type { OverdrachtView } from './overdracht.types';
import { bijlagenSql, bijlagenUitRij, bouwViews, metInhoudVoor, type BijlagenRij } from './overdracht.views';

/**
 * A partner's inbox page in one round trip (issue 14: it took five, BEGIN with the partner's scope, the page, the
 * region's scope, the content, COMMIT, and each cost more than its work on two shared cores).
 *
 * The two reads keep their scopes (`leesInScopes`): the page under the partner's own scope only, as in the transaction,
 * so row-level security admits no overdracht but the partner's; then, under the partner's scope and its region's, the
 * content of that page. The region must be known before the query is sent: it is the partner organisation's region when
 * it is linked to exactly one (a wijkteam, a school). The content read takes the page again (it cannot see the first
 * read's rows) and returns what it took; the answer is used only when that page is the first read's, row for row (same
 * overdrachten, same states) and every overdracht is of that region. Otherwise (a handover from another region, a page
 * that changed between the reads, a partner of several regions) it returns null, and the caller reads the page the
 * general way. The views are built by the rules of `viewsVan`, from the first read's rows.
 */

/**
 * Overdracht rows satisfying `voorwaarde` (alias `o`) as `to_jsonb`, newest first, with `limiet` at most `?` rows: the
 * statement of every overdracht read as rows (here and overdracht-inzage.service.ts), so each is one prepared text.
 */
export function overdrachtPaginaSql(voorwaarde: string, limiet = true): string {
  return `select to_jsonb(o) as o from overdracht o where ${voorwaarde} order by o.aangeboden_op desc, o.id desc${limiet ? ' limit ?' : ''}`;
}

interface PaginaRij {
  id: string;
  status: OverdrachtStatus;
  vt: string;
}

export async function inboxInEenRonde(
  ctx: RequestContext,
  org: string,
  statussen: readonly OverdrachtStatus[],
  limiet: number,
  na: string | undefined,
): Promise<OverdrachtView[] | null> {
  const regios = ctx.actor.organisatie.regioCodes;
  if (regios.length !== 1) return null;
  const [regio] = regios;
  const cursor = naCursorSql('o.aangeboden_op', 'o.id', na);
  const voorwaarde = `o.ontvanger = ? and o.status = any(?::text[]) and ${cursor.sql}`;
  const paginaParams = [org, `{${statussen.join(',')}}`, ...cursor.params, limiet];
  const inhoud = `
    with o as (select o.* from overdracht o where ${voorwaarde} order by o.aangeboden_op desc, o.id desc limit ?),
         inhoud as (select * from o where o.vt_organisatie = ? and o.status = any(?::text[]))
    select (select json_agg(json_build_object('id', o.id, 'status', o.status, 'vt', o.vt_organisatie)
                            order by o.aangeboden_op desc, o.id desc) from o) as pagina,
           bijlagen.*
      from (${bijlagenSql({
        volledig: 'exists (select 1 from inhoud where cardinality(inhoud.persoon_ids) > 0)',
        personen: 'array(select unnest(o.persoon_ids) from o)',
        regio: '?',
        casussen: 'array(select inhoud.casus_id from inhoud)',
        inhoudPersonen: 'array(select unnest(inhoud.persoon_ids) from inhoud)',
        afsprakenCasussen: 'array(select inhoud.casus_id from inhoud where inhoud.met_veiligheidsafspraken)',
        verzoekCasussen: 'array(select inhoud.casus_id from inhoud where inhoud.soort = ?)',
        overdrachten: 'array(select o.id from o)',
      })}) bijlagen`;
  const [paginaRijen, inhoudRijen] = await leesInScopes(ctx, [
    { scope: { partner: org }, sql: overdrachtPaginaSql(voorwaarde), params: paginaParams },
    {
      scope: { partner: org, vtOrganisatie: regio },
      sql: inhoud,
      params: [...paginaParams, regio, `{${LOPEND.join(',')}}`, regio, OverdrachtSoort.VERZOEK_TOT_ONDERZOEK],
    },
  ]);
  const rijen = (paginaRijen as { o: Record<string, unknown> }[]).map((r) =>
    entiteitVorm(ctx.em, OverdrachtEntity, r.o),
  );
  const b = (inhoudRijen as (BijlagenRij & { pagina: PaginaRij[] | null })[])[0];
  const pagina = b.pagina ?? [];
  const dezelfde =
    pagina.length === rijen.length &&
    rijen.every((o, i) => o.id === pagina[i].id && o.status === pagina[i].status && o.vtOrganisatie === regio);
  if (!dezelfde) return null;
  return bouwViews(ctx, rijen, metInhoudVoor(ctx, rijen), bijlagenUitRij(ctx.em, b));
}
