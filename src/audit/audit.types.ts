import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';

import { PageInfo } from '../lib/graphql/paginering';
import { TijdstipScalar } from '../lib/scalars';
import { TekstRegelScalar } from '../lib/tekst';

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
  @Field(() => String, { nullable: true, description: 'Verantwoordelijke namens wie gehandeld werd.' }) namens!:
    string | null;
  @Field(() => String, { description: 'Toegangspunt (IP-adres van de verbinding).' }) toegangspunt!: string;
  @Field(() => String) verzoekId!: string;
  @Field(() => String, { description: 'Grondslag of relatie (bijv. een overdracht).' }) grondslag!: string;
  @Field(() => Boolean) noodprocedure!: boolean;
  @Field(() => String) objectType!: string;
  @Field(() => String, { nullable: true }) objectId!: string | null;
  @Field(() => [ID]) persoonIds!: string[];
  @Field(() => [String], { description: 'Teruggegeven of gewijzigde velden.' }) velden!: string[];
  /** Owning VT organisation of the object; with `organisatie` the row rule's input (who is responsible). */
  @Field(() => String, {
    nullable: true,
    description:
      'De VT-organisatie van het object; leeg als er geen is (dan is de handelende organisatie verantwoordelijk).',
  })
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
  @Field(() => TekstRegelScalar, { nullable: true, description: 'Wat heeft deze gebruiker (sub) gedaan?' })
  gebruiker?: string;
  @Field(() => ID, { nullable: true }) objectId?: string;
  @Field(() => TijdstipScalar, { nullable: true }) van?: Date;
  @Field(() => TijdstipScalar, { nullable: true }) tot?: Date;
}

@ObjectType('AuditKetenBreuk', {
  description:
    'De eerste gebroken schakel. Het auditregel-id staat er alleen bij als de regel van de eigen organisatie is.',
})
export class AuditKetenBreukView {
  @Field(() => String, { description: 'Positie (volgnummer van de zegel) in de keten.' }) volgnummer!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Id van de auditregel; leeg als de regel van een andere organisatie is of niet meer bestaat.',
  })
  auditId!: string | null;
  @Field(() => String, {
    description:
      'ZEGEL_ONTBREEKT, ZEGEL_GEWIJZIGD, AUDITREGEL_VERWIJDERD, AUDITREGEL_GEWIJZIGD, KETEN_INGEKORT (korter dan het laatste checkpoint), KETEN_HERSCHREVEN (opnieuw verzegeld) of REDACTIE_GEWIJZIGD (de redacties van een vernietiging zijn gewijzigd).',
  })
  reden!: string;
  @Field(() => String) toelichting!: string;
}

@ObjectType('AuditKetenCheckpoint', {
  description: 'Het getekende checkpoint buiten de database waartegen de keten is gecontroleerd.',
})
export class AuditKetenCheckpointView {
  @Field(() => String, {
    description: 'OVEREENKOMST, ONTBREEKT, ONGELDIG, ANDERE_DATABASE, KETEN_INGEKORT of KETEN_HERSCHREVEN.',
  })
  status!: string;
  @Field(() => String, { nullable: true }) volgnummer!: string | null;
  @Field(() => TijdstipScalar, { nullable: true }) tijdstip!: Date | null;
}

@ObjectType('AuditKetenControle', {
  description: 'Een controle van de hashketen van het hele auditspoor, uitgevoerd door de worker in begrensde stappen.',
})
export class AuditKetenControleView {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'WACHTEND, BEZIG of KLAAR.' }) status!: string;
  @Field(() => TijdstipScalar) aangevraagdOp!: Date;
  @Field(() => TijdstipScalar, { nullable: true }) voltooidOp!: Date | null;
  @Field(() => Float, { description: 'Schakels die tot nu toe zijn gecontroleerd.' }) gecontroleerd!: number;
  @Field(() => Boolean, { nullable: true, description: 'Leeg zolang de controle loopt.' }) intact!: boolean | null;
  @Field(() => Float, { nullable: true, description: 'Regels die nog niet in de keten zijn opgenomen.' }) ongezegeld!:
    number | null;
  @Field(() => String, { nullable: true, description: 'Hash van de laatste gecontroleerde schakel (hex).' }) kopHash!:
    string | null;
  @Field(() => AuditKetenBreukView, { nullable: true }) eersteBreuk!: AuditKetenBreukView | null;
  @Field(() => AuditKetenCheckpointView, { nullable: true }) checkpoint!: AuditKetenCheckpointView | null;
  /** The requesting VT organisation; row rule input (not a field). */
  vtOrganisatie!: string;
}
