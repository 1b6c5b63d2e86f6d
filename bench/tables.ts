/** Scratch copies of the schema's tables for the write benches. */

/**
 * The `cases_names` insert trigger's statement (the `SQL Original Statement` of SHOW CREATE TRIGGER), renamed
 * `<table>_names` and put on `table`: a copy made with CREATE TABLE … LIKE gets the indexes but not the triggers.
 */
export function casesTriggerOn(statement: string, table: string): string {
  return statement
    .replace(/^CREATE\s+(DEFINER=\S+\s+)?TRIGGER\s+`?cases_names`?/i, `CREATE TRIGGER ${table}_names`)
    .replace(/\bON\s+`?cases`?\s/i, `ON ${table} `);
}
