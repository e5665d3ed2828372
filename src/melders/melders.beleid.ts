import { Rol, VT_UITVOERING } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';

const VT = VT_UITVOERING;
const MELDER = [Rol.MELDER];
const VT_EN_MELDER = [...VT, ...MELDER];

/**
 * Melders (DOMAIN.md §4.2, §7 "Professional melder", "Burger melder"): the melder reads and supplements their own melding
 * and reads the feedback owed to them, nothing else. VT issues and revokes their access and reads what they added.
 */
export const meldersBeleid: BeleidDeel = {
  operaties: {
    Query: {
      melderAanvullingen: {
        doelgroepen: VT,
        waarom: 'VT leest wat de melder aanvulde of verbeterde bij een melding van een toegewezen casus.',
      },
      mijnMelding: {
        doelgroepen: MELDER,
        waarom: 'De melder mag de eigen melding inzien (VTGV-MELDER), en alleen die.',
      },
      mijnTerugkoppeling: {
        doelgroepen: MELDER,
        waarom: 'De melder heeft recht op terugkoppeling: welke stappen, na 10 weken welke partner (Wmo art. 4.1.1 g).',
      },
    },
    Mutation: {
      melderToegangUitgeven: {
        doelgroepen: VT,
        waarom: 'VT geeft de melder van een melding van een toegewezen casus een eigen toegang.',
      },
      melderToegangIntrekken: { doelgroepen: VT, waarom: 'VT trekt een melderstoegang in (kwijt, misbruik, klaar).' },
      aanvullingToevoegen: {
        doelgroepen: MELDER,
        waarom: 'De melder mag de eigen melding aanvullen of verbeteren (VTGV-MELDER); het origineel blijft bewaard.',
      },
    },
  },
  typen: {
    MelderToegang: { rij: 'heeftCasusToegang', velden: { '*': VT } },
    MeldingAanvulling: {
      rij: 'isToegewezenVtOfEigenMelder',
      velden: { '*': VT_EN_MELDER },
      persoonsgegevens: ['tekst'],
      tekst: { tekst: 'PARTNER' },
    },
    MijnMelding: {
      rij: 'isEigenMeldingVanMelder',
      velden: { '*': MELDER },
      persoonsgegevens: ['omschrijving'],
      tekst: { omschrijving: 'PARTNER' },
    },
    Terugkoppeling: { rij: 'isEigenMeldingVanMelder', velden: { '*': MELDER } },
    TerugkoppelingStap: { rij: 'geenPersoonsgegevens', velden: { '*': MELDER } },
    OvernemendePartij: {
      rij: 'geenPersoonsgegevens',
      velden: { '*': MELDER },
      tekst: { naam: 'CODE', soort: 'CODE' },
    },
  },
};
