import type { Rol } from '../auth/rollen';
import type { RijRegelNaam } from './rijregels';

/** Who may call one query or mutation. The role list decides the schema; the shield rule re-checks it at runtime. */
export interface OperatieBeleid {
  readonly doelgroepen: readonly Rol[];
  /** Why these audiences, in one sentence (shown in the policy report and the README). */
  readonly waarom: string;
}

/**
 * Where the text of a String field comes from. Every String field a partner role can see is declared with its source
 * (test/beleid/vrije-tekst.test.ts), so free text VT writes for itself never reaches a partner by accident.
 */
export type TekstBron =
  /** A code, identifier, enum value or a text the system composes: nobody types it. */
  | 'CODE'
  /** From the reader's own organisation: its own request, answer, endpoint or token. */
  | 'PARTNER'
  /** Structured personal data (name, address, telephone, woonplaats), shared under the profile of the handover. */
  | 'PERSOONSGEGEVEN'
  /** Free text VT writes for the partner; the input tells the VT worker that the partner reads it. */
  | 'VT_VOOR_PARTNER'
  /** Free text VT writes for itself: in no partner's schema, and listed in `persoonsgegevens`. */
  | 'VT_INTERN';

/**
 * Who sees which fields of one type, and which rows. `velden['*']` is the default for fields not
 * listed; a field listed with [] is visible to nobody. A field whose type is absent from a role's
 * schema is pruned with it.
 */
export interface TypeBeleid {
  readonly rij: RijRegelNaam;
  readonly velden: Readonly<Record<string, readonly Rol[]>>;
  /** Fields holding data that identifies a person; never in the analist schema (checked by a test). */
  readonly persoonsgegevens?: readonly string[];
  /** The source of each String field (required for every String field a partner role can see). */
  readonly tekst?: Readonly<Record<string, TekstBron>>;
}

/** The privacy policy: audience × type × field, plus the row rule per type and the rule per operation. */
export interface Privacybeleid {
  readonly operaties: {
    readonly Query: Readonly<Record<string, OperatieBeleid>>;
    readonly Mutation: Readonly<Record<string, OperatieBeleid>>;
  };
  readonly typen: Readonly<Record<string, TypeBeleid>>;
  /** The legal basis recorded in the audit trail for each audience's access. */
  readonly grondslag: Readonly<Record<Rol, string>>;
}
