import { Rol, VT_UITVOERING } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';

const VT = VT_UITVOERING;
const SCHOOL = [Rol.SCHOOL_CONTACTPERSOON];
const VT_EN_SCHOOL = [...VT, ...SCHOOL];

/**
 * Handle with Care: the school sees only the child's name, date of birth, the codeword, the deadline and its own
 * acknowledgement (DOMAIN.md §4.6, §9.4); everything else about the signal is VT's.
 */
export const hwcBeleid: BeleidDeel = {
  operaties: {
    Query: {
      hwcSignalen: {
        doelgroepen: VT_EN_SCHOOL,
        waarom:
          'VT volgt verzending en bevestiging (een medewerker van toegewezen casussen); de school leest de signalen die aan haar gericht zijn.',
      },
    },
    Mutation: {
      hwcSignaalVersturen: {
        doelgroepen: VT,
        waarom: 'VT meldt de school na een politie-inzet bij een kind (Handle with Care-convenant).',
      },
      hwcSignaalIntrekken: {
        doelgroepen: VT,
        waarom: 'VT trekt een ten onrechte of aan de verkeerde school verstuurd signaal in.',
      },
      hwcOntvangstBevestigen: {
        doelgroepen: SCHOOL,
        waarom: 'De contactpersoon van de school bevestigt de ontvangst vóór de start van de lessen.',
      },
    },
  },
  typen: {
    HwcSignaal: {
      rij: 'isToegewezenVtOfOntvanger',
      velden: {
        '*': VT,
        id: VT_EN_SCHOOL,
        voornamen: VT_EN_SCHOOL,
        achternaam: VT_EN_SCHOOL,
        geboortedatum: VT_EN_SCHOOL,
        codewoord: VT_EN_SCHOOL,
        leverenVoor: VT_EN_SCHOOL,
        ontvangstbevestiging: VT_EN_SCHOOL,
      },
      // VT's grondslag and reason for withdrawing are VT's own text (a reason may say why the child is not safe at home).
      persoonsgegevens: ['voornamen', 'achternaam', 'geboortedatum', 'grondslag', 'intrekkingsreden'],
      tekst: {
        voornamen: 'PERSOONSGEGEVEN',
        achternaam: 'PERSOONSGEGEVEN',
        codewoord: 'CODE',
        school: 'CODE',
        schoolvakantieregio: 'CODE',
        aangemaaktDoor: 'CODE',
        grondslag: 'VT_INTERN',
        intrekkingsreden: 'VT_INTERN',
      },
    },
    HwcOntvangstbevestiging: {
      rij: 'isVanEigenVtRegioOfOntvanger',
      velden: { '*': VT_EN_SCHOOL },
      persoonsgegevens: ['bevestigdDoor'],
      tekst: { bevestigdDoor: 'PARTNER' },
    },
    HwcSignaalEdge: { rij: 'geenPersoonsgegevens', velden: { '*': VT_EN_SCHOOL }, tekst: { cursor: 'CODE' } },
    HwcSignaalConnection: { rij: 'geenPersoonsgegevens', velden: { '*': VT_EN_SCHOOL } },
  },
};
