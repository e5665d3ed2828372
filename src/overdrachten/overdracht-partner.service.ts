import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';

import { VerzoekTotOnderzoekEntity } from '../casussen/casus.entity';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer } from '../lib/errors';
import { alsPartner, ookVtRegio } from '../lib/regio';
import { TermijnStatus } from '../termijnen/termijn.entity';
import { MonitoringInputEntity, OverdrachtEntity } from './overdracht.entity';
import { sluitReactietermijn } from './overdracht.intrekken';
import { OverdrachtSoort, OverdrachtStatus } from './overdracht.model';
import { neemStap } from './overdracht.stappen';
import {
  MonitoringInputView,
  type MonitoringInputInvoer,
  type OverdrachtAfrondenInvoer,
  type OverdrachtAfwijzenInvoer,
  type OverdrachtContactInvoer,
  type OverdrachtView,
} from './overdracht.types';
import { auditLees, auditStap, partnerOrganisatie, viewVan } from './overdracht.views';

/**
 * The partner's steps on an overdracht addressed to it: acknowledging, accepting or declining the offer, confirming
 * the contact with the household, reporting the outcome; and answering VT's monitoring questions.
 */

/**
 * One step of the partner on an overdracht addressed to it (neemStap; an end state also records when it ended): the
 * row is locked, so of two users of the partner accepting at once exactly one wins and the other gets AL_BESLIST.
 */
async function partnerStap(
  ctx: RequestContext,
  id: string,
  naar: OverdrachtStatus,
  gebeurtenis: string,
  velden: string[],
  wijzig: (tx: EntityManager, o: OverdrachtEntity, nu: Date) => Promise<void> | void,
): Promise<OverdrachtView> {
  const org = partnerOrganisatie(ctx);
  if (!isUuid(id)) throw nietGevonden('De overdracht');
  const view = await alsPartner(ctx, async (tx) => {
    const o = await tx.findOne(OverdrachtEntity, { id, ontvanger: org }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!o) throw nietGevonden('De overdracht');
    const nu = ctx.clock.now();
    neemStap(o, naar, 'PARTNER', nu);
    // Verified: this partner takes an allowed step on an overdracht addressed to it; it may now touch the region's rows.
    await ookVtRegio(tx, o.vtOrganisatie);
    await wijzig(tx, o, nu);
    await tx.flush();
    // The change record names what changed; the read record what the partner asked to see (gelezenVelden).
    await auditStap(ctx, tx, o, gebeurtenis, ['status']);
    return viewVan(tx, ctx, o);
  });
  auditLees(ctx, view, velden);
  return view;
}

export const overdrachtPartnerService = {
  ontvangen(ctx: RequestContext, id: string, velden: string[]): Promise<OverdrachtView> {
    return partnerStap(ctx, id, OverdrachtStatus.ONTVANGEN, 'OVERDRACHT_ONTVANGEN', velden, (_tx, o, nu) => {
      o.ontvangenOp = nu;
    });
  },

  accepteren(ctx: RequestContext, id: string, velden: string[]): Promise<OverdrachtView> {
    return partnerStap(ctx, id, OverdrachtStatus.GEACCEPTEERD, 'OVERDRACHT_ACCEPTEREN', velden, async (tx, o, nu) => {
      o.besluitOp = nu;
      o.besluitDoor = ctx.actor.sub;
      o.ontvangenOp ??= nu;
      await sluitReactietermijn(tx, o, nu, TermijnStatus.VOLDAAN);
      if (o.soort === OverdrachtSoort.VERZOEK_TOT_ONDERZOEK) await rvdkBesluit(tx, o, 'GEACCEPTEERD', null, nu);
    });
  },

  afwijzen(ctx: RequestContext, invoer: OverdrachtAfwijzenInvoer, velden: string[]): Promise<OverdrachtView> {
    if (!invoer.toelichting.trim()) {
      throw ongeldigeInvoer([{ veld: 'toelichting', code: 'LEEG', melding: 'Licht de afwijzing toe.' }]);
    }
    return partnerStap(
      ctx,
      invoer.overdrachtId,
      OverdrachtStatus.AFGEWEZEN,
      'OVERDRACHT_AFWIJZEN',
      velden,
      async (tx, o, nu) => {
        o.besluitOp = nu;
        o.besluitDoor = ctx.actor.sub;
        o.afwijzingReden = invoer.reden;
        o.afwijzingToelichting = invoer.toelichting;
        await sluitReactietermijn(tx, o, nu, TermijnStatus.VOLDAAN);
        if (o.soort === OverdrachtSoort.VERZOEK_TOT_ONDERZOEK) {
          await rvdkBesluit(tx, o, 'AFGEWEZEN', `${invoer.reden}: ${invoer.toelichting}`, nu);
        }
      },
    );
  },

  contactBevestigen(ctx: RequestContext, invoer: OverdrachtContactInvoer, velden: string[]): Promise<OverdrachtView> {
    const vandaag = ctx.termijnRegels.kalender.lokaleDatum(ctx.clock.now());
    if (invoer.contactOp > vandaag) {
      throw ongeldigeInvoer([
        {
          veld: 'contactOp',
          code: 'DATUM_IN_TOEKOMST',
          melding: 'Het contact kan niet in de toekomst hebben plaatsgevonden.',
        },
      ]);
    }
    return partnerStap(
      ctx,
      invoer.overdrachtId,
      OverdrachtStatus.CONTACT_BEVESTIGD,
      'OVERDRACHT_CONTACT_BEVESTIGEN',
      velden,
      (_tx, o) => {
        if (invoer.contactOp < ctx.termijnRegels.kalender.lokaleDatum(o.aangebodenOp)) {
          throw ongeldigeInvoer([
            {
              veld: 'contactOp',
              code: 'VOOR_AANBOD',
              melding: 'Het contact kan niet vóór het aanbod hebben plaatsgevonden.',
            },
          ]);
        }
        o.contactOp = invoer.contactOp;
        o.contactVtPersoon = invoer.vtPersoon;
        o.contactPartnerPersoon = invoer.partnerPersoon;
      },
    );
  },

  afronden(ctx: RequestContext, invoer: OverdrachtAfrondenInvoer, velden: string[]): Promise<OverdrachtView> {
    return partnerStap(
      ctx,
      invoer.overdrachtId,
      OverdrachtStatus.AFGEROND,
      'OVERDRACHT_AFRONDEN',
      velden,
      (_tx, o, nu) => {
        o.uitkomst = invoer.uitkomst;
        o.uitkomstToelichting = invoer.toelichting;
        o.afgerondOp = nu;
      },
    );
  },

  /** The partner answers VT's monitoring question (its own request only; also after the handover ended). */
  async monitoringInputGeven(ctx: RequestContext, invoer: MonitoringInputInvoer): Promise<MonitoringInputView> {
    const org = partnerOrganisatie(ctx);
    if (!isUuid(invoer.monitoringInputId)) throw nietGevonden('De monitoringvraag');
    return alsPartner(ctx, async (tx) => {
      const m = await tx.findOne(
        MonitoringInputEntity,
        { id: invoer.monitoringInputId, ontvanger: org },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!m) throw nietGevonden('De monitoringvraag');
      if (m.gegevenOp) {
        throw new GraphQLError('Deze monitoringvraag is al beantwoord.', {
          extensions: { code: 'CONFLICT', reden: 'AL_BEANTWOORD' },
        });
      }
      m.gegevenOp = ctx.clock.now();
      m.gegevenDoor = ctx.actor.sub;
      m.veilig = invoer.veilig;
      m.toelichting = invoer.toelichting;
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'MONITORING_INPUT_GEVEN',
        actie: 'C',
        vtOrganisatie: m.vtOrganisatie,
        objectType: 'Overdracht',
        objectId: m.overdrachtId,
        velden: ['veilig', 'toelichting'],
        grondslag: `Overdracht ${m.overdrachtId} (monitoring)`,
      });
      return MonitoringInputView.van(m);
    });
  },
};

/** The RvdK's decision, recorded on the casus' Verzoek tot Onderzoek as well; VT then takes the casus on. */
async function rvdkBesluit(
  tx: EntityManager,
  o: OverdrachtEntity,
  besluit: 'GEACCEPTEERD' | 'AFGEWEZEN',
  reden: string | null,
  nu: Date,
): Promise<void> {
  const v = await tx.findOne(
    VerzoekTotOnderzoekEntity,
    { casusId: o.casusId, besluit: null },
    { orderBy: { ingediendOp: 'desc' } },
  );
  if (v) Object.assign(v, { besluit, besluitReden: reden, besluitOp: nu });
}
