import type { BeleidDeel } from '../beleid/beleid';

/** What a domain module contributes. The entry points list the modules by name (src/modules.ts). */
export interface Module {
  readonly naam: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities: readonly Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly resolvers: readonly Function[];
  readonly beleid: BeleidDeel;
}
