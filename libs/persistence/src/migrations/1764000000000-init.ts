import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The initial schema. Generated from the entities against an empty database by
 * scripts/generate-init-migration.ts (so the two agree by construction; test/schema.e2e-spec.ts fails when they
 * drift), plus the triggers that keep case history append-only.
 */
export class Init1764000000000 implements MigrationInterface {
  name = 'Init1764000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE TABLE `employers` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `nib` char(13) NOT NULL, `name` varchar(200) NOT NULL, `scale` enum ('micro', 'small', 'medium', 'large') NOT NULL, `npp` varchar(32) NULL, `district` varchar(40) NULL, `kbli` varchar(5) NULL, `jkk_risk_group` tinyint UNSIGNED NULL, `contact_email` varchar(254) NULL, `principal_employer_id` int UNSIGNED NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX `ux_employers_nib` (`nib`), INDEX `ix_employers_name` (`name`), INDEX `ix_employers_principal` (`principal_employer_id`), INDEX `ix_employers_district` (`district`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      'CREATE TABLE `workers` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `nik` char(16) NOT NULL, `name` varchar(200) NULL, `birth_date` date NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX `ux_workers_nik` (`nik`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await q.query(
      "CREATE TABLE `contracts` (`employer_id` int UNSIGNED NOT NULL, `worker_id` int UNSIGNED NOT NULL, `start_date` date NOT NULL, `id` int UNSIGNED NOT NULL AUTO_INCREMENT, `ref` varchar(64) NOT NULL, `type` enum ('PKWT', 'PKWTT') NOT NULL, `end_date` date NULL, `monthly_wage` int UNSIGNED NOT NULL, `position` varchar(120) NULL, `source` enum ('self_report', 'admin', 'generator') NOT NULL DEFAULT 'self_report', `self_report_id` int UNSIGNED NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX `ix_contracts_worker` (`worker_id`), UNIQUE INDEX `ux_contracts_employer_ref` (`employer_id`, `ref`), UNIQUE INDEX `ux_contracts_id` (`id`), PRIMARY KEY (`employer_id`, `worker_id`, `start_date`, `id`)) ENGINE=InnoDB",
    );
    await q.query(
      "CREATE TABLE `enrolments` (`employer_id` int UNSIGNED NOT NULL, `worker_id` int UNSIGNED NOT NULL, `effective_from` date NOT NULL, `id` int UNSIGNED NOT NULL AUTO_INCREMENT, `kpj` char(11) NULL, `programs` varchar(24) NOT NULL, `effective_to` date NULL, `reported_wage` int UNSIGNED NULL, `source` enum ('self_report', 'admin', 'generator') NOT NULL DEFAULT 'self_report', `self_report_id` int UNSIGNED NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX `ix_enrolments_worker` (`worker_id`), UNIQUE INDEX `ux_enrolments_id` (`id`), PRIMARY KEY (`employer_id`, `worker_id`, `effective_from`)) ENGINE=InnoDB",
    );
    await q.query(
      'CREATE TABLE `sponsored_coverage` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `nik` char(16) NOT NULL, `programs` varchar(24) NOT NULL, `effective_from` date NOT NULL, `effective_to` date NULL, `district` varchar(40) NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX `ix_sponsored_district` (`district`), UNIQUE INDEX `ux_sponsored_nik_from` (`nik`, `effective_from`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await q.query(
      "CREATE TABLE `self_reports` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `kind` enum ('employer', 'sponsored') NOT NULL DEFAULT 'employer', `employer_id` int UNSIGNED NOT NULL, `idempotency_key` varchar(200) NULL, `body_hash` char(64) NOT NULL, `format` varchar(20) NOT NULL, `status` enum ('queued', 'processing', 'processed', 'failed') NOT NULL DEFAULT 'queued', `received_at` datetime(3) NOT NULL, `processed_at` datetime(3) NULL, `counts` longtext NULL, `errors` longtext NULL, `error_count` int UNSIGNED NOT NULL DEFAULT '0', `evaluation_status` varchar(20) NULL, `evaluation_finished_at` datetime(3) NULL, `failure_reason` varchar(1000) NULL, `submitted_by_user_id` int UNSIGNED NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX `ix_self_reports_employer_received` (`employer_id`, `received_at`), UNIQUE INDEX `ux_self_reports_idempotency` (`employer_id`, `idempotency_key`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      'CREATE TABLE `self_report_parts` (`self_report_id` int UNSIGNED NOT NULL, `part` varchar(40) NOT NULL, `seq` int UNSIGNED NOT NULL, `data` mediumblob NOT NULL, PRIMARY KEY (`self_report_id`, `part`, `seq`)) ENGINE=InnoDB',
    );
    await q.query(
      "CREATE TABLE `cases` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `rule` varchar(40) NOT NULL, `employer_id` int UNSIGNED NOT NULL, `subject_key` varchar(64) NOT NULL, `worker_nik` char(16) NULL, `chain_start` date NULL, `district` varchar(40) NULL, `severity` enum ('low', 'medium', 'high', 'critical') NOT NULL, `severity_rank` tinyint UNSIGNED NOT NULL, `status` enum ('open', 'in_review', 'confirmed', 'notice_sent', 'resolved', 'dismissed') NOT NULL DEFAULT 'open', `summary` varchar(600) NOT NULL, `summary_id` varchar(600) NOT NULL, `evidence` longtext NOT NULL, `evidence_hash` char(40) NOT NULL, `legal_basis` varchar(300) NOT NULL, `rulebook_version` varchar(20) NOT NULL, `amount_at_stake` bigint UNSIGNED NOT NULL DEFAULT '0', `first_detected_at` datetime(3) NOT NULL, `last_detected_at` datetime(3) NOT NULL, `resolved_at` datetime(3) NULL, `resolution` varchar(40) NULL, `assignee_id` int UNSIGNED NULL, `due_at` datetime(3) NULL, `version` int UNSIGNED NOT NULL DEFAULT '1', `updated_at` datetime(3) NOT NULL, INDEX `ix_cases_nik` (`worker_nik`), INDEX `ix_cases_assignee_status` (`assignee_id`, `status`), INDEX `ix_cases_employer_status` (`employer_id`, `status`), INDEX `ix_cases_district_queue` (`district`, `status`, `severity_rank`, `first_detected_at`, `id`), INDEX `ix_cases_queue` (`status`, `severity_rank`, `first_detected_at`, `id`), UNIQUE INDEX `ux_cases_identity` (`rule`, `employer_id`, `subject_key`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      "CREATE TABLE `case_events` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `case_id` int UNSIGNED NOT NULL, `type` enum ('detected', 'updated', 'resolved', 'reopened', 'assigned', 'transition', 'note', 'escalated') NOT NULL, `from_status` varchar(20) NULL, `to_status` varchar(20) NULL, `actor_user_id` int UNSIGNED NULL, `note` text NULL, `data` longtext NULL, `sweep_id` int UNSIGNED NULL, `created_at` datetime(3) NOT NULL, INDEX `ix_case_events_case` (`case_id`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      "CREATE TABLE `sweeps` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `status` enum ('queued', 'running', 'completed', 'failed') NOT NULL DEFAULT 'queued', `as_of` date NOT NULL, `trigger` enum ('manual', 'schedule', 'self_report') NOT NULL DEFAULT 'manual', `schedule_key` varchar(80) NULL, `employer_ids` longtext NULL, `max_employer_id` int UNSIGNED NULL, `employers_total` int UNSIGNED NOT NULL DEFAULT '0', `employers_done` int UNSIGNED NOT NULL DEFAULT '0', `employers_failed` int UNSIGNED NOT NULL DEFAULT '0', `batches_total` int UNSIGNED NOT NULL DEFAULT '0', `batches_done` int UNSIGNED NOT NULL DEFAULT '0', `cases_opened` int UNSIGNED NOT NULL DEFAULT '0', `cases_resolved` int UNSIGNED NOT NULL DEFAULT '0', `cases_reopened` int UNSIGNED NOT NULL DEFAULT '0', `failed_employer_ids` longtext NULL, `requested_by_user_id` int UNSIGNED NULL, `created_at` datetime(3) NOT NULL, `started_at` datetime(3) NULL, `finished_at` datetime(3) NULL, UNIQUE INDEX `ux_sweeps_schedule_key` (`schedule_key`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      "CREATE TABLE `sweep_batches` (`sweep_id` int UNSIGNED NOT NULL, `batch_no` int UNSIGNED NOT NULL, `employers` int UNSIGNED NOT NULL, `failed` int UNSIGNED NOT NULL DEFAULT '0', `finished_at` datetime(3) NOT NULL, PRIMARY KEY (`sweep_id`, `batch_no`)) ENGINE=InnoDB",
    );
    await q.query(
      "CREATE TABLE `users` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `email` varchar(254) NOT NULL, `name` varchar(200) NOT NULL, `role` enum ('admin', 'supervisor', 'inspector') NOT NULL, `password_hash` varchar(255) NOT NULL, `districts` varchar(800) NULL, `active` tinyint NOT NULL DEFAULT 1, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX `ux_users_email` (`email`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      'CREATE TABLE `api_keys` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `employer_id` int UNSIGNED NOT NULL, `key_hash` char(64) NOT NULL, `prefix` varchar(20) NOT NULL, `label` varchar(100) NULL, `created_by_user_id` int UNSIGNED NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `revoked_at` datetime(3) NULL, UNIQUE INDEX `ux_api_keys_hash` (`key_hash`), INDEX `ix_api_keys_employer` (`employer_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await q.query(
      "CREATE TABLE `alert_subscriptions` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `channel` enum ('webhook', 'email') NOT NULL, `target` varchar(2000) NOT NULL, `events` varchar(200) NOT NULL, `min_severity` enum ('low', 'medium', 'high', 'critical') NOT NULL DEFAULT 'low', `district` varchar(40) NULL, `secret_enc` varchar(300) NULL, `active` tinyint NOT NULL DEFAULT 1, `paused_at` datetime(3) NULL, `created_by_user_id` int UNSIGNED NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      "CREATE TABLE `alert_deliveries` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `uuid` char(36) NOT NULL, `subscription_id` int UNSIGNED NOT NULL, `event` varchar(40) NOT NULL, `dedupe_key` varchar(120) NOT NULL, `case_id` int UNSIGNED NULL, `payload` longtext NOT NULL, `status` enum ('pending', 'delivered', 'failed', 'undeliverable') NOT NULL DEFAULT 'pending', `attempts` int UNSIGNED NOT NULL DEFAULT '0', `last_error` varchar(1000) NULL, `next_attempt_at` datetime(3) NULL, `delivered_at` datetime(3) NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX `ux_alert_deliveries_uuid` (`uuid`), INDEX `ix_alert_deliveries_status` (`status`, `next_attempt_at`), UNIQUE INDEX `ux_alert_deliveries_dedupe` (`subscription_id`, `dedupe_key`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      'CREATE TABLE `alert_attempts` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `delivery_id` int UNSIGNED NOT NULL, `attempt` int UNSIGNED NOT NULL, `http_status` smallint UNSIGNED NULL, `error` varchar(1000) NULL, `duration_ms` int UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL, INDEX `ix_alert_attempts_delivery` (`delivery_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    // The case history is never edited: refuse UPDATE and DELETE on case_events at the database itself.
    await q.query(
      "CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'case_events is append-only'",
    );
    await q.query(
      "CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'case_events is append-only'",
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER IF EXISTS case_events_no_delete');
    await q.query('DROP TRIGGER IF EXISTS case_events_no_update');
    await q.query('DROP TABLE `alert_attempts`');
    await q.query('DROP TABLE `alert_deliveries`');
    await q.query('DROP TABLE `alert_subscriptions`');
    await q.query('DROP TABLE `api_keys`');
    await q.query('DROP TABLE `users`');
    await q.query('DROP TABLE `sweep_batches`');
    await q.query('DROP TABLE `sweeps`');
    await q.query('DROP TABLE `case_events`');
    await q.query('DROP TABLE `cases`');
    await q.query('DROP TABLE `self_report_parts`');
    await q.query('DROP TABLE `self_reports`');
    await q.query('DROP TABLE `sponsored_coverage`');
    await q.query('DROP TABLE `enrolments`');
    await q.query('DROP TABLE `contracts`');
    await q.query('DROP TABLE `workers`');
    await q.query('DROP TABLE `employers`');
  }
}
