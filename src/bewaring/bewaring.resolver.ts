import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { DatumScalar } from '../lib/scalars';
import { TekstScalar } from '../lib/tekst';
import { BewaringStatus } from './bewaring.proces';
import { bewaringService } from './bewaring.service';
import { BewaringView, MaatregelUitkomst, VroegtijdigVerzoeker } from './bewaring.types';

@Resolver(() => BewaringView)
export class BewaringResolver {
  @Query(() => BewaringView, {
    description:
      'De bewaring van het dossier van een casus: vernietigingsdatum, gronden (20 jaar na afsluiten, jongste kind 18, maatregel, legal hold) en stand.',
  })
  bewaring(@Arg('casusId', () => ID) casusId: string, @Ctx() ctx: RequestContext): Promise<BewaringView> {
    return bewaringService.lees(ctx, casusId);
  }

  @Query(() => [BewaringView], {
    description:
      'De dossiers van de regio in de bewaring, per stand: TE_BEOORDELEN is de lijst van de beoordelingsjob; VERNIETIGD de tombstones.',
  })
  bewaringen(
    @Arg('status', () => BewaringStatus, { nullable: true }) status: BewaringStatus | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<BewaringView[]> {
    return bewaringService.lijst(ctx, status ?? undefined);
  }

  @Mutation(() => BewaringView, {
    description: 'De privacy officer zet een legal hold op het dossier, met reden: het wordt niet vernietigd.',
  })
  legalHoldZetten(
    @Arg('casusId', () => ID) casusId: string,
    @Arg('reden', () => TekstScalar) reden: string,
    @Ctx() ctx: RequestContext,
  ): Promise<BewaringView> {
    return bewaringService.legalHold(ctx, casusId, true, reden);
  }

  @Mutation(() => BewaringView, { description: 'De privacy officer heft de legal hold op, met reden.' })
  legalHoldOpheffen(
    @Arg('casusId', () => ID) casusId: string,
    @Arg('reden', () => TekstScalar) reden: string,
    @Ctx() ctx: RequestContext,
  ): Promise<BewaringView> {
    return bewaringService.legalHold(ctx, casusId, false, reden);
  }

  @Mutation(() => BewaringView, {
    description:
      'Legt vast dat de kinderbeschermingsmaatregel die het dossier hield is geëindigd (of niet is opgelegd): de vernietigingsdatum wordt het latere van de gewone datum en dat einde.',
  })
  maatregelEindeVastleggen(
    @Arg('casusId', () => ID) casusId: string,
    @Arg('einde', () => DatumScalar) einde: string,
    @Arg('uitkomst', () => MaatregelUitkomst) uitkomst: MaatregelUitkomst,
    @Ctx() ctx: RequestContext,
  ): Promise<BewaringView> {
    return bewaringService.maatregelEinde(ctx, casusId, einde, uitkomst);
  }

  @Mutation(() => BewaringView, {
    description:
      'De privacy officer stelt vernietiging voor: na de beoordeling (TE_BEOORDELEN), of vroegtijdig op verzoek van een ouder of de jongere (vanaf 12), niet vóór het jongste kind 18 is. Een ander keurt goed.',
  })
  vernietigingVoorstellen(
    @Arg('casusId', () => ID) casusId: string,
    @Arg('motivering', () => TekstScalar) motivering: string,
    @Arg('vroegtijdigVerzoeker', () => VroegtijdigVerzoeker, { nullable: true })
    vroegtijdigVerzoeker: VroegtijdigVerzoeker | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<BewaringView> {
    return bewaringService.voorstellen(ctx, casusId, motivering, vroegtijdigVerzoeker ?? undefined);
  }

  @Mutation(() => BewaringView, {
    description:
      'De beoordeling bewaart het dossier toch, met reden, tot uitgesteldTot (standaard een jaar); daarna biedt de job het opnieuw aan.',
  })
  vernietigingAfwijzen(
    @Arg('casusId', () => ID) casusId: string,
    @Arg('motivering', () => TekstScalar) motivering: string,
    @Arg('uitgesteldTot', () => DatumScalar, { nullable: true }) uitgesteldTot: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<BewaringView> {
    return bewaringService.afwijzen(ctx, casusId, motivering, uitgesteldTot ?? undefined);
  }

  @Mutation(() => BewaringView, {
    description:
      'Een tweede privacy officer of de teamleider keurt de voorgestelde vernietiging goed; het dossier wordt meteen vernietigd. Geeft de tombstone.',
  })
  vernietigingGoedkeuren(@Arg('casusId', () => ID) casusId: string, @Ctx() ctx: RequestContext): Promise<BewaringView> {
    return bewaringService.goedkeuren(ctx, casusId);
  }
}
