import { Field, ID, ObjectType } from 'type-graphql';

import { DatumScalar } from '../lib/scalars';
import { BsnScalar } from './bsn.scalar';
import type { PersoonEntity } from './persoon.entity';

@ObjectType('Adres')
export class AdresView {
  @Field(() => String, { nullable: true }) straat!: string | null;
  @Field(() => String, { nullable: true }) huisnummer!: string | null;
  @Field(() => String, { nullable: true }) postcode!: string | null;
  @Field(() => String, { nullable: true }) woonplaats!: string | null;
  /** Owning VT organisation; not a GraphQL field, read by the row rule. */
  vtOrganisatie!: string;
}

/** The columns a person's view is built from (`geboortedatum` as YYYY-MM-DD). */
interface PersoonVelden {
  id: string;
  bsn?: string | null;
  voornamen?: string | null;
  achternaam?: string | null;
  telefoon?: string | null;
  email?: string | null;
  straat?: string | null;
  huisnummer?: string | null;
  postcode?: string | null;
  woonplaats?: string | null;
}

/** A person as the API shows it. Built field by field from the entity: what is here is here on purpose. */
@ObjectType('Persoon', {
  description: 'Een persoon die bij een melding betrokken is. Persoonsgegevens: elke inzage wordt gelogd.',
})
export class PersoonView {
  @Field(() => ID) id!: string;
  @Field(() => BsnScalar, { nullable: true }) bsn!: string | null;
  @Field(() => String, { nullable: true }) voornamen!: string | null;
  @Field(() => String, { nullable: true }) achternaam!: string | null;
  @Field(() => DatumScalar, { nullable: true }) geboortedatum!: string | null;
  @Field(() => AdresView, { nullable: true }) adres!: AdresView | null;
  @Field(() => String, { nullable: true }) telefoon!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  vtOrganisatie!: string;

  static van(e: PersoonEntity): PersoonView {
    return PersoonView.uit(e, e.vtOrganisatie, e.geboortedatum ? String(e.geboortedatum).slice(0, 10) : null);
  }

  /**
   * From the columns of a person, from an entity or a read statement: what is here is here on purpose. The region and
   * the date (YYYY-MM-DD) come apart, so no caller spreads a row into a new object to rename or convert them (an
   * object literal that spreads and then adds properties is some 100 times slower on Node 20; issue 14).
   */
  static uit(e: PersoonVelden, vtOrganisatie: string, geboortedatum: string | null): PersoonView {
    const v = new PersoonView();
    v.id = e.id;
    v.vtOrganisatie = vtOrganisatie;
    v.bsn = e.bsn ?? null;
    v.voornamen = e.voornamen ?? null;
    v.achternaam = e.achternaam ?? null;
    v.geboortedatum = geboortedatum;
    v.telefoon = e.telefoon ?? null;
    v.email = e.email ?? null;
    if (e.straat || e.huisnummer || e.postcode || e.woonplaats) {
      const a = new AdresView();
      a.straat = e.straat ?? null;
      a.huisnummer = e.huisnummer ?? null;
      a.postcode = e.postcode ?? null;
      a.woonplaats = e.woonplaats ?? null;
      a.vtOrganisatie = vtOrganisatie;
      v.adres = a;
    } else {
      v.adres = null;
    }
    return v;
  }
}
