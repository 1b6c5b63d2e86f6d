import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For the operators' gauges (issue #16, GET /metrics): `ix_self_reports_status_received` (status, received_at), so
 * counting self-reports by status with the oldest of each is one short walk of an index (not a scan of every
 * report ever received, each scrape), and the workers' requeue of reports left `queued` (status = 'queued' AND
 * received_at < ?) reads a range instead of the whole table. Built online (InnoDB adds a secondary index in place).
 */
export class MetricsIndexes1764000000950 implements MigrationInterface {
  name = 'MetricsIndexes1764000000950';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE `self_reports` ADD INDEX `ix_self_reports_status_received` (`status`, `received_at`)',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `self_reports` DROP INDEX `ix_self_reports_status_received`');
  }
}
