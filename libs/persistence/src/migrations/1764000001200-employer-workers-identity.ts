import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who a reported worker is, on the employer's own row (issue #19): `employer_workers.nik` and
 * `employer_workers.on_sponsored_list`, copies of the worker's, kept by triggers so that no write path can forget
 * them (the same way `workers.on_sponsored_list` is kept, migration 300). An evaluation then reads an employer's
 * workers as one range of the employer_workers primary key, with no lookup into `workers` per worker: that join
 * was a quarter of a steady sweep's database time (0.61 s of server CPU against 0.15 s without it, at 200k
 * workers; docs/benchmarks.md).
 *
 * - Before an insert of an employer_workers row, and before an update that would change its worker or its copies
 *   (or that finds them empty): the NIK and flag are read from the worker (a writer's own values are overwritten,
 *   so the copy can only be the worker's). An update of the name or birth date alone (a self-report resubmitted)
 *   keeps the copies as they are, with no read of the worker.
 * - After an insert of a worker: rows of employer_workers written before it (nothing orders the two tables' writes:
 *   a bulk loader may write employer_workers first) get its NIK and flag.
 * - After an update of a worker's NIK or flag (a correction of the NIK; the sponsored list's triggers setting the
 *   flag): the worker's employer_workers rows are updated, their `updated_at` left as it was (it tells when the
 *   employer reported the worker, not when the regency's list changed). Their input-revision triggers fire as on
 *   any write to them.
 * - Before an update of a worker's NIK, its own sponsored flag is set for the NIK it now has. Until now only an
 *   insert of a worker or a write to the sponsored list set it, so a NIK corrected to one on the list kept the
 *   flag off and the evaluation did not look that worker's sponsored coverage up.
 */
export class EmployerWorkersIdentity1764000001200 implements MigrationInterface {
  name = 'EmployerWorkersIdentity1764000001200';

  /**
   * The row's NIK and flag from its worker, by a locking read (as the sponsored-flag triggers do): a plain read
   * would use the transaction's snapshot, so a worker committed by another transaction after that snapshot was
   * taken (two employers reporting the same new NIK at once) would leave the copy empty.
   */
  private readonly readWorker = `SELECT MAX(w.nik), COALESCE(MAX(w.on_sponsored_list), 0) INTO v_nik, v_flag
           FROM workers w WHERE w.id = NEW.worker_id LOCK IN SHARE MODE;
         SET NEW.nik = v_nik, NEW.on_sponsored_list = v_flag;`;
  private readonly vars = `DECLARE v_nik CHAR(16);
         DECLARE v_flag INT;`;

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE `employer_workers` ADD `nik` char(16) NULL AFTER `worker_id`, ADD `on_sponsored_list` tinyint NOT NULL DEFAULT 0 AFTER `nik`',
    );
    // Workers' NIKs corrected before this migration: their flags, once.
    await q.query(
      `UPDATE workers w SET w.on_sponsored_list = IF(EXISTS (SELECT 1 FROM sponsored_coverage s WHERE s.nik = w.nik), 1, 0)
        WHERE w.on_sponsored_list <> IF(EXISTS (SELECT 1 FROM sponsored_coverage s WHERE s.nik = w.nik), 1, 0)`,
    );
    await q.query(
      `UPDATE employer_workers ew JOIN workers w ON w.id = ew.worker_id
          SET ew.nik = w.nik, ew.on_sponsored_list = w.on_sponsored_list, ew.updated_at = ew.updated_at`,
    );
    await q.query(
      `CREATE TRIGGER employer_workers_identity_insert BEFORE INSERT ON employer_workers FOR EACH ROW
       BEGIN
         ${this.vars}
         ${this.readWorker}
       END`,
    );
    await q.query(
      `CREATE TRIGGER employer_workers_identity_update BEFORE UPDATE ON employer_workers FOR EACH ROW
       BEGIN
         ${this.vars}
         IF NEW.nik IS NULL OR NOT (OLD.worker_id <=> NEW.worker_id AND OLD.nik <=> NEW.nik
                                    AND OLD.on_sponsored_list <=> NEW.on_sponsored_list) THEN
           ${this.readWorker}
         END IF;
       END`,
    );
    await q.query(
      `CREATE TRIGGER workers_sponsored_flag_update BEFORE UPDATE ON workers FOR EACH ROW
       BEGIN
         DECLARE n INT;
         IF NOT (OLD.nik <=> NEW.nik) THEN
           SELECT COUNT(*) INTO n FROM sponsored_coverage WHERE nik = NEW.nik LOCK IN SHARE MODE;
           SET NEW.on_sponsored_list = IF(n > 0, 1, 0);
         END IF;
       END`,
    );
    await q.query(
      `CREATE TRIGGER workers_identity_insert_to_employer_workers AFTER INSERT ON workers FOR EACH ROW
         UPDATE employer_workers SET nik = NEW.nik, on_sponsored_list = NEW.on_sponsored_list, updated_at = updated_at
          WHERE worker_id = NEW.id AND nik IS NULL`,
    );
    await q.query(
      `CREATE TRIGGER workers_identity_to_employer_workers AFTER UPDATE ON workers FOR EACH ROW
       BEGIN
         IF NOT (OLD.nik <=> NEW.nik AND OLD.on_sponsored_list <=> NEW.on_sponsored_list) THEN
           UPDATE employer_workers SET nik = NEW.nik, on_sponsored_list = NEW.on_sponsored_list, updated_at = updated_at
            WHERE worker_id = NEW.id;
         END IF;
       END`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'workers_identity_to_employer_workers',
      'workers_identity_insert_to_employer_workers',
      'employer_workers_identity_update',
      'employer_workers_identity_insert',
      'workers_sponsored_flag_update',
    ])
      await q.query(`DROP TRIGGER IF EXISTS ${t}`);
    await q.query('ALTER TABLE `employer_workers` DROP COLUMN `on_sponsored_list`, DROP COLUMN `nik`');
  }
}
