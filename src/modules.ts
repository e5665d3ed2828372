import { adviezenModule } from './adviezen';
import { analyseModule } from './analyse';
import { auditModule } from './audit';
import { awareModule } from './aware';
import { beheerModule } from './beheer';
import { bewaringModule } from './bewaring';
import { voegBeleidSamen } from './beleid/beleid';
import type { Privacybeleid } from './beleid/beleid.types';
import { casussenModule } from './casussen';
import { stelAfsluitreactiesIn } from './casussen/casus.afsluiten';
import { gebeurtenissenModule } from './gebeurtenissen';
import { historieModule } from './historie';
import { huisverbodModule } from './huisverbod';
import { hwcModule } from './hwc';
import { meldersModule } from './melders';
import { meldingenModule } from './meldingen';
import { noodtoegangModule } from './noodtoegang';
import { organisatiesModule } from './organisaties';
import { overdrachtenModule } from './overdrachten';
import { trekOpenAanbodIn } from './overdrachten/overdracht-einde.service';
import { rechtenModule } from './rechten';
import { termijnenModule } from './termijnen';
import { zsmModule } from './zsm';

/** Every domain module, by name. Opening this file shows the whole system. */
export const modules = [
  organisatiesModule,
  adviezenModule,
  meldingenModule,
  casussenModule,
  termijnenModule,
  overdrachtenModule,
  gebeurtenissenModule,
  auditModule,
  hwcModule,
  zsmModule,
  huisverbodModule,
  awareModule,
  historieModule,
  analyseModule,
  noodtoegangModule,
  beheerModule,
  meldersModule,
  bewaringModule,
  rechtenModule,
] as const;

export const entities = modules.flatMap((m) => m.entities);
export const resolvers = modules.flatMap((m) => m.resolvers);
/** What modules do when the worker reminds or escalates their termijnen. */
export const termijnActies = modules.flatMap((m) => m.termijnActies ?? []);

/** The privacy policy, merged from the modules' slices. */
export const privacybeleid: Privacybeleid = voegBeleidSamen(modules.map((m) => m.beleid));

/**
 * What modules above casussen do, in the same transaction, when a casus closes: overdrachten withdraws every offer
 * still open (a partner must not accept one after VT closed the casus). Casussen cannot import them; they are wired here.
 */
stelAfsluitreactiesIn([trekOpenAanbodIn]);
