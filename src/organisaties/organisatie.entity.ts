import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

import { OrganisatieSoort } from '../auth/rollen';

/** A VT organisation (tenant) or a partner organisation. Shared reference data, not personal data. */
@Entity({ tableName: 'organisatie' })
export class OrganisatieEntity {
  @PrimaryKey({ type: 'text' })
  code!: string;

  @Property({ type: 'text' })
  naam!: string;

  @Enum({ items: () => OrganisatieSoort, nativeEnumName: undefined, type: 'text' })
  soort!: OrganisatieSoort;

  /** VT regions a partner works with; for a VT organisation its own code. */
  @Property({ type: 'text[]', fieldName: 'regio_codes' })
  regioCodes: string[] = [];

  @Property({ type: 'boolean' })
  actief = true;

  /** A school's BRIN number (4 characters, with a 2-digit vestiging: 6); required for a school. */
  @Property({ type: 'text', nullable: true })
  brin?: string | null;

  /** A school's holiday region (Handle with Care counts school days on it). */
  @Property({ type: 'text', nullable: true })
  schoolvakantieregio?: 'noord' | 'midden' | 'zuid' | null;

  /** A gemeente's CBS code (GMnnnn). */
  @Property({ type: 'text', fieldName: 'cbs_code', nullable: true })
  cbsCode?: string | null;

  @Property({ type: 'Date', fieldName: 'gewijzigd_op', nullable: true })
  gewijzigdOp?: Date | null;

  @Property({ type: 'Date', fieldName: 'gedeactiveerd_op', nullable: true })
  gedeactiveerdOp?: Date | null;
}

/** Assurance levels of the NL GOV Assurance profile (eIDAS low, substantial, high), in increasing order. */
export const Betrouwbaarheidsniveau = { LAAG: 'LAAG', SUBSTANTIEEL: 'SUBSTANTIEEL', HOOG: 'HOOG' } as const;
export type Betrouwbaarheidsniveau = (typeof Betrouwbaarheidsniveau)[keyof typeof Betrouwbaarheidsniveau];

/**
 * A trusted OIDC issuer (identity provider). Which organisations and roles it may assert is in its bindings;
 * a token from it for any other organisation or role is refused (migration 15).
 */
@Entity({ tableName: 'issuer' })
export class IssuerEntity {
  @PrimaryKey({ type: 'text' })
  issuer!: string;

  @Property({ type: 'text' })
  naam!: string;

  /** Exactly one of jwksUri and jwks. */
  @Property({ type: 'text', fieldName: 'jwks_uri', nullable: true })
  jwksUri?: string | null;

  @Property({ type: 'json', nullable: true })
  jwks?: { keys: Record<string, unknown>[] } | null;

  /** Expected `aud`; null: the installation's OIDC_AUDIENCE. */
  @Property({ type: 'text', nullable: true })
  audience?: string | null;

  /** Claim names where the issuer does not use ours: { rol?, organisatie?, teams? }. */
  @Property({ type: 'json' })
  claims: { rol?: string; organisatie?: string; teams?: string } = {};

  /** The issuer's role values mapped to ours (e.g. { "vt-medewerker": "VT_MEDEWERKER" }); empty: ours as-is. */
  @Property({ type: 'json', fieldName: 'rol_waarden' })
  rolWaarden: Record<string, string> = {};

  /** Required `azp` (or `client_id`): the clients whose tokens are accepted; empty: not checked. */
  @Property({ type: 'text[]', fieldName: 'toegestane_clients' })
  toegestaneClients: string[] = [];

  /** The issuer's own `acr` values mapped to an assurance level, beside the eIDAS URIs every issuer may use. */
  @Property({ type: 'json', fieldName: 'acr_niveaus' })
  acrNiveaus: Record<string, Betrouwbaarheidsniveau> = {};

  /** Minimum assurance level for roles that read person data; null: not required. */
  @Property({ type: 'text', fieldName: 'min_betrouwbaarheid', nullable: true })
  minBetrouwbaarheid?: Betrouwbaarheidsniveau | null;

  /** Maximum age of a token (now - iat) in seconds; null: only `exp` limits it. */
  @Property({ type: 'integer', fieldName: 'max_token_leeftijd_s', nullable: true })
  maxTokenLeeftijdS?: number | null;

  @Property({ type: 'boolean' })
  actief = true;

  @Property({ type: 'Date', fieldName: 'aangemaakt_op' })
  aangemaaktOp!: Date;

  @Property({ type: 'Date', fieldName: 'gewijzigd_op', nullable: true })
  gewijzigdOp?: Date | null;
}

/** One organisation an issuer may speak for, with the roles it may assert there. */
@Entity({ tableName: 'issuer_binding' })
export class IssuerBindingEntity {
  @PrimaryKey({ type: 'text' })
  issuer!: string;

  @PrimaryKey({ type: 'text' })
  organisatie!: string;

  /** The value of the issuer's organisation claim for this organisation (an OIN, a tenant id; default our code). */
  @Property({ type: 'text', fieldName: 'extern_id' })
  externId!: string;

  @Property({ type: 'text[]' })
  rollen: string[] = [];

  @Property({ type: 'Date', fieldName: 'aangemaakt_op' })
  aangemaaktOp!: Date;
}
