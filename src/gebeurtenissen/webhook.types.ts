import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';

import { PageInfo } from '../lib/graphql/paginering';
import { TijdstipScalar } from '../lib/scalars';
import { AfleverStatus, type WebhookEndpointEntity, WebhookUitschakelreden } from './webhook.entity';

/**
 * The views carry `organisatie` (not a GraphQL field) for the row rule `isVanEigenOrganisatie`: a partner sees only
 * its own endpoints, deliveries and events.
 */
@ObjectType('WebhookEndpoint', {
  description: 'Een webhook-endpoint van de eigen organisatie. Het geheim is alleen bij aanmaken en roteren zichtbaar.',
})
export class WebhookEndpointView {
  @Field(() => ID) id!: string;
  @Field(() => String) url!: string;
  @Field(() => String, { nullable: true }) omschrijving!: string | null;
  @Field(() => Boolean, { description: 'Alleen actieve endpoints krijgen gebeurtenissen.' }) actief!: boolean;
  @Field(() => WebhookUitschakelreden, { nullable: true }) uitschakelreden!: WebhookUitschakelreden | null;
  @Field(() => TijdstipScalar, { nullable: true }) uitgeschakeldOp!: Date | null;
  @Field(() => TijdstipScalar, {
    nullable: true,
    description: 'Eerste mislukte poging sinds de laatste geslaagde; leeg als het endpoint gezond is.',
  })
  falendSinds!: Date | null;
  @Field(() => TijdstipScalar, {
    nullable: true,
    description: 'Tot wanneer het vorige geheim na een rotatie nog geldt (beide handtekeningen worden meegestuurd).',
  })
  vorigGeheimGeldigTot!: Date | null;
  @Field(() => TijdstipScalar) aangemaaktOp!: Date;
  organisatie!: string;

  static van(e: WebhookEndpointEntity, vorigGeheimGeldigTot: Date | null): WebhookEndpointView {
    return Object.assign(new WebhookEndpointView(), {
      id: e.id,
      url: e.url,
      omschrijving: e.omschrijving ?? null,
      actief: e.actief,
      uitschakelreden: e.uitschakelreden ?? null,
      uitgeschakeldOp: e.uitgeschakeldOp ?? null,
      falendSinds: e.falendSinds ?? null,
      vorigGeheimGeldigTot,
      aangemaaktOp: e.aangemaaktOp,
      organisatie: e.organisatie,
    });
  }
}

@ObjectType('WebhookEndpointMetGeheim', {
  description: 'Het endpoint met zijn nieuwe ondertekengeheim. Bewaar het geheim nu: het wordt niet nog eens getoond.',
})
export class WebhookEndpointMetGeheim {
  @Field(() => WebhookEndpointView) endpoint!: WebhookEndpointView;
  @Field(() => String, { description: 'Standard Webhooks-geheim: whsec_ gevolgd door de sleutel in base64.' })
  geheim!: string;
  organisatie!: string;
}

@ObjectType('WebhookAflevering', { description: 'De aflevering van één gebeurtenis aan één endpoint.' })
export class WebhookAfleveringView {
  @Field(() => ID) id!: string;
  @Field(() => ID, { description: 'De gebeurtenis; ook de webhook-id van elke poging.' }) gebeurtenisId!: string;
  @Field(() => String) gebeurtenisType!: string;
  @Field(() => ID) endpointId!: string;
  @Field(() => AfleverStatus) status!: AfleverStatus;
  @Field(() => Int) pogingen!: number;
  @Field(() => TijdstipScalar, { nullable: true }) volgendePogingOp!: Date | null;
  @Field(() => TijdstipScalar, { nullable: true }) laatstePogingOp!: Date | null;
  @Field(() => Int, {
    nullable: true,
    description: 'HTTP-status van de laatste poging; leeg bij een netwerkfout of time-out.',
  })
  laatsteStatuscode!: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'Korte foutcode van de laatste poging, bijvoorbeeld HTTP_500, TIME_OUT of ECONNREFUSED.',
  })
  laatsteFout!: string | null;
  @Field(() => TijdstipScalar, { nullable: true }) afgeleverdOp!: Date | null;
  @Field(() => TijdstipScalar) aangemaaktOp!: Date;
  organisatie!: string;
}

@ObjectType('WebhookAfleveringEdge')
export class WebhookAfleveringEdge {
  @Field(() => String) cursor!: string;
  @Field(() => WebhookAfleveringView) node!: WebhookAfleveringView;
}

@ObjectType('WebhookAfleveringConnection', { description: 'Een pagina afleveringen, nieuwste eerst.' })
export class WebhookAfleveringConnection {
  @Field(() => [WebhookAfleveringEdge]) edges!: WebhookAfleveringEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType('Gebeurtenis', {
  description:
    'Iets dat voor de eigen organisatie gebeurde: alleen soort en ids, nooit inhoud. De inhoud haalt u op via de API.',
})
export class GebeurtenisView {
  @Field(() => ID, {
    description: 'Ook de webhook-id van de aflevering: gebruik hem om dubbele afleveringen te herkennen.',
  })
  id!: string;
  @Field(() => GraphQLSafeInt, {
    description:
      'Volgnummer binnen de gebeurtenissen van de eigen organisatie: 1, 2, 3, ... zonder gaten (ook in de webhook-body).',
  })
  volgnummer!: number;
  @Field(() => String, { description: 'Bijvoorbeeld overdracht.aangeboden.' }) type!: string;
  @Field(() => String) objectType!: string;
  @Field(() => String) objectId!: string;
  @Field(() => TijdstipScalar) aangemaaktOp!: Date;
  organisatie!: string;
}

@ObjectType('GebeurtenisEdge')
export class GebeurtenisEdge {
  @Field(() => String) cursor!: string;
  @Field(() => GebeurtenisView) node!: GebeurtenisView;
}

@ObjectType('GebeurtenisConnection', {
  description: 'Gebeurtenissen van de eigen organisatie, oudste eerst, vanaf een cursor.',
})
export class GebeurtenisConnection {
  @Field(() => [GebeurtenisEdge]) edges!: GebeurtenisEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
