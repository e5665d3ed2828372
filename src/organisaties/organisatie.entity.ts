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
}
