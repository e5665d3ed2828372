import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

import { OrganisatieSoort, Rol } from '../auth/rollen';
import { WebhookUitschakelreden } from '../gebeurtenissen/webhook.entity';
import { PageInfo } from '../lib/graphql/paginering';
import { TijdstipScalar } from '../lib/scalars';
import { Betrouwbaarheidsniveau } from '../organisaties/organisatie.entity';
// Registers the Rol and OrganisatieSoort enums used below.
import '../organisaties/organisatie.types';

registerEnumType(Betrouwbaarheidsniveau, {
  name: 'Betrouwbaarheidsniveau',
  description:
    'Betrouwbaarheidsniveau van de authenticatie (eIDAS laag, substantieel, hoog; NL GOV Assurance-profiel).',
});

/**
 * Views of functioneel beheer. None holds personal data: organisations, identity-provider settings, public keys and
 * endpoint URLs. Each carries `beheerRegios` (not a field) for the row rule `isInBeheer`.
 */

@ObjectType('IssuerBinding', {
  description: 'Een organisatie waarvoor een issuer mag spreken, met de rollen die hij daar mag toekennen.',
})
export class IssuerBindingView {
  @Field(() => String, { description: 'De issuer (URL).' }) issuer!: string;
  @Field(() => String, { description: 'Code van de organisatie.' }) organisatie!: string;
  @Field(() => String, {
    description:
      'De waarde van de organisatieclaim van de issuer voor deze organisatie (een OIN, een eigen id; standaard onze code).',
  })
  externId!: string;
  @Field(() => [Rol]) rollen!: string[];
  @Field(() => TijdstipScalar) aangemaaktOp!: Date;
  beheerRegios!: string[];
}

@ObjectType('BeheerWebhookEndpoint', {
  description: 'Een webhook-endpoint van een organisatie, zoals beheer het ziet: zonder geheim of afleveringen.',
})
export class BeheerWebhookEndpointView {
  @Field(() => ID) id!: string;
  @Field(() => String, {
    description:
      'De eigenaar: de organisatie wier gebeurtenissen hier aankomen en wier medewerkers het endpoint beheren.',
  })
  organisatie!: string;
  @Field(() => String) url!: string;
  @Field(() => String, { nullable: true }) omschrijving!: string | null;
  @Field(() => Boolean) actief!: boolean;
  @Field(() => WebhookUitschakelreden, { nullable: true }) uitschakelreden!: WebhookUitschakelreden | null;
  @Field(() => TijdstipScalar, { nullable: true }) uitgeschakeldOp!: Date | null;
  beheerRegios!: string[];
}

@ObjectType('BeheerOrganisatie', {
  description: 'Een organisatie zoals functioneel beheer haar registreert, met haar issuers en webhook-endpoints.',
})
export class BeheerOrganisatieView {
  @Field(() => String, { description: 'Vaste code; wordt nooit hernoemd.' }) code!: string;
  @Field(() => String) naam!: string;
  @Field(() => OrganisatieSoort) soort!: OrganisatieSoort;
  @Field(() => [String], { description: 'De Veilig Thuis-regio’s waarmee zij samenwerkt.' }) regioCodes!: string[];
  @Field(() => Boolean) actief!: boolean;
  @Field(() => String, { nullable: true, description: 'BRIN-nummer (school).' }) brin!: string | null;
  @Field(() => String, { nullable: true, description: 'noord, midden of zuid (school).' }) schoolvakantieregio!:
    string | null;
  @Field(() => String, { nullable: true, description: 'CBS-gemeentecode GMnnnn (gemeente).' }) cbsCode!: string | null;
  @Field(() => TijdstipScalar, { nullable: true }) gewijzigdOp!: Date | null;
  @Field(() => TijdstipScalar, { nullable: true }) gedeactiveerdOp!: Date | null;
  @Field(() => [IssuerBindingView], { description: 'De issuers die voor deze organisatie mogen spreken.' })
  issuerBindingen!: IssuerBindingView[];
  @Field(() => [BeheerWebhookEndpointView]) webhookEndpoints!: BeheerWebhookEndpointView[];
  beheerRegios!: string[];
}

@ObjectType('BeheerOrganisatieEdge')
export class BeheerOrganisatieEdge {
  @Field(() => String) cursor!: string;
  @Field(() => BeheerOrganisatieView) node!: BeheerOrganisatieView;
}

@ObjectType('BeheerOrganisatieConnection')
export class BeheerOrganisatieConnection {
  @Field(() => [BeheerOrganisatieEdge]) edges!: BeheerOrganisatieEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType('IssuerClaims', {
  description:
    'Claimnamen waar de issuer niet de onze gebruikt (ketenpoort_rol, ketenpoort_organisatie, ketenpoort_teams).',
})
export class IssuerClaimsView {
  @Field(() => String, { nullable: true }) rol!: string | null;
  @Field(() => String, { nullable: true }) organisatie!: string | null;
  @Field(() => String, { nullable: true }) teams!: string | null;
}

@ObjectType('IssuerRolWaarde', {
  description: 'Een rolwaarde van de issuer en de rol van Ketenpoort die zij betekent.',
})
export class IssuerRolWaardeView {
  @Field(() => String) waarde!: string;
  @Field(() => Rol) rol!: string;
}

@ObjectType('IssuerAcrNiveau', {
  description: 'Een eigen acr-waarde van de issuer en het betrouwbaarheidsniveau dat zij betekent.',
})
export class IssuerAcrNiveauView {
  @Field(() => String) acr!: string;
  @Field(() => Betrouwbaarheidsniveau) niveau!: string;
}

@ObjectType('Issuer', {
  description:
    'Een vertrouwde identity provider (OIDC-issuer) met zijn sleutels, claims en de organisaties waarvoor hij mag spreken.',
})
export class IssuerView {
  @Field(() => String, { description: 'De issuer-URL (iss); vaste sleutel, wordt nooit hernoemd.' }) issuer!: string;
  @Field(() => String) naam!: string;
  @Field(() => String, { nullable: true }) jwksUri!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'De publieke sleutels als JWK-set (JSON), als ze niet via jwksUri komen.',
  })
  jwks!: string | null;
  @Field(() => String, { nullable: true, description: 'Verwachte aud; leeg: OIDC_AUDIENCE.' }) audience!: string | null;
  @Field(() => IssuerClaimsView) claims!: IssuerClaimsView;
  @Field(() => [IssuerRolWaardeView]) rolWaarden!: IssuerRolWaardeView[];
  @Field(() => [String], { description: 'Vereiste azp/client_id; leeg: niet gecontroleerd.' })
  toegestaneClients!: string[];
  @Field(() => [IssuerAcrNiveauView]) acrNiveaus!: IssuerAcrNiveauView[];
  @Field(() => Betrouwbaarheidsniveau, {
    nullable: true,
    description: 'Minimaal niveau voor rollen die persoonsgegevens lezen.',
  })
  minBetrouwbaarheid!: string | null;
  @Field(() => Int, { nullable: true, description: 'Maximale leeftijd van een token (nu − iat) in seconden.' })
  maxTokenLeeftijdS!: number | null;
  @Field(() => Boolean) actief!: boolean;
  @Field(() => TijdstipScalar) aangemaaktOp!: Date;
  @Field(() => TijdstipScalar, { nullable: true }) gewijzigdOp!: Date | null;
  @Field(() => [IssuerBindingView]) bindingen!: IssuerBindingView[];
  beheerRegios!: string[];
}

@ObjectType('IssuerEdge')
export class IssuerEdge {
  @Field(() => String) cursor!: string;
  @Field(() => IssuerView) node!: IssuerView;
}

@ObjectType('IssuerConnection')
export class IssuerConnection {
  @Field(() => [IssuerEdge]) edges!: IssuerEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType('OrganisatieDeactivering', {
  description: 'Wat het deactiveren van een organisatie beëindigde of aan Veilig Thuis teruggaf.',
})
export class OrganisatieDeactiveringView {
  @Field(() => BeheerOrganisatieView) organisatie!: BeheerOrganisatieView;
  @Field(() => Int, {
    description:
      'Overdrachten (aangeboden of lopend) ingetrokken met reden ORGANISATIE_GEDEACTIVEERD; de teamleider van de regio kreeg per overdracht een escalatie.',
  })
  overdrachtenIngetrokken!: number;
  @Field(() => Int, {
    description: 'Onbevestigde Handle with Care-signalen aan deze school, meteen geëscaleerd naar de teamleider.',
  })
  hwcSignalenGeescaleerd!: number;
  @Field(() => Int, {
    description: 'Onbeantwoorde ZSM-verzoeken van deze organisatie, meteen geëscaleerd naar de teamleider.',
  })
  zsmVerzoekenGeescaleerd!: number;
  @Field(() => Int) webhookEndpointsUitgeschakeld!: number;
}
