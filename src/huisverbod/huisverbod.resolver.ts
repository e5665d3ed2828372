import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { gelezenVelden } from '../lib/graphql/gelezen-velden';
import { idempotent, IdempotentieSleutel } from '../lib/idempotentie';
import { huisverbodBesluit } from './huisverbod.besluit';
import { HuisverbodEntity, HuisverbodMeldingEntity } from './huisverbod.entity';
import { huisverbodMeldingService } from './huisverbod.melding';
import { HuisverbodMeldenInvoer, HuisverbodMeldingConnection, HuisverbodMeldingView } from './huisverbod-melding.types';
import { huisverbodLezen } from './huisverbod.lezen';
import { huisverbodService } from './huisverbod.service';
import {
  HuisverbodAdviesInvoer,
  HuisverbodBijwerkenInvoer,
  HuisverbodConnection,
  HuisverbodMonitoringcontactInvoer,
  HuisverbodRegistrerenInvoer,
  HuisverbodVerlengenInvoer,
  HuisverbodView,
} from './huisverbod.types';

@Resolver(() => HuisverbodView)
export class HuisverbodResolver {
  @Query(() => HuisverbodConnection, {
    description:
      'Tijdelijke huisverboden, laatst opgelegd eerst. VT: van de eigen regio (toegewezen casussen). Gemeente (OOV): van de eigen gemeente. Politie: die zij meldde. Partners tot 30 dagen na het einde.',
  })
  huisverboden(
    @Arg('eerste', () => Int, { defaultValue: 20, description: 'Aantal per pagina, 1 tot en met 100.' }) eerste: number,
    @Arg('na', () => String, { nullable: true }) na: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HuisverbodConnection> {
    return huisverbodLezen.lijst(ctx, eerste, na ?? undefined, gelezenVelden(info, ['edges', 'node']));
  }

  @Query(() => HuisverbodView, { description: 'Eén tijdelijk huisverbod.' })
  huisverbod(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HuisverbodView> {
    return huisverbodLezen.lees(ctx, id, gelezenVelden(info));
  }

  @Query(() => HuisverbodMeldingConnection, {
    description:
      'Tijdelijke huisverboden zoals de politie ze meldde, laatst gemeld eerst. VT: die voor de eigen regio (met de gemelde personen), om ze bij een casus te registreren. Politie: de eigen meldingen en of VT ze registreerde.',
  })
  huisverbodMeldingen(
    @Arg('eerste', () => Int, { defaultValue: 20, description: 'Aantal per pagina, 1 tot en met 100.' }) eerste: number,
    @Arg('na', () => String, { nullable: true }) na: string | undefined,
    @Arg('alleenOpen', () => Boolean, {
      defaultValue: false,
      description: 'Alleen meldingen die VT nog niet registreerde.',
    })
    alleenOpen: boolean,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HuisverbodMeldingConnection> {
    return huisverbodMeldingService.lijst(
      ctx,
      eerste,
      na ?? undefined,
      alleenOpen,
      gelezenVelden(info, ['edges', 'node']),
    );
  }

  @Mutation(() => HuisverbodMeldingView, {
    description:
      'De politie meldt een tijdelijk huisverbod dat de burgemeester oplegde, bij de Veilig Thuis-regio van de gemeente; VT registreert het bij een casus (huisverbodRegistreren met meldingId), daarna volgt de politie de stand via huisverboden. Veilig te herhalen met een idempotentieSleutel.',
  })
  huisverbodMelden(
    @Arg('invoer', () => HuisverbodMeldenInvoer) invoer: HuisverbodMeldenInvoer,
    @IdempotentieSleutel() sleutel: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HuisverbodMeldingView> {
    const velden = gelezenVelden(info);
    return idempotent(
      ctx,
      info,
      sleutel,
      { invoer },
      {
        entiteit: HuisverbodMeldingEntity,
        maak: () => huisverbodMeldingService.melden(ctx, invoer, velden),
        lees: (id) => huisverbodMeldingService.lees(ctx, id, velden),
        id: (v) => v.id,
      },
    );
  }

  @Mutation(() => HuisverbodView, {
    description:
      'VT registreert een huisverbod dat de burgemeester oplegde (gemeld door de politie) bij de casus; de termijnen (advies dag 8, veiligheidsplan vóór het einde, monitoring na 3, 12 en 18 maanden) gaan open. Veilig te herhalen met een idempotentieSleutel.',
  })
  huisverbodRegistreren(
    @Arg('invoer', () => HuisverbodRegistrerenInvoer) invoer: HuisverbodRegistrerenInvoer,
    @IdempotentieSleutel() sleutel: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HuisverbodView> {
    const velden = gelezenVelden(info);
    return idempotent(
      ctx,
      info,
      sleutel,
      { invoer },
      {
        entiteit: HuisverbodEntity,
        maak: () => huisverbodService.registreren(ctx, invoer, velden),
        lees: (id) => huisverbodLezen.lees(ctx, id, velden),
        id: (v) => v.id,
      },
    );
  }

  @Mutation(() => HuisverbodView, {
    description:
      'VT legt het werk tijdens het huisverbod vast: gesprekken, informatie van derden, het veiligheidsplan.',
  })
  huisverbodBijwerken(
    @Arg('invoer', () => HuisverbodBijwerkenInvoer) invoer: HuisverbodBijwerkenInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HuisverbodView> {
    return huisverbodService.bijwerken(ctx, invoer, gelezenVelden(info));
  }

  @Mutation(() => HuisverbodView, {
    description:
      'VT adviseert de burgemeester over verlenging (rond dag 8); de gemeente (OOV) hoort het via een gebeurtenis.',
  })
  huisverbodAdviseren(
    @Arg('invoer', () => HuisverbodAdviesInvoer) invoer: HuisverbodAdviesInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HuisverbodView> {
    return huisverbodService.adviseren(ctx, invoer, gelezenVelden(info));
  }

  @Mutation(() => HuisverbodView, {
    description:
      'De burgemeester verlengt het huisverbod (één keer, tot uiterlijk 28 dagen na het opleggen); VT legt het besluit vast als de gemeente niet via Ketenpoort werkt.',
  })
  huisverbodVerlengen(
    @Arg('invoer', () => HuisverbodVerlengenInvoer) invoer: HuisverbodVerlengenInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HuisverbodView> {
    return huisverbodBesluit.verlengen(ctx, invoer, gelezenVelden(info));
  }

  @Mutation(() => HuisverbodView, {
    description:
      'De burgemeester trekt het huisverbod in (bijvoorbeeld als de hulp is aanvaard); of VT legt dat besluit vast.',
  })
  huisverbodIntrekken(
    @Arg('huisverbodId', () => ID) huisverbodId: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HuisverbodView> {
    return huisverbodBesluit.intrekken(ctx, huisverbodId, gelezenVelden(info));
  }

  @Mutation(() => HuisverbodView, {
    description:
      'VT legt een monitoringcontact na het huisverbod vast; het voldoet het vroegste open moment (3, 12, 18 maanden).',
  })
  huisverbodMonitoringcontactVastleggen(
    @Arg('invoer', () => HuisverbodMonitoringcontactInvoer) invoer: HuisverbodMonitoringcontactInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HuisverbodView> {
    return huisverbodService.monitoringcontactVastleggen(ctx, invoer, gelezenVelden(info));
  }
}
