import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index for an employer's self-reports in flight (queued or processing): the per-employer limit
 * (SELF_REPORT_MAX_IN_FLIGHT, checked on every submission) and a report's fair-queueing rank count them without
 * reading the employer's whole history. Issue #16 item 5.
 */
export class SelfReportsInFlight1764000000930 implements MigrationInterface {
  name = 'SelfReportsInFlight1764000000930';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX `ix_self_reports_employer_status` ON `self_reports` (`employer_id`, `status`, `kind`)',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX `ix_self_reports_employer_status` ON `self_reports`');
  }
}
