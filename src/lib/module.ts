import type { BeleidDeel } from '../beleid/beleid';

/** What a domain module contributes. The entry points list the modules by name (src/modules.ts). */
export interface Module {
  readonly naam: string;
   
  readonly entities: readonly Function[];
   
  readonly resolvers: readonly Function[];
  readonly beleid: BeleidDeel;
}
