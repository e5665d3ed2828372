import type { VerificatieRij } from './audit-verificatie';
import { AuditKetenControleView } from './audit.types';

/** What each break means, in words that name no record: the id is shown separately, and only to its own region. */
const UITLEG: Record<string, (volgnummer: string) => string> = {
  ZEGEL_ONTBREEKT: (n) => `Zegel ${n} ontbreekt in de keten.`,
  ZEGEL_GEWIJZIGD: (n) => `Zegel ${n} is gewijzigd: de hash sluit niet aan.`,
  AUDITREGEL_VERWIJDERD: (n) => `De auditregel van zegel ${n} is verwijderd.`,
  AUDITREGEL_GEWIJZIGD: (n) => `De auditregel van zegel ${n} is na registratie gewijzigd.`,
  KETEN_INGEKORT: (n) =>
    `De keten is korter dan het laatste getekende checkpoint (zegel ${n}): het einde is afgesneden.`,
  KETEN_HERSCHREVEN: (n) =>
    `Zegel ${n} heeft een andere hash dan het getekende checkpoint: de keten is opnieuw verzegeld.`,
  REDACTIE_GEWIJZIGD: (n) =>
    `De redacties van de vernietiging bij zegel ${n} kloppen niet meer met wat de vernietiging vastlegde.`,
};

/**
 * Maps a verification run to the privacy officer's view. Invariant: the id of a broken record is shown only when the
 * record belongs to `regio`; a break in another region's records reports its position and reason, nothing else.
 */
export function alsControleView(rij: VerificatieRij, regio: string): AuditKetenControleView {
  const reden = rij.breuk_reden;
  return Object.assign(new AuditKetenControleView(), {
    id: rij.id,
    vtOrganisatie: rij.vt_organisatie,
    status: rij.status,
    aangevraagdOp: rij.aangevraagd_op,
    voltooidOp: rij.voltooid_op,
    gecontroleerd: Number(rij.gecontroleerd),
    intact: rij.intact,
    ongezegeld: rij.ongezegeld == null ? null : Number(rij.ongezegeld),
    kopHash: rij.kop_hash ? rij.kop_hash.toString('hex') : null,
    eersteBreuk:
      reden && rij.breuk_volgnummer
        ? {
            volgnummer: rij.breuk_volgnummer,
            reden,
            auditId: rij.breuk_audit_id && rij.breuk_vt_organisatie === regio ? rij.breuk_audit_id : null,
            toelichting: (UITLEG[reden] ?? ((n: string) => `Breuk bij zegel ${n}.`))(rij.breuk_volgnummer),
          }
        : null,
    checkpoint: rij.checkpoint_status
      ? { status: rij.checkpoint_status, volgnummer: rij.checkpoint_volgnummer, tijdstip: rij.checkpoint_tijdstip }
      : null,
  });
}
