import type { Rol } from '../auth/rollen';
import type { RijRegelNaam } from './rijregels';

/** Who may call one query or mutation. The role list decides the schema; the shield rule re-checks it at runtime. */
export interface OperatieBeleid {
  readonly doelgroepen: readonly Rol[];
  /** Why these audiences, in one sentence (shown in the policy report and the README). */
  readonly waarom: string;
}

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
