import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reaper of issue #16 (sweeps and self-reports that always end):
 * - `sweeps.batch_starts`: the first employer id of each planned batch, written once with the queued → running
 *   move, so a re-planned or re-driven sweep cuts exactly the batches it first planned (contract counts, and so
 *   the planner's cuts, change while a sweep runs);
 * - `redrives` (rounds of re-enqueued jobs so far: bounded by REAPER_MAX_REDRIVES) and `reaped_at` (the reaper's
 *   last look, a lease so two workers never act on one row at once) on `sweeps` and `self_reports`.
 * Additive, online; a sweep running across the upgrade has no batch_starts and is re-planned as before.
 */
export class SweepReaper1764000000910 implements MigrationInterface {
  name = 'SweepReaper1764000000910';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE `sweeps` ADD `batch_starts` longtext NULL, ADD `redrives` int UNSIGNED NOT NULL DEFAULT 0, ' +
        'ADD `reaped_at` datetime(3) NULL',
    );
    await q.query(
      'ALTER TABLE `self_reports` ADD `redrives` int UNSIGNED NOT NULL DEFAULT 0, ADD `reaped_at` datetime(3) NULL',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `self_reports` DROP COLUMN `reaped_at`, DROP COLUMN `redrives`');
    await q.query(
      'ALTER TABLE `sweeps` DROP COLUMN `reaped_at`, DROP COLUMN `redrives`, DROP COLUMN `batch_starts`',
    );
  }
}
