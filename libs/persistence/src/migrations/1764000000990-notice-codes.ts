import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verification codes of notice letters (issue #18): each letter (a case's notice with its number) gets one random,
 * unguessable code, printed on the letter with a QR code of PUBLIC_URL/verify/{code}. Anyone holding the letter can
 * check it is genuine there (number, date, employer, the case's status now; nothing personal).
 */
export class NoticeCodes1764000000990 implements MigrationInterface {
  name = 'NoticeCodes1764000000990';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE `notice_codes` (`code` char(16) NOT NULL, `case_id` int UNSIGNED NOT NULL, `letter_number` varchar(80) NOT NULL, `letter_date` date NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX `ux_notice_codes_letter` (`case_id`, `letter_number`), PRIMARY KEY (`code`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `notice_codes`');
  }
}
