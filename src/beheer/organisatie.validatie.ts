import { OrganisatieSoort } from '../auth/rollen';
import type { VeldFout } from '../lib/errors';
import { gemeenten } from '../organisaties/gemeenten';
import { vtRegios } from '../organisaties/vt-regios';
import { type BeheerScope, isPartnerSoort } from './beheer.scope';

/** An organisation as onboarding registers it: the whole state after a registration or change. */
export interface OrganisatieGegevens {
  code: string;
  naam: string;
  soort: string;
  regioCodes: string[];
  brin: string | null;
  schoolvakantieregio: string | null;
  cbsCode: string | null;
}

/** Organisation codes: stable identifiers (never renamed), as the database checks them (migration 1). */
export const CODE_PATROON = /^[A-Z0-9][A-Z0-9_-]{1,39}$/;
/** BRIN: 2 digits and 2 letters, optionally a 2-digit vestiging (migration 15). */
export const BRIN_PATROON = /^[0-9]{2}[A-Z]{2}([0-9]{2})?$/;
/** CBS gemeente code. */
export const CBS_PATROON = /^GM[0-9]{4}$/;
export const SCHOOLVAKANTIEREGIOS = ['noord', 'midden', 'zuid'] as const;

const bekendeRegios = new Set(vtRegios.map((r) => r.code));
const soorten = new Set<string>(Object.values(OrganisatieSoort));

/** Input as typed by a person (CLI or API): codes upper case, names trimmed, regions once each. */
export function normaliseer<T extends Partial<OrganisatieGegevens>>(g: T): T {
  const uit: Partial<OrganisatieGegevens> = { ...g };
  if (typeof g.code === 'string') uit.code = g.code.trim().toUpperCase();
  if (typeof g.naam === 'string') uit.naam = g.naam.trim();
  if (typeof g.soort === 'string') uit.soort = g.soort.trim().toUpperCase();
  if (Array.isArray(g.regioCodes)) {
    uit.regioCodes = [...new Set(g.regioCodes.map((r) => String(r).trim().toUpperCase()))].sort();
  }
  if (typeof g.brin === 'string') uit.brin = g.brin.trim().toUpperCase() || null;
  if (typeof g.schoolvakantieregio === 'string') {
    uit.schoolvakantieregio = g.schoolvakantieregio.trim().toLowerCase() || null;
  }
  if (typeof g.cbsCode === 'string') uit.cbsCode = g.cbsCode.trim().toUpperCase() || null;
  return uit as T;
}

/**
 * Checks an organisation's state against the rules of its kind and the beheerder's scope; returns every problem
 * (nothing is changed when there is one). `vorigeRegios`: the regions before a change (absent at registration).
 * Uniqueness of BRIN and CBS code is checked by the service against the table.
 */
export function valideerOrganisatie(
  g: OrganisatieGegevens,
  scope: BeheerScope,
  vorigeRegios?: readonly string[],
): VeldFout[] {
  const f: VeldFout[] = [];
  if (!CODE_PATROON.test(g.code)) {
    f.push({
      veld: 'code',
      code: 'ONGELDIGE_CODE',
      melding:
        'Een code is 2 tot 40 hoofdletters, cijfers, - of _, beginnend met een letter of cijfer (bijvoorbeeld WT-HILVERSUM).',
    });
  }
  if (g.naam.length < 1 || g.naam.length > 200) {
    f.push({ veld: 'naam', code: 'ONGELDIGE_NAAM', melding: 'Geef een naam van 1 tot 200 tekens.' });
  }

  if (!soorten.has(g.soort)) {
    f.push({ veld: 'soort', code: 'ONBEKENDE_SOORT', melding: `Kies een soort uit: ${[...soorten].join(', ')}.` });
    return f;
  }
  if (g.soort === 'VEILIG_THUIS') {
    f.push({
      veld: 'soort',
      code: 'SOORT_NIET_TOEGESTAAN',
      melding: 'Veilig Thuis-organisaties staan in de configuratie (data/vt-regios.json), niet in het beheer.',
    });
  } else if (g.soort === 'LANDELIJK' && scope.soort === 'REGIO') {
    f.push({
      veld: 'soort',
      code: 'SOORT_NIET_TOEGESTAAN',
      melding: 'Een landelijke organisatie wordt door het landelijk beheer geregistreerd.',
    });
  }

  for (const r of g.regioCodes) {
    if (!bekendeRegios.has(r)) {
      f.push({
        veld: 'regioCodes',
        code: 'REGIO_ONBEKEND',
        melding: `${r} is geen Veilig Thuis-regio (VT01 tot en met VT26).`,
      });
    }
  }
  if (isPartnerSoort(g.soort) && g.regioCodes.length === 0) {
    f.push({
      veld: 'regioCodes',
      code: 'REGIO_VEREIST',
      melding:
        'Een ketenpartner werkt met ten minste één Veilig Thuis-regio; om te stoppen: deactiveer de organisatie.',
    });
  }
  if (scope.soort === 'REGIO') {
    // A VT beheerder links or unlinks its own region only: the other regions decide about their own partners.
    const voor = new Set(vorigeRegios ?? []);
    const na = new Set(g.regioCodes);
    const gewijzigd = [...g.regioCodes.filter((r) => !voor.has(r)), ...[...voor].filter((r) => !na.has(r))];
    if (gewijzigd.some((r) => r !== scope.regio)) {
      f.push({
        veld: 'regioCodes',
        code: 'ANDERE_REGIO',
        melding: `U koppelt alleen uw eigen regio ${scope.regio}; andere regio's koppelt het landelijk beheer.`,
      });
    }
    if (!vorigeRegios && !na.has(scope.regio)) {
      f.push({
        veld: 'regioCodes',
        code: 'ANDERE_REGIO',
        melding: `Een organisatie die u registreert, werkt met uw regio ${scope.regio}.`,
      });
    }
  }

  if (g.soort === 'SCHOOL') {
    if (!g.brin) {
      f.push({
        veld: 'brin',
        code: 'BRIN_VEREIST',
        melding: 'Een school heeft een BRIN-nummer (bijvoorbeeld 12AB of met vestiging 12AB00).',
      });
    } else if (!BRIN_PATROON.test(g.brin)) {
      f.push({
        veld: 'brin',
        code: 'BRIN_ONGELDIG',
        melding:
          'Een BRIN-nummer is 2 cijfers en 2 letters, eventueel met 2 cijfers voor de vestiging (12AB of 12AB00).',
      });
    }
    if (!g.schoolvakantieregio) {
      f.push({
        veld: 'schoolvakantieregio',
        code: 'SCHOOLVAKANTIEREGIO_VEREIST',
        melding: 'Een school heeft een schoolvakantieregio: noord, midden of zuid (Handle with Care telt schooldagen).',
      });
    } else if (!(SCHOOLVAKANTIEREGIOS as readonly string[]).includes(g.schoolvakantieregio)) {
      f.push({
        veld: 'schoolvakantieregio',
        code: 'SCHOOLVAKANTIEREGIO_ONGELDIG',
        melding: 'Kies noord, midden of zuid.',
      });
    }
  } else {
    if (g.brin) {
      f.push({ veld: 'brin', code: 'NIET_VAN_TOEPASSING', melding: 'Alleen een school heeft een BRIN-nummer.' });
    }
    if (g.schoolvakantieregio) {
      f.push({
        veld: 'schoolvakantieregio',
        code: 'NIET_VAN_TOEPASSING',
        melding: 'Alleen een school heeft een schoolvakantieregio.',
      });
    }
  }

  if (g.soort === 'GEMEENTE') {
    if (!g.cbsCode) {
      f.push({
        veld: 'cbsCode',
        code: 'CBS_CODE_VEREIST',
        melding: 'Een gemeente heeft haar CBS-gemeentecode (GMnnnn).',
      });
    } else if (!CBS_PATROON.test(g.cbsCode)) {
      f.push({
        veld: 'cbsCode',
        code: 'CBS_CODE_ONGELDIG',
        melding: 'Een CBS-gemeentecode is GM gevolgd door 4 cijfers (bijvoorbeeld GM0402).',
      });
    } else if (!Object.hasOwn(gemeenten, g.cbsCode)) {
      f.push({
        veld: 'cbsCode',
        code: 'CBS_CODE_ONBEKEND',
        melding: `${g.cbsCode} staat niet in de gemeentelijst (src/organisaties/data/gemeenten.json); vul die eerst aan.`,
      });
    } else if (!g.regioCodes.includes(gemeenten[g.cbsCode].vtRegio)) {
      f.push({
        veld: 'regioCodes',
        code: 'GEMEENTE_BUITEN_REGIO',
        melding: `Gemeente ${g.cbsCode} hoort bij ${gemeenten[g.cbsCode].vtRegio}; koppel haar aan die regio.`,
      });
    }
  } else if (g.cbsCode) {
    f.push({
      veld: 'cbsCode',
      code: 'NIET_VAN_TOEPASSING',
      melding: 'Alleen een gemeente heeft een CBS-gemeentecode.',
    });
  }
  return f;
}
