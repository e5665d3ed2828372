import { Rol, VT_UITVOERING } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';

const VT = VT_UITVOERING;
const OOV = [Rol.GEMEENTE_OOV_MEDEWERKER];
const POLITIE = [Rol.POLITIE_MEDEWERKER];
const VT_EN_OOV = [...VT, ...OOV];
const ALLEN = [...VT, ...OOV, ...POLITIE];
const VT_EN_POLITIE = [...VT, ...POLITIE];

/**
 * The tijdelijk huisverbod (DOMAIN.md §9.4): VT sees everything (need-to-know of the casus); the burgemeester (gemeente
 * OOV) sees the huisverbod and VT's advice, nothing else of the casus; the police see the status of the huisverbod they
 * reported and their own reference. No partner sees the persons, the RiHG, the conversations or the veiligheidsplan.
 */
export const huisverbodBeleid: BeleidDeel = {
  operaties: {
    Query: {
      huisverboden: {
        doelgroepen: ALLEN,
        waarom:
          'VT werkt de huisverboden van toegewezen casussen af; de burgemeester leest huisverbod en advies; de politie volgt de stand van wat zij meldde.',
      },
      huisverbodMeldingen: {
        doelgroepen: VT_EN_POLITIE,
        waarom:
          'VT ziet de meldingen van de politie voor de regio om ze bij een casus te registreren; de politie ziet de eigen meldingen en of VT ze registreerde.',
      },
      huisverbod: {
        doelgroepen: ALLEN,
        waarom: 'Eén huisverbod, voor VT, de gemeente (OOV) en de politie die het meldde, elk het eigen deel.',
      },
    },
    Mutation: {
      huisverbodMelden: {
        doelgroepen: POLITIE,
        waarom:
          'De politie meldt het huisverbod dat de burgemeester oplegde aan de VT-regio van de gemeente (Wet tijdelijk huisverbod art. 2; DOMAIN.md §2).',
      },
      huisverbodRegistreren: {
        doelgroepen: VT,
        waarom:
          'VT legt het huisverbod dat de burgemeester oplegde vast bij de casus (Wet tijdelijk huisverbod art. 3).',
      },
      huisverbodBijwerken: {
        doelgroepen: VT,
        waarom: 'VT spreekt uithuisgeplaatste en achterblijvers, verzamelt informatie en maakt een veiligheidsplan.',
      },
      huisverbodAdviseren: { doelgroepen: VT, waarom: 'VT adviseert de burgemeester rond dag 8 over verlenging.' },
      huisverbodVerlengen: {
        doelgroepen: VT_EN_OOV,
        waarom: 'De burgemeester beslist over verlenging; VT legt een besluit op papier vast.',
      },
      huisverbodIntrekken: {
        doelgroepen: VT_EN_OOV,
        waarom: 'De burgemeester trekt een huisverbod in; VT legt een besluit op papier vast.',
      },
      huisverbodMonitoringcontactVastleggen: {
        doelgroepen: VT,
        waarom: 'VT neemt na het huisverbod contact op na 3, 12 en 18 maanden.',
      },
    },
  },
  typen: {
    TijdelijkHuisverbod: {
      rij: 'isToegewezenVtOfHuisverbodPartner',
      velden: {
        '*': VT,
        id: ALLEN,
        vtOrganisatie: ALLEN,
        gemeente: ALLEN,
        politie: ALLEN,
        status: ALLEN,
        opgelegdOp: ALLEN,
        opgelegdTot: ALLEN,
        verlengdTot: ALLEN,
        eindigtOp: ALLEN,
        ingetrokkenOp: ALLEN,
        beschikkingKenmerk: VT_EN_OOV,
        uiterlijkTot: VT_EN_OOV,
        adviesVoor: VT_EN_OOV,
        advies: VT_EN_OOV,
        adviesToelichting: VT_EN_OOV,
        geadviseerdOp: VT_EN_OOV,
        verlengdOp: VT_EN_OOV,
        politieReferentie: [...VT, ...POLITIE],
      },
      persoonsgegevens: [
        'uithuisgeplaatsteId',
        'achterblijverIds',
        'rihgReferentie',
        'informatieDerden',
        'veiligheidsplan',
        'adviesToelichting',
        'politieReferentie',
        'beschikkingKenmerk',
        'monitoringcontacten',
      ],
      tekst: {
        vtOrganisatie: 'CODE',
        gemeente: 'CODE',
        politie: 'CODE',
        // The reader's own references: the burgemeester's beschikking, the police's case number.
        beschikkingKenmerk: 'PARTNER',
        politieReferentie: 'PARTNER',
        adviesToelichting: 'VT_VOOR_PARTNER',
        rihgReferentie: 'CODE',
        geregistreerdDoor: 'CODE',
        geadviseerdDoor: 'CODE',
        verlengdDoor: 'CODE',
        ingetrokkenDoor: 'CODE',
        informatieDerden: 'VT_INTERN',
        veiligheidsplan: 'VT_INTERN',
      },
    },
    HuisverbodMonitoringcontact: {
      rij: 'isVanEigenVtRegio',
      velden: { '*': VT },
      persoonsgegevens: ['toelichting'],
      tekst: { moment: 'CODE', vastgelegdDoor: 'CODE', toelichting: 'VT_INTERN' },
    },
    // The police's report: the police read back what they reported and whether VT registered it, not the persons
    // (they named them; VT needs them to find the casus).
    HuisverbodMelding: {
      rij: 'isVanEigenVtRegioOfOntvanger',
      velden: {
        '*': VT,
        id: VT_EN_POLITIE,
        status: VT_EN_POLITIE,
        vtOrganisatie: VT_EN_POLITIE,
        politie: VT_EN_POLITIE,
        gemeente: VT_EN_POLITIE,
        politieReferentie: VT_EN_POLITIE,
        beschikkingKenmerk: VT_EN_POLITIE,
        opgelegdOp: VT_EN_POLITIE,
        opgelegdTot: VT_EN_POLITIE,
        gemeldOp: VT_EN_POLITIE,
        huisverbodId: VT_EN_POLITIE,
        gekoppeldOp: VT_EN_POLITIE,
      },
      persoonsgegevens: [
        'uithuisgeplaatste',
        'achterblijvers',
        'politieReferentie',
        'beschikkingKenmerk',
        'rihgReferentie',
        'gemeldDoor',
      ],
      tekst: {
        vtOrganisatie: 'CODE',
        politie: 'CODE',
        gemeente: 'CODE',
        // What the police reported: their own references.
        politieReferentie: 'PARTNER',
        beschikkingKenmerk: 'PARTNER',
        rihgReferentie: 'PARTNER',
        gemeldDoor: 'PARTNER',
      },
    },
    GemeldePersoon: {
      rij: 'isVanEigenVtRegio',
      velden: { '*': VT },
      persoonsgegevens: ['bsn', 'voornamen', 'achternaam', 'geboortedatum'],
      tekst: { voornamen: 'PERSOONSGEGEVEN', achternaam: 'PERSOONSGEGEVEN' },
    },
    HuisverbodMeldingEdge: { rij: 'geenPersoonsgegevens', velden: { '*': VT_EN_POLITIE }, tekst: { cursor: 'CODE' } },
    HuisverbodMeldingConnection: { rij: 'geenPersoonsgegevens', velden: { '*': VT_EN_POLITIE } },
    TijdelijkHuisverbodEdge: { rij: 'geenPersoonsgegevens', velden: { '*': ALLEN }, tekst: { cursor: 'CODE' } },
    TijdelijkHuisverbodConnection: { rij: 'geenPersoonsgegevens', velden: { '*': ALLEN } },
  },
};
