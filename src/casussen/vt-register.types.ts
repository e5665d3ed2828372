import { Field, ID, ObjectType } from 'type-graphql';

import { DatumScalar, TijdstipScalar } from '../lib/scalars';
import { OrganisatieView } from '../organisaties/organisatie.types';

@ObjectType('VtRegisterTreffer', {
  description:
    'Een andere VT-organisatie is of was betrokken bij een persoon van deze casus: alleen dat, en wie u kunt bellen. Geen inhoud van haar casus.',
})
export class VtRegisterTrefferView {
  @Field(() => OrganisatieView) organisatie!: OrganisatieView;
  @Field(() => String, { description: 'Het contactpunt van die organisatie.' }) contact!: string;
  @Field(() => [ID], { description: 'De personen van DEZE casus (eigen ids) die daar bekend zijn.' })
  persoonIds!: string[];
  @Field(() => DatumScalar, { description: 'Eerste dag van betrokkenheid daar.' }) betrokkenSinds!: string;
  @Field(() => DatumScalar, { description: 'Laatste melding daar.' }) laatstBetrokken!: string;
  @Field(() => Boolean, { description: 'Daar loopt nu een casus.' }) lopend!: boolean;
  /** The asking region (the row rule); not a field. */
  vtOrganisatie!: string;
}

@ObjectType('VtRegisterSignaal', {
  description:
    'Een melding bij een andere VT-organisatie betreft een persoon die bij u bekend is; neem contact op met die organisatie. Geen inhoud van haar melding.',
})
export class VtRegisterSignaalView {
  @Field(() => ID) id!: string;
  @Field(() => OrganisatieView, { description: 'De VT-organisatie waar de melding binnenkwam.' })
  vanOrganisatie!: OrganisatieView;
  @Field(() => String, { description: 'Haar contactpunt.' }) contact!: string;
  @Field(() => [ID], { description: 'Uw eigen personen om wie het gaat.' }) persoonIds!: string[];
  @Field(() => TijdstipScalar) ontvangenOp!: Date;
  /** The receiving region (the row rule); not a field. */
  vtOrganisatie!: string;
}
