import { Rol } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';

/**
 * The history import: a region's teamleider or functioneel beheerder loads the files of the system it leaves. Only
 * into the own region (the import acts as the caller, under the region's row-level security); the answer names the
 * source ids and the casus ids, never persons.
 */
const IMPORTEURS = [Rol.VT_TEAMLEIDER, Rol.FUNCTIONEEL_BEHEERDER];

export const historieBeleid: BeleidDeel = {
  operaties: {
    Mutation: {
      historieImporteren: {
        doelgroepen: IMPORTEURS,
        waarom:
          'Een regio die overstapt neemt haar dossiers mee (Wmo 2015 art. 4.1.1; dossierplicht): de teamleider of functioneel beheerder laadt ze in de eigen regio.',
      },
    },
  },
  typen: {
    HistorieImportResultaat: { rij: 'geenPersoonsgegevens', velden: { '*': IMPORTEURS } },
    HistorieDossierResultaat: {
      rij: 'geenPersoonsgegevens',
      velden: { '*': IMPORTEURS },
      tekst: { bronId: 'PARTNER' },
    },
    // The messages are the process's own composed texts; nothing of the dossier is echoed.
    HistorieFout: {
      rij: 'geenPersoonsgegevens',
      velden: { '*': IMPORTEURS },
      tekst: { veld: 'CODE', code: 'CODE', bericht: 'CODE' },
    },
  },
};
