/**
 * Roles and organisation kinds. A caller acts in exactly one role for exactly one organisation;
 * each role is also an audience: it gets its own GraphQL schema (see src/beleid).
 */
export const OrganisatieSoort = {
  VEILIG_THUIS: 'VEILIG_THUIS',
  WIJKTEAM: 'WIJKTEAM',
  GECERTIFICEERDE_INSTELLING: 'GECERTIFICEERDE_INSTELLING',
  RAAD_VOOR_DE_KINDERBESCHERMING: 'RAAD_VOOR_DE_KINDERBESCHERMING',
  POLITIE: 'POLITIE',
  OPENBAAR_MINISTERIE: 'OPENBAAR_MINISTERIE',
  SCHOOL: 'SCHOOL',
  ZORG_EN_VEILIGHEIDSHUIS: 'ZORG_EN_VEILIGHEIDSHUIS',
  GEMEENTE: 'GEMEENTE',
  /** Ministries and national bodies; only analysts act for them. */
  LANDELIJK: 'LANDELIJK',
} as const;
export type OrganisatieSoort = (typeof OrganisatieSoort)[keyof typeof OrganisatieSoort];

export const Rol = {
  VT_MEDEWERKER: 'VT_MEDEWERKER',
  VT_TEAMLEIDER: 'VT_TEAMLEIDER',
  VERTROUWENSARTS: 'VERTROUWENSARTS',
  PRIVACY_OFFICER: 'PRIVACY_OFFICER',
  ANALIST: 'ANALIST',
  WIJKTEAM_MEDEWERKER: 'WIJKTEAM_MEDEWERKER',
  GI_JEUGDBESCHERMER: 'GI_JEUGDBESCHERMER',
  RVDK_MEDEWERKER: 'RVDK_MEDEWERKER',
  POLITIE_MEDEWERKER: 'POLITIE_MEDEWERKER',
  OM_ZSM_MEDEWERKER: 'OM_ZSM_MEDEWERKER',
  SCHOOL_CONTACTPERSOON: 'SCHOOL_CONTACTPERSOON',
  ZVH_MEDEWERKER: 'ZVH_MEDEWERKER',
  GEMEENTE_MEDEWERKER: 'GEMEENTE_MEDEWERKER',
  /**
   * Openbare orde en veiligheid of the gemeente, for the burgemeester: the tijdelijk huisverbod and VT's advice on it,
   * nothing else (apart from GEMEENTE_MEDEWERKER, the college's social domain, which hears of Verzoeken tot Onderzoek).
   */
  GEMEENTE_OOV_MEDEWERKER: 'GEMEENTE_OOV_MEDEWERKER',
  /**
   * A member of the regional Aware indication committee (police, shelter, probation, VT), which decides on an
   * application for an AWARE alarm: it sees the applications submitted to it, only what it needs to decide.
   */
  AWARE_INDICATIECOMMISSIE: 'AWARE_INDICATIECOMMISSIE',
  /** Functioneel beheer: registers partner organisations and their issuers (a VT organisation for its region's partners; LANDELIJK for all). */
  FUNCTIONEEL_BEHEERDER: 'FUNCTIONEEL_BEHEERDER',
  /**
   * A melder (professional or citizen) with the access VT issued for one melding (src/melders): their own melding, their
   * supplements and the feedback owed to them, nothing else. Never from a token: only `Authorization: Melder <geheim>`.
   */
  MELDER: 'MELDER',
} as const;
export type Rol = (typeof Rol)[keyof typeof Rol];

export const alleRollen: readonly Rol[] = Object.values(Rol);

/** Which kinds of organisation a role may act for. A token claiming any other pairing is refused. */
export const organisatieSoortenPerRol: Readonly<Record<Rol, readonly OrganisatieSoort[]>> = {
  VT_MEDEWERKER: ['VEILIG_THUIS'],
  VT_TEAMLEIDER: ['VEILIG_THUIS'],
  VERTROUWENSARTS: ['VEILIG_THUIS'],
  // Every organisation has its own privacy officer (FG) for the audit records it is responsible for (src/audit).
  PRIVACY_OFFICER: Object.values(OrganisatieSoort),
  ANALIST: ['VEILIG_THUIS', 'GEMEENTE', 'LANDELIJK'],
  WIJKTEAM_MEDEWERKER: ['WIJKTEAM'],
  GI_JEUGDBESCHERMER: ['GECERTIFICEERDE_INSTELLING'],
  RVDK_MEDEWERKER: ['RAAD_VOOR_DE_KINDERBESCHERMING'],
  POLITIE_MEDEWERKER: ['POLITIE'],
  OM_ZSM_MEDEWERKER: ['OPENBAAR_MINISTERIE'],
  SCHOOL_CONTACTPERSOON: ['SCHOOL'],
  ZVH_MEDEWERKER: ['ZORG_EN_VEILIGHEIDSHUIS'],
  GEMEENTE_MEDEWERKER: ['GEMEENTE'],
  GEMEENTE_OOV_MEDEWERKER: ['GEMEENTE'],
  // The committee meets at the Zorg- en Veiligheidshuis of the region; it is registered as an organisation of that kind.
  AWARE_INDICATIECOMMISSIE: ['ZORG_EN_VEILIGHEIDSHUIS'],
  FUNCTIONEEL_BEHEERDER: ['VEILIG_THUIS', 'LANDELIJK'],
  // The VT organisation that holds the melding; the melder does not work for it (isVtMedewerker is false for MELDER).
  MELDER: ['VEILIG_THUIS'],
};

/** Roles that never come from an identity provider's token, only from an access of our own (src/melders). */
export const ROLLEN_ZONDER_TOKEN: readonly Rol[] = ['MELDER'];

/** VT staff who carry out the statutory process of their own region. */
export const VT_UITVOERING: readonly Rol[] = ['VT_MEDEWERKER', 'VT_TEAMLEIDER', 'VERTROUWENSARTS'];

export function isRol(waarde: string): waarde is Rol {
  return (alleRollen as readonly string[]).includes(waarde);
}
