import { Rol, VT_UITVOERING } from '../auth/rollen';
import type { BeleidDeel } from '../beleid/beleid';

const VT = VT_UITVOERING;
const waarom = 'VT voert het wettelijke proces van de eigen regio uit (Wmo 2015 art. 4.1.1; Handelingsprotocol 2019).';

/**
 * The process, from the intake of a melding (by VT, or in bulk by the police) on: VT staff of the owning region only;
 * within the region, need-to-know (src/beleid/casustoegang.ts). Partner views of a casus come with the overdracht
 * (issue 4).
 */
export const casusBeleid: BeleidDeel = {
  operaties: {
    Query: {
      casus: {
        doelgroepen: VT,
        waarom: `${waarom} Need-to-know: een medewerker alleen de toegewezen casussen (DOMAIN.md §9.4).`,
      },
      casussen: {
        doelgroepen: VT,
        waarom: `${waarom} Need-to-know: een medewerker alleen de toegewezen casussen (DOMAIN.md §9.4).`,
      },
      casusZoeken: {
        doelgroepen: VT,
        waarom:
          'Een niet-toegewezen medewerker zoekt in de eigen regio alleen of er een casus is en wie eraan werkt; elke zoekvraag wordt gelogd (DOMAIN.md §9.4, NEN 7513).',
      },
      betrokkeneInformering: { doelgroepen: VT, waarom: `${waarom} Need-to-know, zoals de casus.` },
      vtRegisterTreffers: {
        doelgroepen: VT,
        waarom:
          "VT-registercheck: alleen dat een andere VT-organisatie betrokken is of was en wie te bellen, nooit wat (DOMAIN.md §9); need-to-know zoals de casus; beide regio's auditen.",
      },
      vtRegisterSignalen: {
        doelgroepen: [Rol.VT_TEAMLEIDER],
        waarom:
          'De teamleider hoort dat een melding elders een persoon van de regio betreft, en verdeelt het contact; geen inhoud van die melding.',
      },
    },
    Mutation: {
      meldingRegistreren: {
        doelgroepen: VT,
        waarom:
          'VT registreert elke melding die het ontvangt (Wmo 2015 art. 4.1.1 sub a); wie haar aanneemt, registreert haar, ook bij een casus van een ander.',
      },
      politieMeldingenAanleveren: {
        doelgroepen: [Rol.POLITIE_MEDEWERKER],
        waarom:
          'De politie levert zorgmeldingen aan Veilig Thuis (samenwerkingsafspraken VT-politie-OM, DOMAIN.md §9.4).',
      },
      veiligheidsbeoordelingVastleggen: {
        doelgroepen: VT,
        waarom:
          'Elke melding krijgt binnen 5 werkdagen een veiligheidsbeoordeling (Uitvoeringsbesluit Wmo 2015 art. 4.1.7).',
      },
      casusOvergang: { doelgroepen: VT, waarom },
      veiligheidsafspraakVastleggen: { doelgroepen: VT, waarom },
      monitoringcontactVastleggen: { doelgroepen: VT, waarom },
      terugkoppelingVastleggen: {
        doelgroepen: VT,
        waarom: 'VT koppelt terug aan melder en huishouden (Wmo 2015 art. 4.1.1 lid 1 sub g).',
      },
      betrokkeneInformerenVastleggen: {
        doelgroepen: VT,
        waarom:
          'VT informeert de betrokkene zo snel mogelijk over de melding, of legt de wettelijke reden vast om dat uit te stellen of na te laten (DOMAIN.md §2; AVG art. 14).',
      },
      casusToewijzen: {
        doelgroepen: [Rol.VT_TEAMLEIDER],
        waarom: 'De teamleider verdeelt het werk, aan een behandelaar en aan een team.',
      },
    },
  },
  typen: {
    PolitieAanleverResultaat: {
      rij: 'geenPersoonsgegevens',
      velden: { '*': [Rol.POLITIE_MEDEWERKER] },
      tekst: { politieReferentie: 'PARTNER' },
    },
    Casus: { rij: 'heeftCasusToegang', velden: { '*': VT } },
    CasusZoekresultaat: { rij: 'isVanEigenVtRegio', velden: { '*': VT } },
    CasusEdge: { rij: 'geenPersoonsgegevens', velden: { '*': VT } },
    CasusConnection: { rij: 'geenPersoonsgegevens', velden: { '*': VT } },
    CasusOvergang: { rij: 'isVanEigenVtRegio', velden: { '*': VT }, persoonsgegevens: ['toelichting'] },
    Veiligheidsbeoordeling: { rij: 'heeftCasusToegang', velden: { '*': VT }, persoonsgegevens: ['toelichting'] },
    VeiligheidsbeoordelingResultaat: { rij: 'geenPersoonsgegevens', velden: { '*': VT } },
    Dienst: { rij: 'isVanEigenVtRegio', velden: { '*': VT } },
    OnderzoekUitkomst: { rij: 'isVanEigenVtRegio', velden: { '*': VT } },
    VerzoekTotOnderzoek: {
      rij: 'isVanEigenVtRegio',
      velden: { '*': VT },
      persoonsgegevens: ['kinderen', 'standpuntOuders'],
    },
    Veiligheidsafspraak: {
      rij: 'isVanEigenVtRegio',
      velden: { '*': VT },
      persoonsgegevens: ['omschrijving', 'partijen'],
    },
    BetrokkeneInformering: {
      rij: 'isVanEigenVtRegio',
      velden: { '*': VT },
      persoonsgegevens: ['persoonIds', 'toelichting'],
    },
    VtRegisterTreffer: { rij: 'isVanEigenVtRegio', velden: { '*': VT }, persoonsgegevens: ['persoonIds'] },
    VtRegisterSignaal: {
      rij: 'isVanEigenVtRegio',
      velden: { '*': [Rol.VT_TEAMLEIDER] },
      persoonsgegevens: ['persoonIds'],
    },
    Monitoringcontact: { rij: 'isVanEigenVtRegio', velden: { '*': VT }, persoonsgegevens: ['toelichting'] },
  },
};
