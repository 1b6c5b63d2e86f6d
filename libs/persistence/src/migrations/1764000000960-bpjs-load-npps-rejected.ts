import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * BPJS loads (#17): how many of a load's rows for an NPP were rejected (`bpjs_load_npps.rows_rejected`).
 * An NPP with a rejected row is listed with the load but does not take the load's view into
 * `bpjs_npp_coverage`: judging an employer on a BPJS view with holes would flag workers BPJS does hold
 * (docs/bpjs-records.md, "How a load replaces another").
 */
export class BpjsLoadNppsRejected1764000000960 implements MigrationInterface {
  name = 'BpjsLoadNppsRejected1764000000960';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE `bpjs_load_npps` ADD `rows_rejected` int UNSIGNED NOT NULL DEFAULT 0 AFTER `rows`',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `bpjs_load_npps` DROP COLUMN `rows_rejected`');
  }
}
