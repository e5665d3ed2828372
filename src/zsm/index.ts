import type { Module } from '../lib/module';
import { zsmBeleid } from './zsm.beleid';
import { ZsmVerzoekEntity, ZsmVerzoekPersoonEntity } from './zsm.entity';
import { ZsmResolver } from './zsm.resolver';

/** ZSM: information requests from OM and politie while a suspect is held, answered by VT within hours. */
export const zsmModule: Module = {
  naam: 'zsm',
  entities: [ZsmVerzoekEntity, ZsmVerzoekPersoonEntity],
  resolvers: [ZsmResolver],
  beleid: zsmBeleid,
};
