import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import {
  IssuerBindingInvoer,
  IssuerInstellingen,
  OrganisatieFilter,
  OrganisatieRegistratie,
  OrganisatieWijziging,
} from './beheer.inputs';
import {
  BeheerOrganisatieConnection,
  BeheerOrganisatieView,
  BeheerWebhookEndpointView,
  IssuerBindingView,
  IssuerConnection,
  IssuerView,
  OrganisatieDeactiveringView,
} from './beheer.types';
import { issuerBeheerService } from './issuer-beheer.service';
import { organisatieBeheerService } from './organisatie-beheer.service';
import { organisatieDeactiverenService } from './organisatie.deactiveren';
import { TekstRegelScalar } from '../lib/tekst';

/** Functioneel beheer: organisations, their issuers and their webhook endpoints' owner state (issue 11, point 3). */
@Resolver()
export class BeheerResolver {
  @Query(() => BeheerOrganisatieConnection, {
    description: 'De organisaties die u beheert (VT-beheer: de ketenpartners van de eigen regio), op code.',
  })
  beheerOrganisaties(
    @Arg('filter', () => OrganisatieFilter, { nullable: true }) filter: OrganisatieFilter | undefined,
    @Arg('eerste', () => Int, { defaultValue: 50 }) eerste: number,
    @Arg('na', () => String, { nullable: true }) na: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<BeheerOrganisatieConnection> {
    return organisatieBeheerService.lijst(ctx, filter ?? {}, eerste, na ?? undefined);
  }

  @Query(() => BeheerOrganisatieView, {
    description: 'Eén organisatie die u beheert, met haar issuers en webhook-endpoints.',
  })
  beheerOrganisatie(
    @Arg('code', () => TekstRegelScalar) code: string,
    @Ctx() ctx: RequestContext,
  ): Promise<BeheerOrganisatieView> {
    return organisatieBeheerService.lees(ctx, code);
  }

  @Query(() => IssuerConnection, {
    description:
      'De issuers die u beheert (VT-beheer: die alleen voor ketenpartners van de eigen regio spreken), op URL.',
  })
  issuers(
    @Arg('eerste', () => Int, { defaultValue: 50 }) eerste: number,
    @Arg('na', () => String, { nullable: true }) na: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<IssuerConnection> {
    return issuerBeheerService.lijst(ctx, eerste, na ?? undefined);
  }

  @Query(() => IssuerView, { description: 'Eén issuer die u beheert, met zijn bindingen.' })
  issuer(@Arg('issuer', () => TekstRegelScalar) issuer: string, @Ctx() ctx: RequestContext): Promise<IssuerView> {
    return issuerBeheerService.lees(ctx, issuer);
  }

  @Mutation(() => BeheerOrganisatieView, {
    description: 'Registreert een ketenpartner (of, landelijk, een landelijke organisatie).',
  })
  organisatieRegistreren(
    @Arg('invoer', () => OrganisatieRegistratie) invoer: OrganisatieRegistratie,
    @Ctx() ctx: RequestContext,
  ): Promise<BeheerOrganisatieView> {
    return organisatieBeheerService.registreer(ctx, invoer);
  }

  @Mutation(() => BeheerOrganisatieView, {
    description: 'Wijzigt naam, regio’s, BRIN, schoolvakantieregio of CBS-code.',
  })
  organisatieWijzigen(
    @Arg('code', () => TekstRegelScalar) code: string,
    @Arg('invoer', () => OrganisatieWijziging) invoer: OrganisatieWijziging,
    @Ctx() ctx: RequestContext,
  ): Promise<BeheerOrganisatieView> {
    return organisatieBeheerService.wijzig(ctx, code, invoer);
  }

  @Mutation(() => OrganisatieDeactiveringView, {
    description:
      'Beëindigt de toegang van een organisatie meteen: tokens geweigerd, webhooks uit, lopende overdrachten ingetrokken en terug naar VT, open signalen en verzoeken geëscaleerd.',
  })
  organisatieDeactiveren(
    @Arg('code', () => TekstRegelScalar) code: string,
    @Ctx() ctx: RequestContext,
  ): Promise<OrganisatieDeactiveringView> {
    return organisatieDeactiverenService.deactiveer(ctx, code);
  }

  @Mutation(() => BeheerOrganisatieView, {
    description: 'Geeft een gedeactiveerde organisatie weer toegang; ingetrokken overdrachten blijven ingetrokken.',
  })
  organisatieHeractiveren(
    @Arg('code', () => TekstRegelScalar) code: string,
    @Ctx() ctx: RequestContext,
  ): Promise<BeheerOrganisatieView> {
    return organisatieDeactiverenService.heractiveer(ctx, code);
  }

  @Mutation(() => IssuerView, {
    description: 'Registreert een identity provider, met de organisaties waarvoor hij spreekt (VT-beheer: verplicht).',
  })
  issuerRegistreren(
    @Arg('issuer', () => TekstRegelScalar, { description: 'De issuer-URL (iss), https; vast.' }) issuer: string,
    @Arg('instellingen', () => IssuerInstellingen) instellingen: IssuerInstellingen,
    @Arg('bindingen', () => [IssuerBindingInvoer], { nullable: true }) bindingen: IssuerBindingInvoer[] | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<IssuerView> {
    return issuerBeheerService.registreer(ctx, issuer, instellingen, bindingen ?? []);
  }

  @Mutation(() => IssuerView, {
    description: 'Wijzigt de instellingen van een issuer (sleutels, claims, rolwaarden, NL GOV-instellingen).',
  })
  issuerWijzigen(
    @Arg('issuer', () => TekstRegelScalar) issuer: string,
    @Arg('instellingen', () => IssuerInstellingen) instellingen: IssuerInstellingen,
    @Ctx() ctx: RequestContext,
  ): Promise<IssuerView> {
    return issuerBeheerService.wijzig(ctx, issuer, instellingen);
  }

  @Mutation(() => IssuerView, { description: 'Zet een issuer uit: zijn tokens worden meteen geweigerd.' })
  issuerDeactiveren(
    @Arg('issuer', () => TekstRegelScalar) issuer: string,
    @Ctx() ctx: RequestContext,
  ): Promise<IssuerView> {
    return issuerBeheerService.zetActief(ctx, issuer, false);
  }

  @Mutation(() => IssuerView, { description: 'Zet een gedeactiveerde issuer weer aan.' })
  issuerHeractiveren(
    @Arg('issuer', () => TekstRegelScalar) issuer: string,
    @Ctx() ctx: RequestContext,
  ): Promise<IssuerView> {
    return issuerBeheerService.zetActief(ctx, issuer, true);
  }

  @Mutation(() => IssuerBindingView, {
    description: 'Bindt een issuer aan een organisatie, of wijzigt extern id en rollen van die binding.',
  })
  issuerBinden(
    @Arg('issuer', () => TekstRegelScalar) issuer: string,
    @Arg('binding', () => IssuerBindingInvoer) binding: IssuerBindingInvoer,
    @Ctx() ctx: RequestContext,
  ): Promise<IssuerBindingView> {
    return issuerBeheerService.bind(ctx, issuer, binding);
  }

  @Mutation(() => String, {
    description: 'Haalt een binding weg: de issuer spreekt niet meer voor die organisatie. Geeft de organisatiecode.',
  })
  issuerOntbinden(
    @Arg('issuer', () => TekstRegelScalar) issuer: string,
    @Arg('organisatie', () => TekstRegelScalar) organisatie: string,
    @Ctx() ctx: RequestContext,
  ): Promise<string> {
    return issuerBeheerService.ontbind(ctx, issuer, organisatie);
  }

  @Mutation(() => BeheerWebhookEndpointView, {
    description:
      'Zet een webhook-endpoint van een beheerde organisatie uit (de eigenaar kan het dan niet zelf weer aanzetten) of aan.',
  })
  webhookEndpointBeheren(
    @Arg('id', () => ID) id: string,
    @Arg('actief', () => Boolean) actief: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<BeheerWebhookEndpointView> {
    return organisatieBeheerService.endpointBeheren(ctx, id, actief);
  }
}
