import { registerEnumType } from 'type-graphql';

import type { OrganisatieSoort } from '../auth/rollen';

/**
 * The warme overdracht as data (DOMAIN.md §1.2, §5, §9.2): its kinds, its states and the steps between them, each
 * with who may take it. Every change of state goes through neemStap (overdracht.stappen.ts), which refuses anything not
 * in this table and says what would be allowed.
 */
export enum OverdrachtSoort {
  /** To the lokaal team / wijkteam: the casus continues there (most handovers after the assessment). */
  WARME_OVERDRACHT = 'WARME_OVERDRACHT',
  /** To a Gecertificeerde Instelling: children under a child-protection measure. */
  GI_OVERDRACHT = 'GI_OVERDRACHT',
  /** A Verzoek tot Onderzoek to the Raad voor de Kinderbescherming. */
  VERZOEK_TOT_ONDERZOEK = 'VERZOEK_TOT_ONDERZOEK',
}
registerEnumType(OverdrachtSoort, {
  name: 'OverdrachtSoort',
  description: 'Soort overdracht; bepaalt de ontvangende partij, de reactietermijn en wat de partner ziet.',
});

export enum OverdrachtStatus {
  AANGEBODEN = 'AANGEBODEN',
  ONTVANGEN = 'ONTVANGEN',
  GEACCEPTEERD = 'GEACCEPTEERD',
  AFGEWEZEN = 'AFGEWEZEN',
  VERLOPEN = 'VERLOPEN',
  INGETROKKEN = 'INGETROKKEN',
  CONTACT_BEVESTIGD = 'CONTACT_BEVESTIGD',
  AFGEROND = 'AFGEROND',
}
registerEnumType(OverdrachtStatus, { name: 'OverdrachtStatus' });

/** Why a partner declines (stable codes; the text says the rest). */
export enum AfwijzingReden {
  GEEN_CAPACITEIT = 'GEEN_CAPACITEIT',
  NIET_BEVOEGD = 'NIET_BEVOEGD',
  BUITEN_WERKGEBIED = 'BUITEN_WERKGEBIED',
  ONVOLDOENDE_INFORMATIE = 'ONVOLDOENDE_INFORMATIE',
  /** RvdK screening (DOMAIN.md §5): not enough help tried in the voluntary frame. */
  ONVOLDOENDE_HULP_GEPROBEERD = 'ONVOLDOENDE_HULP_GEPROBEERD',
  /** RvdK screening: no lack of trust in the parenting. */
  VOLDOENDE_VERTROUWEN_IN_OPVOEDING = 'VOLDOENDE_VERTROUWEN_IN_OPVOEDING',
  /** RvdK screening: the upbringing is not unsafe. */
  GEEN_ONVEILIGE_OPVOEDING = 'GEEN_ONVEILIGE_OPVOEDING',
  ANDERS = 'ANDERS',
}
registerEnumType(AfwijzingReden, { name: 'AfwijzingReden' });

/**
 * Why VT withdrew an offer or a running handover: the only reason the partner is told. VT's own explanation
 * (`intrekkingToelichting`) may say where a victim is staying or why the household must not be approached, so it
 * stays with VT; the partner gets one of these codes.
 */
export enum IntrekkingReden {
  /** Another organisation takes the casus over, or fits it better. */
  ANDERE_PARTNER = 'ANDERE_PARTNER',
  /** The handover is no longer needed (the situation changed, the household moved away, ...). */
  NIET_MEER_NODIG = 'NIET_MEER_NODIG',
  /** Offered to the wrong organisation, or with the wrong persons or content. */
  FOUT_GEADRESSEERD = 'FOUT_GEADRESSEERD',
  /** VT closed the casus; set by the system when the casus closes. */
  CASUS_AFGESLOTEN = 'CASUS_AFGESLOTEN',
  /** The partner organisation was deactivated; set by the system when its access ends. */
  ORGANISATIE_GEDEACTIVEERD = 'ORGANISATIE_GEDEACTIVEERD',
  ANDERS = 'ANDERS',
}
registerEnumType(IntrekkingReden, {
  name: 'IntrekkingReden',
  description: 'Waarom Veilig Thuis een aanbod of overdracht introk: het enige dat de partner over de reden hoort.',
});

/** Codes only the system sets (closing a casus, deactivating an organisation); VT cannot choose them by hand. */
export const SYSTEEMREDENEN: readonly IntrekkingReden[] = [
  IntrekkingReden.CASUS_AFGESLOTEN,
  IntrekkingReden.ORGANISATIE_GEDEACTIVEERD,
];

/** The closed-loop outcome the partner reports back. */
export enum OverdrachtUitkomst {
  HULP_GESTART = 'HULP_GESTART',
  HULP_AFGEROND = 'HULP_AFGEROND',
  GEZIN_WEIGERT_HULP = 'GEZIN_WEIGERT_HULP',
  TERUG_NAAR_VEILIG_THUIS = 'TERUG_NAAR_VEILIG_THUIS',
  /** RvdK: investigation done, a measure requested at the court. */
  MAATREGEL_VERZOCHT = 'MAATREGEL_VERZOCHT',
  /** RvdK: investigation done, no measure. */
  GEEN_MAATREGEL = 'GEEN_MAATREGEL',
}
registerEnumType(OverdrachtUitkomst, { name: 'OverdrachtUitkomst' });

/**
 * The legal basis of an offer (DOMAIN.md §4.1): recorded with the offer and in every audit record of the partner's
 * reads. Without one an offer is refused.
 */
export enum OverdrachtGrondslag {
  /** Wmo 2015 art. 4.1.1 lid 2 with art. 5.1.6: VT hands over for the follow-up of its statutory task. */
  WMO_OVERDRACHT = 'WMO_OVERDRACHT',
  /** Consent of the persons concerned (or their legal representatives). */
  TOESTEMMING = 'TOESTEMMING',
  /** Jeugdwet art. 7.1.1 / BW 1:255: a request to the Raad voor de Kinderbescherming. */
  VERZOEK_RAAD = 'VERZOEK_RAAD',
  /** Children under an OTS or voogdij: the GI carries out the measure (Jeugdwet art. 7.3.11). */
  JEUGDBESCHERMINGSMAATREGEL = 'JEUGDBESCHERMINGSMAATREGEL',
}
registerEnumType(OverdrachtGrondslag, { name: 'OverdrachtGrondslag' });

/** Which partner kind receives which kind, with the legal bases that fit it. */
export const SOORT_REGELS: Readonly<
  Record<OverdrachtSoort, { ontvanger: readonly OrganisatieSoort[]; grondslagen: readonly OverdrachtGrondslag[] }>
> = {
  WARME_OVERDRACHT: {
    ontvanger: ['WIJKTEAM', 'ZORG_EN_VEILIGHEIDSHUIS'],
    grondslagen: [OverdrachtGrondslag.WMO_OVERDRACHT, OverdrachtGrondslag.TOESTEMMING],
  },
  GI_OVERDRACHT: {
    ontvanger: ['GECERTIFICEERDE_INSTELLING'],
    grondslagen: [OverdrachtGrondslag.JEUGDBESCHERMINGSMAATREGEL, OverdrachtGrondslag.WMO_OVERDRACHT],
  },
  VERZOEK_TOT_ONDERZOEK: {
    ontvanger: ['RAAD_VOOR_DE_KINDERBESCHERMING'],
    grondslagen: [OverdrachtGrondslag.VERZOEK_RAAD],
  },
};

/**
 * Who takes a step: VT staff of the owning region, the addressed partner, or the system (the worker's expiry, and the
 * withdrawals when a casus closes or the partner organisation is deactivated).
 */
export type Uitvoerder = 'VT' | 'PARTNER' | 'SYSTEEM';

export interface OverdrachtStap {
  readonly van: readonly OverdrachtStatus[];
  readonly naar: OverdrachtStatus;
  readonly door: Uitvoerder;
}

const S = OverdrachtStatus;
/** Every allowed step. */
export const OVERDRACHT_STAPPEN: readonly OverdrachtStap[] = [
  { van: [S.AANGEBODEN], naar: S.ONTVANGEN, door: 'PARTNER' },
  { van: [S.AANGEBODEN, S.ONTVANGEN], naar: S.GEACCEPTEERD, door: 'PARTNER' },
  { van: [S.AANGEBODEN, S.ONTVANGEN], naar: S.AFGEWEZEN, door: 'PARTNER' },
  { van: [S.AANGEBODEN, S.ONTVANGEN], naar: S.VERLOPEN, door: 'SYSTEEM' },
  { van: [S.AANGEBODEN, S.ONTVANGEN, S.GEACCEPTEERD], naar: S.INGETROKKEN, door: 'VT' },
  // The casus was closed (open offers) or the partner organisation deactivated (open and running handovers):
  // they go back to VT (overdracht-einde.service.ts).
  { van: [S.AANGEBODEN, S.ONTVANGEN, S.GEACCEPTEERD, S.CONTACT_BEVESTIGD], naar: S.INGETROKKEN, door: 'SYSTEEM' },
  { van: [S.GEACCEPTEERD], naar: S.CONTACT_BEVESTIGD, door: 'PARTNER' },
  { van: [S.CONTACT_BEVESTIGD], naar: S.AFGEROND, door: 'PARTNER' },
];

/** Still waiting for the partner's answer. */
export const OPEN_AANBOD: readonly OverdrachtStatus[] = [S.AANGEBODEN, S.ONTVANGEN];
/** Accepted and running: the partner sees the content of the handover. */
export const LOPEND: readonly OverdrachtStatus[] = [S.GEACCEPTEERD, S.CONTACT_BEVESTIGD];
/** Ended: the partner keeps only its own acknowledgement and outcome. */
export const BEEINDIGD: readonly OverdrachtStatus[] = [S.AFGEWEZEN, S.VERLOPEN, S.INGETROKKEN, S.AFGEROND];
