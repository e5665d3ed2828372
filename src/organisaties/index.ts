import type { Module } from '../lib/module';
import { organisatieBeleid } from './organisatie.beleid';
import { IssuerBindingEntity, IssuerEntity, OrganisatieEntity } from './organisatie.entity';
import { IkResolver } from './organisatie.resolver';

/** Organisations (tenants and partners), VT regions and gemeenten, the caller's identity, and the trust register. */
export const organisatiesModule: Module = {
  naam: 'organisaties',
  entities: [OrganisatieEntity, IssuerEntity, IssuerBindingEntity],
  resolvers: [IkResolver],
  beleid: organisatieBeleid,
};
