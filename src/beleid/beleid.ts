import { alleRollen, type Rol } from '../auth/rollen';
import type { OperatieBeleid, Privacybeleid, TypeBeleid } from './beleid.types';

declare module '../lib/module' {
  interface Module {
    /** The module's slice of the privacy policy (merged in src/modules.ts). */
    readonly beleid: BeleidDeel;
  }
}

/** One module's part of the policy. */
export interface BeleidDeel {
  readonly operaties?: {
    readonly Query?: Record<string, OperatieBeleid>;
    readonly Mutation?: Record<string, OperatieBeleid>;
  };
  readonly typen?: Record<string, TypeBeleid>;
}

/** Every audience, for reference data. */
export const IEDEREEN: readonly Rol[] = alleRollen;

/** The legal basis recorded for each audience's access (DOMAIN.md §4.1; partners refine it per handover). */
export const grondslagPerRol: Readonly<Record<Rol, string>> = {
  VT_MEDEWERKER: 'Wmo 2015 art. 4.1.1 en 5.1.6: wettelijke taak Veilig Thuis',
  VT_TEAMLEIDER: 'Wmo 2015 art. 4.1.1 en 5.1.6: wettelijke taak Veilig Thuis',
  VERTROUWENSARTS: 'Wmo 2015 art. 4.1.1 en 5.1.6: wettelijke taak Veilig Thuis (vertrouwensarts)',
  PRIVACY_OFFICER: 'AVG art. 5 lid 2 en NEN 7513: toezicht op rechtmatige verwerking',
  ANALIST: 'Wmo 2015 art. 4.1.1: beleidsinformatie, uitsluitend geaggregeerd',
  WIJKTEAM_MEDEWERKER: 'Warme overdracht aan het lokale team (per overdracht vastgelegd)',
  GI_JEUGDBESCHERMER: 'Warme overdracht aan de gecertificeerde instelling (per overdracht vastgelegd)',
  RVDK_MEDEWERKER: 'Wmo 2015 art. 4.1.1 lid 1 sub e: Verzoek tot Onderzoek',
  POLITIE_MEDEWERKER: 'Samenwerkingsafspraken VT-politie-OM: terugkoppeling op eigen meldingen',
  OM_ZSM_MEDEWERKER: 'ZSM-afspraken: informatie-uitwisseling tijdens inverzekeringstelling',
  SCHOOL_CONTACTPERSOON: 'Handle with Care-convenant: signaal aan de school',
  ZVH_MEDEWERKER: 'Convenant Zorg- en Veiligheidshuis: casusoverleg',
  GEMEENTE_MEDEWERKER: 'Wmo 2015 art. 4.1.1 lid 1 sub f: melding van een Verzoek tot Onderzoek aan het college',
  GEMEENTE_OOV_MEDEWERKER:
    'Wet tijdelijk huisverbod art. 2 en 9: het huisverbod en het advies van Veilig Thuis aan de burgemeester',
  AWARE_INDICATIECOMMISSIE:
    'Samenwerkingsafspraken Aware (Wmo 2015 art. 4.1.1 lid 2): het besluit over een aanvraag voor een AWARE-alarm',
  FUNCTIONEEL_BEHEERDER: 'AVG art. 32: beheer van de toegang van ketenpartners (geen persoonsgegevens)',
  MELDER: 'Wmo 2015 art. 4.1.1 lid 1 sub g en AVG art. 15-16: de melder ziet, vult aan en verbetert de eigen melding',
};

/**
 * Merges the modules' policy slices into one policy. A type or operation declared twice is a
 * programming error and stops the build of the schema.
 */
export function voegBeleidSamen(delen: readonly BeleidDeel[]): Privacybeleid {
  const Query: Record<string, OperatieBeleid> = {};
  const Mutation: Record<string, OperatieBeleid> = {};
  const typen: Record<string, TypeBeleid> = {};
  const voegToe = <T>(doel: Record<string, T>, bron: Record<string, T> | undefined, soort: string): void => {
    for (const [k, v] of Object.entries(bron ?? {})) {
      if (doel[k]) throw new Error(`Privacybeleid: ${soort} ${k} is twee keer gedeclareerd`);
      doel[k] = v;
    }
  };
  for (const d of delen) {
    voegToe(Query, d.operaties?.Query, 'Query');
    voegToe(Mutation, d.operaties?.Mutation, 'Mutation');
    voegToe(typen, d.typen, 'type');
  }
  return { operaties: { Query, Mutation }, typen, grondslag: grondslagPerRol };
}
