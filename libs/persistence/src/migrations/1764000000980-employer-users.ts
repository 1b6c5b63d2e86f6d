import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Employer users (CONTRACT §2, issue #18): a user of role `employer` is bound to one employer and has that
 * employer's rights and nothing more. `employer_id` is set for, and only for, role `employer` (the service keeps
 * that invariant; the check below keeps it in the database too).
 */
export class EmployerUsers1764000000980 implements MigrationInterface {
  name = 'EmployerUsers1764000000980';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      "ALTER TABLE `users` MODIFY `role` enum ('admin', 'supervisor', 'inspector', 'employer') NOT NULL, ADD `employer_id` int UNSIGNED NULL, ADD INDEX `ix_users_employer` (`employer_id`)",
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM `users` WHERE `role` = 'employer'");
    await q.query(
      "ALTER TABLE `users` DROP INDEX `ix_users_employer`, DROP COLUMN `employer_id`, MODIFY `role` enum ('admin', 'supervisor', 'inspector') NOT NULL",
    );
  }
}
