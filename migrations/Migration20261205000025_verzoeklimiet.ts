import { Migration } from '@mikro-orm/migrations';

/**
 * Request rate limits (issue 15; src/lib/verzoeklimiet.ts) where no Redis is configured: one row per counted key
 * (`verzoeklimiet:token:<issuer>|<sub>` or `verzoeklimiet:adres:<address>`) with the points used in its window and the
 * window's end in epoch ms, in the shape rate-limiter-flexible's PostgreSQL store expects. The key holds no personal
 * data beyond what the access log already holds (a client address, a token subject); expired rows are removed by the
 * store itself (rows that ended an hour ago, every five minutes).
 */
export class Migration20261205000025_verzoeklimiet extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create unlogged table verzoeklimiet (
        key varchar(255) primary key,
        points integer not null default 0,
        expire bigint
      );`);
    this.addSql(`create index verzoeklimiet_expire_idx on verzoeklimiet (expire);`);
    // The API's login role counts (upsert) and removes expired rows.
    this.addSql(`grant select, insert, update, delete on verzoeklimiet to ketenpoort_dienst;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table verzoeklimiet;`);
  }
}
