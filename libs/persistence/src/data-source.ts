import { DataSource, DataSourceOptions } from 'typeorm';
import { mysqlConnectionOptions, parseDatabaseUrl } from '@patuh/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming';
import { MaskingOrmLogger } from './orm-logger';

/** TypeORM options for Patuh. Never `synchronize`: the schema is the migrations'. */
export function dataSourceOptions(
  databaseUrl: string,
  poolSize = 10,
  flavor: DbFlavor = 'mysql',
): DataSourceOptions {
  const c = parseDatabaseUrl(databaseUrl);
  return {
    type: flavor,
    host: c.host,
    port: c.port,
    username: c.username,
    password: c.password,
    database: c.database,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: ['DATE'],
    supportBigNumbers: true,
    bigNumberStrings: false,
    poolSize,
    logging: ['error'],
    logger: new MaskingOrmLogger(),
  };
}

export type DbFlavor = 'mysql' | 'mariadb';

/** Runs one statement on the server itself (no database selected), on a short-lived connection. */
async function onServer<T>(databaseUrl: string, sql: string): Promise<T> {
  const { createConnection } = await import('mysql2/promise');
  const conn = await createConnection(mysqlConnectionOptions(databaseUrl, { database: false }));
  try {
    const [rows] = await conn.query(sql);
    return rows as T;
  } finally {
    await conn.end();
  }
}

const quoted = (databaseUrl: string) => `\`${parseDatabaseUrl(databaseUrl).database.replace(/`/g, '')}\``;

/**
 * MySQL 8 or MariaDB 10.11: TypeORM reads column metadata differently on each (MariaDB reports nullable
 * defaults as the text NULL), so the driver must match the server or the schema looks drifted. Asked once.
 */
export async function detectFlavor(databaseUrl: string): Promise<DbFlavor> {
  const rows = await onServer<{ v: string }[]>(databaseUrl, 'SELECT VERSION() AS v');
  return /mariadb/i.test(String(rows[0]?.v)) ? 'mariadb' : 'mysql';
}

export async function createDataSource(databaseUrl: string, poolSize?: number): Promise<DataSource> {
  return new DataSource(dataSourceOptions(databaseUrl, poolSize, await detectFlavor(databaseUrl)));
}

/** CREATE DATABASE IF NOT EXISTS for the URL's database (utf8mb4), through a connection without a database. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  await onServer(
    databaseUrl,
    `CREATE DATABASE IF NOT EXISTS ${quoted(databaseUrl)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  await onServer(databaseUrl, `DROP DATABASE IF EXISTS ${quoted(databaseUrl)}`);
}

/** Creates the database if needed and applies pending migrations; returns the names applied. */
export async function migrateUp(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const ds = await createDataSource(databaseUrl, 2);
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
