import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts (docs/alerts.md): a claim lease on deliveries (two workers never send one delivery at once), the attempt
 * budget of a resend, a subscription's failure streak and pause reason, and cases.escalated_at so case.escalated
 * fires once per overdue case however many workers check.
 */
export class AlertsDelivery1764000000200 implements MigrationInterface {
  name = 'AlertsDelivery1764000000200';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `alert_deliveries` ADD `locked_until` datetime(3) NULL');
    await q.query('ALTER TABLE `alert_deliveries` ADD `attempt_base` int UNSIGNED NOT NULL DEFAULT 0');
    await q.query('ALTER TABLE `alert_subscriptions` ADD `failing_since` datetime(3) NULL');
    await q.query('ALTER TABLE `alert_subscriptions` ADD `paused_reason` varchar(1000) NULL');
    await q.query('ALTER TABLE `cases` ADD `escalated_at` datetime(3) NULL');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `cases` DROP COLUMN `escalated_at`');
    await q.query('ALTER TABLE `alert_subscriptions` DROP COLUMN `paused_reason`');
    await q.query('ALTER TABLE `alert_subscriptions` DROP COLUMN `failing_since`');
    await q.query('ALTER TABLE `alert_deliveries` DROP COLUMN `attempt_base`');
    await q.query('ALTER TABLE `alert_deliveries` DROP COLUMN `locked_until`');
  }
}
