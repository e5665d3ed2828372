/**
 * The ZSM data set: what VT tells a justice partner about a person while a suspect is held. DOMAIN.md §4.6 says the
 * exact set is not found [UNVERIFIED], so it is declared here and narrowed by configuration (ZSM_GEGEVENSSET); what
 * is not in the configured set is never stored or returned. Never in it: the melder's identity, the melding text,
 * assessments or any other part of the dossier.
 *
 * Always answered: whether the person is known to this VT organisation (bekendBijVt) and, for a known person,
 * whether a casus is open (lopendeBetrokkenheid).
 */
export const ZSM_GEGEVENS = {
  fase: 'De fase van de lopende casus (bijvoorbeeld ONDERZOEK, MONITORING).',
  veiligheidsafspraken: 'Of er in de lopende casus veiligheidsafspraken zijn (ja/nee, niet de inhoud).',
  contactpersoon: 'Naam en telefoonnummer van de contactpersoon bij VT.',
  relevanteInformatie:
    'Vrije tekst van VT met wat de ZSM-tafel nodig heeft voor de veiligheid van slachtoffer en kinderen.',
} as const;
export type ZsmGegeven = keyof typeof ZSM_GEGEVENS;

/** The configured set as a lookup. */
export function gegevensset(geconfigureerd: readonly string[]): ReadonlySet<ZsmGegeven> {
  return new Set(geconfigureerd.filter((g): g is ZsmGegeven => g in ZSM_GEGEVENS));
}
