import { Field, ObjectType, registerEnumType } from 'type-graphql';

import { OrganisatieSoort, Rol } from '../auth/rollen';

registerEnumType(OrganisatieSoort, { name: 'OrganisatieSoort' });
registerEnumType(Rol, { name: 'Rol' });

@ObjectType('Organisatie', { description: 'Een VT-organisatie of ketenpartner.' })
export class OrganisatieView {
  @Field(() => String) code!: string;
  @Field(() => String) naam!: string;
  @Field(() => OrganisatieSoort) soort!: OrganisatieSoort;
}

@ObjectType('Ik', { description: 'Wie u bent volgens uw token: rol en organisatie.' })
export class IkView {
  @Field(() => String, { description: 'Subject-id bij de identity provider.' }) sub!: string;
  @Field(() => String, { nullable: true }) naam!: string | null;
  @Field(() => Rol) rol!: Rol;
  @Field(() => OrganisatieView) organisatie!: OrganisatieView;
  @Field(() => String, { nullable: true, description: 'Namens wie u handelt, als het token dat zegt.' }) namens!:
    string | null;
}
