import { IEDEREEN, type BeleidDeel } from '../beleid/beleid';

/**
 * Reference data and the caller's own identity: every audience, no personal data. Functioneel beheer of these
 * organisations has its own slice (src/beheer/beheer.beleid.ts).
 */
export const organisatieBeleid: BeleidDeel = {
  operaties: {
    Query: {
      ik: {
        doelgroepen: IEDEREEN,
        waarom: 'Iedere aanroeper mag zien als wie en voor welke organisatie het token geldt.',
      },
    },
  },
  typen: {
    // The caller's own token: from its own organisation's identity provider.
    Ik: {
      rij: 'geenPersoonsgegevens',
      velden: { '*': IEDEREEN },
      tekst: { sub: 'PARTNER', naam: 'PARTNER', namens: 'PARTNER' },
    },
    Organisatie: { rij: 'geenPersoonsgegevens', velden: { '*': IEDEREEN }, tekst: { code: 'CODE', naam: 'CODE' } },
    PageInfo: { rij: 'geenPersoonsgegevens', velden: { '*': IEDEREEN }, tekst: { endCursor: 'CODE' } },
  },
};
