import { VT_UITVOERING } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';
import type { Module } from '../lib/module';
import { AdviesEntity } from './advies.entity';
import { AdviesResolver } from './advies.resolver';

const VT = VT_UITVOERING;
const waarom = 'VT geeft advies en ondersteuning aan wie geweld vermoedt (Wmo 2015 art. 4.1.1).';

const adviesBeleid: BeleidDeel = {
  operaties: {
    Query: {
      advies: {
        doelgroepen: VT,
        waarom: `${waarom} Een advies dat een melding werd, hoort bij die casus (need-to-know).`,
      },
      adviezen: {
        doelgroepen: VT,
        waarom: `${waarom} Een advies dat een melding werd, hoort bij die casus (need-to-know).`,
      },
    },
    Mutation: {
      adviesRegistreren: { doelgroepen: VT, waarom },
      adviesAfronden: { doelgroepen: VT, waarom },
      adviesOmzettenInMelding: {
        doelgroepen: VT,
        waarom: 'Een advies kan een melding worden, ook ambtshalve (Handelingsprotocol 2019).',
      },
    },
  },
  typen: {
    Advies: { rij: 'heeftAdviesToegang', velden: { '*': VT }, persoonsgegevens: ['omschrijving'] },
    AdviesEdge: { rij: 'geenPersoonsgegevens', velden: { '*': VT } },
    AdviesConnection: { rij: 'geenPersoonsgegevens', velden: { '*': VT } },
  },
};

/** Adviezen (advies en ondersteuning) and their conversion into meldingen. */
export const adviezenModule: Module = {
  naam: 'adviezen',
  entities: [AdviesEntity],
  resolvers: [AdviesResolver],
  beleid: adviesBeleid,
};
