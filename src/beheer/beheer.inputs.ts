import { Field, InputType, Int } from 'type-graphql';

import { OrganisatieSoort, Rol } from '../auth/rollen';
import { Betrouwbaarheidsniveau } from '../organisaties/organisatie.entity';
import type { BindingInvoer, IssuerInvoer } from './issuer-beheer.service';
import type {
  OrganisatieFilterInvoer,
  OrganisatieInvoer,
  OrganisatieWijzigingInvoer,
} from './organisatie-beheer.service';
import { TekstRegelScalar, TekstScalar } from '../lib/tekst';

/**
 * Inputs of functioneel beheer. They carry no validation of their own: the services validate (with stable codes), so
 * the API and the CLI refuse exactly the same things.
 */

@InputType('OrganisatieRegistratie', {
  description: 'Een nieuwe ketenpartner (of, landelijk, een landelijke organisatie).',
})
export class OrganisatieRegistratie implements OrganisatieInvoer {
  @Field(() => TekstRegelScalar, {
    description:
      'Vaste code: 2 tot 40 hoofdletters, cijfers, - of _ (bijvoorbeeld WT-HILVERSUM). Wordt nooit hernoemd.',
  })
  code!: string;
  @Field(() => TekstRegelScalar) naam!: string;
  @Field(() => OrganisatieSoort, {
    description: 'Veilig Thuis-organisaties staan in de configuratie en worden hier niet geregistreerd.',
  })
  soort!: string;
  @Field(() => [TekstRegelScalar], {
    nullable: true,
    description: 'VT-regio’s (VTnn). Beheer van een VT-organisatie: alleen de eigen regio (standaard).',
  })
  regioCodes?: string[] | null;
  @Field(() => TekstRegelScalar, { nullable: true, description: 'School: BRIN-nummer (12AB of 12AB00).' }) brin?:
    string | null;
  @Field(() => TekstRegelScalar, { nullable: true, description: 'School: noord, midden of zuid.' })
  schoolvakantieregio?: string | null;
  @Field(() => TekstRegelScalar, { nullable: true, description: 'Gemeente: CBS-gemeentecode (GMnnnn).' }) cbsCode?:
    string | null;
}

@InputType('OrganisatieWijziging', {
  description: 'Alleen opgegeven velden veranderen; null maakt een veld leeg. Code en soort veranderen nooit.',
})
export class OrganisatieWijziging implements OrganisatieWijzigingInvoer {
  @Field(() => TekstRegelScalar, { nullable: true }) naam?: string | null;
  @Field(() => [TekstRegelScalar], {
    nullable: true,
    description: 'Beheer van een VT-organisatie koppelt of ontkoppelt alleen de eigen regio.',
  })
  regioCodes?: string[] | null;
  @Field(() => TekstRegelScalar, { nullable: true }) brin?: string | null;
  @Field(() => TekstRegelScalar, { nullable: true }) schoolvakantieregio?: string | null;
  @Field(() => TekstRegelScalar, { nullable: true }) cbsCode?: string | null;
}

@InputType('OrganisatieFilter')
export class OrganisatieFilter implements OrganisatieFilterInvoer {
  @Field(() => OrganisatieSoort, { nullable: true }) soort?: string | null;
  @Field(() => TekstRegelScalar, {
    nullable: true,
    description: 'Alleen organisaties die met deze VT-regio samenwerken.',
  })
  regio?: string | null;
  @Field(() => Boolean, { nullable: true }) actief?: boolean | null;
  @Field(() => TekstRegelScalar, { nullable: true, description: 'Deel van code of naam.' }) zoek?: string | null;
}

@InputType('IssuerClaimsInvoer', {
  description:
    'Claimnamen van de issuer waar hij niet ketenpoort_rol, ketenpoort_organisatie of ketenpoort_teams gebruikt.',
})
export class IssuerClaimsInvoer {
  @Field(() => TekstRegelScalar, { nullable: true }) rol?: string | null;
  @Field(() => TekstRegelScalar, { nullable: true }) organisatie?: string | null;
  @Field(() => TekstRegelScalar, { nullable: true }) teams?: string | null;
}

@InputType('IssuerRolWaardeInvoer')
export class IssuerRolWaardeInvoer {
  @Field(() => TekstRegelScalar, { description: 'De waarde in de rolclaim van de issuer.' }) waarde!: string;
  @Field(() => Rol) rol!: string;
}

@InputType('IssuerAcrNiveauInvoer')
export class IssuerAcrNiveauInvoer {
  @Field(() => TekstRegelScalar, {
    description: 'Een eigen acr-waarde van de issuer (de eIDAS-URI’s kent Ketenpoort al).',
  })
  acr!: string;
  @Field(() => Betrouwbaarheidsniveau) niveau!: string;
}

@InputType('IssuerInstellingen', {
  description: 'Bij wijzigen veranderen alleen opgegeven velden; null maakt een veld leeg.',
})
export class IssuerInstellingen implements IssuerInvoer {
  @Field(() => TekstRegelScalar, { nullable: true, description: 'Naam; verplicht bij registreren.' }) naam?:
    string | null;
  @Field(() => TekstRegelScalar, {
    nullable: true,
    description: 'Waar de issuer zijn publieke sleutels publiceert (https). Precies één van jwksUri en jwks.',
  })
  jwksUri?: string | null;
  @Field(() => TekstScalar, {
    nullable: true,
    description: 'De publieke sleutels zelf, als JWK-set in JSON ({"keys":[...]}); geen privésleutels.',
  })
  jwks?: string | null;
  @Field(() => TekstRegelScalar, { nullable: true, description: 'Verwachte aud; leeg: OIDC_AUDIENCE.' }) audience?:
    string | null;
  @Field(() => IssuerClaimsInvoer, { nullable: true }) claims?: IssuerClaimsInvoer | null;
  @Field(() => [IssuerRolWaardeInvoer], {
    nullable: true,
    description: 'Rolwaarden van de issuer en onze rol; leeg: de issuer gebruikt onze rolnamen.',
  })
  rolWaarden?: IssuerRolWaardeInvoer[] | null;
  @Field(() => [TekstRegelScalar], { nullable: true, description: 'Vereiste azp/client_id; leeg: niet gecontroleerd.' })
  toegestaneClients?: string[] | null;
  @Field(() => [IssuerAcrNiveauInvoer], { nullable: true }) acrNiveaus?: IssuerAcrNiveauInvoer[] | null;
  @Field(() => Betrouwbaarheidsniveau, {
    nullable: true,
    description: 'Minimaal niveau voor rollen die persoonsgegevens lezen.',
  })
  minBetrouwbaarheid?: string | null;
  @Field(() => Int, { nullable: true, description: 'Maximale leeftijd van een token in seconden (1 tot 86400).' })
  maxTokenLeeftijdS?: number | null;
}

@InputType('IssuerBindingInvoer', { description: 'De issuer mag voor deze organisatie spreken, in deze rollen.' })
export class IssuerBindingInvoer implements BindingInvoer {
  @Field(() => TekstRegelScalar) organisatie!: string;
  @Field(() => TekstRegelScalar, {
    nullable: true,
    description:
      'De waarde van de organisatieclaim van de issuer voor deze organisatie; standaard onze code. Uniek per issuer.',
  })
  externId?: string | null;
  @Field(() => [Rol], {
    description: 'Rollen die de issuer hier mag toekennen; elk moet passen bij de soort organisatie.',
  })
  rollen!: string[];
}
