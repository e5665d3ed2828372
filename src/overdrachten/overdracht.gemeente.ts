import type { EntityManager } from '@mikro-orm/postgresql';

import type { VerzoekTotOnderzoekEntity } from '../casussen/casus.entity';
import { GebeurtenisType, schrijfGebeurtenis } from '../gebeurtenissen/outbox';
import type { RequestContext } from '../lib/context';
import { geenToegang } from '../lib/errors';
import { alsConnection, controleerPaginagrootte, naCursor } from '../lib/graphql/paginering';
import { alsPartner } from '../lib/regio';
import { type OverdrachtEntity, VerzoekTotOnderzoekMeldingEntity } from './overdracht.entity';
import { type VerzoekTotOnderzoekMeldingConnection, VerzoekTotOnderzoekMeldingView } from './overdracht.types';

/**
 * The college (gemeente) is told that VT made a Verzoek tot Onderzoek for a household of the gemeente (Wmo 2015
 * art. 4.1.1 lid 1 sub f), and nothing else: no persons, no content, and not the overdracht's id. The notification is
 * a row of its own with its own id (stable: the gemeente sees the same id in its event and in every later read), so
 * the gemeente holds nothing it could match against what the Raad, VT or anyone else holds about the overdracht.
 */

/** Inside VT's offer transaction: records the notification and tells the gemeente's systems (outbox, own id). */
export async function informeerCollege(
  tx: EntityManager,
  o: OverdrachtEntity,
  gemeente: string,
  verzoek: VerzoekTotOnderzoekEntity,
  nu: Date,
): Promise<void> {
  verzoek.collegeGeinformeerdOp = nu;
  const melding = tx.create(VerzoekTotOnderzoekMeldingEntity, {
    gemeente,
    vtOrganisatie: o.vtOrganisatie,
    overdrachtId: o.id,
    gedaanOp: nu,
  });
  await tx.flush();
  await schrijfGebeurtenis(tx, {
    ontvanger: gemeente,
    type: GebeurtenisType.VERZOEK_TOT_ONDERZOEK_GEDAAN,
    objectType: 'VerzoekTotOnderzoekMelding',
    objectId: melding.id,
    vtOrganisatie: o.vtOrganisatie,
    casusId: o.casusId,
    op: nu,
  });
}

/** The college's reads of its notifications. */
export const collegeMeldingService = {
  /** The notifications for the caller's gemeente, newest first: that a verzoek was made, by whom, and when. */
  async lijst(
    ctx: RequestContext,
    eerste: number,
    na: string | undefined,
  ): Promise<VerzoekTotOnderzoekMeldingConnection> {
    if (ctx.actor.organisatie.soort !== 'GEMEENTE') throw geenToegang();
    const org = ctx.actor.organisatie.code;
    controleerPaginagrootte(eerste);
    // Only this table: the gemeente has no access to overdracht rows at all (row-level security, migration 17).
    const rijen = await alsPartner(ctx, (tx) =>
      tx.find(
        VerzoekTotOnderzoekMeldingEntity,
        { gemeente: org, ...naCursor('gedaanOp', na) },
        { orderBy: { gedaanOp: 'desc', id: 'desc' }, limit: eerste + 1 },
      ),
    );
    const views = rijen.map((m) =>
      Object.assign(new VerzoekTotOnderzoekMeldingView(), {
        id: m.id,
        vtOrganisatie: m.vtOrganisatie,
        gedaanOp: m.gedaanOp,
        organisatie: m.gemeente,
      }),
    );
    return alsConnection(views, eerste, (v) => v.gedaanOp);
  },
};
