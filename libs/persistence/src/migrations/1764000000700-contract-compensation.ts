import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rulebook v2 (PKWT_COMPENSATION_UNPAID): the uang kompensasi an employer reports paid at the end of a PKWT
 * (UU 13/2003 Art 61A as amended; PP 35/2021 Arts 15-17), in whole rupiah, and the day it was paid. Both nullable:
 * null means not reported. Instant on InnoDB (columns added at the end, no default to backfill).
 */
export class ContractCompensation1764000000700 implements MigrationInterface {
  name = 'ContractCompensation1764000000700';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE `contracts` ADD `compensation_paid` bigint UNSIGNED NULL, ADD `compensation_paid_on` date NULL',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE `contracts` DROP COLUMN `compensation_paid_on`, DROP COLUMN `compensation_paid`',
    );
  }
}
