import { Migration } from '@mikro-orm/migrations';

/**
 * Webhooks for partner organisations (issue 4 §4): the endpoints a partner registers, their signing secrets (more than
 * one during a rotation's overlap) and one delivery row per event × endpoint. The delivery rows are the state of the
 * delivery (at-least-once): the worker claims due rows with a lease (`geclaimd_tot`, `claim`), so a worker that dies
 * mid-delivery only causes a redelivery with the same webhook-id after the lease expires.
 *
 * `gebeurtenis.uitgewaaierd_op` marks an event whose delivery rows were created (fan-out); the partial index keeps
 * the fan-out's scan to the events not yet handled.
 */
export class Migration20261127000006_webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table webhook_endpoint (
        id uuid primary key,
        organisatie text not null references organisatie(code),
        url text not null check (length(url) <= 2000),
        omschrijving text check (length(omschrijving) <= 200),
        actief boolean not null default true,
        uitschakelreden text check (uitschakelreden in ('HANDMATIG', 'AANHOUDEND_FALEN')),
        uitgeschakeld_op timestamptz,
        falend_sinds timestamptz,
        aangemaakt_op timestamptz not null,
        gewijzigd_op timestamptz not null
      );`);
    this.addSql(`create index webhook_endpoint_organisatie_idx on webhook_endpoint (organisatie);`);

    this.addSql(`
      create table webhook_geheim (
        id uuid primary key,
        endpoint_id uuid not null references webhook_endpoint(id) on delete cascade,
        geheim text not null,
        aangemaakt_op timestamptz not null,
        geldig_tot timestamptz
      );`);
    this.addSql(`create index webhook_geheim_endpoint_idx on webhook_geheim (endpoint_id);`);

    this.addSql(`
      create table webhook_aflevering (
        id uuid primary key,
        gebeurtenis_id uuid not null references gebeurtenis(id),
        endpoint_id uuid not null references webhook_endpoint(id) on delete cascade,
        status text not null check (status in ('PENDING', 'DELIVERED', 'FAILED', 'DEAD')),
        pogingen integer not null default 0,
        volgende_poging_op timestamptz,
        geclaimd_tot timestamptz,
        claim uuid,
        laatste_poging_op timestamptz,
        laatste_statuscode integer,
        laatste_fout text,
        afgeleverd_op timestamptz,
        aangemaakt_op timestamptz not null,
        constraint webhook_aflevering_uniek unique (gebeurtenis_id, endpoint_id)
      );`);
    // The dispatcher's scan: only open deliveries, by due moment.
    this.addSql(
      `create index webhook_aflevering_te_doen_idx on webhook_aflevering (volgende_poging_op, id) where status in ('PENDING', 'FAILED');`,
    );
    this.addSql(
      `create index webhook_aflevering_endpoint_idx on webhook_aflevering (endpoint_id, status, aangemaakt_op desc);`,
    );

    this.addSql(`alter table gebeurtenis add column uitgewaaierd_op timestamptz;`);
    this.addSql(`create index gebeurtenis_uitwaaieren_idx on gebeurtenis (volgnummer) where uitgewaaierd_op is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index gebeurtenis_uitwaaieren_idx;`);
    this.addSql(`alter table gebeurtenis drop column uitgewaaierd_op;`);
    this.addSql(`drop table webhook_aflevering;`);
    this.addSql(`drop table webhook_geheim;`);
    this.addSql(`drop table webhook_endpoint;`);
  }
}
