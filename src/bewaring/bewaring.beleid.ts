import { Rol } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';

const PO = [Rol.PRIVACY_OFFICER];
/** The second pair of eyes on a destruction, who also sees the list it approves from. */
const TOEZICHT = [Rol.PRIVACY_OFFICER, Rol.VT_TEAMLEIDER];

/** Retention and destruction (DOMAIN.md §4.4): the privacy officer of the region; the teamleider as second reviewer. */
export const bewaringBeleid: BeleidDeel = {
  operaties: {
    Query: {
      bewaring: { doelgroepen: TOEZICHT, waarom: 'Wie over vernietiging beslist, ziet de datum en de gronden.' },
      bewaringen: {
        doelgroepen: TOEZICHT,
        waarom: 'De lijst van de beoordelingsjob en de tombstones van de regio (AVG art. 5 lid 1 e, lid 2).',
      },
    },
    Mutation: {
      legalHoldZetten: {
        doelgroepen: PO,
        waarom: 'De privacy officer houdt een dossier aan dat niet vernietigd mag worden (procedure, verzoek).',
      },
      legalHoldOpheffen: { doelgroepen: PO, waarom: 'De privacy officer heft een legal hold op, met reden.' },
      maatregelEindeVastleggen: {
        doelgroepen: TOEZICHT,
        waarom:
          'De GI of de Raad meldt VT dat de maatregel eindigde; de privacy officer of de teamleider (die de hele regio leest, ook gesloten dossiers zonder behandelaar) legt het vast.',
      },
      vernietigingVoorstellen: {
        doelgroepen: PO,
        waarom: 'De privacy officer beoordeelt een verlopen dossier of een verzoek om vroegtijdige vernietiging.',
      },
      vernietigingAfwijzen: {
        doelgroepen: PO,
        waarom: 'De beoordeling kan besluiten het dossier langer te bewaren, met reden.',
      },
      vernietigingGoedkeuren: {
        doelgroepen: TOEZICHT,
        waarom: 'Vier ogen: een tweede privacy officer of de teamleider keurt een vernietiging goed.',
      },
    },
  },
  typen: {
    Bewaring: {
      rij: 'isVanEigenVtRegio',
      velden: { '*': TOEZICHT },
      persoonsgegevens: ['legalHoldReden', 'motivering'],
      // The reasons are the privacy officer's own words, in no partner's schema (like the reasons of noodtoegang).
      tekst: {
        legalHoldDoor: 'CODE',
        voorgesteldDoor: 'CODE',
        goedgekeurdDoor: 'CODE',
        maatregelEindeDoor: 'CODE',
      },
    },
    BewaringAantal: { rij: 'geenPersoonsgegevens', velden: { '*': TOEZICHT }, tekst: { tabel: 'CODE' } },
  },
};
