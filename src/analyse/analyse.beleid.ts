import { Rol } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';
import type { TypeBeleid } from '../beleid/beleid.types';

const A = [Rol.ANALIST];
const waarom =
  'Beleidsinformatie zoals CBS die publiceert: alleen aantallen, afgerond en met onderdrukte kleine cellen (DOMAIN.md §3.3, §9.4).';
const cbsWaarom =
  'De halfjaarlijkse levering aan CBS (informatieprotocol, DOMAIN.md §3.3): exacte aantallen zonder personen, die CBS zelf beveiligt bij publicatie; de privacy officer (FG) van de VT-organisatie levert haar, niet de analist, die alleen afgeronde en onderdrukte aantallen ziet.';
const verversWaarom =
  'Verse cijfers op verzoek (issue 18.6): de analist die ze gebruikt, of functioneel beheer dat de voorziening bewaakt; het verzoek draagt geen cijfers en geen persoonsgegevens, en is per minuut begrensd.';
const aggregaat: TypeBeleid = { rij: 'isAggregaatVoorAnalist', velden: { '*': A }, persoonsgegevens: [] };

/**
 * Analysts see aggregates only: every type here is a count, a category code or a timestamp of a refresh. No type
 * leads to a case, a person or an id. The service scopes each question to the analyst's region or gemeente.
 */
export const analyseBeleid: BeleidDeel = {
  operaties: {
    Query: {
      analyse: { doelgroepen: A, waarom },
      cbsTabel: { doelgroepen: A, waarom },
      cbsTabelCsv: { doelgroepen: A, waarom },
      cbsLevering: { doelgroepen: [Rol.PRIVACY_OFFICER], waarom: cbsWaarom },
      cbsLeveringen: { doelgroepen: [Rol.PRIVACY_OFFICER], waarom: cbsWaarom },
    },
    Mutation: {
      analyseVerversenAanvragen: { doelgroepen: [Rol.ANALIST, Rol.FUNCTIONEEL_BEHEERDER], waarom: verversWaarom },
    },
  },
  typen: {
    AnalyseAntwoord: aggregaat,
    AnalyseCel: aggregaat,
    AnalyseCoordinaat: aggregaat,
    AnalyseWaarde: aggregaat,
    AnalyseVersheid: aggregaat,
    CbsTabelAntwoord: aggregaat,
    CbsTabelRij: aggregaat,
    CbsTabelWaarde: aggregaat,
    AnalyseVerversverzoek: {
      rij: 'isVerversverzoekVoorAnalistOfBeheer',
      velden: { '*': [Rol.ANALIST, Rol.FUNCTIONEEL_BEHEERDER] },
      persoonsgegevens: [],
    },
    CbsLevering: { rij: 'isVanEigenVtRegio', velden: { '*': [Rol.PRIVACY_OFFICER] }, persoonsgegevens: [] },
  },
};
