/** The one duplicate-key test: a unique index refused the row (mysql2's ER_DUP_ENTRY, raw or wrapped by TypeORM). */
export function isDuplicateKey(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } } | null | undefined;
  return err?.code === 'ER_DUP_ENTRY' || err?.driverError?.code === 'ER_DUP_ENTRY';
}
