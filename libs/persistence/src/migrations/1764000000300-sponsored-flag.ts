import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * workers.on_sponsored_list: whether the worker's NIK is on the regency's sponsored list, kept by triggers so no
 * write path can forget it. A sweep batch then looks up sponsored coverage only for the few formal workers who
 * are on the list, instead of one index lookup per worker (more than half a steady sweep's read time before;
 * docs/benchmarks.md). The triggers read with locks, so a worker and a sponsored row for the same NIK written by
 * concurrent transactions still end flagged.
 */
export class SponsoredFlag1764000000300 implements MigrationInterface {
  name = 'SponsoredFlag1764000000300';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `workers` ADD `on_sponsored_list` tinyint NOT NULL DEFAULT 0');
    await q.query(
      'UPDATE workers w SET w.on_sponsored_list = 1 WHERE EXISTS (SELECT 1 FROM sponsored_coverage s WHERE s.nik = w.nik)',
    );
    await q.query(
      `CREATE TRIGGER workers_sponsored_flag BEFORE INSERT ON workers FOR EACH ROW
       BEGIN
         DECLARE n INT;
         SELECT COUNT(*) INTO n FROM sponsored_coverage WHERE nik = NEW.nik LOCK IN SHARE MODE;
         SET NEW.on_sponsored_list = IF(n > 0, 1, 0);
       END`,
    );
    await q.query(
      `CREATE TRIGGER sponsored_flag_insert AFTER INSERT ON sponsored_coverage FOR EACH ROW
         UPDATE workers SET on_sponsored_list = 1 WHERE nik = NEW.nik AND on_sponsored_list = 0`,
    );
    await q.query(
      `CREATE TRIGGER sponsored_flag_update AFTER UPDATE ON sponsored_coverage FOR EACH ROW
       BEGIN
         IF NOT (OLD.nik <=> NEW.nik) THEN
           UPDATE workers SET on_sponsored_list = 1 WHERE nik = NEW.nik;
           UPDATE workers SET on_sponsored_list = IF(EXISTS (SELECT 1 FROM sponsored_coverage s WHERE s.nik = OLD.nik), 1, 0)
            WHERE nik = OLD.nik;
         END IF;
       END`,
    );
    await q.query(
      `CREATE TRIGGER sponsored_flag_delete AFTER DELETE ON sponsored_coverage FOR EACH ROW
         UPDATE workers SET on_sponsored_list = IF(EXISTS (SELECT 1 FROM sponsored_coverage s WHERE s.nik = OLD.nik), 1, 0)
          WHERE nik = OLD.nik`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'sponsored_flag_delete',
      'sponsored_flag_update',
      'sponsored_flag_insert',
      'workers_sponsored_flag',
    ])
      await q.query(`DROP TRIGGER IF EXISTS ${t}`);
    await q.query('ALTER TABLE `workers` DROP COLUMN `on_sponsored_list`');
  }
}
