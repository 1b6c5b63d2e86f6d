import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * cases.employer_name and cases.worker_name: the names every case view shows, copied onto the case and kept by
 * triggers (on insert of a case; on a rename of its employer or worker), so the inspectors' queue reads cases
 * alone instead of joining two tables per row. The list query ran about 1,500 a second with the joins and 2,400
 * without, on the bench machine (docs/benchmarks.md).
 */
export class CaseNames1764000000400 implements MigrationInterface {
  name = 'CaseNames1764000000400';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      "ALTER TABLE `cases` ADD `employer_name` varchar(200) NOT NULL DEFAULT '', ADD `worker_name` varchar(200) NULL",
    );
    await q.query('UPDATE cases c JOIN employers e ON e.id = c.employer_id SET c.employer_name = e.name');
    await q.query('UPDATE cases c JOIN workers w ON w.nik = c.worker_nik SET c.worker_name = w.name');
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
      `CREATE TRIGGER employers_name_to_cases AFTER UPDATE ON employers FOR EACH ROW
       BEGIN
         IF NOT (OLD.name <=> NEW.name) THEN
           UPDATE cases SET employer_name = NEW.name WHERE employer_id = NEW.id;
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
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['workers_name_to_cases', 'employers_name_to_cases', 'cases_names'])
      await q.query(`DROP TRIGGER IF EXISTS ${t}`);
    await q.query('ALTER TABLE `cases` DROP COLUMN `worker_name`, DROP COLUMN `employer_name`');
  }
}
