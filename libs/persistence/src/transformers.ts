import { ValueTransformer } from 'typeorm';

/** JSON kept in a LONGTEXT column: portable across MySQL 8 and MariaDB (whose JSON is a LONGTEXT alias). */
export const jsonText: ValueTransformer = {
  to: (v: unknown) => (v === undefined ? undefined : v === null ? null : JSON.stringify(v)),
  from: (v: string | null) => (v === null || v === undefined ? null : (JSON.parse(v) as unknown)),
};

/** A list of codes kept as a comma-separated string ("JKK,JKM"). */
export const codeList: ValueTransformer = {
  to: (v: readonly string[] | null | undefined) => (v == null ? v : v.join(',')),
  from: (v: string | null) => (v == null ? null : v === '' ? [] : v.split(',')),
};

/** BIGINT/DECIMAL strings from mysql2 back to numbers (safe for our ranges). */
export const numeric: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v == null ? null : Number(v)),
};
