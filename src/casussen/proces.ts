import { registerEnumType } from 'type-graphql';

/**
 * The statutory VT process (Handelingsprotocol 2019, DOMAIN.md §1.2 and §9.2) as data: the fasen of a casus and
 * the transitions between them, each with the data it requires. The service refuses anything not in this table
 * and says what is missing; tests walk every row.
 */
export enum CasusFase {
  VEILIGHEIDSBEOORDELING = 'VEILIGHEIDSBEOORDELING',
  OVERDRACHT = 'OVERDRACHT',
  VOORWAARDEN_EN_VERVOLG = 'VOORWAARDEN_EN_VERVOLG',
  ONDERZOEK = 'ONDERZOEK',
  VERZOEK_TOT_ONDERZOEK = 'VERZOEK_TOT_ONDERZOEK',
  GEEN_VERVOLG = 'GEEN_VERVOLG',
  MONITORING = 'MONITORING',
  AFGESLOTEN = 'AFGESLOTEN',
}
registerEnumType(CasusFase, { name: 'CasusFase', description: 'Waar de casus staat in het proces van Veilig Thuis.' });

/** Veiligheidstaxatie (CBS 84852). Only "acute onveiligheid" is confirmed in DOMAIN.md; the rest is configurable later. */
export enum Taxatie {
  ACUTE_ONVEILIGHEID = 'ACUTE_ONVEILIGHEID',
  STRUCTURELE_ONVEILIGHEID = 'STRUCTURELE_ONVEILIGHEID',
  GEEN_ONVEILIGHEID = 'GEEN_ONVEILIGHEID',
  ONBEKEND = 'ONBEKEND',
}
registerEnumType(Taxatie, {
  name: 'Taxatie',
  description: 'Veiligheidstaxatie bij de veiligheidsbeoordeling (CBS 84852).',
});

/** Uitkomst van de veiligheidsbeoordeling, in de CBS-indeling (84852); "nog niet beoordeeld" is de afwezigheid ervan. */
export enum VeiligheidsbeoordelingUitkomst {
  VERVOLGSTAPPEN_BIJ_VEILIG_THUIS = 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS',
  OVERDRACHT = 'OVERDRACHT',
  GEEN_VERVOLGSTAPPEN = 'GEEN_VERVOLGSTAPPEN',
  INZET_REGIONAAL_MAATWERK = 'INZET_REGIONAAL_MAATWERK',
}
registerEnumType(VeiligheidsbeoordelingUitkomst, {
  name: 'VeiligheidsbeoordelingUitkomst',
  description: 'Uitkomst (CBS 84852).',
});

/** Which dienst VT itself takes on when the uitkomst is VERVOLGSTAPPEN_BIJ_VEILIG_THUIS. */
export enum VervolgKeuze {
  ONDERZOEK = 'ONDERZOEK',
  VOORWAARDEN_EN_VERVOLG = 'VOORWAARDEN_EN_VERVOLG',
  VERZOEK_TOT_ONDERZOEK = 'VERZOEK_TOT_ONDERZOEK',
}
registerEnumType(VervolgKeuze, { name: 'VervolgKeuze' });

export enum DienstSoort {
  OVERDRACHT = 'OVERDRACHT',
  VOORWAARDEN_EN_VERVOLG = 'VOORWAARDEN_EN_VERVOLG',
  ONDERZOEK = 'ONDERZOEK',
  VERZOEK_TOT_ONDERZOEK = 'VERZOEK_TOT_ONDERZOEK',
  MONITORING = 'MONITORING',
}
registerEnumType(DienstSoort, { name: 'DienstSoort' });

export enum OnderzoekResultaat {
  BEVESTIGD = 'BEVESTIGD',
  NIET_BEVESTIGD = 'NIET_BEVESTIGD',
  WEERLEGD = 'WEERLEGD',
}
registerEnumType(OnderzoekResultaat, {
  name: 'OnderzoekResultaat',
  description: 'Uitkomst van een onderzoek per aard geweld (CBS 84853).',
});

export enum RvdkBesluit {
  GEACCEPTEERD = 'GEACCEPTEERD',
  AFGEWEZEN = 'AFGEWEZEN',
}
registerEnumType(RvdkBesluit, { name: 'RvdkBesluit' });

/** Gronden van een Verzoek tot Onderzoek (DOMAIN.md §9.1). */
export enum VerzoekGrond {
  HULP_GEPROBEERD = 'HULP_GEPROBEERD',
  GEEN_VERTROUWEN_IN_OPVOEDING = 'GEEN_VERTROUWEN_IN_OPVOEDING',
  ONVEILIGE_OPVOEDING = 'ONVEILIGE_OPVOEDING',
}
registerEnumType(VerzoekGrond, { name: 'VerzoekGrond' });

export enum MonitoringUitkomst {
  VEILIG_STABIEL = 'VEILIG_STABIEL',
  ONVEILIG = 'ONVEILIG',
}
registerEnumType(MonitoringUitkomst, { name: 'MonitoringUitkomst' });

/** What a transition needs before it may happen. */
export type Vereiste =
  | 'VEILIGHEIDSBEOORDELING'
  | 'ONDERZOEKSUITKOMST'
  | 'VEILIGHEIDSAFSPRAAK'
  | 'OVERDRACHTGEGEVENS'
  | 'VERZOEKGEGEVENS'
  | 'RVDK_GEACCEPTEERD'
  | 'RVDK_AFGEWEZEN'
  | 'MONITORING_VEILIG'
  | 'MONITORING_ONVEILIG'
  | 'AFSLUITREDEN';

/** What each requirement means, in the words of the refusal. */
export const VEREISTE_UITLEG: Readonly<Record<Vereiste, string>> = {
  VEILIGHEIDSBEOORDELING: 'de veiligheidsbeoordeling (leg die vast met veiligheidsbeoordelingVastleggen)',
  ONDERZOEKSUITKOMST:
    'de uitkomst van het onderzoek: per aard geweld BEVESTIGD, NIET_BEVESTIGD of WEERLEGD, of voortijdigAfgesloten',
  VEILIGHEIDSAFSPRAAK: 'ten minste één vastgelegde veiligheidsafspraak (veiligheidsafspraakVastleggen)',
  OVERDRACHTGEGEVENS: 'de overdracht: ontvangendePartij en de datum van het persoonlijke contact (contactBevestigdOp)',
  VERZOEKGEGEVENS: 'het Verzoek tot Onderzoek: de betrokken kinderen, de gronden en het standpunt van de ouders',
  RVDK_GEACCEPTEERD: 'het besluit van de Raad: GEACCEPTEERD',
  RVDK_AFGEWEZEN: 'het besluit van de Raad: AFGEWEZEN, met reden',
  MONITORING_VEILIG: 'een laatste monitoringcontact met uitkomst VEILIG_STABIEL',
  MONITORING_ONVEILIG: 'een laatste monitoringcontact met uitkomst ONVEILIG',
  AFSLUITREDEN: 'een afsluitreden',
};

export interface Overgang {
  readonly van: CasusFase;
  readonly naar: CasusFase;
  readonly vereist: readonly Vereiste[];
}

const F = CasusFase;
const rij = (van: CasusFase, naar: readonly CasusFase[], vereist: readonly Vereiste[]): Overgang[] =>
  naar.map((n) => ({ van, naar: n, vereist }));

/** Every allowed transition. Anything else is refused. */
export const OVERGANGEN: readonly Overgang[] = [
  ...rij(
    F.VEILIGHEIDSBEOORDELING,
    [F.OVERDRACHT, F.VOORWAARDEN_EN_VERVOLG, F.ONDERZOEK, F.GEEN_VERVOLG],
    ['VEILIGHEIDSBEOORDELING'],
  ),
  ...rij(F.VEILIGHEIDSBEOORDELING, [F.VERZOEK_TOT_ONDERZOEK], ['VEILIGHEIDSBEOORDELING', 'VERZOEKGEGEVENS']),
  ...rij(F.ONDERZOEK, [F.VOORWAARDEN_EN_VERVOLG, F.OVERDRACHT, F.MONITORING], ['ONDERZOEKSUITKOMST']),
  ...rij(F.ONDERZOEK, [F.VERZOEK_TOT_ONDERZOEK], ['ONDERZOEKSUITKOMST', 'VERZOEKGEGEVENS']),
  ...rij(F.ONDERZOEK, [F.AFGESLOTEN], ['ONDERZOEKSUITKOMST', 'AFSLUITREDEN']),
  ...rij(F.VOORWAARDEN_EN_VERVOLG, [F.OVERDRACHT, F.MONITORING], ['VEILIGHEIDSAFSPRAAK']),
  // The household does not cooperate: VT investigates after all (DOMAIN.md §1.2 Onderzoek).
  ...rij(F.VOORWAARDEN_EN_VERVOLG, [F.ONDERZOEK], []),
  ...rij(F.VOORWAARDEN_EN_VERVOLG, [F.VERZOEK_TOT_ONDERZOEK], ['VERZOEKGEGEVENS']),
  ...rij(F.OVERDRACHT, [F.MONITORING], ['OVERDRACHTGEGEVENS']),
  ...rij(F.OVERDRACHT, [F.AFGESLOTEN], ['OVERDRACHTGEGEVENS', 'AFSLUITREDEN']),
  ...rij(F.VERZOEK_TOT_ONDERZOEK, [F.MONITORING], ['RVDK_GEACCEPTEERD']),
  // A rejection returns the casus to VT, which chooses again (DOMAIN.md §9.2).
  ...rij(F.VERZOEK_TOT_ONDERZOEK, [F.ONDERZOEK, F.VOORWAARDEN_EN_VERVOLG, F.OVERDRACHT], ['RVDK_AFGEWEZEN']),
  ...rij(F.GEEN_VERVOLG, [F.AFGESLOTEN], ['AFSLUITREDEN']),
  ...rij(F.MONITORING, [F.AFGESLOTEN], ['MONITORING_VEILIG', 'AFSLUITREDEN']),
  ...rij(F.MONITORING, [F.VOORWAARDEN_EN_VERVOLG, F.ONDERZOEK], ['MONITORING_ONVEILIG']),
  // A vervolgmelding during monitoring re-opens the assessment (the service does this on registration).
  ...rij(F.MONITORING, [F.VEILIGHEIDSBEOORDELING], []),
];

export function zoekOvergang(van: CasusFase, naar: CasusFase): Overgang | undefined {
  return OVERGANGEN.find((o) => o.van === van && o.naar === naar);
}

/** The dienst a fase runs, if any. */
export const DIENST_VAN_FASE: Partial<Record<CasusFase, DienstSoort>> = {
  OVERDRACHT: DienstSoort.OVERDRACHT,
  VOORWAARDEN_EN_VERVOLG: DienstSoort.VOORWAARDEN_EN_VERVOLG,
  ONDERZOEK: DienstSoort.ONDERZOEK,
  VERZOEK_TOT_ONDERZOEK: DienstSoort.VERZOEK_TOT_ONDERZOEK,
  MONITORING: DienstSoort.MONITORING,
};

/** The fase a veiligheidsbeoordeling leads to. */
export function faseNaBeoordeling(
  uitkomst: VeiligheidsbeoordelingUitkomst,
  vervolg: VervolgKeuze | null | undefined,
): CasusFase | undefined {
  switch (uitkomst) {
    case VeiligheidsbeoordelingUitkomst.OVERDRACHT:
    case VeiligheidsbeoordelingUitkomst.INZET_REGIONAAL_MAATWERK:
      return F.OVERDRACHT;
    case VeiligheidsbeoordelingUitkomst.GEEN_VERVOLGSTAPPEN:
      return F.GEEN_VERVOLG;
    case VeiligheidsbeoordelingUitkomst.VERVOLGSTAPPEN_BIJ_VEILIG_THUIS:
      return vervolg ? (vervolg as string as CasusFase) : undefined;
  }
}
