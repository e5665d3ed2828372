import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Query, registerEnumType, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { gelezenVelden } from '../lib/graphql/gelezen-velden';
import { idempotent, IdempotentieSleutel } from '../lib/idempotentie';
import { OverdrachtEntity } from './overdracht.entity';
import { melderTerugkoppeling } from './melder-terugkoppeling';
import { collegeMeldingService } from './overdracht.gemeente';
import { IntrekkingReden } from './overdracht.model';
import { overdrachtAanbodService } from './overdracht-aanbod.service';
import { overdrachtInzageService } from './overdracht-inzage.service';
import { overdrachtPartnerService } from './overdracht-partner.service';
import {
  MonitoringInputInvoer,
  MonitoringInputView,
  OverdrachtAanbiedenInvoer,
  OverdrachtAfrondenInvoer,
  OverdrachtAfwijzenInvoer,
  OverdrachtConnection,
  OverdrachtContactInvoer,
  OverdrachtView,
  MelderTerugkoppelingView,
  VerzoekTotOnderzoekMeldingConnection,
} from './overdracht.types';
import { TekstScalar } from '../lib/tekst';

export enum OverdrachtInboxFilter {
  /** Offers waiting for an answer, with their deadline. */
  OPEN = 'OPEN',
  /** Accepted and running (contact confirmed or not yet). */
  LOPEND = 'LOPEND',
  /** Declined, expired, withdrawn or completed: only the partner's own answer and outcome remain. */
  BEEINDIGD = 'BEEINDIGD',
}
registerEnumType(OverdrachtInboxFilter, { name: 'OverdrachtInboxFilter' });

@Resolver(() => OverdrachtView)
export class OverdrachtResolver {
  // ---------------------------------------------------------------- VT

  @Query(() => [OverdrachtView], { description: 'De overdrachten van een casus van de eigen regio, nieuwste eerst.' })
  overdrachten(
    @Arg('casusId', () => ID) casusId: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OverdrachtView[]> {
    return overdrachtInzageService.vanCasus(ctx, casusId, gelezenVelden(info));
  }

  @Mutation(() => OverdrachtView, {
    description:
      'Biedt een casus, of een deel ervan, aan een ketenpartner aan; met grondslag en reactietermijn. Veilig te herhalen met een idempotentieSleutel.',
  })
  overdrachtAanbieden(
    @Arg('invoer', () => OverdrachtAanbiedenInvoer) invoer: OverdrachtAanbiedenInvoer,
    @IdempotentieSleutel() sleutel: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OverdrachtView> {
    const velden = gelezenVelden(info);
    return idempotent(
      ctx,
      info,
      sleutel,
      { invoer },
      {
        entiteit: OverdrachtEntity,
        maak: () => overdrachtAanbodService.aanbieden(ctx, invoer, velden),
        lees: (id) => overdrachtInzageService.lees(ctx, id, velden),
        id: (o) => o.id,
      },
    );
  }

  @Mutation(() => OverdrachtView, {
    description:
      'Trekt een aanbod of lopende overdracht in; de partner verliest de toegang en hoort alleen de redencode.',
  })
  overdrachtIntrekken(
    @Arg('overdrachtId', () => ID) overdrachtId: string,
    @Arg('reden', () => IntrekkingReden, {
      description: 'Wat de partner hoort. CASUS_AFGESLOTEN en ORGANISATIE_GEDEACTIVEERD zet Ketenpoort zelf.',
    })
    reden: IntrekkingReden,
    @Arg('toelichting', () => TekstScalar, {
      nullable: true,
      description: 'Alleen voor Veilig Thuis (de partner ziet dit nooit); verplicht bij ANDERS.',
    })
    toelichting: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OverdrachtView> {
    return overdrachtAanbodService.intrekken(ctx, overdrachtId, reden, toelichting ?? null, gelezenVelden(info));
  }

  @Query(() => MelderTerugkoppelingView, {
    description: 'De terugkoppeling aan de melder na 10 weken: welke partner(s) het overnamen.',
  })
  melderTerugkoppeling(
    @Arg('meldingId', () => ID) meldingId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<MelderTerugkoppelingView> {
    return melderTerugkoppeling(ctx, meldingId);
  }

  // ---------------------------------------------------------------- VT or the addressed partner

  @Query(() => OverdrachtView, {
    description: 'Eén overdracht: voor VT van de regio, of voor de partner aan wie zij gericht is.',
  })
  overdracht(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OverdrachtView> {
    return overdrachtInzageService.lees(ctx, id, gelezenVelden(info));
  }

  // ---------------------------------------------------------------- partner

  @Query(() => OverdrachtConnection, {
    description: 'Het postvak van de partner: open aanbiedingen met hun termijn, lopende of beëindigde overdrachten.',
  })
  overdrachtInbox(
    @Arg('filter', () => OverdrachtInboxFilter, { defaultValue: OverdrachtInboxFilter.OPEN })
    filter: OverdrachtInboxFilter,
    @Arg('eerste', () => Int, { defaultValue: 20, description: 'Aantal per pagina, 1 tot en met 100.' }) eerste: number,
    @Arg('na', () => String, { nullable: true }) na: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OverdrachtConnection> {
    return overdrachtInzageService.inbox(ctx, filter, eerste, na, gelezenVelden(info, ['edges', 'node']));
  }

  @Mutation(() => OverdrachtView, { description: 'De partner bevestigt dat het aanbod binnen is.' })
  overdrachtOntvangen(
    @Arg('overdrachtId', () => ID) overdrachtId: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OverdrachtView> {
    return overdrachtPartnerService.ontvangen(ctx, overdrachtId, gelezenVelden(info));
  }

  @Mutation(() => OverdrachtView, {
    description: 'De partner accepteert; bij twee gelijktijdige acceptaties wint er precies één.',
  })
  overdrachtAccepteren(
    @Arg('overdrachtId', () => ID) overdrachtId: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OverdrachtView> {
    return overdrachtPartnerService.accepteren(ctx, overdrachtId, gelezenVelden(info));
  }

  @Mutation(() => OverdrachtView, {
    description: 'De partner wijst af, met redencode en toelichting; de casus gaat terug naar VT.',
  })
  overdrachtAfwijzen(
    @Arg('invoer', () => OverdrachtAfwijzenInvoer) invoer: OverdrachtAfwijzenInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OverdrachtView> {
    return overdrachtPartnerService.afwijzen(ctx, invoer, gelezenVelden(info));
  }

  @Mutation(() => OverdrachtView, {
    description: 'Het persoonlijke contact tussen VT en partner heeft plaatsgevonden (datum, beide personen).',
  })
  overdrachtContactBevestigen(
    @Arg('invoer', () => OverdrachtContactInvoer) invoer: OverdrachtContactInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OverdrachtView> {
    return overdrachtPartnerService.contactBevestigen(ctx, invoer, gelezenVelden(info));
  }

  @Mutation(() => OverdrachtView, {
    description: 'De partner rondt af en meldt de uitkomst terug aan VT (gesloten lus).',
  })
  overdrachtAfronden(
    @Arg('invoer', () => OverdrachtAfrondenInvoer) invoer: OverdrachtAfrondenInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OverdrachtView> {
    return overdrachtPartnerService.afronden(ctx, invoer, gelezenVelden(info));
  }

  @Mutation(() => MonitoringInputView, {
    description: 'De partner beantwoordt de monitoringvraag van VT (3 of 12 maanden na de start van het vervolg).',
  })
  monitoringInputGeven(
    @Arg('invoer', () => MonitoringInputInvoer) invoer: MonitoringInputInvoer,
    @Ctx() ctx: RequestContext,
  ): Promise<MonitoringInputView> {
    return overdrachtPartnerService.monitoringInputGeven(ctx, invoer);
  }

  // ---------------------------------------------------------------- gemeente

  @Query(() => VerzoekTotOnderzoekMeldingConnection, {
    description:
      'Voor het college: de Verzoeken tot Onderzoek die VT deed voor huishoudens in de gemeente (alleen dat, en wanneer).',
  })
  verzoekenTotOnderzoekGemeld(
    @Arg('eerste', () => Int, { defaultValue: 20 }) eerste: number,
    @Arg('na', () => String, { nullable: true }) na: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<VerzoekTotOnderzoekMeldingConnection> {
    return collegeMeldingService.lijst(ctx, eerste, na);
  }
}
