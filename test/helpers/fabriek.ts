/** Readable defaults for GraphQL inputs. Override what a test is about; the rest is a valid melding. */
import { randomInt } from 'node:crypto';

import type { AuditRegel } from '../../src/audit/audit-inhoud';

const uitgegeven = new Set<string>();

/**
 * A valid BSN (passes the 11-proef), different on every call in this process and drawn from all 90 million 8-digit
 * stems, so that test files running side by side on one database are unlikely to share one. (It drew from about
 * 100.000 stems before: two meldingen of one test file then sometimes shared a person, and so a household and a casus,
 * and a test found the casus in the fase another test had left it in.)
 */
export function geldigBsn(): string {
  for (;;) {
    const basis = String(randomInt(10_000_000, 100_000_000));
    let som = 0;
    for (let i = 0; i < 8; i++) som += (9 - i) * Number(basis[i]);
    const laatste = som % 11;
    const bsn = `${basis}${laatste}`;
    if (laatste <= 9 && !uitgegeven.has(bsn)) {
      uitgegeven.add(bsn);
      return bsn;
    }
  }
}

export function meldingInvoer(overschrijf: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ontvangenOp: '2026-03-09T14:30:00+01:00',
    kanaal: 'TELEFOON',
    aardGeweld: ['KINDERMISHANDELING'],
    duurGeweld: 'EEN_TOT_ZES_MAANDEN',
    omschrijving: 'Leerkracht ziet herhaaldelijk blauwe plekken bij een leerling van groep 4.',
    hoedanigheidMelder: 'BEROEPSMATIG',
    organisatieMelder: 'ONDERWIJS',
    melder: {
      anonimiteit: 'OPEN',
      toestemmingBekendmaking: true,
      naam: 'J. de Leraar',
      telefoon: '+31 35 123 4567',
      functie: 'leerkracht',
      werkgever: 'OBS De Linde',
    },
    betrokkenen: [
      {
        rollen: ['KIND', 'SLACHTOFFER'],
        persoon: {
          bsn: geldigBsn(),
          voornamen: 'Sara',
          achternaam: 'Jansen',
          geboortedatum: '2018-05-04',
          adres: { straat: 'Kerkstraat', huisnummer: '12', postcode: '1211 AB', woonplaats: 'Hilversum' },
        },
      },
      {
        rollen: ['PLEGER'],
        persoon: { bsn: geldigBsn(), voornamen: 'Peter', achternaam: 'Jansen', geboortedatum: '1984-11-23' },
      },
    ],
    ...overschrijf,
  };
}

export const REGISTREER = `
  mutation Registreer($invoer: MeldingInvoer!) {
    meldingRegistreren(invoer: $invoer) {
      id vtOrganisatie ontvangenOp aardGeweld omschrijving
      melder { anonimiteit naam telefoon }
      betrokkenen { id rollen persoon { id bsn voornamen achternaam geboortedatum adres { postcode } } }
    }
  }`;

export const LEES = `
  query Lees($id: ID!) {
    melding(id: $id) {
      id vtOrganisatie omschrijving
      melder { anonimiteit naam telefoon email }
      betrokkenen { rollen persoon { id bsn voornamen achternaam } }
    }
  }`;

/** An audit record as a service would state it (a read of a melding); override what a test is about. */
export function auditRegel(overschrijf: Partial<AuditRegel> = {}): AuditRegel {
  return {
    tijdstip: new Date('2026-03-10T09:00:00Z'),
    gebeurtenis: 'MELDING_INZIEN',
    actie: 'R',
    gebruiker: 'mw',
    gebruikerNaam: null,
    actorSoort: 'PERSOON',
    rol: 'VT_MEDEWERKER',
    organisatie: 'VT14',
    namens: null,
    toegangspunt: 'test',
    verzoekId: 'test',
    grondslag: 'test',
    noodprocedure: false,
    vtOrganisatie: 'VT14',
    objectType: 'Melding',
    objectId: null,
    persoonIds: [],
    velden: [],
    ...overschrijf,
  };
}
