import { LockMode } from '@mikro-orm/core';

import { isUuid, type RequestContext } from '../lib/context';
import { geenToegang, nietGevonden, ongeldigeInvoer } from '../lib/errors';
import { inKetenScope, ookVtRegio } from '../lib/regio';
import { controleerStap } from '../lib/werkstroom';
import { TermijnSoort, TermijnStatus } from '../termijnen/termijn.entity';
import { AwareAanvraagEntity } from './aware.entity';
import { AWARE_GRONDSLAG, auditLezen, isCommissie } from './aware.lezen';
import { awareProces, type AwareStatus } from './aware.proces';
import { sluitTermijnen } from './aware.service';
import { AwareAanvraagView, AwareBesluit, type AwareBesluitInvoer } from './aware.types';

/**
 * The indication committee decides on an application submitted to it: grant (for a period of months) or refuse, with
 * reasons. It works in its own scope: row-level security admits only the submitted applications of its organisation,
 * found by its own id; only after the row is found and the step allowed does the transaction also admit the VT
 * region's rows (the decision termijn, the update itself). VT sees the decision in its view and in its termijnen.
 */
export async function awareBesluitNemen(
  ctx: RequestContext,
  invoer: AwareBesluitInvoer,
  velden: string[],
): Promise<AwareAanvraagView> {
  if (!isCommissie(ctx)) throw geenToegang();
  const toekennen = invoer.besluit === AwareBesluit.TOEGEKEND;
  const fouten = [];
  if (!invoer.motivering.trim()) {
    fouten.push({ veld: 'motivering', code: 'LEEG', melding: 'Motiveer het besluit; VT leest de motivering.' });
  }
  if (toekennen && invoer.periodeMaanden == null) {
    fouten.push({ veld: 'periodeMaanden', code: 'VERPLICHT', melding: 'Geef bij toekenning de periode in maanden.' });
  }
  if (!toekennen && invoer.periodeMaanden != null) {
    fouten.push({ veld: 'periodeMaanden', code: 'NIET_BIJ_AFWIJZING', melding: 'Een afwijzing heeft geen periode.' });
  }
  if (fouten.length) throw ongeldigeInvoer(fouten);
  if (!isUuid(invoer.aanvraagId)) throw nietGevonden('De Aware-aanvraag');
  const org = ctx.actor.organisatie.code;
  const nu = ctx.clock.now();
  const view = await inKetenScope(ctx, { partner: org }, async (tx) => {
    const a = await tx.findOne(
      AwareAanvraagEntity,
      { commissieId: invoer.aanvraagId, commissie: org, ingediendOp: { $ne: null } },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!a) throw nietGevonden('De Aware-aanvraag');
    a.status = controleerStap(
      awareProces,
      a.status as AwareStatus,
      toekennen ? 'TOEKENNEN' : 'AFWIJZEN',
      ctx.actor.rol,
    );
    await ookVtRegio(tx, a.vtOrganisatie);
    a.besluit = invoer.besluit;
    a.besluitMotivering = invoer.motivering.trim();
    a.beslotenOp = nu;
    a.beslotenDoor = ctx.actor.sub;
    a.periodeMaanden = toekennen ? invoer.periodeMaanden : null;
    await sluitTermijnen(tx, a.id, [TermijnSoort.AWARE_BESLUIT], TermijnStatus.VOLDAAN, nu);
    await tx.flush();
    await ctx.audit.inTransactie(tx, {
      gebeurtenis: `AWARE_${toekennen ? 'TOEKENNEN' : 'AFWIJZEN'}`,
      actie: 'U',
      vtOrganisatie: a.vtOrganisatie,
      objectType: 'AwareAanvraag',
      objectId: a.id,
      persoonIds: [a.slachtofferId],
      velden: ['besluit', 'besluitMotivering', ...(toekennen ? ['periodeMaanden'] : [])],
      grondslag: AWARE_GRONDSLAG,
    });
    return AwareAanvraagView.van(a, true);
  });
  auditLezen(ctx, view, velden);
  return view;
}
