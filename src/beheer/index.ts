import type { Module } from '../lib/module';
import { beheerBeleid } from './beheer.beleid';
import { BeheerResolver } from './beheer.resolver';

/**
 * Functioneel beheer of the chain: onboarding organisations, their identity providers (issuers) and bindings, and
 * deactivating them. The top layer: deactivating reaches into overdrachten, Handle with Care and ZSM, so nothing but
 * the entry points imports it. Its entities are those of organisaties.
 */
export const beheerModule: Module = {
  naam: 'beheer',
  entities: [],
  resolvers: [BeheerResolver],
  beleid: beheerBeleid,
};
