import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A worker's reported name and birth date, kept per employer (#16 item 3). Before this, `workers.name` and
 * `workers.birth_date` were global: a self-report from employer B renamed employer A's worker, and a trigger
 * copied B's spelling onto A's cases and warning letters.
 *
 * - `employer_workers (employer_id, worker_id)`: one row per worker an employer has reported (in the `workers` part
 *   of one of its self-reports), with the name and birth date that employer reported and the report that last set
 *   them. It is also the proof of ownership: a contract or enrolment is accepted only for a worker its employer has
 *   reported. The primary key leads with the employer, as contracts and enrolments do, so a sweep reads an
 *   employer's names as one ordered range beside its contracts.
 * - Backfilled from every (employer, worker) pair with a contract or an enrolment, with the name and birth date
 *   the worker had; a worker who had neither with anyone keeps no name (nothing showed it but the worker page).
 * - `workers` keeps what is not any one employer's word: the NIK and the sponsored-list flag.
 * - The case-name triggers read the case's own employer's name for the worker: at the insert of a case, and when
 *   that employer reports the worker again under another name (another employer's report changes nothing of it).
 */
export class EmployerWorkers1764000000920 implements MigrationInterface {
  name = 'EmployerWorkers1764000000920';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE `employer_workers` (`employer_id` int UNSIGNED NOT NULL, `worker_id` int UNSIGNED NOT NULL, `name` varchar(200) NULL, `birth_date` date NULL, `self_report_id` int UNSIGNED NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX `ix_employer_workers_worker` (`worker_id`), PRIMARY KEY (`employer_id`, `worker_id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
    await q.query(
      `INSERT INTO employer_workers (employer_id, worker_id, name, birth_date)
       SELECT x.employer_id, x.worker_id, w.name, w.birth_date
         FROM (SELECT employer_id, worker_id FROM contracts UNION SELECT employer_id, worker_id FROM enrolments) x
         JOIN workers w ON w.id = x.worker_id`,
    );
    await q.query('DROP TRIGGER IF EXISTS workers_name_to_cases');
    await q.query('DROP TRIGGER IF EXISTS cases_names');
    await q.query(
      `CREATE TRIGGER cases_names BEFORE INSERT ON cases FOR EACH ROW
       BEGIN
         -- The engine writes the names it has just read; any other writer gets them looked up: the worker's name
         -- as the case's own employer reported it.
         IF NEW.employer_name = '' THEN
           SET NEW.employer_name = COALESCE((SELECT name FROM employers WHERE id = NEW.employer_id), '');
         END IF;
         IF NEW.worker_name IS NULL AND NEW.worker_nik IS NOT NULL THEN
           SET NEW.worker_name = (SELECT ew.name FROM workers w
                                    JOIN employer_workers ew ON ew.employer_id = NEW.employer_id AND ew.worker_id = w.id
                                   WHERE w.nik = NEW.worker_nik);
         END IF;
       END`,
    );
    await q.query(
      `CREATE TRIGGER employer_workers_name_to_cases AFTER UPDATE ON employer_workers FOR EACH ROW
       BEGIN
         IF NOT (OLD.name <=> NEW.name) THEN
           UPDATE cases SET worker_name = NEW.name
            WHERE employer_id = NEW.employer_id
              AND worker_nik = (SELECT nik FROM workers WHERE id = NEW.worker_id);
         END IF;
       END`,
    );
    await q.query('ALTER TABLE `workers` DROP COLUMN `name`, DROP COLUMN `birth_date`');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `workers` ADD `name` varchar(200) NULL, ADD `birth_date` date NULL');
    // One name per worker again: the one reported last.
    await q.query(
      `UPDATE workers w JOIN employer_workers ew ON ew.worker_id = w.id
          SET w.name = ew.name, w.birth_date = ew.birth_date
        WHERE NOT EXISTS (SELECT 1 FROM employer_workers x
                           WHERE x.worker_id = ew.worker_id
                             AND (x.updated_at > ew.updated_at
                                  OR (x.updated_at = ew.updated_at AND x.employer_id > ew.employer_id)))`,
    );
    await q.query('DROP TRIGGER IF EXISTS employer_workers_name_to_cases');
    await q.query('DROP TRIGGER IF EXISTS cases_names');
    await q.query(
      `CREATE TRIGGER cases_names BEFORE INSERT ON cases FOR EACH ROW
       BEGIN
         -- The engine writes the names it has just read; any other writer gets them looked up.
         IF NEW.employer_name = '' THEN
           SET NEW.employer_name = COALESCE((SELECT name FROM employers WHERE id = NEW.employer_id), '');
         END IF;
         IF NEW.worker_name IS NULL AND NEW.worker_nik IS NOT NULL THEN
           SET NEW.worker_name = (SELECT name FROM workers WHERE nik = NEW.worker_nik);
         END IF;
       END`,
    );
    await q.query(
      `CREATE TRIGGER workers_name_to_cases AFTER UPDATE ON workers FOR EACH ROW
       BEGIN
         IF NOT (OLD.name <=> NEW.name) OR NOT (OLD.nik <=> NEW.nik) THEN
           UPDATE cases SET worker_name = NEW.name WHERE worker_nik = NEW.nik;
         END IF;
       END`,
    );
    await q.query('DROP TABLE `employer_workers`');
  }
}
