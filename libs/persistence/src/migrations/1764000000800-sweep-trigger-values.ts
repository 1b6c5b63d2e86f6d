import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `sweeps.trigger` loses its `self_report` value: nothing ever wrote it (a self-report enqueues one employer's
 * evaluation, not a sweep). Issue #15's dead items. Any row that had it (none should) becomes `manual`.
 */
export class SweepTriggerValues1764000000800 implements MigrationInterface {
  name = 'SweepTriggerValues1764000000800';

  public async up(q: QueryRunner): Promise<void> {
    await q.query("UPDATE `sweeps` SET `trigger` = 'manual' WHERE `trigger` = 'self_report'");
    await q.query(
      "ALTER TABLE `sweeps` MODIFY `trigger` enum ('manual', 'schedule') NOT NULL DEFAULT 'manual'",
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      "ALTER TABLE `sweeps` MODIFY `trigger` enum ('manual', 'schedule', 'self_report') NOT NULL DEFAULT 'manual'",
    );
  }
}
