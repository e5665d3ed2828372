import { adviezenModule } from './adviezen';
import { auditModule } from './audit';
import { voegBeleidSamen } from './beleid/beleid';
import type { Privacybeleid } from './beleid/beleid.types';
import { casussenModule } from './casussen';
import { gebeurtenissenModule } from './gebeurtenissen';
import { hwcModule } from './hwc';
import { meldingenModule } from './meldingen';
import { organisatiesModule } from './organisaties';
import { termijnenModule } from './termijnen';
import { zsmModule } from './zsm';

/** Every domain module, by name. Opening this file shows the whole system. */
export const modules = [organisatiesModule, adviezenModule, meldingenModule, casussenModule, termijnenModule, gebeurtenissenModule, auditModule, hwcModule, zsmModule] as const;

export const entities = modules.flatMap((m) => m.entities);
export const resolvers = modules.flatMap((m) => m.resolvers);

/** The privacy policy, merged from the modules' slices. */
export const privacybeleid: Privacybeleid = voegBeleidSamen(modules.map((m) => m.beleid));
