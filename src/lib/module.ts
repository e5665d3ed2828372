import type { BeleidDeel } from '../beleid/beleid';
import type { TermijnActie } from '../termijnen/termijn-acties';

/** What a domain module contributes. The entry points list the modules by name (src/modules.ts). */
export interface Module {
  readonly naam: string;
   
  readonly entities: readonly Function[];
   
  readonly resolvers: readonly Function[];
  readonly beleid: BeleidDeel;
  /** What else happens when the worker reminds or escalates a termijn of a given kind (see termijn-acties.ts). */
  readonly termijnActies?: readonly TermijnActie[];
}
