import type { Module } from '../lib/module';
import { organisatieBeleid } from './organisatie.beleid';
import { IssuerBindingEntity, IssuerEntity, OrganisatieEntity } from './organisatie.entity';
import { IkResolver } from './organisatie.resolver';

/** Organisations (tenants and partners) and the caller's identity. */
export const organisatiesModule: Module = {
  naam: 'organisaties',
  entities: [OrganisatieEntity, IssuerEntity, IssuerBindingEntity],
  resolvers: [IkResolver],
  beleid: organisatieBeleid,
};
