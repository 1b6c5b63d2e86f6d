import { MigrationInterface, QueryRunner } from 'typeorm';

/** The one character set and collation of the schema: full Unicode, and the same on MariaDB 10.11 and MySQL 8. */
export const SCHEMA_CHARSET = 'utf8mb4';
export const SCHEMA_COLLATION = 'utf8mb4_unicode_ci';

/**
 * Pins the schema to utf8mb4 / utf8mb4_unicode_ci (issue #16, item 9). The first migrations inherited the
 * database's default, which is latin1 on a MariaDB or MySQL 5 server created without one: names with characters
 * outside latin1 would be refused or mangled. This sets the database default (so later CREATE TABLEs inherit it)
 * and converts every table, and every text column, that is not yet utf8mb4_unicode_ci. On a database already in
 * utf8mb4 (every one made by `npm run db:migrate`) it changes nothing.
 *
 * CONVERT TO widens TEXT columns (a latin1 `text` becomes `mediumtext` to hold as many characters); those are
 * set back to their declared type, so the schema still matches the entities. Down does nothing: converting back
 * could lose characters.
 */
export class Utf8mb41764000000940 implements MigrationInterface {
  name = 'Utf8mb41764000000940';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DATABASE CHARACTER SET ${SCHEMA_CHARSET} COLLATE ${SCHEMA_COLLATION}`);
    const tables = (await q.query(
      `SELECT t.table_name AS name FROM information_schema.tables t
        WHERE t.table_schema = DATABASE() AND t.table_type = 'BASE TABLE'
          AND (t.table_collation <> ? OR EXISTS (
                SELECT 1 FROM information_schema.columns c
                 WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name
                   AND c.collation_name IS NOT NULL AND c.collation_name <> ?))
        ORDER BY t.table_name`,
      [SCHEMA_COLLATION, SCHEMA_COLLATION],
    )) as { name: string }[];
    for (const { name } of tables) {
      const texts = (await q.query(
        `SELECT column_name AS c, column_type AS type, is_nullable AS nullable FROM information_schema.columns
          WHERE table_schema = DATABASE() AND table_name = ? AND data_type IN ('tinytext', 'text', 'mediumtext')`,
        [name],
      )) as { c: string; type: string; nullable: string }[];
      await q.query(
        `ALTER TABLE \`${name}\` CONVERT TO CHARACTER SET ${SCHEMA_CHARSET} COLLATE ${SCHEMA_COLLATION}`,
      );
      const now = (await q.query(
        `SELECT column_name AS c, column_type AS type FROM information_schema.columns
          WHERE table_schema = DATABASE() AND table_name = ?`,
        [name],
      )) as { c: string; type: string }[];
      for (const col of texts) {
        if (now.find((n) => n.c === col.c)?.type === col.type) continue;
        await q.query(
          `ALTER TABLE \`${name}\` MODIFY \`${col.c}\` ${col.type} CHARACTER SET ${SCHEMA_CHARSET} COLLATE ${SCHEMA_COLLATION} ${
            col.nullable === 'YES' ? 'NULL' : 'NOT NULL'
          }`,
        );
      }
    }
  }

  public async down(): Promise<void> {
    // Nothing: utf8mb4 holds everything latin1 did, and going back could lose characters.
  }
}
