import { Rol, VT_UITVOERING } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';

const VT = VT_UITVOERING;
const TL = [Rol.VT_TEAMLEIDER];

/** Termijnen and notifications: VT staff of the region; the overview and the inspectorate's measure: teamleiders. */
export const termijnBeleid: BeleidDeel = {
  operaties: {
    Query: {
      termijnOverzicht: { doelgroepen: TL, waarom: 'De teamleider bewaakt de termijnen van het team.' },
      veiligheidsbeoordelingPrestatie: {
        doelgroepen: TL,
        waarom: 'De teamleider stuurt op de wettelijke termijn van 5 werkdagen (IGJ).',
      },
      notificaties: { doelgroepen: VT, waarom: 'Medewerkers krijgen herinneringen; teamleiders ook escalaties.' },
    },
    Mutation: {
      notificatieGelezen: { doelgroepen: VT, waarom: 'Een ontvanger markeert zijn eigen notificatie als gelezen.' },
    },
  },
  typen: {
    Termijn: { rij: 'isVanEigenVtRegio', velden: { '*': VT } },
    Notificatie: { rij: 'isVanEigenVtRegio', velden: { '*': VT } },
    TermijnTelling: { rij: 'isVanEigenVtRegio', velden: { '*': TL } },
    TermijnOverzicht: { rij: 'isVanEigenVtRegio', velden: { '*': TL } },
    VeiligheidsbeoordelingPrestatie: { rij: 'isVanEigenVtRegio', velden: { '*': TL } },
  },
};
