import { IEDEREEN, type BeleidDeel } from '../beleid/beleid';

/** Reference data and the caller's own identity: every audience, no personal data. */
export const organisatieBeleid: BeleidDeel = {
  operaties: {
    Query: { ik: { doelgroepen: IEDEREEN, waarom: 'Iedere aanroeper mag zien als wie en voor welke organisatie het token geldt.' } },
  },
  typen: {
    Ik: { rij: 'geenPersoonsgegevens', velden: { '*': IEDEREEN } },
    Organisatie: { rij: 'geenPersoonsgegevens', velden: { '*': IEDEREEN } },
    PageInfo: { rij: 'geenPersoonsgegevens', velden: { '*': IEDEREEN } },
  },
};
