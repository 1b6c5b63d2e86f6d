import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * BPJS Ketenagakerjaan's own participant and payment records (CONTRACT §9, issue #17).
 *
 * - `bpjs_loads`: one row per load an admin sends (JSON, CSV or .xlsx), idempotent by `Idempotency-Key`, with its
 *   `as_of`, its status and counts. A deleted load keeps its row (status `deleted`, for audit); its records go.
 * - `bpjs_load_parts`: the load's body as received, in chunks, stored before the 202 (as self_report_parts), so a
 *   province-size file is parsed by the worker in bounded memory and nothing accepted is lost.
 * - `bpjs_records`: the accepted rows. `paid_through` is the first day of the last month paid (the row's
 *   `paidThrough: "YYYY-MM"`), or null when the row says nothing was paid. The primary key leads with the load and the
 *   NPP, so the engine reads one employer's records of one load as a range.
 * - `bpjs_load_npps`: which NPPs each load covers, as of its `as_of` (with its row count), kept for every load.
 * - `bpjs_npp_coverage`: for each NPP, the one load whose view is judged now: the load with the latest `as_of` (then
 *   the highest id) among those not deleted. A later load for an NPP replaces the earlier one here; the earlier
 *   one's records stay for audit and are not judged.
 */
export class BpjsRecords1764000000900 implements MigrationInterface {
  name = 'BpjsRecords1764000000900';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE TABLE `bpjs_loads` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `idempotency_key` varchar(200) NULL, `body_hash` char(64) NOT NULL, `format` varchar(20) NOT NULL, `as_of` date NOT NULL, `status` enum ('queued', 'processing', 'processed', 'failed', 'deleted') NOT NULL DEFAULT 'queued', `received_at` datetime(3) NOT NULL, `processed_at` datetime(3) NULL, `rows_total` int UNSIGNED NOT NULL DEFAULT '0', `rows_accepted` int UNSIGNED NOT NULL DEFAULT '0', `rows_rejected` int UNSIGNED NOT NULL DEFAULT '0', `npps_total` int UNSIGNED NOT NULL DEFAULT '0', `errors` longtext NULL, `failure_reason` varchar(1000) NULL, `submitted_by_user_id` int UNSIGNED NULL, `deleted_at` datetime(3) NULL, `deleted_by_user_id` int UNSIGNED NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX `ux_bpjs_loads_idempotency` (`idempotency_key`), INDEX `ix_bpjs_loads_received` (`received_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await q.query(
      'CREATE TABLE `bpjs_load_parts` (`load_id` int UNSIGNED NOT NULL, `seq` int UNSIGNED NOT NULL, `data` mediumblob NOT NULL, PRIMARY KEY (`load_id`, `seq`)) ENGINE=InnoDB',
    );
    await q.query(
      'CREATE TABLE `bpjs_records` (`load_id` int UNSIGNED NOT NULL, `npp` varchar(32) NOT NULL, `nik` char(16) NOT NULL, `effective_from` date NOT NULL, `kpj` char(11) NOT NULL, `programs` varchar(24) NOT NULL, `effective_to` date NULL, `reported_wage` int UNSIGNED NOT NULL, `paid_through` date NULL, INDEX `ix_bpjs_records_nik` (`nik`), PRIMARY KEY (`load_id`, `npp`, `nik`, `effective_from`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
    await q.query(
      'CREATE TABLE `bpjs_load_npps` (`load_id` int UNSIGNED NOT NULL, `npp` varchar(32) NOT NULL, `as_of` date NOT NULL, `rows` int UNSIGNED NOT NULL DEFAULT 0, INDEX `ix_bpjs_load_npps_npp` (`npp`, `as_of`, `load_id`), PRIMARY KEY (`load_id`, `npp`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
    await q.query(
      'CREATE TABLE `bpjs_npp_coverage` (`npp` varchar(32) NOT NULL, `load_id` int UNSIGNED NOT NULL, `as_of` date NOT NULL, `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX `ix_bpjs_npp_coverage_load` (`load_id`), PRIMARY KEY (`npp`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `bpjs_npp_coverage`');
    await q.query('DROP TABLE `bpjs_load_npps`');
    await q.query('DROP TABLE `bpjs_records`');
    await q.query('DROP TABLE `bpjs_load_parts`');
    await q.query('DROP TABLE `bpjs_loads`');
  }
}
