import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';

/** Why an endpoint is inactive. */
export enum WebhookUitschakelreden {
  /** The partner switched it off. */
  HANDMATIG = 'HANDMATIG',
  /** The worker switched it off after it failed continuously for WEBHOOK_UITSCHAKELEN_NA_MS. */
  AANHOUDEND_FALEN = 'AANHOUDEND_FALEN',
  /** Functioneel beheer switched it off; only beheer switches it on again. */
  BEHEER = 'BEHEER',
  /** Its organisation was deactivated; reactivating the organisation switches it on again. */
  ORGANISATIE_GEDEACTIVEERD = 'ORGANISATIE_GEDEACTIVEERD',
}
registerEnumType(WebhookUitschakelreden, {
  name: 'WebhookUitschakelreden',
  valuesConfig: {
    HANDMATIG: { description: 'Door de partner uitgezet.' },
    AANHOUDEND_FALEN: { description: 'Door Ketenpoort uitgezet: het endpoint faalde aanhoudend.' },
    BEHEER: { description: 'Door functioneel beheer uitgezet; alleen beheer zet het weer aan.' },
    ORGANISATIE_GEDEACTIVEERD: {
      description: 'De organisatie is gedeactiveerd; bij heractiveren gaat het endpoint weer aan.',
    },
  },
});

/**
 * State of one delivery (event × endpoint). The names follow the common webhook vocabulary (Svix, Standard Webhooks);
 * FAILED means "failed, another attempt is scheduled".
 */
export enum AfleverStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
  DEAD = 'DEAD',
}
registerEnumType(AfleverStatus, {
  name: 'WebhookAfleverStatus',
  valuesConfig: {
    PENDING: { description: 'Nog niet geprobeerd.' },
    DELIVERED: { description: 'Afgeleverd: het endpoint antwoordde met 2xx.' },
    FAILED: { description: 'Mislukt; er staat een nieuwe poging gepland.' },
    DEAD: {
      description: 'Opgegeven na het maximale aantal pogingen (of endpoint uitgeschakeld); opnieuw aan te bieden.',
    },
  },
});

/** A partner organisation's webhook endpoint. Structural data of that organisation; no personal data. */
@Entity({ tableName: 'webhook_endpoint' })
export class WebhookEndpointEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'text' }) organisatie!: string;
  @Property({ type: 'text' }) url!: string;
  @Property({ type: 'text', nullable: true }) omschrijving?: string | null;
  @Property({ type: 'boolean' }) actief = true;
  @Enum({ items: () => WebhookUitschakelreden, type: 'text', nullable: true })
  uitschakelreden?: WebhookUitschakelreden | null;
  @Property({ type: 'Date', fieldName: 'uitgeschakeld_op', nullable: true }) uitgeschakeldOp?: Date | null;
  /** The first failed attempt since the last success; null while the endpoint is healthy. */
  @Property({ type: 'Date', fieldName: 'falend_sinds', nullable: true }) falendSinds?: Date | null;
  @Property({ type: 'Date', fieldName: 'aangemaakt_op' }) aangemaaktOp!: Date;
  @Property({ type: 'Date', fieldName: 'gewijzigd_op' }) gewijzigdOp!: Date;
}

/**
 * A signing secret of an endpoint, stored as produced by `geheim.ts` (encrypted when WEBHOOK_GEHEIM_SLEUTEL is set).
 * `geldigTot` null: the current secret; set at rotation: the previous one, valid until the overlap ends.
 */
@Entity({ tableName: 'webhook_geheim' })
export class WebhookGeheimEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'uuid', fieldName: 'endpoint_id' }) endpointId!: string;
  @Property({ type: 'text' }) geheim!: string;
  @Property({ type: 'Date', fieldName: 'aangemaakt_op' }) aangemaaktOp!: Date;
  @Property({ type: 'Date', fieldName: 'geldig_tot', nullable: true }) geldigTot?: Date | null;
}

/** One delivery of one event to one endpoint: the at-least-once state machine lives in this row. */
@Entity({ tableName: 'webhook_aflevering' })
export class WebhookAfleveringEntity {
  @PrimaryKey({ type: 'uuid' }) id: string = crypto.randomUUID();
  @Property({ type: 'uuid', fieldName: 'gebeurtenis_id' }) gebeurtenisId!: string;
  @Property({ type: 'uuid', fieldName: 'endpoint_id' }) endpointId!: string;
  @Enum({ items: () => AfleverStatus, type: 'text' }) status: AfleverStatus = AfleverStatus.PENDING;
  @Property({ type: 'integer' }) pogingen = 0;
  @Property({ type: 'Date', fieldName: 'volgende_poging_op', nullable: true }) volgendePogingOp?: Date | null;
  @Property({ type: 'Date', fieldName: 'geclaimd_tot', nullable: true }) geclaimdTot?: Date | null;
  @Property({ type: 'uuid', nullable: true }) claim?: string | null;
  @Property({ type: 'Date', fieldName: 'laatste_poging_op', nullable: true }) laatstePogingOp?: Date | null;
  @Property({ type: 'integer', fieldName: 'laatste_statuscode', nullable: true }) laatsteStatuscode?: number | null;
  @Property({ type: 'text', fieldName: 'laatste_fout', nullable: true }) laatsteFout?: string | null;
  @Property({ type: 'Date', fieldName: 'afgeleverd_op', nullable: true }) afgeleverdOp?: Date | null;
  @Property({ type: 'Date', fieldName: 'aangemaakt_op' }) aangemaaktOp!: Date;
}
