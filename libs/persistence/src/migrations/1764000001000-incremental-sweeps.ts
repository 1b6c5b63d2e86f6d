import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statement that is writing: its connection and its start (NOW(6) is the triggering statement's start in a
 * trigger). Two statements never share it: a connection runs one at a time, and two connections differ in id.
 */
export const STATEMENT = "CONCAT(CONNECTION_ID(), '@', NOW(6))";
/**
 * Raises the revision once per writing statement: the first row a statement writes for an employer adds one, the
 * statement's later rows set the same values (InnoDB then writes nothing: no undo record, no hot row). A multi-row
 * upsert of 100,000 contracts raises its employer's revision once per statement, not 100,000 times.
 */
export const ON_DUP = `ON DUPLICATE KEY UPDATE rev = IF(stmt = ${STATEMENT}, rev, rev + 1), stmt = ${STATEMENT}`;
/** Raises an employer's input revision (a row is made at 1 the first time). */
export const bump = (expr: string) =>
  `INSERT INTO employer_input_revs (employer_id, rev, stmt) VALUES (${expr}, 1, ${STATEMENT}) ${ON_DUP}`;
/** Raises the revision of each employer a SELECT names (its first column). */
export const bumpAll = (select: string) =>
  `INSERT INTO employer_input_revs (employer_id, rev, stmt) ${select} ${ON_DUP}`;
/** The principal of an employer, when it has one: a principal's evaluation reads its contractors' contracts. */
export const bumpPrincipalOf = (employerId: string) =>
  bumpAll(
    `SELECT principal_employer_id, 1, ${STATEMENT} FROM employers WHERE id = ${employerId} AND principal_employer_id IS NOT NULL`,
  );
/** Every employer with a contract of a worker, and their principals. */
const bumpEmployersOfWorker = (workerId: string) => [
  bumpAll(`SELECT DISTINCT c.employer_id, 1, ${STATEMENT} FROM contracts c WHERE c.worker_id = ${workerId}`),
  bumpAll(
    `SELECT DISTINCT e.principal_employer_id, 1, ${STATEMENT} FROM contracts c JOIN employers e ON e.id = c.employer_id
      WHERE c.worker_id = ${workerId} AND e.principal_employer_id IS NOT NULL`,
  ),
];
const bumpEmployersOfNik = (nik: string) =>
  bumpAll(
    `SELECT DISTINCT c.employer_id, 1, ${STATEMENT} FROM workers w JOIN contracts c ON c.worker_id = w.id WHERE w.nik = ${nik}`,
  );
const bumpEmployersOfNpp = (npp: string) =>
  bumpAll(`SELECT id, 1, ${STATEMENT} FROM employers WHERE npp = ${npp}`);

const block = (...statements: string[]) => `BEGIN\n${statements.map((s) => `  ${s};`).join('\n')}\nEND`;

/**
 * The bumps of one employer's row write, skipped when the same statement already made them for the same employer
 * (a session variable holds the last employer and statement start seen): a multi-row upsert of one employer's
 * 100,000 contracts runs the bump statements once per statement, not once per row (each statement a trigger runs
 * costs tens of microseconds). A later statement starts at another NOW(6), so it bumps again.
 */
export const once = (employerId: string, ...statements: string[]) => {
  const key = `CONCAT(${employerId}, '@', NOW(6))`;
  return `BEGIN
  IF @patuh_rev_last IS NULL OR @patuh_rev_last <> ${key} THEN
${statements.map((x) => `    ${x};`).join('\n')}
    SET @patuh_rev_last = ${key};
  END IF;
END`;
};
/** As `once`, for an update that may move the row to another employer. */
export const onceMoved = (statementsNew: string[], statementsOld: string[]) => `BEGIN
  IF @patuh_rev_last IS NULL OR @patuh_rev_last <> CONCAT(NEW.employer_id, '@', NOW(6)) THEN
${statementsNew.map((x) => `    ${x};`).join('\n')}
    SET @patuh_rev_last = CONCAT(NEW.employer_id, '@', NOW(6));
  END IF;
  IF NOT (OLD.employer_id <=> NEW.employer_id) THEN
${statementsOld.map((x) => `    ${x};`).join('\n')}
  END IF;
END`;

/**
 * Incremental sweeps (issue #19).
 *
 * - `employer_input_revs`: one revision number per employer, raised by the database itself (the triggers below)
 *   on every write to any row an evaluation of that employer reads: its contracts, enrolments, reported workers
 *   (name, birth date), its own columns, its contractors' contracts (for a principal), its workers' NIK and
 *   sponsored coverage, the BPJS load judged for its NPP, its processed self-reports, and a person's move of one
 *   of its cases (reconciliation compares against case statuses). Whatever the write path (the API, a worker, a
 *   data officer's SQL), the revision moves: no path can forget it. The evaluation's own case writes set
 *   `@patuh_evaluating` on their connection and do not count (they are the evaluation's output, recorded with it).
 * - `employer_evaluations`: per employer, the fingerprint of its last evaluation (the revision it read, in the same
 *   snapshot as its rows, and the ruleset key: rulebook version, parameters and reference data), the day evaluated
 *   and the next day on which its standing could change with no new data.
 * - `sweeps.mode` (full | incremental), `sweeps.selection` (the employers an incremental sweep chose when it
 *   started, so a redelivered start or a re-driven batch cuts the same batches) and `sweeps.employers_unchanged`.
 */
export class IncrementalSweeps1764000001000 implements MigrationInterface {
  name = 'IncrementalSweeps1764000001000';

  /** [name, timing, table, body]; read by a later migration that replaces some of them (and restores them on down). */
  readonly triggers: [string, string, string, string][] = [
    // [name, timing, table, body]
    [
      'contracts_rev_insert',
      'AFTER INSERT',
      'contracts',
      once('NEW.employer_id', bump('NEW.employer_id'), bumpPrincipalOf('NEW.employer_id')),
    ],
    [
      'contracts_rev_update',
      'AFTER UPDATE',
      'contracts',
      onceMoved(
        [bump('NEW.employer_id'), bumpPrincipalOf('NEW.employer_id')],
        [bump('OLD.employer_id'), bumpPrincipalOf('OLD.employer_id')],
      ),
    ],
    [
      'contracts_rev_delete',
      'AFTER DELETE',
      'contracts',
      once('OLD.employer_id', bump('OLD.employer_id'), bumpPrincipalOf('OLD.employer_id')),
    ],
    ['enrolments_rev_insert', 'AFTER INSERT', 'enrolments', once('NEW.employer_id', bump('NEW.employer_id'))],
    [
      'enrolments_rev_update',
      'AFTER UPDATE',
      'enrolments',
      onceMoved([bump('NEW.employer_id')], [bump('OLD.employer_id')]),
    ],
    ['enrolments_rev_delete', 'AFTER DELETE', 'enrolments', once('OLD.employer_id', bump('OLD.employer_id'))],
    [
      'employer_workers_rev_insert',
      'AFTER INSERT',
      'employer_workers',
      once('NEW.employer_id', bump('NEW.employer_id'), bumpPrincipalOf('NEW.employer_id')),
    ],
    [
      'employer_workers_rev_update',
      'AFTER UPDATE',
      'employer_workers',
      onceMoved(
        [bump('NEW.employer_id'), bumpPrincipalOf('NEW.employer_id')],
        [bump('OLD.employer_id'), bumpPrincipalOf('OLD.employer_id')],
      ),
    ],
    [
      'employer_workers_rev_delete',
      'AFTER DELETE',
      'employer_workers',
      once('OLD.employer_id', bump('OLD.employer_id'), bumpPrincipalOf('OLD.employer_id')),
    ],
    [
      'employers_rev_update',
      'AFTER UPDATE',
      'employers',
      `BEGIN
  IF NOT (OLD.name <=> NEW.name AND OLD.scale <=> NEW.scale AND OLD.npp <=> NEW.npp AND OLD.kbli <=> NEW.kbli
          AND OLD.jkk_risk_group <=> NEW.jkk_risk_group AND OLD.principal_employer_id <=> NEW.principal_employer_id) THEN
    ${bump('NEW.id')};
    IF OLD.principal_employer_id IS NOT NULL THEN ${bump('OLD.principal_employer_id')}; END IF;
    IF NEW.principal_employer_id IS NOT NULL THEN ${bump('NEW.principal_employer_id')}; END IF;
  END IF;
END`,
    ],
    [
      'workers_rev_update',
      'AFTER UPDATE',
      'workers',
      `BEGIN
  IF NOT (OLD.nik <=> NEW.nik AND OLD.on_sponsored_list <=> NEW.on_sponsored_list) THEN
    ${bumpEmployersOfWorker('NEW.id').join(';\n    ')};
  END IF;
END`,
    ],
    ['sponsored_rev_insert', 'AFTER INSERT', 'sponsored_coverage', block(bumpEmployersOfNik('NEW.nik'))],
    [
      'sponsored_rev_update',
      'AFTER UPDATE',
      'sponsored_coverage',
      block(bumpEmployersOfNik('NEW.nik'), bumpEmployersOfNik('OLD.nik')),
    ],
    ['sponsored_rev_delete', 'AFTER DELETE', 'sponsored_coverage', block(bumpEmployersOfNik('OLD.nik'))],
    ['bpjs_coverage_rev_insert', 'AFTER INSERT', 'bpjs_npp_coverage', block(bumpEmployersOfNpp('NEW.npp'))],
    [
      'bpjs_coverage_rev_update',
      'AFTER UPDATE',
      'bpjs_npp_coverage',
      block(bumpEmployersOfNpp('NEW.npp'), bumpEmployersOfNpp('OLD.npp')),
    ],
    ['bpjs_coverage_rev_delete', 'AFTER DELETE', 'bpjs_npp_coverage', block(bumpEmployersOfNpp('OLD.npp'))],
    [
      'self_reports_rev_insert',
      'AFTER INSERT',
      'self_reports',
      `BEGIN IF NEW.kind = 'employer' AND NEW.status = 'processed' THEN ${bump('NEW.employer_id')}; END IF; END`,
    ],
    [
      'self_reports_rev_update',
      'AFTER UPDATE',
      'self_reports',
      `BEGIN
  IF NEW.kind = 'employer' AND NOT (OLD.status <=> NEW.status AND OLD.processed_at <=> NEW.processed_at
                                    AND OLD.employer_id <=> NEW.employer_id) THEN
    ${bump('NEW.employer_id')};
    ${bump('OLD.employer_id')};
  END IF;
END`,
    ],
    [
      'self_reports_rev_delete',
      'AFTER DELETE',
      'self_reports',
      `BEGIN IF OLD.kind = 'employer' AND OLD.status = 'processed' THEN ${bump('OLD.employer_id')}; END IF; END`,
    ],
    [
      'cases_rev_update',
      'AFTER UPDATE',
      'cases',
      `BEGIN
  IF @patuh_evaluating IS NULL AND NOT (OLD.status <=> NEW.status) THEN ${bump('NEW.employer_id')}; END IF;
END`,
    ],
    [
      'cases_rev_delete',
      'AFTER DELETE',
      'cases',
      `BEGIN IF @patuh_evaluating IS NULL THEN ${bump('OLD.employer_id')}; END IF; END`,
    ],
  ];

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE `employer_input_revs` (`employer_id` int UNSIGNED NOT NULL, `rev` bigint UNSIGNED NOT NULL DEFAULT 1, `stmt` varchar(64) NULL, PRIMARY KEY (`employer_id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
    await q.query(
      'CREATE TABLE `employer_evaluations` (`employer_id` int UNSIGNED NOT NULL, `input_rev` bigint UNSIGNED NOT NULL, `ruleset_key` char(40) NOT NULL, `as_of` date NOT NULL, `next_change_on` date NULL, `evaluated_at` datetime(3) NOT NULL, PRIMARY KEY (`employer_id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
    await q.query(
      "ALTER TABLE `sweeps` ADD `mode` enum ('full', 'incremental') NOT NULL DEFAULT 'full', ADD `selection` longtext NULL, ADD `employers_unchanged` int UNSIGNED NOT NULL DEFAULT 0",
    );
    // The BPJS triggers find an NPP's employers by it (and the engine's BPJS reads join on it).
    await q.query('ALTER TABLE `employers` ADD INDEX `ix_employers_npp` (`npp`)');
    for (const [name, timing, table, body] of this.triggers)
      await q.query(`CREATE TRIGGER ${name} ${timing} ON ${table} FOR EACH ROW ${body}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const [name] of [...this.triggers].reverse()) await q.query(`DROP TRIGGER IF EXISTS ${name}`);
    await q.query('ALTER TABLE `employers` DROP INDEX `ix_employers_npp`');
    await q.query(
      'ALTER TABLE `sweeps` DROP COLUMN `employers_unchanged`, DROP COLUMN `selection`, DROP COLUMN `mode`',
    );
    await q.query('DROP TABLE `employer_evaluations`');
    await q.query('DROP TABLE `employer_input_revs`');
  }
}
