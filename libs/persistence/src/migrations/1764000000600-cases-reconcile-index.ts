import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The engine reads, for every employer of a batch, each case's identity, status, evidence hash and severity, and
 * compares them with the rulebook's findings. With an index on (employer_id, status) alone that was one lookup of
 * the clustered row (evidence and summaries included) per case; this index holds every column the read needs, so a
 * steady sweep reads a range of it and nothing else. Its (employer_id, status) prefix serves what the old index did.
 * Built online (InnoDB adds a secondary index without blocking writes).
 */
export class CasesReconcileIndex1764000000600 implements MigrationInterface {
  name = 'CasesReconcileIndex1764000000600';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE `cases` ADD INDEX `ix_cases_employer_reconcile` (`employer_id`, `status`, `rule`, `subject_key`, `evidence_hash`, `severity`), ' +
        'DROP INDEX `ix_cases_employer_status`',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE `cases` ADD INDEX `ix_cases_employer_status` (`employer_id`, `status`), DROP INDEX `ix_cases_employer_reconcile`',
    );
  }
}
