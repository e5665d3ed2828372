import { overdrachtAanbodService } from './overdracht-aanbod.service';
import { overdrachtInzageService } from './overdracht-inzage.service';
import { overdrachtPartnerService } from './overdracht-partner.service';

/**
 * The whole warme overdracht as one object, for callers outside the module that walk it end to end (the demo year in
 * demo/, the inbox benchmark in bench/). The module's own resolver uses the services of each part.
 */
export const overdrachtService = {
  ...overdrachtAanbodService,
  ...overdrachtPartnerService,
  ...overdrachtInzageService,
};
