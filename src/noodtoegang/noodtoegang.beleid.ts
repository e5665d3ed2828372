import { Rol } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';

const MW = [Rol.VT_MEDEWERKER];
const PO = [Rol.PRIVACY_OFFICER];
/**
 * The teamleider sees the uses of the region too (not the judging): an emergency opening means the assignment did not
 * match the need (after hours, a colleague away), which is theirs to fix, and misuse by a worker is a matter they act
 * on with the privacy officer. The reason holds nothing they cannot read already: they read the whole region.
 */
const TOEZICHT = [Rol.PRIVACY_OFFICER, Rol.VT_TEAMLEIDER];

/** Noodtoegang (break-the-glass, NEN 7513 "noodprocedure"). */
export const noodtoegangBeleid: BeleidDeel = {
  operaties: {
    Query: {
      noodtoegangen: {
        doelgroepen: TOEZICHT,
        waarom:
          'De privacy officer beoordeelt elk gebruik van noodtoegang; de teamleider ziet het gebruik van de regio.',
      },
      noodtoegangGebruik: {
        doelgroepen: TOEZICHT,
        waarom: 'Misbruik van noodtoegang is per medewerker zichtbaar voor toezicht (NEN 7513).',
      },
    },
    Mutation: {
      noodtoegangOpenen: {
        doelgroepen: MW,
        waarom:
          'Bij acute nood opent een niet-toegewezen medewerker een casus, met reden en voor beperkte tijd (DOMAIN.md §9.4; teamleider en vertrouwensarts hebben de regio al).',
      },
      noodtoegangBeoordelen: {
        doelgroepen: PO,
        waarom: 'De privacy officer beoordeelt en sluit elk gebruik van noodtoegang (AVG art. 5 lid 2, NEN 7513).',
      },
    },
  },
  typen: {
    Noodtoegang: {
      rij: 'isNoodtoegangZichtbaar',
      velden: { '*': [...MW, ...TOEZICHT] },
      persoonsgegevens: ['reden', 'medewerkerNaam', 'oordeelToelichting'],
    },
    NoodtoegangEdge: { rij: 'geenPersoonsgegevens', velden: { '*': TOEZICHT } },
    NoodtoegangConnection: { rij: 'geenPersoonsgegevens', velden: { '*': TOEZICHT } },
    NoodtoegangGebruik: { rij: 'isVanEigenVtRegio', velden: { '*': TOEZICHT }, persoonsgegevens: ['medewerkerNaam'] },
  },
};
