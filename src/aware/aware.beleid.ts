import { Rol, VT_UITVOERING } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';

const VT = VT_UITVOERING;
const COMMISSIE = [Rol.AWARE_INDICATIECOMMISSIE];
const ALLEN = [...VT, ...COMMISSIE];

/**
 * Aware (DOMAIN.md §9.4: "Aware indication committee — application decision — application data"): VT sees everything
 * (need-to-know of the casus); the committee sees the applications submitted to it: the threat, VT's grounds, its own
 * decision and the period, nothing of the casus (no casus, no person ids, no melding).
 */
export const awareBeleid: BeleidDeel = {
  operaties: {
    Query: {
      awareAanvragen: {
        doelgroepen: ALLEN,
        waarom:
          'VT werkt de Aware-aanvragen van toegewezen casussen af; de commissie besluit over wat bij haar is ingediend.',
      },
      awareAanvraag: {
        doelgroepen: ALLEN,
        waarom: 'Eén Aware-aanvraag, voor VT en voor de commissie, elk het eigen deel.',
      },
    },
    Mutation: {
      awareAanvraagRegistreren: { doelgroepen: VT, waarom: 'VT coördineert de Aware-aanvragen in de regio.' },
      awareAanvraagVoorleggen: { doelgroepen: VT, waarom: 'VT legt de aanvraag voor aan de indicatiecommissie.' },
      awareBesluitNemen: { doelgroepen: COMMISSIE, waarom: 'De indicatiecommissie besluit over de aanvraag.' },
      awareInstallatieVastleggen: { doelgroepen: VT, waarom: 'VT legt vast wanneer het alarm is geïnstalleerd.' },
      awareVerlengen: { doelgroepen: VT, waarom: 'VT verlengt het alarm vóór de einddatum.' },
      awareBeeindigen: { doelgroepen: VT, waarom: 'VT beëindigt het alarm.' },
    },
  },
  typen: {
    AwareAanvraag: {
      rij: 'isToegewezenVtOfAwareCommissie',
      velden: {
        '*': VT,
        id: ALLEN,
        vtOrganisatie: ALLEN,
        commissie: ALLEN,
        status: ALLEN,
        dreiging: ALLEN,
        onderbouwing: ALLEN,
        ingediendOp: ALLEN,
        besluitVoor: ALLEN,
        besluit: ALLEN,
        besluitMotivering: ALLEN,
        beslotenOp: ALLEN,
        periodeMaanden: ALLEN,
        geinstalleerdOp: ALLEN,
        einddatum: ALLEN,
        verlengingen: ALLEN,
        beeindigdOp: ALLEN,
      },
      persoonsgegevens: ['slachtofferId', 'onderbouwing', 'besluitMotivering', 'beeindigdReden'],
      tekst: {
        vtOrganisatie: 'CODE',
        commissie: 'CODE',
        onderbouwing: 'VT_VOOR_PARTNER',
        besluitMotivering: 'PARTNER',
        aangevraagdDoor: 'CODE',
        beslotenDoor: 'CODE',
        beeindigdReden: 'VT_INTERN',
      },
    },
    AwareAanvraagEdge: { rij: 'geenPersoonsgegevens', velden: { '*': ALLEN }, tekst: { cursor: 'CODE' } },
    AwareAanvraagConnection: { rij: 'geenPersoonsgegevens', velden: { '*': ALLEN } },
  },
};
