import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

import { AardGeweld, HoedanigheidMelder, Kanaal, OrganisatieMelder } from '../meldingen/cbs-categorieen';
import { AdviesStatus } from './advies.proces';

/**
 * An advies: someone who suspects violence asks VT for advice. The responsibility stays with the adviesvrager;
 * the client may stay anonymous (no persons are recorded). CBS counts these as "gestarte adviezen" (84849/84850).
 */
@Entity({ tableName: 'advies' })
export class AdviesEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'text', fieldName: 'vt_organisatie' }) vtOrganisatie!: string;
  @Property({ type: 'Date', fieldName: 'ontvangen_op' }) ontvangenOp!: Date;
  @Enum({ items: () => Kanaal, type: 'text' }) kanaal!: Kanaal;
  @Enum({ items: () => HoedanigheidMelder, type: 'text', fieldName: 'hoedanigheid_adviesvrager' })
  hoedanigheidAdviesvrager!: HoedanigheidMelder;
  @Enum({ items: () => OrganisatieMelder, type: 'text', fieldName: 'organisatie_adviesvrager' })
  organisatieAdviesvrager!: OrganisatieMelder;
  @Enum({ items: () => AardGeweld, array: true, type: 'text[]', fieldName: 'aard_geweld' }) aardGeweld: AardGeweld[] =
    [];
  @Property({ type: 'text' }) omschrijving!: string;
  @Property({ type: 'boolean', fieldName: 'client_anoniem' }) clientAnoniem = true;
  /** CBS gemeente code (GMnnnn) of where the client lives, when the adviesvrager says so: CBS counts adviezen per gemeente. */
  @Property({ type: 'text', nullable: true }) gemeente?: string | null;
  @Enum({ items: () => AdviesStatus, type: 'text' }) status: AdviesStatus = AdviesStatus.OPEN;
  @Property({ type: 'uuid', fieldName: 'melding_id', nullable: true }) meldingId?: string | null;
  @Property({ type: 'text', fieldName: 'geregistreerd_door' }) geregistreerdDoor!: string;
  @Property({ type: 'Date', fieldName: 'geregistreerd_op' }) geregistreerdOp!: Date;
  @Property({ type: 'Date', fieldName: 'afgerond_op', nullable: true }) afgerondOp?: Date | null;
}
