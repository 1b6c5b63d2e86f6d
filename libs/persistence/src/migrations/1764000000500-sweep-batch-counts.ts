import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each sweep batch keeps its own counts (cases opened, resolved, reopened; employers that failed), written in the
 * batch's transaction. A running sweep's progress is the sum of its batches; the sweep row is written once, when
 * the last batch has committed. Before this, every batch transaction also updated the sweep's row, so the sweep's
 * workers queued behind each other's lock on that one row until commit (docs/benchmarks.md).
 *
 * Apply with no sweep running: a sweep started before it would end with the counts of its later batches only.
 */
export class SweepBatchCounts1764000000500 implements MigrationInterface {
  name = 'SweepBatchCounts1764000000500';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE `sweep_batches` ADD `opened` int UNSIGNED NOT NULL DEFAULT 0, ADD `resolved` int UNSIGNED NOT NULL DEFAULT 0, ' +
        'ADD `reopened` int UNSIGNED NOT NULL DEFAULT 0, ADD `failed_employer_ids` longtext NULL',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE `sweep_batches` DROP COLUMN `failed_employer_ids`, DROP COLUMN `reopened`, DROP COLUMN `resolved`, DROP COLUMN `opened`',
    );
  }
}
