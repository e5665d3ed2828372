import { Migration } from '@mikro-orm/migrations';

/**
 * The reconciler reads the open termijnen whose reminder or escalation falls within the planning horizon, in pages.
 * Without an index on that moment it read (and sorted) the whole termijn table every run, which grows with every
 * met and cancelled termijn (bench/README.md, termijnbewaking). This partial index holds only open termijnen,
 * keyed on the earlier of the two moments, so each page is an index range scan.
 */
export class Migration20261127000004_termijn_planning extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index termijn_open_planning_idx on termijn ((least(herinner_op, vervalt_op)), id) where status = 'OPEN';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index termijn_open_planning_idx;`);
  }
}
