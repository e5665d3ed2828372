import type { Module } from '../lib/module';
import { hwcBeleid } from './hwc.beleid';
import { HwcSignaalEntity, HwcSignaalInhoudEntity } from './hwc.entity';
import { HwcResolver } from './hwc.resolver';

/** Handle with Care: a signal to a child's school before lessons start on the next school day. */
export const hwcModule: Module = {
  naam: 'hwc',
  entities: [HwcSignaalEntity, HwcSignaalInhoudEntity],
  resolvers: [HwcResolver],
  beleid: hwcBeleid,
};
