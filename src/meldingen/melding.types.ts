import { Field, ID, ObjectType } from 'type-graphql';

import type { CasusToegang } from '../beleid/casustoegang';
import { PageInfo } from '../lib/graphql/paginering';
import { TijdstipScalar } from '../lib/scalars';
import { PersoonView } from '../personen/persoon.types';
import {
  AardGeweld,
  Anonimiteit,
  BetrokkeneRol,
  DuurGeweld,
  EerdereBetrokkenheid,
  HoedanigheidMelder,
  Kanaal,
  OrganisatieMelder,
} from './cbs-categorieen';
import type { BetrokkeneEntity, MelderEntity, MeldingEntity } from './melding.entity';

@ObjectType('Melder', {
  description: 'De melder. Bij anonimiteit alleen zichtbaar voor VT-medewerkers van de eigen regio.',
})
export class MelderView {
  @Field(() => Anonimiteit) anonimiteit!: Anonimiteit;
  @Field(() => Boolean) toestemmingBekendmaking!: boolean;
  @Field(() => String, { nullable: true }) naam!: string | null;
  @Field(() => String, { nullable: true }) telefoon!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) functie!: string | null;
  @Field(() => String, { nullable: true }) werkgever!: string | null;
  vtOrganisatie!: string;

  static van(e: MelderEntity, vtOrganisatie: string): MelderView {
    const v = new MelderView();
    v.vtOrganisatie = vtOrganisatie;
    v.anonimiteit = e.anonimiteit;
    v.toestemmingBekendmaking = e.toestemmingBekendmaking;
    v.naam = e.naam ?? null;
    v.telefoon = e.telefoon ?? null;
    v.email = e.email ?? null;
    v.functie = e.functie ?? null;
    v.werkgever = e.werkgever ?? null;
    return v;
  }
}

@ObjectType('Betrokkene', { description: 'Een persoon in een melding, met zijn of haar rol(len).' })
export class BetrokkeneView {
  @Field(() => ID) id!: string;
  @Field(() => [BetrokkeneRol]) rollen!: BetrokkeneRol[];
  @Field(() => PersoonView) persoon!: PersoonView;
  vtOrganisatie!: string;

  static van(e: BetrokkeneEntity, vtOrganisatie: string): BetrokkeneView {
    const v = new BetrokkeneView();
    v.id = e.id;
    v.vtOrganisatie = vtOrganisatie;
    v.rollen = [...e.rollen];
    v.persoon = PersoonView.van(e.persoon);
    return v;
  }
}

@ObjectType('Melding', {
  description: 'Een melding bij Veilig Thuis. Zaakinhoud: alleen zichtbaar voor de eigen VT-regio.',
})
export class MeldingView {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'Code van de VT-organisatie die de melding ontving.' }) vtOrganisatie!: string;
  @Field(() => TijdstipScalar) ontvangenOp!: Date;
  @Field(() => Kanaal) kanaal!: Kanaal;
  @Field(() => [AardGeweld]) aardGeweld!: AardGeweld[];
  @Field(() => DuurGeweld) duurGeweld!: DuurGeweld;
  @Field(() => String, { description: 'De melding zoals gedaan (letterlijk) of samengevat door VT.' })
  omschrijving!: string;
  @Field(() => HoedanigheidMelder) hoedanigheidMelder!: HoedanigheidMelder;
  @Field(() => OrganisatieMelder) organisatieMelder!: OrganisatieMelder;
  @Field(() => MelderView, { nullable: true }) melder!: MelderView | null;
  @Field(() => [BetrokkeneView]) betrokkenen!: BetrokkeneView[];
  @Field(() => TijdstipScalar) geregistreerdOp!: Date;
  @Field(() => ID, { nullable: true, description: 'De casus (het huishouden) waartoe de melding behoort.' }) casusId!:
    string | null;
  @Field(() => EerdereBetrokkenheid) eerdereBetrokkenheid!: EerdereBetrokkenheid;
  @Field(() => Boolean, { description: 'Acute onveiligheid: beoordeling dezelfde dag.' }) acuut!: boolean;
  @Field(() => Boolean, { description: 'Door VT zelf gedaan (ambtshalve melding).' }) ambtshalve!: boolean;
  @Field(() => String, { nullable: true, description: 'Referentie van de politie bij een politiemelding.' })
  politieReferentie!: string | null;

  /** Ids of the persons this melding is about (for the audit trail; not a field). */
  persoonIds!: string[];
  /** Need-to-know data of its casus, for the row rule and the audit (not a field). */
  casusToegang?: CasusToegang;
  /**
   * Set only on the answer to a registration whose melding joined a casus assigned to someone else: the view then
   * holds only what this caller (sub) entered, and the row rule shows it to them alone (not a field).
   */
  eigenInvoerVan?: string;

  static van(e: MeldingEntity): MeldingView {
    const v = new MeldingView();
    v.id = e.id;
    v.vtOrganisatie = e.vtOrganisatie;
    v.ontvangenOp = e.ontvangenOp;
    v.kanaal = e.kanaal;
    v.aardGeweld = [...e.aardGeweld];
    v.duurGeweld = e.duurGeweld;
    v.omschrijving = e.omschrijving;
    v.hoedanigheidMelder = e.hoedanigheidMelder;
    v.organisatieMelder = e.organisatieMelder;
    v.melder = e.melder ? MelderView.van(e.melder, e.vtOrganisatie) : null;
    v.betrokkenen = e.betrokkenen.getItems().map((b) => BetrokkeneView.van(b, e.vtOrganisatie));
    v.persoonIds = v.betrokkenen.map((b) => b.persoon.id);
    v.geregistreerdOp = e.geregistreerdOp;
    v.casusId = e.casusId ?? null;
    v.eerdereBetrokkenheid = e.eerdereBetrokkenheid;
    v.acuut = e.acuut;
    v.ambtshalve = e.ambtshalve;
    v.politieReferentie = e.politieReferentie ?? null;
    return v;
  }
}

@ObjectType('MeldingEdge')
export class MeldingEdge {
  @Field(() => String) cursor!: string;
  @Field(() => MeldingView) node!: MeldingView;
}

@ObjectType('MeldingConnection', { description: 'Een pagina meldingen, nieuwste eerst.' })
export class MeldingConnection {
  @Field(() => [MeldingEdge]) edges!: MeldingEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
