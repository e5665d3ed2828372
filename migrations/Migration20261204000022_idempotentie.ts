import { Migration } from '@mikro-orm/migrations';

/**
 * Idempotent creates (issue 12; src/lib/idempotentie.ts). One row per idempotency key a caller used for a create, written
 * in the same transaction as the object it created, so a key and its object commit together or not at all.
 * - The primary key (organisatie, aanroeper, sleutel) is what makes a second request with the same key wait for the
 *   first and then find its object, instead of creating a second one.
 * - `invoer_hash` is the SHA-256 of the operation and its canonical input: never the input itself, which holds personal
 *   data. `object_id` is the created object, re-read through the normal read path on a retry (no stored response).
 * - Rows older than `verloopt_op` are removed by the worker (job `idempotentie-opruimen`).
 */
export class Migration20261204000022_idempotentie extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table idempotentie_sleutel (
        organisatie text not null,
        aanroeper text not null,
        sleutel text not null check (sleutel ~ '^[A-Za-z0-9._:-]{16,128}$'),
        operatie text not null,
        invoer_hash text not null check (invoer_hash ~ '^[0-9a-f]{64}$'),
        object_id text not null,
        aangemaakt_op timestamptz not null,
        verloopt_op timestamptz not null,
        primary key (organisatie, aanroeper, sleutel)
      );`);
    this.addSql(`create index idempotentie_sleutel_verloopt_idx on idempotentie_sleutel (verloopt_op);`);
    // Creates run as ketenpoort_app (lib/regio.ts) and write the key row in their transaction; delete: expired keys.
    this.addSql(`grant select, insert, delete on idempotentie_sleutel to ketenpoort_app;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table idempotentie_sleutel;`);
  }
}
