import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The content memo of an evaluation (issue #19): per employer, the sha1 of everything its last evaluation judged
 * (the ruleset key, the day, the rows as the rules received them and the cases as reconciliation compared them),
 * recorded only when that evaluation had nothing to write, with the number of findings it made. A later evaluation
 * that reads the same content gets the same findings and the same empty plan: it need not run the rules again.
 */
export class EvaluationMemo1764000001100 implements MigrationInterface {
  name = 'EvaluationMemo1764000001100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE `employer_evaluations` ADD `content_digest` char(40) NULL, ADD `findings` int UNSIGNED NULL',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `employer_evaluations` DROP COLUMN `findings`, DROP COLUMN `content_digest`');
  }
}
