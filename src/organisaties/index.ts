import type { Module } from '../lib/module';
import { BeheerResolver } from './beheer.resolver';
import { organisatieBeleid } from './organisatie.beleid';
import { IssuerBindingEntity, IssuerEntity, OrganisatieEntity } from './organisatie.entity';
import { IkResolver } from './organisatie.resolver';

/** Organisations (tenants and partners), the caller's identity, and onboarding by functioneel beheer. */
export const organisatiesModule: Module = {
  naam: 'organisaties',
  entities: [OrganisatieEntity, IssuerEntity, IssuerBindingEntity],
  resolvers: [IkResolver, BeheerResolver],
  beleid: organisatieBeleid,
};
