import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `users.token_version`: every access token carries the version it was signed at; deactivating a user, changing
 * their role or setting their password adds one, so their older tokens stop working at once (the auth guard checks
 * the token's version against this column, through a short per-user cache that the API evicts on every change).
 */
export class UserTokenVersion1764000000710 implements MigrationInterface {
  name = 'UserTokenVersion1764000000710';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `users` ADD `token_version` int unsigned NOT NULL DEFAULT 0');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `users` DROP COLUMN `token_version`');
  }
}
