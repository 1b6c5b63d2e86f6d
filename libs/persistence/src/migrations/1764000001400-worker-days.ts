import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each worker's next-change day (issue #19, a night that costs what changed): with every whole evaluation, per
 * worker of the employer (by NIK), the next day on which that worker's findings could change with no new data and
 * how many it had, under a header naming the input revision and ruleset it was computed from (libs/engine
 * worker-days.ts; 24 bytes a worker). An incremental sweep on a later day, for an
 * employer due by its next-change day alone, judges only the workers whose day has come and the employer-level
 * rest. NULL: none recorded (a sliced evaluation, or one whose day could not be computed): the
 * employer is judged whole when due, as before.
 */
export class WorkerDays1764000001400 implements MigrationInterface {
  name = 'WorkerDays1764000001400';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `employer_evaluations` ADD `worker_days` mediumblob NULL');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `employer_evaluations` DROP COLUMN `worker_days`');
  }
}
