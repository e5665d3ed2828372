import { Migration } from '@mikro-orm/migrations';

/**
 * Onboarding (issue 11, point 3). Migration 15 holds the data model; this one only widens why a webhook endpoint can be
 * switched off, so that the owner's state and functioneel beheer are told apart from the partner's own choice:
 * - ORGANISATIE_GEDEACTIVEERD: its organisation was deactivated; reactivating the organisation switches exactly these
 *   endpoints back on (an endpoint the partner or the worker had switched off stays off);
 * - BEHEER: functioneel beheer switched it off (e.g. a receiver of a former supplier); the partner cannot switch it
 *   back on, beheer can.
 */
export class Migration20261204000020_onboarding extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table webhook_endpoint drop constraint webhook_endpoint_uitschakelreden_check;`);
    this.addSql(`alter table webhook_endpoint add constraint webhook_endpoint_uitschakelreden_check
                 check (uitschakelreden in ('HANDMATIG', 'AANHOUDEND_FALEN', 'BEHEER', 'ORGANISATIE_GEDEACTIVEERD'));`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `update webhook_endpoint set uitschakelreden = 'HANDMATIG' where uitschakelreden in ('BEHEER', 'ORGANISATIE_GEDEACTIVEERD');`,
    );
    this.addSql(`alter table webhook_endpoint drop constraint webhook_endpoint_uitschakelreden_check;`);
    this.addSql(
      `alter table webhook_endpoint add constraint webhook_endpoint_uitschakelreden_check check (uitschakelreden in ('HANDMATIG', 'AANHOUDEND_FALEN'));`,
    );
  }
}
