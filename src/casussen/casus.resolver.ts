import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { gelezenVelden } from '../lib/graphql/gelezen-velden';
import { idempotent, IdempotentieSleutel } from '../lib/idempotentie';
import { MeldingEntity } from '../meldingen/melding.entity';
import { MeldingInvoer } from '../meldingen/melding.inputs';
import { meldingService } from '../meldingen/melding.service';
import { MeldingView } from '../meldingen/melding.types';
import { TermijnSoort } from '../termijnen/termijn.entity';
import {
  CasusConnection,
  CasusOvergangInvoer,
  CasusView,
  MonitoringcontactInvoer,
  VeiligheidsafspraakInvoer,
  VeiligheidsbeoordelingInvoer,
  VeiligheidsbeoordelingResultaat,
} from './casus.types';
import { casusInzageService } from './casus-inzage.service';
import { casusToewijzen } from './casus-toewijzing.service';
import { casusZoeken } from './casus-zoeken.service';
import { CasusZoekInvoer, CasusZoekresultaatView } from './casus-zoeken.types';
import { casusBeoordelingService } from './casus.beoordeling';
import { casusAfsprakenService } from './casus.afspraken';
import { casusDienstenService } from './casus.diensten';
import { casusIntakeService } from './casus.intake';
import { CasusFase } from './proces';
import { TekstRegelScalar } from '../lib/tekst';

@Resolver(() => CasusView)
export class CasusResolver {
  @Query(() => CasusView, {
    description:
      'Eén casus van de eigen VT-regio, met diensten, termijnen en overgangen. Een medewerker leest alleen een casus waaraan hij of zijn team is toegewezen, of die hij met noodtoegang opende; anders FORBIDDEN met reden NIET_TOEGEWEZEN.',
  })
  casus(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CasusView> {
    return casusInzageService.lees(ctx, id, gelezenVelden(info));
  }

  @Query(() => [CasusZoekresultaatView], {
    description:
      'Zoekt casussen van de eigen regio op een persoon: alleen dat de casus bestaat, de fase, wie eraan werkt en of u toegang heeft. Elke zoekvraag wordt geaudit.',
  })
  casusZoeken(
    @Arg('zoek', () => CasusZoekInvoer) zoek: CasusZoekInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CasusZoekresultaatView[]> {
    return casusZoeken(ctx, zoek, gelezenVelden(info));
  }

  @Query(() => CasusConnection, {
    description:
      'Casussen van de eigen VT-regio die u mag lezen (een medewerker: de toegewezen), nieuwste eerst, desgewenst per fase.',
  })
  casussen(
    @Arg('fase', () => CasusFase, { nullable: true }) fase: CasusFase | undefined,
    @Arg('eerste', () => Int, { defaultValue: 20, description: 'Aantal per pagina, 1 tot en met 100.' }) eerste: number,
    @Arg('na', () => String, { nullable: true }) na: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CasusConnection> {
    return casusInzageService.lijst(
      ctx,
      fase ?? undefined,
      eerste,
      na ?? undefined,
      gelezenVelden(info, ['edges', 'node']),
    );
  }

  // Intake: the melding registered here opens its casus or joins the open one of its household (casus.intake.ts).
  @Mutation(() => MeldingView, {
    description: 'Registreert een melding voor de eigen VT-regio. Veilig te herhalen met een idempotentieSleutel.',
  })
  meldingRegistreren(
    @Arg('invoer', () => MeldingInvoer) invoer: MeldingInvoer,
    @IdempotentieSleutel() sleutel: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MeldingView> {
    const velden = gelezenVelden(info);
    return idempotent(
      ctx,
      info,
      sleutel,
      { invoer },
      {
        entiteit: MeldingEntity,
        maak: () => casusIntakeService.registreer(ctx, invoer, velden),
        lees: (id) => meldingService.lees(ctx, id, velden),
        id: (m) => m.id,
      },
    );
  }

  @Mutation(() => VeiligheidsbeoordelingResultaat, {
    description: 'Legt de veiligheidsbeoordeling van een melding vast; de casus gaat naar het gekozen vervolg.',
  })
  veiligheidsbeoordelingVastleggen(
    @Arg('invoer', () => VeiligheidsbeoordelingInvoer) invoer: VeiligheidsbeoordelingInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<VeiligheidsbeoordelingResultaat> {
    return casusBeoordelingService.veiligheidsbeoordelingVastleggen(ctx, invoer, gelezenVelden(info, ['casus']));
  }

  @Mutation(() => CasusView, {
    description: 'Een stap in het proces volgens de overgangstabel; geweigerd met wat ontbreekt.',
  })
  casusOvergang(
    @Arg('invoer', () => CasusOvergangInvoer) invoer: CasusOvergangInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CasusView> {
    return casusDienstenService.overgang(ctx, invoer, gelezenVelden(info));
  }

  @Mutation(() => CasusView, { description: 'Legt een veiligheidsvoorwaarde vast als concrete afspraak.' })
  veiligheidsafspraakVastleggen(
    @Arg('invoer', () => VeiligheidsafspraakInvoer) invoer: VeiligheidsafspraakInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CasusView> {
    return casusAfsprakenService.veiligheidsafspraakVastleggen(ctx, invoer, gelezenVelden(info));
  }

  @Mutation(() => CasusView, {
    description: 'Legt een monitoringcontact vast; voldoet aan de vroegste open monitoringtermijn.',
  })
  monitoringcontactVastleggen(
    @Arg('invoer', () => MonitoringcontactInvoer) invoer: MonitoringcontactInvoer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CasusView> {
    return casusAfsprakenService.monitoringcontactVastleggen(ctx, invoer, gelezenVelden(info));
  }

  @Mutation(() => CasusView, {
    description: 'Legt vast dat melder en huishouden de uitkomst hoorden, of de melder wie het overnam.',
  })
  terugkoppelingVastleggen(
    @Arg('meldingId', () => ID) meldingId: string,
    @Arg('soort', () => TermijnSoort, { description: 'TERUGKOPPELING_UITKOMST of TERUGKOPPELING_MELDER_OVERNAME.' })
    soort: TermijnSoort,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CasusView> {
    return casusBeoordelingService.terugkoppelingVastleggen(ctx, meldingId, soort, gelezenVelden(info));
  }

  @Mutation(() => CasusView, {
    description:
      'De teamleider wijst de casus toe aan een behandelaar (met zijn open termijnen), aan een team, of aan beide.',
  })
  casusToewijzen(
    @Arg('casusId', () => ID) casusId: string,
    @Arg('medewerker', () => TekstRegelScalar, {
      nullable: true,
      description: 'Subject (sub) van de behandelaar; weggelaten: ongewijzigd.',
    })
    medewerker: string | undefined,
    @Arg('team', () => TekstRegelScalar, {
      nullable: true,
      description: 'Teamcode (zoals in ketenpoort_teams); weggelaten: ongewijzigd.',
    })
    team: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CasusView> {
    return casusToewijzen(
      ctx,
      casusId,
      { medewerker: medewerker ?? undefined, team: team ?? undefined },
      gelezenVelden(info),
    );
  }
}
