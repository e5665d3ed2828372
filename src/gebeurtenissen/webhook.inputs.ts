import { IsOptional, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { TekstRegelScalar, TekstScalar } from '../lib/tekst';

export const MAX_URL = 2000;

@InputType('WebhookEndpointInvoer')
export class WebhookEndpointInvoer {
  @Field(() => TekstRegelScalar, {
    description: 'Absolute https-URL (buiten productie mag http) zonder gebruikersnaam of wachtwoord.',
  })
  @MaxLength(MAX_URL)
  url!: string;

  @Field(() => TekstScalar, { nullable: true, description: 'Waarvoor het endpoint dient; voor de eigen beheerders.' })
  @IsOptional()
  @MaxLength(200)
  omschrijving?: string;
}

@InputType('WebhookEndpointWijziging', { description: 'Alleen opgegeven velden veranderen.' })
export class WebhookEndpointWijziging {
  @Field(() => TekstRegelScalar, { nullable: true })
  @IsOptional()
  @MaxLength(MAX_URL)
  url?: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'false zet het endpoint uit; true zet het weer aan (ook na automatisch uitschakelen).',
  })
  actief?: boolean;

  @Field(() => TekstScalar, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  omschrijving?: string;
}
