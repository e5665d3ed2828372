import { auditSysteemwerk } from '../audit/systeem-audit';
import { GebeurtenisType, schrijfGebeurtenis } from '../gebeurtenissen/outbox';
import { zetKetenScope } from '../lib/regio';
import { NotificatieSoort, TermijnSoort } from '../termijnen/termijn.entity';
import type { TermijnActie } from '../termijnen/termijn-acties';
import { ESCALEER_JOB, HERINNER_JOB } from '../termijnen/termijn.service';
import { AwareAanvraagEntity } from './aware.entity';
import { AwareStatus } from './aware.proces';

/**
 * The committee's decision termijn. VT's worker gets the reminder and, when it passes, the teamleider the escalation
 * (the termijn jobs); the committee itself is reminded too, through its event stream (by its own id, "that, not
 * what"), on both occasions, as long as it has not decided.
 */
export const awareBesluitActie: TermijnActie = {
  soorten: [TermijnSoort.AWARE_BESLUIT],
  bij: [NotificatieSoort.HERINNERING, NotificatieSoort.ESCALATIE],
  async uitvoeren(deps, tx, termijn, soort) {
    if (!termijn.awareAanvraagId) return;
    // The worker acts for the system: it may see the rows of the termijn's own region, nothing else.
    await zetKetenScope(tx, { vtOrganisatie: termijn.vtOrganisatie });
    const a = await tx.findOne(AwareAanvraagEntity, {
      id: termijn.awareAanvraagId,
      vtOrganisatie: termijn.vtOrganisatie,
    });
    if (!a || a.status !== String(AwareStatus.IN_BEHANDELING_COMMISSIE)) return;
    await schrijfGebeurtenis(tx, {
      ontvanger: a.commissie,
      type: GebeurtenisType.AWARE_BESLUIT_HERINNERING,
      objectType: 'AwareAanvraag',
      objectId: a.commissieId,
      vtOrganisatie: a.vtOrganisatie,
      casusId: a.casusId,
      op: deps.clock.now(),
    });
    await auditSysteemwerk(tx, deps, soort === NotificatieSoort.HERINNERING ? HERINNER_JOB : ESCALEER_JOB, [
      {
        gebeurtenis: 'AWARE_BESLUIT_HERINNEREN',
        actie: 'E',
        vtOrganisatie: a.vtOrganisatie,
        objectType: 'AwareAanvraag',
        objectId: a.id,
        velden: [soort === NotificatieSoort.HERINNERING ? 'herinnering' : 'escalatie'],
        grondslag: `Aware-aanvraag ${a.id}: besluittermijn van de indicatiecommissie`,
      },
    ]);
  },
};
