import { auditSysteemwerk } from '../audit/systeem-audit';
import { GebeurtenisType, schrijfGebeurtenis } from '../gebeurtenissen/outbox';
import { zetKetenScope } from '../lib/regio';
import { NotificatieSoort, TermijnSoort, type TermijnEntity } from '../termijnen/termijn.entity';
import type { TermijnActie } from '../termijnen/termijn-acties';
import { HERINNER_JOB } from '../termijnen/termijn.service';
import { laatVerlopen } from './overdracht-einde.service';
import { MonitoringInputEntity, OverdrachtEntity } from './overdracht.entity';
import { OPEN_AANBOD, OverdrachtStatus } from './overdracht.model';

/**
 * The partner's response termijn. Reminder: the partner's system is told too (the VT worker got the notification).
 * Escalation (the deadline passed unanswered): the offer expires (laatVerlopen, overdracht-einde.service.ts).
 */
export const overdrachtReactieActie: TermijnActie = {
  soorten: [TermijnSoort.OVERDRACHT_REACTIE],
  bij: [NotificatieSoort.HERINNERING, NotificatieSoort.ESCALATIE],
  async uitvoeren(deps, tx, termijn, soort) {
    if (!termijn.overdrachtId) return;
    // The worker acts for the system: it may see the rows of the termijn's own region, nothing else.
    await zetKetenScope(tx, { vtOrganisatie: termijn.vtOrganisatie });
    const o = await tx.findOne(OverdrachtEntity, { id: termijn.overdrachtId, vtOrganisatie: termijn.vtOrganisatie });
    if (!o || !OPEN_AANBOD.includes(o.status)) return;
    const nu = deps.clock.now();
    if (soort === NotificatieSoort.HERINNERING) {
      await schrijfGebeurtenis(tx, {
        ontvanger: o.ontvanger,
        type: GebeurtenisType.OVERDRACHT_HERINNERING,
        objectType: 'Overdracht',
        objectId: o.id,
        vtOrganisatie: o.vtOrganisatie,
        casusId: o.casusId,
        op: nu,
      });
      await auditSysteemwerk(tx, deps, HERINNER_JOB, [
        {
          gebeurtenis: 'OVERDRACHT_HERINNEREN',
          actie: 'E',
          vtOrganisatie: o.vtOrganisatie,
          objectType: 'Overdracht',
          objectId: o.id,
          velden: ['herinnering'],
          grondslag: `Overdracht ${o.id} (${o.grondslag}): reactietermijn`,
        },
      ]);
      return;
    }
    await laatVerlopen(deps, tx, o, termijn, nu);
  },
};

/**
 * VT's monitoring moments (3 and 12 months): when the reminder goes out, every partner that took the casus over
 * (contact confirmed, running or completed) is asked for its input through the gateway.
 */
export const monitoringInputActie: TermijnActie = {
  soorten: [TermijnSoort.MONITORING_3_MAANDEN, TermijnSoort.MONITORING_12_MAANDEN, TermijnSoort.MONITORING_18_MAANDEN],
  bij: [NotificatieSoort.HERINNERING],
  async uitvoeren(deps, tx, termijn: TermijnEntity) {
    // The worker acts for the system: it may see the rows of the termijn's own region, nothing else.
    await zetKetenScope(tx, { vtOrganisatie: termijn.vtOrganisatie });
    const overgenomen = await tx.find(OverdrachtEntity, {
      casusId: termijn.casusId,
      vtOrganisatie: termijn.vtOrganisatie,
      status: { $in: [OverdrachtStatus.CONTACT_BEVESTIGD, OverdrachtStatus.AFGEROND] },
    });
    const nu = deps.clock.now();
    for (const o of overgenomen) {
      const m = tx.create(MonitoringInputEntity, {
        overdrachtId: o.id,
        vtOrganisatie: o.vtOrganisatie,
        ontvanger: o.ontvanger,
        termijnId: termijn.id,
        gevraagdOp: nu,
      });
      await tx.flush();
      await schrijfGebeurtenis(tx, {
        ontvanger: o.ontvanger,
        type: GebeurtenisType.MONITORING_INPUT_GEVRAAGD,
        objectType: 'MonitoringInput',
        objectId: m.id,
        vtOrganisatie: o.vtOrganisatie,
        casusId: o.casusId,
        op: nu,
      });
      await auditSysteemwerk(tx, deps, HERINNER_JOB, [
        {
          gebeurtenis: 'MONITORING_INPUT_VRAGEN',
          actie: 'C',
          vtOrganisatie: o.vtOrganisatie,
          objectType: 'Overdracht',
          objectId: o.id,
          velden: ['monitoringInput'],
          grondslag: `Overdracht ${o.id} (monitoring)`,
        },
      ]);
    }
  },
};
