import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For the inspectors' console (issue #14):
 * - `users.token_version`: every access token carries the version it was signed at; deactivating a user, changing
 *   their role or setting their password adds one, so their older tokens stop working at once (the auth guard
 *   checks the token's version against this column through a short per-user cache that the API evicts on change).
 * - `ix_case_events_created`: the weekly trend (GET /stats/trend) reads a range of the history by time instead of
 *   scanning it whole. case_events only grows at its end, so the index is appended to, never reshuffled.
 */
export class ConsoleApi1764000000710 implements MigrationInterface {
  name = 'ConsoleApi1764000000710';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `users` ADD `token_version` int unsigned NOT NULL DEFAULT 0');
    await q.query('ALTER TABLE `case_events` ADD INDEX `ix_case_events_created` (`created_at`)');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `case_events` DROP INDEX `ix_case_events_created`');
    await q.query('ALTER TABLE `users` DROP COLUMN `token_version`');
  }
}
