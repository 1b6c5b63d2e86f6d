import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  bump,
  IncrementalSweeps1764000001000,
  once,
  onceMoved,
  STATEMENT,
} from './1764000001000-incremental-sweeps';

/**
 * Raises the contractor revision of the principal of an employer (when it has one), once per writing statement, in
 * its own statement column (a statement that also raises the principal's own revision must raise both). A row made
 * here starts at revision 0, what an employer never written to is read as.
 */
const bumpContractorsOfPrincipal = (employerId: string) =>
  `INSERT INTO employer_input_revs (employer_id, rev, stmt, contractor_rev, contractor_stmt)
     SELECT principal_employer_id, 0, NULL, 1, ${STATEMENT} FROM employers
      WHERE id = ${employerId} AND principal_employer_id IS NOT NULL
   ON DUPLICATE KEY UPDATE contractor_rev = IF(contractor_stmt = ${STATEMENT}, contractor_rev, contractor_rev + 1),
     contractor_stmt = ${STATEMENT}`;

/**
 * A principal's contractors apart (issue #19): a write to a contractor's contracts or reported workers raises the
 * principal's `contractor_rev`, not its `rev`. A principal's evaluation reads those rows only for
 * CONTRACTOR_HOPPING, so an incremental sweep that finds only the contractor revision moved (its own revision,
 * ruleset, day and next-change day say nothing else could have changed) judges that one rule on the contractors'
 * contracts alone and reconciles that rule's cases, leaving the rest as a skip would (EvaluationService). Every
 * evaluation records the contractor revision it read beside the own one (`employer_evaluations.contractor_rev`).
 * The other writes that reach a principal (a contractor's own columns or principal, a worker's NIK) still raise
 * its own revision: rare, and a full evaluation is always right.
 */
export class ContractorRevs1764000001300 implements MigrationInterface {
  name = 'ContractorRevs1764000001300';

  private readonly triggers: [string, string, string, string][] = [
    [
      'contracts_rev_insert',
      'AFTER INSERT',
      'contracts',
      once('NEW.employer_id', bump('NEW.employer_id'), bumpContractorsOfPrincipal('NEW.employer_id')),
    ],
    [
      'contracts_rev_update',
      'AFTER UPDATE',
      'contracts',
      onceMoved(
        [bump('NEW.employer_id'), bumpContractorsOfPrincipal('NEW.employer_id')],
        [bump('OLD.employer_id'), bumpContractorsOfPrincipal('OLD.employer_id')],
      ),
    ],
    [
      'contracts_rev_delete',
      'AFTER DELETE',
      'contracts',
      once('OLD.employer_id', bump('OLD.employer_id'), bumpContractorsOfPrincipal('OLD.employer_id')),
    ],
    [
      'employer_workers_rev_insert',
      'AFTER INSERT',
      'employer_workers',
      once('NEW.employer_id', bump('NEW.employer_id'), bumpContractorsOfPrincipal('NEW.employer_id')),
    ],
    [
      'employer_workers_rev_update',
      'AFTER UPDATE',
      'employer_workers',
      onceMoved(
        [bump('NEW.employer_id'), bumpContractorsOfPrincipal('NEW.employer_id')],
        [bump('OLD.employer_id'), bumpContractorsOfPrincipal('OLD.employer_id')],
      ),
    ],
    [
      'employer_workers_rev_delete',
      'AFTER DELETE',
      'employer_workers',
      once('OLD.employer_id', bump('OLD.employer_id'), bumpContractorsOfPrincipal('OLD.employer_id')),
    ],
  ];

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE `employer_input_revs` ADD `contractor_rev` bigint UNSIGNED NOT NULL DEFAULT 0, ADD `contractor_stmt` varchar(64) NULL',
    );
    await q.query(
      'ALTER TABLE `employer_evaluations` ADD `contractor_rev` bigint UNSIGNED NOT NULL DEFAULT 0',
    );
    for (const [name, timing, table, body] of this.triggers) {
      await q.query(`DROP TRIGGER IF EXISTS ${name}`);
      await q.query(`CREATE TRIGGER ${name} ${timing} ON ${table} FOR EACH ROW ${body}`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    // The triggers as migration 1000 made them (the principal's own revision raised).
    const replaced = new Set(this.triggers.map(([name]) => name));
    const before = new IncrementalSweeps1764000001000().triggers.filter(([name]) => replaced.has(name));
    for (const [name, timing, table, body] of before) {
      await q.query(`DROP TRIGGER IF EXISTS ${name}`);
      await q.query(`CREATE TRIGGER ${name} ${timing} ON ${table} FOR EACH ROW ${body}`);
    }
    await q.query('ALTER TABLE `employer_evaluations` DROP COLUMN `contractor_rev`');
    await q.query(
      'ALTER TABLE `employer_input_revs` DROP COLUMN `contractor_stmt`, DROP COLUMN `contractor_rev`',
    );
  }
}
