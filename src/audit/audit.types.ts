import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

import { PageInfo } from '../lib/graphql/paginering';
import { TijdstipScalar } from '../lib/scalars';

@ObjectType('AuditGebeurtenis', { description: 'Eén regel van het auditspoor (NEN 7513).' })
export class AuditGebeurtenisView {
  @Field(() => ID) id!: string;
  @Field(() => TijdstipScalar) tijdstip!: Date;
  @Field(() => String, { description: 'Bijvoorbeeld MELDING_INZIEN, MELDING_REGISTREREN.' }) gebeurtenis!: string;
  @Field(() => String, { description: 'C(reate), R(ead), U(pdate), D(elete) of E(xecute).' }) actie!: string;
  @Field(() => String) gebruiker!: string;
  @Field(() => String, { nullable: true }) gebruikerNaam!: string | null;
  @Field(() => String, { description: 'PERSOON of SYSTEEM.' }) actorSoort!: string;
  @Field(() => String) rol!: string;
  @Field(() => String) organisatie!: string;
  @Field(() => String, { nullable: true, description: 'Verantwoordelijke namens wie gehandeld werd.' }) namens!: string | null;
  @Field(() => String, { description: 'Toegangspunt (IP-adres van de verbinding).' }) toegangspunt!: string;
  @Field(() => String) verzoekId!: string;
  @Field(() => String, { description: 'Grondslag of relatie (bijv. een overdracht).' }) grondslag!: string;
  @Field(() => Boolean) noodprocedure!: boolean;
  @Field(() => String) objectType!: string;
  @Field(() => String, { nullable: true }) objectId!: string | null;
  @Field(() => [ID]) persoonIds!: string[];
  @Field(() => [String], { description: 'Teruggegeven of gewijzigde velden.' }) velden!: string[];
  /** Owning VT organisation of the object; with `organisatie` the row rule's input (who is responsible). */
  @Field(() => String, { nullable: true, description: 'De VT-organisatie van het object; leeg als er geen is (dan is de handelende organisatie verantwoordelijk).' })
  vtOrganisatie!: string | null;
}

@ObjectType('AuditGebeurtenisEdge')
export class AuditGebeurtenisEdge {
  @Field(() => String) cursor!: string;
  @Field(() => AuditGebeurtenisView) node!: AuditGebeurtenisView;
}

@ObjectType('AuditGebeurtenisConnection')
export class AuditGebeurtenisConnection {
  @Field(() => [AuditGebeurtenisEdge]) edges!: AuditGebeurtenisEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType('AuditFilter', { description: 'Minstens één van persoonId, gebruiker of objectId.' })
export class AuditFilter {
  @Field(() => ID, { nullable: true, description: 'Wie heeft dit dossier/deze persoon ingezien?' }) persoonId?: string;
  @Field(() => String, { nullable: true, description: 'Wat heeft deze gebruiker (sub) gedaan?' }) gebruiker?: string;
  @Field(() => ID, { nullable: true }) objectId?: string;
  @Field(() => TijdstipScalar, { nullable: true }) van?: Date;
  @Field(() => TijdstipScalar, { nullable: true }) tot?: Date;
}

@ObjectType('AuditKetenBreuk')
export class AuditKetenBreukView {
  @Field(() => String) volgnummer!: string;
  @Field(() => String) auditId!: string;
  @Field(() => String, { description: 'ZEGEL_ONTBREEKT, ZEGEL_GEWIJZIGD, AUDITREGEL_VERWIJDERD of AUDITREGEL_GEWIJZIGD.' }) reden!: string;
  @Field(() => String) toelichting!: string;
}

@ObjectType('AuditKetenRapport', { description: 'Uitkomst van de controle van de hashketen over het hele auditspoor.' })
export class AuditKetenRapportView {
  @Field(() => Boolean) intact!: boolean;
  @Field(() => Int) gecontroleerd!: number;
  @Field(() => Int, { description: 'Regels die nog niet in de keten zijn opgenomen.' }) ongezegeld!: number;
  @Field(() => String, { nullable: true, description: 'Hash van de laatste schakel (hex).' }) kopHash!: string | null;
  @Field(() => AuditKetenBreukView, { nullable: true }) eersteBreuk!: AuditKetenBreukView | null;
}
