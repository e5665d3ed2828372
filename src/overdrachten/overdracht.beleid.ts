import { Rol, type Rol as RolType, VT_UITVOERING } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';

const VT = VT_UITVOERING;
/** The partner roles that receive handovers. */
const PARTNERS: readonly RolType[] = [
  Rol.WIJKTEAM_MEDEWERKER,
  Rol.ZVH_MEDEWERKER,
  Rol.GI_JEUGDBESCHERMER,
  Rol.RVDK_MEDEWERKER,
];
const alle = [...VT, ...PARTNERS];
const waaromVt =
  'VT draagt over als vervolg op de veiligheidsbeoordeling (Wmo 2015 art. 4.1.1 lid 2; Handelingsprotocol 2019).';
const waaromPartner =
  'De ontvangende partner beslist over het aanbod en zet de hulp voort (warme overdracht, DOMAIN.md §5).';

/**
 * What each partner sees of a handover (DOMAIN.md §4.6, §9.4). Before acceptance only the minimal offer; the
 * content while the handover runs, in the profile of the partner kind: the wijkteam and the ZVH get persons with
 * contact data and the veiligheidsvoorwaarden but no BSN; the GI and the RvdK also the BSN; only the RvdK the
 * Verzoek tot Onderzoek. No partner ever sees the melder: the type is not in their schema at all. Of a withdrawal the
 * partner hears the code (`intrekkingReden`); VT's own explanation may say where a victim is staying and is VT's only.
 */
export const overdrachtBeleid: BeleidDeel = {
  operaties: {
    Query: {
      overdrachten: {
        doelgroepen: VT,
        waarom: `${waaromVt} Een medewerker alleen van toegewezen casussen (need-to-know).`,
      },
      melderTerugkoppeling: {
        doelgroepen: VT,
        waarom: 'VT vertelt de melder welke partner het overnam (Wmo 2015 art. 4.1.1 lid 1 sub g).',
      },
      overdracht: { doelgroepen: alle, waarom: 'VT van de regio, of de partner aan wie de overdracht gericht is.' },
      overdrachtInbox: { doelgroepen: PARTNERS, waarom: waaromPartner },
      verzoekenTotOnderzoekGemeld: {
        doelgroepen: [Rol.GEMEENTE_MEDEWERKER],
        waarom: 'VT informeert het college over elk Verzoek tot Onderzoek (Wmo 2015 art. 4.1.1 lid 1 sub f).',
      },
    },
    Mutation: {
      overdrachtAanbieden: { doelgroepen: VT, waarom: waaromVt },
      overdrachtIntrekken: { doelgroepen: VT, waarom: waaromVt },
      overdrachtOntvangen: { doelgroepen: PARTNERS, waarom: waaromPartner },
      overdrachtAccepteren: { doelgroepen: PARTNERS, waarom: waaromPartner },
      overdrachtAfwijzen: { doelgroepen: PARTNERS, waarom: waaromPartner },
      overdrachtContactBevestigen: { doelgroepen: PARTNERS, waarom: waaromPartner },
      overdrachtAfronden: {
        doelgroepen: PARTNERS,
        waarom: 'De partner meldt de uitkomst terug aan VT (gesloten lus).',
      },
      monitoringInputGeven: {
        doelgroepen: PARTNERS,
        waarom: 'VT vraagt de partner om inbreng bij de monitoring na 3 en 12 maanden.',
      },
    },
  },
  typen: {
    Overdracht: {
      rij: 'isToegewezenVtOfOntvanger',
      velden: { '*': alle, casusId: VT, intrekkingToelichting: VT },
      persoonsgegevens: ['woonplaatsen', 'intrekkingToelichting'],
      tekst: {
        vtOrganisatie: 'CODE',
        ontvanger: 'CODE',
        woonplaatsen: 'PERSOONSGEGEVEN',
        afwijzingToelichting: 'PARTNER',
        contactVtPersoon: 'PARTNER',
        contactPartnerPersoon: 'PARTNER',
        uitkomstToelichting: 'PARTNER',
        intrekkingToelichting: 'VT_INTERN',
      },
    },
    OverdrachtEdge: { rij: 'geenPersoonsgegevens', velden: { '*': PARTNERS }, tekst: { cursor: 'CODE' } },
    OverdrachtConnection: { rij: 'geenPersoonsgegevens', velden: { '*': PARTNERS } },
    OverdrachtInhoud: {
      rij: 'isVanEigenVtRegioOfOntvanger',
      velden: { '*': alle, verzoekTotOnderzoek: [...VT, Rol.RVDK_MEDEWERKER] },
      persoonsgegevens: ['toelichting'],
      tekst: { toelichting: 'VT_VOOR_PARTNER', vtContactpersoon: 'CODE' },
    },
    OverdrachtPersoon: {
      rij: 'isVanEigenVtRegioOfOntvanger',
      velden: { '*': alle, bsn: [...VT, Rol.GI_JEUGDBESCHERMER, Rol.RVDK_MEDEWERKER] },
      persoonsgegevens: [
        'bsn',
        'voornamen',
        'achternaam',
        'geboortedatum',
        'straat',
        'huisnummer',
        'postcode',
        'woonplaats',
        'telefoon',
        'email',
      ],
      tekst: {
        voornamen: 'PERSOONSGEGEVEN',
        achternaam: 'PERSOONSGEGEVEN',
        straat: 'PERSOONSGEGEVEN',
        huisnummer: 'PERSOONSGEGEVEN',
        postcode: 'PERSOONSGEGEVEN',
        woonplaats: 'PERSOONSGEGEVEN',
        telefoon: 'PERSOONSGEGEVEN',
        email: 'PERSOONSGEGEVEN',
      },
    },
    OverdrachtAfspraak: {
      rij: 'isVanEigenVtRegioOfOntvanger',
      velden: { '*': alle },
      persoonsgegevens: ['omschrijving', 'partijen'],
      tekst: { omschrijving: 'VT_VOOR_PARTNER', partijen: 'VT_VOOR_PARTNER' },
    },
    OverdrachtVerzoek: {
      rij: 'isVanEigenVtRegioOfOntvanger',
      velden: { '*': [...VT, Rol.RVDK_MEDEWERKER] },
      persoonsgegevens: ['standpuntOuders', 'kinderen'],
      tekst: { standpuntOuders: 'VT_VOOR_PARTNER' },
    },
    MonitoringInput: {
      rij: 'isVanEigenVtRegioOfOntvanger',
      velden: { '*': alle },
      persoonsgegevens: ['toelichting'],
      tekst: { toelichting: 'PARTNER' },
    },
    MelderTerugkoppeling: { rij: 'heeftCasusToegang', velden: { '*': VT } },
    VerzoekTotOnderzoekMelding: {
      rij: 'isVanEigenOrganisatie',
      velden: { '*': [Rol.GEMEENTE_MEDEWERKER] },
      tekst: { vtOrganisatie: 'CODE' },
    },
    VerzoekTotOnderzoekMeldingEdge: {
      rij: 'geenPersoonsgegevens',
      velden: { '*': [Rol.GEMEENTE_MEDEWERKER] },
      tekst: { cursor: 'CODE' },
    },
    VerzoekTotOnderzoekMeldingConnection: { rij: 'geenPersoonsgegevens', velden: { '*': [Rol.GEMEENTE_MEDEWERKER] } },
  },
};
